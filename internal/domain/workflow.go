package domain

// Transition returns the status a figure or event moves to when action is
// taken in status from, or ECONFLICT when the workflow does not allow it:
//
//	draft --submit--> in_review --approve--> published --retract--> retracted
//	                  in_review --reject---> draft
func Transition(from Status, action Action) (Status, error) {
	switch {
	case action == ActionSubmit && from == StatusDraft:
		return StatusInReview, nil
	case action == ActionApprove && from == StatusInReview:
		return StatusPublished, nil
	case action == ActionReject && from == StatusInReview:
		return StatusDraft, nil
	case action == ActionRetract && from == StatusPublished:
		return StatusRetracted, nil
	}
	return from, Errorf(ECONFLICT, "cannot %s a figure that is %s", action, words(from))
}

func words(s Status) string {
	if s == StatusInReview {
		return "in review"
	}
	return string(s)
}
