//! Counts of what a model holds: nodes by kind, edges by kind, accounts by
//! role and by unit. The answer of `mailgraph stats`.

use std::collections::BTreeMap;

use crate::graph::{AccessGraph, Node};

/// Counts, each map sorted by name so output is stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub nodes: BTreeMap<&'static str, usize>,
    pub edges: BTreeMap<&'static str, usize>,
    pub mailboxes_by_kind: BTreeMap<&'static str, usize>,
    pub accounts_by_role: BTreeMap<String, usize>,
    pub accounts_by_unit: BTreeMap<String, usize>,
    pub controllers: usize,
    pub incidents: usize,
    pub accounts_without_mfa: usize,
}

impl Stats {
    pub fn of(graph: &AccessGraph) -> Stats {
        let model = graph.model();
        let mut nodes = BTreeMap::new();
        for node in graph.graph().node_weights() {
            *nodes.entry(node.kind()).or_insert(0) += 1;
        }
        let mut edges = BTreeMap::new();
        // A scope's own edge stands for its members, not for an edge.
        for edge in graph.graph().edge_weights() {
            if !matches!(edge, crate::graph::Edge::InScope(_)) {
                *edges.entry(edge.kind(model)).or_insert(0) += 1;
            }
        }
        let mut mailboxes_by_kind = BTreeMap::new();
        for mailbox in &model.mailboxes {
            *mailboxes_by_kind.entry(mailbox.kind.as_str()).or_insert(0) += 1;
        }
        let mut accounts_by_role = BTreeMap::new();
        let mut accounts_by_unit = BTreeMap::new();
        for account in &model.accounts {
            *accounts_by_role.entry(account.role.clone()).or_insert(0) += 1;
            *accounts_by_unit.entry(account.unit.clone()).or_insert(0) += 1;
        }
        Stats {
            nodes,
            edges,
            mailboxes_by_kind,
            accounts_by_role,
            accounts_by_unit,
            controllers: model.controllers.len(),
            incidents: model.incidents.len(),
            accounts_without_mfa: model.accounts.iter().filter(|a| !a.mfa).count(),
        }
    }

    pub fn accounts(&self) -> usize {
        self.nodes
            .get(Node::Account(0).kind())
            .copied()
            .unwrap_or(0)
    }
}
