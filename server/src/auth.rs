//! Who is calling: the operator (one token from configuration) or a shop's merchant key.
//!
//! A merchant key only ever reaches its own shop: any other slug answers 404 exactly as a shop that
//! does not exist, so keys cannot be used to discover shops.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Shop;

/// Prefix of every merchant key.
pub const MERCHANT_KEY_PREFIX: &str = "rk_";

/// A new merchant key: `rk_` and 43 URL-safe characters (32 random bytes).
pub fn new_merchant_key() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!(
        "{MERCHANT_KEY_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The stored form of a merchant key. Keys carry 256 random bits, so a plain SHA-256 cannot be
/// reversed by guessing, and lookups stay a single indexed query.
pub fn merchant_key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub enum Caller {
    /// The operator: may do everything.
    Operator,
    /// A merchant key: may act on its own shop only.
    Merchant(Shop),
}

impl Caller {
    /// The shop `slug` if the caller may see it; 404 otherwise.
    pub async fn shop(&self, state: &AppState, slug: &str) -> Result<Shop, ApiError> {
        match self {
            Self::Operator => state
                .store
                .shop_by_slug(slug)
                .await?
                .ok_or(ApiError::ShopNotFound),
            Self::Merchant(shop) if shop.slug == slug => Ok(shop.clone()),
            Self::Merchant(_) => Err(ApiError::ShopNotFound),
        }
    }

    /// The shop `slug` for an operator-only call: 404 for other shops, 403 for the shop's own key.
    pub async fn shop_as_operator(&self, state: &AppState, slug: &str) -> Result<Shop, ApiError> {
        let shop = self.shop(state, slug).await?;
        self.require_operator()?;
        Ok(shop)
    }

    /// Fails with 403 `operator_only` unless the caller is the operator.
    pub fn require_operator(&self) -> Result<(), ApiError> {
        match self {
            Self::Operator => Ok(()),
            Self::Merchant(_) => Err(ApiError::OperatorOnly),
        }
    }

    /// Whether this is the operator.
    pub fn is_operator(&self) -> bool {
        matches!(self, Self::Operator)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        if let Some(operator) = &state.config.operator_token {
            if bool::from(operator.expose().as_bytes().ct_eq(token.as_bytes())) {
                return Ok(Self::Operator);
            }
        }
        if token.starts_with(MERCHANT_KEY_PREFIX) {
            if let Some(shop) = state
                .store
                .shop_by_key_hash(&merchant_key_hash(token))
                .await?
            {
                return Ok(Self::Merchant(shop));
            }
        }
        Err(ApiError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merchant_keys_are_long_random_and_url_safe() {
        let key = new_merchant_key();
        let body = key.strip_prefix("rk_").expect("prefix");
        assert!(body.len() >= 32);
        assert!(body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(key, new_merchant_key());
        assert_eq!(merchant_key_hash(&key).len(), 64);
        assert_ne!(merchant_key_hash(&key), key);
    }
}
