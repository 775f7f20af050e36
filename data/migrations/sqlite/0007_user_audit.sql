-- Who set each account up and who last changed its role, state or
-- password. An admin who makes a reviewer account could otherwise approve
-- their own entries with it: approval is refused when the approver's
-- account was created or last changed by the entry's author. Accounts made
-- before this have '' (unknown).
ALTER TABLE users ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';

-- Every change to an account, who made it and when. Kept apart from the
-- revisions of the published record, which the public reads: staff emails
-- and roles are not public. Append-only, as revisions are.
CREATE TABLE user_revisions (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    action   TEXT NOT NULL CHECK (action IN ('create','role','disable','enable','password')),
    actor    TEXT NOT NULL,
    at       TIMESTAMP NOT NULL,
    role     TEXT NOT NULL,
    disabled INTEGER NOT NULL
);
CREATE INDEX user_revisions_user ON user_revisions (user_id, id);
CREATE TRIGGER user_revisions_no_update BEFORE UPDATE ON user_revisions
BEGIN
    SELECT RAISE(ABORT, 'user revisions are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER user_revisions_no_delete BEFORE DELETE ON user_revisions
BEGIN
    SELECT RAISE(ABORT, 'user revisions are append-only: DELETE is not allowed');
END;
