//! The access model's rules as state transitions, and the breadth-first
//! search every query runs on them.
//!
//! A state is a node and what the attacker holds of it. Principals
//! (accounts, groups, mailbox credentials) are only ever held as
//! [`Hold::Control`]. A mailbox is held in full (`Control`), by reading its
//! new mail (`ReadMail`: its Inbox, or forwarded copies), by reading another
//! folder (`ReadFolder`), or by sending as it (`Send`).
//!
//! The rules:
//! - a controlled principal crosses every edge leaving it, gaining what the
//!   edge gives ([`Gain`]): its own mailboxes, its grants, its groups;
//! - a mailbox held in full or by its new mail crosses forwarding (copies of
//!   the forwarding mailbox's mail) and recovery (the account whose password
//!   resets it receives) edges;
//! - a mailbox held by a non-mail folder or for sending crosses nothing;
//! - a scope (every mailbox, a group's mailboxes, every application) is
//!   held the way the edge into it gives (an application's `Mail.Read`
//!   holds "every mailbox" by its new mail), and passes that hold on to
//!   each of its members. Members are not stored as edges: the walk lists
//!   them when it reaches the scope (forward), and asks which scopes hold a
//!   mailbox (backward), so an organisation-wide holder costs one edge and
//!   one expansion, whoever else holds the same scope;
//! - a disabled account cannot sign in: it is never held (not as a root,
//!   not through a recovery edge), so its rights are dormant
//!   ([`AccessGraph::is_dormant`]).
//!
//! Nothing leaves a mailbox towards the mailboxes its *owner* was delegated:
//! the owner edge points into the mailbox, so delegation alone never chains.

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::tree::PathTree;
use super::{Hop, Level, Path};
use crate::graph::{AccessGraph, Gain, Node};

/// What an attacker holds of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hold {
    /// A principal controlled, or a mailbox held in full.
    Control = 0,
    /// A mailbox's new mail: enough to receive its password resets.
    ReadMail = 1,
    /// One non-mail folder of a mailbox (a calendar).
    ReadFolder = 2,
    /// Sending as a mailbox.
    Send = 3,
}

const HOLDS: [Hold; 4] = [Hold::Control, Hold::ReadMail, Hold::ReadFolder, Hold::Send];

impl Hold {
    /// What crossing an edge that gives `gain` holds of its target.
    fn from_gain(gain: Gain) -> Option<Hold> {
        match gain {
            Gain::Full | Gain::Control => Some(Hold::Control),
            Gain::ReadMail => Some(Hold::ReadMail),
            Gain::ReadFolder => Some(Hold::ReadFolder),
            Gain::Send => Some(Hold::Send),
            Gain::Nothing => None,
        }
    }

    /// The exposure level of a mailbox held this way.
    pub fn level(self) -> Level {
        match self {
            Hold::Control => Level::Full,
            Hold::ReadMail | Hold::ReadFolder => Level::Read,
            Hold::Send => Level::Send,
        }
    }

    /// The holds of a mailbox that give `level`.
    pub fn giving(level: Level) -> &'static [Hold] {
        match level {
            Level::Full => &[Hold::Control],
            Level::Read => &[Hold::ReadMail, Hold::ReadFolder],
            Level::Send => &[Hold::Send],
        }
    }

    /// Whether holding a mailbox this way lets the attacker go further.
    fn carries_on(self) -> bool {
        matches!(self, Hold::Control | Hold::ReadMail)
    }
}

/// A node and what is held of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct State {
    pub node: NodeIndex,
    pub hold: Hold,
}

impl State {
    pub fn control(node: NodeIndex) -> State {
        State {
            node,
            hold: Hold::Control,
        }
    }

    fn key(self) -> usize {
        self.node.index() * 4 + self.hold as usize
    }

    fn from_key(key: u32) -> State {
        State {
            node: NodeIndex::new(key as usize / 4),
            hold: HOLDS[key as usize % 4],
        }
    }
}

/// Calls `step` with every edge an attacker holding `state` can cross and
/// the state it leads to.
pub fn successors(graph: &AccessGraph, state: State, mut step: impl FnMut(EdgeIndex, State)) {
    match graph.node(state.node) {
        Node::Mailbox(_) if !state.hold.carries_on() => return,
        Node::Scope(_) => {
            let edge = graph.scope_edge(state.node).expect("a scope has its edge");
            let hold = state.hold;
            graph.for_each_in_scope(state.node, |node| step(edge, State { node, hold }));
            return;
        }
        _ => {}
    }
    for (edge, target) in graph.out_edges(state.node) {
        if graph.is_dormant(target) {
            continue;
        }
        if let Some(hold) = Hold::from_gain(graph.gain(edge)) {
            step(edge, State { node: target, hold });
        }
    }
}

