//! The client of the Gorgias REST API: one shared HTTP client with timeouts and typed errors.
//!
//! The base URL is the integration's endpoint, so tests point it at a local stand-in. Credentials
//! travel only in the `Authorization` header; no error or log line carries them. Every call waits
//! for its slot in the account's [`Pacing`] bucket and reports the account's call-limit header
//! back to it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, ACCEPT};
use reqwest::StatusCode;
use resolve_claims::{Attachment, TicketDraft};
use serde::Deserialize;

use crate::domain::{AgentEmail, GorgiasApiKey, GorgiasEndpoint};
use crate::metrics::Metrics;
use crate::pacing::Pacing;

/// Longest Gorgias refusal message we keep for the merchant.
const MAX_REFUSAL_CHARS: usize = 500;

/// Why a call to Gorgias failed, in the terms the merchant can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GorgiasError {
    /// 401: the email and API key do not match a user.
    #[error("authentication failed")]
    AuthFailed,
    /// 403: the user's role may not use the API.
    #[error("permission denied")]
    Forbidden,
    /// 404: no Gorgias account at this address (wrong subdomain).
    #[error("account not found")]
    AccountNotFound,
    /// Connection error, timeout, 5xx, 409 or an answer we cannot use: worth another try.
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// 429: the account's rate limit is reached; Gorgias asks to wait `retry_after`.
    #[error("rate limited for {retry_after:?}")]
    RateLimited {
        /// The `Retry-after` Gorgias sent (1 s when it sent none).
        retry_after: Duration,
    },
    /// 400, 413 or 422: Gorgias refused the request itself; sending it again cannot help.
    #[error("refused with HTTP {status}: {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Gorgias's own message and field problems.
        message: String,
    },
}

impl GorgiasError {
    /// The API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AuthFailed => "gorgias_auth_failed",
            Self::Forbidden => "gorgias_forbidden",
            Self::AccountNotFound => "gorgias_account_not_found",
            Self::Unreachable(_) => "gorgias_unreachable",
            Self::RateLimited { .. } => "gorgias_rate_limited",
            Self::Refused { .. } => "gorgias_refused",
        }
    }

    /// The integration status this outcome leaves.
    pub fn status(&self) -> &'static str {
        match self {
            Self::AuthFailed => "auth_failed",
            Self::Forbidden => "forbidden",
            Self::AccountNotFound
            | Self::Unreachable(_)
            | Self::RateLimited { .. }
            | Self::Refused { .. } => "unreachable",
        }
    }

    /// What the merchant should check.
    pub fn message(&self) -> String {
        match self {
            Self::AuthFailed => "Gorgias refused the email and API key: check that the email is the one of the Gorgias user who created the key, and copy the key again from Gorgias Settings → REST API".into(),
            Self::Forbidden => "Gorgias accepted the key but its user may not use the API: use the key of a Gorgias user with the Admin or Agent role".into(),
            Self::AccountNotFound => "there is no Gorgias account at this address: check the subdomain in https://your-account.gorgias.com".into(),
            Self::Unreachable(detail) => format!("Gorgias could not be reached ({detail}): check the address and try again in a few minutes"),
            Self::RateLimited { retry_after } => format!("Gorgias is rate limiting this account: try again in {} s", retry_after.as_secs().max(1)),
            Self::Refused { message, .. } => format!("Gorgias refused the request: {message}"),
        }
    }

    /// The request field the merchant should look at.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::AuthFailed => Some("api_key"),
            Self::Forbidden => Some("email"),
            Self::AccountNotFound | Self::Unreachable(_) | Self::RateLimited { .. } => {
                Some("endpoint")
            }
            Self::Refused { .. } => None,
        }
    }
}

/// Credentials of a Gorgias user: HTTP Basic `email:api_key`.
#[derive(Debug, Clone)]
pub struct Credentials<'a> {
    /// The account's base URL.
    pub endpoint: &'a GorgiasEndpoint,
    /// The user's email.
    pub email: &'a AgentEmail,
    /// The user's REST API key.
    pub api_key: &'a GorgiasApiKey,
}

/// The account as `GET /api/account` describes it (only what we use).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Account {
    /// The account's domain, e.g. `acme`.
    #[serde(default)]
    pub domain: Option<String>,
}

/// A ticket found or created in Gorgias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct TicketRef {
    /// The Gorgias ticket id.
    pub id: u64,
}

