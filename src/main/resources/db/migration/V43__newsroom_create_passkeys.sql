-- Staff passkeys (WebAuthn), in the tables and columns Spring Security's
-- JdbcPublicKeyCredentialUserEntityRepository and JdbcUserCredentialRepository read and write
-- (its user-entities-schema.sql and user-credentials-schema-postgres.sql), with PostgreSQL types
-- and keys added: a passkey belongs to one staff member and goes with their account.

-- A staff member as WebAuthn knows them: a random user handle (base64url) and their e-mail.
CREATE TABLE user_entities (
  id           VARCHAR(1000) PRIMARY KEY,
  name         VARCHAR(254) NOT NULL,
  display_name VARCHAR(254),
  -- filled from name by the trigger below (Spring's repository writes only the three columns above)
  staff_id     BIGINT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_entities_name_idx ON user_entities (name);
CREATE UNIQUE INDEX user_entities_staff_idx ON user_entities (staff_id);

CREATE FUNCTION user_entities_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s.id INTO NEW.staff_id FROM staff_user s WHERE lower(s.email) = lower(NEW.name);
  IF NEW.staff_id IS NULL THEN
    RAISE EXCEPTION 'passkeys belong to staff members; there is none with the e-mail %', NEW.name;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER user_entities_staff BEFORE INSERT OR UPDATE ON user_entities
  FOR EACH ROW EXECUTE FUNCTION user_entities_staff();

-- One passkey: its credential id, public key (COSE), the authenticator's attestation (from which
-- the key is read back at sign-in), counters and flags, the label its owner gave it.
CREATE TABLE user_credentials (
  credential_id                VARCHAR(1000) PRIMARY KEY,
  user_entity_user_id          VARCHAR(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
  public_key                   BYTEA NOT NULL,
  signature_count              BIGINT,
  uv_initialized               BOOLEAN,
  backup_eligible              BOOLEAN NOT NULL,
  authenticator_transports     VARCHAR(1000),
  public_key_credential_type   VARCHAR(100),
  backup_state                 BOOLEAN NOT NULL,
  attestation_object           BYTEA,
  attestation_client_data_json BYTEA,
  created                      TIMESTAMPTZ,
  last_used                    TIMESTAMPTZ,
  label                        VARCHAR(1000) NOT NULL
);
CREATE INDEX user_credentials_user_idx ON user_credentials (user_entity_user_id);
