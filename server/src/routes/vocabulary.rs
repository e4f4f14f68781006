//! `GET /v1/claims/vocabulary`: the claim vocabulary for forms that build claims (the finder),
//! public and cacheable. The lists and labels are the `claims` crate's own; the photo limits are
//! the ones intake enforces. So a form that reads this cannot drift from the rules.

use std::sync::LazyLock;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use resolve_claims::Vocabulary;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::intake::{MAX_FILES, MAX_FILE_BYTES};

/// The answer: the crate's vocabulary plus the limits on files.
#[derive(Serialize)]
struct VocabularyView {
    #[serde(flatten)]
    claims: Vocabulary,
    photos: PhotoLimits,
}

/// How many files a claim may carry and how large each may be.
#[derive(Serialize)]
struct PhotoLimits {
    /// Most bytes of one file.
    max_file_bytes: usize,
    /// Most files per claim, photos and signature together.
    max_files: usize,
}

/// The body and its strong ETag, built once: nothing in it changes while the server runs.
static ANSWER: LazyLock<(String, HeaderValue)> = LazyLock::new(|| {
    let view = VocabularyView {
        claims: Vocabulary::of_claims(),
        photos: PhotoLimits {
            max_file_bytes: MAX_FILE_BYTES,
            max_files: MAX_FILES,
        },
    };
    let body = serde_json::to_string(&view).expect("the vocabulary serialises");
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", hex::encode(&digest[..16]));
    let etag = HeaderValue::from_str(&etag).expect("a hex ETag is a valid header value");
    (body, etag)
});

/// Answers the vocabulary; 304 when the caller's copy is current.
pub async fn show(headers: HeaderMap) -> Response {
    let (body, etag) = &*ANSWER;
    let common = [
        // Changes only with a deploy: an hour of caching, revalidated by ETag after that.
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ),
        // Public data any page may read, wherever its finder is served from.
        (
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ),
        (header::ETAG, etag.clone()),
    ];
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim().as_bytes() == etag.as_bytes())
        });
    if current {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.clone(),
    )
        .into_response()
}
