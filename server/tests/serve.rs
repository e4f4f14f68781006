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
