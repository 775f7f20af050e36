package domain

import "slices"

// EventApplies reports whether event e belongs on the chart and page of
// series s. The rule, in order:
//
//   - an explicit link applies: e.Series names s.Slug;
//   - a cross-border series (FromISO3 and ToISO3 both set and different):
//     the event names both ends, or names exactly one country and it is one
//     of the two ends. "Pakistan announces IFRP" (PAK) applies to PAK→AFG;
//     an IRN;AFG deadline does not (it is about the other corridor), nor
//     does an IRN deadline;
//   - a series of one country (one of FromISO3 and ToISO3 set, or both the
//     same: in-country, or from or to anywhere): the event names that one
//     country alone, or among three or more (a regional response plan, a
//     declaration with its mediators), so a PAK;AFG deportation deadline
//     does not apply to Pakistani security deaths, and SDN;TCD;EGY;ETH's
//     refugee response plan applies to Sudan's displacement;
//   - a series with no country, and an event with no country: explicit
//     links only.
//
// Sharing some country is not enough: a corridor's events are about the
// movement between its two ends, and a country's events about that
// country alone. An event that should appear beyond this rule is linked
// by hand.
func EventApplies(e Event, s Series) bool {
	if slices.Contains(e.Series, s.Slug) {
		return true
	}
	names := distinctCountries(e.Countries)
	if len(names) == 0 {
		return false
	}
	from, to := s.FromISO3, s.ToISO3
	switch {
	case from != "" && to != "" && from != to:
		if slices.Contains(names, from) && slices.Contains(names, to) {
			return true
		}
		return len(names) == 1 && (names[0] == from || names[0] == to)
	case from != "" || to != "":
		one := from
		if one == "" {
			one = to
		}
		// Its own country alone, or among a region's (three countries or
		// more: a regional response plan, a declaration with mediators):
		// a pair of countries is a corridor's, not this series'.
		return (len(names) == 1 || len(names) >= regionalEvent) && slices.Contains(names, one)
	}
	return false
}

// regionalEvent is the fewest countries an event names to be regional:
// it applies to a series of one of them (EventApplies).
const regionalEvent = 3

// distinctCountries is codes without blanks or repeats.
func distinctCountries(codes []string) []string {
	var out []string
	for _, c := range codes {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
