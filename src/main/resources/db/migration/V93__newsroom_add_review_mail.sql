-- An editor's choice to get an e-mail whenever a draft is marked "Ready for review".
ALTER TABLE staff_user ADD COLUMN review_mail BOOLEAN NOT NULL DEFAULT FALSE;
