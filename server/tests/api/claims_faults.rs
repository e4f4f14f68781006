//! Delivery against a failing Gorgias: each fault the stand-in can inject, and what the claim,
//! the integration and the stand-in hold afterwards.

use std::time::Duration;

use gorgias_standin::FaultAction;
use serde_json::Value;

use crate::support::{fault, small_claim, spawn_app, spawn_app_with, TestApp};

/// Creates of tickets the stand-in answered with `status`.
fn ticket_posts(app: &TestApp, status: u16) -> usize {
    app.gorgias
        .received("acme")
        .requests
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with("/api/tickets") && r.status == status)
        .count()
}

#[tokio::test]
async fn server_errors_are_retried_until_the_ticket_is_created() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    app.gorgias
        .inject(fault("POST", "/api/tickets", 2, FaultAction::Status(503)));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 3);
    assert_eq!(ticket_posts(&app, 503), 2);
    assert_eq!(app.gorgias.received("acme").tickets.len(), 1);
    let integration = app.integration("acme", &key).await;
    assert_eq!(
        integration["last_error"]["code"], "gorgias_unreachable",
        "{integration}"
    );
    assert_eq!(integration["status"], "connected");
}

#[tokio::test]
async fn a_429_is_retried_no_earlier_than_retry_after() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    app.gorgias.inject(fault(
        "GET",
        "/api/tickets",
        1,
        FaultAction::StatusWithRetryAfter(429, 1),
    ));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 2);
    let requests = app.gorgias.received("acme").requests;
    let refused = requests
        .iter()
        .find(|r| r.status == 429)
        .expect("the 429 was served");
    let next = requests
        .iter()
        .find(|r| r.at > refused.at && r.path.starts_with("/api/tickets"))
        .expect("a later try");
    let waited = next.at.duration_since(refused.at).unwrap();
    assert!(
        waited >= Duration::from_millis(990),
        "retried after {waited:?}"
    );
    assert_eq!(app.gorgias.received("acme").tickets.len(), 1);
}

#[tokio::test]
async fn a_timeout_after_gorgias_created_the_ticket_does_not_make_a_second_one() {
    let app = spawn_app_with(|settings| settings.delivery.gorgias_timeout_ms = 300).await;
    let key = app.connected("acme").await;
    // The ticket is created, but only after our client gave up waiting for the answer.
    app.gorgias.inject(fault(
        "POST",
        "/api/tickets",
        1,
        FaultAction::Latency(Duration::from_millis(800)),
    ));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 2);
    let received = app.gorgias.received("acme");
    assert_eq!(received.tickets.len(), 1, "one ticket, not two");
    assert_eq!(claim["ticket"]["id"], received.tickets[0]["id"]);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    app.gorgias
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Drop));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 2);
    assert_eq!(ticket_posts(&app, 0), 1);
    assert_eq!(app.gorgias.received("acme").tickets.len(), 1);
}

#[tokio::test]
async fn revoked_credentials_make_claims_wait_until_the_merchant_reconnects() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    // Gorgias refuses the key on every ticket call from now on.
    app.gorgias
        .inject(fault("GET", "/api/tickets", 1000, FaultAction::Status(401)));
    let ids = [
        app.submitted("acme", &key, &small_claim(1)).await,
        app.submitted("acme", &key, &small_claim(2)).await,
    ];
    for id in &ids {
        let claim = app.wait_for("acme", &key, id, "waiting").await;
        assert_eq!(claim["last_error"]["code"], "gorgias_auth_failed");
    }
    let integration = app.integration("acme", &key).await;
    assert_eq!(integration["status"], "auth_failed");
    assert_eq!(integration["queued_claims"], 2);
    assert_eq!(integration["last_error"]["code"], "gorgias_auth_failed");
    let message = integration["last_error"]["message"].as_str().unwrap();
    assert!(
        message.contains("rejected the API key")
            && message.contains("Settings → Integrations → Gorgias"),
        "{message}"
    );
    assert!(integration["last_error"]["at"].is_string());
    assert!(app.gorgias.received("acme").tickets.is_empty());

    // The merchant fixes the key in Gorgias and connects again.
    let cleared = reqwest::Client::new()
        .delete(format!("{}/control/faults", app.gorgias.control_url()))
        .send()
        .await
        .unwrap();
    assert!(cleared.status().is_success());
    assert_eq!(app.connect("acme", &key).await.status, 200);
    for id in &ids {
        app.wait_for("acme", &key, id, "delivered").await;
    }
    let integration = app.integration("acme", &key).await;
    assert_eq!(
        (
            integration["status"].clone(),
            integration["last_error"].clone()
        ),
        ("connected".into(), Value::Null)
    );
    assert_eq!(app.gorgias.received("acme").tickets.len(), 2);
}

#[tokio::test]
async fn a_refused_ticket_fails_with_the_gorgias_message_and_can_be_retried() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    app.gorgias
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Status(400)));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "failed").await;
    assert_eq!(claim["attempts"], 1);
    assert_eq!(claim["last_error"]["code"], "gorgias_refused");
    let message = claim["last_error"]["message"].as_str().unwrap();
    assert!(
        message.contains("HTTP 400") && message.contains("Bad Request"),
        "{message}"
    );
    let integration = app.integration("acme", &key).await;
    assert_eq!(integration["failed_claims"], 1);
    assert_eq!(integration["last_error"]["code"], "gorgias_refused");
    // Failed is final until someone asks: nothing more reaches Gorgias.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(ticket_posts(&app, 400), 1);
    assert!(app.gorgias.received("acme").tickets.is_empty());

    let retried = app.retry("acme", &key, &id).await;
    assert_eq!(retried.status, 202, "{}", retried.body);
    assert_eq!(retried.body["status"], "queued");
    app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(app.gorgias.received("acme").tickets.len(), 1);
    assert_eq!(app.integration("acme", &key).await["failed_claims"], 0);
}
