//! The per-account leaky bucket behind `X-Gorgias-Account-Api-Call-Limit` and 429.

use crate::config::RateLimit;
use std::time::{Duration, Instant};

/// A leaky bucket that drains `limit` requests evenly over `window`.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// The current size and speed of the bucket.
    pub limit: RateLimit,
    /// How full the bucket is, in requests, as of `updated`.
    level: f64,
    /// When `level` was last brought up to date.
    updated: Instant,
    /// The highest level demanded so far; a refused request counts, so above `limit` means a 429.
    max_level: u32,
}

/// What the bucket says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Let through; `used` goes in the call-limit header.
    Allowed {
        /// The level after this request, rounded up.
        used: u32,
    },
    /// Refused with 429; `retry_after` whole seconds (at least 1) until one request fits.
    Refused {
        /// The level, rounded up (equal to the limit).
        used: u32,
        /// What goes in `Retry-after`.
        retry_after: u64,
    },
}

impl Bucket {
    /// An empty bucket.
    pub fn new(limit: RateLimit, now: Instant) -> Self {
        Bucket {
            limit,
            level: 0.0,
            updated: now,
            max_level: 0,
        }
    }

    /// Requests drained per second.
    fn rate(&self) -> f64 {
        f64::from(self.limit.limit) / self.limit.window.as_secs_f64()
    }

    fn drain(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.level = (self.level - elapsed * self.rate()).max(0.0);
        self.updated = now;
    }

    /// Adds one request if it fits; a refused request leaves the level as it was.
    pub fn admit(&mut self, now: Instant) -> Admission {
        self.drain(now);
        let limit = f64::from(self.limit.limit);
        // The small slack absorbs float rounding of the drain.
        if self.level + 1.0 > limit + 1e-9 {
            self.max_level = self.max_level.max(self.limit.limit + 1);
            let wait = (self.level + 1.0 - limit) / self.rate();
            return Admission::Refused {
                used: self.used(),
                retry_after: (wait.ceil() as u64).max(1),
            };
        }
        self.level += 1.0;
        let used = self.used();
        self.max_level = self.max_level.max(used);
        Admission::Allowed { used }
    }

    /// The current level rounded up, for the call-limit header of answers that do not count.
    pub fn peek(&mut self, now: Instant) -> u32 {
        self.drain(now);
        self.used()
    }

    fn used(&self) -> u32 {
        (self.level - 1e-9).ceil().max(0.0) as u32
    }

    /// The highest level demanded so far (above the limit once a request was refused).
    pub fn max_level(&self) -> u32 {
        self.max_level
    }

    /// Changes size and speed, keeping the current level.
    pub fn set_limit(&mut self, limit: RateLimit, now: Instant) {
        self.drain(now);
        self.limit = limit;
    }

    /// Time until the bucket is empty again (handy for tests of clients).
    pub fn time_to_empty(&mut self, now: Instant) -> Duration {
        self.drain(now);
        Duration::from_secs_f64(self.level / self.rate())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn four_per_400ms() -> RateLimit {
        RateLimit {
            limit: 4,
            window: Duration::from_millis(400),
        }
    }

    #[test]
    fn fills_refuses_and_drains() {
        let t0 = Instant::now();
        let mut bucket = Bucket::new(four_per_400ms(), t0);
        for expected in 1..=4 {
            assert_eq!(bucket.admit(t0), Admission::Allowed { used: expected });
        }
        assert_eq!(
            bucket.admit(t0),
            Admission::Refused {
                used: 4,
                retry_after: 1
            }
        );
        assert_eq!(bucket.max_level(), 5);
        // One request drains every 100 ms.
        let t1 = t0 + Duration::from_millis(100);
        assert_eq!(bucket.admit(t1), Admission::Allowed { used: 4 });
        let t2 = t1 + Duration::from_millis(400);
        assert_eq!(bucket.peek(t2), 0);
    }

    #[test]
    fn retry_after_counts_whole_seconds_to_the_next_free_slot() {
        let t0 = Instant::now();
        let mut bucket = Bucket::new(RateLimit::default(), t0);
        for _ in 0..40 {
            assert!(matches!(bucket.admit(t0), Admission::Allowed { .. }));
        }
        // 40 per 20 s drains one request every 500 ms: one second rounds up from 0.5.
        assert_eq!(
            bucket.admit(t0),
            Admission::Refused {
                used: 40,
                retry_after: 1
            }
        );
        let mut slow = Bucket::new(
            RateLimit {
                limit: 2,
                window: Duration::from_secs(10),
            },
            t0,
        );
        slow.admit(t0);
        slow.admit(t0);
        assert_eq!(
            slow.admit(t0),
            Admission::Refused {
                used: 2,
                retry_after: 5
            }
        );
    }
}
