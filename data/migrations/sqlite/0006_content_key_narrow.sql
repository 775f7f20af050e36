-- The content-key index is the one large index an import writes at random
-- places (the key is a hash). With created_at and id in it, it was about
-- 100 bytes an entry, 100 MB for a million figures, more than the writer's
-- page cache: an import of a million rows spent its time evicting and
-- rereading its pages. The key alone halves it. Matches are almost always
-- zero or one, so the store picks the oldest of them itself.
DROP INDEX figures_content_key;
CREATE INDEX figures_content_key ON figures (content_key);
DROP INDEX events_content_key;
CREATE INDEX events_content_key ON events (content_key);
