//! The one error type of the HTTP API, and the JSON body extractor that reports through it.
//!
//! Every 4xx/5xx answer has the body `{"error": {"code", "message", "field"}}`. Internal errors are
//! logged with their cause and answered as an opaque 500.

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::json;

use resolve_claims::ClaimErrors;

use crate::domain::Invalid;
use crate::gorgias::GorgiasError;
use crate::store::StoreError;

/// Everything the API answers with an error status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, or a token that is neither the operator's nor a merchant key.
    #[error("unauthorized")]
    Unauthorized,
    /// A merchant key on a call only the operator may make.
    #[error("operator only")]
    OperatorOnly,
    /// The shop does not exist or belongs to someone else (never told apart).
    #[error("shop not found")]
    ShopNotFound,
    /// The shop has no Gorgias integration.
    #[error("not connected")]
    NotConnected,
    /// The shop has no whitelist URL with that id.
    #[error("url not found")]
    UrlNotFound,
    /// No route has this path.
    #[error("route not found")]
    RouteNotFound,
    /// The route exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The slug of a new shop is already used.
    #[error("slug taken")]
    SlugTaken,
    /// The URL is already on the shop's whitelist.
    #[error("url exists")]
    UrlExists,
    /// The operator has not made the Gorgias integration available to this shop.
    #[error("gorgias not available")]
    GorgiasNotAvailable,
    /// A value in the request was refused (422).
    #[error("invalid {field:?}: {}", invalid.message)]
    Invalid {
        /// Code and message.
        invalid: Invalid,
        /// JSON path of the value, when it came from a body or query.
        field: Option<String>,
    },
    /// The live check against Gorgias failed (422).
    #[error("gorgias check failed: {0}")]
    Gorgias(#[from] GorgiasError),
    /// The body is not JSON at all (400).
    #[error("malformed json: {0}")]
    MalformedJson(String),
    /// The body is JSON but not the expected shape (422).
    #[error("invalid body at {field:?}: {message}")]
    InvalidBody {
        /// What serde found wrong.
        message: String,
        /// Where in the body.
        field: Option<String>,
    },
    /// The body was not sent as `application/json` (415).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body is over the size limit (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// The shop has no claim with that id.
    #[error("claim not found")]
    ClaimNotFound,
    /// The submitted claim breaks the claim rules (422), or is not JSON (400).
    #[error("{0}")]
    InvalidClaim(ClaimErrors),
    /// A request the claim calls refuse for a reason of their own (file checks, idempotency,
    /// retrying a claim that has not failed).
    #[error("{code}: {message}")]
    Refused {
        /// The HTTP status.
        status: StatusCode,
        /// The snake_case code.
        code: &'static str,
        /// What happened and what to do.
        message: String,
        /// The part or field concerned.
        field: Option<String>,
    },
    /// Anything the caller cannot fix: logged, answered as an opaque 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A refused value that came from the JSON field `field`.
    pub fn invalid(invalid: Invalid, field: &str) -> Self {
        Self::Invalid {
            invalid,
            field: Some(field.to_owned()),
        }
    }

    /// A refusal with its own status and code.
    pub fn refused(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        field: Option<&str>,
    ) -> Self {
        Self::Refused {
            status,
            code,
            message: message.into(),
            field: field.map(str::to_owned),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::OperatorOnly | Self::GorgiasNotAvailable => StatusCode::FORBIDDEN,
            Self::ShopNotFound
            | Self::NotConnected
            | Self::UrlNotFound
            | Self::RouteNotFound
            | Self::ClaimNotFound => StatusCode::NOT_FOUND,
            Self::InvalidClaim(errors) if errors.is_malformed_json() => StatusCode::BAD_REQUEST,
            Self::InvalidClaim(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Refused { status, .. } => *status,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::SlugTaken | Self::UrlExists => StatusCode::CONFLICT,
            Self::Invalid { .. } | Self::Gorgias(_) | Self::InvalidBody { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::MalformedJson(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The snake_case error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::OperatorOnly => "operator_only",
            Self::ShopNotFound => "shop_not_found",
            Self::NotConnected => "not_connected",
            Self::UrlNotFound => "url_not_found",
            Self::RouteNotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::SlugTaken => "slug_taken",
            Self::UrlExists => "url_exists",
            Self::GorgiasNotAvailable => "gorgias_not_available",
            Self::Invalid { invalid, .. } => invalid.code,
            Self::Gorgias(error) => error.code(),
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody { .. } => "invalid_body",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::ClaimNotFound => "claim_not_found",
            Self::InvalidClaim(errors) if errors.is_malformed_json() => "malformed_json",
            Self::InvalidClaim(_) => "invalid_claim",
            Self::Refused { code, .. } => code,
            Self::Internal(_) => "internal",
        }
    }

    /// What happened and what to do, for the caller.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthorized => "send `Authorization: Bearer TOKEN` with the operator token or the shop's API key (rk_...)".into(),
            Self::OperatorOnly => "only the operator can do this; contact your account manager".into(),
            Self::ShopNotFound => "there is no shop with this slug for your API key; check the slug".into(),
            Self::NotConnected => "Gorgias is not connected for this shop; connect it first with PUT /v1/shops/{slug}/integrations/gorgias".into(),
            Self::UrlNotFound => "this shop has no Help Center URL with that id; list them with GET /v1/shops/{slug}/help-center/urls".into(),
            Self::RouteNotFound => "no such API route; see the API documentation for the available calls".into(),
            Self::MethodNotAllowed => "this route does not accept that HTTP method; see the API documentation".into(),
            Self::SlugTaken => "a shop with this slug already exists; pick another slug".into(),
            Self::UrlExists => "this URL is already on the shop's whitelist; list them with GET /v1/shops/{slug}/help-center/urls".into(),
            Self::GorgiasNotAvailable => "the Gorgias integration is not available for this shop yet; contact your account manager to enable it".into(),
            Self::Invalid { invalid, .. } => invalid.message.clone(),
            Self::Gorgias(error) => error.message(),
            Self::MalformedJson(detail) => format!("the body is not valid JSON ({detail}); send a JSON object"),
            Self::InvalidBody { message, .. } => format!("{message}; fix the body and send it again"),
            Self::UnsupportedMediaType => "send the body as JSON with `Content-Type: application/json`".into(),
            Self::PayloadTooLarge => format!("the body is larger than {} KiB; send less", crate::routes::JSON_BODY_LIMIT / 1024),
            Self::ClaimNotFound => "this shop has no claim with that id; use the id the claim submission answered".into(),
            Self::InvalidClaim(errors) => errors.first().message.clone(),
            Self::Refused { message, .. } => message.clone(),
            Self::Internal(_) => "something went wrong on our side; try again later".into(),
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. }
            | Self::InvalidBody { field, .. }
            | Self::Refused { field, .. } => field.as_deref(),
            Self::InvalidClaim(errors) => errors.first().field.as_deref(),
            Self::Gorgias(error) => error.field(),
            _ => None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Self::Internal(anyhow::Error::new(error))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(error) = &self {
            tracing::error!(error = format!("{error:#}"), "internal error");
        }
        let mut body = json!({
            "error": {
                "code": self.code(),
                "message": self.message(),
                "field": self.field(),
            }
        });
        // Every problem of a claim at once, so the Resolve flow can mark each field.
        if let Self::InvalidClaim(errors) = &self {
            body["error"]["errors"] = json!(errors);
        }
        (self.status(), Json(body)).into_response()
    }
}

/// A JSON request body whose every rejection is an [`ApiError`] naming the offending field.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::MalformedJson("the body could not be read".into())
                }
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Deserialises `bytes`, telling syntax errors (400) from shape errors (422, with the field path).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => ApiError::InvalidBody {
                message: strip_position(&inner.to_string()),
                field: (path != ".").then_some(path),
            },
            _ => ApiError::MalformedJson(inner.to_string()),
        }
    })?;
    deserializer
        .end()
        .map_err(|error| ApiError::MalformedJson(error.to_string()))?;
    Ok(value)
}

/// serde_json appends " at line L column C", which means nothing to most callers next to a field path.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}
