//! The control listener (accounts, received data, reset), the tickets page, stopping, and the
//! `gorgias-standin` binary.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn accounts_can_be_added_at_runtime_on_their_own_port() {
    let env = start().await;
    let added = env
        .control_post(
            "/control/accounts",
            &json!({
                "name": "globex",
                "users": [{"email": "ops@globex.test", "api_key": "g-key", "role": "agent"}],
                "custom_fields": [{"id": 7, "label": "Reason", "data_type": "text"}]
            }),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let url = json_body(added).await["url"].as_str().unwrap().to_string();
    assert_eq!(
        env.standin.account_url("globex").as_deref(),
        Some(url.as_str())
    );
    assert_ne!(url, env.acme);

    let account = get_as(&format!("{url}/api/account"), ("ops@globex.test", "g-key")).await;
    assert_eq!(account.status(), StatusCode::OK);
    assert_eq!(json_body(account).await["domain"], "globex");
    // Keys do not cross accounts.
    let foreign = get_as(&format!("{url}/api/account"), ADMIN).await;
    assert_eq!(foreign.status(), StatusCode::UNAUTHORIZED);

    let twice = env
        .control_post("/control/accounts", &json!({"name": "globex"}))
        .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let bad = env
        .control_post("/control/accounts", &json!({"name": "Not A Subdomain"}))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(json_body(bad).await["error"]
        .as_str()
        .unwrap()
        .contains("subdomain"));

    let listed = json_body(env.control_get("/control/accounts").await).await;
    let names: Vec<&str> = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["acme", "globex"]);

    // The Rust API refuses a duplicate too.
    let mut again = acme();
    again.name = "globex".into();
    let error = env.standin.add_account(again).await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
}

#[tokio::test]
async fn the_control_api_reads_back_what_was_received_and_resets() {
    let env = start().await;
    let ticket = json_body(env.post_ticket(&first_ticket()).await).await;
    let received = json_body(env.control_get("/control/accounts/acme/received").await).await;
    assert_eq!(received["tickets"][0], ticket);
    assert_eq!(received["customers"][0]["email"], "jo@example.test");
    assert_eq!(received["uploads"], json!([]));
    let request = &received["requests"][0];
    assert_eq!(request["method"], "POST");
    assert_eq!(request["path"], "/api/tickets");
    assert_eq!(request["status"], 201);
    assert!(request["at"].as_str().unwrap().ends_with("+00:00"));

    let unknown = env.control_get("/control/accounts/nope/received").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    env.standin.inject(gorgias_standin::Fault {
        account: None,
        method: None,
        path_prefix: "/".into(),
        times: 10,
        action: gorgias_standin::FaultAction::Status(500),
    });
    let reset = env
        .http
        .post(env.control("/control/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let after = env.standin.received("acme");
    assert!(after.tickets.is_empty() && after.customers.is_empty() && after.requests.is_empty());
    assert_eq!(env.standin.max_bucket_level("acme"), 0);
    // The fault is gone and the account still answers on the same port.
    let response = env.get_account().await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_tickets_page_shows_received_tickets_newest_first_and_safely() {
    let env = start().await;
    let mut older = first_ticket();
    older["subject"] = json!("Older claim");
    env.post_ticket(&older).await;
    let mut newer = claim_ticket("resolve-claim:2", "ann@example.test");
    newer["subject"] = json!("Newer <script>alert('x')</script> claim");
    newer["messages"][0]["body_html"] =
        json!("<p>It is <b>broken</b></p><script>alert(1)</script>");
    let created = json_body(env.post_ticket(&newer).await).await;

    let page = env
        .http
        .get(env.standin.control_url())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.headers().contains_key("content-security-policy"));
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("id=\"ticket-{}\"", created["id"])));
    assert!(html.contains("Newer &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; claim"));
    assert!(!html.contains("<script>"));
    // The agent view renders the HTML body inside a sandboxed frame.
    assert!(html.contains("<iframe sandbox=\"\""));
    assert!(html.contains("srcdoc=\"&lt;p&gt;It is &lt;b&gt;broken&lt;/b&gt;"));
    assert!(html.find("Newer").unwrap() < html.find("Older claim").unwrap());
    assert!(html.contains("<span class=\"tag\">resolve-claim</span>"));
    assert!(html.contains("<dt>Claim reason</dt><dd>damage</dd>"));
    assert!(html.contains("<img class=\"thumb\" src=\"https://uploads.example.test/mug.jpg\""));
}

