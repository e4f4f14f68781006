//! The shop slug from `data-shop-slug`, checked by the same rule the server applies.

use alloc::borrow::ToOwned;
use alloc::string::String;

/// A shop slug known to be 1–63 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopSlug(String);

/// Why a `data-shop-slug` value is not a shop slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlugError {
    /// The attribute is missing or blank.
    Missing,
    /// Longer than 63 characters.
    TooLong,
    /// A character other than `a-z`, `0-9` or `-`.
    BadCharacter,
    /// Starts or ends with `-`.
    EdgeHyphen,
}

impl ShopSlug {
    /// Longest slug the server accepts.
    pub const MAX_LEN: usize = 63;

    /// Checks a `data-shop-slug` value; surrounding whitespace is ignored.
    pub fn parse(value: &str) -> Result<ShopSlug, SlugError> {
        let value = value.trim_ascii();
        if value.is_empty() {
            return Err(SlugError::Missing);
        }
        if value.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        if !value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(SlugError::BadCharacter);
        }
        if value.starts_with('-') || value.ends_with('-') {
            return Err(SlugError::EdgeHyphen);
        }
        Ok(ShopSlug(value.to_owned()))
    }

    /// The slug as written in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl SlugError {
    /// What is wrong and what to do, for the console.
    pub fn explain(self) -> &'static str {
        match self {
            SlugError::Missing => "the script tag has no data-shop-slug attribute: add data-shop-slug=\"your-shop-slug\" (the slug of your shop in Resolve)",
            SlugError::TooLong => "data-shop-slug is longer than 63 characters: copy the shop slug from Resolve exactly",
            SlugError::BadCharacter => "data-shop-slug may only hold lower-case letters a-z, digits and \"-\": copy the shop slug from Resolve exactly",
            SlugError::EdgeHyphen => "data-shop-slug must not start or end with \"-\": copy the shop slug from Resolve exactly",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn valid_slugs_are_accepted_and_trimmed() {
        assert_eq!(
            ShopSlug::parse("my-shop").map(|s| s.0),
            Ok("my-shop".into())
        );
        assert_eq!(ShopSlug::parse(" a ").map(|s| s.0), Ok("a".into()));
        assert!(ShopSlug::parse("shop-2024-eu").is_ok());
        assert!(ShopSlug::parse(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn invalid_slugs_say_why() {
        assert_eq!(ShopSlug::parse(""), Err(SlugError::Missing));
        assert_eq!(ShopSlug::parse("   "), Err(SlugError::Missing));
        assert_eq!(ShopSlug::parse(&"a".repeat(64)), Err(SlugError::TooLong));
        assert_eq!(ShopSlug::parse("My-Shop"), Err(SlugError::BadCharacter));
        assert_eq!(ShopSlug::parse("my_shop"), Err(SlugError::BadCharacter));
        assert_eq!(ShopSlug::parse("my/shop"), Err(SlugError::BadCharacter));
        assert_eq!(ShopSlug::parse("café"), Err(SlugError::BadCharacter));
        assert_eq!(ShopSlug::parse("-shop"), Err(SlugError::EdgeHyphen));
        assert_eq!(ShopSlug::parse("shop-"), Err(SlugError::EdgeHyphen));
        assert_eq!(ShopSlug::parse("-"), Err(SlugError::EdgeHyphen));
    }
}
