-- Each attempt to fetch a source (issue 17): when, and what came of it —
-- a copy saved, the same bytes again, or why nothing was kept (refused,
-- gone, too large, throttled, no network). A source that could not be
-- fetched is tried again later, less often after each failure.
CREATE TABLE source_checks (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES sources (id),
    checked_at TIMESTAMP NOT NULL,
    outcome    TEXT NOT NULL,
    status     INTEGER NOT NULL DEFAULT 0,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX source_checks_by_source ON source_checks (source_id, checked_at, id);
