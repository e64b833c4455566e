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
/// mailbox or a principal); none when `from` does not reach it.
pub fn shortest_paths(
    graph: &AccessGraph,
    from: NodeIndex,
    to: NodeIndex,
    limit: usize,
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
        let mut hops = Vec::new();
        collect(
            graph,
            &search,
            end,
            &mut hops,
            &mut paths,
            limit,
            &mut truncated,
        );
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

/// Walks back from `state` along edges that keep to shortest distances,
/// adding each path found (up to `limit`).
fn collect(
    graph: &AccessGraph,
    search: &Search,
    state: State,
    hops: &mut Vec<Hop>,
    paths: &mut Vec<Path>,
    limit: usize,
    truncated: &mut bool,
) {
    let distance = search.distance(state).unwrap_or(0);
    if distance == 0 {
        if paths.len() == limit {
            *truncated = true;
        } else {
            paths.push(Path {
                start: state.node,
                hops: hops.iter().rev().copied().collect(),
            });
        }
        return;
    }
    let mut previous = Vec::new();
    predecessors(graph, state, |edge, before| {
        if search.distance(before) == Some(distance - 1) {
            previous.push((edge, before));
        }
    });
    for (edge, before) in previous {
        if *truncated {
            return;
        }
        hops.push(Hop {
            edge,
            node: state.node,
        });
        collect(graph, search, before, hops, paths, limit, truncated);
        hops.pop();
    }
}
