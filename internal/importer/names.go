package importer

import (
	"context"
	"fmt"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Name is a person's answer for words that name no organisation known
// here: either they are another spelling of organisation OrgID, or they
// name a new organisation, New. Either way the words without a trailing
// remark (exchange.AliasOf) are kept as an alias, so that the next file
// with them resolves with no question asked.
type Name struct {
	Words string // as a file states them
	OrgID int64  // the words name this organisation; or 0 and New
	New   domain.Organization
}

// applyNames applies every answer in tx before the rows are read. An
// answer that cannot be applied (its organisation is gone, the new name
// already names another) is left out: its words stay unresolved, and the
// reason is returned by their key for the report to show.
func applyNames(ctx context.Context, tx *store.ImportTx, names []Name) (map[string]string, []domain.OrgRef, error) {
	failed := map[string]string{}
	var created []domain.OrgRef
	for _, n := range names {
		alias := exchange.AliasOf(n.Words)
		if domain.OrgKey(alias) == "" {
			continue
		}
		err := applyName(ctx, tx, n, alias, &created)
		switch domain.ErrorCode(err) {
		case "":
		case domain.EINTERNAL:
			return nil, nil, fmt.Errorf("organisation for %q: %w", n.Words, err)
		default:
			failed[exchange.NameKey(n.Words)] = domain.ErrorMessage(err)
		}
	}
	return failed, created, nil
}

func applyName(ctx context.Context, tx *store.ImportTx, n Name, alias string, created *[]domain.OrgRef) error {
	r, err := tx.ResolveAttribution(ctx, alias)
	if err != nil {
		return err
	}
	if !r.Unresolved && len(r.IDs) == 1 && (n.OrgID == 0 || r.IDs[0] == n.OrgID) {
		return nil // answered already, in this run or by someone else since
	}
	if n.OrgID != 0 {
		return tx.AddAlias(ctx, n.OrgID, alias)
	}
	o := n.New
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		o.Name = alias
	}
	if domain.OrgKey(o.Name) != domain.OrgKey(alias) {
		o.Aliases = append(o.Aliases, alias)
	}
	o, err = tx.CreateOrganization(ctx, o)
	if err != nil {
		return err
	}
	*created = append(*created, o.Ref())
	return nil
}
