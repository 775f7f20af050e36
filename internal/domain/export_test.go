package domain

// MaxFactPairs exposes maxFactPairs to the external tests.
const MaxFactPairs = maxFactPairs
