-- Other addresses of the site, for readers the main domain does not reach: mirrors (full
-- copies on other hosts) and the onion service. One settings row; editors change it in the
-- newsroom, and it is seeded once from SAMIZDAT_MIRRORS and SAMIZDAT_ONION_ADDRESS.
CREATE TABLE mirror_settings (
  id             INT PRIMARY KEY CHECK (id = 1),
  onion_address  TEXT,
  updated_at     TIMESTAMPTZ NOT NULL,
  -- The health check runs on one node per interval: the first to move this forward runs it.
  next_check_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE mirror (
  id            BIGSERIAL PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  position      INT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'UNCHECKED' CHECK (status IN ('UNCHECKED', 'UP', 'STALE', 'DOWN')),
  latency_ms    INT,
  checked_at    TIMESTAMPTZ,
  serves_latest BOOLEAN,
  problem       TEXT,
  created_at    TIMESTAMPTZ NOT NULL
);

-- The Ed25519 key pair that signs /mirrors.json, made once and shared by every node, so a
-- reader's app can pin the public key and trust a list that reached it through any channel.
CREATE TABLE mirror_signing_key (
  id          INT PRIMARY KEY CHECK (id = 1),
  public_key  BYTEA NOT NULL,  -- X.509 SubjectPublicKeyInfo (DER)
  private_key BYTEA NOT NULL,  -- PKCS#8 (DER)
  created_at  TIMESTAMPTZ NOT NULL
);
