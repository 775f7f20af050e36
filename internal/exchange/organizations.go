package exchange

import (
	"errors"
	"io"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// OrganizationColumns are the columns of an organisations CSV: the
// organisations a dataset names, curated, loaded before its figures so
// that every spelling resolves to one organisation.
var OrganizationColumns = []Column{
	{Name: "name", HXL: "#org+name", Required: true},
	{Name: "acronym", HXL: "#org+acronym"},
	{Name: "kind", HXL: "#org+type", Required: true},
	{Name: "country", HXL: "#country+code"},
	{Name: "parent", HXL: "#org+name+parent"},
	{Name: "url", HXL: "#meta+url"},
	{Name: "aliases", HXL: "#org+name+alias"},
}

// OrgRow is one row of an organisations CSV: the organisation, and its
// parent's name (a row above, or an organisation already known).
type OrgRow struct {
	Line   int
	Org    domain.Organization
	Parent string
}

// ReadOrganizations reads an organisations CSV, whose aliases are
// separated by ";". Every problem is returned as LineErrors naming file.
func ReadOrganizations(in io.Reader, file string) ([]OrgRow, error) {
	t, probs := newTable(in, OrganizationColumns)
	var rows []OrgRow
	for t != nil {
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var le LineError
			if errors.As(err, &le) {
				probs = append(probs, le)
			} else {
				probs = append(probs, LineError{Line: r.line, Message: err.Error()})
			}
			break
		}
		o := domain.Organization{Name: r.get("name"), Acronym: r.get("acronym"), Kind: domain.OrgKind(r.get("kind")),
			Country: strings.ToUpper(r.get("country")), URL: r.get("url")}
		for _, a := range strings.Split(r.get("aliases"), ";") {
			if a = strings.TrimSpace(a); a != "" {
				o.Aliases = append(o.Aliases, a)
			}
		}
		if err := o.Validate(); err != nil {
			probs = append(probs, lineErrors(r.line, err)...)
			continue
		}
		rows = append(rows, OrgRow{Line: r.line, Org: o, Parent: r.get("parent")})
	}
	for i := range probs {
		probs[i].File = file
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return rows, nil
}
