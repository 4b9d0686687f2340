-- Appeal experiments: variants of the banner, the appeal, the support page's form and the
-- thank-you page's offer, with counts per variant per day. Nothing here identifies a reader: the
-- counts are numbers, and a gift is credited to a variant through its checkout row.

CREATE TABLE experiment (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  placement     TEXT NOT NULL CHECK (placement IN ('BANNER', 'APPEAL', 'SUPPORT', 'THANKS')),
  allocation    TEXT NOT NULL CHECK (allocation IN ('FIXED', 'BANDIT_CONVERSION', 'BANDIT_REVENUE')),
  floor_percent INT NOT NULL CHECK (floor_percent BETWEEN 0 AND 20),
  status        TEXT NOT NULL CHECK (status IN ('DRAFT', 'RUNNING', 'PAUSED', 'STOPPED')),
  created_at    TIMESTAMPTZ NOT NULL,
  started_at    TIMESTAMPTZ,
  stopped_at    TIMESTAMPTZ,
  weighed_at    TIMESTAMPTZ
);
-- One live experiment per placement: a paused one still holds its place.
CREATE UNIQUE INDEX experiment_live_placement_idx ON experiment (placement)
  WHERE status IN ('RUNNING', 'PAUSED');

-- Position 0 is the control: the copy readers get today (its text columns stay empty).
CREATE TABLE experiment_variant (
  id                BIGSERIAL PRIMARY KEY,
  experiment_id     BIGINT NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
  position          INT NOT NULL CHECK (position BETWEEN 0 AND 4),
  name              TEXT NOT NULL,
  heading_en        TEXT,
  heading_ru        TEXT,
  copy_en           TEXT,
  copy_ru           TEXT,
  button_en         TEXT,
  button_ru         TEXT,
  default_frequency TEXT CHECK (default_frequency IN ('ONCE', 'MONTHLY', 'ANNUAL')),
  suggested         BIGINT[],
  preselected       INT CHECK (preselected BETWEEN 0 AND 9),
  split_percent     INT NOT NULL CHECK (split_percent BETWEEN 0 AND 100),
  weight            DOUBLE PRECISION NOT NULL CHECK (weight >= 0 AND weight <= 1),
  UNIQUE (experiment_id, position)
);

-- Views and steps per variant per day, counted by upsert so that every node adds exactly.
CREATE TABLE experiment_count (
  variant_id BIGINT NOT NULL REFERENCES experiment_variant (id) ON DELETE CASCADE,
  day        DATE NOT NULL,
  step       TEXT NOT NULL CHECK (step IN ('SHOWN', 'CONTINUE', 'CHECKOUT')),
  count      BIGINT NOT NULL,
  PRIMARY KEY (variant_id, day, step)
);

-- Which variant a checkout came from; the gift itself is known from the checkout's completion,
-- which only the provider's signed webhook sets.
CREATE TABLE experiment_checkout (
  checkout_id UUID PRIMARY KEY REFERENCES checkout (id) ON DELETE CASCADE,
  variant_id  BIGINT NOT NULL REFERENCES experiment_variant (id) ON DELETE CASCADE
);
CREATE INDEX experiment_checkout_variant_idx ON experiment_checkout (variant_id);
