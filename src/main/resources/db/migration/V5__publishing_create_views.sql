-- Page views per article per day: an aggregate number only, nothing about readers.
CREATE TABLE article_daily_views (
  article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  day        DATE NOT NULL,
  views      BIGINT NOT NULL,
  PRIMARY KEY (article_id, day)
);
CREATE INDEX article_daily_views_day_idx ON article_daily_views (day);
