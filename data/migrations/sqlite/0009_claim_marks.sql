-- A reviewer's judgement of one claim among those about the same fact
-- (issue 15): preferred, with the reason it is the one to headline, or
-- deprecated (superseded, known wrong), with the reason. One column, so a
-- claim cannot be both. It is set only by a proposal that a second person
-- approves (store/figure_marks.go); who proposed it (marked_by) and who
-- approved it (mark_approved_by) are shown with the reason.
ALTER TABLE figures ADD COLUMN mark TEXT NOT NULL DEFAULT '' CHECK (mark IN ('', 'preferred', 'deprecated'));
ALTER TABLE figures ADD COLUMN mark_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN marked_by TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN mark_approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN marked_at TIMESTAMP;

-- A mark waits here for a second person. mark '' proposes removing the
-- mark; base_version is the figure's version when it was proposed, so an
-- approval after the figure changed is refused. One pending proposal per
-- figure: two would race to set one field.
CREATE TABLE figure_mark_proposals (
    id            INTEGER PRIMARY KEY,
    figure_id     TEXT NOT NULL REFERENCES figures (id),
    base_version  INTEGER NOT NULL,
    mark          TEXT NOT NULL CHECK (mark IN ('', 'preferred', 'deprecated')),
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('proposed','applied','rejected')),
    proposed_by   TEXT NOT NULL,
    proposed_at   TIMESTAMP NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX figure_mark_proposals_status ON figure_mark_proposals (status, id);
CREATE INDEX figure_mark_proposals_figure ON figure_mark_proposals (figure_id, id);
CREATE UNIQUE INDEX figure_mark_proposals_pending ON figure_mark_proposals (figure_id) WHERE status = 'proposed';

-- The views carry the mark beside the figure's other columns: read from
-- the figures row they already visit, so an export costs no extra join.
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
       f.mark, f.mark_reason, f.marked_by, f.mark_approved_by, f.marked_at,
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
