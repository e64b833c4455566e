//! Scopes: "every mailbox", "the mailboxes of a group", "every mailbox
//! but those", "every application". An application permission, an admin
//! role or a mail-flow rule reaches its mailboxes through one scope node,
//! and the walk expands a scope into its members when it gets there, so
//! "every mailbox of the organisation" costs one stored edge per holder,
//! not one per mailbox per holder.
//!
//! Scopes are shared: every record written with the same scope (the whole
//! organisation, say) leads to the same node, so a search from many
//! organisation-wide holders expands it once.

use std::ops::Range;

use petgraph::graph::NodeIndex;

use crate::FastMap;
use crate::model::{Model, Scope};

/// The members of a scope, as node indices.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Members {
    /// Every mailbox node.
    AllMailboxes,
    /// Every application node.
    AllApplications,
    /// These mailbox nodes, sorted.
    Only(Vec<u32>),
    /// Every mailbox node but these, sorted.
    Except(Vec<u32>),
}

/// One scope node's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeSet {
    /// How the scope reads: `every mailbox`, `mailboxes of leadership`.
    pub label: String,
    pub members: Members,
}

/// Where a scope's members lie among the graph's nodes.
#[derive(Debug, Clone, Copy)]
pub struct Ranges {
    pub mailboxes: (u32, u32),
    pub applications: (u32, u32),
}

impl Ranges {
    fn mailboxes(self) -> Range<u32> {
        self.mailboxes.0..self.mailboxes.1
    }

    fn applications(self) -> Range<u32> {
        self.applications.0..self.applications.1
    }
}

impl ScopeSet {
    /// Calls `each` with every member, in node order.
    pub fn for_each_member(&self, ranges: Ranges, mut each: impl FnMut(NodeIndex)) {
        match &self.members {
            Members::AllMailboxes => ranges.mailboxes().for_each(|n| each(node(n))),
            Members::AllApplications => ranges.applications().for_each(|n| each(node(n))),
            Members::Only(nodes) => nodes.iter().for_each(|&n| each(node(n))),
            Members::Except(excluded) => {
                let mut excluded = excluded.iter().peekable();
                for n in ranges.mailboxes() {
                    while excluded.next_if(|&&e| e < n).is_some() {}
                    if excluded.next_if_eq(&&n).is_none() {
                        each(node(n));
                    }
                }
            }
        }
    }

    /// Whether `member` is in the scope.
    pub fn contains(&self, ranges: Ranges, member: NodeIndex) -> bool {
        let n = member.index() as u32;
        match &self.members {
            Members::AllMailboxes => ranges.mailboxes().contains(&n),
            Members::AllApplications => ranges.applications().contains(&n),
            Members::Only(nodes) => nodes.binary_search(&n).is_ok(),
            Members::Except(excluded) => {
                ranges.mailboxes().contains(&n) && excluded.binary_search(&n).is_err()
            }
        }
    }

    /// How many members the scope has.
    pub fn len(&self, ranges: Ranges) -> usize {
        let (from, to) = ranges.mailboxes;
        match &self.members {
            Members::AllMailboxes => (to - from) as usize,
            Members::AllApplications => (ranges.applications.1 - ranges.applications.0) as usize,
            Members::Only(nodes) => nodes.len(),
            Members::Except(excluded) => (to - from) as usize - excluded.len(),
        }
    }

    pub fn is_empty(&self, ranges: Ranges) -> bool {
        self.len(ranges) == 0
    }
}

fn node(n: u32) -> NodeIndex {
    NodeIndex::new(n as usize)
}

/// What a record's scope is, as a key shared by equal scopes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScopeKey {
    Mailboxes(Scope),
    Applications,
}

impl ScopeKey {
    /// The key of a record's mailbox scope: entries sorted and deduplicated,
    /// an `Except` of nothing being the whole organisation.
    pub fn mailboxes(scope: &Scope) -> ScopeKey {
        let normal = |entries: &[String]| {
            let mut entries = entries.to_vec();
            entries.sort();
            entries.dedup();
            entries
        };
        ScopeKey::Mailboxes(match scope {
            Scope::Organisation => Scope::Organisation,
            Scope::Except(entries) if entries.is_empty() => Scope::Organisation,
            Scope::Only(entries) => Scope::Only(normal(entries)),
            Scope::Except(entries) => Scope::Except(normal(entries)),
        })
    }
}

