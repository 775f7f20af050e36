package charts

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Figures are drawn per organisation, not per spelling: the words a source
// used ("UNHCR (Geneva press briefing)") stay with the figure and are told
// in the text alternative, while the line, the legend entry, the colour and
// the marker belong to the organisation the words resolve to.
//
// A figure's group is, in this order: its organisations (Figure.Orgs; a
// joint report is one group, "IOM & UNHCR"); its source's publisher
// (Source.PublisherOrg) when the words name nobody; else the words
// themselves, as before organisations were records, so that callers that
// fill neither still draw.

// group is who a figure is drawn under.
type group struct {
	key   string // identity: "o:12", "o:3+12" (a joint report), "w:<words>"
	label string // what the legend says
	id    int64  // the organisation's ID for a group of one organisation, else 0
}

// groupOf finds the group of one figure.
func groupOf(f *domain.Figure) group {
	if g, ok := orgsGroup(f.Orgs); ok {
		return g
	}
	if p := f.Source.PublisherOrg; p != (domain.OrgRef{}) {
		if g, ok := orgsGroup([]domain.OrgRef{p}); ok {
			return g
		}
	}
	name := clean(cmp.Or(strings.TrimSpace(f.AttributedTo), strings.TrimSpace(f.Source.Publisher), "Unknown"))
	return group{key: "w:" + name, label: name}
}

// orgsGroup is the group of a set of organisations, each once, whatever the
// order the words named them in. ok is false when refs name nobody.
func orgsGroup(refs []domain.OrgRef) (group, bool) {
	if len(refs) == 1 && refs[0].ID != 0 { // the common case, once per figure: no sorting
		return group{key: "o:" + strconv.FormatInt(refs[0].ID, 10), label: orgLabel(refs[0]), id: refs[0].ID}, true
	}
	type member struct{ key, label string }
	var ms []member
	var id int64
	for _, r := range refs {
		label := orgLabel(r)
		m := member{key: strconv.FormatInt(r.ID, 10), label: label}
		if r.ID == 0 {
			if domain.OrgKey(label) == "" {
				continue // a zero OrgRef: nobody
			}
			m.key = "n" + domain.OrgKey(label) // a reference not yet stored: its name is all it has
		}
		if !slices.ContainsFunc(ms, func(o member) bool { return o.key == m.key }) {
			ms, id = append(ms, m), r.ID
		}
	}
	if len(ms) == 0 {
		return group{}, false
	}
	if len(ms) > 1 {
		id = 0
	}
	slices.SortFunc(ms, func(a, b member) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.label), strings.ToLower(b.label)), cmp.Compare(a.key, b.key))
	})
	keys, labels := make([]string, len(ms)), make([]string, len(ms))
	for i, m := range ms {
		labels[i] = m.label
		keys[i] = m.key
	}
	slices.Sort(keys) // the identity does not depend on how names sort
	return group{key: "o:" + strings.Join(keys, "+"), label: strings.Join(labels, " & "), id: id}, true
}

// orgLabel is an organisation's name in a legend: its acronym, else its name.
func orgLabel(r domain.OrgRef) string {
	l := strings.TrimSpace(r.Label())
	if l == "" {
		l = strings.TrimSpace(r.Name)
	}
	if l == "" {
		l = strings.TrimSpace(r.Slug)
	}
	if l == "" && r.ID != 0 {
		l = "organisation " + strconv.FormatInt(r.ID, 10)
	}
	return clean(l)
}

// slots is how many (colour, marker) pairs there are.
var slots = len(palette) * len(orgShapes)

// naturalSlot is where a group's colour and marker come from when nothing
// else in the chart has them: its organisation's ID (IDs 1 to slots each get
// a pair of their own), or, for a group without one (a joint report, words
// only), a stable hash of its key.
func naturalSlot(g group) int {
	if g.id > 0 {
		return int((g.id - 1) % int64(slots))
	}
	h := fnv.New32a()
	h.Write([]byte(g.key))
	return int(h.Sum32() % uint32(slots))
}

// slotColour and slotShape turn a slot into a colour and a marker. The
// marker moves with the colour (slot mod N) as well as with the round
// (slot / N), so that organisations with neighbouring IDs differ in both:
// a reader who cannot tell two colours apart still sees two shapes. As M
// divides N, the pairs of slots 0 to N×M-1 are all different.
func slotColour(s int) int { return s % len(palette) }
func slotShape(s int) shape {
	return orgShapes[(s%len(palette)+s/len(palette))%len(orgShapes)]
}

// assignStyles gives each group of one chart its colour and marker. Each
// takes its natural slot; two groups that want the same slot, which for
// organisations happens only when their IDs differ by a multiple of N×M
// (a database of more than N×M organisations), are settled in a fixed
// order: organisations by ID, then the other groups by slot and key; the
// later one moves to the next free slot. So an organisation keeps its pair
// in every chart unless one of those few others is in it too, and two
// groups of one chart never share both colour and marker, until a chart
// holds more than N×M groups, when pairs must repeat.
func assignStyles(pubs []*publisher) {
	order := slices.Clone(pubs)
	slices.SortStableFunc(order, func(a, b *publisher) int {
		if (a.id > 0) != (b.id > 0) {
			if a.id > 0 {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(naturalSlot(a.group), naturalSlot(b.group)), cmp.Compare(a.key, b.key))
	})
	used := make([]bool, slots)
	for i, p := range order {
		s := naturalSlot(p.group)
		if i < slots {
			for used[s] {
				s = (s + 1) % slots
			}
		}
		used[s] = true
		p.color, p.shape = palette[slotColour(s)], slotShape(s)
	}
}
