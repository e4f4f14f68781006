//! Claim intake under load: 1,000 JSON claims posted by 32 concurrent clients to a server running
//! in this process on a real SQLite file, printing claims per second and latency percentiles.
//!
//! `cargo bench -p resolve-server --profile server --bench intake-load`
//! (`BENCH_CLAIMS`, `BENCH_CONCURRENCY` change the numbers).

use std::sync::Arc;
use std::time::{Duration, Instant};

use resolve_server::config::Settings;
use resolve_server::secret::Secret;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

const OPERATOR: &str = "bench-operator-token";

fn number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn claim(number: usize) -> Value {
    json!({
        "flow_type": "defective", "reason": "damage", "resolution_preference": "refund",
        "description": "The mug arrived in pieces.", "language": "de",
        "customer": {"email": format!("buyer{number}@example.com"), "name": "Jane Doe"},
        "order": {"order_number": format!("#{number}"), "carrier": "DHL",
                  "tracking_number": "00340434161234567890", "shipment_phase": "delivered"},
        "items": [{"sku": "MUG-1", "title": "Blue mug", "quantity": 1}]
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let claims = number("BENCH_CLAIMS", 1000);
    let concurrency = number("BENCH_CONCURRENCY", 32);
    let data_dir = tempfile::tempdir()?;
    let mut settings = Settings::for_data_dir(data_dir.path());
    settings.operator_token = Some(Secret::new(OPERATOR));
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    let address = listener.local_addr()?;
    let state = resolve_server::startup::build_state(&settings, address).await?;
    tokio::spawn(resolve_server::startup::run(
        listener,
        state,
        std::future::pending(),
    ));
    let base = format!("http://{address}");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let shop: Value = http
        .post(format!("{base}/v1/shops"))
        .bearer_auth(OPERATOR)
        .json(&json!({"slug": "bench", "name": "Bench"}))
        .send()
        .await?
        .json()
        .await?;
    let key = shop["api_key"].as_str().expect("shop created").to_owned();
    let url = format!("{base}/v1/shops/bench/claims");

    let post = |n: usize| {
        let http = http.clone();
        let url = url.clone();
        let key = key.clone();
        async move {
            let started = Instant::now();
            let response = http
                .post(&url)
                .bearer_auth(&key)
                .json(&claim(n))
                .send()
                .await?;
            anyhow::ensure!(response.status() == 202, "answer {}", response.status());
            Ok::<Duration, anyhow::Error>(started.elapsed())
        }
    };
    for n in 0..concurrency {
        post(n).await?;
    }

    let gate = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(claims);
    for n in 0..claims {
        let permit = gate.clone().acquire_owned().await?;
        let request = post(concurrency + n);
        tasks.push(tokio::spawn(async move {
            let latency = request.await;
            drop(permit);
            latency
        }));
    }
    let mut latencies = Vec::with_capacity(claims);
    for task in tasks {
        latencies.push(task.await??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    println!(
        "intake: {claims} JSON claims at concurrency {concurrency} in {:.2} s = {:.0} claims/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        elapsed.as_secs_f64(),
        claims as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
    );
    Ok(())
}
