//! Encryption at rest of Gorgias API keys, under the service's secret key.
//!
//! XChaCha20-Poly1305 with a fresh random 24-byte nonce per value (large enough that random nonces
//! never collide in practice). The shop id is bound in as associated data, so a ciphertext copied
//! to another shop's row does not decrypt.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::secret::Secret;

/// A sealed value: ciphertext with its tag, and the nonce it was sealed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// Ciphertext followed by the 16-byte tag.
    pub ciphertext: Vec<u8>,
    /// The 24-byte nonce.
    pub nonce: Vec<u8>,
}

/// Seals and opens secrets with the service's key.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault([redacted])")
    }
}

impl Vault {
    /// A vault over 32 bytes of key material.
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// The vault for `configured` (RESOLVE_SECRET_KEY), or for the key stored in
    /// `{data_dir}/secret.key`, generated with mode 0600 the first time.
    pub fn load(configured: Option<&Secret>, data_dir: &Path) -> anyhow::Result<Self> {
        let key = match configured {
            Some(secret) => decode_key(secret.expose()).context(
                "RESOLVE_SECRET_KEY must be 32 bytes written as 64 hex digits or base64 (e.g. the output of `openssl rand -hex 32`)",
            )?,
            None => load_or_create_key_file(&data_dir.join("secret.key"))?,
        };
        Ok(Self::new(&key))
    }

    /// Encrypts `plaintext` for the row of shop `shop_id`.
    pub fn seal(&self, shop_id: i64, plaintext: &str) -> anyhow::Result<Sealed> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated_data(shop_id);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow::anyhow!("encryption failed"))?;
        Ok(Sealed {
            ciphertext,
            nonce: nonce.to_vec(),
        })
    }

    /// Decrypts a value sealed for shop `shop_id`; fails if the key, the shop or the bytes differ.
    pub fn open(&self, shop_id: i64, sealed: &Sealed) -> anyhow::Result<Secret> {
        if sealed.nonce.len() != 24 {
            bail!(
                "stored nonce has {} bytes instead of 24",
                sealed.nonce.len()
            );
        }
        let aad = associated_data(shop_id);
        let plaintext = self
            .cipher
            .decrypt(
                XNonce::from_slice(&sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| {
                anyhow::anyhow!("a stored secret does not decrypt: was RESOLVE_SECRET_KEY changed?")
            })?;
        let text = String::from_utf8(plaintext).context("a stored secret is not UTF-8")?;
        Ok(Secret::new(text))
    }
}

fn associated_data(shop_id: i64) -> Vec<u8> {
    format!("resolve:gorgias-api-key:shop:{shop_id}").into_bytes()
}

/// Reads 32 bytes written as hex or base64 (standard or URL-safe, padded or not).
fn decode_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(text)?
    } else {
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        engines
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .context("neither hex nor base64")?
    };
    bytes
        .try_into()
        .map_err(|bytes: Vec<u8>| anyhow::anyhow!("{} bytes instead of 32", bytes.len()))
}

fn load_or_create_key_file(path: &Path) -> anyhow::Result<[u8; 32]> {
    match std::fs::read_to_string(path) {
        Ok(text) => decode_key(&text).with_context(|| {
            format!("{} is damaged: restore it from a backup (without it stored Gorgias keys cannot be read)", path.display())
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut key = [0u8; 32];
            chacha20poly1305::aead::rand_core::RngCore::fill_bytes(&mut OsRng, &mut key);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            file.write_all(hex::encode(key).as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "generated a new secret key");
            Ok(key)
        }
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_for_their_shop() {
        let vault = Vault::new(&[7u8; 32]);
        let sealed = vault.seal(1, "gorgias-key-1234").unwrap();
        assert!(!sealed.ciphertext.windows(4).any(|w| w == b"1234"));
        assert_eq!(vault.open(1, &sealed).unwrap().expose(), "gorgias-key-1234");
        assert!(vault.open(2, &sealed).is_err());
        assert!(Vault::new(&[8u8; 32]).open(1, &sealed).is_err());
        let again = vault.seal(1, "gorgias-key-1234").unwrap();
        assert_ne!(again.nonce, sealed.nonce, "every value gets a fresh nonce");
    }

    #[test]
    fn keys_are_read_as_hex_or_base64() {
        let hex_key = "11".repeat(32);
        assert_eq!(decode_key(&hex_key).unwrap(), [0x11; 32]);
        let b64 = base64::engine::general_purpose::STANDARD.encode([0x22u8; 32]);
        assert_eq!(decode_key(&b64).unwrap(), [0x22; 32]);
        assert!(decode_key("short").is_err());
    }

    #[test]
    fn generated_key_file_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Vault::load(None, dir.path()).unwrap();
        let sealed = first.seal(3, "x").unwrap();
        let second = Vault::load(None, dir.path()).unwrap();
        assert_eq!(second.open(3, &sealed).unwrap().expose(), "x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
