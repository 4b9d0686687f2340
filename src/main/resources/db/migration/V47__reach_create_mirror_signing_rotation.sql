-- A rotation of the key that signs /mirrors.json: during the overlap the list announces the next
-- public key (signed by the current one); from hands_over_at on, the next key signs. The private
-- half is kept here only for a rotation an admin started while keys live in the database; a next
-- key given by configuration (SAMIZDAT_MIRROR_SIGNING_KEY_NEXT[_FILE]) leaves it NULL.
CREATE TABLE mirror_signing_rotation (
  id               INT PRIMARY KEY CHECK (id = 1),
  next_public_key  BYTEA NOT NULL,  -- X.509 SubjectPublicKeyInfo (DER)
  next_private_key BYTEA,           -- PKCS#8 (DER), or NULL when the key is configured
  started_at       TIMESTAMPTZ NOT NULL,
  hands_over_at    TIMESTAMPTZ NOT NULL
);
