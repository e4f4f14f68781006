//! Help Center whitelist matching: does an approved entry cover the page the tile is asked for?
//!
//! Both sides are reduced to a key that ignores what varies between copies of the same article:
//! scheme and host case, the locale segment (the first path segment shaped like `ll` or `ll-RR`),
//! query, fragment and a trailing slash. So one approved article URL covers every language of it.
//! An entry ending in `*` covers every path that starts with its own. The host (with its port) and
//! the scheme must match exactly.

use url::Url;

/// One approved whitelist entry, ready to match pages against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `scheme://host[:port]` in lower case, as browsers send it in `Origin`.
    origin: String,
    /// The path without the locale segment and trailing slash.
    path: String,
    /// Whether the entry ended in `*` and so covers a path prefix.
    prefix: bool,
}

impl Entry {
    /// Builds an entry from an approved URL; `None` when it is not an absolute URL with a host.
    pub fn parse(approved: &str) -> Option<Self> {
        let approved = approved.trim();
        let (raw, prefix) = match approved.strip_suffix('*') {
            Some(raw) => (raw, true),
            None => (approved, false),
        };
        let page = Page::parse(raw)?;
        Some(Self {
            origin: page.origin,
            path: page.path,
            prefix,
        })
    }

    /// The origin (`scheme://host[:port]`) a browser on a covered page sends.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether this entry covers `page`.
    pub fn covers(&self, page: &Page) -> bool {
        if self.origin != page.origin {
            return false;
        }
        if self.prefix {
            page.path.starts_with(&self.path)
        } else {
            page.path == self.path
        }
    }
}

/// A page URL reduced to what whitelist matching looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    origin: String,
    path: String,
}

impl Page {
    /// Reduces a page URL; `None` when it is not an absolute URL with a host.
    pub fn parse(raw: &str) -> Option<Self> {
        // The URL parser lowercases scheme and host and drops default ports.
        let url = Url::parse(raw.trim()).ok()?;
        url.host_str()?;
        let origin = url.origin().ascii_serialization();
        let mut segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segments.first().is_some_and(|first| is_locale(first)) {
            segments.remove(0);
        }
        let mut path = String::new();
        for segment in segments {
            path.push('/');
            path.push_str(segment);
        }
        Some(Self { origin, path })
    }

    /// The page's origin, `scheme://host[:port]`.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// Whether a path segment is a locale: `ll` or `ll-RR` in letters, any case.
fn is_locale(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let letters = |s: &[u8]| s.iter().all(u8::is_ascii_alphabetic);
    match bytes.len() {
        2 => letters(bytes),
        5 => bytes[2] == b'-' && letters(&bytes[..2]) && letters(&bytes[3..]),
        _ => false,
    }
}

/// The approved entries of one shop.
#[derive(Debug, Clone, Default)]
pub struct Whitelist {
    entries: Vec<Entry>,
}

impl Whitelist {
    /// Builds a whitelist from approved URLs, skipping any that cannot be parsed.
    pub fn new<'a>(approved: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            entries: approved.into_iter().filter_map(Entry::parse).collect(),
        }
    }

    /// Whether some entry covers `page`.
    pub fn covers(&self, page: &Page) -> bool {
        self.entries.iter().any(|entry| entry.covers(page))
    }

    /// Whether `origin` (as sent in an `Origin` header) is the origin of an approved entry.
    pub fn has_origin(&self, origin: &str) -> bool {
        self.entries.iter().any(|entry| entry.origin == origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(entry: &str, page: &str) -> bool {
        let entry = Entry::parse(entry).expect("entry parses");
        let page = Page::parse(page).expect("page parses");
        entry.covers(&page)
    }

    #[test]
    fn table_of_whitelist_cases() {
        let base = "https://help.acme.com/en-US/returns-123";
        let cases: &[(&str, &str, bool)] = &[
            (base, base, true),
            (base, "https://help.acme.com/de-DE/returns-123", true),
            (base, "https://help.acme.com/fr-ca/returns-123", true),
            (base, "https://help.acme.com/fr/returns-123", true),
            (base, "https://help.acme.com/returns-123", true),
            (base, "HTTPS://HELP.ACME.COM/en-US/returns-123", true),
            (base, "https://help.acme.com/en-US/returns-123/", true),
            (base, "https://help.acme.com/en-US/returns-123?utm=x", true),
            (base, "https://help.acme.com/en-US/returns-123#step-2", true),
            (base, "https://help.acme.com:443/en-US/returns-123", true),
            (base, "https://help.acme.com/en-US/returns-1234", false),
            (base, "https://help.acme.com/en-US/Returns-123", false),
            (base, "https://help.acme.com/en-US/returns-123/more", false),
            (base, "http://help.acme.com/en-US/returns-123", false),
            (base, "https://other.acme.com/en-US/returns-123", false),
            (
                base,
                "https://help.acme.com.evil.com/en-US/returns-123",
                false,
            ),
            (base, "https://help.acme.com:8443/en-US/returns-123", false),
            (base, "https://help.acme.com/eng-US/returns-123", false),
            (
                "https://help.acme.com/en-US/returns*",
                "https://help.acme.com/de-DE/returns-123",
                true,
            ),
            (
                "https://help.acme.com/en-US/returns*",
                "https://help.acme.com/de-DE/returns/x",
                true,
            ),
            (
                "https://help.acme.com/en-US/returns*",
                "https://help.acme.com/de-DE/shipping-9",
                false,
            ),
            (
                "https://help.acme.com/*",
                "https://help.acme.com/en-US/anything-1",
                true,
            ),
            ("https://help.acme.com/*", "https://help.acme.com/", true),
            (
                "https://help.acme.com/en-US/*",
                "https://help.acme.com/de-DE",
                true,
            ),
            (
                "https://help.acme.com/*",
                "https://help.acme.com.evil.com/x",
                false,
            ),
            (
                "https://help.acme.com/en-US/articles/*",
                "https://help.acme.com/en-US/articles/faq-9",
                true,
            ),
            (
                "https://help.acme.com/en-US/articles/*",
                "https://help.acme.com/en-US/faq-9",
                false,
            ),
            (
                "https://help.acme.com/en-US",
                "https://help.acme.com/fr-FR/",
                true,
            ),
            (
                "http://localhost:3000/en-US/x-1",
                "http://localhost:3000/de-DE/x-1",
                true,
            ),
            (
                "http://localhost:3000/en-US/x-1",
                "http://localhost:3001/de-DE/x-1",
                false,
            ),
        ];
        for (entry, page, expected) in cases {
            assert_eq!(matches(entry, page), *expected, "entry {entry} page {page}");
        }
    }

    #[test]
    fn locale_segments_are_recognised_by_shape() {
        for locale in ["en", "EN", "en-US", "fr-ca", "pt-BR"] {
            assert!(is_locale(locale), "{locale}");
        }
        for other in ["eng", "en_US", "e1", "returns", "en-USA", "12-34"] {
            assert!(!is_locale(other), "{other}");
        }
    }

    #[test]
    fn whitelist_knows_its_origins() {
        let whitelist = Whitelist::new(["https://help.acme.com/en-US/x-1", "not a url"]);
        assert!(whitelist.has_origin("https://help.acme.com"));
        assert!(!whitelist.has_origin("https://help.acme.com:8443"));
        assert!(whitelist.covers(&Page::parse("https://help.acme.com/x-1").unwrap()));
    }

    #[test]
    fn pages_without_a_host_are_refused() {
        assert!(Page::parse("/en-US/x").is_none());
        assert!(Page::parse("mailto:a@b.c").is_none());
    }
}
