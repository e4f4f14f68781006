//! The leaky bucket: call-limit header, 429 with `Retry-after`, draining over time, and the
//! highest level reached.

use crate::support::*;
use gorgias_standin::RateLimit;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn the_bucket_fills_refuses_and_drains() {
    let env = start().await;
    // 4 per 4 s drains one request a second: the burst below takes far less, even on a busy
    // machine.
    env.standin.set_rate_limit(
        "acme",
        RateLimit {
            limit: 4,
            window: Duration::from_secs(4),
        },
    );
    for used in 1..=4 {
        let response = env.get_account().await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["x-gorgias-account-api-call-limit"],
            format!("{used}/4").as_str()
        );
    }
    assert_eq!(env.standin.max_bucket_level("acme"), 4);

    let refused = env.get_account().await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()["retry-after"], "1");
    assert_eq!(refused.headers()["x-gorgias-account-api-call-limit"], "4/4");
    assert_eq!(
        json_body(refused).await,
        json!({"error": {"msg": "Too many requests."}})
    );
    // The refused call shows as a level above the limit.
    assert_eq!(env.standin.max_bucket_level("acme"), 5);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let after_wait = env.get_account().await;
    assert_eq!(after_wait.status(), StatusCode::OK);

    let statuses: Vec<u16> = env
        .standin
        .received("acme")
        .requests
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![200, 200, 200, 200, 429, 200]);
}

#[tokio::test]
async fn a_paced_client_never_goes_over_the_limit() {
    let env = start().await;
    env.standin.set_rate_limit(
        "acme",
        RateLimit {
            limit: 4,
            window: Duration::from_millis(400),
        },
    );
    // One call every 150 ms is slower than the 100 ms drain: the bucket never fills.
    for _ in 0..5 {
        let response = env.get_account().await;
        assert_eq!(response.status(), StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let max = env.standin.max_bucket_level("acme");
    assert!((1..=4).contains(&max), "max bucket level {max}");
}

#[tokio::test]
async fn the_default_is_40_per_20_seconds_and_the_control_api_changes_it() {
    let mut config = config();
    config.rate_limit = RateLimit::default();
    let env = start_with(config).await;
    let response = env.get_account().await;
    assert_eq!(
        response.headers()["x-gorgias-account-api-call-limit"],
        "1/40"
    );

    let changed = env
        .control_post(
            "/control/rate-limit",
            &json!({"account": "acme", "limit": 2, "window_ms": 60000}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let second = env.get_account().await;
    assert_eq!(second.headers()["x-gorgias-account-api-call-limit"], "2/2");
    let third = env.get_account().await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    // Two per minute drains one every 30 s.
    assert_eq!(third.headers()["retry-after"], "30");

    let bad = env
        .control_post(
            "/control/rate-limit",
            &json!({"account": "acme", "limit": 0, "window_ms": 1000}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let unknown = env
        .control_post(
            "/control/rate-limit",
            &json!({"account": "nope", "limit": 5, "window_ms": 1000}),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn accounts_have_separate_buckets() {
    let env = start().await;
    let mut other = acme();
    other.name = "other".into();
    let other_url = env.standin.add_account(other).await.unwrap();
    env.standin.set_rate_limit(
        "acme",
        RateLimit {
            limit: 1,
            window: Duration::from_secs(60),
        },
    );
    let first = env.get_account().await;
    assert_eq!(first.status(), StatusCode::OK);
    let second = env.get_account().await;
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = env.get_account_at(&other_url).await;
    assert_eq!(elsewhere.status(), StatusCode::OK);
    assert_eq!(json_body(elsewhere).await["domain"], "other");
}
