//! Reading a submitted claim: JSON alone, or `multipart/form-data` with the claim JSON, photos
//! and a signature. Everything is checked before anything is stored: the claim rules
//! ([`Claim::parse`]), each file's bytes ([`resolve_claims::sniff`]), the sizes and the count.
//!
//! A refused file is reported as soon as it is seen, but the rest of the body is still read (and
//! thrown away, within the route's body limit) so the caller receives the answer instead of a
//! connection reset.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use resolve_claims::{Claim, ImageKind};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Largest photo or signature.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most files (photos and signature together) per claim.
pub const MAX_FILES: usize = 12;
/// Largest claim JSON.
pub const MAX_CLAIM_BYTES: usize = 1024 * 1024;
/// Body limit of the claim submission route: every file at its largest, the JSON and the
/// multipart framing.
pub const CLAIM_BODY_LIMIT: usize = MAX_FILES * MAX_FILE_BYTES + MAX_CLAIM_BYTES + 64 * 1024;

/// What a file is to the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// A photo of the problem.
    Photo,
    /// The customer's signature.
    Signature,
}

impl FileRole {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Signature => "signature",
        }
    }
}

/// A checked photo or signature.
#[derive(Debug, Clone)]
pub struct ClaimFile {
    /// Photo or signature.
    pub role: FileRole,
    /// What the bytes are.
    pub kind: ImageKind,
    /// The file.
    pub bytes: Vec<u8>,
}

/// A claim that passed every check, ready to be stored.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The claim JSON as submitted.
    pub json: String,
    /// The checked claim.
    pub claim: Claim,
    /// Photos in submission order, then the signature.
    pub files: Vec<ClaimFile>,
}

impl Submission {
    /// SHA-256 (hex) of the claim JSON and every file with its role, independent of the multipart
    /// boundary, so a retried submission hashes the same.
    pub fn hash(&self) -> String {
        let mut hash = Sha256::new();
        for (label, bytes) in std::iter::once(("claim", self.json.as_bytes())).chain(
            self.files
                .iter()
                .map(|file| (file.role.as_str(), file.bytes.as_slice())),
        ) {
            hash.update(label.as_bytes());
            hash.update((bytes.len() as u64).to_be_bytes());
            hash.update(bytes);
        }
        hex::encode(hash.finalize())
    }

