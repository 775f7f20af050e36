-- An import looks up each row's content key and takes the oldest match
-- (ORDER BY created_at, id LIMIT 1). With the order in the index that is one
-- index seek, not a sort per row.
DROP INDEX figures_content_key;
CREATE INDEX figures_content_key ON figures (content_key, created_at, id);
DROP INDEX events_content_key;
CREATE INDEX events_content_key ON events (content_key, created_at, id);
