-- "Read more" takes its tag candidates from each tag's newest articles (highest ids first) instead
-- of every article that ever carried the tag: at 100,000 articles a common tag has thousands.
CREATE INDEX article_tag_tag_article_idx ON article_tag (tag_id, article_id DESC);
DROP INDEX article_tag_tag_idx;
