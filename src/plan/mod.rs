//! Remediation: the cheapest set of changes that leaves no path from the
//! credentials an attacker is likely to hold to the mailboxes that must be
//! protected, and what each change closes.
//!
//! The plan is exact: a minimum cut of the attacker's state graph (the
//! states and transitions of [`crate::query::walk`], built into a flow
//! network by [`network`]) found by maximum flow ([`flow`]). Mailboxes that
//! a source reaches without crossing anything a change may remove (its own
//! mailbox, for a credential already held) cannot be protected by any
//! change; they are listed as such and left out of the cut.
//!
//! [`budget`] picks the K changes that remove the most exposure; [`spec`]
//! names changes by id for files and JSON and applies them to a model;
//! [`what_if`] compares the answers before and after.

mod budget;
mod change;
mod costs;
mod dominators;
pub mod flow;
pub mod network;
mod scope;
pub mod spec;
pub mod what_if;

pub use budget::{Budget, BudgetStep};
pub use change::{Change, ChangeKind};
pub use costs::Costs;
pub use scope::{
    Scope, Source, all_sources, default_targets, likely_sources, named_sources, named_targets,
};

use std::collections::{BTreeMap, HashSet};

use petgraph::graph::NodeIndex;

use crate::graph::AccessGraph;
use crate::query::walk::Hold;
use crate::query::{Level, Path};
use flow::{ROOT, UNBOUNDED};
use network::StateNetwork;

/// A mailbox reached, at its strongest level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    pub mailbox: NodeIndex,
    pub level: Level,
}

/// A target that no allowed change protects, and a path that shows why:
/// every step of it is something no change may remove.
#[derive(Debug, Clone)]
pub struct Unprotectable {
    pub mailbox: NodeIndex,
    pub path: Path,
}

/// One change of the plan and what it closes.
#[derive(Debug, Clone)]
pub struct PlannedChange {
    pub change: Change,
    pub cost: u32,
    /// The target mailboxes that would be reached again if this change
    /// alone were left out of the plan, at the level they would be reached.
    pub closes: Vec<Reached>,
    /// People whose data those mailboxes hold (mailboxes read, not only
    /// sent as).
    pub people: u64,
    /// A shortest path from a source through the change to a target.
    pub path: Path,
}

/// The answer of `mailgraph plan`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub sources: usize,
    pub targets: usize,
    /// Targets the sources reach now, strongest first, then by id.
    pub exposed: Vec<Reached>,
    /// Exposed targets no allowed change protects, by id.
    pub unprotectable: Vec<Unprotectable>,
    /// The changes, choke points first (most mailboxes closed, then most
    /// people, then by kind and id).
    pub changes: Vec<PlannedChange>,
    /// The plan's total cost: the minimum possible.
    pub cost: u64,
}

impl Plan {
    /// People whose data sits in the exposed targets (read, not only sent
    /// as).
    pub fn people_exposed(&self, graph: &AccessGraph) -> u64 {
        people(graph, &self.exposed)
    }
}

/// People whose data the mailboxes hold, for those exposed to reading.
pub fn people(graph: &AccessGraph, reached: &[Reached]) -> u64 {
    reached
        .iter()
        .filter(|r| r.level.reads())
        .filter_map(|r| graph.mailbox_record(r.mailbox))
        .map(|m| u64::from(m.data_subjects))
        .sum()
}

/// Each mailbox of `states` at its strongest level, sorted by level then
/// id.
fn strongest(graph: &AccessGraph, states: impl Iterator<Item = (NodeIndex, Hold)>) -> Vec<Reached> {
    let mut best: BTreeMap<NodeIndex, Level> = BTreeMap::new();
    for (mailbox, hold) in states {
        let level = hold.level();
        best.entry(mailbox)
            .and_modify(|kept| *kept = (*kept).min(level))
            .or_insert(level);
    }
    let mut reached: Vec<Reached> = best
        .into_iter()
        .map(|(mailbox, level)| Reached { mailbox, level })
        .collect();
    reached.sort_by(|a, b| (a.level, graph.id(a.mailbox)).cmp(&(b.level, graph.id(b.mailbox))));
    reached
}

/// The minimum-cost plan for `scope` under `costs`.
pub fn plan(graph: &AccessGraph, scope: &Scope, costs: &Costs) -> Plan {
    let mut network = StateNetwork::build(graph, scope, costs);
    solve(&mut network, scope)
}

/// The plan, and the greedy choice of at most `max_changes` of the
/// changes that remove the most exposure.
pub fn plan_with_budget(
    graph: &AccessGraph,
    scope: &Scope,
    costs: &Costs,
    max_changes: usize,
) -> (Plan, Budget) {
    let mut network = StateNetwork::build(graph, scope, costs);
    let plan = solve(&mut network, scope);
    let budget = budget::greedy(&network, &plan, max_changes);
    (plan, budget)
}

