//! Claims, their files and the delivery queue.
//!
//! Intake writes a claim, its files and its queue entry in one transaction. Workers lease due
//! entries (`lease_until`, `lease_owner`) and finish them only while they still hold the lease, so
//! an entry taken over after its lease ran out is never finished twice.

use resolve_claims::Attachment;
use sqlx::{FromRow, QueryBuilder, Sqlite};

use super::{conflict_or, now, Store, StoreError};

/// Every claim status, as the `claims.status` CHECK constraint lists them.
pub const CLAIM_STATUSES: [&str; 4] = ["queued", "waiting", "failed", "delivered"];

/// What intake stores for one claim.
#[derive(Debug, Clone)]
pub struct NewClaim<'a> {
    /// The new claim's id (a UUID).
    pub id: &'a str,
    /// The shop it belongs to.
    pub shop_id: i64,
    /// The claim JSON as submitted.
    pub body: &'a str,
    /// The caller's `Idempotency-Key`, if any.
    pub idempotency_key: Option<&'a str>,
    /// SHA-256 (hex) of the claim JSON and the files.
    pub request_hash: &'a str,
    /// Photos and signature, in submission order.
    pub files: &'a [NewClaimFile<'a>],
    /// When the claim is first due, in milliseconds since the epoch.
    pub due_at: i64,
}

/// One file of a new claim.
#[derive(Debug, Clone)]
pub struct NewClaimFile<'a> {
    /// `photo` or `signature`.
    pub role: &'static str,
    /// The name the file gets in Gorgias.
    pub name: String,
    /// The MIME type found by sniffing the bytes.
    pub content_type: &'static str,
    /// The file.
    pub bytes: &'a [u8],
}

/// A claim as its status call shows it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ClaimRecord {
    /// The claim id.
    pub id: String,
    /// `queued`, `delivered`, `failed` or `waiting`.
    pub status: String,
    /// Delivery attempts that called Gorgias.
    pub attempts: i64,
    /// `{"code","message","at"}` of the last failure, as JSON text.
    pub last_error: Option<String>,
    /// The Gorgias ticket id once delivered.
    pub ticket_id: Option<i64>,
    /// The ticket's address in the Gorgias app.
    pub ticket_url: Option<String>,
    /// SHA-256 of what was submitted, to tell a retried submission from a reused key.
    pub request_hash: String,
}

/// A claim as the shop's claim list shows it: the status view plus what lets a merchant
/// recognise it (when it came, and its body for the order number and flow).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ClaimListed {
    /// What the status call shows.
    #[sqlx(flatten)]
    pub record: ClaimRecord,
    /// When it was submitted (RFC 3339).
    pub created_at: String,
    /// The claim JSON as accepted.
    pub body: String,
}

/// Where a page of the claim list starts: after the claim with this time and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor {
    /// `created_at` of the last claim of the previous page.
    pub created_at: String,
    /// Its id.
    pub id: String,
}

/// A stored claim file, as one delivery attempt to one Gorgias account needs it.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// Its place among the claim's files (submission order).
    pub position: i64,
    /// The name the file gets in Gorgias.
    pub name: String,
    /// Its MIME type.
    pub content_type: String,
    /// Whether it still has to be uploaded.
    pub upload: Upload,
}

/// Where a claim file stands with the Gorgias account of the attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upload {
    /// Not uploaded to this account yet: the bytes to send.
    Pending(Vec<u8>),
    /// Uploaded to this account by an earlier attempt: what Gorgias answered then.
    Kept(Attachment),
}

/// One row of [`Store::claim_files`] before it becomes a [`StoredFile`].
#[derive(FromRow)]
struct FileRow {
    position: i64,
    name: String,
    content_type: String,
    bytes: Option<Vec<u8>>,
    upload_url: Option<String>,
    upload_name: Option<String>,
    upload_content_type: Option<String>,
    upload_size: Option<i64>,
}

impl FileRow {
    fn into_file(self) -> StoredFile {
        let kept = match (
            self.upload_url,
            self.upload_name,
            self.upload_content_type,
            self.upload_size,
        ) {
            (Some(url), Some(name), Some(content_type), Some(size)) => Some(Attachment {
                url,
                name,
                content_type,
                size: u64::try_from(size).unwrap_or_default(),
            }),
            _ => None,
        };
        StoredFile {
            position: self.position,
            name: self.name,
            content_type: self.content_type,
            upload: match kept {
                Some(attachment) => Upload::Kept(attachment),
                None => Upload::Pending(self.bytes.unwrap_or_default()),
            },
        }
    }
}

/// A queue entry a worker now holds.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LeasedClaim {
    /// The claim id.
    pub claim_id: String,
    /// Its shop.
    pub shop_id: i64,
    /// The token of this lease: only its holder may renew or finish the entry.
    pub owner: String,
    /// When the entry became due, in milliseconds since the epoch (how long it waited).
    pub due_at: i64,
}

