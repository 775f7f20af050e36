-- Files uploaded for an import wait here between the preview and the
-- confirmation, so that any app server can finish what another began.
CREATE TABLE uploads (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    figures_name TEXT NOT NULL DEFAULT '',
    figures      BLOB,
    events_name  TEXT NOT NULL DEFAULT '',
    events       BLOB,
    created_at   TIMESTAMP NOT NULL
);
