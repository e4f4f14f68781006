-- Shops, their merchant keys, their Gorgias integration and their Help Center whitelist.
-- Plain SQL that PostgreSQL also accepts apart from the id columns; times are RFC 3339 text in UTC.
-- Claims and the delivery queue come in a later migration and reference `shops(id)`.

CREATE TABLE shops (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    gorgias_available BOOLEAN NOT NULL DEFAULT FALSE,
    tile_accent_color TEXT NOT NULL DEFAULT '#1f6feb',
    tile_logo_url TEXT,
    created_at TEXT NOT NULL
);

-- Merchant keys are high-entropy random values, so a plain SHA-256 is enough to store them.
CREATE TABLE merchant_keys (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX merchant_keys_shop ON merchant_keys (shop_id);

-- One Gorgias integration per shop; the API key is sealed (ciphertext + nonce), never stored plain.
CREATE TABLE gorgias_integrations (
    shop_id INTEGER PRIMARY KEY REFERENCES shops (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    email TEXT NOT NULL,
    api_key_ciphertext BLOB NOT NULL,
    api_key_nonce BLOB NOT NULL,
    api_key_hint TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    status TEXT NOT NULL CHECK (status IN ('connected', 'auth_failed', 'forbidden', 'unreachable')),
    last_checked_at TEXT,
    last_error TEXT,
    last_ticket_at TEXT,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE help_center_urls (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    created_at TEXT NOT NULL,
    approved_at TEXT,
    UNIQUE (shop_id, url)
);