/// Calls `step` with every state from which one edge leads to `state`: the
/// reverse of [`successors`].
pub fn predecessors(graph: &AccessGraph, state: State, mut step: impl FnMut(EdgeIndex, State)) {
    graph.for_each_scope_of(state.node, |scope| {
        let edge = graph.scope_edge(scope).expect("a scope has its edge");
        step(
            edge,
            State {
                node: scope,
                hold: state.hold,
            },
        );
    });
    for (edge, source) in graph.in_edges(state.node) {
        if Hold::from_gain(graph.gain(edge)) != Some(state.hold) || graph.is_dormant(source) {
            continue;
        }
        step(edge, State::control(source));
        if matches!(graph.node(source), Node::Mailbox(_)) {
            step(
                edge,
                State {
                    node: source,
                    hold: Hold::ReadMail,
                },
            );
        }
    }
}

/// Which way a search runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From compromised credentials to what they reach.
    Forward,
    /// From a mailbox back to whoever reaches it.
    Backward,
}

const NONE: u32 = u32::MAX;

/// A reusable breadth-first search over states. Its arrays are sized to the
/// graph once and reset in constant time (a generation stamp), so running
/// it once per credential (the blast radius of all of them) costs only what
/// each search visits.
pub struct Search {
    stamp: Vec<u32>,
    /// The state each visited state was reached from (forward) or leads to
    /// (backward), and the edge between them; `NONE` for roots.
    link_state: Vec<u32>,
    link_edge: Vec<u32>,
    distance: Vec<u32>,
    generation: u32,
    /// Visited states, in the order they were reached (nearest first).
    order: Vec<u32>,
}

impl Search {
    pub fn new(graph: &AccessGraph) -> Search {
        let states = graph.node_count() * 4;
        Search {
            stamp: vec![0; states],
            link_state: vec![0; states],
            link_edge: vec![0; states],
            distance: vec![0; states],
            generation: 0,
            order: Vec::new(),
        }
    }

