//! The client of the Gorgias REST API: one shared HTTP client with timeouts and typed errors.
//!
//! The base URL is the integration's endpoint, so tests point it at a local stand-in. Credentials
//! travel only in the `Authorization` header; no error or log line carries them.

use std::time::Duration;

use reqwest::StatusCode;

use crate::domain::{AgentEmail, GorgiasApiKey, GorgiasEndpoint};

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
    /// Connection error, timeout, 5xx, 429 or an answer we cannot use.
    #[error("unreachable: {0}")]
    Unreachable(String),
}

impl GorgiasError {
    /// The API error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AuthFailed => "gorgias_auth_failed",
            Self::Forbidden => "gorgias_forbidden",
            Self::AccountNotFound => "gorgias_account_not_found",
            Self::Unreachable(_) => "gorgias_unreachable",
        }
    }

    /// The integration status this outcome leaves.
    pub fn status(&self) -> &'static str {
        match self {
            Self::AuthFailed => "auth_failed",
            Self::Forbidden => "forbidden",
            Self::AccountNotFound | Self::Unreachable(_) => "unreachable",
        }
    }

    /// What the merchant should check.
    pub fn message(&self) -> String {
        match self {
            Self::AuthFailed => "Gorgias refused the email and API key: check that the email is the one of the Gorgias user who created the key, and copy the key again from Gorgias Settings → REST API".into(),
            Self::Forbidden => "Gorgias accepted the key but its user may not use the API: use the key of a Gorgias user with the Admin or Agent role".into(),
            Self::AccountNotFound => "there is no Gorgias account at this address: check the subdomain in https://your-account.gorgias.com".into(),
            Self::Unreachable(detail) => format!("Gorgias could not be reached ({detail}): check the address and try again in a few minutes"),
        }
    }

    /// The request field the merchant should look at.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::AuthFailed => Some("api_key"),
            Self::Forbidden => Some("email"),
            Self::AccountNotFound | Self::Unreachable(_) => Some("endpoint"),
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

/// Calls Gorgias; cheap to clone (one shared connection pool).
#[derive(Debug, Clone)]
pub struct GorgiasClient {
    http: reqwest::Client,
}

impl GorgiasClient {
    /// A client with a 5 s connect timeout and a `request_timeout` per request.
    pub fn new(request_timeout: Duration) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(request_timeout)
            .user_agent(concat!("resolve-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http })
    }

    /// Checks the credentials live with `GET {endpoint}/api/account`.
    pub async fn check_account(
        &self,
        credentials: &Credentials<'_>,
    ) -> Result<Account, GorgiasError> {
        let url = format!("{}/api/account", credentials.endpoint.as_str());
        let response = self
            .http
            .get(&url)
            .basic_auth(
                credentials.email.as_str(),
                Some(credentials.api_key.expose()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|error| GorgiasError::Unreachable(describe(&error)))?;
        match response.status() {
            StatusCode::UNAUTHORIZED => Err(GorgiasError::AuthFailed),
            StatusCode::FORBIDDEN => Err(GorgiasError::Forbidden),
            StatusCode::NOT_FOUND => Err(GorgiasError::AccountNotFound),
            StatusCode::TOO_MANY_REQUESTS => Err(GorgiasError::Unreachable(
                "Gorgias is rate limiting this account".into(),
            )),
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
