//! `GET /metrics`: the operator's Prometheus scrape, counting what the journey of a claim did.

use gorgias_standin::{Fault, FaultAction};
use reqwest::Method;

use crate::support::{small_claim, spawn_app, TestApp, OPERATOR};

/// The scrape as the operator.
async fn scrape(app: &TestApp) -> String {
    let answer = app
        .call(Method::GET, "/metrics", Some(OPERATOR), None)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("application/openmetrics-text"),
        "{:?}",
        answer.header("content-type")
    );
    answer.body.as_str().expect("the scrape is text").to_owned()
}

/// The value of `series` (name and labels exactly as written) in `text`.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no series {series} in\n{text}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn only_the_operator_may_scrape() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let anonymous = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.code(), "unauthorized");
    let wrong = app
        .call(Method::GET, "/metrics", Some("not-the-operator"), None)
        .await;
    assert_eq!(wrong.status, 401);
    let merchant = app.call(Method::GET, "/metrics", Some(&key), None).await;
    assert_eq!(merchant.status, 403);
    assert_eq!(merchant.code(), "operator_only");
}

#[tokio::test]
async fn a_delivered_claim_shows_in_every_series_without_shop_or_claim_labels() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let connected = app.connect("acme", &key).await;
    assert_eq!(connected.status, 200, "{}", connected.body);
    app.approve_url("acme", "https://help.acme.test/en-US/returns-123")
        .await;
    let shown = app
        .embed("acme", "https://help.acme.test/de-DE/returns-123", None)
        .await;
    assert_eq!(shown.body["show"], true);
    let hidden = app
        .embed("acme", "https://help.acme.test/en-US/other-9", None)
        .await;
    assert_eq!(hidden.body["reason"], "url_not_whitelisted");
    let submitted = app.submit("acme", &key, &small_claim(1), None).await;
    assert_eq!(submitted.status, 202, "{}", submitted.body);
    let id = submitted.body["id"].as_str().unwrap().to_owned();
    app.wait_for("acme", &key, &id, "delivered").await;

    let text = scrape(&app).await;
    println!("{text}");
    assert_eq!(value(&text, "resolve_claims{status=\"delivered\"}"), 1.0);
    assert_eq!(value(&text, "resolve_claims{status=\"queued\"}"), 0.0);
    assert_eq!(value(&text, "resolve_claims{status=\"failed\"}"), 0.0);
    assert_eq!(value(&text, "resolve_claims{status=\"waiting\"}"), 0.0);
    assert_eq!(
        value(
            &text,
            "resolve_delivery_attempts_total{outcome=\"delivered\"}"
        ),
        1.0
    );
    assert_eq!(
        value(&text, "resolve_delivery_attempts_total{outcome=\"retry\"}"),
        0.0
    );
    for (method, route) in [
        ("GET", "/api/account"),
        ("GET", "/api/users/0"),
        ("GET", "/api/tickets"),
        ("POST", "/api/tickets"),
    ] {
        let labels = format!("method=\"{method}\",route=\"{route}\"");
        assert_eq!(
            value(
                &text,
                &format!("resolve_gorgias_calls_total{{{labels},status=\"2xx\"}}")
            ),
            1.0,
            "{method} {route}"
        );
        assert_eq!(
            value(
                &text,
                &format!("resolve_gorgias_call_duration_seconds_count{{{labels}}}")
            ),
            1.0
        );
        assert!(
            value(
                &text,
                &format!("resolve_gorgias_call_duration_seconds_sum{{{labels}}}")
            ) > 0.0
        );
    }
    assert!(
        !text.contains("resolve_gorgias_rate_limited_total{"),
        "no 429 yet"
    );
    assert_eq!(value(&text, "resolve_queue_wait_seconds_count"), 1.0);
    assert_eq!(
        value(&text, "resolve_embed_answers_total{decision=\"show\"}"),
        1.0
    );
    assert_eq!(
        value(
            &text,
            "resolve_embed_answers_total{decision=\"url_not_whitelisted\"}"
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            "resolve_embed_answers_total{decision=\"unknown_shop\"}"
        ),
        0.0
    );
    assert_eq!(
        value(&text, "resolve_webhook_events_total{result=\"accepted\"}"),
        0.0
    );
    // Bounded labels: neither the shop, the claim, the account's address nor a page is a label.
    for unbounded in ["acme", id.as_str(), "127.0.0.1", "help."] {
        assert!(!text.contains(unbounded), "{unbounded} in the scrape");
    }
}

#[tokio::test]
async fn a_429_from_gorgias_is_counted_with_the_retry_it_caused() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    assert_eq!(app.connect("acme", &key).await.status, 200);
    app.gorgias.inject(Fault {
        account: Some("acme".into()),
        method: Some("POST".into()),
        path_prefix: "/api/tickets".into(),
        times: 1,
        action: FaultAction::StatusWithRetryAfter(429, 1),
    });
    let submitted = app.submit("acme", &key, &small_claim(2), None).await;
    let id = submitted.body["id"].as_str().unwrap().to_owned();
    app.wait_for("acme", &key, &id, "delivered").await;

    let text = scrape(&app).await;
    let labels = "method=\"POST\",route=\"/api/tickets\"";
    assert_eq!(
        value(
            &text,
            &format!("resolve_gorgias_rate_limited_total{{{labels}}}")
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            &format!("resolve_gorgias_calls_total{{{labels},status=\"4xx\"}}")
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            &format!("resolve_gorgias_calls_total{{{labels},status=\"2xx\"}}")
        ),
        1.0
    );
    assert_eq!(
        value(&text, "resolve_delivery_attempts_total{outcome=\"retry\"}"),
        1.0
    );
    assert_eq!(
        value(
            &text,
            "resolve_delivery_attempts_total{outcome=\"delivered\"}"
        ),
        1.0
    );
    assert_eq!(value(&text, "resolve_queue_wait_seconds_count"), 2.0);
}
