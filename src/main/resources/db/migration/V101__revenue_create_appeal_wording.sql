-- The heading and button label a newsroom adopted from an experiment's variant ("make this the
-- copy"), per block and language. Where a row or a column is empty, the words in the message
-- bundles stand, as before any experiment.
CREATE TABLE appeal_wording (
  block    TEXT NOT NULL CHECK (block IN ('banner', 'appeal')),
  language TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  heading  TEXT CHECK (length(heading) <= 200),
  button   TEXT CHECK (length(button) <= 60),
  PRIMARY KEY (block, language)
);
