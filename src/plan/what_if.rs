//! What-if: the answers before and after a list of changes, so a proposed
//! change is reviewed before it is made. Reach from the same credentials is
//! compared here; everything else (records, access to personal data per
//! credential, blast radius, audit findings) is `diff`'s comparison of the
//! two models ([`crate::diff`]).

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::spec::{ChangeSpec, removed_credentials};
use crate::audit::Config;
use crate::date::Date;
use crate::diff::{self, Diff};
use crate::graph::AccessGraph;
use crate::query::{self, Level};

/// A mailbox whose exposure from the credentials changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachChange {
    /// The mailbox, in the graph before the changes (changes never remove
    /// a mailbox).
    pub mailbox: NodeIndex,
    pub before: Option<Level>,
    pub after: Option<Level>,
}

impl ReachChange {
    pub fn kind(&self) -> &'static str {
        match (self.before, self.after) {
            (Some(_), None) => "no longer exposed",
            (None, Some(_)) => "newly exposed",
            _ => "level changed",
        }
    }
}

/// Reach from the credentials, before and after.
#[derive(Debug, Clone)]
pub struct ReachComparison {
    /// The credentials before, and those still held after (an account
    /// enrolled in MFA or a mailbox whose sign-in is blocked is no longer
    /// a way in).
    pub sources_before: Vec<NodeIndex>,
    pub sources_after: Vec<NodeIndex>,
    /// (mailboxes, people) reached before and after.
    pub before: (usize, u64),
    pub after: (usize, u64),
    /// Mailboxes whose exposure changed, by id.
    pub changes: Vec<ReachChange>,
}

/// The whole answer of `what-if`.
#[derive(Debug, Clone)]
pub struct WhatIf {
    pub reach: ReachComparison,
    pub diff: Diff,
}

/// Compares `old` with `new` (`old`'s model with `changes` made), reach
/// from `sources` (credentials of `old`).
pub fn what_if(
    old: &AccessGraph,
    new: &AccessGraph,
    changes: &[ChangeSpec],
    sources: &[NodeIndex],
    config: &Config,
    today: Date,
) -> WhatIf {
    let removed = removed_credentials(changes);
    let sources_after: Vec<NodeIndex> = sources
        .iter()
        .map(|&node| old.id(node))
        .filter(|id| !removed.contains(id))
        .filter_map(|id| new.principal(id))
        .filter(|&node| new.node(node).is_credential())
        .collect();
    let before = query::reach(old, sources);
    let after = query::reach(new, &sources_after);
    let levels = |graph: &AccessGraph, reach: &query::Reach| -> BTreeMap<String, Level> {
        reach
            .mailboxes
            .iter()
            .map(|m| (graph.id(m.node).to_string(), m.level))
            .collect()
    };
    let (was, is) = (levels(old, &before), levels(new, &after));
    let mut ids: Vec<&String> = was.keys().chain(is.keys()).collect();
    ids.sort();
    ids.dedup();
    let changes = ids
        .into_iter()
        .filter(|id| was.get(*id) != is.get(*id))
        .filter_map(|id| {
            Some(ReachChange {
                mailbox: old.mailbox(id)?,
                before: was.get(id).copied(),
                after: is.get(id).copied(),
            })
        })
        .collect();
    WhatIf {
        reach: ReachComparison {
            sources_before: sources.to_vec(),
            sources_after,
            before: (before.mailboxes.len(), before.people(old)),
            after: (after.mailboxes.len(), after.people(new)),
            changes,
        },
        diff: diff::diff(old, new, config, today),
    }
}
