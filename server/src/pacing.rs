//! Pacing of our calls per Gorgias account, so that they stay under the account's rate limit.
//!
//! Gorgias meters each account with a leaky bucket (40 requests per 20 s for API keys) that every
//! app of the merchant shares. We keep a token bucket per endpoint that is smaller and slower than
//! Gorgias's (10 % headroom on both), lower it whenever Gorgias reports in
//! `X-Gorgias-Account-Api-Call-Limit: used/limit` that the account is fuller than we thought (other
//! apps use it too), and empty it for `Retry-after` after a 429. Buckets are separate per account,
//! so one merchant's burst never slows another merchant down.
//!
//! A caller reserves the next slot and sleeps until it comes: the bucket may go negative, which is
//! the queue of reservations, so waiting callers are served first come, first served without
//! waking each other up.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Share of the limit we leave unused, for clock drift between us and Gorgias and for other apps.
const HEADROOM: f64 = 0.1;

/// The per-account buckets; shared by every Gorgias call of the process.
#[derive(Debug)]
pub struct Pacing {
    /// Requests per window Gorgias allows, as configured.
    limit: u32,
    /// The window of that limit.
    window: Duration,
    /// One bucket per Gorgias endpoint.
    accounts: Mutex<HashMap<String, Bucket>>,
}

/// One account's token bucket.
#[derive(Debug, Clone)]
struct Bucket {
    /// Calls we may make right now; negative means reservations are waiting.
    tokens: f64,
    /// Most calls in a burst.
    capacity: f64,
    /// Refill per second.
    per_second: f64,
    /// Requests per window Gorgias last reported for this account.
    limit: u32,
    /// When `tokens` was last brought up to date.
    updated: Instant,
}

impl Bucket {
    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.updated = now;
    }

    /// How long until a call could go without waiting.
    fn wait(&self) -> Duration {
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - self.tokens) / self.per_second)
        }
    }
}

impl Pacing {
    /// Buckets for accounts allowing `limit` requests per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit: limit.max(1),
            window: window.max(Duration::from_millis(1)),
            accounts: Mutex::new(HashMap::new()),
        }
    }

    fn fresh(&self, limit: u32) -> Bucket {
        let capacity = burst(limit);
        Bucket {
            tokens: capacity,
            capacity,
            per_second: f64::from(limit) * (1.0 - HEADROOM) / self.window.as_secs_f64(),
            limit,
            updated: Instant::now(),
        }
    }

    fn with_bucket<T>(&self, endpoint: &str, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = accounts
            .entry(endpoint.to_owned())
            .or_insert_with(|| self.fresh(self.limit));
        bucket.refill(Instant::now());
        f(bucket)
    }

    /// Waits for this caller's slot to call `endpoint`.
    pub async fn slot(&self, endpoint: &str) {
        let wait = self.with_bucket(endpoint, |bucket| {
            bucket.tokens -= 1.0;
            if bucket.tokens >= 0.0 {
                Duration::ZERO
            } else {
                Duration::from_secs_f64(-bucket.tokens / bucket.per_second)
            }
        });
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes in what Gorgias reported: `used` of `limit` requests are in the account's bucket.
    pub fn observe(&self, endpoint: &str, used: u32, limit: u32) {
        if limit == 0 {
            return;
        }
        self.with_bucket(endpoint, |bucket| {
            if limit != bucket.limit {
                // Another plan (OAuth apps get 80): same window, so scale the speed with the limit.
                let per_second = bucket.per_second * f64::from(limit) / f64::from(bucket.limit);
                bucket.capacity = burst(limit);
                bucket.per_second = per_second;
                bucket.limit = limit;
            }
            let room = f64::from(limit) - f64::from(used) - headroom(limit);
            bucket.tokens = bucket.tokens.min(room);
        });
    }

    /// Gorgias answered 429: no call to `endpoint` before `pause` has passed.
    pub fn hold_off(&self, endpoint: &str, pause: Duration) {
        self.with_bucket(endpoint, |bucket| {
            bucket.tokens = bucket.tokens.min(-pause.as_secs_f64() * bucket.per_second);
        });
    }

    /// How long a new caller would wait for a slot at `endpoint`.
    pub fn wait_hint(&self, endpoint: &str) -> Duration {
        self.with_bucket(endpoint, |bucket| bucket.wait())
    }
}

fn headroom(limit: u32) -> f64 {
    (f64::from(limit) * HEADROOM).ceil().max(1.0)
}

fn burst(limit: u32) -> f64 {
    (f64::from(limit) - headroom(limit)).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_cut_to_the_capacity_then_paced() {
        let pacing = Pacing::new(40, Duration::from_secs(20));
        let start = tokio::time::Instant::now();
        for _ in 0..36 {
            pacing.slot("a").await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        pacing.slot("a").await;
        // 40 × 0.9 per 20 s = 1.8 per second.
        let waited = start.elapsed().as_secs_f64();
        assert!((waited - 1.0 / 1.8).abs() < 0.01, "{waited}");
    }

    #[tokio::test(start_paused = true)]
    async fn accounts_do_not_share_a_bucket() {
        let pacing = Pacing::new(4, Duration::from_secs(20));
        for _ in 0..3 {
            pacing.slot("a").await;
        }
        assert!(pacing.wait_hint("a") > Duration::ZERO);
        assert_eq!(pacing.wait_hint("b"), Duration::ZERO);
    }

    #[test]
    fn a_full_account_and_a_429_lower_the_bucket() {
        let pacing = Pacing::new(40, Duration::from_secs(20));
        pacing.observe("a", 30, 40);
        // 40 - 30 - 4 headroom = 6 calls left.
        let tokens = pacing.with_bucket("a", |b| b.tokens);
        assert!((tokens - 6.0).abs() < 0.01, "{tokens}");
        pacing.hold_off("a", Duration::from_secs(5));
        assert!(pacing.wait_hint("a") >= Duration::from_secs(5));
    }

    #[test]
    fn a_larger_reported_limit_raises_the_capacity() {
        let pacing = Pacing::new(40, Duration::from_secs(20));
        pacing.observe("a", 0, 80);
        let (capacity, per_second) = pacing.with_bucket("a", |b| (b.capacity, b.per_second));
        assert_eq!(capacity, 72.0);
        assert!((per_second - 3.6).abs() < 0.001);
    }
}
