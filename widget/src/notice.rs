//! The console messages that say why the tile is not shown, each said at most once.

use alloc::string::String;

use crate::answer::{HideReason, MalformedAnswer};
use crate::slug::SlugError;

/// A reason the tile is not shown (or not shown where asked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// `data-shop-slug` is missing or invalid.
    Slug(SlugError),
    /// Neither `data-api-base` nor the script's own URL gives an http(s) API base.
    NoApiBase,
    /// The server said not to show the tile.
    Hidden(HideReason),
    /// The embed call failed or took too long.
    ServerUnreachable,
    /// The embed answer could not be used.
    Malformed(MalformedAnswer),
    /// `data-target` matches no element, so the tile is placed by the default rule.
    TargetNotFound,
}

impl Notice {
    /// A small number identifying the kind of notice, for "said once" bookkeeping.
    pub fn kind(&self) -> u32 {
        match self {
            Notice::Slug(_) => 0,
            Notice::NoApiBase => 1,
            Notice::Hidden(HideReason::UrlNotWhitelisted) => 2,
            Notice::Hidden(HideReason::UnknownShop) => 3,
            Notice::Hidden(HideReason::OriginMismatch) => 4,
            Notice::Hidden(HideReason::Other(_)) => 5,
            Notice::ServerUnreachable => 6,
            Notice::Malformed(_) => 7,
            Notice::TargetNotFound => 8,
        }
    }

    /// The console line, `[resolve] ` prefix included; `shop` and `page` fill in the details.
    pub fn message(&self, shop: &str, page: &str) -> String {
        let parts: &[&str] = match self {
            Notice::Slug(error) => &["the tile is not shown: ", error.explain()],
            Notice::NoApiBase => &[
                "the tile is not shown: data-api-base is not an http(s) URL and the script's own URL gives none; ",
                "set data-api-base=\"https://your-resolve-server\"",
            ],
            Notice::Hidden(HideReason::UrlNotWhitelisted) => &[
                "the tile is not shown: ", page,
                " is not on the Help Center whitelist of shop \"", shop,
                "\"; submit this URL in Resolve and wait for its approval",
            ],
            Notice::Hidden(HideReason::UnknownShop) => &[
                "the tile is not shown: no shop has the slug \"", shop,
                "\"; check data-shop-slug against the slug shown in Resolve",
            ],
            Notice::Hidden(HideReason::OriginMismatch) => &[
                "the tile is not shown: this page's origin is not the host of an approved Help Center URL of shop \"", shop,
                "\"; submit a URL on this host in Resolve",
            ],
            Notice::Hidden(HideReason::Other(code)) => &[
                "the tile is not shown: the server said no (", code, ")",
            ],
            Notice::ServerUnreachable => &[
                "the tile is not shown: the Resolve server did not answer in time, answered with an error, ",
                "or refused this page's origin (CORS answers only hosts with an approved Help Center URL); ",
                "check data-api-base and that a URL on this host is approved",
            ],
            Notice::Malformed(MalformedAnswer::MissingShow) => &[
                "the tile is not shown: the Resolve server's answer is not an embed answer; check data-api-base",
            ],
            Notice::Malformed(MalformedAnswer::BadFinderUrl) => &[
                "the tile is not shown: the Resolve server gave no http(s) finder URL for shop \"", shop,
                "\"; check the finder base URL in the server configuration",
            ],
            Notice::TargetNotFound => &[
                "data-target matches no element on this page, so the tile is placed after the script tag or at the bottom right",
            ],
        };
        let mut line = String::from("[resolve] ");
        for part in parts {
            line.push_str(part);
        }
        line
    }
}

/// The notices already said on this page.
#[derive(Clone, Copy, Debug, Default)]
pub struct SaidNotices(u32);

impl SaidNotices {
    /// Records `notice`; `true` the first time it is seen, so the caller says it then only.
    pub fn first_time(&mut self, notice: &Notice) -> bool {
        let bit = 1 << notice.kind();
        let first = self.0 & bit == 0;
        self.0 |= bit;
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn each_notice_is_said_once() {
        let mut said = SaidNotices::default();
        assert!(said.first_time(&Notice::ServerUnreachable));
        assert!(!said.first_time(&Notice::ServerUnreachable));
        assert!(said.first_time(&Notice::Hidden(HideReason::UrlNotWhitelisted)));
        assert!(said.first_time(&Notice::Hidden(HideReason::UnknownShop)));
        assert!(!said.first_time(&Notice::Hidden(HideReason::UnknownShop)));
    }

    #[test]
    fn messages_are_prefixed_and_name_the_shop_and_page() {
        let line = Notice::Hidden(HideReason::UrlNotWhitelisted)
            .message("my-shop", "https://help.acme.com/en-US");
        assert!(line.starts_with("[resolve] "), "{line}");
        assert!(line.contains("\"my-shop\""), "{line}");
        assert!(line.contains("https://help.acme.com/en-US"), "{line}");
        let slug = Notice::Slug(SlugError::Missing).message("", "");
        assert!(slug.contains("data-shop-slug"), "{slug}");
    }

    #[test]
    fn every_notice_kind_is_distinct() {
        let notices = [
            Notice::Slug(SlugError::Missing),
            Notice::NoApiBase,
            Notice::Hidden(HideReason::UrlNotWhitelisted),
            Notice::Hidden(HideReason::UnknownShop),
            Notice::Hidden(HideReason::OriginMismatch),
            Notice::Hidden(HideReason::Other("x".into())),
            Notice::ServerUnreachable,
            Notice::Malformed(MalformedAnswer::MissingShow),
            Notice::TargetNotFound,
        ];
        let mut kinds: Vec<u32> = notices.iter().map(Notice::kind).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), notices.len());
        assert!(kinds.iter().all(|&k| k < 32));
    }
}
