-- The Gorgias upload of each claim file, kept across delivery attempts: an attempt that uploaded
-- the files and then failed to create the ticket (5xx, timeout, 429, dropped connection) leaves its
-- uploads here, and the next attempt uploads only the files without one.
--
-- A table of its own rather than nullable columns on `claim_files`: an upload is all of `url`,
-- `name`, `content_type`, `size` and `endpoint` or nothing, which NOT NULL states here and five
-- nullable columns could not; and recording an upload never rewrites a `claim_files` row, whose
-- BLOB SQLite would copy on every UPDATE of that row.
--
-- `endpoint` is the Gorgias account the file went to. A file uploaded to one account cannot be
-- attached in another, so after the merchant reconnects to a different account the row is not
-- reused; the next upload replaces it.
CREATE TABLE claim_file_uploads (
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    endpoint TEXT NOT NULL,
    url TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, position),
    FOREIGN KEY (claim_id, position) REFERENCES claim_files (claim_id, position) ON DELETE CASCADE
);
