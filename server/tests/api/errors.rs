//! The error shape for bodies the JSON extractor refuses, unknown routes and methods.

use reqwest::Method;
use serde_json::json;

use crate::support::{spawn_app, OPERATOR};

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let app = spawn_app().await;
    let answer = app
        .post_raw("/v1/shops", OPERATOR, "application/json", "{\"slug\": ")
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.code(), "malformed_json");
}

#[tokio::test]
async fn unknown_missing_and_mistyped_fields_name_the_field() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"slug": "a", "name": "A", "colour": "red"}),
            "unknown field",
        ),
        (json!({"slug": "a"}), "missing field `name`"),
        (json!({"slug": 5, "name": "A"}), "invalid type"),
    ];
    for (body, expected) in cases {
        let answer = app.post_shop(OPERATOR, body.clone()).await;
        assert_eq!(answer.status, 422, "{body}");
        assert_eq!(answer.code(), "invalid_body");
        let message = answer.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{message}");
    }
    let typed = app
        .post_shop(OPERATOR, json!({"slug": 5, "name": "A"}))
        .await;
    assert_eq!(typed.body["error"]["field"], "slug");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_by_content_type() {
    let app = spawn_app().await;
    let answer = app
        .post_raw("/v1/shops", OPERATOR, "text/plain", "{}")
        .await;
    assert_eq!(answer.status, 415);
    assert_eq!(answer.code(), "unsupported_media_type");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = spawn_app().await;
    let name = "x".repeat(200 * 1024);
    let answer = app
        .post_shop(OPERATOR, json!({"slug": "a", "name": name}))
        .await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.code(), "payload_too_large");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_shape() {
    let app = spawn_app().await;
    let missing = app.call(Method::GET, "/v1/nothing-here", None, None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.code(), "not_found");
    let wrong_method = app
        .call(Method::DELETE, "/v1/shops", Some(OPERATOR), None)
        .await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.code(), "method_not_allowed");
}

#[tokio::test]
async fn healthz_answers_ok_with_a_request_id() {
    let app = spawn_app().await;
    let answer = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, "ok");
    assert!(answer
        .header("x-request-id")
        .is_some_and(|id| id.len() >= 32));
}
