//! Load benchmark: `POST /api/tickets` at concurrency 32 against an in-process stand-in with a
//! rate limit too high to matter. Prints requests per second and latency percentiles.
//!
//! Run: `cargo bench -p gorgias-standin --profile server --bench create_tickets`
//! (`BENCH_SECONDS` and `BENCH_CONCURRENCY` override the 5 s and 32 defaults).

use gorgias_standin::{AccountConfig, RateLimit, StandinConfig};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let seconds = setting("BENCH_SECONDS", 5);
    let concurrency = setting("BENCH_CONCURRENCY", 32) as usize;
    let config = StandinConfig {
        accounts: vec![AccountConfig::demo()],
        rate_limit: RateLimit {
            limit: u32::MAX,
            window: Duration::from_secs(1),
        },
        ..StandinConfig::default()
    };
    let standin = gorgias_standin::spawn(config)
        .await
        .expect("stand-in starts");
    let url = format!("{}/api/tickets", standin.account_url("acme").unwrap());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    for worker in 0..concurrency {
        let client = client.clone();
        let url = url.clone();
        let counter = counter.clone();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let body = json!({
                    "customer": {"email": format!("customer{}@example.test", n % 500), "name": "Bench Customer"},
                    "channel": "api", "via": "api", "from_agent": false,
                    "subject": "Claim: damaged item",
                    "external_id": format!("resolve-claim:{worker}-{n}"),
                    "language": "en",
                    "tags": [{"name": "resolve-claim"}, {"name": "defective"}],
                    "custom_fields": [{"id": 101, "value": "damage"}, {"id": 102, "value": format!("#{n}")}],
                    "messages": [{
                        "channel": "api", "via": "api", "from_agent": false,
                        "sender": {"email": format!("customer{}@example.test", n % 500), "name": "Bench Customer"},
                        "subject": "Claim: damaged item",
                        "body_text": "The item arrived damaged.",
                        "body_html": "<p>The item arrived <b>damaged</b>.</p>",
                        "attachments": [{"url": "https://uploads.example.test/a.jpg", "name": "a.jpg", "content_type": "image/jpeg", "size": 1000}]
                    }]
                });
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .basic_auth("agent@acme.test", Some("demo-key"))
                    .json(&body)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                        let _ = r.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (l, f) = worker.await.unwrap();
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "POST /api/tickets: {} created in {:.2} s at concurrency {} -> {:.0} requests/s; \
         latency p50 {:?} p99 {:?} max {:?}; failures {}; tickets stored {}",
        latencies.len(),
        elapsed.as_secs_f64(),
        concurrency,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        latencies.last().copied().unwrap_or_default(),
        failures,
        standin.received("acme").tickets.len(),
    );
}
