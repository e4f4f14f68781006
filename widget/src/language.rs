//! The eight languages the tile and the claim finder speak, and how a Help Center page names them.

use alloc::string::String;

use crate::text;

/// A language the tile is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// English, the fallback for every unsupported locale.
    #[default]
    English,
    /// German.
    German,
    /// French.
    French,
    /// Spanish.
    Spanish,
    /// Italian.
    Italian,
    /// Dutch.
    Dutch,
    /// Danish.
    Danish,
    /// Polish.
    Polish,
}

impl Language {
    /// Every supported language, English first.
    pub const ALL: [Language; 8] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Italian,
        Language::Dutch,
        Language::Danish,
        Language::Polish,
    ];

    /// The ISO 639-1 code, as the finder's `lang` parameter expects it.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Italian => "it",
            Language::Dutch => "nl",
            Language::Danish => "da",
            Language::Polish => "pl",
        }
    }

    /// Maps a BCP 47 tag such as `fr-CA` or `DE` by its primary subtag; `None` when unsupported.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = text::before_any(tag.trim_ascii(), b"-_");
        Language::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(primary))
    }

    /// The language of a Help Center page from the locale in the first segment of its path
    /// (`/de-DE/returns-123`); `None` when that segment is not a locale of a supported language.
    pub fn from_path(path: &str) -> Option<Language> {
        locale_in_path(path).and_then(Language::from_tag)
    }
}

/// The locale in the first segment of a Help Center path (`/fr-CA/articles` → `fr-CA`), if that
/// segment has the shape of one.
pub fn locale_in_path(path: &str) -> Option<&str> {
    let segment = text::before_any(text::trim_start_byte(path, b'/'), b"/?#");
    looks_like_locale(segment).then_some(segment)
}

/// Whether a path segment has the shape of a Help Center locale: `ll` or `ll-RR`, letters only.
///
/// The shape check keeps an article slug such as `de-livery-42` from being read as German.
fn looks_like_locale(segment: &str) -> bool {
    let mut parts = text::pieces(segment, b'-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    let letters = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_alphabetic());
    letters(language, 2) && parts.next().is_none() && region.is_none_or(|r| letters(r, 2))
}

/// What the page tells about its language, gathered by the browser layer.
#[derive(Clone, Debug, Default)]
pub struct LanguageHints<'a> {
    /// The script tag's `data-language`, which forces a language.
    pub forced: Option<&'a str>,
    /// The page's path, whose first segment is the Help Center locale.
    pub path: &'a str,
    /// `<html lang>`.
    pub document: Option<&'a str>,
    /// `navigator.languages`, most preferred first.
    pub browser: &'a [String],
}

/// Picks the tile's language: `data-language`, then the locale in the URL, then `<html lang>`,
/// then the first supported entry of `navigator.languages`, then English.
///
/// The first page-side source that names a language decides, even when that language is not
/// supported: a Portuguese Help Center page gets English, not the visitor's second browser
/// language, so the tile matches the page around it as closely as it can.
pub fn detect(hints: &LanguageHints<'_>) -> Language {
    fn named(tag: Option<&str>) -> Option<&str> {
        tag.map(str::trim_ascii).filter(|tag| !tag.is_empty())
    }
    if let Some(tag) = named(hints.forced) {
        return Language::from_tag(tag).unwrap_or_default();
    }
    if let Some(locale) = locale_in_path(hints.path) {
        return Language::from_tag(locale).unwrap_or_default();
    }
    if let Some(tag) = named(hints.document) {
        return Language::from_tag(tag).unwrap_or_default();
    }
    hints
        .browser
        .iter()
        .find_map(|tag| Language::from_tag(tag))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn from_path_only(path: &str) -> Language {
        detect(&LanguageHints {
            path,
            ..LanguageHints::default()
        })
    }

    #[test]
    fn every_gorgias_locale_maps_by_its_primary_subtag() {
        let expected = [
            ("en-US", "en"),
            ("en-GB", "en"),
            ("fr-FR", "fr"),
            ("fr-CA", "fr"),
            ("es-ES", "es"),
            ("de-DE", "de"),
            ("nl-NL", "nl"),
            ("cs-CZ", "en"),
            ("da-DK", "da"),
            ("no-NO", "en"),
            ("it-IT", "it"),
            ("sv-SE", "en"),
            ("fi-FI", "en"),
            ("ja-JP", "en"),
            ("pt-BR", "en"),
            ("pl-PL", "pl"),
        ];
        for (locale, code) in expected {
            let path = ["/", locale, "/returns-123"].concat();
            assert_eq!(from_path_only(&path).code(), code, "{path}");
        }
    }

    #[test]
    fn the_locale_segment_is_read_in_any_case() {
        assert_eq!(from_path_only("/EN-us/articles"), Language::English);
        assert_eq!(from_path_only("/DE-de"), Language::German);
        assert_eq!(from_path_only("/fr-ca/"), Language::French);
    }

    #[test]
    fn a_path_without_a_locale_falls_through_to_the_next_hint() {
        let browser = ["de-AT".to_owned()];
        let hints = |path| LanguageHints {
            path,
            document: Some("it"),
            browser: &browser,
            ..LanguageHints::default()
        };
        assert_eq!(detect(&hints("/")), Language::Italian);
        assert_eq!(detect(&hints("")), Language::Italian);
        // An article slug that starts like a locale is not one.
        assert_eq!(detect(&hints("/de-livery-delays-42")), Language::Italian);
        assert_eq!(detect(&hints("/faq")), Language::Italian);
    }

    #[test]
    fn an_unsupported_locale_in_the_url_gives_english() {
        let browser = ["de".to_owned()];
        let hints = |path| LanguageHints {
            path,
            document: Some("pt-BR"),
            browser: &browser,
            ..LanguageHints::default()
        };
        assert_eq!(detect(&hints("/pt-BR/trocas-1")), Language::English);
        assert_eq!(detect(&hints("/xx/")), Language::English);
    }

    #[test]
    fn data_language_wins_over_everything() {
        let browser = ["nl".to_owned()];
        let hints = LanguageHints {
            forced: Some("pl"),
            path: "/de-DE/retouren-5",
            document: Some("fr"),
            browser: &browser,
        };
        assert_eq!(detect(&hints), Language::Polish);
        let blank = LanguageHints {
            forced: Some("  "),
            ..hints.clone()
        };
        assert_eq!(detect(&blank), Language::German);
    }

    #[test]
    fn the_first_supported_browser_language_is_used_last() {
        let browser = ["pt-BR".to_owned(), "es-MX".to_owned(), "de".to_owned()];
        let hints = LanguageHints {
            path: "/",
            browser: &browser,
            ..LanguageHints::default()
        };
        assert_eq!(detect(&hints), Language::Spanish);
        assert_eq!(detect(&LanguageHints::default()), Language::English);
    }

    #[test]
    fn tags_use_hyphens_or_underscores() {
        assert_eq!(Language::from_tag("da_DK"), Some(Language::Danish));
        assert_eq!(Language::from_tag("NL"), Some(Language::Dutch));
        assert_eq!(Language::from_tag("english"), None);
        assert_eq!(Language::from_tag(""), None);
    }
}
