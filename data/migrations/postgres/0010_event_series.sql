-- An event applies to a series through its countries (domain.EventApplies)
-- or through an explicit link that staff set when the countries say too
-- little (an event with no country, a global policy). The links are series
-- slugs joined by ';', as the events CSV writes them and as countries are
-- kept: an event is read whole with its links, and the store checks that
-- each slug names a series when the event is written.
ALTER TABLE events ADD COLUMN series TEXT NOT NULL DEFAULT '';

DROP VIEW public_events;
DROP VIEW event_rows;
CREATE VIEW event_rows AS
SELECT e.id, e.date, e.end_date, e.title, e.kind, e.countries, e.series, e.excerpt, e.status, e.status_reason,
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
