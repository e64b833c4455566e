//! One forward search from every credential, spread over the machine's
//! cores: the footing of the blast radius ranking and of the audit rules
//! that ask what each credential, or how many credentials, reach.
//!
//! Each worker reuses one [`Search`] (its arrays are reset in constant
//! time) and folds each credential's [`Footprint`] into an accumulator of
//! its own; the caller merges the accumulators.

use std::thread;

use petgraph::graph::NodeIndex;

use super::Level;
use super::walk::{Direction, Search, State};
use crate::graph::{AccessGraph, Node};
use crate::progress::{Phase, Progress};

/// What one credential alone reaches.
#[derive(Debug, Clone, Default)]
pub struct Footprint {
    pub credential: NodeIndex,
    /// Each mailbox reached, at its strongest level, in search order.
    pub mailboxes: Vec<(NodeIndex, Level)>,
    /// Each other credential taken over, with the number of hops of a
    /// shortest path to it.
    pub takeovers: Vec<(NodeIndex, u32)>,
}

/// Every credential node (accounts and mailbox credentials), in node order.
pub fn credentials(graph: &AccessGraph) -> Vec<NodeIndex> {
    graph
        .graph()
        .node_indices()
        .filter(|&node| graph.node(node).is_credential())
        .collect()
}

/// Runs `visit` on the footprint of every credential; returns one
/// accumulator per worker (made by `new`), for the caller to merge. The
/// credentials done are counted as a [`Phase::Query`] phase.
pub fn sweep<A: Send>(
    graph: &AccessGraph,
    new: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, &Footprint) + Sync,
) -> Vec<A> {
    let credentials = credentials(graph);
    let progress = Progress::counting(Phase::Query, credentials.len() as u64, "credentials");
    let progress = &progress;
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = credentials.len().div_ceil(workers).max(1);
    let (new, visit) = (&new, &visit);
    thread::scope(|scope| {
        let handles: Vec<_> = credentials
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut accumulator = new();
                    let mut search = Search::new(graph);
                    let mut levels: Vec<Option<Level>> = vec![None; graph.node_count()];
                    let mut footprint = Footprint::default();
                    for &credential in part {
                        footprint_of(graph, &mut search, &mut levels, credential, &mut footprint);
                        visit(&mut accumulator, &footprint);
                        progress.inc(1);
                    }
                    accumulator
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a sweep worker does not panic"))
            .collect()
    })
}

/// Fills `footprint` for `credential`. `levels` is scratch space, one entry
/// per node, left all `None` on return.
fn footprint_of(
    graph: &AccessGraph,
    search: &mut Search,
    levels: &mut [Option<Level>],
    credential: NodeIndex,
    footprint: &mut Footprint,
) {
    search.run(graph, Direction::Forward, [State::control(credential)]);
    footprint.credential = credential;
    footprint.mailboxes.clear();
    footprint.takeovers.clear();
    let mut order = Vec::new();
    for state in search.reached() {
        match graph.node(state.node) {
            Node::Mailbox(_) => {
                let slot = &mut levels[state.node.index()];
                match slot {
                    None => {
                        *slot = Some(state.hold.level());
                        order.push(state.node);
                    }
                    Some(level) => *level = (*level).min(state.hold.level()),
                }
            }
            Node::Account(_) | Node::MailboxCredential(_) | Node::Application(_)
                if state.node != credential =>
            {
                let hops = search.distance(state).unwrap_or(0);
                footprint.takeovers.push((state.node, hops));
            }
            _ => {}
        }
    }
    for node in order {
        let level = levels[node.index()].take().expect("set above");
        footprint.mailboxes.push((node, level));
    }
}