    /// Runs a search from `roots`, forgetting the previous one. A dormant
    /// root (a disabled account) reaches nothing.
    pub fn run(
        &mut self,
        graph: &AccessGraph,
        direction: Direction,
        roots: impl IntoIterator<Item = State>,
    ) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.fill(0);
            self.generation = 1;
        }
        self.order.clear();
        for root in roots {
            if graph.is_dormant(root.node) {
                continue;
            }
            self.visit(root, NONE, NONE, 0);
        }
        let mut next = 0;
        while next < self.order.len() {
            let current = self.order[next];
            next += 1;
            let state = State::from_key(current);
            let distance = self.distance[current as usize] + 1;
            let mut step = |edge: EdgeIndex, to: State| {
                self.visit(to, current, edge.index() as u32, distance);
            };
            match direction {
                Direction::Forward => successors(graph, state, &mut step),
                Direction::Backward => predecessors(graph, state, &mut step),
            }
        }
    }

    fn visit(&mut self, state: State, link_state: u32, link_edge: u32, distance: u32) {
        let key = state.key();
        if self.stamp[key] == self.generation {
            return;
        }
        self.stamp[key] = self.generation;
        self.link_state[key] = link_state;
        self.link_edge[key] = link_edge;
        self.distance[key] = distance;
        self.order.push(key as u32);
    }

    /// Every state the last search reached, nearest first.
    pub fn reached(&self) -> impl Iterator<Item = State> + '_ {
        self.order.iter().map(|&key| State::from_key(key))
    }

    pub fn was_reached(&self, state: State) -> bool {
        self.stamp[state.key()] == self.generation
    }

    /// The number of edges from the nearest root, if reached.
    pub fn distance(&self, state: State) -> Option<u32> {
        self.was_reached(state).then(|| self.distance[state.key()])
    }

    /// Adds to `tree` the shortest path of the last (forward) search to
    /// `state`, sharing the steps already there (`recorded` maps a state's
    /// key to its step), and returns the step of `state`. Costs only the
    /// steps not yet recorded.
    pub fn record(
        &self,
        state: State,
        tree: &mut PathTree,
        recorded: &mut HashMap<u32, u32>,
    ) -> u32 {
        // The states from `state` back to the first one already recorded.
        let mut pending = Vec::new();
        let mut key = state.key() as u32;
        let mut known = None;
        loop {
            if let Some(&step) = recorded.get(&key) {
                known = Some(step);
                break;
            }
            pending.push(key);
            if self.link_state[key as usize] == NONE {
                break;
            }
            key = self.link_state[key as usize];
        }
        let mut from = known;
        for &key in pending.iter().rev() {
            let edge = self.link_edge[key as usize];
            let step = tree.push(
                State::from_key(key).node,
                (edge != NONE).then(|| EdgeIndex::new(edge as usize)),
                from,
            );
            recorded.insert(key, step);
            from = Some(step);
        }
        from.expect("a reached state has a step")
    }

    /// A shortest path of the last search through `state`: for a forward
    /// search, from a root to `state`; for a backward one, from `state` to a
    /// root. `state` must have been reached.
    pub fn path(&self, state: State, direction: Direction) -> Path {
        let mut key = state.key() as u32;
        let mut chain = vec![(state.node, NONE)];
        while self.link_state[key as usize] != NONE {
            let edge = self.link_edge[key as usize];
            key = self.link_state[key as usize];
            chain.push((State::from_key(key).node, edge));
        }
        // `chain` runs from `state` towards the root; each entry's edge joins
        // it to the entry before.
        match direction {
            Direction::Forward => {
                chain.reverse();
                // Now root first; each edge joins an entry to the one after.
                let start = chain[0].0;
                let hops = chain
                    .windows(2)
                    .map(|pair| Hop {
                        edge: EdgeIndex::new(pair[0].1 as usize),
                        node: pair[1].0,
                    })
                    .collect();
                Path { start, hops }
            }
            Direction::Backward => {
                let start = chain[0].0;
                let hops = chain
                    .iter()
                    .skip(1)
                    .map(|&(node, edge)| Hop {
                        edge: EdgeIndex::new(edge as usize),
                        node,
                    })
                    .collect();
                Path { start, hops }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, AdminRole, Mailbox, MailboxKind, Model};

    /// `accounts` accounts with a mailbox each, the first `holders` of them
    /// holding an organisation-wide admin role.
    fn organisation(accounts: usize, holders: usize) -> AccessGraph {
        let mut model = Model::default();
        for i in 0..accounts {
            model.accounts.push(Account {
                id: format!("a{i}"),
                name: String::new(),
                role: String::new(),
                unit: String::new(),
                contractor: false,
                mfa: false,
                password: Default::default(),
                enabled: true,
            });
            model.mailboxes.push(Mailbox {
                id: format!("a{i}@example.org"),
                name: String::new(),
                kind: MailboxKind::Personal,
                owner: Some(format!("a{i}")),
                controller: None,
                data_subjects: 0,
                sensitivity: Default::default(),
                sign_in: false,
            });
        }
        for i in 0..holders {
            model.admin_roles.push(AdminRole {
                name: "Exchange Administrator".into(),
                holder: format!("a{i}"),
                scope: Default::default(),
                gives: Default::default(),
                source: None,
            });
        }
        AccessGraph::build(model)
    }

    #[test]
    fn id_rank_orders_nodes_as_their_ids_do() {
        let graph = organisation(3_000, 3);
        let mut by_rank: Vec<NodeIndex> = graph.graph().node_indices().collect();
        by_rank.sort_by_key(|&node| graph.id_rank(node));
        let mut by_id: Vec<NodeIndex> = graph.graph().node_indices().collect();
        by_id.sort_by(|&a, &b| graph.id(a).cmp(graph.id(b)).then(a.cmp(&b)));
        assert_eq!(by_rank, by_id);
    }

    #[test]
    fn organisation_wide_holders_cost_one_edge_each_and_one_expansion() {
        let (accounts, holders) = (20_000, 100);
        let graph = organisation(accounts, holders);
        // One owner edge per mailbox, one edge per holder, one for the scope.
        assert_eq!(graph.graph().edge_count(), accounts + holders + 1);
        assert_eq!(graph.node_count(), 2 * accounts + 1);

        // From every holder at once, each mailbox is reached exactly once.
        let mut search = Search::new(&graph);
        let roots =
            (0..holders).map(|i| State::control(graph.principal(&format!("a{i}")).unwrap()));
        search.run(&graph, Direction::Forward, roots);
        let mailbox_states = search
            .reached()
            .filter(|state| matches!(graph.node(state.node), Node::Mailbox(_)))
            .count();
        assert_eq!(mailbox_states, accounts);
        assert_eq!(search.reached().count(), holders + 1 + accounts);

        // Backward from one mailbox: its owner and every holder, through
        // the one scope, without an edge per mailbox.
        let target = graph.mailbox("a19999@example.org").unwrap();
        search.run(&graph, Direction::Backward, [State::control(target)]);
        let credentials = search
            .reached()
            .filter(|state| graph.node(state.node).is_credential())
            .count();
        assert_eq!(credentials, holders + 1);
    }
}
