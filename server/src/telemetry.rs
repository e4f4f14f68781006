//! Structured logs through `tracing`, filtered by `RUST_LOG` (default `info`), as text or as one
//! JSON object per line (`RESOLVE_LOG_FORMAT=json`).
//!
//! Fields say which request (`request_id`, from the request's span), shop and claim a line is
//! about, where known. No key or token is ever a field: the API key only exists sealed or inside
//! the Gorgias client's `Authorization` header, and bearer tokens are never logged.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The variable that picks the format.
pub const LOG_FORMAT_VAR: &str = "RESOLVE_LOG_FORMAT";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines; coloured only on a terminal.
    #[default]
    Text,
    /// One JSON object per line: `timestamp`, `level`, `message`, the event's fields, and the
    /// request's span (`span.request_id`, `span.method`, `span.path`).
    Json,
}

impl LogFormat {
    /// The format `value` names (unset or empty: text).
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") | Some("text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => Err(format!(
                "{LOG_FORMAT_VAR}={other:?} is not a log format: set it to text or json"
            )),
        }
    }
}

/// Installs the global log subscriber in the format `RESOLVE_LOG_FORMAT` names; logs go to
/// stderr so stdout stays for the address line.
pub fn init() -> anyhow::Result<()> {
    let format = LogFormat::parse(std::env::var(LOG_FORMAT_VAR).ok().as_deref())
        .map_err(anyhow::Error::msg)?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder
            // Escape codes only where something renders them: a file or a pipe gets plain text.
            .with_ansi(std::io::stderr().is_terminal())
            .init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_unless_json_is_asked_for() {
        assert_eq!(LogFormat::parse(None), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some("")), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some("text")), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some(" JSON ")), Ok(LogFormat::Json));
        let error = LogFormat::parse(Some("xml")).unwrap_err();
        assert!(error.contains("RESOLVE_LOG_FORMAT") && error.contains("text or json"));
    }
}
