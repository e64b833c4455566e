//! What a plan starts from and what it protects: the credentials an
//! attacker is likely to hold, and the mailboxes that must not be reached.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use crate::graph::{AccessGraph, Node};
use crate::model::Sensitivity;

/// A credential the attacker is assumed to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub node: NodeIndex,
    /// Whether a change can take this way in away: MFA for an account whose
    /// password could be guessed, blocked sign-in for a generic mailbox's
    /// credential. A credential named as compromised is held already: no
    /// change takes it back.
    pub removable: bool,
}

/// The credentials and the mailboxes of a plan.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub sources: Vec<Source>,
    /// Mailbox nodes to protect, in node order.
    pub targets: Vec<NodeIndex>,
}

impl Scope {
    /// The credentials named as compromised (held already).
    pub fn named(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.sources.iter().filter(|s| !s.removable).map(|s| s.node)
    }
}

/// The ways in of the 2017 and 2024 attacks: enabled accounts without MFA
/// (a guessed or sprayed password signs in), and generic mailboxes whose
/// own credential signs in (nobody's second factor guards them).
pub fn likely_sources(graph: &AccessGraph) -> Vec<Source> {
    every_credential(graph)
        .filter_map(|node| match graph.node(node) {
            Node::Account(_) => graph
                .account(node)
                .is_some_and(|a| a.enabled && !a.mfa)
                .then_some(Source {
                    node,
                    removable: true,
                }),
            Node::MailboxCredential(_) => Some(Source {
                node,
                removable: true,
            }),
            _ => None,
        })
        .collect()
}

/// Every credential that can sign in: enabled accounts (with or without
/// MFA: tokens are stolen too), generic mailboxes that sign in,
/// applications and external addresses. Accounts without MFA can be given
/// it and mailboxes' sign-in blocked; the others stay.
pub fn all_sources(graph: &AccessGraph) -> Vec<Source> {
    every_credential(graph)
        .filter_map(|node| match graph.node(node) {
            Node::Account(_) => {
                let account = graph.account(node)?;
                account.enabled.then_some(Source {
                    node,
                    removable: !account.mfa,
                })
            }
            Node::MailboxCredential(_) => Some(Source {
                node,
                removable: true,
            }),
            _ => Some(Source {
                node,
                removable: false,
            }),
        })
        .collect()
}

/// Credentials named as compromised (an incident's, `--from`): held
/// already, so no change removes them.
pub fn named_sources(nodes: &[NodeIndex]) -> Vec<Source> {
    nodes
        .iter()
        .map(|&node| Source {
            node,
            removable: false,
        })
        .collect()
}

fn every_credential(graph: &AccessGraph) -> impl Iterator<Item = NodeIndex> + '_ {
    graph
        .graph()
        .node_indices()
        .filter(|&node| graph.node(node).is_credential())
}

/// Mailboxes holding personal data, as `diff` counts them (personal
/// mailboxes, and generic ones with data subjects), and mailboxes of High
/// sensitivity.
pub fn default_targets(graph: &AccessGraph) -> Vec<NodeIndex> {
    graph
        .graph()
        .node_indices()
        .filter(|&node| {
            matches!(graph.node(node), Node::Mailbox(_))
                && graph.mailbox_record(node).is_some_and(|m| {
                    m.is_personal() || m.data_subjects > 0 || m.sensitivity == Sensitivity::High
                })
        })
        .collect()
}

/// Named mailboxes, deduplicated, in node order.
pub fn named_targets(nodes: &[NodeIndex]) -> Vec<NodeIndex> {
    nodes
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