#[tokio::test]
async fn dropping_the_standin_stops_its_listeners() {
    // On a loopback address of its own: the other tests of this binary bind 127.0.0.1 in
    // parallel, and one of them may be handed a port this stand-in just freed, which would
    // answer the "is it gone?" calls below.
    let host: std::net::IpAddr = [127, 0, 0, 42].into();
    let standin = gorgias_standin::spawn_on(config(), host)
        .await
        .expect("the stand-in starts on 127.0.0.42");
    let acme = standin.account_url("acme").unwrap();
    let control = standin.control_url();
    let unknown = standin.unknown_account_url();
    let http = reqwest::Client::new();
    assert!(http.get(&control).send().await.is_ok());
    assert!(http.get(format!("{acme}/api/account")).send().await.is_ok());
    drop(standin);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let fresh = reqwest::Client::new();
    for url in [format!("{acme}/api/account"), control, unknown] {
        let answer = fresh.get(&url).send().await;
        assert!(answer.is_err(), "{url} still answers: {answer:?}");
    }
}

/// Kills the child when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads its listener lines (until `unknown-account`, the last one).
fn run_binary(args: &[&str]) -> (Child, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gorgias-standin"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let child = Child(child);
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let last = line.starts_with("unknown-account on ");
        lines.push(line);
        if last {
            break;
        }
    }
    (child, lines)
}

/// The URL at the end of the line that starts with `prefix`.
fn url_after(lines: &[String], prefix: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in {lines:?}"))
        .to_string()
}

#[tokio::test]
async fn the_binary_serves_the_demo_account_without_a_config() {
    let (_child, lines) = run_binary(&[]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let control = url_after(&lines, "control on ");
    let acme = url_after(&lines, "account acme on ");
    let unknown = url_after(&lines, "unknown-account on ");
    assert!(acme.starts_with("http://127.0.0.1:"));
    let http = reqwest::Client::new();
    let account = get_as(
        &format!("{acme}/api/account"),
        ("agent@acme.test", "demo-key"),
    )
    .await;
    assert_eq!(account.status(), StatusCode::OK);
    let fields = json_body(
        get_as(
            &format!("{acme}/api/custom-fields?object_type=Ticket"),
            ("agent@acme.test", "demo-key"),
        )
        .await,
    )
    .await;
    assert!(fields["data"].as_array().unwrap().len() >= 2);
    assert_eq!(
        http.get(format!("{unknown}/api/account"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        http.get(&control).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_binary_reads_a_json_config_and_refuses_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("gorgias-standin-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"{
          "rate_limit": {"limit": 5, "window_ms": 1000},
          "accounts": [
            {"name": "one", "users": [{"email": "a@one.test", "api_key": "k1", "role": "admin"}]},
            {"name": "two", "users": [{"email": "b@two.test", "api_key": "k2", "role": "observer"}]}
          ]
        }"#,
    )
    .unwrap();
    let (_child, lines) = run_binary(&["--config", good.to_str().unwrap()]);
    assert_eq!(lines.len(), 4, "{lines:?}");
    let one = url_after(&lines, "account one on ");
    let two = url_after(&lines, "account two on ");
    let response = get_as(&format!("{one}/api/account"), ("a@one.test", "k1")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["x-gorgias-account-api-call-limit"],
        "1/5"
    );
    let observer = reqwest::Client::new()
        .get(format!("{two}/api/users/0"))
        .basic_auth("b@two.test", Some("k2"))
        .send()
        .await
        .unwrap();
    assert_eq!(observer.status(), StatusCode::OK);
    let observer: serde_json::Value = observer.json().await.unwrap();
    assert_eq!(observer["role"]["name"], "observer-agent");
    let write = reqwest::Client::new()
        .post(format!("{two}/api/customers"))
        .basic_auth("b@two.test", Some("k2"))
        .json(&serde_json::json!({"email": "jo@example.test", "name": "Jo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::FORBIDDEN);

    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"accounts": [{"name": "x", "users": [], "colour": "red"}]}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gorgias-standin"))
        .args(["--config", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("colour"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
