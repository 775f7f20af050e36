-- Revisions become tamper-evident: each stores a SHA-256 of its content and
-- of the previous revision's hash, so that `tracker verify` finds any
-- revision changed behind the application's back (the triggers already
-- refuse UPDATE and DELETE; this catches what bypasses them). Revisions
-- written before this migration keep an empty hash and start no chain.
ALTER TABLE revisions ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN hash TEXT NOT NULL DEFAULT '';
