-- The core schema. Dates from sources are stored as TEXT in the form the source
-- gave (YYYY, YYYY-MM or YYYY-MM-DD) so that nothing is invented on a round
-- trip; as_of is the last day that period_end covers, kept for ordering.

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    acronym    TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT 'other'
               CHECK (kind IN ('un_agency','government','ngo','media','research','other')),
    url        TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    publisher_id INTEGER NOT NULL REFERENCES organizations (id),
    published_on TEXT NOT NULL DEFAULT '',
    accessed_on  TEXT NOT NULL DEFAULT '',
    archive_url  TEXT NOT NULL DEFAULT '',
    licence      TEXT NOT NULL DEFAULT '',
    doc_type     TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE series (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    population_group TEXT NOT NULL
                     CHECK (population_group IN ('returnees','deportees','refugees','idps','asylum_seekers','migrants','casualties','other')),
    measure          TEXT NOT NULL CHECK (measure IN ('stock','flow','cumulative')),
    unit             TEXT NOT NULL CHECK (unit IN ('persons','households','deaths','events')),
    from_iso3        TEXT NOT NULL DEFAULT '',
    to_iso3          TEXT NOT NULL DEFAULT '',
    location         TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE figures (
    id              TEXT PRIMARY KEY,
    series_id       INTEGER NOT NULL REFERENCES series (id),
    value           REAL NOT NULL CHECK (value >= 0),
    qualifier       TEXT NOT NULL
                    CHECK (qualifier IN ('exact','approx','at_least','more_than','at_most','less_than','range')),
    value_low       REAL,
    value_high      REAL,
    value_as_stated TEXT NOT NULL DEFAULT '',
    period_start    TEXT NOT NULL DEFAULT '',
    period_end      TEXT NOT NULL,
    as_of           TEXT NOT NULL,
    source_id       INTEGER NOT NULL REFERENCES sources (id),
    attributed_to   INTEGER NOT NULL REFERENCES organizations (id),
    excerpt         TEXT NOT NULL CHECK (excerpt <> ''),
    locator         TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('draft','in_review','published','retracted')),
    status_reason   TEXT NOT NULL DEFAULT '',
    -- content_key is a hash of what makes two rows the same figure; re-importing
    -- a file finds the figures it already created through it.
    content_key     TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (qualifier <> 'range' OR (value_low IS NOT NULL AND value_high IS NOT NULL AND value_low <= value AND value <= value_high))
);
-- Covers the public series page: one series, published, in date order.
CREATE INDEX figures_series_status_as_of ON figures (series_id, status, as_of);
CREATE INDEX figures_content_key ON figures (content_key);
CREATE INDEX figures_source ON figures (source_id);

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    date        TEXT NOT NULL,
    end_date    TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('deadline','policy','visit','operation','other')),
    countries   TEXT NOT NULL DEFAULT '', -- ISO3 codes joined by ';', as in the CSV
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    excerpt     TEXT NOT NULL CHECK (excerpt <> ''),
    status      TEXT NOT NULL CHECK (status IN ('draft','in_review','published','retracted')),
    status_reason TEXT NOT NULL DEFAULT '',
    content_key TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX events_date ON events (status, date);
CREATE INDEX events_content_key ON events (content_key);

-- Revisions are the record of every change. They are appended in the same
-- transaction as the change and never updated or deleted: the triggers make
-- that a database rule, not only an application habit.
CREATE TABLE revisions (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL CHECK (entity IN ('organization','source','series','figure','event')),
    entity_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','submit','approve','reject','publish','retract','import')),
    actor     TEXT NOT NULL,
    at        TIMESTAMP NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    snapshot  TEXT NOT NULL,
    UNIQUE (entity, entity_id, version)
);
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: DELETE is not allowed');
END;

-- dataset_version is bumped by every publish, retraction and import; it keys
-- cached charts and exports and is the ETag of public responses.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('dataset_version', 1);

-- figure_rows and event_rows join each row to its series, source and
-- organizations; staff reads use them directly.
CREATE VIEW figure_rows AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       a.name AS attributed_to,
       src.id AS source_id, src.title AS source_title, p.name AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language
FROM figures f
JOIN series s ON s.id = f.series_id
JOIN organizations a ON a.id = f.attributed_to
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id;

CREATE VIEW event_rows AS
SELECT e.id, e.date, e.end_date, e.title, e.kind, e.countries, e.excerpt, e.status, e.status_reason,
       e.version, e.created_by, e.updated_by, e.created_at, e.updated_at,
       src.id AS source_id, src.title AS source_title, p.name AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language
FROM events e
JOIN sources src ON src.id = e.source_id
JOIN organizations p ON p.id = src.publisher_id;

-- The only door the public side reads through: a draft cannot leak by a
-- forgotten WHERE.
CREATE VIEW public_figures AS SELECT * FROM figure_rows WHERE status = 'published';
CREATE VIEW public_events AS SELECT * FROM event_rows WHERE status = 'published';
