//! The edges that explain a reach: every edge an attacker holding the
//! compromised credentials can cross, among the states that lead to a
//! credential taken over or a mailbox exposed.
//!
//! A reach keeps one shortest path per credential and mailbox, which is
//! what a table shows; a diagram of an incident must show more: each
//! compromised or taken-over credential with *all* its ways in (a clerk
//! whose own group reaches the committee mailbox is drawn with that group,
//! even when the mailbox's shortest path starts at a colleague). Edges into
//! a group that leads nowhere are left out. Linear in what the search
//! reaches.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::walk::{Direction, Search, State, successors};
use crate::graph::{AccessGraph, Node};

/// One edge crossed, between the nodes it joins (a scope's edge into a
/// member stands for many, so its ends are given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Crossing {
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub edge: EdgeIndex,
}

/// Every edge that explains what `sources` reach, each once, in a
/// deterministic order (by the search's order of their ends).
pub fn explaining_edges(graph: &AccessGraph, sources: &[NodeIndex]) -> Vec<Crossing> {
    let mut search = Search::new(graph);
    search.run(
        graph,
        Direction::Forward,
        sources.iter().map(|&node| State::control(node)),
    );
    let states: Vec<State> = search.reached().collect();
    let position: HashMap<State, usize> = states.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    // Every transition between reached states, and who leads into each.
    let mut transitions: Vec<(usize, usize, EdgeIndex)> = Vec::new();
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); states.len()];
    for (from, &state) in states.iter().enumerate() {
        successors(graph, state, |edge, next| {
            if let Some(&to) = position.get(&next) {
                into[to].push(transitions.len());
                transitions.push((from, to, edge));
            }
        });
    }
    // The states that lead to (or are) a credential or a mailbox.
    let answer = |state: State| {
        graph.node(state.node).is_credential() || matches!(graph.node(state.node), Node::Mailbox(_))
    };
    let mut useful = vec![false; states.len()];
    let mut queue: Vec<usize> = (0..states.len()).filter(|&i| answer(states[i])).collect();
    for &i in &queue {
        useful[i] = true;
    }
    while let Some(at) = queue.pop() {
        for &t in &into[at] {
            let from = transitions[t].0;
            if !useful[from] {
                useful[from] = true;
                queue.push(from);
            }
        }
    }
    let mut seen = HashSet::new();
    transitions
        .into_iter()
        .filter(|&(from, to, _)| useful[from] && useful[to])
        .map(|(from, to, edge)| Crossing {
            from: states[from].node,
            to: states[to].node,
            edge,
        })
        .filter(|crossing| seen.insert(*crossing))
        .collect()
}
