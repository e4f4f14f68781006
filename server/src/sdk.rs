//! The SDK files (`bundle.min.js`, its Wasm) held in memory, compressed once with gzip and brotli.
//!
//! A file is read and compressed the first time it is asked for and again whenever its size or
//! modification time changes, so rebuilding the SDK needs no restart. Each encoding gets its own
//! strong ETag, as they are different byte sequences.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use sha2::{Digest, Sha256};

/// A content coding the SDK can be served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As stored.
    Identity,
    /// `Content-Encoding: gzip`.
    Gzip,
    /// `Content-Encoding: br`.
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value, `None` for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }

    /// Picks the best coding the client accepts (brotli, then gzip), honouring `q=0`.
    pub fn negotiate(accept_encoding: &str) -> Self {
        let accepts = |name: &str| {
            accept_encoding.split(',').any(|item| {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                });
                coding.eq_ignore_ascii_case(name) && !refused
            })
        };
        if accepts("br") {
            Self::Brotli
        } else if accepts("gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }
}

/// One SDK file in every coding.
#[derive(Debug)]
pub struct SdkFile {
    /// `Content-Type` value.
    pub content_type: &'static str,
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    digest: String,
    modified: Option<SystemTime>,
    len: u64,
}

impl SdkFile {
    /// The bytes and strong ETag for `wanted`, falling back to identity when that coding was not
    /// worth storing.
    pub fn variant(&self, wanted: Encoding) -> (Encoding, &Bytes, String) {
        let (encoding, bytes) = match wanted {
            Encoding::Brotli => match &self.brotli {
                Some(bytes) => (Encoding::Brotli, bytes),
                None => return self.variant(Encoding::Gzip),
            },
            Encoding::Gzip => match &self.gzip {
                Some(bytes) => (Encoding::Gzip, bytes),
                None => (Encoding::Identity, &self.identity),
            },
            Encoding::Identity => (Encoding::Identity, &self.identity),
        };
        let etag = match encoding.header() {
            Some(suffix) => format!("\"{}-{suffix}\"", self.digest),
            None => format!("\"{}\"", self.digest),
        };
        (encoding, bytes, etag)
    }
}

/// The SDK folder, read on demand and kept in memory.
#[derive(Debug)]
pub struct SdkFiles {
    dir: PathBuf,
    files: tokio::sync::Mutex<HashMap<String, Arc<SdkFile>>>,
}

impl SdkFiles {
    /// Serves files from `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            files: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The file `name` (no folders, no leading dot), or `None` when it does not exist.
    pub async fn get(&self, name: &str) -> std::io::Result<Option<Arc<SdkFile>>> {
        let safe = !name.is_empty()
            && !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !safe {
            return Ok(None);
        }
        let path = self.dir.join(name);
        let metadata = match tokio::fs::metadata(&path).await {
            Ok(metadata) if metadata.is_file() => metadata,
            Ok(_) => return Ok(None),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let modified = metadata.modified().ok();
        let mut files = self.files.lock().await;
        if let Some(file) = files.get(name) {
            if file.modified == modified && file.len == metadata.len() {
                return Ok(Some(file.clone()));
            }
        }
        let raw = tokio::fs::read(&path).await?;
        let content_type = content_type(name);
        let compressible = !content_type.starts_with("image/") || content_type == "image/svg+xml";
        let file = tokio::task::spawn_blocking(move || {
            prepare(raw, content_type, compressible, modified, metadata.len())
        })
        .await
        .map_err(std::io::Error::other)??;
        let file = Arc::new(file);
        files.insert(name.to_owned(), file.clone());
        Ok(Some(file))
    }
}

fn prepare(
    raw: Vec<u8>,
    content_type: &'static str,
    compressible: bool,
    modified: Option<SystemTime>,
    len: u64,
) -> std::io::Result<SdkFile> {
    let digest = hex::encode(&Sha256::digest(&raw)[..16]);
    let (gzip, brotli) = if compressible {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw)?;
        let gz = gz.finish()?;
        let mut br = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            writer.write_all(&raw)?;
        }
        // A coding that does not save bytes is not worth the client's decoding time.
        let smaller = |bytes: Vec<u8>| (bytes.len() < raw.len()).then(|| Bytes::from(bytes));
        (smaller(gz), smaller(br))
    } else {
        (None, None)
    };
    Ok(SdkFile {
        content_type,
        identity: Bytes::from(raw),
        gzip,
        brotli,
        digest,
        modified,
        len,
    })
}

/// The MIME type by extension; browsers refuse to compile Wasm served as anything but `application/wasm`.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_brotli_and_respects_refusals() {
        assert_eq!(Encoding::negotiate("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(Encoding::negotiate("gzip, br;q=0"), Encoding::Gzip);
        assert_eq!(Encoding::negotiate("identity"), Encoding::Identity);
        assert_eq!(Encoding::negotiate(""), Encoding::Identity);
    }
}
