-- The sitemap index works out where each part of the article sitemap starts and when it last
-- changed in one pass over the live articles oldest first: with the last change in the index too,
-- that pass reads only the index (an index-only scan), not 100,000 rows of the table. The index
-- replaces article_live_idx, which had the same order without it.
CREATE INDEX article_live_sitemap_idx ON article (published_at, id) INCLUDE (updated_at)
  WHERE status = 'PUBLISHED' AND deleted_at IS NULL;
DROP INDEX article_live_idx;
-- Articles that were live and are not any more (withdrawn, unpublished, in the trash) keep their
-- place in that order: each moved every later article one place up when it went, so the parts from
-- its own on changed then. Few, and read off their own small index.
CREATE INDEX article_gone_idx ON article (published_at, id) INCLUDE (updated_at)
  WHERE published_at IS NOT NULL AND (status <> 'PUBLISHED' OR deleted_at IS NOT NULL);
