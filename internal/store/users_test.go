package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

var policy = store.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}

func TestUsersAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "cli:test", domain.User{Email: "Ed@Example.org", Name: "Ed", Role: domain.RoleEditor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, "cli:test", domain.User{Email: "ed@example.org", Name: "Ed 2", Role: domain.RoleEditor}, "h"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("second account for the same email (other case): %v, want a conflict", err)
		}
		if _, err := db.CreateUser(ctx, "cli:test", domain.User{Email: "not an email", Name: "", Role: "boss"}, "h"); len(domain.FieldProblems(err)) != 3 {
			t.Errorf("invalid user: %v, want problems with email, name and role", err)
		}
		got, hash, err := db.UserByEmail(ctx, "ed@example.ORG")
		if err != nil || got.ID != u.ID || hash != "hash" {
			t.Fatalf("UserByEmail: %+v %q %v", got, hash, err)
		}

		if err := db.CreateSession(ctx, u.ID, "tok1", policy); err != nil {
			t.Fatal(err)
		}
		if su, err := db.SessionUser(ctx, "tok1", policy); err != nil || su.Email != "Ed@Example.org" {
			t.Fatalf("SessionUser: %+v %v", su, err)
		}
		if _, err := db.SessionUser(ctx, "nope", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("unknown token: %v", err)
		}
		// Idle and absolute limits.
		if _, err := db.SessionUser(ctx, "tok1", store.SessionPolicy{Idle: -time.Second, Absolute: time.Hour}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("idle session still works: %v", err)
		}
		if _, err := db.SessionUser(ctx, "tok1", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("an ended session came back: %v", err)
		}
		db.CreateSession(ctx, u.ID, "tok2", store.SessionPolicy{Idle: time.Hour, Absolute: -time.Second})
		if _, err := db.SessionUser(ctx, "tok2", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("expired session still works: %v", err)
		}
		// Disabling ends sessions.
		db.CreateSession(ctx, u.ID, "tok3", policy)
		if err := db.SetUserDisabled(ctx, "cli:test", u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "tok3", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("disabled user's session still works: %v", err)
		}
		db.SetUserDisabled(ctx, "cli:test", u.ID, false)
		db.CreateSession(ctx, u.ID, "tok4", policy)
		if err := db.DeleteSession(ctx, "tok4"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "tok4", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("signed-out session still works: %v", err)
		}
	})
}

func TestSignInReservations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		limits := []store.SignInLimit{{Key: "ip:192.0.2.1", Limit: 3}, {Key: "email:ada@example.org"}}
		var kept []int64
		for i := range 3 {
			r, err := db.ReserveSignIn(ctx, limits, time.Hour)
			if err != nil || r.Wait != 0 || len(r.IDs) != 2 || r.Counts[0] != i+1 || r.Counts[1] != i+1 {
				t.Fatalf("attempt %d: %+v, %v", i+1, r, err)
			}
			kept = r.IDs
		}
		r, err := db.ReserveSignIn(ctx, limits, time.Hour)
		if err != nil || r.Wait <= 0 || r.Wait > time.Hour || len(r.IDs) != 0 {
			t.Fatalf("over the limit: %+v, %v", r, err)
		}
		// A refused attempt records nothing; a forgiven one frees its place.
		if err := db.ForgiveSignIn(ctx, kept); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.ReserveSignIn(ctx, limits, time.Hour); r.Wait != 0 || r.Counts[0] != 3 || r.Counts[1] != 3 {
			t.Errorf("after forgiving one: %+v", r)
		}
		if r, _ := db.ReserveSignIn(ctx, []store.SignInLimit{{Key: "ip:192.0.2.2", Limit: 3}}, time.Hour); r.Counts[0] != 1 {
			t.Errorf("another key counts %v", r.Counts)
		}
		db.ClearLoginFailures(ctx, "ip:192.0.2.1")
		if r, _ := db.ReserveSignIn(ctx, limits, time.Hour); r.Wait != 0 || r.Counts[0] != 1 {
			t.Errorf("after clearing: %+v", r)
		}
	})
}

