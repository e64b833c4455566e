//! The attacker's state graph as a flow network: the states and
//! transitions of [`crate::query::walk`] that lie between the sources and
//! the targets, with each change a finite arc and everything no change can
//! remove unbounded.
//!
//! - A super-source leads to each source's control state: at the cost of
//!   MFA for an account whose password could be guessed, unbounded for a
//!   credential already held.
//! - Each transition crosses one graph edge. The change that removes the
//!   edge removes every transition over it, so when several states can
//!   cross one edge (a mailbox held in full or by its new mail crosses its
//!   forwarding and recovery edges) they all lead into one node for the
//!   edge, and that node's one arc to the edge's target state costs the
//!   change. An owner edge, a mailbox's own sign-in, or a forbidden kind of
//!   change is unbounded.
//! - A generic mailbox's credential is split in two (in and out) joined by
//!   the cost of blocking its sign-in, so the change removes the node.
//! - Every state of a target mailbox leads to the super-sink.
//!
//! Only states reached from the sources that also lead to a target are
//! built, so the network is the part of the graph that matters.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::change::Canonical;
use super::flow::{NO_TAG, Network, NetworkBuilder, UNBOUNDED};
use super::{Change, Costs, Scope};
use crate::FastMap;
use crate::graph::{AccessGraph, Node};
use crate::query::walk::{Direction, Hold, Search, State, successors};
use crate::query::{Hop, Path};

const NONE: u32 = u32::MAX;

/// What a node of the network stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Source,
    Sink,
    /// A state of the attacker (for a split credential, its "in" half).
    State(State),
    /// The "out" half of a split mailbox credential.
    Out(State),
    /// One of the two nodes of a change (every state crossing one of its
    /// edges leads into the first; the second leads to the edges' targets);
    /// holds one of those states, to describe a path through it.
    Edge(State),
}

/// A change the network can make: its arc and cost.
#[derive(Debug, Clone, Copy)]
pub struct Unit {
    pub change: Change,
    pub cost: u32,
    /// The slot of the arc the change removes.
    pub slot: usize,
}

pub struct StateNetwork<'g> {
    pub graph: &'g AccessGraph,
    pub net: Network,
    pub source: u32,
    pub sink: u32,
    pub roles: Vec<Role>,
    pub units: Vec<Unit>,
    /// (slot of the arc to the sink, the target mailbox), for every state
    /// of a target that lies on a path.
    pub sink_arcs: Vec<(usize, NodeIndex)>,
    /// The forward search from the sources, for shortest paths to a
    /// change.
    pub forward: Search,
}

fn key(state: State) -> usize {
    state.node.index() * 4 + state.hold as usize
}

