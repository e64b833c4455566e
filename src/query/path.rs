//! Attack paths: every shortest path from one credential to a mailbox (at
//! the strongest level the credential reaches it) or to an account it can
//! take over.

use petgraph::graph::NodeIndex;

use super::walk::{Direction, Hold, Search, State, predecessors};
use super::{Hop, Level, Path};
use crate::graph::{AccessGraph, Node};

/// The answer to "how does this credential reach that target?".
#[derive(Debug, Clone)]
pub struct PathAnswer {
    pub from: NodeIndex,
    pub to: NodeIndex,
    /// The level reached when the target is a mailbox; `None` for an account
    /// taken over, or when nothing is reached.
    pub level: Option<Level>,
    /// Shortest paths, all of the same length, ordered by the ids along
    /// them; empty when `from` does not reach `to`.
    pub paths: Vec<Path>,
    /// Whether more shortest paths exist than were kept.
    pub truncated: bool,
}

impl PathAnswer {
    pub fn is_reached(&self) -> bool {
        !self.paths.is_empty()
    }
}

/// Up to `limit` shortest paths from the credential `from` to `to` (a
/// mailbox or a principal), chosen by the ids along them; none when `from`
/// does not reach it.
pub fn shortest_paths(
    graph: &AccessGraph,
    from: NodeIndex,
    to: NodeIndex,
    limit: usize,
) -> PathAnswer {
    shortest_paths_by(graph, from, to, limit, |node| graph.id(node).to_string())
}

/// Up to `limit` shortest paths from `from` to `to`, the ones kept chosen
/// by `name` (how the output shows a node): the first `limit` in the order
/// of the names along each path, read from `to` back to `from`. A redacted
/// output passes its pseudonyms, so which paths are kept never follows the
/// real ids. Enumerating costs what is kept: every branch of the walk back
/// ends in a path.
pub fn shortest_paths_by(
    graph: &AccessGraph,
    from: NodeIndex,
    to: NodeIndex,
    limit: usize,
    name: impl Fn(NodeIndex) -> String,
) -> PathAnswer {
    let unreached = PathAnswer {
        from,
        to,
        level: None,
        paths: Vec::new(),
        truncated: false,
    };
    let mut search = Search::new(graph);
    search.run(graph, Direction::Forward, [State::control(from)]);

    let reached = if let Node::Mailbox(_) = graph.node(to) {
        [Level::Full, Level::Read, Level::Send]
            .into_iter()
            .find_map(|level| {
                let ends = nearest(&search, Hold::giving(level), to);
                (!ends.is_empty()).then_some((Some(level), ends))
            })
    } else {
        let end = State::control(to);
        search.was_reached(end).then(|| (None, vec![end]))
    };
    let Some((level, ends)) = reached else {
        return unreached;
    };

    let mut paths = Vec::new();
    let mut truncated = false;
    for end in ends {
        truncated = truncated || collect(graph, &search, end, &mut paths, limit, &name);
    }
    paths.sort_by_cached_key(|path| path.nodes().map(|n| graph.id(n)).collect::<Vec<_>>());
    PathAnswer {
        level,
        paths,
        truncated,
        ..unreached
    }
}

/// The states of `node` held one of `holds` at the smallest distance.
fn nearest(search: &Search, holds: &[Hold], node: NodeIndex) -> Vec<State> {
    let reached: Vec<(u32, State)> = holds
        .iter()
        .map(|&hold| State { node, hold })
        .filter_map(|state| search.distance(state).map(|d| (d, state)))
        .collect();
    let Some(shortest) = reached.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    reached
        .into_iter()
        .filter(|(d, _)| *d == shortest)
        .map(|(_, state)| state)
        .collect()
}

/// Walks back from `end` along edges that keep to shortest distances,
/// adding each path found (up to `limit`); returns whether paths were left
/// out. Iterative, so a long chain (deeply nested groups) cannot exhaust
/// the stack.
fn collect(
    graph: &AccessGraph,
    search: &Search,
    end: State,
    paths: &mut Vec<Path>,
    limit: usize,
    name: &impl Fn(NodeIndex) -> String,
) -> bool {
    // The predecessors of `state` one step nearer the start, the first by
    // name last (they are taken from the end).
    let nearer = |state: State| {
        let distance = search.distance(state).unwrap_or(0);
        let mut previous = Vec::new();
        if distance > 0 {
            predecessors(graph, state, |edge, before| {
                if search.distance(before) == Some(distance - 1) {
                    previous.push((edge, before));
                }
            });
        }
        previous.sort_by_cached_key(|&(edge, before)| {
            std::cmp::Reverse((name(before.node), before.hold, edge.index()))
        });
        previous
    };
    let mut add = |start: NodeIndex, hops: &[Hop]| {
        if paths.len() == limit {
            return false;
        }
        paths.push(Path {
            start,
            hops: hops.iter().rev().copied().collect(),
        });
        true
    };
    if search.distance(end) == Some(0) {
        return !add(end.node, &[]);
    }
    // Each frame: a state on the way back, and its predecessors not yet
    // tried; `hops[i]` leads from frame i + 1's state into frame i's.
    let mut frames = vec![(end, nearer(end))];
    let mut hops: Vec<Hop> = Vec::new();
    while let Some((state, untried)) = frames.last_mut() {
        let state = *state;
        let Some((edge, before)) = untried.pop() else {
            frames.pop();
            hops.pop();
            continue;
        };
        hops.push(Hop {
            edge,
            node: state.node,
        });
        if search.distance(before) == Some(0) {
            if !add(before.node, &hops) {
                return true;
            }
            hops.pop();
        } else {
            frames.push((before, nearer(before)));
        }
    }
    false
}
