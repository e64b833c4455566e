//! Reverse reach: every credential whose compromise would expose a mailbox,
//! at the strongest level it would, with a shortest path, and how many of
//! them lack MFA.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;

use super::walk::{Direction, Hold, Search, State};
use super::{Level, Path};
use crate::graph::AccessGraph;

/// A credential that exposes the mailbox.
#[derive(Debug, Clone)]
pub struct Exposer {
    /// An account or a mailbox credential.
    pub node: NodeIndex,
    pub level: Level,
    /// A shortest path from the credential to the mailbox at `level`.
    pub path: Path,
}

/// The answer to "who could reach this mailbox?".
#[derive(Debug, Clone)]
pub struct Exposure {
    pub mailbox: NodeIndex,
    /// Strongest level first, then shortest path, then id.
    pub credentials: Vec<Exposer>,
}

impl Exposure {
    /// Credentials without MFA: accounts with MFA off, and mailbox
    /// credentials (a shared mailbox's own password has no second factor).
    pub fn without_mfa(&self, graph: &AccessGraph) -> usize {
        self.credentials
            .iter()
            .filter(|c| graph.account(c.node).is_none_or(|account| !account.mfa))
            .count()
    }
}

/// Who reaches `mailbox`, and how.
pub fn exposure(graph: &AccessGraph, mailbox: NodeIndex) -> Exposure {
    let mut search = Search::new(graph);
    let mut seen = HashSet::new();
    let mut credentials = Vec::new();
    // One backward search per level, strongest first: a credential found at
    // a level keeps it, and its path is a shortest one for that level.
    for level in [Level::Full, Level::Read, Level::Send] {
        let targets = Hold::giving(level).iter().map(|&hold| State {
            node: mailbox,
            hold,
        });
        search.run(graph, Direction::Backward, targets);
        for state in search.reached() {
            let is_credential = graph.node(state.node).is_credential();
            if is_credential && state.hold == Hold::Control && seen.insert(state.node) {
                credentials.push(Exposer {
                    node: state.node,
                    level,
                    path: search.path(state, Direction::Backward),
                });
            }
        }
    }
    credentials.sort_by(|a, b| {
        (a.level, a.path.len(), graph.id(a.node)).cmp(&(b.level, b.path.len(), graph.id(b.node)))
    });
    Exposure {
        mailbox,
        credentials,
    }
}
