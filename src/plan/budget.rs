//! `--max-changes K`: the K changes that remove the most exposure, chosen
//! greedily, and the exposure they leave.
//!
//! Each step takes the change whose removal alone cuts off the most
//! exposed target mailboxes (then the most people), given the changes
//! already taken. What one change cuts off is what it dominates in the
//! state network (every path to it passes through the change), so one
//! dominator tree per step ([`super::dominators`]) scores every candidate
//! change at once: K steps cost K passes over the network.
//!
//! Greedy is not optimal in general: blocking paths is not submodular (two
//! parallel paths: neither change alone removes anything, both together
//! do), so no constant-factor bound holds. What holds: each step's gain
//! is exact, the exposure left is computed, not estimated, and when no
//! single change removes anything the step takes the minimum cut's next
//! change (choke points first), so K no smaller than the plan's size closes
//! everything the plan closes.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::NodeIndex;

use super::dominators::{self, Graph};
use super::network::StateNetwork;
use super::{Change, Plan, Reached, order_key, people, strongest};
use crate::query::walk::Hold;

/// One change taken, and what it removed.
#[derive(Debug, Clone)]
pub struct BudgetStep {
    pub change: Change,
    pub cost: u32,
    /// Target mailboxes no longer exposed once this change is made (after
    /// the earlier steps), at the level they were exposed.
    pub removes: Vec<Reached>,
    pub people: u64,
}

/// The answer to `--max-changes K`.
#[derive(Debug, Clone)]
pub struct Budget {
    pub max_changes: usize,
    pub steps: Vec<BudgetStep>,
    /// Targets still exposed after the steps (those no change protects
    /// included), strongest first.
    pub left: Vec<Reached>,
}

/// The dominator graph of a network: its nodes, a node in the middle of
/// each change's arc, and one node per protectable target mailbox.
struct Layout {
    graph: Graph,
    root: u32,
    /// First middle node; middle `first_middle + i` is unit `i`'s.
    first_middle: u32,
    first_marker: u32,
    markers: Vec<NodeIndex>,
}

impl Layout {
    fn of(network: &StateNetwork<'_>) -> Layout {
        let net = &network.net;
        let nodes = net.node_count() as u32;
        let first_middle = nodes;
        let first_marker = nodes + network.units.len() as u32;
        let unit_of: HashMap<usize, u32> = network
            .units
            .iter()
            .enumerate()
            .map(|(i, unit)| (unit.slot, i as u32))
            .collect();
        let mut marker_of: BTreeMap<NodeIndex, u32> = BTreeMap::new();
        let mut sink_mailbox: HashMap<usize, NodeIndex> = HashMap::new();
        for &(slot, mailbox) in &network.sink_arcs {
            if net.capacity(slot) > 0 {
                marker_of.entry(mailbox).or_insert(0);
                sink_mailbox.insert(slot, mailbox);
            }
        }
        let markers: Vec<NodeIndex> = marker_of.keys().copied().collect();
        for (i, marker) in marker_of.values_mut().enumerate() {
            *marker = first_marker + i as u32;
        }
        let mut arcs = Vec::new();
        for node in 0..nodes {
            for slot in net.slots(node) {
                if net.capacity(slot) == 0 {
                    continue;
                }
                let head = net.head(slot);
                if head == network.sink {
                    if let Some(mailbox) = sink_mailbox.get(&slot) {
                        arcs.push((node, marker_of[mailbox]));
                    }
                } else if let Some(&unit) = unit_of.get(&slot) {
                    arcs.push((node, first_middle + unit));
                    arcs.push((first_middle + unit, head));
                } else {
                    arcs.push((node, head));
                }
            }
        }
        let total = first_marker as usize + markers.len();
        Layout {
            graph: Graph::new(total, &arcs),
            root: network.source,
            first_middle,
            first_marker,
            markers,
        }
    }
}

