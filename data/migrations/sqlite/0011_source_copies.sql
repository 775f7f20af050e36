-- Saved copies of sources (issue 17): each fetch of a source's URL that
-- returned a document keeps it as served, immutably: the bytes, their
-- SHA-256, the content type and charset, the final URL after redirects,
-- the HTTP status and the time, and the readable text extracted from it.
-- A fetch that returns the same bytes as the source's latest copy adds no
-- row. Copies live in the database so that every app server sees them.
CREATE TABLE source_copies (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    charset      TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    body         BLOB NOT NULL,
    text         TEXT NOT NULL DEFAULT '',
    fetched_at   TIMESTAMP NOT NULL
);
CREATE INDEX source_copies_by_source ON source_copies (source_id, fetched_at, id);
