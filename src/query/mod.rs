//! Reachability: what compromised credentials reach, who reaches a mailbox,
//! by which path, and the blast radius of every credential.
//!
//! Every query is a breadth-first search over *states*, not bare nodes: a
//! state is a node together with what the attacker holds of it ([`Hold`]).
//! Holding a mailbox's full access or its new mail lets an attacker go on
//! (forwarded copies, password resets); reading only its calendar or sending
//! as it does not. Searching states makes the access model's rules exact —
//! delegation is not transitive, takeover is — and gives, per mailbox, the
//! strongest [`Level`] and a shortest path for that level.
//!
//! [`walk`] holds those rules and the search; [`reach`], [`exposure`],
//! [`path`] and [`rank`] are the four questions built on it. Answers hold
//! node indices and paths; renderers turn them into text.

pub mod explain;
pub mod exposure;
pub mod path;
pub mod rank;
pub mod reach;
pub mod sweep;
pub mod tree;
pub mod walk;

use std::fmt;

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

pub use explain::{Crossing, explaining_edges};
pub use exposure::{Exposure, exposure};
pub use path::{PathAnswer, shortest_paths, shortest_paths_by};
pub use rank::{BlastRadius, rank};
pub use reach::{AffectedUser, Cause, ControllerShare, Reach, reach};
pub use tree::{PathTree, Step};

/// How much of a mailbox an attacker gets, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Read everything and act as the mailbox.
    Full,
    /// Read a folder, or copies of forwarded mail.
    Read,
    /// Send as or on behalf of the mailbox, without reading.
    Send,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Full => "full",
            Level::Read => "read",
            Level::Send => "send",
        }
    }

    /// Whether the level lets the attacker read the mailbox's data (and so
    /// counts its data subjects as exposed).
    pub fn reads(self) -> bool {
        self != Level::Send
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One hop of a path: the edge crossed and the node it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub edge: EdgeIndex,
    pub node: NodeIndex,
}

/// An attack path: a credential, then the hops from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub start: NodeIndex,
    pub hops: Vec<Hop>,
}

impl Path {
    /// Every node of the path, the start first.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        std::iter::once(self.start).chain(self.hops.iter().map(|hop| hop.node))
    }

    /// The node the path ends at.
    pub fn end(&self) -> NodeIndex {
        self.hops.last().map_or(self.start, |hop| hop.node)
    }

    pub fn len(&self) -> usize {
        self.hops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }
}
