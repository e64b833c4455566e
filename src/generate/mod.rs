//! Generated organisations: the bulk of the 2017 Parliament scenario, and
//! synthetic organisations of any size for tests and benchmarks.
//!
//! Both generators are deterministic: the same arguments write the same
//! bytes, on any machine, so generated files can be committed and checked
//! by regenerating them. They draw from [`rng::Rng`] (SplitMix64, integer
//! arithmetic only) and invent people from [`names`].
//!
//! - [`parliament`] writes the ~8,960 accounts of the parliamentary network
//!   that played no part in the June 2017 incident; the incident's own
//!   accounts are hand-written beside it (data/parliament-2017/affected.ron)
//!   and nothing generated reaches them.
//! - [`synthetic`] writes an organisation of `N` accounts (offices, shared
//!   mailboxes, nested groups, skewed delegations, forwarding, recovery,
//!   a sample incident), in chunks generated and written in parallel so
//!   that 1.5 million accounts take seconds and little memory.
//!
//! [`output`] writes the files: atomically, refusing to mix them with
//! foreign RON files that would be loaded with them.

pub mod names;
pub mod output;
pub mod parliament;
pub mod rng;
pub mod synthetic;

pub use output::Written;

use crate::model::{FolderRole, Grant, Right};

/// A grant of `right` on mailbox `on` to principal `to`.
fn grant(to: &str, on: &str, right: Right) -> Grant {
    Grant {
        to: to.to_string(),
        on: on.to_string(),
        right,
        source: None,
    }
}

/// A role on one folder.
fn folder(name: &str, role: FolderRole) -> Right {
    Right::Folder {
        folder: name.to_string(),
        role,
    }
}
