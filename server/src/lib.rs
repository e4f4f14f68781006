//! The Resolve for Gorgias service.
//!
//! # Layout
//!
//! - [`config`]: the command line and environment variables of `resolve-server`.
//! - [`startup`]: builds the application, binds the listener and runs until asked to stop.
//! - [`routes`]: the HTTP surface (`/healthz`, the SDK files).
//! - [`telemetry`]: structured logs.

pub mod config;
pub mod routes;
pub mod startup;
pub mod telemetry;
