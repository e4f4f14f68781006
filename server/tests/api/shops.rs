//! Shops and auth.

use reqwest::Method;
use serde_json::json;

use crate::support::{spawn_app, spawn_app_with, OPERATOR};

#[tokio::test]
async fn operator_creates_a_shop_and_sees_its_key_once() {
    let app = spawn_app().await;
    let created = app
        .post_shop(OPERATOR, json!({"slug": "my-shop", "name": " My Shop "}))
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body["slug"], "my-shop");
    assert_eq!(created.body["name"], "My Shop");
    let key = created.body["api_key"].as_str().unwrap();
    assert!(key.starts_with("rk_") && key.len() >= 35, "{key}");

    let shown = app
        .call(Method::GET, "/v1/shops/my-shop", Some(key), None)
        .await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["gorgias_available"], false);
    assert!(shown.body["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(shown.body.get("api_key").is_none());
}

#[tokio::test]
async fn slug_rules_are_enforced() {
    let app = spawn_app().await;
    for slug in ["", "-x", "x-", "My-Shop", "a_b", &"a".repeat(64)] {
        let answer = app
            .post_shop(OPERATOR, json!({"slug": slug, "name": "S"}))
            .await;
        assert_eq!(answer.status, 422, "{slug}");
        assert_eq!(answer.code(), "invalid_slug");
        assert_eq!(answer.body["error"]["field"], "slug");
    }
}

#[tokio::test]
async fn a_taken_slug_is_a_conflict() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let again = app
        .post_shop(OPERATOR, json!({"slug": "acme", "name": "Other"}))
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.code(), "slug_taken");
}

#[tokio::test]
async fn missing_or_wrong_tokens_are_unauthorized() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    for token in [
        None,
        Some("wrong"),
        Some("rk_notarealkeynotarealkeynotarealkey00"),
    ] {
        let answer = app.call(Method::GET, "/v1/shops/acme", token, None).await;
        assert_eq!(answer.status, 401, "{token:?}");
        assert_eq!(answer.code(), "unauthorized");
    }
    let basic = app
        .send(
            app.request(Method::GET, "/v1/shops/acme")
                .basic_auth("x", Some(OPERATOR)),
        )
        .await;
    assert_eq!(basic.status, 401);
}

#[tokio::test]
async fn a_merchant_key_never_reaches_another_shop() {
    let app = spawn_app().await;
    let acme_key = app.create_shop("acme").await;
    app.create_shop("globex").await;
    let other = app
        .call(Method::GET, "/v1/shops/globex", Some(&acme_key), None)
        .await;
    let missing = app
        .call(Method::GET, "/v1/shops/nowhere", Some(&acme_key), None)
        .await;
    assert_eq!(other.status, 404);
    assert_eq!(other.code(), "shop_not_found");
    assert_eq!(
        other.body, missing.body,
        "another shop looks exactly like no shop"
    );
    let op_missing = app
        .call(Method::GET, "/v1/shops/nowhere", Some(OPERATOR), None)
        .await;
    assert_eq!(op_missing.status, 404);
}

#[tokio::test]
async fn operator_only_calls_refuse_merchant_keys() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    app.create_shop("globex").await;
    for (method, path, body, status, code) in [
        (
            Method::POST,
            "/v1/shops",
            json!({"slug": "new", "name": "N"}),
            403,
            "operator_only",
        ),
        (
            Method::PATCH,
            "/v1/shops/acme",
            json!({"gorgias_available": true}),
            403,
            "operator_only",
        ),
        // Another shop's key looks like no shop at all.
        (
            Method::PATCH,
            "/v1/shops/globex",
            json!({"gorgias_available": true}),
            404,
            "shop_not_found",
        ),
    ] {
        let answer = app.call(method, path, Some(&key), Some(body)).await;
        assert_eq!(
            (answer.status.as_u16(), answer.code()),
            (status, code),
            "{path}"
        );
    }
}

#[tokio::test]
async fn operator_makes_gorgias_available() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let patched = app
        .call(
            Method::PATCH,
            "/v1/shops/acme",
            Some(OPERATOR),
            Some(json!({"gorgias_available": true})),
        )
        .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["gorgias_available"], true);
    assert_eq!(patched.body["slug"], "acme");
    let shown = app
        .call(Method::GET, "/v1/shops/acme", Some(OPERATOR), None)
        .await;
    assert_eq!(shown.body["gorgias_available"], true);
}

#[tokio::test]
async fn without_an_operator_token_the_operator_api_is_off() {
    let app = spawn_app_with(|settings| settings.operator_token = None).await;
    let answer = app
        .post_shop(OPERATOR, json!({"slug": "a", "name": "A"}))
        .await;
    assert_eq!(answer.status, 401);
}

#[tokio::test]
async fn shops_survive_a_restart_on_the_same_data_dir() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let dir = app.data_dir.path().to_owned();
    let again = spawn_app_with(|settings| settings.data_dir = dir).await;
    let shown = again
        .call(Method::GET, "/v1/shops/acme", Some(&key), None)
        .await;
    assert_eq!(shown.status, 200);
}

#[tokio::test]
async fn the_operator_lists_every_shop_and_a_merchant_may_not() {
    let app = spawn_app().await;
    let key = app.create_shop("zeta").await;
    app.create_shop("alpha").await;
    let listed = app
        .call(Method::GET, "/v1/shops", Some(OPERATOR), None)
        .await;
    assert_eq!(listed.status, 200);
    let slugs: Vec<&str> = listed.body["shops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|shop| shop["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["alpha", "zeta"]);
    assert!(listed.body["shops"][0].get("api_key").is_none());
    assert_eq!(listed.body["shops"][1]["tile"]["accent_color"], "#1f6feb");

    let merchant = app.call(Method::GET, "/v1/shops", Some(&key), None).await;
    assert_eq!(merchant.status, 403);
    assert_eq!(merchant.code(), "operator_only");
}

#[tokio::test]
async fn a_new_merchant_key_replaces_the_old_one_at_once() {
    let app = spawn_app().await;
    let old = app.create_shop("acme").await;
    let other = app.create_shop("other").await;

    // Only the operator issues keys; another shop's key does not even see the shop.
    let by_merchant = app
        .call(Method::POST, "/v1/shops/acme/api-key", Some(&old), None)
        .await;
    assert_eq!(by_merchant.status, 403);
    assert_eq!(by_merchant.code(), "operator_only");
    let by_other = app
        .call(Method::POST, "/v1/shops/acme/api-key", Some(&other), None)
        .await;
    assert_eq!(by_other.status, 404);
    let missing = app
        .call(
            Method::POST,
            "/v1/shops/nobody/api-key",
            Some(OPERATOR),
            None,
        )
        .await;
    assert_eq!(missing.status, 404);

    let issued = app
        .call(Method::POST, "/v1/shops/acme/api-key", Some(OPERATOR), None)
        .await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    assert_eq!(issued.body["slug"], "acme");
    let new = issued.body["api_key"].as_str().unwrap().to_owned();
    assert!(new.starts_with("rk_") && new != old);

    let with_old = app
        .call(Method::GET, "/v1/shops/acme", Some(&old), None)
        .await;
    assert_eq!(with_old.status, 401);
    let with_new = app
        .call(Method::GET, "/v1/shops/acme", Some(&new), None)
        .await;
    assert_eq!(with_new.status, 200);
    // The other shop's key is untouched.
    let theirs = app
        .call(Method::GET, "/v1/shops/other", Some(&other), None)
        .await;
    assert_eq!(theirs.status, 200);
}
