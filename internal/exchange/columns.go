package exchange

// Column is one column of a canonical CSV.
type Column struct {
	Name       string
	HXL        string
	Required   bool // on import
	ExportOnly bool // written by exports, ignored by imports
}

// FigureColumns are the canonical figures CSV's columns in the order exports
// write them (DESIGN.md, "The canonical figures CSV").
var FigureColumns = []Column{
	{Name: "figure_id", HXL: "#meta+id"},
	{Name: "series", HXL: "#indicator+code", Required: true},
	{Name: "series_title", HXL: "#indicator+name"},
	{Name: "population_group", HXL: "#population_group+code"},
	{Name: "measure", HXL: "#indicator+type"},
	{Name: "unit", HXL: "#indicator+unit+code", Required: true},
	{Name: "from_iso3", HXL: "#country+code+origin"},
	{Name: "to_iso3", HXL: "#country+code+dest"},
	{Name: "period_start", HXL: "#date+start"},
	{Name: "period_end", HXL: "#date+end", Required: true},
	{Name: "value", HXL: "#indicator+value+num", Required: true},
	{Name: "qualifier", HXL: "#indicator+qualifier"},
	{Name: "value_low", HXL: "#indicator+value+low+num"},
	{Name: "value_high", HXL: "#indicator+value+high+num"},
	{Name: "value_as_stated", HXL: "#indicator+value+text"},
	{Name: "attributed_to", HXL: "#org+name", Required: true},
	// The organisations the attribution resolves to. The HXL core schema's
	// #org attributes (+name, +code, +type, +url, and the roles +funder,
	// +impl, +prog) have none for "the record, not the words", and
	// attributed_to is already #org+name: +canonical, a custom attribute
	// as HXL allows, tells the two columns apart.
	{Name: "organizations", HXL: "#org+name+canonical"},
	{Name: "source_publisher", HXL: "#meta+source", Required: true},
	{Name: "source_title", HXL: "#meta+source+title", Required: true},
	{Name: "source_url", HXL: "#meta+url", Required: true},
	{Name: "source_published", HXL: "#date+reported"},
	{Name: "source_accessed", HXL: "#date+accessed"},
	{Name: "archive_url", HXL: "#meta+url+archive"},
	{Name: "licence", HXL: "#meta+licence"},
	{Name: "excerpt", HXL: "#description+quote", Required: true},
	{Name: "notes", HXL: "#description+notes"},
	{Name: "status", HXL: "#status", ExportOnly: true},
	{Name: "permalink", HXL: "#meta+url+permalink", ExportOnly: true},
	{Name: "citation", HXL: "#meta+citation", ExportOnly: true},
	// A reviewer's mark on the claim among the others about its fact
	// (preferred or deprecated) and why. Export only, like status: a mark
	// is a reviewed (four-eyes) action that an import cannot bypass, so
	// the importer accepts these columns and ignores them.
	{Name: "claim_mark", HXL: "#meta+mark", ExportOnly: true},
	{Name: "claim_mark_reason", HXL: "#meta+mark+reason", ExportOnly: true},
	// The evidence columns (EvidenceColumns), export only like status.
	EvidenceColumns[0], EvidenceColumns[1], EvidenceColumns[2],
}

// EvidenceColumns close the figures and the events files: whether the
// excerpt was found in the latest saved copy of the source, and that
// copy's time and hash (issue 17). They are export only, like status: the
// check is made by the server against the copy it keeps, so an import
// accepts and ignores them. Tags: the HXL core schema has no hashtag for
// a verification; #status is the figures file's review status, and
// +quote ties this one to the excerpt (#description+quote). The copy is
// one of the source's: its time is a #date beside the source's
// #date+reported and #date+accessed, with a custom +saved as HXL allows,
// and its hash a #meta of the source like #meta+source+title.
var EvidenceColumns = []Column{
	{Name: "excerpt_status", HXL: "#status+quote", ExportOnly: true},
	{Name: "source_saved_at", HXL: "#date+saved", ExportOnly: true},
	{Name: "source_sha256", HXL: "#meta+source+sha256", ExportOnly: true},
}

// EventColumns are the events CSV's columns. DESIGN.md names the columns;
// the hashtags follow the figures file's choices for the shared ones.
var EventColumns = []Column{
	{Name: "event_id", HXL: "#meta+id"},
	{Name: "date", HXL: "#date", Required: true},
	{Name: "end_date", HXL: "#date+end"},
	{Name: "title", HXL: "#description+title", Required: true},
	{Name: "kind", HXL: "#description+type", Required: true},
	{Name: "countries", HXL: "#country+code"},
	// Series the event is linked to by hand, beyond its countries
	// (domain.EventApplies): slugs separated by ";", tagged as the figures
	// file tags its series column.
	{Name: "series", HXL: "#indicator+code"},
	{Name: "source_publisher", HXL: "#meta+source", Required: true},
	{Name: "source_title", HXL: "#meta+source+title", Required: true},
	{Name: "source_url", HXL: "#meta+url", Required: true},
	{Name: "source_published", HXL: "#date+reported"},
	{Name: "excerpt", HXL: "#description+quote", Required: true},
	EvidenceColumns[0], EvidenceColumns[1], EvidenceColumns[2],
}