/// The role of a Gorgias user, `role.name` in `GET /api/users/0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `admin`: everything, including integrations and widgets.
    Admin,
    /// `agent`: handles tickets.
    Agent,
    /// `basic-agent`.
    BasicAgent,
    /// `lite-agent`.
    LiteAgent,
    /// `observer-agent`: reads everything, gets 403 on every write.
    ObserverAgent,
    /// `internal-agent`.
    InternalAgent,
    /// `bot`.
    Bot,
    /// A name Gorgias did not have when this was written (or none at all).
    Other(String),
}

impl Role {
    /// The role named `name` as Gorgias spells it.
    pub fn from_name(name: &str) -> Self {
        match name {
            "admin" => Self::Admin,
            "agent" => Self::Agent,
            "basic-agent" => Self::BasicAgent,
            "lite-agent" => Self::LiteAgent,
            "observer-agent" => Self::ObserverAgent,
            "internal-agent" => Self::InternalAgent,
            "bot" => Self::Bot,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The name Gorgias gives the role.
    pub fn name(&self) -> &str {
        match self {
            Self::Admin => "admin",
            Self::Agent => "agent",
            Self::BasicAgent => "basic-agent",
            Self::LiteAgent => "lite-agent",
            Self::ObserverAgent => "observer-agent",
            Self::InternalAgent => "internal-agent",
            Self::Bot => "bot",
            Self::Other(name) => name,
        }
    }
}

/// A key whose user cannot create tickets: refused at connect time rather than as a 403 on
/// every ticket later.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Gorgias user of this key has the role {found}, which can read but not create tickets: use the API key of a user with the {instead} role (or Admin), or give this user the {instead} role in Gorgias Settings → Users")]
pub struct ReadOnlyRole {
    /// The role Gorgias answered.
    pub found: String,
    /// The role to use instead.
    pub instead: &'static str,
}

/// The role rule: may a key of this role create the tickets claims become?
///
/// Only `observer-agent` is known to be read-only (`gorgias.md`); every other role, including
/// one Gorgias adds later, is let through, since refusing a role that can write would lock a
/// merchant out, while a role that cannot still shows up as `forbidden` on its first ticket.
pub fn may_create_tickets(role: &Role) -> Result<(), ReadOnlyRole> {
    match role {
        Role::ObserverAgent => Err(ReadOnlyRole {
            found: role.name().to_owned(),
            instead: "Agent",
        }),
        Role::Admin
        | Role::Agent
        | Role::BasicAgent
        | Role::LiteAgent
        | Role::InternalAgent
        | Role::Bot
        | Role::Other(_) => Ok(()),
    }
}

/// The key's own user as `GET /api/users/0` describes it (only what we use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The Gorgias user id.
    pub id: u64,
    /// The user's role.
    pub role: Role,
}

/// `GET /api/users/0` as Gorgias answers it.
#[derive(Debug, Deserialize)]
struct UserAnswer {
    id: u64,
    #[serde(default)]
    role: Option<RoleAnswer>,
}

#[derive(Debug, Deserialize)]
struct RoleAnswer {
    #[serde(default)]
    name: Option<String>,
}

/// A ticket custom field as `GET /api/custom-fields` lists it (only what we use).
#[derive(Debug, Clone, Deserialize)]
pub struct TicketField {
    /// The field id a mapping refers to.
    pub id: u64,
    /// Its name in Gorgias.
    #[serde(default)]
    pub label: Option<String>,
}

/// Gorgias's list envelope (only the data).
#[derive(Debug, Deserialize)]
struct List<T> {
    data: Vec<T>,
}

/// A Gorgias call as a route template, the same for every account and id (what metrics count by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `GET /api/account`.
    Account,
    /// `GET /api/users/0`.
    CurrentUser,
    /// `GET /api/tickets?external_id=`.
    FindTicket,
    /// `POST /api/upload`.
    Upload,
    /// `POST /api/tickets`.
    CreateTicket,
    /// `GET /api/custom-fields`.
    TicketFields,
}

impl Route {
    /// HTTP method and path template.
    pub fn parts(self) -> (&'static str, &'static str) {
        match self {
            Self::Account => ("GET", "/api/account"),
            Self::CurrentUser => ("GET", "/api/users/0"),
            Self::FindTicket => ("GET", "/api/tickets"),
            Self::Upload => ("POST", "/api/upload"),
            Self::CreateTicket => ("POST", "/api/tickets"),
            Self::TicketFields => ("GET", "/api/custom-fields"),
        }
    }
}

