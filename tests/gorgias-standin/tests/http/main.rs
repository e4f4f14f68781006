//! The stand-in over real HTTP: every Gorgias behaviour it promises, its rate limit, fault
//! injection, control API, tickets page and binary.

mod control;
mod faults;
mod gorgias_api;
mod rate_limit;
mod support;
mod validation;
