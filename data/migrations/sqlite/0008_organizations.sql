-- Organisations become records that every spelling resolves to.
--
-- A figure keeps the words its source used (attributed_as: "UNHCR (Geneva
-- press briefing)") and points at the organisations they name through
-- figure_orgs (a joint report names several; "(not stated)" names none).
-- figures.attributed_to stays, NOT NULL as before, holding the first
-- organisation or, when the words name none, the source's publisher: it is
-- no longer read; figure_orgs is the attribution.
--
-- Every existing attribution string was already its own organisation; each
-- keeps its organisation and becomes that organisation's first alias, so
-- nothing is merged without a person. The alias keys (domain.OrgKey) are
-- computed by the store right after this script, in the same transaction.

ALTER TABLE organizations ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN parent_id INTEGER REFERENCES organizations (id);
ALTER TABLE organizations ADD COLUMN merged_into INTEGER REFERENCES organizations (id);

CREATE TABLE organization_aliases (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    alias           TEXT NOT NULL,
    key             TEXT NOT NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (organization_id, alias)
);
CREATE INDEX organization_aliases_key ON organization_aliases (key);
INSERT INTO organization_aliases (organization_id, alias, key, created_by, created_at)
SELECT id, name, '', '', created_at FROM organizations;
INSERT INTO organization_aliases (organization_id, alias, key, created_by, created_at)
SELECT id, acronym, '', '', created_at FROM organizations WHERE acronym <> '' AND acronym <> name;

ALTER TABLE figures ADD COLUMN attributed_as TEXT NOT NULL DEFAULT '';
UPDATE figures SET attributed_as = (SELECT o.name FROM organizations o WHERE o.id = figures.attributed_to);

CREATE TABLE figure_orgs (
    figure_id       TEXT NOT NULL REFERENCES figures (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (figure_id, organization_id)
);
CREATE INDEX figure_orgs_org ON figure_orgs (organization_id, figure_id);
-- The views read a figure's organisations through this index: in the
-- words' order, so that org_refs's ordered subquery sorts nothing,
-- and without a visit to the table, which it covers.
CREATE INDEX figure_orgs_position ON figure_orgs (figure_id, position, organization_id);
INSERT INTO figure_orgs (figure_id, organization_id, position) SELECT id, attributed_to, 0 FROM figures;

-- A document's publisher is an organisation too; the words the row gave
-- ("Reuters (DT Next)": Reuters, printed by DT Next) stay what the public
-- reads, as attribution words do.
ALTER TABLE sources ADD COLUMN publisher_as TEXT NOT NULL DEFAULT '';
UPDATE sources SET publisher_as = (SELECT o.name FROM organizations o WHERE o.id = sources.publisher_id);

-- A pending edit names its organisations the same way.
ALTER TABLE figure_edits ADD COLUMN attributed_as TEXT NOT NULL DEFAULT '';
UPDATE figure_edits SET attributed_as = (SELECT o.name FROM organizations o WHERE o.id = figure_edits.attributed_to);
CREATE TABLE figure_edit_orgs (
    figure_id       TEXT NOT NULL REFERENCES figure_edits (figure_id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (figure_id, organization_id)
);
INSERT INTO figure_edit_orgs (figure_id, organization_id, position) SELECT figure_id, attributed_to, 0 FROM figure_edits;

-- A merge is proposed by one person and applied when another approves it.
CREATE TABLE organization_merges (
    id            INTEGER PRIMARY KEY,
    from_id       INTEGER NOT NULL REFERENCES organizations (id),
    into_id       INTEGER NOT NULL REFERENCES organizations (id),
    status        TEXT NOT NULL CHECK (status IN ('proposed','applied','rejected')),
    reason        TEXT NOT NULL DEFAULT '',
    proposed_by   TEXT NOT NULL,
    proposed_at   TIMESTAMP NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organization_merges_status ON organization_merges (status, id);

-- Changes to the record of an organisation the public sees, waiting for a
-- second person (store/organizations_changes.go): kind 'update' proposes
-- name, acronym, kind, country, parent_id and url; 'remove_alias' an alias
-- to remove. proposed is that JSON; base_version the version it was made
-- against, so that an approval after another change is refused.
CREATE TABLE organization_changes (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    base_version    INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('update','remove_alias')),
    proposed        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('proposed','applied','rejected')),
    reason          TEXT NOT NULL DEFAULT '',
    proposed_by     TEXT NOT NULL,
    proposed_at     TIMESTAMP NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMP,
    decision_note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organization_changes_status ON organization_changes (status, id);
CREATE INDEX organization_changes_org ON organization_changes (organization_id, status);

-- The views read the words and the organisations; org_refs packs each
-- organisation as id, slug, name and acronym (unit separator between
-- fields, record separator between organisations), in the words' order.
-- (group_concat over an ordered subquery, not group_concat(… ORDER BY …),
-- which only SQLite 3.44 and later can read: an operator's older sqlite3
-- shell must still open the file.) figure_orgs_position gives that order
-- without a sort for every figure of an export, and without a visit to the
-- table, which it covers: 100,000 figures exported to CSV took 1.6 s of CPU
-- with the sort, 1.35 s without (release 7, before organisations: 0.95 s).
DROP VIEW public_figures_by_series;
DROP VIEW visible_figures;
DROP VIEW public_figures;
DROP VIEW figure_rows;
DROP VIEW public_events;
DROP VIEW event_rows;
CREATE VIEW figure_rows AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       f.attributed_as AS attributed_to,
       COALESCE((SELECT group_concat(ref, char(30)) FROM (SELECT o.id || char(31) || o.slug || char(31) || o.name || char(31) || o.acronym AS ref
        FROM figure_orgs fo INDEXED BY figure_orgs_position JOIN organizations o ON o.id = fo.organization_id WHERE fo.figure_id = f.id ORDER BY fo.position)), '') AS org_refs,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name
FROM figures f
JOIN series s ON s.id = f.series_id
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id;
CREATE VIEW public_figures AS SELECT * FROM figure_rows WHERE status = 'published';
CREATE VIEW visible_figures AS SELECT * FROM figure_rows WHERE status IN ('published', 'retracted');
CREATE VIEW public_figures_by_series AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       f.attributed_as AS attributed_to,
       COALESCE((SELECT group_concat(ref, char(30)) FROM (SELECT o.id || char(31) || o.slug || char(31) || o.name || char(31) || o.acronym AS ref
        FROM figure_orgs fo INDEXED BY figure_orgs_position JOIN organizations o ON o.id = fo.organization_id WHERE fo.figure_id = f.id ORDER BY fo.position)), '') AS org_refs,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name
FROM series s CROSS JOIN figures f ON f.series_id = s.id
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id
WHERE f.status = 'published';
CREATE VIEW event_rows AS
SELECT e.id, e.date, e.end_date, e.title, e.kind, e.countries, e.excerpt, e.status, e.status_reason,
       e.version, e.created_by, e.updated_by, e.created_at, e.updated_at,
       src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language,
       p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
       p.name AS source_publisher_name
FROM events e
JOIN sources src ON src.id = e.source_id
JOIN organizations p ON p.id = src.publisher_id;
CREATE VIEW public_events AS SELECT * FROM event_rows WHERE status = 'published';