/// Calls Gorgias; cheap to clone (one shared connection pool, one set of per-account buckets).
#[derive(Debug, Clone)]
pub struct GorgiasClient {
    http: reqwest::Client,
    pacing: Arc<Pacing>,
    metrics: Arc<Metrics>,
}

impl GorgiasClient {
    /// A client with a 5 s connect timeout (at most the request timeout), a `request_timeout` per
    /// request, calls paced by `pacing` and counted in `metrics`.
    pub fn new(
        request_timeout: Duration,
        pacing: Arc<Pacing>,
        metrics: Arc<Metrics>,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(request_timeout.min(Duration::from_secs(5)))
            .timeout(request_timeout)
            .user_agent(concat!("resolve-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            pacing,
            metrics,
        })
    }

    /// The per-account buckets this client paces its calls with.
    pub fn pacing(&self) -> &Pacing {
        &self.pacing
    }

    /// The metrics this client counts its calls in (the queue counts its own there too).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Sends `request` (a call of `route`) to `credentials`'s account once its slot came; a 429
    /// is an error here and holds the account off for `Retry-after`. Every call to Gorgias passes
    /// here, so this is where calls are counted and timed.
    async fn send(
        &self,
        credentials: &Credentials<'_>,
        route: Route,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, GorgiasError> {
        let endpoint = credentials.endpoint.as_str();
        self.pacing.slot(endpoint).await;
        let started = Instant::now();
        let sent = request
            .basic_auth(
                credentials.email.as_str(),
                Some(credentials.api_key.expose()),
            )
            .header(ACCEPT, "application/json")
            .send()
            .await;
        self.metrics.gorgias_call(
            route,
            sent.as_ref()
                .ok()
                .map(|response| response.status().as_u16()),
            started.elapsed(),
        );
        let response = sent.map_err(|error| GorgiasError::Unreachable(describe(&error)))?;
        if let Some((used, limit)) = call_limit(response.headers()) {
            self.pacing.observe(endpoint, used, limit);
        }
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = retry_after(response.headers());
            self.pacing.hold_off(endpoint, retry_after);
            return Err(GorgiasError::RateLimited { retry_after });
        }
        Ok(response)
    }

    /// Checks the credentials live with `GET {endpoint}/api/account`.
    pub async fn check_account(
        &self,
        credentials: &Credentials<'_>,
    ) -> Result<Account, GorgiasError> {
        let url = format!("{}/api/account", credentials.endpoint.as_str());
        let response = match self
            .send(credentials, Route::Account, self.http.get(&url))
            .await
        {
            Err(GorgiasError::RateLimited { .. }) => {
                return Err(GorgiasError::Unreachable(
                    "Gorgias is rate limiting this account".into(),
                ))
            }
            other => other?,
        };
        match response.status() {
            StatusCode::UNAUTHORIZED => Err(GorgiasError::AuthFailed),
            StatusCode::FORBIDDEN => Err(GorgiasError::Forbidden),
            StatusCode::NOT_FOUND => Err(GorgiasError::AccountNotFound),
            status if status.is_success() => response.json::<Account>().await.map_err(|_| {
                GorgiasError::Unreachable(
                    "Gorgias answered with something other than its account".into(),
                )
            }),
            status => Err(GorgiasError::Unreachable(format!(
                "Gorgias answered HTTP {}",
                status.as_u16()
            ))),
        }
    }

    /// The key's own user (`GET /api/users/0`), for the role check at connect time.
    pub async fn current_user(&self, credentials: &Credentials<'_>) -> Result<User, GorgiasError> {
        let url = format!("{}/api/users/0", credentials.endpoint.as_str());
        let response = match self
            .send(credentials, Route::CurrentUser, self.http.get(&url))
            .await
        {
            Err(GorgiasError::RateLimited { .. }) => {
                return Err(GorgiasError::Unreachable(
                    "Gorgias is rate limiting this account".into(),
                ))
            }
            other => other?,
        };
        let answer: UserAnswer = read_json(success(response).await?, "its user").await?;
        let name = answer.role.and_then(|role| role.name).unwrap_or_default();
        Ok(User {
            id: answer.id,
            role: Role::from_name(&name),
        })
    }

