//! Shared set-up for the stand-in's HTTP tests: a stand-in with three users and three ticket
//! fields, a real HTTP client, and helpers that build Gorgias-shaped bodies.

use gorgias_standin::{
    AccountConfig, CustomFieldConfig, Fault, FaultAction, RateLimit, Role, Standin, StandinConfig,
    UserConfig,
};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::{json, Value};

/// The admin of account `acme`.
pub const ADMIN: (&str, &str) = ("admin@acme.test", "admin-key");
/// An agent of account `acme`.
pub const AGENT: (&str, &str) = ("agent@acme.test", "agent-key");
/// A restricted (observer) user of account `acme`.
pub const OBSERVER: (&str, &str) = ("observer@acme.test", "observer-key");

/// Account `acme`: three users, a text, a number and a boolean ticket field (101, 102, 103).
pub fn acme() -> AccountConfig {
    let user = |(email, key): (&str, &str), role| UserConfig {
        email: email.into(),
        api_key: key.into(),
        role,
    };
    let field = |id, label: &str, data_type: &str| CustomFieldConfig {
        id,
        label: label.into(),
        data_type: data_type.into(),
    };
    AccountConfig {
        name: "acme".into(),
        users: vec![
            user(ADMIN, Role::Admin),
            user(AGENT, Role::Agent),
            user(OBSERVER, Role::Observer),
        ],
        custom_fields: vec![
            field(101, "Claim reason", "text"),
            field(102, "Items", "number"),
            field(103, "Photos attached", "boolean"),
        ],
    }
}

/// A config with `acme` and a roomy rate limit, strict on.
pub fn config() -> StandinConfig {
    StandinConfig {
        accounts: vec![acme()],
        rate_limit: RateLimit {
            limit: 1000,
            window: std::time::Duration::from_secs(1),
        },
        max_upload_bytes: 1024,
        strict: true,
    }
}

/// A running stand-in and a client for it.
pub struct Env {
    /// The stand-in.
    pub standin: Standin,
    /// A plain HTTP client.
    pub http: Client,
    /// Endpoint of `acme`.
    pub acme: String,
}

/// Starts a stand-in with [`config`].
pub async fn start() -> Env {
    start_with(config()).await
}

/// Starts a stand-in with the given config (which must contain `acme`).
pub async fn start_with(config: StandinConfig) -> Env {
    let standin = gorgias_standin::spawn(config)
        .await
        .expect("the stand-in starts");
    let acme = standin.account_url("acme").expect("acme is served");
    Env {
        standin,
        http: Client::new(),
        acme,
    }
}

impl Env {
    /// A request to `acme` as `who`.
    pub fn call(&self, method: reqwest::Method, path: &str, who: (&str, &str)) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.acme))
            .basic_auth(who.0, Some(who.1))
    }

    /// `POST /api/tickets` as the admin.
    pub async fn post_ticket(&self, body: &Value) -> Response {
        answer(
            self.call(reqwest::Method::POST, "/api/tickets", ADMIN)
                .json(body),
        )
        .await
    }

    /// `POST /api/tickets` as the admin, without assuming an answer comes.
    pub async fn post_ticket_raw(&self, body: &Value) -> reqwest::Result<Response> {
        self.call(reqwest::Method::POST, "/api/tickets", ADMIN)
            .json(body)
            .send()
            .await
    }

    /// `GET /api/account` on `acme` as the agent: the cheapest call that goes through every gate.
    pub async fn get_account(&self) -> Response {
        self.get_account_at(&self.acme).await
    }

    /// `GET /api/account` on the account served at `account_url`, as the agent.
    pub async fn get_account_at(&self, account_url: &str) -> Response {
        get_as(&format!("{account_url}/api/account"), AGENT).await
    }

    /// A control API URL.
    pub fn control(&self, path: &str) -> String {
        format!("{}{path}", self.standin.control_url())
    }

    /// `GET` a path of `acme` as `who`.
    pub async fn get(&self, path: &str, who: (&str, &str)) -> Response {
        answer(self.call(reqwest::Method::GET, path, who)).await
    }

    /// `GET` a control API path.
    pub async fn control_get(&self, path: &str) -> Response {
        answer(self.http.get(self.control(path))).await
    }

    /// `POST` a JSON body to a control API path.
    pub async fn control_post(&self, path: &str, body: &Value) -> Response {
        answer(self.http.post(self.control(path)).json(body)).await
    }
}

/// `GET url` with `who`'s credentials, from a client of its own.
pub async fn get_as(url: &str, who: (&str, &str)) -> Response {
    answer(Client::new().get(url).basic_auth(who.0, Some(who.1))).await
}

/// Sends a request that must get an answer.
pub async fn answer(request: RequestBuilder) -> Response {
    request.send().await.expect("the stand-in answers")
}

/// A fault on account `acme` for the next `times` calls of `method` whose path starts with
/// `path`.
pub fn fault(method: &str, path: &str, times: u32, action: FaultAction) -> Fault {
    Fault {
        account: Some("acme".into()),
        method: Some(method.into()),
        path_prefix: path.into(),
        times,
        action,
    }
}

/// The ticket most tests post: claim 1 of `jo@example.test`.
pub fn first_ticket() -> Value {
    claim_ticket("resolve-claim:1", "jo@example.test")
}

/// The body our integration sends for a claim, with one attachment.
pub fn claim_ticket(external_id: &str, email: &str) -> Value {
    json!({
        "customer": { "email": email, "name": "Jo Doe" },
        "channel": "api",
        "via": "api",
        "from_agent": false,
        "subject": "Claim: damaged mug",
        "external_id": external_id,
        "language": "en",
        "tags": [{ "name": "resolve-claim" }, { "name": "defective" }],
        "custom_fields": [
            { "id": 101, "value": "damage" },
            { "id": 102, "value": 2 },
            { "id": 103, "value": true }
        ],
        "messages": [{
            "channel": "api",
            "via": "api",
            "from_agent": false,
            "sender": { "email": email, "name": "Jo Doe" },
            "subject": "Claim: damaged mug",
            "body_text": "The mug arrived broken.",
            "body_html": "<p>The mug arrived <b>broken</b>.</p>",
            "attachments": [{
                "url": "https://uploads.example.test/mug.jpg",
                "name": "mug.jpg",
                "content_type": "image/jpeg",
                "size": 1234
            }]
        }]
    })
}

/// Reads a JSON body.
pub async fn json_body(response: Response) -> Value {
    response.json().await.expect("the body is JSON")
}
