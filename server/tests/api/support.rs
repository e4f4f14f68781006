//! `spawn_app()`: the real router on a free port with a real SQLite file in a temporary folder,
//! plus a Gorgias stand-in and a log buffer shared by every test of this binary.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use gorgias_standin::{
    AccountConfig, CustomFieldConfig, Fault, FaultAction, Role, Standin, StandinConfig, UserConfig,
};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use resolve_server::config::Settings;
use resolve_server::secret::Secret;
use serde_json::{json, Value};

/// The operator token every test app runs with.
pub const OPERATOR: &str = "operator-token-for-tests";

/// Every log line any test app wrote, to check that secrets never appear.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("trace")
            .with_ansi(false)
            .with_writer(move || LogWriter(writer.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("one subscriber per test binary");
        buffer
    })
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A running application and what it runs against.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Holds the data directory (SQLite file, secret key).
    pub data_dir: tempfile::TempDir,
    /// Holds the SDK files.
    pub sdk_dir: tempfile::TempDir,
    /// The Gorgias stand-in with account `acme`.
    pub gorgias: Standin,
    /// Every answer body this app gave, to check that secrets never appear.
    pub bodies: Mutex<Vec<String>>,
    http: reqwest::Client,
    /// The settings it runs with.
    pub settings: Settings,
    running: Option<Running>,
}

/// An answer: status, headers and body (JSON when it parses, else a string).
pub struct Answer {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Value,
}

impl Answer {
    /// The `error.code` of an error body.
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// Admin of account `acme` on the stand-in.
pub const ADMIN_EMAIL: &str = "admin@acme.test";
/// Admin's API key.
pub const ADMIN_KEY: &str = "admin-key-7f3a9f2c";
/// Observer (restricted role) of `acme`.
pub const OBSERVER_EMAIL: &str = "observer@acme.test";
/// Observer's API key.
pub const OBSERVER_KEY: &str = "observer-key-1234";

/// The app with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Ticket field ids of account `acme` (text fields).
pub const ACME_FIELDS: [u64; 3] = [42, 43, 44];

/// The app with settings adjusted by `adjust`. Retries are fast (50 ms base, 400 ms cap).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    log_buffer();
    let data_dir = tempfile::tempdir().unwrap();
    let sdk_dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::for_data_dir(data_dir.path());
    settings.sdk_dir = sdk_dir.path().to_owned();
    settings.operator_token = Some(Secret::new(OPERATOR));
    settings.gorgias_allow_insecure_loopback = true;
    settings.finder_base_url = "https://finder.example".into();
    settings.delivery.retry_base_ms = 50;
    settings.delivery.retry_cap_ms = 400;
    settings.delivery.workers = 4;
    adjust(&mut settings);
    let running = start(&settings).await;
    let gorgias = gorgias_standin::spawn(StandinConfig {
        accounts: vec![AccountConfig {
            name: "acme".into(),
            users: vec![
                UserConfig {
                    email: ADMIN_EMAIL.into(),
                    api_key: ADMIN_KEY.into(),
                    role: Role::Admin,
                },
                UserConfig {
                    email: OBSERVER_EMAIL.into(),
                    api_key: OBSERVER_KEY.into(),
                    role: Role::Observer,
                },
            ],
            custom_fields: ACME_FIELDS
                .iter()
                .zip(["Claim type", "Resolution", "Shipment phase"])
                .map(|(id, label)| CustomFieldConfig {
                    id: *id,
                    label: label.into(),
                    data_type: "text".into(),
                })
                .collect(),
        }],
        ..StandinConfig::default()
    })
    .await
    .unwrap();
    TestApp {
        base: running.base.clone(),
        data_dir,
        sdk_dir,
        gorgias,
        bodies: Mutex::new(Vec::new()),
        http: reqwest::Client::new(),
        settings,
        running: Some(running),
    }
}

/// A server started by [`start`]: how to stop it.
pub struct Running {
    base: String,
    stop: tokio::sync::oneshot::Sender<()>,
    served: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// Builds the state (migrations, queue workers) and serves on a free port.
async fn start(settings: &Settings) -> Running {
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    let state = resolve_server::startup::build_state(settings, address)
        .await
        .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(resolve_server::startup::run(listener, state, async {
        let _ = stopped.await;
    }));
    Running {
        base: format!("http://{address}"),
        stop,
        served,
    }
}

impl TestApp {
    /// Stops the server and its queue workers (graceful, as on SIGTERM), then starts a new one on
    /// the same data directory and stand-in.
    pub async fn restart(&mut self) {
        self.stop().await;
        let running = start(&self.settings).await;
        self.base = running.base.clone();
        self.running = Some(running);
    }

