//! Claims to Gorgias tickets, without I/O: the claim the Resolve flow submits, checked field by
//! field, and the words a ticket is written in.

pub mod claim;
pub mod image;
pub mod input;
mod labels;
pub mod mapping;
pub mod ticket;
