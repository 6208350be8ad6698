-- Fenced writes on PostgreSQL (issue 15); see docs/postgresql.md.

-- The position's epoch (Go's uint64 range, like record_number): positions order by
-- (epoch, record_number), and a collector that sees its log cleared bumps the epoch.
ALTER TABLE checkpoint_state
    ADD COLUMN epoch numeric(20, 0) NOT NULL DEFAULT 0
        CONSTRAINT checkpoint_state_epoch_uint64 CHECK (epoch BETWEEN 0 AND 18446744073709551615);

-- Fencing tokens: one number per grant, never reused (a sequence never goes back).
CREATE SEQUENCE checkpoint_lease_token_seq AS bigint;

-- One row per leased prefix. A row whose expires_at has passed is no lease: the next grant of its
-- prefix replaces it with a new token. Grants, releases and the writes they fence all take the
-- lock on checkpoint_store first, so each is decided against what the others committed.
-- granted_at (kept by renewals) lets a flush drop tokenless changes received while the lease was
-- live by a replica that did not know of it yet.
CREATE TABLE checkpoint_lease (
    prefix     text        NOT NULL PRIMARY KEY,
    holder     text        NOT NULL,
    token      bigint      NOT NULL,
    granted_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
