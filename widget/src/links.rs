//! The two URLs the widget deals in: the embed call it makes and the finder link it follows.
//!
//! The widget never invents a redirect target: the finder URL comes from the server, and the only
//! change made to it is the `lang` parameter.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::language::Language;
use crate::slug::ShopSlug;
use crate::text;

/// Whether `url` is an absolute `http://` or `https://` URL with a host, and nothing a browser
/// would treat differently from what it looks like (whitespace, control characters, backslashes).
pub fn is_web_url(url: &str) -> bool {
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"));
    let Some(rest) = rest else { return false };
    let host = text::before_any(rest, b"/?#");
    !host.is_empty()
        && !host.bytes().any(|b| b == b'@')
        && url.bytes().all(|b| b > b' ' && b != 0x7f && b != b'\\')
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// The origin (`https://sdk.example.com`) of an absolute http(s) URL, used as the default API base.
pub fn origin_of(url: &str) -> Option<&str> {
    if !is_web_url(url) {
        return None;
    }
    // `is_web_url` checked the scheme, so the first ':' starts "://".
    let scheme_end = url.bytes().position(|b| b == b':')? + 3;
    let host_length = text::before_any(url.get(scheme_end..)?, b"/?#").len();
    url.get(..scheme_end + host_length)
}

/// The API base the embed call goes to: `data-api-base` when given, else the origin the script was
/// loaded from. `None` when neither is an http(s) URL.
pub fn api_base(data_api_base: Option<&str>, script_src: &str) -> Option<String> {
    match data_api_base
        .map(str::trim_ascii)
        .filter(|base| !base.is_empty())
    {
        Some(base) => is_web_url(base).then(|| text::trim_end_byte(base, b'/').to_owned()),
        None => origin_of(script_src).map(str::to_owned),
    }
}

/// The page URL as the whitelist sees it: without query and fragment.
///
/// The server ignores both when matching, and they may carry a visitor's search terms, so they
/// are not sent.
pub fn page_url_for_whitelist(href: &str) -> &str {
    text::before_any(href, b"?#")
}

/// `GET {api}/v1/embed/{slug}?url=ENCODED_PAGE_URL` for the page at `href`.
pub fn embed_url(api_base: &str, slug: &ShopSlug, href: &str) -> String {
    let mut url = String::with_capacity(api_base.len() + slug.as_str().len() + href.len() * 2 + 20);
    url.push_str(text::trim_end_byte(api_base, b'/'));
    url.push_str("/v1/embed/");
    url.push_str(slug.as_str());
    url.push_str("?url=");
    percent_encode_into(&mut url, page_url_for_whitelist(href));
    url
}

/// Appends `value` percent-encoded as a query value: everything but `A-Z a-z 0-9 - _ . ~`.
fn percent_encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
}

/// The finder URL from the server with `lang={code}` set, or `None` when it is not an http(s) URL.
///
/// An existing query string is kept; an existing `lang` parameter is replaced so the finder gets
/// one unambiguous language; a fragment stays at the end.
pub fn finder_link(finder_url: &str, language: Language) -> Option<String> {
    let finder_url = finder_url.trim_ascii();
    if !is_web_url(finder_url) {
        return None;
    }
    let (before_fragment, fragment) =
        text::split_once(finder_url, b'#').unwrap_or((finder_url, ""));
    let (path, query) = text::split_once(before_fragment, b'?').unwrap_or((before_fragment, ""));
    let mut link = String::with_capacity(finder_url.len() + 8);
    link.push_str(path);
    link.push('?');
    for pair in text::pieces(query, b'&') {
        let name = text::before_any(pair, b"=");
        if pair.is_empty() || name == "lang" {
            continue;
        }
        link.push_str(pair);
        link.push('&');
    }
    link.push_str("lang=");
    link.push_str(language.code());
    if !fragment.is_empty() || finder_url.as_bytes().last() == Some(&b'#') {
        link.push('#');
        link.push_str(fragment);
    }
    Some(link)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn slug(s: &str) -> ShopSlug {
        ShopSlug::parse(s).expect("a valid slug in the test")
    }

    #[test]
    fn the_embed_url_carries_the_slug_and_the_encoded_page_url() {
        assert_eq!(
            embed_url("https://api.example.com", &slug("my-shop"), "https://help.acme.com/de-DE/r%C3%BCck-1"),
            "https://api.example.com/v1/embed/my-shop?url=https%3A%2F%2Fhelp.acme.com%2Fde-DE%2Fr%25C3%25BCck-1"
        );
        assert_eq!(
            embed_url(
                "http://127.0.0.1:8080/",
                &slug("a"),
                "http://localhost:3000/en-US"
            ),
            "http://127.0.0.1:8080/v1/embed/a?url=http%3A%2F%2Flocalhost%3A3000%2Fen-US"
        );
    }

    #[test]
    fn query_and_fragment_of_the_page_are_not_sent() {
        let url = embed_url(
            "https://api.example.com",
            &slug("s"),
            "https://h.example/en-US/a-1?q=my+email#top",
        );
        assert!(
            url.ends_with("?url=https%3A%2F%2Fh.example%2Fen-US%2Fa-1"),
            "{url}"
        );
        assert_eq!(
            page_url_for_whitelist("https://h.example/#x?y"),
            "https://h.example/"
        );
    }

    #[test]
    fn non_ascii_characters_are_encoded_as_utf8() {
        let mut out = String::new();
        percent_encode_into(&mut out, "ü ~&=");
        assert_eq!(out, "%C3%BC%20~%26%3D");
    }

    #[test]
    fn the_api_base_defaults_to_the_script_origin() {
        assert_eq!(
            api_base(None, "https://sdk.example.com/sdk/latest/bundle.min.js").as_deref(),
            Some("https://sdk.example.com")
        );
        assert_eq!(
            api_base(Some(" "), "http://127.0.0.1:9/x.js").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            api_base(
                Some("https://api.example.com/"),
                "https://sdk.example.com/b.js"
            )
            .as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(
            api_base(Some("javascript:alert(1)"), "https://sdk.example.com/b.js"),
            None
        );
        assert_eq!(api_base(None, ""), None);
        assert_eq!(api_base(None, "file:///tmp/bundle.min.js"), None);
    }

    #[test]
    fn the_finder_link_gets_the_language() {
        let finder = "https://app.gokarla.io/resolve/my-shop/finder";
        assert_eq!(
            finder_link(finder, Language::German).as_deref(),
            Some("https://app.gokarla.io/resolve/my-shop/finder?lang=de")
        );
        assert_eq!(
            finder_link(
                "https://f.example/x?ref=help&lang=en#step-1",
                Language::Danish
            )
            .as_deref(),
            Some("https://f.example/x?ref=help&lang=da#step-1")
        );
        assert_eq!(
            finder_link("HTTP://f.example/x?", Language::Polish).as_deref(),
            Some("HTTP://f.example/x?lang=pl")
        );
        assert_eq!(
            finder_link("https://f.example/x?language=it", Language::Italian).as_deref(),
            Some("https://f.example/x?language=it&lang=it")
        );
    }

    #[test]
    fn only_http_finder_urls_are_followed() {
        for url in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "//evil.example/finder",
            "/resolve/my-shop/finder",
            "https://",
            "https:///path",
            "https://user@evil.example/",
            "https://f.example/a b",
            "https://f.example\\@evil.example/",
            "",
        ] {
            assert_eq!(finder_link(url, Language::English), None, "{url}");
        }
    }
}
