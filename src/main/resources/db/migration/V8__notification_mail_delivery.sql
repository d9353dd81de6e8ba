-- Mail delivery from the mailbox: the address a notification goes to, and delivery attempts.
ALTER TABLE notification ADD COLUMN email text;
ALTER TABLE notification ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE notification ADD COLUMN last_error text;
CREATE INDEX notification_unsent_idx ON notification (id) WHERE sent_at IS NULL AND email IS NOT NULL;
