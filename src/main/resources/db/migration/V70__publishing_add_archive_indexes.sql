-- Reader lists at ten years of archive (100,000 articles): every list reads its page straight off
-- an index in its own order, newest first with the id as tie-breaker, and deep pages seek to their
-- first row instead of walking past the ones before it.
CREATE INDEX article_live_language_idx ON article (language, published_at DESC, id DESC)
  WHERE status = 'PUBLISHED' AND deleted_at IS NULL;
CREATE INDEX article_live_section_idx ON article (section_id, language, published_at DESC, id DESC)
  WHERE status = 'PUBLISHED' AND deleted_at IS NULL;
-- Sitemaps list every live article oldest first (parts that only grow at the end), both languages.
CREATE INDEX article_live_idx ON article (published_at, id)
  WHERE status = 'PUBLISHED' AND deleted_at IS NULL;
-- Translations are looked up by the article they translate.
CREATE INDEX article_translation_idx ON article (translation_id) WHERE translation_id IS NOT NULL;