/// Gives each distinct scope an index, in the order first met.
#[derive(Default)]
pub struct ScopeTable {
    pub keys: Vec<ScopeKey>,
    index: FastMap<ScopeKey, u32>,
}

impl ScopeTable {
    pub fn intern(&mut self, key: ScopeKey) -> u32 {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.index.insert(key.clone(), i);
        self.keys.push(key);
        i
    }

    /// The index of a key interned before.
    pub fn get(&self, key: &ScopeKey) -> u32 {
        self.index[key]
    }
}

/// The scopes' members. `mailbox_node` looks a mailbox id up; mailbox
/// `i` of the model is node `mailbox_nodes_from + i`.
pub fn resolve(
    model: &Model,
    keys: &[ScopeKey],
    mailbox_node: &dyn Fn(&str) -> Option<NodeIndex>,
    mailbox_nodes_from: u32,
) -> Vec<ScopeSet> {
    let needs_members = keys
        .iter()
        .any(|key| matches!(key, ScopeKey::Mailboxes(scope) if !scope.is_organisation()));
    let expander = needs_members.then(|| Expander::new(model, mailbox_nodes_from));
    keys.iter()
        .map(|key| match key {
            ScopeKey::Applications => ScopeSet {
                label: "every application".into(),
                members: Members::AllApplications,
            },
            ScopeKey::Mailboxes(scope) => {
                let members = match (scope, &expander) {
                    (Scope::Only(entries), Some(expander)) => {
                        Members::Only(expander.mailboxes(entries, mailbox_node))
                    }
                    (Scope::Except(entries), Some(expander)) => {
                        Members::Except(expander.mailboxes(entries, mailbox_node))
                    }
                    _ => Members::AllMailboxes,
                };
                ScopeSet {
                    label: scope.describe(),
                    members,
                }
            }
        })
        .collect()
}

/// Turns a scope's entries (groups, accounts, mailboxes) into mailbox nodes.
struct Expander<'m> {
    model: &'m Model,
    /// Owner account id -> the nodes of its personal mailboxes.
    owned: FastMap<&'m str, Vec<u32>>,
    /// Group id -> index in `model.groups`.
    groups: FastMap<&'m str, usize>,
}

impl<'m> Expander<'m> {
    fn new(model: &'m Model, mailbox_nodes_from: u32) -> Expander<'m> {
        let mut owned: FastMap<&str, Vec<u32>> = FastMap::default();
        for (i, mailbox) in model.mailboxes.iter().enumerate() {
            if let Some(owner) = &mailbox.owner {
                owned
                    .entry(owner.as_str())
                    .or_default()
                    .push(mailbox_nodes_from + i as u32);
            }
        }
        let groups = model
            .groups
            .iter()
            .enumerate()
            .map(|(i, group)| (group.id.as_str(), i))
            .collect();
        Expander {
            model,
            owned,
            groups,
        }
    }

    /// The mailbox nodes of `entries`, sorted: each mailbox named, each
    /// account's own mailboxes, each group's members' (through nesting,
    /// cycles included; a signing-in mailbox member is its mailbox).
    fn mailboxes(
        &self,
        entries: &[String],
        mailbox_node: &dyn Fn(&str) -> Option<NodeIndex>,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let mut seen_groups = std::collections::HashSet::new();
        let mut stack: Vec<&str> = entries.iter().map(String::as_str).collect();
        while let Some(id) = stack.pop() {
            if let Some(node) = mailbox_node(id) {
                out.push(node.index() as u32);
            }
            if let Some(mailboxes) = self.owned.get(id) {
                out.extend(mailboxes);
            }
            if let Some(&group) = self.groups.get(id)
                && seen_groups.insert(group)
            {
                stack.extend(self.model.groups[group].members.iter().map(String::as_str));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
