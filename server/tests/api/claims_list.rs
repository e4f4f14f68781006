//! The shop's claim list: newest first, by status, a page at a time, and only the shop's own.

use std::collections::BTreeSet;

use gorgias_standin::FaultAction;
use reqwest::Method;
use serde_json::Value;

use crate::support::{fault, small_claim, spawn_app, TestApp};

async fn list(app: &TestApp, key: &str, query: &str) -> Value {
    let answer = app
        .call(
            Method::GET,
            &format!("/v1/shops/acme/claims{query}"),
            Some(key),
            None,
        )
        .await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.body);
    answer.body
}

fn ids(page: &Value) -> Vec<String> {
    page["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn claims_are_listed_newest_first_a_page_at_a_time() {
    let app = spawn_app().await;
    // Not connected: every claim waits, which is enough to list them.
    let key = app.create_shop("acme").await;
    let mut submitted = Vec::new();
    for number in 0..5 {
        submitted.push(app.submitted("acme", &key, &small_claim(number)).await);
    }

    let all = list(&app, &key, "").await;
    assert_eq!(all["next_cursor"], Value::Null);
    let listed = ids(&all);
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>(),
        submitted.iter().collect::<BTreeSet<_>>()
    );
    let claims = all["claims"].as_array().unwrap();
    // Newest first; claims of the same second by id.
    let order: Vec<(String, String)> = claims
        .iter()
        .map(|c| {
            (
                c["created_at"].as_str().unwrap().to_owned(),
                c["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, sorted);
    let first = claims
        .iter()
        .find(|c| c["id"] == submitted[0].as_str())
        .unwrap();
    let sample = small_claim(0);
    assert_eq!(first["status"], "waiting");
    assert_eq!(first["order_number"], sample["order"]["order_number"]);
    assert_eq!(first["flow_type"], sample["flow_type"]);
    assert_eq!(first["ticket"], Value::Null);
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));

    // Pages of two cover every claim once, in the same order.
    let mut paged = Vec::new();
    let mut query = "?limit=2".to_owned();
    let mut pages = 0;
    loop {
        let page = list(&app, &key, &query).await;
        pages += 1;
        assert!(ids(&page).len() <= 2);
        paged.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&after={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(paged, listed);
}

#[tokio::test]
async fn the_status_filter_finds_the_failed_claim_to_retry() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    let delivered = app.submitted("acme", &key, &small_claim(1)).await;
    app.wait_for("acme", &key, &delivered, "delivered").await;
    app.gorgias
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Status(400)));
    let failed = app.submitted("acme", &key, &small_claim(2)).await;
    app.wait_for("acme", &key, &failed, "failed").await;

    let page = list(&app, &key, "?status=failed").await;
    assert_eq!(ids(&page), vec![failed.clone()]);
    assert_eq!(page["claims"][0]["last_error"]["code"], "gorgias_refused");
    let page = list(&app, &key, "?status=delivered").await;
    assert_eq!(ids(&page), vec![delivered.clone()]);
    let ticket = &page["claims"][0]["ticket"];
    assert!(
        ticket["id"].is_i64() && ticket["url"].is_string(),
        "{ticket}"
    );
    assert_eq!(
        ids(&list(&app, &key, "?status=queued").await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn a_wrong_query_is_refused_with_the_parameter_named() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    for (query, field) in [
        ("?status=lost", "status"),
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=ten", "limit"),
        ("?after=yesterday", "after"),
        ("?after=2026-11-29T10:00:00Z~not-a-uuid", "after"),
        ("?sort=oldest", "query"),
    ] {
        let answer = app
            .call(
                Method::GET,
                &format!("/v1/shops/acme/claims{query}"),
                Some(&key),
                None,
            )
            .await;
        assert_eq!(answer.status, 422, "{query}");
        assert_eq!(answer.code(), "invalid_query", "{query}");
        assert_eq!(answer.body["error"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn a_shop_sees_only_its_own_claims() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let other = app.create_shop("other").await;
    assert_eq!(
        app.submit("acme", &key, &small_claim(1), None).await.status,
        202
    );
    let theirs = app
        .call(Method::GET, "/v1/shops/other/claims", Some(&other), None)
        .await;
    assert_eq!(theirs.body["claims"], serde_json::json!([]));
    let snooping = app
        .call(Method::GET, "/v1/shops/acme/claims", Some(&other), None)
        .await;
    assert_eq!(snooping.status, 404);
    assert_eq!(ids(&list(&app, &key, "").await).len(), 1);
}
