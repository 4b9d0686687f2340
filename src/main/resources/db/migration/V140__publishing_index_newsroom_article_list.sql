-- The newsroom's article list shows the newest first by the time that matters for each article
-- (published, else scheduled, else last edited). Without an index in that order every page sorted
-- the whole archive: 0.9 s for the first page at 100,000 articles, 3 s for page 2,000.
CREATE INDEX article_newsroom_order_idx
  ON article ((coalesce(published_at, publish_at, updated_at)) DESC, id DESC)
  WHERE deleted_at IS NULL;