    /// The name each file gets in Gorgias: `photo-1.jpg`, …, `signature.png`.
    pub fn file_names(&self) -> Vec<String> {
        let mut photos = 0;
        self.files
            .iter()
            .map(|file| match file.role {
                FileRole::Photo => {
                    photos += 1;
                    format!("photo-{photos}.{}", file.kind.extension())
                }
                FileRole::Signature => format!("signature.{}", file.kind.extension()),
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for Submission {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let mime = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if mime == "application/json" {
            let bytes = axum::body::to_bytes(request.into_body(), MAX_CLAIM_BYTES)
                .await
                .map_err(|_| claim_too_large("the body"))?;
            return checked(bytes.to_vec(), Vec::new());
        }
        if mime == "multipart/form-data" {
            let multipart = Multipart::from_request(request, state)
                .await
                .map_err(|rejection| {
                    ApiError::refused(
                        StatusCode::BAD_REQUEST,
                        "malformed_multipart",
                        format!("the multipart body cannot be read ({}); send parts `claim`, `photos` and `signature` with a boundary", rejection.body_text()),
                        None,
                    )
                })?;
            return read_multipart(multipart).await;
        }
        Err(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the claim as `application/json`, or as `multipart/form-data` with a part `claim` (the JSON), parts `photos` and an optional part `signature`",
            None,
        ))
    }
}

fn checked(json: Vec<u8>, files: Vec<ClaimFile>) -> Result<Submission, ApiError> {
    let claim = Claim::parse(&json).map_err(ApiError::InvalidClaim)?;
    // `parse` accepted it, so it is JSON and therefore UTF-8.
    let json = String::from_utf8(json).map_err(|_| {
        ApiError::refused(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "the claim is not UTF-8 text; send it as UTF-8 JSON",
            Some("claim"),
        )
    })?;
    Ok(Submission { json, claim, files })
}

async fn read_multipart(mut multipart: Multipart) -> Result<Submission, ApiError> {
    let mut json: Option<Vec<u8>> = None;
    let mut photos: Vec<ClaimFile> = Vec::new();
    let mut signature: Option<ClaimFile> = None;
    let mut refusal: Option<ApiError> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(body_error)? {
        if refusal.is_some() {
            while field.chunk().await.map_err(body_error)?.is_some() {}
            continue;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let result = match name.as_str() {
            "claim" if json.is_some() => Err(ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "duplicate_part",
                "send the claim JSON in one part `claim`",
                Some("claim"),
            )),
            "claim" => read_part(&mut field, MAX_CLAIM_BYTES, "claim")
                .await
                .map(|bytes| json = Some(bytes)),
            "photos" | "photos[]" => {
                let path = format!("photos[{}]", photos.len());
                match count_check(photos.len() + usize::from(signature.is_some())) {
                    Err(error) => Err(error),
                    Ok(()) => read_image(&mut field, FileRole::Photo, &path)
                        .await
                        .map(|file| photos.push(file)),
                }
            }
            "signature" if signature.is_some() => Err(ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "duplicate_part",
                "send at most one part `signature`",
                Some("signature"),
            )),
            "signature" => match count_check(photos.len()) {
                Err(error) => Err(error),
                Ok(()) => read_image(&mut field, FileRole::Signature, "signature")
                    .await
                    .map(|file| signature = Some(file)),
            },
            other => Err(ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_part",
                format!("a claim has parts `claim`, `photos` and `signature`, not `{other}`; remove that part"),
                Some(other),
            )),
        };
        if let Err(error) = result {
            while field.chunk().await.map_err(body_error)?.is_some() {}
            refusal = Some(error);
        }
    }
    if let Some(error) = refusal {
        return Err(error);
    }
    let json = json.ok_or_else(|| {
        ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
            "the multipart body has no part `claim`; send the claim JSON in a part named `claim`",
            Some("claim"),
        )
    })?;
    photos.extend(signature);
    checked(json, photos)
}

/// Refuses a 13th file.
fn count_check(files_so_far: usize) -> Result<(), ApiError> {
    if files_so_far >= MAX_FILES {
        return Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_files",
            format!("a claim has at most {MAX_FILES} files (photos and signature together); send fewer photos"),
            Some("photos"),
        ));
    }
    Ok(())
}

async fn read_image(
    field: &mut axum::extract::multipart::Field<'_>,
    role: FileRole,
    path: &str,
) -> Result<ClaimFile, ApiError> {
    let bytes = read_part(field, MAX_FILE_BYTES, path).await?;
    let kind = resolve_claims::sniff(&bytes).ok_or_else(|| {
        ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_an_image",
            format!("{path} is not a JPEG, PNG, WebP or HEIC image (judged by its content, not its name); send photos as images"),
            Some(path),
        )
    })?;
    Ok(ClaimFile { role, kind, bytes })
}

async fn read_part(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: usize,
    path: &str,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(body_error)? {
        if bytes.len() + chunk.len() > limit {
            return Err(if path == "claim" {
                claim_too_large("the part `claim`")
            } else {
                ApiError::refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "file_too_large",
                    format!(
                        "{path} is larger than {} MiB; send a smaller photo",
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                    Some(path),
                )
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn claim_too_large(what: &str) -> ApiError {
    ApiError::refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        "claim_too_large",
        format!(
            "{what} is larger than {} KiB; a claim's JSON is much smaller, send photos as files",
            MAX_CLAIM_BYTES / 1024
        ),
        Some("claim"),
    )
}

fn body_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the claim is larger than {} MiB in total; send at most {MAX_FILES} files of {} MiB", CLAIM_BODY_LIMIT / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024)),
            None,
        )
    } else {
        ApiError::refused(
            StatusCode::BAD_REQUEST,
            "malformed_multipart",
            format!(
                "the multipart body cannot be read ({}); send it again",
                error.body_text()
            ),
            None,
        )
    }
}
