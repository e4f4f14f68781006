//! Values checked at the edge: once one of these exists, it is valid.
//!
//! Each type has a `parse` constructor returning [`Invalid`], which names the error code and says
//! what to do; the HTTP layer adds the JSON field it came from.

use std::fmt;

use url::{Host, Url};

/// Why a value was refused: a snake_case code and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The error code of the API, e.g. `invalid_slug`.
    pub code: &'static str,
    /// What was wrong and how to fix it.
    pub message: String,
}

impl Invalid {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// A shop's slug: 1–63 characters of `a-z`, `0-9`, `-`, not starting or ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// Checks `value` against the slug rules.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let valid = (1..=63).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-');
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(
                "invalid_slug",
                "a slug has 1 to 63 characters of a-z, 0-9 and '-', and does not start or end with '-' (e.g. \"my-shop\")",
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A shop's display name: trimmed, 1–200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopName(String);

impl ShopName {
    /// Trims `value` and checks its length.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > 200 {
            return Err(Invalid::new(
                "invalid_name",
                "give the shop a name of 1 to 200 characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The email address of the Gorgias agent whose API key the integration uses; trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEmail(String);

impl AgentEmail {
    /// Trims `value` and checks it has the shape `local@domain.tld`.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        let valid = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && value.len() <= 254
                    && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(
                "invalid_email",
                "enter the email address of the Gorgias user the API key belongs to (e.g. agent@your-shop.com)",
            ))
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The base URL of a Gorgias account, normalised to `https://{account}.gorgias.com`.
///
/// With the insecure-loopback setting, `http://127.0.0.1:PORT` and `http://localhost:PORT` are
/// accepted too, so tests and the demo can talk to a local stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GorgiasEndpoint(String);

impl GorgiasEndpoint {
    /// Trims, validates and normalises `value`.
    pub fn parse(value: &str, allow_insecure_loopback: bool) -> Result<Self, Invalid> {
        let refuse = || {
            Invalid::new(
                "invalid_endpoint",
                "enter your Gorgias address exactly as https://your-account.gorgias.com (no path, query or port)",
            )
        };
        let trimmed = value.trim();
        // A single trailing slash is what browsers add when the address is copied; more is a path.
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let url = Url::parse(trimmed).map_err(|_| refuse())?;
        let bare = url.username().is_empty()
            && url.password().is_none()
            && url.query().is_none()
            && url.fragment().is_none()
            && url.path() == "/"
            // The parser drops "?" and "#" with nothing after them; the raw text must not carry them.
            && !trimmed.contains(['?', '#', '@'])
            && !trimmed
                .split_once("://")
                .is_some_and(|(_, rest)| rest.contains('/'));
        if !bare {
            return Err(refuse());
        }
        let host = url.host_str().ok_or_else(refuse)?;
        if url.scheme() == "https" && url.port().is_none() {
            if let Some(account) = host.strip_suffix(".gorgias.com") {
                if is_dns_label(account) {
                    return Ok(Self(format!("https://{account}.gorgias.com")));
                }
            }
        }
        if allow_insecure_loopback && url.scheme() == "http" {
            let loopback = matches!(url.host(), Some(Host::Ipv4(ip)) if ip.is_loopback() && ip.octets() == [127, 0, 0, 1])
                || host == "localhost";
            if let (true, Some(port)) = (loopback, url.port()) {
                return Ok(Self(format!("http://{host}:{port}")));
            }
        }
        Err(refuse())
    }

    /// The normalised base URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GorgiasEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `label` is one DNS label: 1–63 of `a-z0-9-`, not starting or ending with `-`.
fn is_dns_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A Gorgias REST API key as the merchant pasted it, trimmed; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct GorgiasApiKey(String);

impl GorgiasApiKey {
    /// Trims `value` and refuses an empty key or one with inner whitespace.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        if value.is_empty()
            || value.len() > 512
            || value.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Invalid::new(
                "invalid_api_key",
                "paste the REST API key from Gorgias Settings → REST API (one line, no spaces)",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The key itself; only for the Gorgias request and for encryption.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters after an ellipsis, e.g. `…9f2c`: enough to recognise a key.
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        format!("…{tail}")
    }
}

impl fmt::Debug for GorgiasApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GorgiasApiKey([redacted])")
    }
}

/// A Help Center page address a merchant asks to whitelist.
///
/// Absolute `https://` without user info; `http://localhost` and `http://127.0.0.1` on any port are
/// accepted for development, as browsers treat them as secure. A trailing `*` marks a path prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpCenterUrl(String);

impl HelpCenterUrl {
    /// Trims and validates `value`; keeps it as written otherwise, so the merchant recognises it.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let refuse = || {
            Invalid::new(
                "invalid_url",
                "enter the full address of a Help Center page, starting with https:// (e.g. https://help.your-shop.com/en-US/returns-123)",
            )
        };
        let value = value.trim();
        if value.len() > 2048 {
            return Err(refuse());
        }
        let without_star = value.strip_suffix('*').unwrap_or(value);
        if !is_secure_page_url(without_star) {
            return Err(refuse());
        }
        Ok(Self(value.to_owned()))
    }

    /// The address as submitted (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether browsers treat `value` as a secure page address: absolute `https://` without user
/// info, or `http://localhost` / `http://127.0.0.1` on any port (development).
fn is_secure_page_url(value: &str) -> bool {
    let Ok(url) = Url::parse(value) else {
        return false;
    };
    if !url.username().is_empty() || url.password().is_some() || url.host().is_none() {
        return false;
    }
    match url.scheme() {
        "https" => true,
        "http" => matches!(url.host_str(), Some("localhost" | "127.0.0.1")),
        _ => false,
    }
}

/// The tile's accent colour (the button's background): `#rrggbb`, lower case. `#rgb` and upper
/// case are accepted and normalised, as colour pickers and brand guides write both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccentColor(String);

impl AccentColor {
    /// The colour a shop starts with.
    pub const DEFAULT: &'static str = "#1f6feb";

    /// Trims, checks and normalises `value`.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let refuse = || {
            Invalid::new(
                "invalid_accent_color",
                "give the accent colour as a hex colour with six digits, e.g. \"#1f6feb\"",
            )
        };
        let hex = value.trim().strip_prefix('#').ok_or_else(refuse)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refuse());
        }
        let full: String = match hex.len() {
            6 => hex.to_owned(),
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            _ => return Err(refuse()),
        };
        Ok(Self(format!("#{}", full.to_ascii_lowercase())))
    }

    /// The colour as `#rrggbb`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address of the logo on the tile. The Help Center loads it into its page, so it must be
