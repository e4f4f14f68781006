//! The in-memory state of a stand-in: accounts, what each received, pending faults.

use crate::bucket::Bucket;
use crate::config::{AccountConfig, RateLimit, StandinConfig};
use crate::fault::Fault;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};
use tokio::sync::watch;

/// State shared by every listener of one stand-in.
pub struct Shared {
    /// The address listeners bind to (and URLs show).
    pub host: IpAddr,
    /// The configuration the stand-in started with; `reset` returns to its rate limit and strictness.
    pub config: StandinConfig,
    /// Everything that changes while serving.
    pub inner: Mutex<Inner>,
    /// Flips (or closes) when the stand-in stops; listeners and connections watch it.
    pub shutdown: watch::Receiver<bool>,
}

/// The changing part of [`Shared`].
pub struct Inner {
    /// Accounts by name.
    pub accounts: BTreeMap<String, Account>,
    /// Faults not used up yet, in the order they were added.
    pub faults: Vec<Fault>,
    /// Whether unknown fields answer 400.
    pub strict: bool,
}

/// One served account.
pub struct Account {
    /// Its users and custom fields.
    pub config: AccountConfig,
    /// Its Gorgias endpoint, `http://HOST:PORT`.
    pub url: String,
    /// Its rate limit.
    pub bucket: Bucket,
    /// What it received.
    pub store: Store,
}

/// What one account received, plus the counters that number new objects.
#[derive(Default)]
pub struct Store {
    /// Tickets as the API answered them, oldest first.
    pub tickets: Vec<Value>,
    /// Customers as the API answered them, oldest first.
    pub customers: Vec<Value>,
    /// Uploaded files, oldest first.
    pub uploads: Vec<ReceivedUpload>,
    /// Every call, oldest first.
    pub requests: Vec<RequestRecord>,
    /// Tags created by tickets: (id, name).
    pub tags: Vec<(u64, String)>,
    /// The last id handed out per kind of object.
    counters: BTreeMap<&'static str, u64>,
}

impl Store {
    /// The next id for a kind of object. Kinds start far apart so that an id of the wrong kind
    /// (a customer id used as a ticket id) finds nothing, as it would on Gorgias.
    pub fn next_id(&mut self, kind: &'static str) -> u64 {
        let base = match kind {
            "ticket" => 9000,
            "customer" => 5000,
            "message" => 70000,
            "tag" => 300,
            "upload" => 0,
            _ => 100_000,
        };
        let counter = self.counters.entry(kind).or_insert(base);
        *counter += 1;
        *counter
    }
}

/// A snapshot of what an account received.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Received {
    /// Tickets as the API answered them (including later custom field changes), oldest first.
    pub tickets: Vec<Value>,
    /// Customers, created directly or by a ticket, oldest first.
    pub customers: Vec<Value>,
    /// Uploaded files, oldest first.
    pub uploads: Vec<ReceivedUpload>,
    /// Every call to the account's port, oldest first.
    pub requests: Vec<RequestRecord>,
}

/// One uploaded file.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedUpload {
    /// Its id in the stand-in.
    pub id: u64,
    /// Where it is served back (what the upload answer said).
    pub url: String,
    /// The file name of the multipart part.
    pub name: String,
    /// The content type of the multipart part.
    pub content_type: String,
    /// Its length in bytes.
    pub size: usize,
    /// Its content (left out of the control API's JSON; fetch `url` instead).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// One call an account's port received.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The status answered; 0 when the connection was dropped without an answer.
    pub status: u16,
    /// When the call arrived.
    #[serde(serialize_with = "serialize_time")]
    pub at: SystemTime,
}

fn serialize_time<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso_datetime(*t))
}

/// Gorgias's datetime format: ISO 8601 with microseconds and `+00:00`.
pub fn iso_datetime(t: SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// The current time in Gorgias's format.
pub fn now_iso() -> String {
    iso_datetime(SystemTime::now())
}

impl Shared {
    /// Locks the changing state (a poisoned lock is still usable: every change is one step).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new account entry with an empty store and the starting rate limit.
    pub fn new_account(&self, config: AccountConfig, url: String) -> Account {
        Account {
            config,
            url,
            bucket: Bucket::new(self.config.rate_limit, Instant::now()),
            store: Store::default(),
        }
    }

    /// Forgets everything received and every fault; rate limits and strictness return to the
    /// starting configuration. Accounts (also those added later) stay, on the same ports.
    pub fn reset(&self) {
        let mut inner = self.lock();
        inner.faults.clear();
        inner.strict = self.config.strict;
        for account in inner.accounts.values_mut() {
            account.store = Store::default();
            account.bucket = Bucket::new(self.config.rate_limit, Instant::now());
        }
    }

    /// Changes one account's rate limit; `false` if there is no such account.
    pub fn set_rate_limit(&self, account: &str, limit: RateLimit) -> bool {
        let mut inner = self.lock();
        match inner.accounts.get_mut(account) {
            Some(a) => {
                a.bucket.set_limit(limit, Instant::now());
                true
            }
            None => false,
        }
    }
}

/// A handle to the shared state.
pub type SharedRef = Arc<Shared>;
