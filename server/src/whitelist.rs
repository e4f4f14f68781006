//! Help Center whitelist matching: does an approved entry cover the page the tile is asked for?
//!
//! Gorgias translates a Help Center page's slug with its language, so matching goes by what a
//! page *is* in the Help Center, not by its text: both the entry and the page are reduced to a
//! [`PageKey`] on the same origin (scheme, host and port). The locale segment (the first path
//! segment shaped `ll` or `ll-RR`, any case), query, fragment and a trailing slash never count.
//!
//! | entry | covers, on the same origin |
//! |---|---|
//! | article `/{locale}/{slug}-{id}` | that article id in every locale, under any slug |
//! | category `/{locale}/articles/{slug}-{id}` | that category id in every locale, under any slug |
//! | unlisted article `/{locale}/{id}-{32 hex}` | that id's unlisted page in every locale |
//! | home page `/{locale}` | every locale's home page |
//! | any other path | that path in every locale |
//! | ending in `*` | every path starting with the entry's, in every locale |
//!
//! Entries are reduced once, when the embed snapshot is built; a request reduces its page once and
//! then looks the key up in a hash set, so the time an answer takes does not grow with the number
//! of exact entries (prefix entries are few and compared one by one).

use std::collections::{HashMap, HashSet};

use url::Url;

/// What a Help Center page is, independent of its language and slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKey {
    /// A home page: `/{locale}` or `/`.
    Home,
    /// An article, `/{locale}/{slug}-{id}`, by its id.
    Article(u64),
    /// A category (or an older article address), `/{locale}/articles/{slug}-{id}`, by its id.
    Category(u64),
    /// An unlisted article, `/{locale}/{id}-{32 hex}`, by its id.
    Unlisted(u64),
    /// Any other page, by its path without the locale segment, e.g. `/articles`.
    Path(String),
}

/// A page URL reduced to what whitelist matching looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `scheme://host[:port]` in lower case, as browsers send it in `Origin`.
    origin: String,
    /// The path without the locale segment, as `/a/b/` (always ending in `/`, `/` for none), so a
    /// prefix ending at a segment boundary cannot match a longer segment.
    path: String,
    /// What the page is.
    key: PageKey,
}

impl Page {
    /// Reduces a page URL; `None` when it is not an absolute URL with a host.
    pub fn parse(raw: &str) -> Option<Self> {
        // The URL parser lowercases scheme and host, drops default ports, and splits off query
        // and fragment.
        let url = Url::parse(raw.trim()).ok()?;
        url.host_str()?;
        let origin = url.origin().ascii_serialization();
        let mut segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segments.first().is_some_and(|first| is_locale(first)) {
            segments.remove(0);
        }
        let mut path = String::from("/");
        for segment in &segments {
            path.push_str(segment);
            path.push('/');
        }
        let key = page_key(&segments);
        Some(Self { origin, path, key })
    }

    /// The page's origin, `scheme://host[:port]`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// What the page is.
    pub fn key(&self) -> &PageKey {
        &self.key
    }
}

/// Names the page that `segments` (the path without its locale) address.
fn page_key(segments: &[&str]) -> PageKey {
    match segments {
        [] => PageKey::Home,
        [page] => {
            if let Some(id) = unlisted_id(page) {
                PageKey::Unlisted(id)
            } else if let Some(id) = trailing_id(page) {
                PageKey::Article(id)
            } else {
                path_key(segments)
            }
        }
        ["articles", page] => {
            trailing_id(page).map_or_else(|| path_key(segments), PageKey::Category)
        }
        _ => path_key(segments),
    }
}

fn path_key(segments: &[&str]) -> PageKey {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        path.push_str(segment);
    }
    PageKey::Path(path)
}

/// The id of `{slug}-{id}`: digits after the last `-`, with a slug before it.
fn trailing_id(segment: &str) -> Option<u64> {
    let (slug, id) = segment.rsplit_once('-')?;
    if slug.is_empty() {
        return None;
    }
    parse_id(id)
}

/// The id of an unlisted article's `{id}-{32 hex}`.
fn unlisted_id(segment: &str) -> Option<u64> {
    let (id, token) = segment.split_once('-')?;
    (token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| parse_id(id))
        .flatten()
}

