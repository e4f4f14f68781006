//! The durable claim queue and its workers.
//!
//! The queue is the `claim_queue` table: intake adds an entry in the claim's own transaction and
//! wakes the workers. A few tokio tasks each lease the most overdue entry, deliver it (see
//! [`crate::delivery`]) and record the outcome. Idle workers sleep until the next entry is due, a
//! new claim arrives, a worker finishes, or the queue stops: there is no busy loop. A lease that
//! runs out (the worker or the whole process died) makes its entry due again, and a restarted
//! server carries on from the table.
//!
//! # Fairness between merchants
//!
//! At most [`PER_ACCOUNT`] claims of one Gorgias account are in delivery at once, and an account
//! whose pacing bucket is empty for longer than [`BUSY_WAIT`] is skipped, so workers never all sit
//! on one merchant's burst while another merchant's claims are due.
//!
//! # Retries
//!
//! Attempt `n` (1-based) that failed for a passing reason (5xx, 409, timeout, dropped connection,
//! 429) is retried after `min(cap, base × 2^(n−1))`, scaled by a random factor between 0.5 and 1
//! (jitter, so claims that failed together do not come back together), and never earlier than the
//! `Retry-after` of a 429. Defaults: base 2 s, cap 10 min, so 1–2 s, 2–4 s, 4–8 s, … then 5–10 min;
//! after 30 attempts the claim is `failed` (the retry call queues it again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use crate::config::DeliveryOptions;
use crate::delivery::{Courier, Outcome};
use crate::store::{Integration, LeasedClaim};

/// Most claims of one Gorgias account in delivery at the same time.
pub const PER_ACCOUNT: usize = 3;

/// An account whose next call slot is further away than this is left to the other workers.
pub const BUSY_WAIT: Duration = Duration::from_millis(500);

/// Longest an idle worker sleeps without looking at the table (a safety net, not the trigger).
const IDLE_LIMIT: Duration = Duration::from_secs(60);

/// The retry schedule.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Delay after the first failed attempt.
    pub base: Duration,
    /// Longest delay.
    pub cap: Duration,
}

impl Backoff {
    /// The delay before attempt `attempt + 1`, after `attempt` (1-based) failed; `jitter` in 0..1.
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let doubling = 2u32.saturating_pow(attempt.saturating_sub(1).min(30));
        let full = self.base.saturating_mul(doubling).min(self.cap);
        full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }
}

