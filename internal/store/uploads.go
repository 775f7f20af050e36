package store

import (
	"context"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Upload is an import's files, kept between preview and confirmation.
type Upload struct {
	UserID      int64     `db:"user_id"`
	FiguresName string    `db:"figures_name"`
	Figures     []byte    `db:"figures"`
	EventsName  string    `db:"events_name"`
	Events      []byte    `db:"events"`
	CreatedAt   time.Time `db:"created_at"`
}

// uploadLife is how long an uploaded file waits for its confirmation.
const uploadLife = 2 * time.Hour

// SaveUpload keeps an upload under the hash of a token only its uploader
// holds, and clears out uploads nobody confirmed.
func (db *DB) SaveUpload(ctx context.Context, tokenHash string, u Upload) error {
	now := db.now().UTC()
	return db.writeTx(ctx, func(tx *sqlTx) error {
		if _, err := on(tx).exec(ctx, "DELETE FROM uploads WHERE created_at < ?", now.Add(-uploadLife)); err != nil {
			return err
		}
		_, err := on(tx).exec(ctx, `INSERT INTO uploads (token_hash, user_id, figures_name, figures, events_name, events, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash, u.UserID, u.FiguresName, u.Figures, u.EventsName, u.Events, now)
		return err
	})
}

// TakeUpload returns and deletes the upload of userID under tokenHash: an
// upload is imported once. ENOTFOUND when it is gone or too old.
func (db *DB) TakeUpload(ctx context.Context, tokenHash string, userID int64) (Upload, error) {
	// One statement reads and deletes, so that a double-clicked confirm
	// imports once.
	var u Upload
	err := db.writer().get(ctx, &u, `DELETE FROM uploads WHERE token_hash = ? AND user_id = ?
		RETURNING user_id, figures_name, figures, events_name, events, created_at`, tokenHash, userID)
	if err != nil {
		return Upload{}, notFound(err, "this upload has expired or was imported already; upload the file again")
	}
	if db.now().Sub(u.CreatedAt) > uploadLife {
		return Upload{}, domain.Errorf(domain.ENOTFOUND, "this upload has expired; upload the file again")
	}
	return u, nil
}
