// Package exchange reads and writes Displacement Tracker's one exchange
// format, the canonical figures CSV (and its events companion), and runs
// imports through any store that implements ImportStore. It depends on the
// domain only; the store is handed in.
package exchange
