//! What the embed endpoint's answer means for the tile.
//!
//! The browser layer copies the fields it finds in the JSON into [`EmbedFields`]; everything
//! about what they mean, and which answers are malformed, is decided here.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::contrast::ButtonColors;
use crate::links::is_web_url;

/// The fields of an embed answer, as found (each `None` when absent or of the wrong JSON type).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedFields {
    /// `show`.
    pub show: Option<bool>,
    /// `finder_url`.
    pub finder_url: Option<String>,
    /// `tile.accent_color`.
    pub accent_color: Option<String>,
    /// `tile.logo_url`.
    pub logo_url: Option<String>,
    /// `reason`.
    pub reason: Option<String>,
}

/// The server's decision for this page.
#[derive(Clone, Debug, PartialEq)]
pub enum EmbedAnswer {
    /// Show the tile, branded so, leading to this finder.
    Show(TileConfig),
    /// Do not show the tile, for this reason.
    Hide(HideReason),
}

/// How the server wants the tile to look and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct TileConfig {
    /// The finder URL from the server, known to be http(s).
    pub finder_url: String,
    /// The button's colours, from `tile.accent_color`.
    pub colors: ButtonColors,
    /// `tile.logo_url` when it is an http(s) URL.
    pub logo_url: Option<String>,
}

/// Why the server says not to show the tile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HideReason {
    /// `url_not_whitelisted`: the page is not an approved Help Center URL.
    UrlNotWhitelisted,
    /// `unknown_shop`: no shop has this slug.
    UnknownShop,
    /// `origin_mismatch`: the page's origin is not the approved host.
    OriginMismatch,
    /// A reason this widget does not know yet.
    Other(String),
}

/// An answer that cannot be acted on; the tile stays hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MalformedAnswer {
    /// No boolean `show`.
    MissingShow,
    /// `show: true` without an http(s) `finder_url`.
    BadFinderUrl,
}

impl EmbedAnswer {
    /// Interprets the fields of an embed answer.
    ///
    /// A bad accent colour or logo only loses the branding; a missing decision or finder URL makes
    /// the whole answer unusable.
    pub fn from_fields(fields: EmbedFields) -> Result<EmbedAnswer, MalformedAnswer> {
        match fields.show {
            None => Err(MalformedAnswer::MissingShow),
            Some(false) => Ok(EmbedAnswer::Hide(HideReason::from_code(
                fields.reason.as_deref(),
            ))),
            Some(true) => {
                let finder_url = fields
                    .finder_url
                    .map(|url| url.trim_ascii().to_owned())
                    .filter(|url| is_web_url(url))
                    .ok_or(MalformedAnswer::BadFinderUrl)?;
                Ok(EmbedAnswer::Show(TileConfig {
                    finder_url,
                    colors: ButtonColors::for_accent(fields.accent_color.as_deref()),
                    logo_url: fields.logo_url.filter(|url| is_web_url(url)),
                }))
            }
        }
    }
}

impl HideReason {
    /// Reads the `reason` code of a `show: false` answer.
    pub fn from_code(code: Option<&str>) -> HideReason {
        match code {
            Some("url_not_whitelisted") => HideReason::UrlNotWhitelisted,
            Some("unknown_shop") => HideReason::UnknownShop,
            Some("origin_mismatch") => HideReason::OriginMismatch,
            other => HideReason::Other(other.unwrap_or("none given").to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contrast::{Rgb, FALLBACK_ACCENT, WHITE};
    use std::prelude::rust_2021::*;

    fn shown(accent: Option<&str>, logo: Option<&str>) -> EmbedFields {
        EmbedFields {
            show: Some(true),
            finder_url: Some("https://app.gokarla.io/resolve/my-shop/finder".into()),
            accent_color: accent.map(Into::into),
            logo_url: logo.map(Into::into),
            reason: None,
        }
    }

    #[test]
    fn a_show_answer_gives_the_tile_config() {
        let answer =
            EmbedAnswer::from_fields(shown(Some("#1f6feb"), Some("https://cdn.example/logo.png")));
        assert_eq!(
            answer,
            Ok(EmbedAnswer::Show(TileConfig {
                finder_url: "https://app.gokarla.io/resolve/my-shop/finder".into(),
                colors: ButtonColors {
                    background: Rgb(0x1f, 0x6f, 0xeb),
                    text: WHITE
                },
                logo_url: Some("https://cdn.example/logo.png".into()),
            }))
        );
    }

    #[test]
    fn bad_branding_only_loses_the_branding() {
        let Ok(EmbedAnswer::Show(config)) =
            EmbedAnswer::from_fields(shown(Some("url(x)"), Some("javascript:alert(1)")))
        else {
            core::panic!("a show answer with bad branding still shows the tile");
        };
        assert_eq!(config.colors.background, FALLBACK_ACCENT);
        assert_eq!(config.logo_url, None);
    }

    #[test]
    fn hide_answers_name_their_reason() {
        let hide = |reason: Option<&str>| {
            EmbedAnswer::from_fields(EmbedFields {
                show: Some(false),
                reason: reason.map(Into::into),
                ..EmbedFields::default()
            })
        };
        assert_eq!(
            hide(Some("url_not_whitelisted")),
            Ok(EmbedAnswer::Hide(HideReason::UrlNotWhitelisted))
        );
        assert_eq!(
            hide(Some("unknown_shop")),
            Ok(EmbedAnswer::Hide(HideReason::UnknownShop))
        );
        assert_eq!(
            hide(Some("origin_mismatch")),
            Ok(EmbedAnswer::Hide(HideReason::OriginMismatch))
        );
        assert_eq!(
            hide(Some("paused")),
            Ok(EmbedAnswer::Hide(HideReason::Other("paused".into())))
        );
        assert_eq!(
            hide(None),
            Ok(EmbedAnswer::Hide(HideReason::Other("none given".into())))
        );
    }

    #[test]
    fn malformed_answers_are_refused() {
        assert_eq!(
            EmbedAnswer::from_fields(EmbedFields::default()),
            Err(MalformedAnswer::MissingShow)
        );
        let mut no_finder = shown(None, None);
        no_finder.finder_url = None;
        assert_eq!(
            EmbedAnswer::from_fields(no_finder),
            Err(MalformedAnswer::BadFinderUrl)
        );
        let mut script_finder = shown(None, None);
        script_finder.finder_url = Some("javascript:alert(document.cookie)".into());
        assert_eq!(
            EmbedAnswer::from_fields(script_finder),
            Err(MalformedAnswer::BadFinderUrl)
        );
    }
}
