//! Reverse reach: every credential whose compromise would expose a mailbox,
//! at the strongest level it would, with a shortest path, and how many of
//! them lack MFA.

use std::collections::{HashMap, HashSet};

use petgraph::graph::NodeIndex;

use super::tree::PathTree;
use super::walk::{Direction, Hold, Search, State};
use super::{Level, Path};
use crate::graph::AccessGraph;

/// A credential that exposes the mailbox.
#[derive(Debug, Clone)]
pub struct Exposer {
    /// An account or a mailbox credential.
    pub node: NodeIndex,
    pub level: Level,
    /// Where a shortest path from the credential to the mailbox at `level`
    /// starts in [`Exposure::paths`].
    pub step: u32,
}

/// The answer to "who could reach this mailbox?".
#[derive(Debug, Clone)]
pub struct Exposure {
    pub mailbox: NodeIndex,
    /// The shortest paths of every credential below, sharing their last
    /// hops: a backward tree rooted at the mailbox, each step naming the
    /// step one hop nearer it (linear in the answer's size, however long
    /// the chains).
    pub paths: PathTree,
    /// Strongest level first, then shortest path, then id.
    pub credentials: Vec<Exposer>,
}

impl Exposure {
    /// The whole path of `exposer`, from the credential to the mailbox.
    pub fn path(&self, exposer: &Exposer) -> Path {
        self.paths.path_to_root(exposer.step)
    }

    /// The number of hops of `exposer`'s path.
    pub fn hops(&self, exposer: &Exposer) -> u32 {
        self.paths.step(exposer.step).depth
    }

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
    let mut paths = PathTree::default();
    // One backward search per level, strongest first: a credential found at
    // a level keeps it, and its path is a shortest one for that level.
    for level in [Level::Full, Level::Read, Level::Send] {
        let targets = Hold::giving(level).iter().map(|&hold| State {
            node: mailbox,
            hold,
        });
        search.run(graph, Direction::Backward, targets);
        let mut recorded = HashMap::new();
        for state in search.reached() {
            let is_credential = graph.node(state.node).is_credential();
            if is_credential && state.hold == Hold::Control && seen.insert(state.node) {
                credentials.push(Exposer {
                    node: state.node,
                    level,
                    step: search.record(state, &mut paths, &mut recorded),
                });
            }
        }
    }
    credentials.sort_by_cached_key(|c| (c.level, paths.step(c.step).depth, graph.id(c.node)));
    Exposure {
        mailbox,
        paths,
        credentials,
    }
}
