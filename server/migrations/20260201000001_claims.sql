-- Claims, their files and the delivery queue that turns each claim into exactly one Gorgias ticket.
-- A claim, its files and its queue entry are written in one transaction: a rejected or interrupted
-- intake leaves nothing behind, and files are BLOBs here rather than loose files, so there are no
-- orphans to clean up. Queue times are milliseconds since the Unix epoch, so "due" is an integer
-- comparison; the other times are RFC 3339 text in UTC like the rest of the schema.

CREATE TABLE claims (
    -- A random UUID: the id the Resolve flow gets back, and the key of the ticket's external_id.
    id TEXT PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    -- The claim JSON as submitted and accepted by the claim rules; parsed again for delivery.
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'failed', 'waiting')),
    attempts INTEGER NOT NULL DEFAULT 0,
    -- {"code", "message", "at"} of the last failed attempt, as JSON text.
    last_error TEXT,
    ticket_id INTEGER,
    ticket_url TEXT,
    -- The caller's Idempotency-Key and the SHA-256 of what it submitted with it.
    idempotency_key TEXT,
    request_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (shop_id, idempotency_key)
);

CREATE INDEX claims_shop_status ON claims (shop_id, status);

-- Photos and the signature, checked by their bytes at intake.
CREATE TABLE claim_files (
    claim_id TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('photo', 'signature')),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (claim_id, position)
);

-- One entry per claim not yet delivered or failed. A worker leases an entry before it works on it;
-- an entry whose lease ran out (its worker or process died) is due again.
CREATE TABLE claim_queue (
    claim_id TEXT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    due_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_owner TEXT
);

CREATE INDEX claim_queue_due ON claim_queue (due_at);