    /// Stops the server and its queue workers.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(());
            running.served.await.unwrap().unwrap();
        }
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    /// Sends a prepared request and records the answer body.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        self.bodies.lock().unwrap().push(text.clone());
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status.is_client_error() || status.is_server_error() {
            assert!(
                body["error"]["code"].is_string(),
                "{status} without the error shape: {body}"
            );
            assert!(
                body["error"]["message"].is_string(),
                "{status} without a message: {body}"
            );
        }
        Answer {
            status,
            headers,
            body,
        }
    }

    /// A builder for requests the helpers do not cover.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    /// `POST /v1/shops` with `body`, as `token`.
    pub async fn post_shop(&self, token: &str, body: Value) -> Answer {
        self.call(Method::POST, "/v1/shops", Some(token), Some(body))
            .await
    }

    /// Posts `body` as it is, declared as `content_type`, with the bearer `token`.
    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: &'static str,
    ) -> Answer {
        let request = self
            .request(Method::POST, path)
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body);
        self.send(request).await
    }

    /// Creates a shop as the operator and answers its merchant key.
    pub async fn create_shop(&self, slug: &str) -> String {
        let answer = self
            .post_shop(OPERATOR, json!({"slug": slug, "name": "Shop"}))
            .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        answer.body["api_key"].as_str().unwrap().to_owned()
    }

    /// Creates a shop the operator made Gorgias available to.
    pub async fn create_gorgias_shop(&self, slug: &str) -> String {
        let key = self.create_shop(slug).await;
        let answer = self
            .call(
                Method::PATCH,
                &format!("/v1/shops/{slug}"),
                Some(OPERATOR),
                Some(json!({"gorgias_available": true})),
            )
            .await;
        assert_eq!(answer.status, 200);
        key
    }

    /// The stand-in's `acme` account URL.
    pub fn acme(&self) -> String {
        self.gorgias.account_url("acme").unwrap()
    }

    /// Connects `slug` to `acme` with the admin's credentials.
    pub async fn connect(&self, slug: &str, key: &str) -> Answer {
        self.call(
            Method::PUT,
            &format!("/v1/shops/{slug}/integrations/gorgias"),
            Some(key),
            Some(json!({"endpoint": self.acme(), "email": ADMIN_EMAIL, "api_key": ADMIN_KEY})),
        )
        .await
    }

    /// Creates shop `slug` with Gorgias available and connects it to `acme`; answers its key.
    pub async fn connected(&self, slug: &str) -> String {
        let key = self.create_gorgias_shop(slug).await;
        let answer = self.connect(slug, &key).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        key
    }

    /// `POST /v1/shops/{slug}/help-center/urls` with `url`, as `token`.
    pub async fn add_url(&self, slug: &str, token: &str, url: &str) -> Answer {
        self.call(
            Method::POST,
            &format!("/v1/shops/{slug}/help-center/urls"),
            Some(token),
            Some(json!({"url": url})),
        )
        .await
    }

    /// Adds a whitelist URL as the operator (approved at once).
    pub async fn approve_url(&self, slug: &str, url: &str) {
        let answer = self.add_url(slug, OPERATOR, url).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }

    /// Asks the embed endpoint about `page` with an optional `Origin`.
    pub async fn embed(&self, slug: &str, page: &str, origin: Option<&str>) -> Answer {
        let mut request = self
            .request(Method::GET, &format!("/v1/embed/{slug}"))
            .query(&[("url", page)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request).await
    }
}

/// The example claim of the API contract (`docs/api.md`), the fixture the claim rules are tested
/// with too.
pub fn example_claim() -> Value {
    serde_json::from_str(include_str!("../../../claims/tests/fixtures/claim.json"))
        .expect("the example claim is JSON")
}

/// The example claim with every field the ticket shows: a description that needs escaping and a
/// second item.
pub fn sample_claim() -> Value {
    let mut claim = example_claim();
    claim["description"] = json!("The mug arrived in pieces.\n\nThe box was <crushed> & wet.");
    claim["items"]
        .as_array_mut()
        .expect("the example has items")
        .push(json!({"sku": "SAU-2", "title": "Saucer", "quantity": 2}));
    claim
}

