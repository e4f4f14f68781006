//! A burst of 300 claims across three shops, each on its own Gorgias account limited to 40
//! requests per 2 s: every claim becomes exactly one ticket, no account ever sees a 429, and the
//! drain time is printed next to what the rate limit allows.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use gorgias_standin::{AccountConfig, RateLimit, Role, UserConfig};
use reqwest::Method;
use serde_json::json;

use crate::support::{small_claim, spawn_app_with};

const LIMIT: u32 = 40;
const WINDOW: Duration = Duration::from_secs(2);
const PER_SHOP: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_across_three_shops_is_delivered_once_each_within_every_rate_limit() {
    let app = spawn_app_with(|settings| {
        settings.delivery.rate_limit = LIMIT;
        settings.delivery.rate_window_ms = WINDOW.as_millis() as u64;
        settings.delivery.workers = 8;
    })
    .await;
    let shops = ["north", "south", "west"];
    let mut keys = Vec::new();
    for shop in shops {
        let endpoint = app
            .gorgias
            .add_account(AccountConfig {
                name: shop.into(),
                users: vec![UserConfig {
                    email: format!("agent@{shop}.test"),
                    api_key: format!("{shop}-key-0001"),
                    role: Role::Admin,
                }],
                custom_fields: Vec::new(),
            })
            .await
            .unwrap();
        app.gorgias.set_rate_limit(
            shop,
            RateLimit {
                limit: LIMIT,
                window: WINDOW,
            },
        );
        let key = app.create_gorgias_shop(shop).await;
        let connected = app
            .call(
                Method::PUT,
                &format!("/v1/shops/{shop}/integrations/gorgias"),
                Some(&key),
                Some(json!({"endpoint": endpoint, "email": format!("agent@{shop}.test"), "api_key": format!("{shop}-key-0001")})),
            )
            .await;
        assert_eq!(connected.status, 200, "{}", connected.body);
        app.set_enabled(shop, &key, false).await;
        keys.push(key);
    }

    // Submitted while the integrations are off, so the drain starts for all at one moment.
    let mut ids: Vec<Vec<String>> = vec![Vec::new(); shops.len()];
    for number in 0..PER_SHOP {
        for (index, shop) in shops.iter().enumerate() {
            let answer = app
                .submit(shop, &keys[index], &small_claim(number), None)
                .await;
            assert_eq!(answer.status, 202, "{}", answer.body);
            ids[index].push(answer.body["id"].as_str().unwrap().to_owned());
        }
    }
    // Let the buckets empty after the connection checks.
    tokio::time::sleep(WINDOW).await;
    let before: Vec<usize> = shops
        .iter()
        .map(|s| app.gorgias.received(s).requests.len())
        .collect();

    let started = Instant::now();
    for (index, shop) in shops.iter().enumerate() {
        app.set_enabled(shop, &keys[index], true).await;
    }
    let deadline = started + Duration::from_secs(120);
    loop {
        let mut left = 0;
        for (index, shop) in shops.iter().enumerate() {
            left += app.integration(shop, &keys[index]).await["queued_claims"]
                .as_i64()
                .unwrap();
        }
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{left} claims still queued");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let drained = started.elapsed();

    let mut calls = Vec::new();
    let mut levels = Vec::new();
    for (index, shop) in shops.iter().enumerate() {
        let received = app.gorgias.received(shop);
        assert_eq!(received.tickets.len(), PER_SHOP, "{shop}");
        let external: BTreeSet<String> = received
            .tickets
            .iter()
            .map(|t| t["external_id"].as_str().unwrap().to_owned())
            .collect();
        let expected: BTreeSet<String> = ids[index]
            .iter()
            .map(|id| format!("resolve-claim:{id}"))
            .collect();
        assert_eq!(external, expected, "{shop}: each claim exactly once");
        assert!(
            received.requests.iter().all(|r| r.status != 429),
            "{shop} got a 429"
        );
        let level = app.gorgias.max_bucket_level(shop);
        assert!(level <= LIMIT, "{shop} reached {level}/{LIMIT}");
        levels.push(level);
        calls.push(received.requests.len() - before[index]);
        for id in &ids[index] {
            assert_eq!(
                app.claim(shop, &keys[index], id).await.body["status"],
                "delivered"
            );
        }
    }
    let busiest = *calls.iter().max().unwrap() as f64;
    let floor = busiest / (f64::from(LIMIT) / WINDOW.as_secs_f64());
    println!(
        "burst: {} claims, calls per account {calls:?}, highest bucket level {levels:?}/{LIMIT}, drained in {:.2} s; rate limit allows {:.2} s (calls / rate); ratio {:.2}",
        PER_SHOP * shops.len(),
        drained.as_secs_f64(),
        floor,
        drained.as_secs_f64() / floor
    );
}