/// Digits only (no sign, no spaces), fitting in a `u64`.
fn parse_id(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
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

/// One approved whitelist entry, reduced to what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Every page on `origin` that is `key`.
    Page {
        /// `scheme://host[:port]`.
        origin: String,
        /// What the covered page is.
        key: PageKey,
    },
    /// Every page on `origin` whose path (without locale, ending in `/`) starts with `path`.
    Prefix {
        /// `scheme://host[:port]`.
        origin: String,
        /// The entry's path before the `*`, without locale: `/returns` or `/articles/`.
        path: String,
    },
}

impl Entry {
    /// Reduces an approved URL; `None` when it is not an absolute URL with a host.
    pub fn parse(approved: &str) -> Option<Self> {
        let approved = approved.trim();
        let Some(raw) = approved.strip_suffix('*') else {
            let page = Page::parse(approved)?;
            return Some(Entry::Page {
                origin: page.origin,
                key: page.key,
            });
        };
        let page = Page::parse(raw)?;
        let mut path = page.path;
        // `/en-US/returns*` covers `/returns-123` and `/returns/x`: the prefix ends inside a
        // segment. `/en-US/articles/*` (or a bare locale, `/en-US*`) ends at a segment boundary.
        let at_boundary = raw.ends_with('/') || page.key == PageKey::Home;
        if !at_boundary {
            path.pop();
        }
        Some(Entry::Prefix {
            origin: page.origin,
            path,
        })
    }

    /// The origin (`scheme://host[:port]`) a browser on a covered page sends.
    pub fn origin(&self) -> &str {
        match self {
            Entry::Page { origin, .. } | Entry::Prefix { origin, .. } => origin,
        }
    }

    /// Whether this entry covers `page`.
    pub fn covers(&self, page: &Page) -> bool {
        match self {
            Entry::Page { origin, key } => *origin == page.origin && *key == page.key,
            Entry::Prefix { origin, path } => {
                *origin == page.origin && page.path.starts_with(path.as_str())
            }
        }
    }
}

/// The approved entries of one shop, indexed for matching.
#[derive(Debug, Clone, Default)]
pub struct Whitelist {
    /// What the exact entries cover, by origin.
    pages: HashMap<String, HashSet<PageKey>>,
    /// The `*` entries.
    prefixes: Vec<Entry>,
    /// Every approved origin, for CORS.
    origins: HashSet<String>,
}

