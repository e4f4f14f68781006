//! Starts the real `resolve-server` binary on port 0 and talks to it over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `resolve-server serve` process, killed when dropped.
struct RunningServer {
    child: Child,
    base_url: String,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free port and waits for its `listening on` line.
fn spawn_server(data_dir: &std::path::Path, sdk_dir: &std::path::Path) -> RunningServer {
    let mut child = Command::new(env!("CARGO_BIN_EXE_resolve-server"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(data_dir)
        .env("RESOLVE_SDK_DIR", sdk_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the resolve-server binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut first_line = String::new();
    BufReader::new(stdout)
        .read_line(&mut first_line)
        .expect("the server prints its address");
    let base_url = first_line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_owned();
    RunningServer { child, base_url }
}

#[tokio::test]
async fn serves_healthz_and_the_sdk_bundle_on_a_free_port() {
    let data_dir = tempfile::tempdir().unwrap();
    let sdk_dir = tempfile::tempdir().unwrap();
    let bundle = "(function(){/* resolve sdk */})();";
    std::fs::write(sdk_dir.path().join("bundle.min.js"), bundle).unwrap();

    let server = spawn_server(data_dir.path(), sdk_dir.path());
    assert!(
        !server.base_url.ends_with(":0"),
        "port 0 was replaced by a real port"
    );

    let health = reqwest::get(format!("{}/healthz", server.base_url))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");

    let sdk = reqwest::get(format!("{}/sdk/latest/bundle.min.js", server.base_url))
        .await
        .unwrap();
    assert_eq!(sdk.status(), 200);
    let content_type = sdk.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );
    assert_eq!(sdk.text().await.unwrap(), bundle);

    let missing = reqwest::get(format!("{}/sdk/latest/nope.js", server.base_url))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn switches_read_one_from_the_environment() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_resolve-server"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(data_dir.path())
        .env("RESOLVE_BENCH_ROUTES", "1")
        .env("RESOLVE_GORGIAS_ALLOW_INSECURE_LOOPBACK", "1")
        .env("RESOLVE_DEMO", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the resolve-server binary starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let server = RunningServer {
        child,
        base_url: first_line
            .trim()
            .trim_start_matches("listening on ")
            .to_owned(),
    };
    assert!(
        server.base_url.starts_with("http://127.0.0.1:"),
        "{first_line:?}"
    );
    let bench = reqwest::get(format!("{}/v1/bench/constant", server.base_url))
        .await
        .unwrap();
    assert_eq!(bench.status(), 200);
}

/// Secrets the log journey uses; none may appear in a log line.
const OPERATOR_TOKEN: &str = "operator-token-4d1c8e0b77a2";
const GORGIAS_KEY: &str = "gorgias-admin-key-9b3f51d2";
const WRONG_GORGIAS_KEY: &str = "gorgias-wrong-key-60a7e4c9";

/// Runs the binary with `RESOLVE_LOG_FORMAT=format` and every log level, its stderr in a file (so
/// not a terminal), through a whole journey: shop, a refused and an accepted Gorgias connection, a
/// claim delivered to the stand-in, a scrape, a wrong token. Answers the log and the merchant key.
async fn journey_logs(format: &str) -> (String, String) {
    use gorgias_standin::{AccountConfig, Role, StandinConfig, UserConfig};
    use serde_json::json;

    let standin = gorgias_standin::spawn(StandinConfig {
        accounts: vec![AccountConfig {
            name: "acme".into(),
            users: vec![UserConfig {
                email: "admin@acme.test".into(),
                api_key: GORGIAS_KEY.into(),
                role: Role::Admin,
            }],
            custom_fields: Vec::new(),
        }],
        ..StandinConfig::default()
    })
    .await
    .unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let sdk_dir = tempfile::tempdir().unwrap();
    let log_path = data_dir.path().join("server.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_resolve-server"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(data_dir.path())
        .env("RESOLVE_SDK_DIR", sdk_dir.path())
        .env("RESOLVE_OPERATOR_TOKEN", OPERATOR_TOKEN)
        .env("RESOLVE_GORGIAS_ALLOW_INSECURE_LOOPBACK", "1")
        .env("RESOLVE_LOG_FORMAT", format)
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .expect("the resolve-server binary starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let server = RunningServer {
        child,
        base_url: first_line
            .trim()
            .trim_start_matches("listening on ")
            .to_owned(),
    };
    let base = &server.base_url;
    let http = reqwest::Client::new();
    let created: serde_json::Value = http
        .post(format!("{base}/v1/shops"))
        .bearer_auth(OPERATOR_TOKEN)
        .json(&json!({"slug": "acme", "name": "Acme"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let merchant_key = created["api_key"]
        .as_str()
        .expect("a merchant key")
        .to_owned();
    let available = http
        .patch(format!("{base}/v1/shops/acme"))
        .bearer_auth(OPERATOR_TOKEN)
        .json(&json!({"gorgias_available": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(available.status(), 200);
    let endpoint = standin.account_url("acme").unwrap();
    for (api_key, status) in [(WRONG_GORGIAS_KEY, 422), (GORGIAS_KEY, 200)] {
        let connected = http
            .put(format!("{base}/v1/shops/acme/integrations/gorgias"))
            .bearer_auth(&merchant_key)
            .json(&json!({"endpoint": endpoint, "email": "admin@acme.test", "api_key": api_key}))
            .send()
            .await
            .unwrap();
        assert_eq!(connected.status(), status);
    }
    let claim: serde_json::Value = http
        .post(format!("{base}/v1/shops/acme/claims"))
        .bearer_auth(&merchant_key)
        .json(
            &json!({"flow_type": "not_received", "customer": {"email": "jane@example.com"},
                      "order": {"order_number": "#1001"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = claim["id"].as_str().expect("a claim id").to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let shown: serde_json::Value = http
            .get(format!("{base}/v1/shops/acme/claims/{id}"))
            .bearer_auth(&merchant_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if shown["status"] == "delivered" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never delivered: {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let scrape = http
        .get(format!("{base}/metrics"))
        .bearer_auth(OPERATOR_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(scrape.status(), 200);
    let wrong = http
        .get(format!("{base}/v1/shops/acme"))
        .bearer_auth(format!("{OPERATOR_TOKEN}-but-wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    // Stopped before reading, so every line is written out.
    drop(server);
    (std::fs::read_to_string(&log_path).unwrap(), merchant_key)
}

fn assert_no_secrets(logs: &str, merchant_key: &str) {
    assert!(
        logs.contains("gorgias connected"),
        "the capture has the journey:\n{logs}"
    );
    for secret in [GORGIAS_KEY, WRONG_GORGIAS_KEY, merchant_key, OPERATOR_TOKEN] {
        assert!(!logs.contains(secret), "{secret} in the logs");
    }
    // Nor their Base64 in a Basic header.
    use base64::Engine;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("admin@acme.test:{GORGIAS_KEY}"));
    assert!(!logs.contains(&basic), "the Basic credentials in the logs");
}

#[tokio::test]
async fn text_logs_have_no_colour_codes_in_a_file_and_no_secrets() {
    let (logs, merchant_key) = journey_logs("text").await;
    assert!(!logs.contains('\u{1b}'), "escape codes in a log file");
    assert!(logs.contains("request_id="), "lines name their request");
    assert_no_secrets(&logs, &merchant_key);
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_with_request_shop_and_claim_and_no_secrets() {
    let (logs, merchant_key) = journey_logs("json").await;
    assert!(!logs.contains('\u{1b}'), "escape codes in a log file");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(lines.len() > 10, "{logs}");
    for line in &lines {
        assert!(line["timestamp"].is_string(), "{line}");
        assert!(line["level"].is_string(), "{line}");
        assert!(
            line.get("message").is_some() || line.as_object().unwrap().len() > 3,
            "{line}"
        );
    }
    let connected = lines
        .iter()
        .find(|line| line["message"] == "gorgias connected")
        .expect("the connection is logged");
    assert_eq!(connected["level"], "INFO");
    assert_eq!(connected["shop"], "acme");
    assert!(
        connected["span"]["request_id"]
            .as_str()
            .is_some_and(|id| id.len() >= 32),
        "{connected}"
    );
    let delivered = lines
        .iter()
        .find(|line| line["message"] == "claim delivered")
        .expect("the delivery is logged");
    assert!(
        delivered["claim"].as_str().is_some_and(|id| id.len() == 36),
        "{delivered}"
    );
    assert_no_secrets(&logs, &merchant_key);
}