fn solve(network: &mut StateNetwork<'_>, scope: &Scope) -> Plan {
    let graph = network.graph;

    let exposed = strongest(
        graph,
        network
            .sink_arcs
            .iter()
            .filter_map(|&(slot, _)| network.state(network.net.tail(slot)))
            .map(|state| (state.node, state.hold)),
    );

    // Targets reached over unbounded arcs only: no change protects them.
    let unbounded = network.net.tree(network.source, |slot| {
        network.net.capacity(slot) >= UNBOUNDED
    });
    let mut unprotectable: BTreeMap<NodeIndex, Path> = BTreeMap::new();
    for &(slot, mailbox) in &network.sink_arcs {
        let tail = network.net.tail(slot);
        if unbounded[tail as usize] != flow::UNREACHED && !unprotectable.contains_key(&mailbox) {
            let slots = network.net.tree_path(&unbounded, tail);
            let start = network
                .state(network.net.head(slots[0]))
                .expect("the super-source leads to states")
                .node;
            unprotectable.insert(mailbox, network.path_from(start, &slots));
        }
    }
    let sink_arcs = network.sink_arcs.clone();
    for &(slot, mailbox) in &sink_arcs {
        if unprotectable.contains_key(&mailbox) {
            network.net.set_capacity(slot, 0);
        }
    }

    let cost = network.net.max_flow(network.source, network.sink);
    let side = network.net.residual_side(network.source);
    let chosen: Vec<usize> = (0..network.units.len())
        .filter(|&i| {
            let slot = network.units[i].slot;
            side[network.net.tail(slot) as usize] && !side[network.net.head(slot) as usize]
        })
        .collect();
    let cut_slots: HashSet<usize> = chosen.iter().map(|&i| network.units[i].slot).collect();
    let changes = attribute(network, &chosen, &cut_slots, &unprotectable);
    let mut unprotectable: Vec<Unprotectable> = unprotectable
        .into_iter()
        .map(|(mailbox, path)| Unprotectable { mailbox, path })
        .collect();
    unprotectable.sort_by(|a, b| graph.id(a.mailbox).cmp(graph.id(b.mailbox)));
    Plan {
        sources: scope.sources.len(),
        targets: scope.targets.len(),
        exposed,
        unprotectable,
        changes,
        cost,
    }
}

/// What each chosen change closes: the targets reached from the far end of
/// its arc with the rest of the plan applied (so the targets that leaving
/// this change out would open again), and a path through it.
fn attribute(
    network: &StateNetwork<'_>,
    chosen: &[usize],
    cut: &HashSet<usize>,
    unprotectable: &BTreeMap<NodeIndex, Path>,
) -> Vec<PlannedChange> {
    let graph = network.graph;
    let net = &network.net;
    let mut stamp = vec![0u32; net.node_count()];
    let mut entry = vec![0u32; net.node_count()];
    let mut queue: Vec<u32> = Vec::new();
    let mut is_target = vec![false; net.node_count()];
    for &(slot, _) in &network.sink_arcs {
        is_target[net.tail(slot) as usize] = true;
    }
    let mut changes = Vec::with_capacity(chosen.len());
    for (generation, &i) in chosen.iter().enumerate() {
        let generation = generation as u32 + 1;
        let unit = network.units[i];
        let head = net.head(unit.slot);
        queue.clear();
        queue.push(head);
        stamp[head as usize] = generation;
        entry[head as usize] = ROOT;
        let mut states = Vec::new();
        let mut first_target = None;
        let mut next = 0;
        while next < queue.len() {
            let node = queue[next];
            next += 1;
            if let Some(state) = network.mailbox_state(node)
                && is_target[node as usize]
                && !unprotectable.contains_key(&state.node)
            {
                states.push((state.node, state.hold));
                first_target.get_or_insert(node);
            }
            for slot in net.slots(node) {
                let to = net.head(slot);
                if net.capacity(slot) == 0
                    || to == network.sink
                    || cut.contains(&slot)
                    || stamp[to as usize] == generation
                {
                    continue;
                }
                stamp[to as usize] = generation;
                entry[to as usize] = slot as u32;
                queue.push(to);
            }
        }
        let closes = strongest(graph, states.into_iter());
        let mut path = network.path_to_tail(unit.slot);
        network.extend(&mut path, &[unit.slot]);
        if let Some(target) = first_target {
            let mut slots = Vec::new();
            let mut at = target;
            while entry[at as usize] != ROOT {
                let slot = entry[at as usize] as usize;
                slots.push(slot);
                at = net.tail(slot);
            }
            slots.reverse();
            network.extend(&mut path, &slots);
        }
        changes.push(PlannedChange {
            change: unit.change,
            cost: unit.cost,
            people: people(graph, &closes),
            closes,
            path,
        });
    }
    changes.sort_by(|a, b| {
        (b.closes.len(), b.people)
            .cmp(&(a.closes.len(), a.people))
            .then_with(|| order_key(graph, a.change).cmp(&order_key(graph, b.change)))
    });
    changes
}

/// A stable order among changes that close as much: kind, then the ids
/// they name.
pub fn order_key(graph: &AccessGraph, change: Change) -> (ChangeKind, &str, &str, Change) {
    (
        change.kind(),
        graph.id(change.subject(graph)),
        change.object(graph).map_or("", |node| graph.id(node)),
        change,
    )
}
