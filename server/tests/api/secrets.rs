//! The Gorgias API key never appears in an answer, a log line or the database file in clear.

use reqwest::Method;
use serde_json::json;

use crate::support::{
    captured_logs, spawn_app, ADMIN_EMAIL, ADMIN_KEY, OBSERVER_EMAIL, OBSERVER_KEY,
};

#[tokio::test]
async fn the_api_key_appears_in_no_answer_log_or_file() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let path = "/v1/shops/acme/integrations/gorgias";
    let attempts = [
        (ADMIN_EMAIL, "wrong-key-5b1d0e77"),
        (OBSERVER_EMAIL, OBSERVER_KEY),
        (ADMIN_EMAIL, ADMIN_KEY),
    ];
    for (email, api_key) in attempts {
        app.call(
            Method::PUT,
            path,
            Some(&key),
            Some(json!({"endpoint": app.acme(), "email": email, "api_key": api_key})),
        )
        .await;
    }
    app.call(Method::GET, path, Some(&key), None).await;
    app.call(
        Method::PATCH,
        path,
        Some(&key),
        Some(json!({"enabled": false})),
    )
    .await;
    app.call(
        Method::PUT,
        &format!("{path}/mapping"),
        Some(&key),
        Some(json!({"tags": {"always": ["x"]}})),
    )
    .await;
    let shown = app.call(Method::GET, path, Some(&key), None).await;
    assert_eq!(shown.status, 200, "the connection was stored");

    let bodies = app.bodies.lock().unwrap().join("\n");
    let logs = captured_logs();
    assert!(logs.contains("gorgias connected"), "the log capture works");
    let mut database = Vec::new();
    for entry in std::fs::read_dir(app.data_dir.path()).unwrap() {
        database.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let database = String::from_utf8_lossy(&database);
    assert!(
        database.contains(ADMIN_EMAIL),
        "the file scan sees stored values"
    );
    for secret in ["wrong-key-5b1d0e77", OBSERVER_KEY, ADMIN_KEY] {
        assert!(!bodies.contains(secret), "{secret} in an answer");
        assert!(!logs.contains(secret), "{secret} in the logs");
        assert!(!database.contains(secret), "{secret} in the data directory");
    }
}
