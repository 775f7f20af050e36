-- Kept excerpt checks (issue 17). Downloads and the API carry each
-- figure's and event's excerpt_status, and an export streams up to millions
-- of rows: the status is computed once, when the excerpt or the copy
-- changes (internal/evidence), kept here, and joined, never computed per
-- row at export time.
--
-- A check is of one excerpt, as it was written, against one saved copy.
-- The key holds the excerpt (by its SHA-256, computed by the store) and
-- not only the figure: a published figure with a pending edit has two
-- excerpts, the public one in figures and the draft's in figure_edits,
-- and both are checked without one overwriting the other. The views below
-- join on the public row's excerpt text and the source's latest copy, so a
-- check is current only when both still match; anything else reads as
-- unchecked.
CREATE TABLE excerpt_checks (
    kind           TEXT NOT NULL CHECK (kind IN ('figure', 'event')),
    item_id        TEXT NOT NULL,
    copy_id        INTEGER NOT NULL REFERENCES source_copies (id),
    excerpt_sha256 TEXT NOT NULL,
    excerpt        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('found', 'nearly_found', 'not_found', 'unchecked')),
    differences    TEXT NOT NULL DEFAULT '',
    checked_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, item_id, copy_id, excerpt_sha256)
) WITHOUT ROWID; -- the key is the table: one seek per exported row, not two
-- Status unchecked is kept too: a copy with no readable text (a scanned
-- PDF) has nothing to check against, and the checker must not list the
-- same excerpts again every round.
-- The export join looks a row up by (kind, item_id, copy_id) and compares
-- the excerpt: the primary key's prefix serves it.

-- The latest saved copy of each source, kept by a trigger on every saved
-- copy (whoever saves it), so that the export join finds it by key instead
-- of ordering a source's copies for every row: a copy row carries the
-- document's bytes, and reading a column after them walks their overflow
-- pages.
CREATE TABLE source_latest_copies (
    source_id  INTEGER PRIMARY KEY REFERENCES sources (id),
    copy_id    INTEGER NOT NULL REFERENCES source_copies (id),
    sha256     TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL
);
INSERT INTO source_latest_copies (source_id, copy_id, sha256, fetched_at)
SELECT c.source_id, c.id, c.sha256, c.fetched_at FROM source_copies c
WHERE c.id = (SELECT d.id FROM source_copies d WHERE d.source_id = c.source_id ORDER BY d.fetched_at DESC, d.id DESC LIMIT 1);
CREATE TRIGGER source_copies_latest AFTER INSERT ON source_copies
BEGIN
    REPLACE INTO source_latest_copies (source_id, copy_id, sha256, fetched_at)
    SELECT source_id, id, sha256, fetched_at FROM source_copies
    WHERE source_id = NEW.source_id ORDER BY fetched_at DESC, id DESC LIMIT 1;
END;

-- The views carry the latest copy's time and hash and the kept status of
-- the row's own excerpt against it.
DROP VIEW public_figures_by_series;
DROP VIEW visible_figures;
DROP VIEW public_figures;
DROP VIEW figure_rows;
CREATE VIEW figure_rows AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       f.mark, f.mark_reason, f.marked_by, f.mark_approved_by, f.marked_at,
       f.attributed_as AS attributed_to,
       COALESCE((SELECT group_concat(ref, char(30)) FROM (SELECT o.id || char(31) || o.slug || char(31) || o.name || char(31) || o.acronym AS ref
        FROM figure_orgs fo INDEXED BY figure_orgs_position JOIN organizations o ON o.id = fo.organization_id WHERE fo.figure_id = f.id ORDER BY fo.position)), '') AS org_refs,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name,
       lc.fetched_at AS source_saved_at, COALESCE(lc.sha256, '') AS source_sha256,
       COALESCE(xc.status, 'unchecked') AS excerpt_status
FROM figures f
JOIN series s ON s.id = f.series_id
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id
LEFT JOIN source_latest_copies lc ON lc.source_id = f.source_id
LEFT JOIN excerpt_checks xc ON xc.kind = 'figure' AND xc.item_id = f.id AND xc.copy_id = lc.copy_id AND xc.excerpt = f.excerpt;
CREATE VIEW public_figures AS SELECT * FROM figure_rows WHERE status = 'published';
CREATE VIEW visible_figures AS SELECT * FROM figure_rows WHERE status IN ('published', 'retracted');
CREATE VIEW public_figures_by_series AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       f.mark, f.mark_reason, f.marked_by, f.mark_approved_by, f.marked_at,
       f.attributed_as AS attributed_to,
       COALESCE((SELECT group_concat(ref, char(30)) FROM (SELECT o.id || char(31) || o.slug || char(31) || o.name || char(31) || o.acronym AS ref
        FROM figure_orgs fo INDEXED BY figure_orgs_position JOIN organizations o ON o.id = fo.organization_id WHERE fo.figure_id = f.id ORDER BY fo.position)), '') AS org_refs,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name,
       lc.fetched_at AS source_saved_at, COALESCE(lc.sha256, '') AS source_sha256,
       COALESCE(xc.status, 'unchecked') AS excerpt_status
FROM series s CROSS JOIN figures f ON f.series_id = s.id
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id
LEFT JOIN source_latest_copies lc ON lc.source_id = f.source_id
LEFT JOIN excerpt_checks xc ON xc.kind = 'figure' AND xc.item_id = f.id AND xc.copy_id = lc.copy_id AND xc.excerpt = f.excerpt
WHERE f.status = 'published';

DROP VIEW public_events;
DROP VIEW event_rows;
CREATE VIEW event_rows AS
SELECT e.id, e.date, e.end_date, e.title, e.kind, e.countries, e.series, e.excerpt, e.status, e.status_reason,
       e.version, e.created_by, e.updated_by, e.created_at, e.updated_at,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name,
       lc.fetched_at AS source_saved_at, COALESCE(lc.sha256, '') AS source_sha256,
       COALESCE(xc.status, 'unchecked') AS excerpt_status
FROM events e
JOIN sources src ON src.id = e.source_id
JOIN organizations p ON p.id = src.publisher_id
LEFT JOIN source_latest_copies lc ON lc.source_id = e.source_id
LEFT JOIN excerpt_checks xc ON xc.kind = 'event' AND xc.item_id = e.id AND xc.copy_id = lc.copy_id AND xc.excerpt = e.excerpt;
CREATE VIEW public_events AS SELECT * FROM event_rows WHERE status = 'published';
