//! The Help Center whitelist calls.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{spawn_app, Answer, TestApp, OPERATOR};

const URLS: &str = "/v1/shops/acme/help-center/urls";

/// Approves the URL `id` of shop `acme` as `token`.
async fn approve(app: &TestApp, id: &Value, token: &str) -> Answer {
    app.call(
        Method::POST,
        &format!("{URLS}/{id}/approve"),
        Some(token),
        None,
    )
    .await
}

#[tokio::test]
async fn merchant_urls_wait_for_the_operator_to_approve() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let added = app
        .add_url("acme", &key, " https://help.acme.com/en-US/returns-123 ")
        .await;
    assert_eq!(added.status, 201);
    assert_eq!(added.body["status"], "pending");
    assert_eq!(added.body["url"], "https://help.acme.com/en-US/returns-123");
    let id = added.body["id"].clone();

    let by_merchant = approve(&app, &id, &key).await;
    assert_eq!(by_merchant.status, 403);
    assert_eq!(by_merchant.code(), "operator_only");

    let approved = approve(&app, &id, OPERATOR).await;
    assert_eq!(approved.status, 200);
    assert_eq!(
        approved.body,
        json!({"id": id, "url": "https://help.acme.com/en-US/returns-123", "status": "approved"})
    );

    let listed = app.call(Method::GET, URLS, Some(&key), None).await;
    assert_eq!(listed.body, json!({"urls": [approved.body]}));
}

#[tokio::test]
async fn operator_urls_are_approved_at_once() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let added = app
        .add_url("acme", OPERATOR, "https://acme.gorgias.help/*")
        .await;
    assert_eq!(added.status, 201);
    assert_eq!(added.body["status"], "approved");
}

#[tokio::test]
async fn insecure_or_relative_urls_are_invalid() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    for url in [
        "http://help.acme.com/x",
        "help.acme.com",
        "https://me:pw@help.acme.com/",
        "javascript:alert(1)",
    ] {
        let answer = app.add_url("acme", &key, url).await;
        assert_eq!(answer.status, 422, "{url}");
        assert_eq!(answer.code(), "invalid_url");
        assert_eq!(answer.body["error"]["field"], "url");
    }
    for url in ["http://localhost:5173/en-US", "http://127.0.0.1:8080/x-1"] {
        let answer = app.add_url("acme", &key, url).await;
        assert_eq!(answer.status, 201, "{url}");
    }
}

#[tokio::test]
async fn the_same_url_twice_is_a_conflict() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let body = json!({"url": "https://help.acme.com/en-US/x-1"});
    app.call(Method::POST, URLS, Some(&key), Some(body.clone()))
        .await;
    let again = app.call(Method::POST, URLS, Some(&key), Some(body)).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.code(), "url_exists");
}

#[tokio::test]
async fn deleting_a_url_and_unknown_ids() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let added = app
        .add_url("acme", &key, "https://help.acme.com/en-US/x-1")
        .await;
    let id = added.body["id"].clone();
    assert_eq!(
        app.call(Method::DELETE, &format!("{URLS}/{id}"), Some(&key), None)
            .await
            .status,
        204
    );
    for path in [format!("{URLS}/{id}"), format!("{URLS}/abc")] {
        let again = app.call(Method::DELETE, &path, Some(&key), None).await;
        assert_eq!(again.status, 404, "{path}");
        assert_eq!(again.code(), "url_not_found");
    }
    let approve_missing = approve(&app, &json!(999), OPERATOR).await;
    assert_eq!(approve_missing.code(), "url_not_found");
}

#[tokio::test]
async fn a_url_id_of_another_shop_is_not_found() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let globex_key = app.create_shop("globex").await;
    let added = app
        .add_url("acme", OPERATOR, "https://help.acme.com/en-US/x-1")
        .await;
    let id = added.body["id"].clone();
    let through_globex = app
        .call(
            Method::DELETE,
            &format!("/v1/shops/globex/help-center/urls/{id}"),
            Some(&globex_key),
            None,
        )
        .await;
    assert_eq!(through_globex.status, 404);
    let listed = app.call(Method::GET, URLS, Some(OPERATOR), None).await;
    assert_eq!(
        listed.body["urls"].as_array().unwrap().len(),
        1,
        "acme's URL is untouched"
    );
}
