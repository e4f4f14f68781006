//! Ticket bodies Gorgias refuses with 400 and a `data` map of field paths; nothing is stored.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Posts a changed claim ticket and returns the 400's `error.data`.
async fn refused(env: &Env, change: impl FnOnce(&mut Value)) -> Value {
    let mut body = claim_ticket("resolve-claim:9", "jo@example.test");
    change(&mut body);
    let response = env.post_ticket(&body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json_body(response).await;
    assert!(error["error"]["msg"].is_string(), "{error}");
    error["error"]["data"].clone()
}

fn remove(value: &mut Value, key: &str) {
    value.as_object_mut().unwrap().remove(key);
}

#[tokio::test]
async fn missing_messages_are_refused() {
    let env = start().await;
    let data = refused(&env, |b| remove(b, "messages")).await;
    assert_eq!(data["messages"][0], "Missing data for required field.");
    let data = refused(&env, |b| b["messages"] = json!([])).await;
    assert!(data["messages"].is_array());
    assert!(env.standin.received("acme").tickets.is_empty());
    assert!(env.standin.received("acme").customers.is_empty());
}

#[tokio::test]
async fn a_message_needs_channel_and_from_agent() {
    let env = start().await;
    let data = refused(&env, |b| remove(&mut b["messages"][0], "channel")).await;
    assert_eq!(
        data["messages.0.channel"][0],
        "Missing data for required field."
    );
    let data = refused(&env, |b| remove(&mut b["messages"][0], "from_agent")).await;
    assert_eq!(
        data["messages.0.from_agent"][0],
        "Missing data for required field."
    );
    let data = refused(&env, |b| b["messages"][0]["channel"] = json!("API")).await;
    assert!(data["messages.0.channel"][0]
        .as_str()
        .unwrap()
        .starts_with("Must be one of"));
    assert!(env.standin.received("acme").tickets.is_empty());
}

#[tokio::test]
async fn tags_must_be_objects() {
    let env = start().await;
    let data = refused(&env, |b| b["tags"] = json!(["resolve-claim"])).await;
    assert_eq!(data["tags.0"][0], "Invalid input type.");
    let data = refused(&env, |b| b["tags"] = json!([{"label": "x"}])).await;
    assert!(data["tags.0.name"].is_array());
}

#[tokio::test]
async fn custom_fields_must_exist_and_fit_their_type() {
    let env = start().await;
    let data = refused(&env, |b| {
        b["custom_fields"] = json!([{"id": 999, "value": "x"}]);
    })
    .await;
    assert_eq!(
        data["custom_fields.0.id"][0],
        "Custom field 999 does not exist."
    );
    let data = refused(&env, |b| {
        b["custom_fields"] = json!([{"id": 102, "value": "two"}]);
    })
    .await;
    assert_eq!(data["custom_fields.0.value"][0], "Not a valid number.");
}

#[tokio::test]
async fn attachments_need_url_name_and_content_type() {
    let env = start().await;
    for field in ["url", "name", "content_type"] {
        let data = refused(&env, |b| {
            remove(&mut b["messages"][0]["attachments"][0], field);
        })
        .await;
        assert_eq!(
            data[format!("messages.0.attachments.0.{field}")][0],
            "Missing data for required field.",
            "{field}"
        );
    }
}

#[tokio::test]
async fn strict_mode_refuses_unknown_fields_and_can_be_switched_off() {
    let env = start().await;
    let data = refused(&env, |b| b["claim_id"] = json!("c-1")).await;
    assert_eq!(data["claim_id"][0], "Unknown field.");
    let data = refused(&env, |b| b["messages"][0]["recipient"] = json!({})).await;
    assert_eq!(data["messages.0.recipient"][0], "Unknown field.");

    env.standin.set_strict(false);
    let mut body = claim_ticket("resolve-claim:9", "jo@example.test");
    body["claim_id"] = json!("c-1");
    let response = env.post_ticket(&body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    // Loose mode still refuses what Gorgias always refuses.
    body["tags"] = json!(["x"]);
    assert_eq!(
        env.post_ticket(&body).await.status(),
        StatusCode::BAD_REQUEST
    );

    // Over the control API too.
    let switched = env
        .control_post("/control/strict", &json!({"strict": true}))
        .await;
    assert_eq!(switched.status(), StatusCode::OK);
    body["tags"] = json!([{"name": "x"}]);
    assert_eq!(
        env.post_ticket(&body).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(env.standin.received("acme").tickets.len(), 1);
}

#[tokio::test]
async fn every_problem_is_reported_at_once_and_bodies_must_be_json() {
    let env = start().await;
    let data = refused(&env, |b| {
        remove(&mut b["messages"][0], "channel");
        b["tags"] = json!(["x"]);
        b["external_id"] = json!("k".repeat(256));
    })
    .await;
    assert!(data["messages.0.channel"].is_array());
    assert!(data["tags.0"].is_array());
    assert!(data["external_id"].is_array());

    let not_json = answer(
        env.call(reqwest::Method::POST, "/api/tickets", ADMIN)
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    assert!(json_body(not_json).await["error"]["msg"]
        .as_str()
        .unwrap()
        .contains("JSON"));
}
