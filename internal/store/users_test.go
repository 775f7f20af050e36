package store_test

import (
	"context"
	"errors"
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
		u, err := db.CreateUser(ctx, domain.User{Email: "Ed@Example.org", Name: "Ed", Role: domain.RoleEditor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, domain.User{Email: "ed@example.org", Name: "Ed 2", Role: domain.RoleEditor}, "h"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("second account for the same email (other case): %v, want a conflict", err)
		}
		if _, err := db.CreateUser(ctx, domain.User{Email: "not an email", Name: "", Role: "boss"}, "h"); len(domain.FieldProblems(err)) != 3 {
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
		if err := db.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "tok3", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("disabled user's session still works: %v", err)
		}
		db.SetUserDisabled(ctx, u.ID, false)
		db.CreateSession(ctx, u.ID, "tok4", policy)
		if err := db.DeleteSession(ctx, "tok4"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "tok4", policy); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("signed-out session still works: %v", err)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now().Add(-time.Minute)
		for range 3 {
			if err := db.RecordLoginFailure(ctx, "ip:192.0.2.1"); err != nil {
				t.Fatal(err)
			}
		}
		n, oldest, err := db.LoginFailures(ctx, "ip:192.0.2.1", start)
		if err != nil || n != 3 || oldest.Before(start) || oldest.After(time.Now().Add(time.Second)) {
			t.Errorf("LoginFailures = %d, %v, %v", n, oldest, err)
		}
		if n, _, _ := db.LoginFailures(ctx, "ip:192.0.2.2", start); n != 0 {
			t.Errorf("another key has %d failures", n)
		}
		db.ClearLoginFailures(ctx, "ip:192.0.2.1")
		if n, _, _ := db.LoginFailures(ctx, "ip:192.0.2.1", start); n != 0 {
			t.Errorf("%d failures after clearing", n)
		}
	})
}

// A request's session touch must not wait for the writer an import holds.
func TestSessionTouchDoesNotWaitForTheWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, domain.User{Email: "ed@example.org", Name: "Ed", Role: domain.RoleEditor}, "hash")
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
