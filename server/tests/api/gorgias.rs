//! Connecting Gorgias: validation, the live check against the stand-in, toggle, disconnect, mapping.

use std::collections::BTreeSet;

use gorgias_standin::FaultAction;
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{
    fault, spawn_app, spawn_app_with, TestApp, ADMIN_EMAIL, ADMIN_KEY, OBSERVER_EMAIL,
    OBSERVER_KEY, OPERATOR,
};

const PATH: &str = "/v1/shops/acme/integrations/gorgias";

async fn put(
    app: &TestApp,
    key: &str,
    endpoint: &str,
    email: &str,
    api_key: &str,
) -> crate::support::Answer {
    app.call(
        Method::PUT,
        PATH,
        Some(key),
        Some(json!({"endpoint": endpoint, "email": email, "api_key": api_key})),
    )
    .await
}

async fn assert_not_stored(app: &TestApp, key: &str) {
    let shown = app.call(Method::GET, PATH, Some(key), None).await;
    assert_eq!(shown.status, 404);
    assert_eq!(shown.code(), "not_connected");
}

#[tokio::test]
async fn connecting_checks_live_and_answers_the_integration() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let endpoint = format!(" {}/ ", app.acme());
    let answer = put(
        &app,
        &key,
        &endpoint,
        &format!(" {ADMIN_EMAIL}\n"),
        &format!("\t{ADMIN_KEY} "),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let keys: BTreeSet<&str> = answer
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "api_key_hint",
            "email",
            "enabled",
            "endpoint",
            "failed_claims",
            "last_checked_at",
            "last_error",
            "last_ticket_at",
            "queued_claims",
            "status"
        ])
    );
    assert_eq!(answer.body["endpoint"], app.acme());
    assert_eq!(answer.body["email"], ADMIN_EMAIL);
    assert_eq!(answer.body["api_key_hint"], "…9f2c");
    assert_eq!(answer.body["enabled"], true);
    assert_eq!(answer.body["status"], "connected");
    assert_eq!(answer.body["last_error"], Value::Null);
    assert_eq!(answer.body["last_ticket_at"], Value::Null);
    assert_eq!(answer.body["queued_claims"], 0);
    assert!(answer.body["last_checked_at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    let account_calls = app
        .gorgias
        .received("acme")
        .requests
        .iter()
        .filter(|r| r.path == "/api/account")
        .count();
    assert_eq!(account_calls, 1, "exactly one live check");

    let shown = app.call(Method::GET, PATH, Some(&key), None).await;
    assert_eq!(shown.body, answer.body);
}

#[tokio::test]
async fn gorgias_must_be_made_available_first() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let answer = put(&app, &key, &app.acme(), ADMIN_EMAIL, ADMIN_KEY).await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.code(), "gorgias_not_available");
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("account manager"));
}

#[tokio::test]
async fn malformed_endpoints_show_the_expected_form() {
    let app = spawn_app_with(|settings| settings.gorgias_allow_insecure_loopback = false).await;
    let key = app.create_gorgias_shop("acme").await;
    for endpoint in [
        "acme.gorgias.com",
        "https://acme.gorgias.com/api",
        "https://acme.gorgias.com?x",
        "https://acme.zendesk.com",
        &app.acme(),
    ] {
        let answer = put(&app, &key, endpoint, ADMIN_EMAIL, ADMIN_KEY).await;
        assert_eq!(answer.status, 422, "{endpoint}");
        assert_eq!(answer.code(), "invalid_endpoint");
        assert_eq!(answer.body["error"]["field"], "endpoint");
        assert!(answer.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("https://your-account.gorgias.com"));
    }
    assert!(
        app.gorgias.received("acme").requests.is_empty(),
        "nothing was called"
    );
}

#[tokio::test]
async fn a_malformed_email_or_empty_key_is_refused_before_calling_gorgias() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let email = put(&app, &key, &app.acme(), "agent", ADMIN_KEY).await;
    assert_eq!(
        (email.status.as_u16(), email.code()),
        (422, "invalid_email")
    );
    let empty = put(&app, &key, &app.acme(), ADMIN_EMAIL, "  ").await;
    assert_eq!(
        (empty.status.as_u16(), empty.code()),
        (422, "invalid_api_key")
    );
    assert!(app.gorgias.received("acme").requests.is_empty());
}

#[tokio::test]
async fn wrong_credentials_are_auth_failed_and_nothing_is_stored() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let answer = put(&app, &key, &app.acme(), ADMIN_EMAIL, "not-the-key").await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.code(), "gorgias_auth_failed");
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("REST API"));
    assert_not_stored(&app, &key).await;
}