/// secure like the page (https, or localhost for development) or browsers block it as mixed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoUrl(String);

impl LogoUrl {
    /// Trims and validates `value`.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = value.trim();
        if value.len() > 2048 || !is_secure_page_url(value) {
            return Err(Invalid::new(
                "invalid_logo_url",
                "give the full address of the logo image, starting with https:// (e.g. https://cdn.your-shop.com/logo.png), or null for no logo",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The address as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accent_colours_are_normalised_or_refused() {
        for (given, stored) in [
            ("#1f6feb", "#1f6feb"),
            (" #1F6FEB ", "#1f6feb"),
            ("#abc", "#aabbcc"),
            ("#000000", "#000000"),
        ] {
            assert_eq!(
                AccentColor::parse(given).unwrap().as_str(),
                stored,
                "{given}"
            );
        }
        for bad in [
            "",
            "#",
            "1f6feb",
            "#1f6fe",
            "#1f6febff",
            "#ggg",
            "blue",
            "rgb(0,0,0)",
        ] {
            assert_eq!(
                AccentColor::parse(bad).unwrap_err().code,
                "invalid_accent_color",
                "{bad}"
            );
        }
    }

    #[test]
    fn logo_urls_must_be_secure() {
        for good in [
            "https://cdn.acme.com/logo.png",
            " https://cdn.acme.com/a/logo.svg?v=2 ",
            "http://localhost:8081/logo.png",
            "http://127.0.0.1/logo.png",
        ] {
            assert_eq!(
                LogoUrl::parse(good).unwrap().as_str(),
                good.trim(),
                "{good}"
            );
        }
        let long = format!("https://cdn.acme.com/{}", "a".repeat(2048));
        for bad in [
            "",
            "logo.png",
            "/logo.png",
            "http://cdn.acme.com/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://user:pw@cdn.acme.com/logo.png",
            long.as_str(),
        ] {
            assert_eq!(
                LogoUrl::parse(bad).unwrap_err().code,
                "invalid_logo_url",
                "{bad}"
            );
        }
    }

    #[test]
    fn slugs_follow_the_rules() {
        for good in ["a", "my-shop", "shop-1", &"a".repeat(63)] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "My-Shop",
            "my_shop",
            "my shop",
            "ä",
            &"a".repeat(64),
        ] {
            assert_eq!(Slug::parse(bad).unwrap_err().code, "invalid_slug", "{bad}");
        }
    }

    #[test]
    fn endpoints_are_normalised_or_refused() {
        let ok = |raw: &str| GorgiasEndpoint::parse(raw, false).map(|e| e.0);
        assert_eq!(
            ok("  https://acme.gorgias.com/ ").unwrap(),
            "https://acme.gorgias.com"
        );
        assert_eq!(
            ok("HTTPS://ACME.Gorgias.com").unwrap(),
            "https://acme.gorgias.com"
        );
        for bad in [
            "acme.gorgias.com",
            "http://acme.gorgias.com",
            "https://acme.gorgias.com/api",
            "https://acme.gorgias.com//",
            "https://acme.gorgias.com?x=1",
            "https://acme.gorgias.com/?",
            "https://acme.gorgias.com#top",
            "https://user:pw@acme.gorgias.com",
            "https://acme.gorgias.com:8443",
            "https://a.b.gorgias.com",
            "https://gorgias.com",
            "https://acme.gorgias.help",
            "https://-acme.gorgias.com",
            "http://127.0.0.1:9000",
        ] {
            assert_eq!(ok(bad).unwrap_err().code, "invalid_endpoint", "{bad}");
        }
    }

    #[test]
    fn loopback_endpoints_need_the_setting_and_a_port() {
        let parse = |raw: &str| GorgiasEndpoint::parse(raw, true).map(|e| e.0);
        assert_eq!(
            parse("http://127.0.0.1:9000/").unwrap(),
            "http://127.0.0.1:9000"
        );
        assert_eq!(
            parse("http://localhost:9000").unwrap(),
            "http://localhost:9000"
        );
        assert!(parse("http://127.0.0.1").is_err());
        assert!(parse("http://10.0.0.1:9000").is_err());
        assert!(parse("http://127.0.0.1:9000/api").is_err());
    }

    #[test]
    fn emails_and_keys_are_trimmed() {
        assert_eq!(
            AgentEmail::parse(" agent@acme.com\n").unwrap().as_str(),
            "agent@acme.com"
        );
        assert!(AgentEmail::parse("agent").is_err());
        assert!(AgentEmail::parse("agent@localhost").is_err());
        let key = GorgiasApiKey::parse("  abcdef9f2c \t").unwrap();
        assert_eq!(key.expose(), "abcdef9f2c");
        assert_eq!(key.hint(), "…9f2c");
        assert!(!format!("{key:?}").contains("abcdef"));
        assert!(GorgiasApiKey::parse("   ").is_err());
    }

    #[test]
    fn help_center_urls_must_be_secure_and_absolute() {
        for good in [
            "https://help.acme.com/en-US/returns-123",
            "https://acme.gorgias.help/*",
            "http://localhost:3000/en-US",
            "http://127.0.0.1:8080/",
        ] {
            assert!(HelpCenterUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "help.acme.com/en-US",
            "http://help.acme.com/",
            "https://user@help.acme.com/",
            "ftp://help.acme.com/",
            "/en-US/returns",
        ] {
            assert_eq!(
                HelpCenterUrl::parse(bad).unwrap_err().code,
                "invalid_url",
                "{bad}"
            );
        }
    }
}
