//! A local stand-in for the Gorgias REST API, faithful to the facts in `gorgias.md`, so that a
//! client that works against it works against Gorgias.
//!
//! Each account is served on its own loopback port (its "endpoint" `http://127.0.0.1:PORT`);
//! one more port plays an unknown account (HTML 404 for everything) and a control port drives
//! fault injection, rate limits and resets and shows the received tickets as an HTML page.
//!
//! # Layout
//!
//! - [`config`]: accounts, users, custom fields, rate limit; read from a JSON file by the binary.
//! - [`api`]: the Gorgias routes of one account and the gate every call goes through.
//! - [`tickets`], [`customers`]: creating and checking tickets and customers.
//! - [`body`]: Gorgias-style field checks collected as `{"field.path": ["..."]}`.
//! - [`bucket`]: the leaky bucket behind the call-limit header and 429.
//! - [`fault`]: injected failures (status, latency, dropped connection).
//! - [`control`], [`page`]: the control API and the HTML tickets page.
//! - [`listener`]: serving with the ability to close a connection without answering.
//! - [`store`]: the in-memory state.
//!
//! # Invariants
//!
//! - State lives in memory only and is never shared between two stand-ins.
//! - A refused request (400, 409, 413) stores nothing.

pub mod api;
pub mod body;
pub mod bucket;
pub mod config;
pub mod control;
pub mod customers;
pub mod error;
pub mod fault;
pub mod listener;
pub mod page;
pub mod store;
pub mod tickets;

pub use config::{AccountConfig, CustomFieldConfig, RateLimit, Role, StandinConfig, UserConfig};
pub use fault::{Fault, FaultAction};
pub use store::{Received, ReceivedUpload, RequestRecord};

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use store::{Inner, Shared, SharedRef};
use tokio::sync::watch;

/// A running stand-in. Dropping it stops every listener and closes open connections.
pub struct Standin {
    /// The shared state.
    shared: SharedRef,
    /// Base URL of the control listener.
    control_url: String,
    /// Base URL of the unknown-account listener.
    unknown_account_url: String,
    /// Dropping (or sending `true` on) this stops the listeners.
    shutdown: watch::Sender<bool>,
}

/// Starts a stand-in on 127.0.0.1 with OS-chosen ports.
pub async fn spawn(config: StandinConfig) -> std::io::Result<Standin> {
    spawn_on(config, IpAddr::V4(Ipv4Addr::LOCALHOST)).await
}

/// Starts a stand-in on `host` with OS-chosen ports.
pub async fn spawn_on(config: StandinConfig, host: IpAddr) -> std::io::Result<Standin> {
    config.check()?;
    let (shutdown, stopped) = watch::channel(false);
    let shared = Arc::new(Shared {
        host,
        config: config.clone(),
        inner: Mutex::new(Inner {
            accounts: BTreeMap::new(),
            faults: Vec::new(),
            strict: config.strict,
        }),
        shutdown: stopped.clone(),
    });
    let (control, control_url) = listener::bind(host).await?;
    let (unknown, unknown_account_url) = listener::bind(host).await?;
    for account in config.accounts {
        open_account(&shared, account).await?;
    }
    listener::serve(control, control::app(shared.clone()), stopped.clone());
    listener::serve(unknown, api::unknown_account_app(), stopped);
    Ok(Standin {
        shared,
        control_url,
        unknown_account_url,
        shutdown,
    })
}

/// Checks an account, binds its port and starts serving it; returns its URL.
pub(crate) async fn open_account(
    shared: &SharedRef,
    account: AccountConfig,
) -> std::io::Result<String> {
    account.check()?;
    let exists = || {
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "account {:?} already exists; pick another name",
                account.name
            ),
        )
    };
    if shared.lock().accounts.contains_key(&account.name) {
        return Err(exists());
    }
    let (listener, url) = listener::bind(shared.host).await?;
    let name = account.name.clone();
    {
        let mut inner = shared.lock();
        if inner.accounts.contains_key(&name) {
            return Err(exists());
        }
        let entry = shared.new_account(account, url.clone());
        inner.accounts.insert(name.clone(), entry);
    }
    listener::serve(
        listener,
        api::account_app(shared.clone(), &name),
        shared.shutdown.clone(),
    );
    Ok(url)
}

