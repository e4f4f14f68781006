//! Fault injection: the next N calls of a route fail, slow down or lose their connection.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Makes the next `times` calls matching account, method and path prefix misbehave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Only calls to this account; `None` for every account.
    pub account: Option<String>,
    /// Only this HTTP method (any case); `None` for every method.
    pub method: Option<String>,
    /// Calls whose path starts with this, e.g. `/api/tickets`.
    pub path_prefix: String,
    /// How many calls are hit before the fault is used up.
    pub times: u32,
    /// What happens to them.
    pub action: FaultAction,
}

/// What a fault does to a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer this status with a Gorgias-shaped error body (429 gets `Retry-after: 1`).
    Status(u16),
    /// Answer this status with `Retry-after` set to these seconds.
    StatusWithRetryAfter(u16, u64),
    /// Wait this long, then handle the call normally.
    Latency(Duration),
    /// Close the connection without answering.
    Drop,
}

/// The control API's JSON shape of a fault (flat, so it is easy to type with curl).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// See [`Fault::account`].
    #[serde(default)]
    pub account: Option<String>,
    /// See [`Fault::method`].
    #[serde(default)]
    pub method: Option<String>,
    /// See [`Fault::path_prefix`].
    pub path_prefix: String,
    /// See [`Fault::times`]; 1 when absent.
    #[serde(default = "one")]
    pub times: u32,
    /// `status`, `latency` or `drop`.
    pub action: String,
    /// The status for `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-after` seconds for `status` (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The delay for `latency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

impl FaultSpec {
    /// Turns the JSON shape into a fault, or says which field to fix.
    pub fn parse(self) -> Result<Fault, String> {
        if !self.path_prefix.starts_with('/') {
            return Err(format!(
                "path_prefix {:?} must start with '/', e.g. \"/api/tickets\"",
                self.path_prefix
            ));
        }
        if self.times == 0 {
            return Err("times must be at least 1".into());
        }
        let action = match self.action.as_str() {
            "status" => {
                let status = self
                    .status
                    .ok_or("action \"status\" needs a \"status\" field, e.g. 503")?;
                if !(100..=599).contains(&status) {
                    return Err(format!("status {status} is not an HTTP status (100-599)"));
                }
                match self.retry_after {
                    Some(secs) => FaultAction::StatusWithRetryAfter(status, secs),
                    None => FaultAction::Status(status),
                }
            }
            "latency" => FaultAction::Latency(Duration::from_millis(
                self.latency_ms
                    .ok_or("action \"latency\" needs a \"latency_ms\" field")?,
            )),
            "drop" => FaultAction::Drop,
            other => {
                return Err(format!(
                    "action {other:?} is unknown; use \"status\", \"latency\" or \"drop\""
                ))
            }
        };
        Ok(Fault {
            account: self.account,
            method: self.method,
            path_prefix: self.path_prefix,
            times: self.times,
            action,
        })
    }
}

impl From<&Fault> for FaultSpec {
    fn from(fault: &Fault) -> Self {
        let mut spec = FaultSpec {
            account: fault.account.clone(),
            method: fault.method.clone(),
            path_prefix: fault.path_prefix.clone(),
            times: fault.times,
            action: String::new(),
            status: None,
            retry_after: None,
            latency_ms: None,
        };
        match fault.action {
            FaultAction::Status(status) => {
                spec.action = "status".into();
                spec.status = Some(status);
            }
            FaultAction::StatusWithRetryAfter(status, secs) => {
                spec.action = "status".into();
                spec.status = Some(status);
                spec.retry_after = Some(secs);
            }
            FaultAction::Latency(d) => {
                spec.action = "latency".into();
                spec.latency_ms = Some(d.as_millis() as u64);
            }
            FaultAction::Drop => spec.action = "drop".into(),
        }
        spec
    }
}

impl Fault {
    /// Whether this fault applies to a call.
    pub fn matches(&self, account: &str, method: &str, path: &str) -> bool {
        self.times > 0
            && self.account.as_deref().is_none_or(|a| a == account)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&self.path_prefix)
    }
}

/// What the pending faults decide for one call.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Added latency (several latency faults add up).
    pub delay: Duration,
    /// The failure to answer with, if any.
    pub failure: Option<FaultAction>,
}

/// Uses up the faults that match a call: latency faults add up, the first failing one stops.
pub fn take(faults: &mut Vec<Fault>, account: &str, method: &str, path: &str) -> Verdict {
    let mut verdict = Verdict::default();
    for fault in faults.iter_mut() {
        if !fault.matches(account, method, path) {
            continue;
        }
        fault.times -= 1;
        match &fault.action {
            FaultAction::Latency(d) => verdict.delay += *d,
            other => {
                verdict.failure = Some(other.clone());
                break;
            }
        }
    }
    faults.retain(|f| f.times > 0);
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_match_and_wear_out() {
        let mut faults = vec![
            Fault {
                account: Some("acme".into()),
                method: Some("post".into()),
                path_prefix: "/api/tickets".into(),
                times: 2,
                action: FaultAction::Status(503),
            },
            Fault {
                account: None,
                method: None,
                path_prefix: "/api/".into(),
                times: 1,
                action: FaultAction::Latency(Duration::from_millis(5)),
            },
        ];
        let miss = take(&mut faults, "other", "POST", "/api/tickets");
        assert_eq!(miss.failure, None);
        assert_eq!(miss.delay, Duration::from_millis(5));
        let hit = take(&mut faults, "acme", "POST", "/api/tickets");
        assert_eq!(hit.failure, Some(FaultAction::Status(503)));
        assert_eq!(hit.delay, Duration::ZERO);
        assert_eq!(
            take(&mut faults, "acme", "GET", "/api/tickets").failure,
            None
        );
        assert_eq!(
            take(&mut faults, "acme", "POST", "/api/tickets/").failure,
            Some(FaultAction::Status(503))
        );
        assert!(faults.is_empty());
    }

    #[test]
    fn the_json_shape_says_what_is_missing() {
        let spec: FaultSpec =
            serde_json::from_str(r#"{"path_prefix":"/api/tickets","action":"status"}"#).unwrap();
        assert!(spec.parse().unwrap_err().contains("\"status\" field"));
        let spec: FaultSpec = serde_json::from_str(
            r#"{"path_prefix":"/api/tickets","action":"status","status":429,"retry_after":3,"times":2}"#,
        )
        .unwrap();
        let fault = spec.parse().unwrap();
        assert_eq!(fault.action, FaultAction::StatusWithRetryAfter(429, 3));
        assert_eq!(fault.times, 2);
    }
}
