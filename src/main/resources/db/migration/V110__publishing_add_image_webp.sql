-- Whether every width of an image also exists as <key>-<width>.webp beside its JPEG or PNG.
-- Images stored before WebP existed (or while cwebp was missing) start without and are given
-- their WebP variants by the back-fill job at start-up.
ALTER TABLE media_image ADD COLUMN webp BOOLEAN NOT NULL DEFAULT FALSE;
