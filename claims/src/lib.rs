//! Claims to Gorgias tickets, without I/O: what the Resolve flow submits, checked field by field,
//! the photos that come with it, a shop's Gorgias mapping, and the ticket all of that becomes.
//!
//! The server owns HTTP, storage, the queue and the Gorgias client; this crate owns the rules and
//! the words, so they can be tested natively in milliseconds.
//!
//! # Layout
//!
//! - [`claim`]: [`Claim::parse`] turns a submitted body into a [`Claim`] or a [`ClaimErrors`] list
//!   of `{field, kind, message}`; the vocabulary newtypes ([`FlowType`], [`Reason`],
//!   [`ResolutionPreference`], [`ShipmentPhase`], [`Language`]) live here too.
//! - [`image`]: [`sniff`] tells JPEG, PNG, WebP and HEIC/HEIF apart by their first bytes.
//! - [`mapping`]: [`Mapping::parse`] reads a shop's tag and custom-field choices, defaults filled in.
//! - [`ticket`]: [`TicketDraft::compose`] builds the `POST /api/tickets` body: subject, tags,
//!   custom fields and one message with an HTML and a plain-text body.
//! - [`input`]: the [`FieldError`] both parsers report, and the reader that walks untrusted JSON.
//! - [`vocabulary`]: [`Vocabulary::of_claims`], the flows (with the reasons that fit each),
//!   preferences, phases, languages, image types and limits as data, labels in every language, for
//!   forms that build claims.
//! - `labels` (private): every word a ticket uses, in en, de, fr, es, it, nl, da and pl.
//!
//! # Invariants
//!
//! - No I/O, no clock, no randomness: the same input always gives the same ticket.
//! - A `Claim` or `Mapping` that came out of `parse` satisfies every documented rule; the derived
//!   `Deserialize` is for copies this crate serialised, not for outside input.
//! - No claim value reaches `body_html` unescaped.

#![warn(missing_docs)]

pub mod claim;
pub mod image;
pub mod input;
mod labels;
pub mod mapping;
pub mod ticket;
pub mod vocabulary;

pub use claim::{
    Claim, ClaimErrors, FlowType, Language, Reason, ResolutionPreference, ShipmentPhase,
};
pub use image::{sniff, ImageKind};
pub use input::{ErrorKind, FieldError};
pub use mapping::{Mapping, MappingError};
pub use ticket::{Attachment, TicketDraft};
pub use vocabulary::Vocabulary;