#[tokio::test]
async fn a_restricted_role_is_forbidden() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let answer = put(&app, &key, &app.acme(), OBSERVER_EMAIL, OBSERVER_KEY).await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.code(), "gorgias_forbidden");
    assert_not_stored(&app, &key).await;
}

#[tokio::test]
async fn an_unknown_account_is_not_found() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let answer = put(
        &app,
        &key,
        &app.gorgias.unknown_account_url(),
        ADMIN_EMAIL,
        ADMIN_KEY,
    )
    .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.code(), "gorgias_account_not_found");
    assert_not_stored(&app, &key).await;
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_unreachable() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    for action in [FaultAction::Status(503), FaultAction::Drop] {
        app.gorgias
            .inject(fault("GET", "/api/account", 1, action.clone()));
        let answer = put(&app, &key, &app.acme(), ADMIN_EMAIL, ADMIN_KEY).await;
        assert_eq!(answer.status, 422, "{action:?}");
        assert_eq!(answer.code(), "gorgias_unreachable", "{action:?}");
    }
    assert_not_stored(&app, &key).await;
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    // A socket bound but never listening: the port stays ours for the whole test (a listener
    // closed early could be handed to another test's stand-in) and connecting to it is refused.
    let reserved = tokio::net::TcpSocket::new_v4().unwrap();
    reserved.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let closed = reserved.local_addr().unwrap().port();
    let answer = put(
        &app,
        &key,
        &format!("http://127.0.0.1:{closed}"),
        ADMIN_EMAIL,
        ADMIN_KEY,
    )
    .await;
    assert_eq!(answer.code(), "gorgias_unreachable");
}

#[tokio::test]
async fn the_toggle_disables_and_enables() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    for (enabled, status) in [(false, "disabled"), (true, "connected")] {
        let answer = app
            .call(
                Method::PATCH,
                PATH,
                Some(&key),
                Some(json!({"enabled": enabled})),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(
            (
                answer.body["enabled"].clone(),
                answer.body["status"].clone()
            ),
            (json!(enabled), json!(status))
        );
    }
}

#[tokio::test]
async fn calls_on_an_unconnected_integration_are_not_connected() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    for (method, path, body) in [
        (Method::GET, PATH.to_owned(), None),
        (
            Method::PATCH,
            PATH.to_owned(),
            Some(json!({"enabled": true})),
        ),
        (Method::DELETE, PATH.to_owned(), None),
        (Method::PUT, format!("{PATH}/mapping"), Some(json!({}))),
    ] {
        let answer = app.call(method.clone(), &path, Some(&key), body).await;
        assert_eq!(answer.status, 404, "{method} {path}");
        assert_eq!(answer.code(), "not_connected");
    }
}

#[tokio::test]
async fn disconnecting_forgets_the_integration() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    let deleted = app.call(Method::DELETE, PATH, Some(&key), None).await;
    assert_eq!(deleted.status, 204);
    assert_not_stored(&app, &key).await;
}

#[tokio::test]
async fn the_mapping_fills_defaults_and_refuses_unknown_keys() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    let mapping_path = format!("{PATH}/mapping");
    let saved = app
        .call(
            Method::PUT,
            &mapping_path,
            Some(&key),
            Some(json!({"tags": {"always": ["resolve", "claims"], "shipment_phase": false}, "custom_fields": {"flow_type": 42}})),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        saved.body,
        json!({"tags": {"always": ["resolve", "claims"], "flow_type": true, "resolution_preference": true, "shipment_phase": false},
               "custom_fields": {"flow_type": 42, "resolution_preference": null, "shipment_phase": null}})
    );
    let read = app.call(Method::GET, &mapping_path, Some(&key), None).await;
    assert_eq!(read.body, saved.body);

    let unknown = app
        .call(
            Method::PUT,
            &mapping_path,
            Some(&key),
            Some(json!({"tags": {"sometimes": []}})),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.body["error"]["field"], "tags.sometimes");
    assert!(unknown.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("sometimes"));
    let bad_tag = app
        .call(
            Method::PUT,
            &mapping_path,
            Some(&key),
            Some(json!({"tags": {"always": ["a,b"]}})),
        )
        .await;
    assert_eq!(
        (bad_tag.status.as_u16(), bad_tag.code()),
        (422, "invalid_mapping")
    );
    assert_eq!(bad_tag.body["error"]["field"], "tags.always[0]");
}

#[tokio::test]
async fn the_operator_can_connect_for_a_shop() {
    let app = spawn_app().await;
    app.create_gorgias_shop("acme").await;
    assert_eq!(app.connect("acme", OPERATOR).await.status, 200);
}
