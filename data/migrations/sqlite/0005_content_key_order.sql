-- An import looks up each row's content key and takes the oldest match
-- (ORDER BY created_at, id LIMIT 1). With the order in the index that is one
-- index seek, not a sort per row.
DROP INDEX figures_content_key;
CREATE INDEX figures_content_key ON figures (content_key, created_at, id);
DROP INDEX events_content_key;
CREATE INDEX events_content_key ON events (content_key, created_at, id);

-- Exports read every published figure in (series slug, as_of, id) order.
-- With id in the index, and series read first, that order comes from the
-- indexes instead of a sort of a million rows before the first one is sent.
DROP INDEX figures_series_status_as_of;
CREATE INDEX figures_series_status_as_of ON figures (series_id, status, as_of, id);

-- public_figures_by_series is public_figures (the same columns, published
-- rows only) for reads in series order.
-- CROSS JOIN makes SQLite walk the series by slug and each series' figures
-- by the index below, whatever its statistics say: without it, a small or
-- freshly imported database sorts every figure before the first row.
CREATE VIEW public_figures_by_series AS
SELECT f.id, s.slug AS series_slug, f.series_id, s.title AS series_title, s.population_group, s.measure,
       s.unit, s.from_iso3, s.to_iso3, f.value, f.qualifier, f.value_low, f.value_high,
       f.value_as_stated, f.period_start, f.period_end, f.as_of, f.excerpt, f.locator, f.notes,
       f.status, f.status_reason, f.version, f.created_by, f.updated_by, f.created_at, f.updated_at,
       f.reviewed_by, f.reviewed_at,
       a.name AS attributed_to,
       src.id AS source_id, src.title AS source_title, p.name AS source_publisher, src.url AS source_url,
       src.published_on AS source_published, src.accessed_on AS source_accessed,
       src.archive_url, src.licence, src.doc_type, src.language
FROM series s CROSS JOIN figures f ON f.series_id = s.id
JOIN organizations a ON a.id = f.attributed_to
JOIN sources src ON src.id = f.source_id
JOIN organizations p ON p.id = src.publisher_id
WHERE f.status = 'published';