/// What asking to retry a claim found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requeue {
    /// The failed claim is queued again.
    Requeued(ClaimRecord),
    /// The claim exists but has not failed.
    NotFailed(ClaimRecord),
    /// The shop has no claim with that id.
    Missing,
}

const CLAIM_COLUMNS: &str = "id, status, attempts, last_error, ticket_id, ticket_url, request_hash";

impl Store {
    /// Stores a claim, its files and its queue entry in one transaction. `Conflict` when the
    /// shop already used the idempotency key.
    pub async fn insert_claim(&self, claim: &NewClaim<'_>) -> Result<(), StoreError> {
        let now = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO claims (id, shop_id, body, status, idempotency_key, request_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, 'queued', $4, $5, $6, $6)",
        )
        .bind(claim.id)
        .bind(claim.shop_id)
        .bind(claim.body)
        .bind(claim.idempotency_key)
        .bind(claim.request_hash)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(conflict_or)?;
        for (position, file) in claim.files.iter().enumerate() {
            sqlx::query(
                "INSERT INTO claim_files (claim_id, position, role, name, content_type, bytes) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(claim.id)
            .bind(position as i64)
            .bind(file.role)
            .bind(&file.name)
            .bind(file.content_type)
            .bind(file.bytes)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("INSERT INTO claim_queue (claim_id, shop_id, due_at) VALUES ($1, $2, $3)")
            .bind(claim.id)
            .bind(claim.shop_id)
            .bind(claim.due_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The shop's claim `id`.
    pub async fn claim(&self, shop_id: i64, id: &str) -> Result<Option<ClaimRecord>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CLAIM_COLUMNS} FROM claims WHERE shop_id = $1 AND id = $2"
        ))
        .bind(shop_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The shop's claim submitted with idempotency key `key`.
    pub async fn claim_by_idempotency_key(
        &self,
        shop_id: i64,
        key: &str,
    ) -> Result<Option<ClaimRecord>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CLAIM_COLUMNS} FROM claims WHERE shop_id = $1 AND idempotency_key = $2"
        ))
        .bind(shop_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The claim JSON of claim `id`.
    pub async fn claim_body(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT body FROM claims WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The files of claim `id`, in submission order, each with its upload to the Gorgias account
    /// at `endpoint` when an earlier attempt made one. Uploads to another account do not count:
    /// Gorgias cannot attach them there. Bytes are read only for files still to upload.
    pub async fn claim_files(
        &self,
        id: &str,
        endpoint: &str,
    ) -> Result<Vec<StoredFile>, StoreError> {
        let rows: Vec<FileRow> = sqlx::query_as(
            "SELECT f.position, f.name, f.content_type, \
                    CASE WHEN u.url IS NULL THEN f.bytes END AS bytes, \
                    u.url AS upload_url, u.name AS upload_name, \
                    u.content_type AS upload_content_type, u.size AS upload_size \
             FROM claim_files f \
             LEFT JOIN claim_file_uploads u \
               ON u.claim_id = f.claim_id AND u.position = f.position AND u.endpoint = $2 \
             WHERE f.claim_id = $1 ORDER BY f.position",
        )
        .bind(id)
        .bind(endpoint)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(FileRow::into_file).collect())
    }

    /// Records that file `position` of claim `claim_id` is uploaded to the Gorgias account at
    /// `endpoint`, replacing an upload to another account, so later attempts attach it as is.
    pub async fn record_upload(
        &self,
        claim_id: &str,
        position: i64,
        endpoint: &str,
        attachment: &Attachment,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO claim_file_uploads \
               (claim_id, position, endpoint, url, name, content_type, size, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (claim_id, position) DO UPDATE SET endpoint = excluded.endpoint, \
               url = excluded.url, name = excluded.name, content_type = excluded.content_type, \
               size = excluded.size, uploaded_at = excluded.uploaded_at",
        )
        .bind(claim_id)
        .bind(position)
        .bind(endpoint)
        .bind(&attachment.url)
        .bind(&attachment.name)
        .bind(&attachment.content_type)
        .bind(i64::try_from(attachment.size).unwrap_or(i64::MAX))
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Up to `limit` of the shop's claims, newest first, with `status` only when given, after
    /// `after` when given. Ties in `created_at` (one-second resolution) are ordered by id, so
    /// paging never skips or repeats a claim.
    pub async fn list_claims(
        &self,
        shop_id: i64,
        status: Option<&str>,
        after: Option<&ListCursor>,
        limit: i64,
    ) -> Result<Vec<ClaimListed>, StoreError> {
        let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(format!(
            "SELECT {CLAIM_COLUMNS}, created_at, body FROM claims WHERE shop_id = "
        ));
        query.push_bind(shop_id);
        if let Some(status) = status {
            query.push(" AND status = ").push_bind(status);
        }
        if let Some(cursor) = after {
            query
                .push(" AND (created_at < ")
                .push_bind(&cursor.created_at)
                .push(" OR (created_at = ")
                .push_bind(&cursor.created_at)
                .push(" AND id < ")
                .push_bind(&cursor.id)
                .push("))");
        }
        query
            .push(" ORDER BY created_at DESC, id DESC LIMIT ")
            .push_bind(limit);
        Ok(query.build_query_as().fetch_all(&self.pool).await?)
    }

    /// Claims of the shop not yet delivered (queued or waiting), and failed ones.
    pub async fn claim_counts(&self, shop_id: i64) -> Result<(i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN status IN ('queued', 'waiting') THEN 1 ELSE 0 END), 0), \
                    COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) \
             FROM claims WHERE shop_id = $1",
        )
        .bind(shop_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Leases the most overdue queued claim whose shop's Gorgias endpoint is not in `busy`, until
    /// `lease_until`, for `owner`. SQLite runs the statement alone, so two workers never lease
    /// the same entry (PostgreSQL would use `FOR UPDATE SKIP LOCKED`).
    pub async fn lease_due_claim(
        &self,
        now_ms: i64,
        lease_until: i64,
        owner: &str,
        busy: &[String],
    ) -> Result<Option<LeasedClaim>, StoreError> {
        let mut query: QueryBuilder<Sqlite> =
            QueryBuilder::new("UPDATE claim_queue SET lease_until = ");
        query.push_bind(lease_until);
        query.push(", lease_owner = ");
        query.push_bind(owner);
        query.push(
            " WHERE claim_id = (SELECT q.claim_id FROM claim_queue q \
             JOIN claims c ON c.id = q.claim_id \
             LEFT JOIN gorgias_integrations i ON i.shop_id = q.shop_id \
             WHERE c.status = 'queued' AND q.due_at <= ",
        );
        query.push_bind(now_ms);
        query.push(" AND (q.lease_until IS NULL OR q.lease_until <= ");
        query.push_bind(now_ms);
        query.push(")");
        if !busy.is_empty() {
            query.push(" AND (i.endpoint IS NULL OR i.endpoint NOT IN (");
            let mut list = query.separated(", ");
            for endpoint in busy {
                list.push_bind(endpoint);
            }
            query.push("))");
        }
        query.push(" ORDER BY q.due_at, q.claim_id LIMIT 1) RETURNING claim_id, shop_id, lease_owner AS owner, due_at");
        Ok(query
            .build_query_as::<LeasedClaim>()
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Extends the lease `owner` holds on claim `claim_id` to `lease_until`; false when the lease
    /// was lost (it ran out and another worker took the entry over).
    pub async fn renew_lease(
        &self,
        claim_id: &str,
        owner: &str,
        lease_until: i64,
    ) -> Result<bool, StoreError> {
        let renewed = sqlx::query(
            "UPDATE claim_queue SET lease_until = $1 WHERE claim_id = $2 AND lease_owner = $3",
        )
        .bind(lease_until)
        .bind(claim_id)
        .bind(owner)
        .execute(&self.pool)
        .await?;
        Ok(renewed.rows_affected() > 0)
    }

    /// When the next queued claim is due (or its lease runs out), in milliseconds since the epoch.
    pub async fn next_due_at(&self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(CASE WHEN q.lease_until IS NOT NULL AND q.lease_until > q.due_at \
                             THEN q.lease_until ELSE q.due_at END) \
             FROM claim_queue q JOIN claims c ON c.id = q.claim_id WHERE c.status = 'queued'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Records the ticket of a leased claim and the shop's last ticket time; false when the lease
    /// was lost in the meantime.
    pub async fn finish_delivered(
        &self,
        claim_id: &str,
        owner: &str,
        ticket_id: i64,
        ticket_url: &str,
    ) -> Result<bool, StoreError> {
        let now = now();
        let mut tx = self.pool.begin().await?;
        let Some(shop_id) = release(&mut tx, claim_id, owner).await? else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE claims SET status = 'delivered', attempts = attempts + 1, ticket_id = $1, \
             ticket_url = $2, delivered_at = $3, updated_at = $3 WHERE id = $4",
        )
        .bind(ticket_id)
        .bind(ticket_url)
        .bind(&now)
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE gorgias_integrations SET last_ticket_at = $1 WHERE shop_id = $2")
            .bind(&now)
            .bind(shop_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A leased claim's attempt failed for a passing reason: due again at `due_at`, or `failed`
    /// once it made `max_attempts` attempts. Answers the claim's new status (`None`: lease lost).
    pub async fn finish_retry(
        &self,
        claim_id: &str,
        owner: &str,
        last_error: &str,
        due_at: i64,
        max_attempts: u32,
    ) -> Result<Option<&'static str>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let attempts: Option<i64> = sqlx::query_scalar(
            "UPDATE claims SET attempts = attempts + 1, last_error = $1, updated_at = $2 \
             WHERE id = $3 AND EXISTS (SELECT 1 FROM claim_queue WHERE claim_id = $3 AND lease_owner = $4) \
             RETURNING attempts",
        )
        .bind(last_error)
        .bind(now())
        .bind(claim_id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(attempts) = attempts else {
            return Ok(None);
        };
        let status = if attempts >= i64::from(max_attempts) {
            sqlx::query("DELETE FROM claim_queue WHERE claim_id = $1")
                .bind(claim_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE claims SET status = 'failed' WHERE id = $1")
                .bind(claim_id)
                .execute(&mut *tx)
                .await?;
            "failed"
        } else {
            sqlx::query(
                "UPDATE claim_queue SET due_at = $1, lease_until = NULL, lease_owner = NULL WHERE claim_id = $2",
            )
            .bind(due_at)
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
            "queued"
        };
        tx.commit().await?;
        Ok(Some(status))
    }

    /// A leased claim's ticket was refused for good: `failed`, off the queue.
    pub async fn finish_failed(
        &self,
        claim_id: &str,
        owner: &str,
        last_error: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        if release(&mut tx, claim_id, owner).await?.is_none() {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE claims SET status = 'failed', attempts = attempts + 1, last_error = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(last_error)
        .bind(now())
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A leased claim cannot go to Gorgias until the merchant acts: `waiting`, kept in the queue
    /// without a lease. `attempted` when the attempt called Gorgias.
    pub async fn finish_waiting(
        &self,
        claim_id: &str,
        owner: &str,
        last_error: &str,
        attempted: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let released = sqlx::query(
            "UPDATE claim_queue SET lease_until = NULL, lease_owner = NULL WHERE claim_id = $1 AND lease_owner = $2",
        )
        .bind(claim_id)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        if released.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE claims SET status = 'waiting', attempts = attempts + $1, last_error = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(i64::from(attempted))
        .bind(last_error)
        .bind(now())
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The shop's waiting claims are queued again, due at `now_ms`; how many.
    pub async fn resume_waiting(&self, shop_id: i64, now_ms: i64) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE claim_queue SET due_at = $1 WHERE claim_id IN \
             (SELECT id FROM claims WHERE shop_id = $2 AND status = 'waiting')",
        )
        .bind(now_ms)
        .bind(shop_id)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE claims SET status = 'queued', updated_at = $1 WHERE shop_id = $2 AND status = 'waiting'",
        )
        .bind(now())
        .bind(shop_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Queues a failed claim again with a fresh count of attempts.
    pub async fn requeue_failed(
        &self,
        shop_id: i64,
        id: &str,
        now_ms: i64,
    ) -> Result<Requeue, StoreError> {
        let mut tx = self.pool.begin().await?;
        let requeued: Option<ClaimRecord> = sqlx::query_as(&format!(
            "UPDATE claims SET status = 'queued', attempts = 0, updated_at = $1 \
             WHERE shop_id = $2 AND id = $3 AND status = 'failed' RETURNING {CLAIM_COLUMNS}"
        ))
        .bind(now())
        .bind(shop_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(record) = requeued else {
            drop(tx);
            return Ok(match self.claim(shop_id, id).await? {
                Some(record) => Requeue::NotFailed(record),
                None => Requeue::Missing,
            });
        };
        sqlx::query("INSERT INTO claim_queue (claim_id, shop_id, due_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(shop_id)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Requeue::Requeued(record))
    }

    /// Gorgias refused the credentials sealed with `nonce`: the integration's status becomes
    /// `status` with `last_error`, unless the merchant connected other credentials meanwhile.
    pub async fn credentials_refused(
        &self,
        shop_id: i64,
        nonce: &[u8],
        status: &str,
        last_error: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE gorgias_integrations SET status = $1, last_error = $2, updated_at = $3 \
             WHERE shop_id = $4 AND api_key_nonce = $5",
        )
        .bind(status)
        .bind(last_error)
        .bind(now())
        .bind(shop_id)
        .bind(nonce)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records the integration's last error (JSON text) for the merchant's diagnostics.
    pub async fn set_integration_last_error(
        &self,
        shop_id: i64,
        last_error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE gorgias_integrations SET last_error = $1 WHERE shop_id = $2")
            .bind(last_error)
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Removes the queue entry `owner` holds; the claim's shop, or `None` when the lease was lost.
async fn release(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    claim_id: &str,
    owner: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "DELETE FROM claim_queue WHERE claim_id = $1 AND lease_owner = $2 RETURNING shop_id",
    )
    .bind(claim_id)
    .bind(owner)
    .fetch_optional(&mut **tx)
    .await?)
}