    /// The ticket with our `external_id`, if Gorgias has one (`GET /api/tickets?external_id=`).
    pub async fn find_ticket(
        &self,
        credentials: &Credentials<'_>,
        external_id: &str,
    ) -> Result<Option<TicketRef>, GorgiasError> {
        let url = format!("{}/api/tickets", credentials.endpoint.as_str());
        let request = self
            .http
            .get(&url)
            .query(&[("external_id", external_id), ("limit", "1")]);
        let response = success(self.send(credentials, Route::FindTicket, request).await?).await?;
        let list: List<TicketRef> = read_json(response, "a list of tickets").await?;
        Ok(list.data.into_iter().next())
    }

    /// Uploads one file (`POST /api/upload?type=attachment`) and answers how to attach it.
    pub async fn upload(
        &self,
        credentials: &Credentials<'_>,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<Attachment, GorgiasError> {
        let url = format!("{}/api/upload", credentials.endpoint.as_str());
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(content_type)
            .map_err(|_| GorgiasError::Refused {
                status: 0,
                message: format!("{content_type} is not a MIME type"),
            })?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let request = self
            .http
            .post(&url)
            .query(&[("type", "attachment")])
            .multipart(form);
        let response = success(self.send(credentials, Route::Upload, request).await?).await?;
        let uploaded: Vec<Attachment> = read_json(response, "the uploaded file").await?;
        uploaded.into_iter().next().ok_or_else(|| {
            GorgiasError::Unreachable("Gorgias answered the upload without the file".into())
        })
    }

    /// Creates the ticket (`POST /api/tickets`).
    pub async fn create_ticket(
        &self,
        credentials: &Credentials<'_>,
        ticket: &TicketDraft,
    ) -> Result<TicketRef, GorgiasError> {
        let url = format!("{}/api/tickets", credentials.endpoint.as_str());
        let request = self.http.post(&url).json(ticket);
        let response = success(self.send(credentials, Route::CreateTicket, request).await?).await?;
        read_json(response, "the created ticket").await
    }

    /// The account's ticket fields (`GET /api/custom-fields?object_type=Ticket`).
    pub async fn ticket_fields(
        &self,
        credentials: &Credentials<'_>,
    ) -> Result<Vec<TicketField>, GorgiasError> {
        let url = format!("{}/api/custom-fields", credentials.endpoint.as_str());
        let request = self
            .http
            .get(&url)
            .query(&[("object_type", "Ticket"), ("limit", "100")]);
        let response = success(self.send(credentials, Route::TicketFields, request).await?).await?;
        let list: List<TicketField> = read_json(response, "a list of ticket fields").await?;
        Ok(list.data)
    }
}

/// The response if it is a success, else the error its status means.
async fn success(response: reqwest::Response) -> Result<reqwest::Response, GorgiasError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    Err(match status {
        StatusCode::UNAUTHORIZED => GorgiasError::AuthFailed,
        StatusCode::FORBIDDEN => GorgiasError::Forbidden,
        StatusCode::NOT_FOUND => GorgiasError::AccountNotFound,
        StatusCode::BAD_REQUEST
        | StatusCode::PAYLOAD_TOO_LARGE
        | StatusCode::UNPROCESSABLE_ENTITY => {
            let body = response.text().await.unwrap_or_default();
            GorgiasError::Refused {
                status: status.as_u16(),
                message: refusal(&body),
            }
        }
        // 409 is a race inside Gorgias (two requests creating the same customer): the next
        // attempt finds the customer.
        status => GorgiasError::Unreachable(format!("Gorgias answered HTTP {}", status.as_u16())),
    })
}

async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    what: &str,
) -> Result<T, GorgiasError> {
    response.json::<T>().await.map_err(|error| {
        if error.is_decode() {
            GorgiasError::Unreachable(format!("Gorgias answered with something other than {what}"))
        } else {
            GorgiasError::Unreachable(describe(&error))
        }
    })
}

