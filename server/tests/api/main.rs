//! Behaviour of the HTTP API as `api.md` describes it, against the real router, a real SQLite file
//! and a real Gorgias stand-in over HTTP.

mod claims_burst;
mod claims_delivery;
mod claims_faults;
mod claims_intake;
mod claims_list;
mod claims_races;
mod claims_uploads;
mod embed;
mod errors;
mod gorgias;
mod help_center;
mod metrics;
mod roles;
mod sdk;
mod secrets;
mod shops;
mod support;
mod tile;
mod vocabulary;