/// A copy of what an account received.
pub(crate) fn snapshot(account: &store::Account) -> Received {
    Received {
        tickets: account.store.tickets.clone(),
        customers: account.store.customers.clone(),
        uploads: account.store.uploads.clone(),
        requests: account.store.requests.clone(),
    }
}

impl Standin {
    /// Base URL of the control listener, e.g. `http://127.0.0.1:P`.
    pub fn control_url(&self) -> String {
        self.control_url.clone()
    }

    /// The Gorgias endpoint of an account (`http://127.0.0.1:P`, no path), if it exists.
    pub fn account_url(&self, account: &str) -> Option<String> {
        self.shared
            .lock()
            .accounts
            .get(account)
            .map(|a| a.url.clone())
    }

    /// The endpoint of an account that does not exist: every call answers an HTML 404.
    pub fn unknown_account_url(&self) -> String {
        self.unknown_account_url.clone()
    }

    /// The names of the served accounts.
    pub fn account_names(&self) -> Vec<String> {
        self.shared.lock().accounts.keys().cloned().collect()
    }

    /// Adds and starts serving an account on a new port; returns its endpoint.
    pub async fn add_account(&self, account: AccountConfig) -> std::io::Result<String> {
        open_account(&self.shared, account).await
    }

    /// What an account received so far.
    ///
    /// # Panics
    ///
    /// If there is no such account (a misspelt name must not look like "nothing received").
    pub fn received(&self, account: &str) -> Received {
        let inner = self.shared.lock();
        snapshot(
            inner.accounts.get(account).unwrap_or_else(|| {
                panic!("{}", self.no_such_account(account, inner.accounts.keys()))
            }),
        )
    }

    /// Adds a fault; it applies to the next `fault.times` matching calls.
    pub fn inject(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    /// Changes an account's rate limit (the current bucket level is kept).
    ///
    /// # Panics
    ///
    /// If there is no such account, or the limit or window is zero.
    pub fn set_rate_limit(&self, account: &str, limit: RateLimit) {
        if let Err(e) = limit.check() {
            panic!("{e}");
        }
        if !self.shared.set_rate_limit(account, limit) {
            let inner = self.shared.lock();
            panic!("{}", self.no_such_account(account, inner.accounts.keys()));
        }
    }

    /// The highest bucket level an account reached; above its limit means a call got 429.
    ///
    /// # Panics
    ///
    /// If there is no such account.
    pub fn max_bucket_level(&self, account: &str) -> u32 {
        let inner = self.shared.lock();
        inner
            .accounts
            .get(account)
            .map(|a| a.bucket.max_level())
            .unwrap_or_else(|| panic!("{}", self.no_such_account(account, inner.accounts.keys())))
    }

    /// The current bucket level of an account (0 for an unknown account).
    pub fn bucket_level(&self, account: &str) -> u32 {
        self.shared
            .lock()
            .accounts
            .get_mut(account)
            .map(|a| a.bucket.peek(Instant::now()))
            .unwrap_or(0)
    }

    /// Turns the rejection of unknown fields on or off.
    pub fn set_strict(&self, strict: bool) {
        self.shared.lock().strict = strict;
    }

    /// Forgets everything received and every fault; rate limits and strictness return to the
    /// starting configuration. Accounts stay on their ports.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops every listener and closes open connections (dropping the stand-in does the same).
    pub fn shutdown(self) {
        drop(self);
    }

    fn no_such_account<'a>(
        &self,
        account: &str,
        names: impl Iterator<Item = &'a String>,
    ) -> String {
        let names: Vec<&str> = names.map(String::as_str).collect();
        format!(
            "the stand-in has no account named {account:?}; its accounts are: {}",
            names.join(", ")
        )
    }
}

impl Drop for Standin {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
