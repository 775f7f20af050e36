package cite

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// writeRIS writes r as one RIS record of type DATA: a tag line "XX  - value"
// per value, CRLF line ends as the RIS specification requires, ending with
// "ER  - ". Values are single lines already (see oneLine); empty ones are
// left out. Organisations are AU lines (see risOrganisation); dates are
// YYYY/MM/DD with as many parts as they are precise.
func writeRIS(b *bytes.Buffer, r record) {
	tag := func(t, v string) {
		if v != "" {
			fmt.Fprintf(b, "%s  - %s\r\n", t, v)
		}
	}
	tag("TY", "DATA")
	tag("ID", r.key)
	for _, a := range r.authors {
		tag("AU", risOrganisation(a))
	}
	if r.others {
		tag("AU", "others")
	}
	tag("TI", r.title)
	tag("T2", r.container)
	tag("PB", r.publisher)
	if !r.issued.IsZero() {
		tag("PY", strconv.Itoa(r.issued.Year))
		tag("DA", risDate(r.issued))
	}
	tag("UR", r.url)
	tag("Y2", risDate(r.accessed))
	tag("N1", r.note)
	b.WriteString("ER  - \r\n")
}

// risOrganisation writes an organisation as one RIS name. RIS has no tag
// for a corporate author, and readers split an AU value at its commas into
// family name, given name and suffix: citation.js read "UNHCR (Geneva press
// briefing, A. Jamal)" as family "UNHCR (Geneva press briefing", given "A.
// Jamal)". Without a comma it stays one name (citation.js: a literal name;
// Zotero: a single-field creator), so the organisation's commas are
// written as semicolons, which keep them apart as the commas did.
func risOrganisation(name string) string {
	return strings.ReplaceAll(name, ",", ";")
}

// risDate writes d as RIS dates are written: "2025", "2025/04", "2025/04/20";
// the zero Date gives "".
func risDate(d domain.Date) string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d/%02d", d.Year, int(d.Month))
	}
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, int(d.Month), d.Day)
}
