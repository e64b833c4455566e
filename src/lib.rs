//! mailgraph: who can reach which mailbox.
//!
//! Data flows one way: RON files are [`load`]ed into a validated
//! [`model::Model`], built into an [`graph::AccessGraph`], asked a question
//! by a query, and the answer is handed to a renderer (table, JSON, CSV,
//! DOT). Queries return data and never print; renderers never compute
//! reachability. The binary (`src/main.rs`, [`cli`]) only wires these up.
//! docs/architecture.md walks through each module.

pub mod atomic_file;
pub mod audit;
pub mod cli;
pub mod contain;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod evidence;
pub mod export;
pub mod generate;
pub mod graph;
pub mod import;
pub mod interrupt;
pub mod load;
pub mod model;
pub mod notify;
pub mod plan;
pub mod progress;
pub mod query;
pub mod render;
pub mod snapshot;
pub mod stats;
pub mod suggest;

pub use diagnostic::{Diagnostic, Diagnostics, Location};

/// The hash map for ids and node indices: foldhash's fast hasher (seeded
/// per process) instead of SipHash, which dominated building the graph of a
/// large organisation.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with the fast hasher of [`FastMap`].
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
pub use error::{Error, Outcome};
pub use graph::AccessGraph;
pub use load::load;
pub use model::Model;
