// Package importer runs an import of canonical CSV files into the store in
// one transaction: everything or nothing. The CLI, the demo loader and
// (later) the staff upload page all go through Run.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/displacement-tracker/tracker/data"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Input names the files of one import. Figures or Events may be nil.
type Input struct {
	Figures     io.Reader
	FiguresName string
	Events      io.Reader
	EventsName  string
	// Organizations, when set, is an organisations CSV
	// (exchange.OrganizationColumns) loaded before the other files: the
	// curated organisations their words name, with their aliases.
	Organizations     io.Reader
	OrganizationsName string
	// CreateOrganizations creates an organisation (kind other) for any
	// attribution or publisher words that name none, instead of refusing
	// the row: tracker import --create-organizations, and the demo data.
	CreateOrganizations bool
	// Names are a person's answers for words that named no organisation
	// in an earlier preview of the same files: applied in the import's
	// transaction before its rows, so that they are written with the
	// rows or not at all.
	Names []Name
}

// Run imports in as actor. When any row has a problem nothing is written,
// and the returned report lists every problem with exchange.ErrRejected.
func Run(ctx context.Context, db *store.DB, actor string, in Input, opt exchange.Options) (exchange.Report, error) {
	var rep exchange.Report
	err := db.InImportTx(ctx, actor, func(tx *store.ImportTx) error {
		var err error
		rep, err = runIn(ctx, tx, in, opt)
		return err
	})
	if err != nil {
		return rep, err
	}
	// Many new rows leave the planner's statistics behind. The import is
	// committed whatever happens here; stale statistics only make some
	// reads slower until the server's hourly refresh, so an error is not
	// the import's.
	if changed := rep.Figures.Created + rep.Figures.Updated + rep.Events.Created + rep.Events.Updated; changed >= optimizeAfter {
		_ = db.Optimize(ctx)
	}
	return rep, nil
}

// optimizeAfter is how many changed rows make an import refresh the
// planner's statistics.
const optimizeAfter = 1000

// errPreview rolls back a preview's transaction.
var errPreview = errors.New("preview only")

// Preview runs the import exactly as Run would, in a transaction that is
// always rolled back: the report says what Run would do, and every problem.
//
// A preview also warns of the rows like figures the tracker already holds,
// or like an earlier row of the file (held.go): the report's Held rows,
// which the import takes all the same.
func Preview(ctx context.Context, db *store.DB, actor string, in Input, opt exchange.Options) (exchange.Report, error) {
	var rep exchange.Report
	var rows []enteredRow
	watchFigures(&opt, &rows)
	err := db.InImportTx(ctx, actor, func(tx *store.ImportTx) error {
		var err error
		rep, err = runIn(ctx, tx, in, opt)
		if err != nil && !errors.Is(err, exchange.ErrRejected) {
			return err
		}
		return errPreview
	})
	if !errors.Is(err, errPreview) {
		return rep, err
	}
	if err := rep.Err(); err != nil {
		return rep, err // the problems first; the warnings come with the file that has none
	}
	if err := addHeld(ctx, db, in.FiguresName, rows, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// runIn reads the files into tx: organisations, then figures, then
// events, so that an event may link to a series the same import creates.
// (A bad events file is therefore found after the figures are read; the
// transaction keeps nothing of either.)
func runIn(ctx context.Context, tx *store.ImportTx, in Input, opt exchange.Options) (rep exchange.Report, _ error) {
	var loaded []domain.OrgRef
	if in.Organizations != nil {
		rows, err := exchange.ReadOrganizations(in.Organizations, in.OrganizationsName)
		var probs exchange.LineErrors
		if errors.As(err, &probs) {
			rep.Problems = probs
			return rep, rep.Err()
		}
		if err != nil {
			return rep, err
		}
		loaded, probs, err = loadOrganizations(ctx, tx, rows, in.OrganizationsName)
		if err != nil {
			return rep, err
		}
		if len(probs) > 0 {
			rep.Problems = probs
			return rep, rep.Err()
		}
	}
	failed, created, err := applyNames(ctx, tx, in.Names)
	if err != nil {
		return rep, err
	}
	if in.CreateOrganizations {
		tx.CreateMissingOrganizations()
	}
	defer func() {
		rep.CreatedOrgs = append(append(loaded, created...), tx.CreatedOrganizations()...)
		for i := range rep.Unresolved {
			rep.Unresolved[i].Problem = failed[rep.Unresolved[i].Key()]
		}
	}()
	var errs []error
	// Figures first: an event may link to a series that the figures file
	// creates.
	if in.Figures != nil {
		o := opt
		o.File = in.FiguresName
		errs = append(errs, exchange.ImportFigures(ctx, in.Figures, tx, o, &rep))
	}
	if in.Events != nil {
		o := opt
		o.File = in.EventsName
		errs = append(errs, exchange.ImportEvents(ctx, in.Events, tx, o, &rep))
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, exchange.ErrRejected) {
			return rep, err
		}
	}
	return rep, rep.Err()
}

// DemoActor is the actor recorded in the demo dataset's revisions.
const DemoActor = "system:demo"

// LoadDemo imports the embedded demo dataset through Run, exactly as a
// user's file would be: its curated organisations first, so that every
// spelling in its figures and events resolves to one organisation each.
func LoadDemo(ctx context.Context, db *store.DB) (exchange.Report, error) {
	var in Input
	for _, f := range []struct {
		name string
		r    *io.Reader
	}{{"demo/organizations.csv", &in.Organizations}, {"demo/figures.csv", &in.Figures}, {"demo/events.csv", &in.Events}} {
		file, err := data.Demo.Open(f.name)
		if err != nil {
			return exchange.Report{}, fmt.Errorf("demo: %w", err)
		}
		defer file.Close()
		*f.r = file
	}
	in.OrganizationsName, in.FiguresName, in.EventsName = "demo/organizations.csv", "demo/figures.csv", "demo/events.csv"
	rep, err := Run(ctx, db, DemoActor, in, exchange.Options{})
	if err != nil {
		return rep, fmt.Errorf("demo: %w\n%v%v", err, rep.Problems, rep.Unresolved)
	}
	return rep, nil
}
