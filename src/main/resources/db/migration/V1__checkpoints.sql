-- Schema of the PostgreSQL checkpoint store (checkpoint.store=jdbc); see docs/postgresql.md.

-- Every save takes a new number from this sequence, so replicas can poll for rows changed since
-- the last number they have seen. Saves are serialized by a lock on checkpoint_store (see below),
-- so numbers become visible in the order they were taken and a poll never skips one.
CREATE SEQUENCE checkpoint_state_version_seq AS bigint;

-- One row per event log: its position, or a tombstone (deleted = true) that remembers when it
-- was deleted, so that an older write flushed late by another replica cannot bring it back.
CREATE TABLE checkpoint_state (
    name              text        NOT NULL PRIMARY KEY,
    -- Go's uint64: numeric keeps the whole range 0..2^64-1 readable and correctly ordered.
    record_number     numeric(20, 0),
    -- The record's time exactly as the collector sent it (timestamptz keeps microseconds and no
    -- offset): seconds since 1970-01-01T00:00:00Z, nanoseconds, and the UTC offset in seconds.
    ts_epoch_second   bigint,
    ts_nano           integer,
    ts_offset_seconds integer,
    bookmark          text,
    deleted           boolean     NOT NULL DEFAULT false,
    -- When a replica accepted the change: between replicas the later one wins.
    received_at       timestamptz NOT NULL,
    version           bigint      NOT NULL,
    CONSTRAINT checkpoint_state_record_number_uint64
        CHECK (record_number BETWEEN 0 AND 18446744073709551615),
    CONSTRAINT checkpoint_state_ts_nano_range CHECK (ts_nano BETWEEN 0 AND 999999999),
    CONSTRAINT checkpoint_state_ts_offset_range CHECK (ts_offset_seconds BETWEEN -64800 AND 64800),
    CONSTRAINT checkpoint_state_position_or_tombstone CHECK (
        (NOT deleted AND record_number IS NOT NULL AND ts_epoch_second IS NOT NULL
            AND ts_nano IS NOT NULL AND ts_offset_seconds IS NOT NULL)
        OR (deleted AND record_number IS NULL AND ts_epoch_second IS NULL AND ts_nano IS NULL
            AND ts_offset_seconds IS NULL AND bookmark IS NULL))
);

CREATE INDEX checkpoint_state_version_idx ON checkpoint_state (version);

CREATE INDEX checkpoint_state_tombstone_idx ON checkpoint_state (received_at) WHERE deleted;

-- A single row: the lock every save takes first, and the time of the latest save (the YAML
-- file's update_time), kept exactly like ts_* above.
CREATE TABLE checkpoint_store (
    id                    integer NOT NULL PRIMARY KEY CHECK (id = 1),
    update_epoch_second   bigint,
    update_nano           integer CHECK (update_nano BETWEEN 0 AND 999999999),
    update_offset_seconds integer CHECK (update_offset_seconds BETWEEN -64800 AND 64800)
);

INSERT INTO checkpoint_store (id) VALUES (1);
