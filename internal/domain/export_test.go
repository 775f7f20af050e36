package domain

// MaxFactPairs exposes maxFactPairs to the external tests.
const MaxFactPairs = maxFactPairs

// CheckExcerptCounting exposes checkExcerpt, which counts its steps.
func CheckExcerptCounting(excerpt, text string, work *int) ExcerptCheck {
	return checkExcerpt(excerpt, text, work)
}
