//! Importing an organisation from the exports its mail system gives, into a
//! directory of RON files the rest of mailgraph loads.
//!
//! Exchange Online / Microsoft 365 is the one source so far
//! ([`exchange`]): the CSV files PowerShell writes for mailboxes, mailbox,
//! recipient and folder permissions, group membership, and per-user MFA.
//! An import happens in three steps, each in its own module:
//!
//! 1. [`csv`] reads each export a row at a time (encodings, delimiters,
//!    `#TYPE` line, header names), keeping positions so any bad cell is
//!    reported at `file:line:column`;
//! 2. [`exchange`] maps rows to records, one module per export kind,
//!    resolving the principals they name through [`resolve`], and counts
//!    every row it skips ([`summary`]);
//! 3. [`directory`] writes the model as RON files, whole or not at all.
//!
//! Nothing is written when any export is malformed.

pub mod csv;
pub mod directory;
pub mod exchange;
pub mod resolve;
pub mod summary;

pub use exchange::{Import, Inputs, import};
pub use summary::{Reason, Summary};