// Concurrent attempts must not all count below the limit and pass: the
// outside test saw 40 at once get 39 checks against a limit of five.
func TestSignInReservationsAreAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		limits := []store.SignInLimit{{Key: "pair:ada@example.org 192.0.2.9", Limit: 5}, {Key: "ip:192.0.2.9", Limit: 20},
			{Key: "email:ada@example.org"}}
		var mu sync.Mutex
		reserved, refused := 0, 0
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				r, err := db.ReserveSignIn(ctx, limits, time.Hour)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					t.Error(err)
				case r.Wait > 0:
					refused++
				default:
					reserved++
				}
			})
		}
		wg.Wait()
		if reserved != 5 || refused != 35 {
			t.Errorf("40 concurrent attempts: %d reserved, %d refused; want 5 and 35", reserved, refused)
		}
	})
}

// A request's session touch must not wait for the writer an import holds.
func TestSessionTouchDoesNotWaitForTheWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "cli:test", domain.User{Email: "ed@example.org", Name: "Ed", Role: domain.RoleEditor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, u.ID, "tok", policy); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", time.Now().UTC().Add(-10*time.Minute), "tok"); err != nil {
			t.Fatal(err)
		}
		held, release := make(chan struct{}), make(chan struct{})
		go db.InTx(ctx, "importer", func(*store.Tx) error {
			close(held)
			<-release
			return errors.New("rolled back")
		})
		<-held
		got := make(chan error, 1)
		go func() {
			_, err := db.SessionUser(ctx, "tok", policy)
			got <- err
		}()
		select {
		case err := <-got:
			if err != nil {
				t.Errorf("SessionUser while the writer is held: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("SessionUser waited for the transaction holding the writer")
		}
		close(release)
	})
}

// Account changes name who made them: the review rule reads the account's
// creator and last changer, and the history keeps every change.
func TestUserChangesAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "boss@example.org", domain.User{Email: "rev@example.org", Name: "Rev", Role: domain.RoleEditor}, "h")
		if err != nil {
			t.Fatal(err)
		}
		steps := []error{db.SetUserRole(ctx, "boss@example.org", u.ID, domain.RoleReviewer), db.SetUserDisabled(ctx, "other@example.org", u.ID, true),
			db.SetUserDisabled(ctx, "other@example.org", u.ID, false), db.SetUserPassword(ctx, "third@example.org", u.ID, "h2")}
		if err := errors.Join(steps...); err != nil {
			t.Fatal(err)
		}
		got, err := db.UserByID(ctx, u.ID)
		if err != nil || got.CreatedBy != "boss@example.org" || got.ChangedBy != "third@example.org" || got.Role != domain.RoleReviewer {
			t.Errorf("account after changes: %+v, %v", got, err)
		}
		revs, err := db.UserRevisions(ctx, u.ID)
		want := []string{"create boss@example.org editor 0", "role boss@example.org reviewer 0", "disable other@example.org reviewer 1",
			"enable other@example.org reviewer 0", "password third@example.org reviewer 0"}
		if err != nil || len(revs) != len(want) {
			t.Fatalf("revisions: %+v, %v", revs, err)
		}
		for i, r := range revs {
			if s := r.Action + " " + r.Actor + " " + r.Role + " " + strconv.Itoa(r.Disabled); s != want[i] || r.At.IsZero() {
				t.Errorf("revision %d: %q at %v, want %q", i, s, r.At, want[i])
			}
		}
		if err := db.SetUserRole(ctx, "", u.ID, domain.RoleAdmin); err == nil {
			t.Error("a change without an actor was accepted")
		}
		if err := db.SetUserRole(ctx, "boss@example.org", 9999, domain.RoleAdmin); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("changing no account: %v", err)
		}
		if err := db.ExecForTest(ctx, "UPDATE user_revisions SET actor = 'nobody'"); err == nil {
			t.Error("a user revision was rewritten")
		}
	})
}
