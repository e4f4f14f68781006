//! The eight languages the tile and the claim finder speak, and how a Help Center URL names them.

/// A language the tile is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Spanish,
    Italian,
    Dutch,
    Danish,
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
        let primary = tag.split(['-', '_']).next()?;
        Language::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(primary))
    }

    /// The language of a Help Center page from the locale in the first segment of its path
    /// (`/de-DE/returns-123`); `None` when that segment is not a locale of a supported language.
    pub fn from_path(path: &str) -> Option<Language> {
        let segment = path.trim_start_matches('/').split(['/', '?', '#']).next()?;
        if !looks_like_locale(segment) {
            return None;
        }
        Language::from_tag(segment)
    }
}

/// Whether a path segment has the shape of a Help Center locale: `ll` or `ll-RR`, letters only.
///
/// The shape check keeps an article slug such as `de-livery-42` from being read as German.
fn looks_like_locale(segment: &str) -> bool {
    let mut parts = segment.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    let letters = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_alphabetic());
    letters(language, 2) && parts.next().is_none() && region.is_none_or(|r| letters(r, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_in_the_first_segment_picks_the_language() {
        assert_eq!(
            Language::from_path("/de-DE/returns-123"),
            Some(Language::German)
        );
        assert_eq!(Language::from_path("/fr-CA"), Some(Language::French));
        assert_eq!(
            Language::from_path("/EN-us/articles"),
            Some(Language::English)
        );
    }

    #[test]
    fn unsupported_or_missing_locales_give_none() {
        assert_eq!(Language::from_path("/pt-BR/faq-1"), None);
        assert_eq!(Language::from_path("/"), None);
        assert_eq!(Language::from_path("/de-livery-42"), None);
    }
}