/// The greedy choice of at most `max_changes` changes.
pub fn greedy(network: &StateNetwork<'_>, plan: &Plan, max_changes: usize) -> Budget {
    let graph = network.graph;
    let layout = Layout::of(network);
    let units = &network.units;
    let mut taken = vec![false; units.len()];
    let middle_alive = |taken: &[bool], node: u32| {
        node < layout.first_middle
            || node >= layout.first_marker
            || !taken[(node - layout.first_middle) as usize]
    };
    // What the sources reach with the changes taken so far: the tree, and
    // each target mailbox at its strongest level.
    let exposure = |taken: &[bool]| {
        let tree =
            dominators::dominators(&layout.graph, layout.root, |node| middle_alive(taken, node));
        let reached = strongest(
            graph,
            (0..network.net.node_count() as u32)
                .filter(|&node| tree.idom[node as usize] != u32::MAX)
                .filter_map(|node| {
                    let state = network.mailbox_state(node)?;
                    Some((state.node, state.hold))
                })
                .filter(|(mailbox, _)| layout.markers.binary_search(mailbox).is_ok()),
        );
        (tree, reached)
    };
    let (mut tree, mut reached) = exposure(&taken);
    let mut steps = Vec::new();
    let mut fallback = plan.changes.iter().map(|c| c.change);
    while steps.len() < max_changes {
        let level_of: HashMap<NodeIndex, Hold> = reached
            .iter()
            .map(|r| {
                let hold = if r.level.reads() {
                    Hold::ReadMail
                } else {
                    Hold::Send
                };
                (r.mailbox, hold)
            })
            .collect();
        let marker = |node: u32| {
            (node >= layout.first_marker)
                .then(|| layout.markers[(node - layout.first_marker) as usize])
        };
        let mailboxes = tree.subtree_sums(|node| u64::from(marker(node).is_some()));
        let people_weight = tree.subtree_sums(|node| {
            marker(node)
                .filter(|m| level_of.get(m) == Some(&Hold::ReadMail))
                .and_then(|m| graph.mailbox_record(m))
                .map_or(0, |m| u64::from(m.data_subjects))
        });
        let best = (0..units.len())
            .filter(|&i| !taken[i])
            .map(|i| (i, layout.first_middle as usize + i))
            .filter(|&(_, middle)| tree.idom[middle] != u32::MAX)
            .filter(|&(_, middle)| mailboxes[middle] > 0 || people_weight[middle] > 0)
            .min_by(|&(a, ma), &(b, mb)| {
                (mailboxes[mb], people_weight[mb])
                    .cmp(&(mailboxes[ma], people_weight[ma]))
                    .then(units[a].cost.cmp(&units[b].cost))
                    .then_with(|| {
                        order_key(graph, units[a].change).cmp(&order_key(graph, units[b].change))
                    })
            })
            .map(|(i, _)| i);
        let choice = best.or_else(|| {
            fallback.find_map(|change| {
                (0..units.len()).find(|&i| !taken[i] && units[i].change == change)
            })
        });
        let Some(choice) = choice else {
            break;
        };
        taken[choice] = true;
        let before = reached;
        (tree, reached) = exposure(&taken);
        let still: std::collections::HashSet<NodeIndex> =
            reached.iter().map(|r| r.mailbox).collect();
        let removes: Vec<Reached> = before
            .into_iter()
            .filter(|r| !still.contains(&r.mailbox))
            .collect();
        steps.push(BudgetStep {
            change: units[choice].change,
            cost: units[choice].cost,
            people: people(graph, &removes),
            removes,
        });
    }
    let mut left = reached;
    left.extend(plan.unprotectable.iter().map(|u| Reached {
        mailbox: u.mailbox,
        level: crate::query::Level::Full,
    }));
    left.sort_by(|a, b| (a.level, graph.id(a.mailbox)).cmp(&(b.level, graph.id(b.mailbox))));
    Budget {
        max_changes,
        steps,
        left,
    }
}
