//! Injected faults: a status for the next N calls, latency, a dropped connection; from Rust and
//! from the control API.

use crate::support::*;
use gorgias_standin::{Fault, FaultAction};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn the_next_n_calls_answer_the_injected_status() {
    let env = start().await;
    env.standin
        .inject(fault("POST", "/api/tickets", 2, FaultAction::Status(503)));
    for _ in 0..2 {
        let response = env.post_ticket(&first_ticket()).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(response
            .headers()
            .contains_key("x-gorgias-account-api-call-limit"));
        assert!(json_body(response).await["error"]["msg"].is_string());
    }
    // Other methods and routes are untouched.
    let listed = env.get("/api/tickets", AGENT).await;
    assert_eq!(listed.status(), StatusCode::OK);
    let third = env.post_ticket(&first_ticket()).await;
    assert_eq!(third.status(), StatusCode::CREATED);
    assert_eq!(env.standin.received("acme").tickets.len(), 1);
}

#[tokio::test]
async fn an_injected_429_carries_retry_after() {
    let env = start().await;
    env.standin.inject(fault(
        "POST",
        "/api/tickets",
        1,
        FaultAction::StatusWithRetryAfter(429, 7),
    ));
    env.standin
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Status(429)));
    let first = env.post_ticket(&first_ticket()).await;
    assert_eq!(first.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(first.headers()["retry-after"], "7");
    assert_eq!(
        json_body(first).await,
        json!({"error": {"msg": "Too many requests."}})
    );
    let second = env.post_ticket(&first_ticket()).await;
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(second.headers()["retry-after"], "1");
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let env = start().await;
    env.standin.inject(fault(
        "POST",
        "/api/tickets",
        1,
        FaultAction::Latency(Duration::from_millis(300)),
    ));
    let started = Instant::now();
    let response = env.post_ticket(&first_ticket()).await;
    let slow = started.elapsed();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(slow >= Duration::from_millis(300), "took {slow:?}");
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer() {
    let env = start().await;
    env.standin
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Drop));
    let outcome = env.post_ticket_raw(&first_ticket()).await;
    let error = outcome.expect_err("the connection closes without an answer");
    assert!(!error.is_status(), "{error}");
    let requests = env.standin.received("acme").requests;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, 0);
    assert!(env.standin.received("acme").tickets.is_empty());

    // The next call is served normally.
    let again = env.post_ticket(&first_ticket()).await;
    assert_eq!(again.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn faults_can_be_limited_to_an_account_or_left_open() {
    let env = start().await;
    let mut other = acme();
    other.name = "other".into();
    let other_url = env.standin.add_account(other).await.unwrap();
    env.standin.inject(Fault {
        account: Some("other".into()),
        method: None,
        path_prefix: "/api/".into(),
        times: 1,
        action: FaultAction::Status(500),
    });
    let acme = env.get_account().await;
    assert_eq!(acme.status(), StatusCode::OK);
    let other = env.get_account_at(&other_url).await;
    assert_eq!(other.status(), StatusCode::INTERNAL_SERVER_ERROR);

    // Without an account or method, any account's matching call is hit.
    env.standin.inject(Fault {
        account: None,
        method: None,
        path_prefix: "/api/account".into(),
        times: 1,
        action: FaultAction::Status(502),
    });
    let any = env.get_account().await;
    assert_eq!(any.status(), StatusCode::BAD_GATEWAY);
}

#[tokio::test]
async fn the_control_api_injects_lists_and_clears_faults() {
    let env = start().await;
    let add = |body: serde_json::Value| {
        env.http
            .post(env.control("/control/faults"))
            .json(&body)
            .send()
    };
    let created = add(json!({
        "account": "acme", "method": "POST", "path_prefix": "/api/tickets",
        "times": 1, "action": "status", "status": 429, "retry_after": 3
    }))
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let response = env.post_ticket(&first_ticket()).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "3");

    add(json!({"path_prefix": "/api/account", "action": "latency", "latency_ms": 200}))
        .await
        .unwrap();
    let started = Instant::now();
    let slow = env.get_account().await;
    assert_eq!(slow.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(200));

    add(json!({"path_prefix": "/api/tickets", "action": "drop"}))
        .await
        .unwrap();
    assert!(env.post_ticket_raw(&first_ticket()).await.is_err());

    add(json!({"path_prefix": "/api/tickets", "action": "status", "status": 500, "times": 5}))
        .await
        .unwrap();
    let listed = json_body(env.control_get("/control/faults").await).await;
    assert_eq!(listed["faults"][0]["times"], 5);
    assert_eq!(listed["faults"][0]["status"], 500);
    let cleared = env
        .http
        .delete(env.control("/control/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let served = env.post_ticket(&first_ticket()).await;
    assert_eq!(served.status(), StatusCode::CREATED);

    for bad in [
        json!({"path_prefix": "/api/tickets", "action": "status"}),
        json!({"path_prefix": "api/tickets", "action": "drop"}),
        json!({"path_prefix": "/api/tickets", "action": "explode"}),
        json!({"path_prefix": "/api/tickets", "action": "drop", "account": "nope"}),
        json!({"path_prefix": "/api/tickets", "action": "drop", "when": "now"}),
    ] {
        let response = add(bad.clone()).await.unwrap();
        assert!(response.status().is_client_error(), "{bad}");
        assert!(json_body(response).await["error"].is_string(), "{bad}");
    }
}
