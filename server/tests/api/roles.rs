//! The key's role checked at connect: a Gorgias user that can read but not write is refused
//! before anything is stored, naming its role and the one to use; writing roles still connect.

use gorgias_standin::{AccountConfig, Role, UserConfig};
use reqwest::Method;
use serde_json::json;

use crate::support::{
    small_claim, spawn_app, TestApp, ADMIN_EMAIL, ADMIN_KEY, OBSERVER_EMAIL, OBSERVER_KEY,
};

async fn connect_as(
    app: &TestApp,
    key: &str,
    endpoint: &str,
    email: &str,
    api_key: &str,
) -> crate::support::Answer {
    app.call(
        Method::PUT,
        "/v1/shops/acme/integrations/gorgias",
        Some(key),
        Some(json!({"endpoint": endpoint, "email": email, "api_key": api_key})),
    )
    .await
}

#[tokio::test]
async fn an_observer_key_is_refused_naming_its_role_and_nothing_is_stored() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let answer = connect_as(&app, &key, &app.acme(), OBSERVER_EMAIL, OBSERVER_KEY).await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(answer.code(), "gorgias_forbidden");
    assert_eq!(answer.body["error"]["field"], "email");
    let message = answer.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("observer-agent"), "{message}");
    assert!(message.contains("the Agent role"), "{message}");
    assert!(!message.ends_with('.'), "{message}");

    let shown = app
        .call(
            Method::GET,
            "/v1/shops/acme/integrations/gorgias",
            Some(&key),
            None,
        )
        .await;
    assert_eq!(shown.status, 404);
    assert_eq!(shown.code(), "not_connected");
    assert_eq!(app.count_rows("gorgias_integrations").await, 0);

    // The stand-in lets the observer read the account, as Gorgias does, so only the user's role
    // told them apart; nothing was written there either.
    let received = app.gorgias.received("acme");
    let calls: Vec<(String, String, u16)> = received
        .requests
        .iter()
        .map(|r| (r.method.clone(), r.path.clone(), r.status))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET".to_owned(), "/api/account".to_owned(), 200),
            ("GET".to_owned(), "/api/users/0".to_owned(), 200),
        ]
    );
    assert!(received.tickets.is_empty());
}

#[tokio::test]
async fn admin_agent_and_the_other_writing_roles_still_connect() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let roles = [Role::Agent, Role::BasicAgent, Role::LiteAgent];
    let globex = app
        .gorgias
        .add_account(AccountConfig {
            name: "globex".into(),
            users: roles
                .iter()
                .map(|role| UserConfig {
                    email: format!("{}@globex.test", role.name()),
                    api_key: format!("{}-key-0042", role.name()),
                    role: *role,
                })
                .collect(),
            custom_fields: Vec::new(),
        })
        .await
        .unwrap();
    for role in roles {
        let email = format!("{}@globex.test", role.name());
        let api_key = format!("{}-key-0042", role.name());
        let answer = connect_as(&app, &key, &globex, &email, &api_key).await;
        assert_eq!(answer.status, 200, "{}: {}", role.name(), answer.body);
        assert_eq!(answer.body["status"], "connected");
        assert_eq!(answer.body["email"], email);
    }
    let admin = connect_as(&app, &key, &app.acme(), ADMIN_EMAIL, ADMIN_KEY).await;
    assert_eq!(admin.status, 200, "{}", admin.body);
    assert_eq!(admin.body["status"], "connected");
}

#[tokio::test]
async fn a_claim_sent_with_an_agent_key_becomes_a_ticket() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let globex = app
        .gorgias
        .add_account(AccountConfig {
            name: "globex".into(),
            users: vec![UserConfig {
                email: "agent@globex.test".into(),
                api_key: "agent-key-7781".into(),
                role: Role::Agent,
            }],
            custom_fields: Vec::new(),
        })
        .await
        .unwrap();
    let answer = connect_as(&app, &key, &globex, "agent@globex.test", "agent-key-7781").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let submitted = app.submit("acme", &key, &small_claim(7), None).await;
    assert_eq!(submitted.status, 202, "{}", submitted.body);
    let id = submitted.body["id"].as_str().unwrap();
    let claim = app.wait_for("acme", &key, id, "delivered").await;
    assert!(claim["ticket"]["id"].as_u64().is_some(), "{claim}");
    assert_eq!(app.gorgias.received("globex").tickets.len(), 1);
}