impl<'g> StateNetwork<'g> {
    pub fn build(graph: &'g AccessGraph, scope: &Scope, costs: &Costs) -> StateNetwork<'g> {
        let mut forward = Search::new(graph);
        forward.run(
            graph,
            Direction::Forward,
            scope.sources.iter().map(|s| State::control(s.node)),
        );
        let mut backward = Search::new(graph);
        backward.run(
            graph,
            Direction::Backward,
            scope.targets.iter().flat_map(|&node| {
                [Hold::Control, Hold::ReadMail, Hold::ReadFolder, Hold::Send]
                    .into_iter()
                    .map(move |hold| State { node, hold })
            }),
        );
        let mut is_target = vec![false; graph.node_count()];
        for &target in &scope.targets {
            is_target[target.index()] = true;
        }
        let mut named = vec![false; graph.node_count()];
        for node in scope.named() {
            named[node.index()] = true;
        }
        let split = |state: State| {
            matches!(graph.node(state.node), Node::MailboxCredential(_))
                && !named[state.node.index()]
        };

        let mut builder = NetworkBuilder::default();
        let source = builder.node();
        let sink = builder.node();
        let mut roles = vec![Role::Source, Role::Sink];
        let mut units: Vec<(Change, u32, u32)> = Vec::new();
        let mut entry = vec![NONE; graph.node_count() * 4];
        let mut relevant = Vec::new();
        for state in forward.reached() {
            if !backward.was_reached(state) {
                continue;
            }
            relevant.push(state);
            let node = builder.node();
            roles.push(Role::State(state));
            entry[key(state)] = node;
            if split(state) {
                let out = builder.node();
                roles.push(Role::Out(state));
                let cost = costs.of(super::ChangeKind::BlockSignIn);
                let arc = builder.arc(node, out, cost.map_or(UNBOUNDED, u64::from), NO_TAG);
                if let Some(cost) = cost {
                    let change = Change::BlockSignIn {
                        credential: state.node,
                    };
                    units.push((change, cost, arc));
                }
            }
        }
        let exit = |state: State| entry[key(state)] + u32::from(split(state));

        for s in &scope.sources {
            let state = State::control(s.node);
            let to = entry[key(state)];
            if to == NONE {
                continue;
            }
            let cost = match graph.node(s.node) {
                Node::Account(_) if s.removable => costs.of(super::ChangeKind::Mfa),
                _ => None,
            };
            let arc = builder.arc(source, to, cost.map_or(UNBOUNDED, u64::from), NO_TAG);
            if let Some(cost) = cost {
                units.push((Change::EnrolMfa { account: s.node }, cost, arc));
            }
        }

        // One pair of nodes per change, joined by its cost: every state
        // that crosses one of the change's edges leads into the first, the
        // second leads to each edge's target state. All the edges of a
        // change leave one node, so no path is made up by the joining.
        let canonical = Canonical::of(graph.model());
        let mut change_nodes: FastMap<Change, (u32, u32)> = FastMap::default();
        let mut sink_arcs = Vec::new();
        for &state in &relevant {
            let from = exit(state);
            successors(graph, state, |edge, to| {
                let head = entry[key(to)];
                if head == NONE {
                    return;
                }
                let tag = edge.index() as u32;
                let change = Change::of_edge(graph, edge).map(|c| canonical.change(c));
                match change.and_then(|c| Some((c, costs.of(c.kind())?))) {
                    Some((change, cost)) => {
                        let (into, out) = *change_nodes.entry(change).or_insert_with(|| {
                            let into = builder.node();
                            let out = builder.node();
                            roles.push(Role::Edge(state));
                            roles.push(Role::Edge(state));
                            let arc = builder.arc(into, out, u64::from(cost), NO_TAG);
                            units.push((change, cost, arc));
                            (into, out)
                        });
                        builder.arc(from, into, UNBOUNDED, NO_TAG);
                        builder.arc(out, head, UNBOUNDED, tag);
                    }
                    None => {
                        builder.arc(from, head, UNBOUNDED, tag);
                    }
                }
            });
            if is_target[state.node.index()] && matches!(graph.node(state.node), Node::Mailbox(_)) {
                let arc = builder.arc(entry[key(state)], sink, UNBOUNDED, NO_TAG);
                sink_arcs.push((arc, state.node));
            }
        }

        let net = builder.build();
        let units = units
            .into_iter()
            .map(|(change, cost, arc)| Unit {
                change,
                cost,
                slot: net.arc(arc),
            })
            .collect();
        let sink_arcs = sink_arcs
            .into_iter()
            .map(|(arc, mailbox)| (net.arc(arc), mailbox))
            .collect();
        StateNetwork {
            graph,
            net,
            source,
            sink,
            roles,
            units,
            sink_arcs,
            forward,
        }
    }

    /// A graph path along network slots that start at the super-source or
    /// at a state: the states' nodes and the edges the slots' tags name.
    pub fn path_from(&self, start: NodeIndex, slots: &[usize]) -> Path {
        let mut path = Path {
            start,
            hops: Vec::new(),
        };
        self.extend(&mut path, slots);
        path
    }

    /// Appends the edges of `slots` to `path`.
    pub fn extend(&self, path: &mut Path, slots: &[usize]) {
        for &slot in slots {
            let tag = self.net.tag(slot);
            if tag == NO_TAG {
                continue;
            }
            // The state the arc leads to names the node: a scope's one
            // edge leads to each of its members.
            let node = self
                .state(self.net.head(slot))
                .expect("a tagged arc leads to a state")
                .node;
            path.hops.push(Hop {
                edge: EdgeIndex::new(tag as usize),
                node,
            });
        }
    }

    /// The graph node and search state a network node stands for, if any.
    pub fn state(&self, node: u32) -> Option<State> {
        match self.roles[node as usize] {
            Role::State(state) | Role::Out(state) | Role::Edge(state) => Some(state),
            Role::Source | Role::Sink => None,
        }
    }

    /// A shortest path from a source to the tail of `slot`, as the forward
    /// search found it; for an arc from the super-source, the empty path at
    /// the source it leads to.
    pub fn path_to_tail(&self, slot: usize) -> Path {
        let tail = self.net.tail(slot);
        match self.state(tail) {
            Some(state) => self.forward.path(state, Direction::Forward),
            None => {
                let head = self
                    .state(self.net.head(slot))
                    .expect("an arc from the super-source leads to a state");
                Path {
                    start: head.node,
                    hops: Vec::new(),
                }
            }
        }
    }

    /// Whether the network node is a state of a mailbox, and which.
    pub fn mailbox_state(&self, node: u32) -> Option<State> {
        match self.roles[node as usize] {
            Role::State(state) if matches!(self.graph.node(state.node), Node::Mailbox(_)) => {
                Some(state)
            }
            _ => None,
        }
    }
}
