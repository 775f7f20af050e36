-- Staff accounts, sessions and the review workflow.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('editor','reviewer','admin')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- Sessions live in the database so that several app servers share them.
-- Only a hash of the token is stored: a copy of this table opens no session.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, per account and per client address, for throttling.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

-- A pending change to a published figure. The figures row keeps the
-- published version, which the public goes on seeing, until a reviewer
-- approves this one.
CREATE TABLE figure_edits (
    figure_id       TEXT PRIMARY KEY REFERENCES figures (id),
    series_id       INTEGER NOT NULL REFERENCES series (id),
    value           REAL NOT NULL CHECK (value >= 0),
    qualifier       TEXT NOT NULL,
    value_low       REAL,
    value_high      REAL,
    value_as_stated TEXT NOT NULL DEFAULT '',
    period_start    TEXT NOT NULL DEFAULT '',
    period_end      TEXT NOT NULL,
    source_id       INTEGER NOT NULL REFERENCES sources (id),
    attributed_to   INTEGER NOT NULL REFERENCES organizations (id),
    excerpt         TEXT NOT NULL CHECK (excerpt <> ''),
    locator         TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('draft','in_review')),
    status_reason   TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Who approved the published version, and when.
ALTER TABLE figures ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN reviewed_at TIMESTAMP;

-- The views gain the review columns; a retracted figure keeps its public
-- page (visible_figures) but leaves charts and exports (public_figures).
DROP VIEW public_figures;
DROP VIEW figure_rows;
CREATE VIEW figure_rows AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       a.name AS attributed_to,
       src.id AS source_id, src.title AS source_title, p.name AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language
FROM figures f
JOIN series s ON s.id = f.series_id
JOIN organizations a ON a.id = f.attributed_to
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id;
CREATE VIEW public_figures AS SELECT * FROM figure_rows WHERE status = 'published';
CREATE VIEW visible_figures AS SELECT * FROM figure_rows WHERE status IN ('published', 'retracted');