/// Gorgias's `{"error": {"msg", "data": {"field": ["problem"]}}}` as one readable line.
fn refusal(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let error = &value["error"];
    let mut message = error["msg"]
        .as_str()
        .unwrap_or("no reason given")
        .to_owned();
    if let Some(data) = error["data"].as_object() {
        let problems: Vec<String> = data
            .iter()
            .map(|(field, problems)| {
                let text = match problems {
                    serde_json::Value::Array(list) => list
                        .iter()
                        .map(|p| {
                            p.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| p.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| other.to_string()),
                };
                format!("{field}: {text}")
            })
            .collect();
        if !problems.is_empty() {
            message = format!("{message} ({})", problems.join("; "));
        }
    }
    message.chars().take(MAX_REFUSAL_CHARS).collect()
}

/// `X-Gorgias-Account-Api-Call-Limit: used/limit`.
fn call_limit(headers: &HeaderMap) -> Option<(u32, u32)> {
    let value = headers
        .get("x-gorgias-account-api-call-limit")?
        .to_str()
        .ok()?;
    let (used, limit) = value.split_once('/')?;
    Some((used.trim().parse().ok()?, limit.trim().parse().ok()?))
}

/// `Retry-after: SECONDS` or `Retry-after: HTTP-DATE` (RFC 9110 allows both); 1 s when absent,
/// unreadable or past, at most 10 minutes.
fn retry_after(headers: &HeaderMap) -> Duration {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let seconds = value
        .and_then(|v| {
            v.parse::<f64>().ok().or_else(|| {
                let until = httpdate::parse_http_date(v).ok()?;
                Some(
                    until
                        .duration_since(std::time::SystemTime::now())
                        .unwrap_or_default()
                        .as_secs_f64(),
                )
            })
        })
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(1.0)
        .clamp(1.0, 600.0);
    Duration::from_secs_f64(seconds)
}

/// A short cause without the URL or any header, safe to show and log.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "the request timed out".into()
    } else if error.is_connect() {
        "the connection failed".into()
    } else {
        "the connection broke off".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_the_message_and_the_field_problems() {
        let body =
            r#"{"error":{"msg":"Invalid data.","data":{"custom_fields.0.id":["Unknown field."]}}}"#;
        assert_eq!(
            refusal(body),
            "Invalid data. (custom_fields.0.id: Unknown field.)"
        );
        assert_eq!(refusal("<html>"), "no reason given");
    }

    #[test]
    fn only_the_read_only_role_is_refused_naming_it_and_the_role_to_use() {
        for name in [
            "admin",
            "agent",
            "basic-agent",
            "lite-agent",
            "internal-agent",
            "bot",
        ] {
            let role = Role::from_name(name);
            assert_eq!(role.name(), name);
            assert!(!matches!(role, Role::Other(_)), "{name} is known");
            assert_eq!(may_create_tickets(&role), Ok(()), "{name}");
        }
        let observer = Role::from_name("observer-agent");
        assert_eq!(observer, Role::ObserverAgent);
        let refusal = may_create_tickets(&observer).unwrap_err();
        assert_eq!(refusal.found, "observer-agent");
        assert_eq!(refusal.instead, "Agent");
        let message = refusal.to_string();
        assert!(message.contains("role observer-agent"), "{message}");
        assert!(message.contains("the Agent role"), "{message}");
        assert!(!message.ends_with('.'));
    }

    #[test]
    fn a_role_gorgias_adds_later_is_let_through() {
        let role = Role::from_name("supervisor");
        assert_eq!(role, Role::Other("supervisor".into()));
        assert_eq!(role.name(), "supervisor");
        assert_eq!(may_create_tickets(&role), Ok(()));
        assert_eq!(may_create_tickets(&Role::from_name("")), Ok(()));
    }

    #[test]
    fn call_limit_and_retry_after_headers_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert("X-Gorgias-Account-Api-Call-Limit", "12/40".parse().unwrap());
        headers.insert("retry-after", "5".parse().unwrap());
        assert_eq!(call_limit(&headers), Some((12, 40)));
        assert_eq!(retry_after(&headers), Duration::from_secs(5));
        assert_eq!(retry_after(&HeaderMap::new()), Duration::from_secs(1));
    }

    #[test]
    fn retry_after_as_an_http_date_is_the_time_until_then() {
        let mut headers = HeaderMap::new();
        // Far ahead: capped at 10 minutes like a large number of seconds.
        headers.insert(
            "retry-after",
            "Wed, 21 Oct 2099 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Duration::from_secs(600));
        headers.insert("retry-after", "99999999999999999999".parse().unwrap());
        assert_eq!(retry_after(&headers), Duration::from_secs(600));
        // Already past: the shortest pause.
        headers.insert(
            "retry-after",
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Duration::from_secs(1));
    }
}
