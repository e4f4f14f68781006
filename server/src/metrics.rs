//! What `GET /metrics` shows: counters and histograms kept in process, written in the Prometheus
//! (OpenMetrics) text format by `prometheus-client`.
//!
//! Labels only ever take a handful of values (an outcome, a Gorgias route template, a status
//! class), never a shop, a claim or a URL, so the number of series stays small however many
//! merchants the server has. Claims by status are read from the database when scraped, so they
//! are right across restarts and replicas.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

use crate::delivery::Outcome;
use crate::embed::Hidden;
use crate::gorgias::Route;

/// The `Content-Type` of a scrape.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What a webhook event became, for `resolve_webhook_events_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookResult {
    /// A claim created or updated from it.
    Accepted,
    /// The same event again: answered as the first time.
    Duplicate,
    /// An event we do not act on.
    Ignored,
    /// Missing, wrong or stale signature.
    InvalidSignature,
    /// Signed, but not a claim event we can read.
    InvalidEvent,
    /// Unknown shop or no enabled Karla integration.
    NotFound,
}

impl WebhookResult {
    const ALL: [Self; 6] = [
        Self::Accepted,
        Self::Duplicate,
        Self::Ignored,
        Self::InvalidSignature,
        Self::InvalidEvent,
        Self::NotFound,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
            Self::InvalidSignature => "invalid_signature",
            Self::InvalidEvent => "invalid_event",
            Self::NotFound => "not_found",
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: &'static str,
    route: &'static str,
    status: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabel {
    decision: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// Gorgias answers in milliseconds to seconds: 5 ms doubling to about 20 s.
fn call_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

/// The metrics of one server; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    claims: Family<StatusLabel, Gauge>,
    delivery_attempts: Family<OutcomeLabel, Counter>,
    gorgias_calls: Family<CallLabels, Counter>,
    gorgias_latency: HistogramFamily<RouteLabels>,
    gorgias_rate_limited: Family<RouteLabels, Counter>,
    queue_wait: Histogram,
    embed_answers: Family<DecisionLabel, Counter>,
    webhook_events: Family<ResultLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every series at zero.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("resolve");
        let claims = Family::<StatusLabel, Gauge>::default();
        registry.register("claims", "Claims by status", claims.clone());
        let delivery_attempts = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "delivery_attempts",
            "Delivery attempts by outcome (delivered, retry, failed, waiting, credentials_refused)",
            delivery_attempts.clone(),
        );
        let gorgias_calls = Family::<CallLabels, Counter>::default();
        registry.register(
            "gorgias_calls",
            "Calls to Gorgias by route and status class (error: no answer)",
            gorgias_calls.clone(),
        );
        let gorgias_latency: HistogramFamily<RouteLabels> =
            Family::new_with_constructor(call_buckets);
        registry.register_with_unit(
            "gorgias_call_duration",
            "Time from sending a call to Gorgias to its answer (pacing waits excluded)",
            Unit::Seconds,
            gorgias_latency.clone(),
        );
        let gorgias_rate_limited = Family::<RouteLabels, Counter>::default();
        registry.register(
            "gorgias_rate_limited",
            "HTTP 429 answers received from Gorgias",
            gorgias_rate_limited.clone(),
        );
        // From 10 ms to about 3 hours: a claim due now is usually leased within milliseconds,
        // one held back by a busy account or a stopped server waits much longer.
        let queue_wait = Histogram::new(exponential_buckets(0.01, 4.0, 11));
        registry.register_with_unit(
            "queue_wait",
            "Time a due claim waited in the queue until a worker took it",
            Unit::Seconds,
            queue_wait.clone(),
        );
        let embed_answers = Family::<DecisionLabel, Counter>::default();
        registry.register(
            "embed_answers",
            "Embed answers by decision (show or the reason the tile is hidden)",
            embed_answers.clone(),
        );
        let webhook_events = Family::<ResultLabel, Counter>::default();
        registry.register(
            "webhook_events",
            "Karla webhook events by result",
            webhook_events.clone(),
        );
        let metrics = Self {
            registry,
            claims,
            delivery_attempts,
            gorgias_calls,
            gorgias_latency,
            gorgias_rate_limited,
            queue_wait,
            embed_answers,
            webhook_events,
        };
        // Series that exist before their first event, so dashboards and alerts see a 0 rather
        // than nothing.
        for status in crate::store::CLAIM_STATUSES {
            let _ = metrics.claims.get_or_create(&StatusLabel { status });
        }
        for outcome in OUTCOMES {
            let _ = metrics
                .delivery_attempts
                .get_or_create(&OutcomeLabel { outcome });
        }
        for decision in DECISIONS {
            let _ = metrics
                .embed_answers
                .get_or_create(&DecisionLabel { decision });
        }
        for result in WebhookResult::ALL {
            let _ = metrics.webhook_events.get_or_create(&ResultLabel {
                result: result.label(),
            });
        }
        metrics
    }

    /// One delivery attempt ended with `outcome`.
    pub fn delivery_attempt(&self, outcome: &Outcome) {
        let outcome = match outcome {
            Outcome::Delivered { .. } => "delivered",
            Outcome::Retry { .. } => "retry",
            Outcome::Failed(_) => "failed",
            Outcome::Waiting(_) => "waiting",
            Outcome::CredentialsRefused { .. } => "credentials_refused",
        };
        self.delivery_attempts
            .get_or_create(&OutcomeLabel { outcome })
            .inc();
    }

