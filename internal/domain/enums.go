package domain

import (
	"slices"
	"strings"
)

// OrgKind is what sort of body an Organization is.
type OrgKind string

// Organization kinds.
const (
	OrgUNAgency   OrgKind = "un_agency"
	OrgGovernment OrgKind = "government"
	OrgNGO        OrgKind = "ngo"
	OrgMedia      OrgKind = "media"
	OrgResearch   OrgKind = "research"
	OrgOther      OrgKind = "other"
)

// OrgKinds lists the valid organization kinds.
var OrgKinds = []OrgKind{OrgUNAgency, OrgGovernment, OrgNGO, OrgMedia, OrgResearch, OrgOther}

// DocType is what kind of document a Source is.
type DocType string

// Document types.
var DocTypes = []DocType{"report", "flash_update", "dataset", "news", "statement", "social_post"}

// PopulationGroup is who a Series counts.
type PopulationGroup string

// PopulationGroups lists the valid population groups.
var PopulationGroups = []PopulationGroup{"returnees", "deportees", "refugees", "idps", "asylum_seekers", "migrants", "casualties", "other"}

// Measure says how a Series counts.
type Measure string

// Measures. A stock is a count as of a date, a flow a count during a period,
// a cumulative figure a running total since a fixed start date.
const (
	MeasureStock      Measure = "stock"
	MeasureFlow       Measure = "flow"
	MeasureCumulative Measure = "cumulative"
)

// Measures lists the valid measures.
var Measures = []Measure{MeasureStock, MeasureFlow, MeasureCumulative}

// Unit is what a Series counts in.
type Unit string

// Units lists the valid units.
var Units = []Unit{"persons", "households", "deaths", "events"}

// Qualifier is how exact a published value is.
type Qualifier string

// Qualifiers.
const (
	Exact    Qualifier = "exact"
	Approx   Qualifier = "approx"
	AtLeast  Qualifier = "at_least"
	MoreThan Qualifier = "more_than"
	AtMost   Qualifier = "at_most"
	LessThan Qualifier = "less_than"
	Range    Qualifier = "range"
)

// Qualifiers lists the valid qualifiers.
var Qualifiers = []Qualifier{Exact, Approx, AtLeast, MoreThan, AtMost, LessThan, Range}

// Words is how the qualifier reads before a number: "nearly", "at least".
func (q Qualifier) Words() string {
	switch q {
	case Approx:
		return "about"
	case AtLeast:
		return "at least"
	case MoreThan:
		return "more than"
	case AtMost:
		return "at most"
	case LessThan:
		return "less than"
	case Range:
		return "between"
	}
	return ""
}

// ClaimMark is a reviewer's judgement of one claim among those about the
// same fact (docs/disagreements.md).
type ClaimMark string

// Claim marks. A preferred claim is the fact's headline, shown with its
// reason; a deprecated claim (superseded, known wrong) stays visible and
// cited, is drawn distinctly, and is never a headline or a finding.
const (
	MarkNone       ClaimMark = ""
	MarkPreferred  ClaimMark = "preferred"
	MarkDeprecated ClaimMark = "deprecated"
)

// ClaimMarks lists the marks a reviewer can propose; MarkNone (written
// "none" in forms) takes a mark away.
var ClaimMarks = []ClaimMark{MarkPreferred, MarkDeprecated}

// Status is where a figure or event stands in review.
type Status string

// Statuses. Only published rows reach the public.
const (
	StatusDraft     Status = "draft"
	StatusInReview  Status = "in_review"
	StatusPublished Status = "published"
	StatusRetracted Status = "retracted"
)

// Statuses lists the valid statuses.
var Statuses = []Status{StatusDraft, StatusInReview, StatusPublished, StatusRetracted}

// EventKind is what sort of dated event an Event is.
type EventKind string

// EventKinds lists the valid event kinds.
var EventKinds = []EventKind{"deadline", "policy", "visit", "operation", "other"}

// Action is what a Revision records.
type Action string

// Actions.
const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionSubmit  Action = "submit"
	ActionApprove Action = "approve"
	ActionReject  Action = "reject"
	ActionPublish Action = "publish"
	ActionRetract Action = "retract"
	ActionImport  Action = "import"
)

// Actions lists the valid revision actions.
var Actions = []Action{ActionCreate, ActionUpdate, ActionSubmit, ActionApprove, ActionReject, ActionPublish, ActionRetract, ActionImport}

// valid reports whether v is one of allowed.
func valid[T ~string](v T, allowed []T) bool { return slices.Contains(allowed, v) }

// oneOf writes the allowed values for an error message: "stock, flow or cumulative".
func oneOf[T ~string](allowed []T) string {
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = string(a)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// checkEnum adds a problem when v is not one of allowed.
func checkEnum[T ~string](p *Problems, field string, v T, allowed []T) {
	switch {
	case v == "":
		p.Add(field, "is required; use one of %s", oneOf(allowed))
	case !valid(v, allowed):
		p.Add(field, "%q is not known; use one of %s", string(v), oneOf(allowed))
	}
}
