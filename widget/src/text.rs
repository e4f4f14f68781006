//! Splitting and trimming text at ASCII separators without a path that can panic.
//!
//! The standard library's `split`, `find` and `trim_*_matches` with `char` patterns carry index
//! checks whose failure branch formats a panic message; in the Wasm that branch alone linked in
//! `core::fmt` (several KB). These work on bytes and cut with `str::get`, which cannot fail at an
//! ASCII separator, and return the whole text (or nothing) where `get` would say no. Trimming
//! uses `str::trim_ascii` (the whitespace of HTML attributes) rather than `str::trim`, whose
//! Unicode whitespace table is code the widget does not need.

/// `text` up to (not including) the first byte that is one of `stops`; all of `text` when there
/// is none. `stops` must be ASCII.
// `stops.contains` would call `memchr`, 300 bytes of Wasm for a list of two or three bytes.
#[allow(clippy::manual_contains)]
pub fn before_any<'a>(text: &'a str, stops: &[u8]) -> &'a str {
    match text
        .bytes()
        .position(|byte| stops.iter().any(|&stop| stop == byte))
    {
        Some(at) => text.get(..at).unwrap_or(text),
        None => text,
    }
}

/// The text before and after the first `separator` (ASCII), or `None` when there is none.
pub fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|byte| byte == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` without every leading `byte` (ASCII).
pub fn trim_start_byte(text: &str, byte: u8) -> &str {
    let start = text.bytes().take_while(|&b| b == byte).count();
    text.get(start..).unwrap_or(text)
}

/// `text` without every trailing `byte` (ASCII).
pub fn trim_end_byte(text: &str, byte: u8) -> &str {
    let end = text.len() - text.bytes().rev().take_while(|&b| b == byte).count();
    text.get(..end).unwrap_or(text)
}

/// The pieces of `text` between `separator`s (ASCII), like `str::split`.
pub fn pieces(text: &str, separator: u8) -> Pieces<'_> {
    Pieces {
        rest: Some(text),
        separator,
    }
}

/// The iterator [`pieces`] returns.
pub struct Pieces<'a> {
    /// What is left to split; `None` after the last piece.
    rest: Option<&'a str>,
    /// The ASCII byte between pieces.
    separator: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, self.separator) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn before_any_stops_at_the_first_separator() {
        assert_eq!(before_any("a/b?c#d", b"?#"), "a/b");
        assert_eq!(before_any("a#b?c", b"?#"), "a");
        assert_eq!(before_any("abc", b"?#"), "abc");
        assert_eq!(before_any("", b"?#"), "");
        assert_eq!(before_any("?x", b"?"), "");
        assert_eq!(before_any("é/ü", b"/"), "é");
    }

    #[test]
    fn split_once_cuts_at_the_first_separator_only() {
        assert_eq!(split_once("a=b=c", b'='), Some(("a", "b=c")));
        assert_eq!(split_once("=", b'='), Some(("", "")));
        assert_eq!(split_once("abc", b'='), None);
    }

    #[test]
    fn trimming_removes_only_that_byte_at_that_end() {
        assert_eq!(trim_start_byte("//a/b/", b'/'), "a/b/");
        assert_eq!(trim_end_byte("//a/b//", b'/'), "//a/b");
        assert_eq!(trim_end_byte("///", b'/'), "");
        assert_eq!(trim_start_byte("", b'/'), "");
    }

    #[test]
    fn pieces_match_the_standard_split() {
        for text in ["", "a", "a&b", "&a&&b&", "&&", "ä&ö"] {
            let ours: Vec<&str> = pieces(text, b'&').collect();
            let std: Vec<&str> = text.split('&').collect();
            assert_eq!(ours, std, "{text}");
        }
    }
}
