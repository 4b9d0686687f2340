-- Reader search: one weighted document per article, kept up to date by PostgreSQL itself.
-- Headline A, standfirst B, body C; stemmed in the article's own language. The config is a
-- constant in each branch of the CASE, so the expression is immutable, as a generated column needs.
ALTER TABLE article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(CASE language WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END, headline), 'A')
  || setweight(to_tsvector(CASE language WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END, standfirst), 'B')
  || setweight(to_tsvector(CASE language WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END, body_markdown), 'C')
) STORED;

-- Only live articles are ever searched, so only they are indexed.
CREATE INDEX article_search_idx ON article USING GIN (search_document)
  WHERE status = 'PUBLISHED' AND deleted_at IS NULL;
