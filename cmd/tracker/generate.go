package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/displacement-tracker/tracker/internal/synth"
)

// generateCmd writes a synthetic dataset in the canonical CSV format, for
// benchmarks and load tests: tracker generate --figures N --series M.
func generateCmd(fs *flag.FlagSet) action {
	figures := fs.Int("figures", 10_000, "rows (`N`) in the figures CSV")
	series := fs.Int("series", 100, "series (`M`) the figures spread over")
	seed := fs.Uint64("seed", 1, "the same seed (`S`) makes the same data")
	out := fs.String("out", "", "figures CSV (`FILE`) to write; default: standard output")
	events := fs.Int("events", 0, "rows (`K`) in the events CSV (needs --events-out)")
	eventsOut := fs.String("events-out", "", "events CSV (`FILE`) to write")
	return func(_ context.Context, env environment, _ []string) error {
		switch {
		case *figures < 0:
			return fmt.Errorf("--figures %d: give zero or more", *figures)
		case *series < 1:
			return fmt.Errorf("--series %d: give one or more", *series)
		case *events < 0:
			return fmt.Errorf("--events %d: give zero or more", *events)
		case *events > 0 && *eventsOut == "":
			return fmt.Errorf("--events %d needs --events-out FILE", *events)
		}
		cfg := synth.Config{Figures: *figures, Series: *series, Events: *events, Seed: *seed}
		if err := writeOut(env, *out, func(w io.Writer) error { return synth.Figures(w, cfg) }); err != nil {
			return err
		}
		if *eventsOut != "" {
			return writeOut(env, *eventsOut, func(w io.Writer) error { return synth.Events(w, cfg) })
		}
		return nil
	}

}
