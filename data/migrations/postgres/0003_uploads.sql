-- Files uploaded for an import wait here between the preview and the
-- confirmation, so that any app server can finish what another began.
CREATE TABLE uploads (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    figures_name TEXT NOT NULL DEFAULT '',
    figures      BYTEA,
    events_name  TEXT NOT NULL DEFAULT '',
    events       BYTEA,
    created_at   TIMESTAMPTZ NOT NULL
);