impl Whitelist {
    /// Builds a whitelist from approved URLs, skipping any that cannot be parsed.
    pub fn new<'a>(approved: impl IntoIterator<Item = &'a str>) -> Self {
        let mut whitelist = Self::default();
        for entry in approved.into_iter().filter_map(Entry::parse) {
            whitelist.origins.insert(entry.origin().to_owned());
            match entry {
                Entry::Page { origin, key } => {
                    whitelist.pages.entry(origin).or_default().insert(key);
                }
                prefix @ Entry::Prefix { .. } => whitelist.prefixes.push(prefix),
            }
        }
        whitelist
    }

    /// Whether some entry covers `page`.
    pub fn covers(&self, page: &Page) -> bool {
        self.pages
            .get(&page.origin)
            .is_some_and(|keys| keys.contains(&page.key))
            || self.prefixes.iter().any(|entry| entry.covers(page))
    }

    /// Whether `origin` (as sent in an `Origin` header) is the origin of an approved entry.
    pub fn has_origin(&self, origin: &str) -> bool {
        self.origins.contains(origin)
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

    const HEX: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /// `(entry, page, covered)`, each line a real Gorgias Help Center address shape.
    fn table() -> Vec<(String, String, bool)> {
        let h = "https://help.acme.com";
        let unlisted = format!("{h}/en-US/1002-{HEX}");
        let rows: Vec<(&str, String, bool)> = vec![
            // An article: every language, any slug, by id.
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/en-US/shipping-faq-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/fr-FR/faq-livraison-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/en-us/shipping-faq-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/FR-ca/faq-livraison-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/pl-PL/wysylka-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/ja-JP/%E9%85%8D%E9%80%81-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de/versand-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/versand-faq-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-1002/"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-1002?utm_source=mail"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-1002#lieferzeiten"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                "HTTPS://HELP.ACME.COM/de-DE/versand-faq-1002".into(),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                "https://help.acme.com:443/de-DE/x-1002".into(),
                true,
            ),
            (
                "/en-US/shipping-faq-1002/",
                format!("{h}/de-DE/versand-faq-1002"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002?lang=en#top",
                format!("{h}/de-DE/versand-faq-1002"),
                true,
            ),
            (
                "/en-US/2024-returns-55",
                format!("{h}/de-DE/retouren-2024-55"),
                true,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-10021"),
                false,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-100"),
                false,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/versand-faq-1002/more"),
                false,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/articles/versand-1002"),
                false,
            ),
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/de-DE/1002-{HEX}"),
                false,
            ),
            ("/en-US/shipping-faq-1002", format!("{h}/de-DE"), false),
            // One-page layouts link articles as `#article-{id}` anchors: the fragment never
            // counts, so such a link is its page (here the home page), not the article.
            (
                "/en-US/shipping-faq-1002",
                format!("{h}/en-US#article-1002"),
                false,
            ),
            ("/en-US#article-1002", format!("{h}/de-DE#article-77"), true),
            ("/en-US/#article-1002", format!("{h}/fr-FR/"), true),
            (
                "/en-US#article-1002",
                format!("{h}/de-DE/versand-faq-1002"),
                false,
            ),
            // A category, and older articles under /articles/: every language, any slug, by id.
            (
                "/en-US/articles/users-and-teams-18373",
                format!("{h}/fr-FR/articles/utilisateurs-et-equipes-18373"),
                true,
            ),
            (
                "/en-US/articles/users-and-teams-18373",
                format!("{h}/de-de/articles/benutzer-18373/"),
                true,
            ),
            (
                "/en-US/articles/users-and-teams-18373",
                format!("{h}/fr-FR/articles/x-18374"),
                false,
            ),
            (
                "/en-US/articles/users-and-teams-18373",
                format!("{h}/fr-FR/users-and-teams-18373"),
                false,
            ),
            // An unlisted article: every language, by id.
            (&unlisted[h.len()..], format!("{h}/de-DE/1002-{HEX}"), true),
            (
                &unlisted[h.len()..],
                format!("{h}/fr-fr/1002-{}", HEX.to_uppercase()),
                true,
            ),
            (&unlisted[h.len()..], format!("{h}/de-DE/1003-{HEX}"), false),
            (
                &unlisted[h.len()..],
                format!("{h}/de-DE/versand-1002"),
                false,
            ),
            // Home pages: every language's.
            ("/en-US", format!("{h}/de-DE"), true),
            ("/en-US", format!("{h}/fr-ca/"), true),
            ("/en-US", format!("{h}/"), true),
            ("/en-US", h.into(), true),
            ("/en-US", format!("{h}/pt-BR?q=troca"), true),
            ("/en-US", format!("{h}/pt-BR/articles"), false),
            ("/", format!("{h}/sv-SE"), true),
            // Any other path: the same path in every language, exactly.
            ("/en-US/articles", format!("{h}/de-DE/articles/"), true),
            (
                "/en-US/articles",
                format!("{h}/de-DE/articles/faq-9"),
                false,
            ),
            ("/en-US/contact", format!("{h}/nl-NL/contact"), true),
            ("/en-US/contact", format!("{h}/nl-NL/Contact"), false),
            ("/en-US/eng-US/x", format!("{h}/de-DE/eng-US/x"), true),
            ("/en-US/eng-US/x", format!("{h}/de-DE/x"), false),
            // An entry ending in `*`: every path below it, in every language.
            ("/en-US/returns*", format!("{h}/de-DE/returns-123"), true),
            ("/en-US/returns*", format!("{h}/de-DE/returns/x"), true),
            ("/en-US/returns*", format!("{h}/de-DE/retouren-123"), false),
            (
                "/en-US/articles/*",
                format!("{h}/de-DE/articles/faq-9"),
                true,
            ),
            ("/en-US/articles/*", format!("{h}/de-DE/articles"), true),
            ("/en-US/articles/*", format!("{h}/de-DE/articlesx"), false),
            ("/en-US/articles/*", format!("{h}/en-US/faq-9"), false),
            ("/en-US/*", format!("{h}/de-DE"), true),
            ("/en-US/*", format!("{h}/fi-FI/takuu-4"), true),
            ("/en-US*", format!("{h}/da-DK/returnering-4"), true),
            ("/*", format!("{h}/"), true),
            ("/*", format!("{h}/cs-CZ/articles/x-1"), true),
        ];
        let mut table: Vec<(String, String, bool)> = rows
            .into_iter()
            .map(|(path, page, covered)| (format!("{h}{path}"), page, covered))
            .collect();
        // The same host, exactly: scheme, host and port.
        let other_hosts = [
            "http://help.acme.com/de-DE/versand-faq-1002",
            "https://other.acme.com/de-DE/versand-faq-1002",
            "https://help.acme.com.evil.com/de-DE/versand-faq-1002",
            "https://acme.gorgias.help/de-DE/versand-faq-1002",
            "https://help.acme.com:8443/de-DE/versand-faq-1002",
        ];
        for page in other_hosts {
            table.push((format!("{h}/en-US/shipping-faq-1002"), page.into(), false));
            table.push((format!("{h}/*"), page.into(), false));
        }
        table.push((
            "https://board.gorgias.help/en-US/mushka-faqs-4192727".into(),
            "https://board.gorgias.help/fr-FR/faq-mushka-4192727".into(),
            true,
        ));
        table.push((
            "https://brewdog-ijnwidpa3ld.gorgias.help/en-GB".into(),
            "https://brewdog-ijnwidpa3ld.gorgias.help/de-DE/".into(),
            true,
        ));
        table.push((
            "http://localhost:3000/en-US/x-1".into(),
            "http://localhost:3000/de-DE/y-1".into(),
            true,
        ));
        table.push((
            "http://localhost:3000/en-US/x-1".into(),
            "http://localhost:3001/de-DE/x-1".into(),
            false,
        ));
        table
    }

    #[test]
    fn table_of_whitelist_cases() {
        for (entry, page, expected) in table() {
            assert_eq!(
                matches(&entry, &page),
                expected,
                "entry {entry} page {page}"
            );
        }
    }

    #[test]
    fn a_whitelist_answers_as_its_entries_do() {
        // The same table through the indexed whitelist, one entry at a time and all at once.
        for (entry, page, expected) in table() {
            let whitelist = Whitelist::new([entry.as_str()]);
            let page = Page::parse(&page).unwrap();
            assert_eq!(
                whitelist.covers(&page),
                expected,
                "entry {entry} page {page:?}"
            );
        }
        let all = Whitelist::new([
            "https://help.acme.com/en-US/shipping-faq-1002",
            "https://help.acme.com/en-US/articles/*",
            "https://help.acme.com/en-US/contact",
        ]);
        let covered = |page: &str| all.covers(&Page::parse(page).unwrap());
        assert!(covered("https://help.acme.com/de-DE/versand-faq-1002"));
        assert!(covered("https://help.acme.com/de-DE/articles/versand-7"));
        assert!(covered("https://help.acme.com/it-IT/contact/"));
        assert!(!covered("https://help.acme.com/de-DE/retouren-1003"));
        assert!(!covered("https://help.acme.com/de-DE"));
    }

    #[test]
    fn pages_are_named_by_what_they_are() {
        let key = |page: &str| Page::parse(page).unwrap().key().clone();
        let h = "https://help.acme.com";
        assert_eq!(key(&format!("{h}/en-US")), PageKey::Home);
        assert_eq!(
            key(&format!("{h}/en-US/returns-123")),
            PageKey::Article(123)
        );
        assert_eq!(
            key(&format!("{h}/en-US/articles/faq-9")),
            PageKey::Category(9)
        );
        assert_eq!(key(&format!("{h}/en-US/77-{HEX}")), PageKey::Unlisted(77));
        assert_eq!(
            key(&format!("{h}/en-US/articles")),
            PageKey::Path("/articles".into())
        );
        // Not an id: nothing before the dash, a sign, or more digits than an id has.
        assert_eq!(
            key(&format!("{h}/en-US/-123")),
            PageKey::Path("/-123".into())
        );
        assert_eq!(
            key(&format!("{h}/en-US/a-+1")),
            PageKey::Path("/a-+1".into())
        );
        let huge = format!("{h}/en-US/a-99999999999999999999");
        assert_eq!(key(&huge), PageKey::Path("/a-99999999999999999999".into()));
        // A hex token of the wrong length is a slug, so the page is an article.
        assert_eq!(key(&format!("{h}/en-US/77-abc-12")), PageKey::Article(12));
    }

    #[test]
    fn locale_segments_are_recognised_by_shape() {
        for locale in [
            "en", "EN", "en-US", "en-us", "fr-ca", "pt-BR", "pl-PL", "no-NO",
        ] {
            assert!(is_locale(locale), "{locale}");
        }
        for other in [
            "eng",
            "en_US",
            "e1",
            "returns",
            "en-USA",
            "12-34",
            "de-livery",
        ] {
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
