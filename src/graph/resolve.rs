//! Ids as a responder types them on the command line.
//!
//! Exchange addresses and user principal names are case-insensitive, so are
//! ids given on the command line: `Aurelie.Castellane` finds
//! `aurelie.castellane` (answers show the stored spelling). An account may
//! be named by its personal mailbox's address and a mailbox by its owner's
//! account. Each of these resolves when it names one thing; otherwise the
//! error lists the candidates with the owner relation, and
//! [`AccessGraph::resolution_note`] says how a name was resolved.
//!
//! An exact id always wins; the wider matches are only tried on a miss, by
//! one pass over the ids (a command line names a handful).

use petgraph::graph::NodeIndex;

use super::{AccessGraph, Node};
use crate::diagnostic::Diagnostic;

/// What an ambiguous name's message says before listing its candidates.
const CANDIDATES: &str = ": it could be ";

/// `message` without the candidates an ambiguous name's message lists, for
/// a redacted run (they are real ids). Cuts at the first `: it could be `,
/// so a typed name that holds the phrase only makes the cut earlier.
pub fn without_candidates(message: &str) -> String {
    match message.find(CANDIDATES) {
        Some(at) => format!(
            "{}: several ids match it in another case or through the owner relation (not shown under --redact); name one by its exact id",
            &message[..at]
        ),
        None => message.to_string(),
    }
}

/// What a name typed on the command line may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    /// A credential: an account, a mailbox that signs in, ...
    Credential,
    /// A mailbox.
    Mailbox,
}

impl AccessGraph {
    /// The one node `typed` stands for when it is not an exact id: the
    /// `wanted` nodes whose id matches it in any case, or through the owner
    /// relation (an account by its personal mailbox, a mailbox by its owner).
    /// `Ok(None)` when nothing matches; an error listing the candidates
    /// when several do.
    pub(super) fn resolve_loosely(
        &self,
        typed: &str,
        wanted: Wanted,
    ) -> Result<Option<NodeIndex>, Diagnostic> {
        let folded = typed.to_lowercase();
        let same = |id: &str| id.eq_ignore_ascii_case(typed) || id.to_lowercase() == folded;
        let mut candidates: Vec<(NodeIndex, String)> = Vec::new();
        for node in self.graph.node_indices() {
            let kind = self.graph[node];
            let fits = match wanted {
                Wanted::Credential => kind.is_credential(),
                Wanted::Mailbox => matches!(kind, Node::Mailbox(_)),
            };
            if fits && same(self.id(node)) {
                candidates.push((node, format!("{} `{}`", kind.kind(), self.id(node))));
            }
        }
        // The owner relation: a personal mailbox named for its owner, or
        // the reverse.
        for mailbox in &self.model.mailboxes {
            let Some(owner) = mailbox.owner.as_deref() else {
                continue;
            };
            let (Some(owner_node), Some(mailbox_node)) =
                (self.principal(owner), self.mailbox(&mailbox.id))
            else {
                continue;
            };
            let found = match wanted {
                Wanted::Credential if same(&mailbox.id) => Some((
                    owner_node,
                    format!("account `{owner}` (owner of mailbox `{}`)", mailbox.id),
                )),
                Wanted::Mailbox if same(owner) => Some((
                    mailbox_node,
                    format!("mailbox `{}` (owned by account `{owner}`)", mailbox.id),
                )),
                _ => None,
            };
            if let Some(found) = found
                && !candidates.iter().any(|(node, _)| *node == found.0)
            {
                candidates.push(found);
            }
        }
        match candidates.len() {
            0 => Ok(None),
            1 => Ok(Some(candidates[0].0)),
            _ => {
                candidates.sort_by(|a, b| a.1.cmp(&b.1));
                let listed: Vec<String> = candidates.into_iter().map(|(_, text)| text).collect();
                Err(Diagnostic::argument(format!(
                    "`{typed}` is ambiguous{CANDIDATES}{}; name one by its exact id",
                    listed.join(", ")
                )))
            }
        }
    }

    /// How `typed` (a name given on the command line) was resolved to
    /// `node`, when it is not `node`'s exact id: `None` for an exact id.
    /// How `typed` was resolved to `node`, naming no id: for a redacted
    /// run's notes. `None` when it is `node`'s exact id.
    pub fn resolution_kind(&self, typed: &str, node: NodeIndex) -> Option<String> {
        let id = self.id(node);
        if id == typed {
            return None;
        }
        let kind = self.graph[node].kind();
        Some(if id.to_lowercase() == typed.to_lowercase() {
            format!("an id typed in another case was taken as that {kind}")
        } else if let Node::Mailbox(_) = self.graph[node] {
            "an account's id was taken as its mailbox".to_string()
        } else {
            format!("a mailbox's address was taken as its owner ({kind})")
        })
    }

    pub fn resolution_note(&self, typed: &str, node: NodeIndex) -> Option<String> {
        let id = self.id(node);
        if id == typed {
            return None;
        }
        if id.to_lowercase() == typed.to_lowercase() {
            return Some(format!(
                "`{typed}` taken as {} `{id}`",
                self.graph[node].kind()
            ));
        }
        match self.graph[node] {
            Node::Mailbox(_) => Some(format!(
                "`{typed}` is an account: taken as its mailbox `{id}`"
            )),
            _ => Some(format!(
                "`{typed}` is a mailbox: taken as its owner, {} `{id}`",
                self.graph[node].kind()
            )),
        }
    }
}