/// A fault on the stand-in's `acme` account for the next `times` calls of `method` whose path
/// starts with `path`.
pub fn fault(method: &str, path: &str, times: u32, action: FaultAction) -> Fault {
    Fault {
        account: Some("acme".into()),
        method: Some(method.into()),
        path_prefix: path.into(),
        times,
        action,
    }
}

/// A small claim for order `number`.
pub fn small_claim(number: usize) -> Value {
    json!({
        "flow_type": "not_received",
        "customer": {"email": format!("buyer{number}@example.com")},
        "order": {"order_number": format!("#{number}")}
    })
}

/// A multipart claim body: part `claim` (text) when given, then each of `parts` as (name, file
/// name, bytes).
pub fn claim_form(
    claim: Option<&str>,
    parts: Vec<(&str, &str, Vec<u8>)>,
) -> reqwest::multipart::Form {
    let form = match claim {
        Some(claim) => reqwest::multipart::Form::new().text("claim", claim.to_owned()),
        None => reqwest::multipart::Form::new(),
    };
    parts
        .into_iter()
        .fold(form, |form, (name, file_name, bytes)| {
            form.part(
                name.to_owned(),
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
            )
        })
}

/// Bytes that start like a JPEG, different for each `seed`.
pub fn jpeg(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

/// Bytes that start like a PNG.
pub fn png(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..len).map(|i| (i as u8) ^ seed));
    bytes
}

impl TestApp {
    /// Posts `claim` as JSON with an optional `Idempotency-Key`.
    pub async fn submit(
        &self,
        slug: &str,
        key: &str,
        claim: &Value,
        idempotency: Option<&str>,
    ) -> Answer {
        let mut request = self
            .request(Method::POST, &format!("/v1/shops/{slug}/claims"))
            .bearer_auth(key)
            .json(claim);
        if let Some(idempotency) = idempotency {
            request = request.header("Idempotency-Key", idempotency);
        }
        self.send(request).await
    }

    /// Posts `claim` as JSON, checks that it was accepted and answers its id.
    pub async fn submitted(&self, slug: &str, key: &str, claim: &Value) -> String {
        let answer = self.submit(slug, key, claim, None).await;
        assert_eq!(answer.status, 202, "{}", answer.body);
        answer.body["id"].as_str().unwrap().to_owned()
    }

    /// Posts a multipart claim: part `claim` (text), each of `parts` as (name, file name, bytes).
    pub async fn submit_multipart(
        &self,
        slug: &str,
        key: &str,
        claim: &str,
        parts: Vec<(&str, &str, Vec<u8>)>,
    ) -> Answer {
        let request = self
            .request(Method::POST, &format!("/v1/shops/{slug}/claims"))
            .bearer_auth(key)
            .multipart(claim_form(Some(claim), parts));
        self.send(request).await
    }

    /// The claim's status answer.
    pub async fn claim(&self, slug: &str, key: &str, id: &str) -> Answer {
        self.call(
            Method::GET,
            &format!("/v1/shops/{slug}/claims/{id}"),
            Some(key),
            None,
        )
        .await
    }

    /// Asks for another delivery of the claim.
    pub async fn retry(&self, slug: &str, key: &str, id: &str) -> Answer {
        self.call(
            Method::POST,
            &format!("/v1/shops/{slug}/claims/{id}/retry"),
            Some(key),
            None,
        )
        .await
    }

    /// Polls the claim until its status is `status` (at most 30 s), and answers it.
    pub async fn wait_for(&self, slug: &str, key: &str, id: &str, status: &str) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let answer = self.claim(slug, key, id).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            if answer.body["status"] == status {
                return answer.body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "claim {id} never became {status}: {}",
                answer.body
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The shop's integration.
    pub async fn integration(&self, slug: &str, key: &str) -> Value {
        let answer = self
            .call(
                Method::GET,
                &format!("/v1/shops/{slug}/integrations/gorgias"),
                Some(key),
                None,
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body
    }

    /// Switches the shop's integration on or off.
    pub async fn set_enabled(&self, slug: &str, key: &str, enabled: bool) {
        let answer = self
            .call(
                Method::PATCH,
                &format!("/v1/shops/{slug}/integrations/gorgias"),
                Some(key),
                Some(json!({"enabled": enabled})),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }

    /// Rows in `table` of the app's SQLite file, read through a connection of its own.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let url = format!(
            "sqlite://{}",
            self.data_dir.path().join("resolve.db").display()
        );
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        count
    }
}