/// Handle on the queue; cheap to clone.
#[derive(Debug, Clone)]
pub struct ClaimQueue {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    courier: Courier,
    backoff: Backoff,
    max_attempts: u32,
    lease: Duration,
    /// Identifies this process's leases; each lease adds a token of its own.
    owner: String,
    /// Rung on new claims, resumed claims and finished deliveries.
    wake: Notify,
    /// Serialises leasing so the per-account count is exact.
    leasing: tokio::sync::Mutex<()>,
    /// Claims in delivery per Gorgias endpoint.
    in_flight: Mutex<HashMap<String, usize>>,
    stop: watch::Sender<bool>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl ClaimQueue {
    /// Starts `options.workers` workers delivering with `courier`.
    pub fn start(courier: Courier, options: &DeliveryOptions) -> Self {
        let (stop, _) = watch::channel(false);
        let queue = Self {
            inner: Arc::new(Inner {
                courier,
                backoff: Backoff {
                    base: Duration::from_millis(options.retry_base_ms.max(1)),
                    cap: Duration::from_millis(options.retry_cap_ms.max(options.retry_base_ms)),
                },
                max_attempts: options.max_attempts.max(1),
                lease: Duration::from_millis(options.lease_ms.max(1_000)),
                owner: uuid::Uuid::new_v4().to_string(),
                wake: Notify::new(),
                leasing: tokio::sync::Mutex::new(()),
                in_flight: Mutex::new(HashMap::new()),
                stop,
                workers: Mutex::new(Vec::new()),
            }),
        };
        let handles = (0..options.workers.max(1))
            .map(|number| {
                let queue = queue.clone();
                tokio::spawn(async move { queue.work(number).await })
            })
            .collect();
        *queue
            .inner
            .workers
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = handles;
        queue
    }

    /// Tells idle workers to look at the table again.
    pub fn wake(&self) {
        self.inner.wake.notify_waiters();
    }

    /// Stops the workers after their current delivery and waits for them.
    pub async fn stop(&self) {
        let _ = self.inner.stop.send(true);
        self.wake();
        let handles =
            std::mem::take(&mut *self.inner.workers.lock().unwrap_or_else(|e| e.into_inner()));
        for handle in handles {
            let _ = handle.await;
        }
    }

    async fn work(&self, number: usize) {
        let mut stop = self.inner.stop.subscribe();
        loop {
            // Registered before looking at the table, so a wake-up in between is not lost.
            let woken = self.inner.wake.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            if *stop.borrow() {
                return;
            }
            let idle = match self.lease().await {
                Ok(Some((leased, endpoint))) => {
                    self.deliver(&leased).await;
                    if let Some(endpoint) = endpoint {
                        self.finished(&endpoint);
                    }
                    continue;
                }
                Ok(None) => self.idle_time().await,
                Err(error) => {
                    tracing::error!(worker = number, error = %error, "cannot read the claim queue");
                    Duration::from_secs(1)
                }
            };
            tokio::select! {
                () = &mut woken => {}
                () = tokio::time::sleep(idle) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Accounts to leave alone for now: enough claims in delivery, or no call slot soon.
    fn busy_accounts(&self) -> Vec<String> {
        let in_flight = self
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let pacing = self.inner.courier.gorgias.pacing();
        in_flight
            .iter()
            .filter(|(endpoint, count)| {
                **count >= PER_ACCOUNT || pacing.wait_hint(endpoint) > BUSY_WAIT
            })
            .map(|(endpoint, _)| endpoint.clone())
            .collect()
    }

    async fn lease(&self) -> anyhow::Result<Option<(LeasedClaim, Option<String>)>> {
        let _leasing = self.inner.leasing.lock().await;
        let now = now_ms();
        let busy = self.busy_accounts();
        // A token per lease, not per process: a worker of this process that takes over an entry
        // whose lease ran out must not let the first worker still renew or finish it.
        let owner = format!("{}/{}", self.inner.owner, uuid::Uuid::new_v4());
        let Some(leased) = self
            .inner
            .courier
            .store
            .lease_due_claim(
                now,
                now + self.inner.lease.as_millis() as i64,
                &owner,
                &busy,
            )
            .await?
        else {
            return Ok(None);
        };
        let waited = Duration::from_millis(now.saturating_sub(leased.due_at).max(0) as u64);
        self.inner.courier.gorgias.metrics().queue_wait(waited);
        let endpoint = self
            .inner
            .courier
            .store
            .integration(leased.shop_id)
            .await?
            .map(|integration| integration.endpoint);
        if let Some(endpoint) = &endpoint {
            *self
                .inner
                .in_flight
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(endpoint.clone())
                .or_default() += 1;
        }
        Ok(Some((leased, endpoint)))
    }

    fn finished(&self, endpoint: &str) {
        let mut in_flight = self
            .inner
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(count) = in_flight.get_mut(endpoint) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                in_flight.remove(endpoint);
            }
        }
        drop(in_flight);
        self.wake();
    }

    /// How long an idle worker may sleep: until the next entry is due, briefly when an account is
    /// only paused, at most [`IDLE_LIMIT`].
    async fn idle_time(&self) -> Duration {
        let next = match self.inner.courier.store.next_due_at().await {
            Ok(Some(due)) => Duration::from_millis((due - now_ms()).max(0) as u64),
            Ok(None) => IDLE_LIMIT,
            Err(_) => Duration::from_secs(1),
        };
        let paused = !self.busy_accounts().is_empty();
        let next = if paused {
            next.min(BUSY_WAIT / 2)
        } else {
            next
        };
        // A due entry that could not be leased belongs to a busy account: wait for a finish.
        next.max(Duration::from_millis(20)).min(IDLE_LIMIT)
    }

    async fn deliver(&self, leased: &LeasedClaim) {
        let claim_id = leased.claim_id.as_str();
        let result = self.attempt(leased).await;
        if let Err(error) = result {
            // The database or the vault failed: keep the lease so the entry is retried when it
            // runs out, rather than hammering a broken dependency.
            tracing::error!(
                claim = claim_id,
                error = format!("{error:#}"),
                "claim delivery could not be recorded"
            );
        }
    }

    async fn attempt(&self, leased: &LeasedClaim) -> anyhow::Result<()> {
        let store = &self.inner.courier.store;
        let owner = leased.owner.as_str();
        let claim_id = leased.claim_id.as_str();
        let shop = store.shop_by_id(leased.shop_id).await?;
        let integration = store.integration(leased.shop_id).await?;
        let available = shop.is_some_and(|shop| shop.gorgias_available);
        let delivery =
            self.inner
                .courier
                .deliver(claim_id, leased.shop_id, available, integration.as_ref());
        let Some(outcome) = self.holding_lease(leased, delivery).await else {
            tracing::warn!(
                claim = claim_id,
                "lease on the claim lost during delivery; its new holder delivers it"
            );
            return Ok(());
        };
        let outcome = outcome?;
        self.inner
            .courier
            .gorgias
            .metrics()
            .delivery_attempt(&outcome);
        match outcome {
            Outcome::Delivered {
                ticket_id,
                ticket_url,
            } => {
                store
                    .finish_delivered(claim_id, owner, ticket_id as i64, &ticket_url)
                    .await?;
                tracing::info!(claim = claim_id, ticket = ticket_id, "claim delivered");
            }
            Outcome::Retry { problem, at_least } => {
                let attempts = store
                    .claim(leased.shop_id, claim_id)
                    .await?
                    .map_or(1, |c| c.attempts + 1);
                let delay = self
                    .inner
                    .backoff
                    .delay(attempts as u32, fastrand::f64())
                    .max(at_least);
                let status = store
                    .finish_retry(
                        claim_id,
                        owner,
                        &problem.to_json(),
                        now_ms() + delay.as_millis() as i64,
                        self.inner.max_attempts,
                    )
                    .await?;
                store
                    .set_integration_last_error(leased.shop_id, &problem.to_json())
                    .await?;
                tracing::warn!(
                    claim = claim_id,
                    code = problem.code,
                    delay_ms = delay.as_millis() as u64,
                    status,
                    "claim delivery failed, retrying"
                );
            }
            Outcome::Failed(problem) => {
                store
                    .finish_failed(claim_id, owner, &problem.to_json())
                    .await?;
                store
                    .set_integration_last_error(leased.shop_id, &problem.to_json())
                    .await?;
                tracing::warn!(claim = claim_id, code = problem.code, "claim failed");
            }
            Outcome::Waiting(problem) => {
                if store
                    .finish_waiting(claim_id, owner, &problem.to_json(), false)
                    .await?
                {
                    self.resume_if_changed(leased.shop_id, available, integration.as_ref())
                        .await?;
                }
                tracing::info!(claim = claim_id, code = problem.code, "claim waiting");
            }
            Outcome::CredentialsRefused {
                status,
                problem,
                nonce,
            } => {
                store
                    .credentials_refused(leased.shop_id, &nonce, status, &problem.to_json())
                    .await?;
                if store
                    .finish_waiting(claim_id, owner, &problem.to_json(), true)
                    .await?
                {
                    self.resume_if_changed(leased.shop_id, available, integration.as_ref())
                        .await?;
                }
                tracing::warn!(
                    claim = claim_id,
                    status,
                    "gorgias refused the credentials; claims wait"
                );
            }
        }
        Ok(())
    }

    /// Runs `delivery` while renewing the lease every third of its length, so a slow Gorgias
    /// (pacing waits, timeouts, large uploads) never lets the lease run out under a live worker
    /// and another worker create a second ticket before the first one's create has answered.
    /// `None` when the lease was lost anyway (the database could not renew it in time): the
    /// delivery is abandoned to the entry's new holder.
    async fn holding_lease<T>(
        &self,
        leased: &LeasedClaim,
        delivery: impl std::future::Future<Output = T>,
    ) -> Option<T> {
        let store = &self.inner.courier.store;
        let mut renew = tokio::time::interval(self.inner.lease / 3);
        renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate; the lease was just taken.
        renew.tick().await;
        tokio::pin!(delivery);
        loop {
            tokio::select! {
                outcome = &mut delivery => return Some(outcome),
                _ = renew.tick() => {
                    let until = now_ms() + self.inner.lease.as_millis() as i64;
                    match store.renew_lease(&leased.claim_id, &leased.owner, until).await {
                        Ok(true) => {}
                        Ok(false) => return None,
                        // Tried again at the next tick; the lease still has two thirds left.
                        Err(error) => tracing::error!(
                            claim = leased.claim_id.as_str(),
                            error = %error,
                            "cannot renew the lease on the claim"
                        ),
                    }
                }
            }
        }
    }

    /// A claim was set waiting on the strength of `available` and `seen` (the shop's integration
    /// when the attempt began). When the merchant or the operator changed that meanwhile and
    /// Gorgias is now usable, their resume ran before the claim was waiting and found nothing:
    /// queue the shop's waiting claims again here, or they would wait for a change that happened.
    async fn resume_if_changed(
        &self,
        shop_id: i64,
        available: bool,
        seen: Option<&Integration>,
    ) -> anyhow::Result<()> {
        let store = &self.inner.courier.store;
        let available_now = store
            .shop_by_id(shop_id)
            .await?
            .is_some_and(|shop| shop.gorgias_available);
        let Some(now) = store.integration(shop_id).await? else {
            return Ok(());
        };
        let usable = available_now && now.enabled && now.status == "connected";
        let changed = !available
            || seen.is_none_or(|seen| {
                !seen.enabled
                    || seen.status != "connected"
                    || seen.api_key_nonce != now.api_key_nonce
            });
        if usable && changed && store.resume_waiting(shop_id, now_ms()).await? > 0 {
            tracing::info!(shop = shop_id, "waiting claims queued again");
            self.wake();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_between_half_and_full() {
        let backoff = Backoff {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(600),
        };
        assert_eq!(backoff.delay(1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff.delay(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff.delay(4, 1.0), Duration::from_secs(16));
        assert_eq!(backoff.delay(20, 1.0), Duration::from_secs(600));
        assert_eq!(backoff.delay(u32::MAX, 0.0), Duration::from_secs(300));
    }
}
