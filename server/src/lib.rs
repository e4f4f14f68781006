//! The Resolve for Gorgias service.
//!
//! # Layout
//!
//! - [`config`]: the command line and environment variables of `resolve-server`.
//! - [`startup`]: builds the application, binds the listener and runs until asked to stop.
//! - [`routes`]: the HTTP surface; [`error`] is its one error type and JSON extractor.
//! - [`auth`]: operator token and merchant keys.
//! - [`domain`]: values checked at the edge (slug, Gorgias endpoint, email, Help Center URL).
//! - [`store`]: all database access.
//! - [`vault`]: encryption at rest of Gorgias API keys; [`secret`]: values that never print.
//! - [`gorgias`]: the Gorgias REST API client.
//! - [`whitelist`]: Help Center URL matching; [`embed`]: the in-memory snapshot the widget asks.
//! - [`sdk`]: the SDK files served under `/sdk/latest/`.
//! - [`intake`]: reading a submitted claim and its files; [`queue`]: the durable claim queue and
//!   its workers; [`delivery`]: one claim to one Gorgias ticket; [`pacing`]: calls per Gorgias
//!   account kept under its rate limit.
//! - [`www`]: the static pages (portal; demo finder and Help Center); [`demo`]: `serve --demo`.
//! - [`telemetry`]: structured logs; [`metrics`]: what `GET /metrics` shows.
//!
//! # Invariants
//!
//! - No Gorgias API key leaves the server: it is sealed at rest, and no answer, log line or
//!   `Debug` output carries it.
//! - A merchant key reaches its own shop only; other shops answer as if they did not exist.
//! - The embed endpoint never queries the database.
//! - A claim is answered 202 only once it, its files and its queue entry are committed together;
//!   each claim becomes at most one Gorgias ticket (`external_id` looked up before creating).

pub mod auth;
pub mod config;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod embed;
pub mod error;
pub mod gorgias;
pub mod intake;
pub mod metrics;
pub mod pacing;
pub mod queue;
pub mod routes;
pub mod sdk;
pub mod secret;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod vault;
pub mod whitelist;
pub mod www;

pub use routes::app;