    /// A worker leased a claim that had been due for `waited`.
    pub fn queue_wait(&self, waited: Duration) {
        self.queue_wait.observe(waited.as_secs_f64());
    }

    /// A call to Gorgias answered `status` (`None`: no answer) after `elapsed`.
    pub fn gorgias_call(&self, route: Route, status: Option<u16>, elapsed: Duration) {
        let (method, route) = route.parts();
        self.gorgias_calls
            .get_or_create(&CallLabels {
                method,
                route,
                status: status_class(status),
            })
            .inc();
        self.gorgias_latency
            .get_or_create(&RouteLabels { method, route })
            .observe(elapsed.as_secs_f64());
        if status == Some(429) {
            self.gorgias_rate_limited
                .get_or_create(&RouteLabels { method, route })
                .inc();
        }
    }

    /// The embed endpoint showed the tile (`None`) or hid it for `hidden`.
    pub fn embed_answer(&self, hidden: Option<&Hidden>) {
        // Named here rather than taken from the answer, so the label set stays bounded.
        let decision = match hidden {
            None => "show",
            Some(Hidden::UnknownShop) => "unknown_shop",
            Some(Hidden::OriginMismatch) => "origin_mismatch",
            Some(_) => "url_not_whitelisted",
        };
        self.embed_answers
            .get_or_create(&DecisionLabel { decision })
            .inc();
    }

    /// A Karla webhook event was answered with `result`.
    pub fn webhook_event(&self, result: WebhookResult) {
        self.webhook_events
            .get_or_create(&ResultLabel {
                result: result.label(),
            })
            .inc();
    }

    /// The scrape: `claims` is the count per claim status read just now; statuses missing from
    /// it have no claims.
    pub fn encode(&self, claims: &[(String, i64)]) -> String {
        for status in crate::store::CLAIM_STATUSES {
            let count = claims
                .iter()
                .find(|(name, _)| name == status)
                .map_or(0, |(_, count)| *count);
            self.claims
                .get_or_create(&StatusLabel { status })
                .set(count);
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

const OUTCOMES: [&str; 5] = [
    "delivered",
    "retry",
    "failed",
    "waiting",
    "credentials_refused",
];

const DECISIONS: [&str; 4] = [
    "show",
    "url_not_whitelisted",
    "unknown_shop",
    "origin_mismatch",
];

/// `2xx`, `4xx`, …, or `error` when no answer came (timeout, refused or dropped connection).
fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(100..=199) => "1xx",
        Some(200..=299) => "2xx",
        Some(300..=399) => "3xx",
        Some(400..=499) => "4xx",
        Some(500..=599) => "5xx",
        _ => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, start: &str) -> &'a str {
        text.lines()
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start} in\n{text}"))
    }

    #[test]
    fn every_series_is_there_from_the_start_at_zero() {
        let text = Metrics::new().encode(&[]);
        assert_eq!(
            line(&text, "resolve_claims{status=\"queued\"}"),
            "resolve_claims{status=\"queued\"} 0"
        );
        assert!(text.contains("resolve_delivery_attempts_total{outcome=\"delivered\"} 0"));
        assert!(text.contains("resolve_embed_answers_total{decision=\"show\"} 0"));
        assert!(text.contains("resolve_webhook_events_total{result=\"invalid_signature\"} 0"));
        assert!(text.contains("resolve_queue_wait_seconds_count 0"));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn calls_are_counted_by_route_and_status_class_with_their_latency() {
        let metrics = Metrics::new();
        metrics.gorgias_call(Route::CreateTicket, Some(201), Duration::from_millis(30));
        metrics.gorgias_call(Route::CreateTicket, Some(429), Duration::from_millis(2));
        metrics.gorgias_call(Route::CreateTicket, None, Duration::from_secs(15));
        let text = metrics.encode(&[("delivered".into(), 3)]);
        let labels = "method=\"POST\",route=\"/api/tickets\"";
        for (status, count) in [("2xx", 1), ("4xx", 1), ("error", 1)] {
            let series =
                format!("resolve_gorgias_calls_total{{{labels},status=\"{status}\"}} {count}");
            assert!(text.contains(&series), "{series} in\n{text}");
        }
        assert!(text.contains(&format!("resolve_gorgias_rate_limited_total{{{labels}}} 1")));
        assert!(text.contains(&format!(
            "resolve_gorgias_call_duration_seconds_count{{{labels}}} 3"
        )));
        // 30 ms falls in the 40 ms bucket, with the 2 ms call below it.
        assert!(
            text.contains(&format!(
                "resolve_gorgias_call_duration_seconds_bucket{{le=\"0.04\",{labels}}} 2"
            )),
            "{text}"
        );
        assert!(text.contains("resolve_claims{status=\"delivered\"} 3"));
        assert!(text.contains("resolve_claims{status=\"failed\"} 0"));
    }

    #[test]
    fn status_classes_are_bounded() {
        assert_eq!(status_class(Some(200)), "2xx");
        assert_eq!(status_class(Some(503)), "5xx");
        assert_eq!(status_class(Some(999)), "error");
        assert_eq!(status_class(None), "error");
    }
}
