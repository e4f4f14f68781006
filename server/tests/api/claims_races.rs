//! Delivery while something else happens at the same time: a slow Gorgias outlasting the lease,
//! and the merchant reconnecting while an attempt with the old credentials is still running.

use std::time::Duration;

use gorgias_standin::FaultAction;

use crate::support::{fault, small_claim, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_create_slower_than_the_lease_does_not_make_a_second_ticket() {
    // The shortest lease (1 s) and a ticket call that takes 2.5 s: the worker must keep its lease
    // while it waits, or another worker takes the claim over, finds no ticket yet and creates one.
    let app = spawn_app_with(|settings| settings.delivery.lease_ms = 1_000).await;
    let key = app.connected("acme").await;
    app.gorgias.inject(fault(
        "POST",
        "/api/tickets",
        1,
        FaultAction::Latency(Duration::from_millis(2_500)),
    ));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    // Give a second delivery, had one started, the time to finish its ticket.
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    let tickets = app.gorgias.received("acme").tickets;
    assert_eq!(tickets.len(), 1, "tickets for one claim: {tickets:?}");
    assert_eq!(claim["attempts"], 1, "{claim}");
}

#[tokio::test]
async fn credentials_refused_after_the_merchant_reconnected_do_not_leave_the_claim_waiting() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    // The lookup with the first credentials is slow and then refused (the key was revoked);
    // meanwhile the merchant reconnects with credentials that pass the live check.
    app.gorgias.inject(fault(
        "GET",
        "/api/tickets",
        1,
        FaultAction::Latency(Duration::from_millis(1_500)),
    ));
    app.gorgias
        .inject(fault("GET", "/api/tickets", 1, FaultAction::Status(401)));
    let id = app.submitted("acme", &key, &small_claim(1)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.connect("acme", &key).await.status, 200);
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert!(claim["ticket"]["id"].is_u64(), "{claim}");
    assert_eq!(app.integration("acme", &key).await["status"], "connected");
}
