//! The access graph: every account, mailbox, group and signing-in mailbox
//! credential as a node, every way of gaining access as an edge, in the
//! attacker's direction (an edge X -> Y means "whoever controls X gains Y").
//!
//! Built once from a validated [`Model`], in time linear in its size. Nodes
//! and edges carry indices into the model rather than copies of its records;
//! ids are interned into two maps (principals and mailboxes) for lookups from
//! the command line. Queries ([`crate::query`]) walk this graph; they never
//! look at the files.

mod edge;
mod node;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

pub use edge::{Edge, Gain};
pub use node::Node;

use crate::FastMap;
use crate::diagnostic::Diagnostic;
use crate::model::{Account, Mailbox, Model};
use crate::suggest;

/// The model and its graph, ready to query.
pub struct AccessGraph {
    model: Model,
    graph: DiGraph<Node, Edge, u32>,
    /// Accounts, groups and mailbox credentials: what can hold a right or be
    /// compromised.
    principals: FastMap<Box<str>, NodeIndex>,
    mailboxes: FastMap<Box<str>, NodeIndex>,
    /// Data controller ids to their index in `model.controllers`.
    controllers: FastMap<Box<str>, usize>,
}

impl AccessGraph {
    /// Builds the graph of a validated model.
    pub fn build(model: Model) -> AccessGraph {
        let credentials = model.mailboxes.iter().filter(|m| m.sign_in).count();
        let nodes = model.accounts.len() + model.mailboxes.len() + model.groups.len() + credentials;
        let member_edges: usize = model.groups.iter().map(|g| g.members.len()).sum();
        let edges = model.mailboxes.len()
            + credentials
            + model.grants.len()
            + member_edges
            + model.forwarding.len()
            + model.recovery.len();
        let mut graph = DiGraph::with_capacity(nodes, edges);
        let mut principals = FastMap::with_capacity_and_hasher(
            model.accounts.len() + model.groups.len() + credentials,
            Default::default(),
        );
        let mut mailboxes =
            FastMap::with_capacity_and_hasher(model.mailboxes.len(), Default::default());

        for (i, account) in model.accounts.iter().enumerate() {
            let node = graph.add_node(Node::Account(i as u32));
            principals.insert(account.id.as_str().into(), node);
        }
        for (i, group) in model.groups.iter().enumerate() {
            let node = graph.add_node(Node::Group(i as u32));
            principals.insert(group.id.as_str().into(), node);
        }
        for (i, mailbox) in model.mailboxes.iter().enumerate() {
            let node = graph.add_node(Node::Mailbox(i as u32));
            mailboxes.insert(mailbox.id.as_str().into(), node);
        }
        for (i, mailbox) in model.mailboxes.iter().enumerate() {
            if mailbox.sign_in {
                let credential = graph.add_node(Node::MailboxCredential(i as u32));
                principals.insert(mailbox.id.as_str().into(), credential);
                graph.add_edge(credential, mailboxes[mailbox.id.as_str()], Edge::SignIn);
            }
        }
        for mailbox in &model.mailboxes {
            if let Some(owner) = &mailbox.owner {
                graph.add_edge(
                    principals[owner.as_str()],
                    mailboxes[mailbox.id.as_str()],
                    Edge::Owner,
                );
            }
        }
        for group in &model.groups {
            let group_node = principals[group.id.as_str()];
            for member in &group.members {
                graph.add_edge(principals[member.as_str()], group_node, Edge::Member);
            }
        }
        for (i, grant) in model.grants.iter().enumerate() {
            graph.add_edge(
                principals[grant.to.as_str()],
                mailboxes[grant.on.as_str()],
                Edge::Grant(i as u32),
            );
        }
        for (i, forwarding) in model.forwarding.iter().enumerate() {
            // Mail of `from` lands in `to`: whoever reads `to` reads copies of `from`.
            if let Some(to) = &forwarding.to {
                graph.add_edge(
                    mailboxes[to.as_str()],
                    mailboxes[forwarding.from.as_str()],
                    Edge::Forwarding(i as u32),
                );
            }
        }
        for (i, recovery) in model.recovery.iter().enumerate() {
            graph.add_edge(
                mailboxes[recovery.mailbox.as_str()],
                principals[recovery.account.as_str()],
                Edge::Recovery(i as u32),
            );
        }
        let controllers = model
            .controllers
            .iter()
            .enumerate()
            .map(|(i, controller)| (controller.id.as_str().into(), i))
            .collect();
        AccessGraph {
            model,
            graph,
            principals,
            mailboxes,
            controllers,
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The petgraph graph itself, for queries.
    pub fn graph(&self) -> &DiGraph<Node, Edge, u32> {
        &self.graph
    }

    pub fn node(&self, index: NodeIndex) -> Node {
        self.graph[index]
    }

    pub fn edge(&self, index: EdgeIndex) -> Edge {
        self.graph[index]
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// The node of the account, group or mailbox credential `id`.
    pub fn principal(&self, id: &str) -> Option<NodeIndex> {
        self.principals.get(id).copied()
    }

    /// The node of the mailbox `id`.
    pub fn mailbox(&self, id: &str) -> Option<NodeIndex> {
        self.mailboxes.get(id).copied()
    }

    /// The node of a credential named on the command line (an account or a
    /// mailbox that signs in), or an error naming the nearest known ones.
    pub fn resolve_credential(&self, id: &str) -> Result<NodeIndex, Diagnostic> {
        match self.principal(id) {
            Some(node) if self.graph[node].is_credential() => Ok(node),
            Some(_) => Err(Diagnostic::argument(format!(
                "`{id}` is a group, not a credential: name an account or a mailbox that signs in"
            ))),
            None if self.mailbox(id).is_some() => Err(Diagnostic::argument(format!(
                "`{id}` is a mailbox that does not sign in, so it is not a credential: name an account{}",
                suggest::hint(id, self.credential_ids())
            ))),
            None => Err(Diagnostic::argument(format!(
                "unknown credential `{id}`{}",
                suggest::hint(id, self.credential_ids())
            ))),
        }
    }

    /// The node of a mailbox named on the command line, or an error naming the
    /// nearest known ones.
    pub fn resolve_mailbox(&self, id: &str) -> Result<NodeIndex, Diagnostic> {
        self.mailbox(id).ok_or_else(|| {
            Diagnostic::argument(format!(
                "unknown mailbox `{id}`{}",
                suggest::hint(id, self.model.mailboxes.iter().map(|m| m.id.as_str()))
            ))
        })
    }

    /// The node of a path's target named on the command line: a mailbox
    /// (preferred when a signing-in mailbox's id names both) or a principal.
    pub fn resolve_target(&self, id: &str) -> Result<NodeIndex, Diagnostic> {
        self.mailbox(id)
            .or_else(|| self.principal(id))
            .ok_or_else(|| {
                let known = self
                    .model
                    .mailboxes
                    .iter()
                    .map(|m| m.id.as_str())
                    .chain(self.model.accounts.iter().map(|a| a.id.as_str()));
                Diagnostic::argument(format!(
                    "unknown mailbox or account `{id}`{}",
                    suggest::hint(id, known)
                ))
            })
    }

    fn credential_ids(&self) -> impl Iterator<Item = &str> {
        self.model.accounts.iter().map(|a| a.id.as_str()).chain(
            self.model
                .mailboxes
                .iter()
                .filter(|m| m.sign_in)
                .map(|m| m.id.as_str()),
        )
    }

    /// The id of a node, as written in the model.
    pub fn id(&self, node: NodeIndex) -> &str {
        match self.graph[node] {
            Node::Account(i) => &self.model.accounts[i as usize].id,
            Node::Group(i) => &self.model.groups[i as usize].id,
            Node::Mailbox(i) | Node::MailboxCredential(i) => &self.model.mailboxes[i as usize].id,
        }
    }

    /// A readable name for a node: the display name, or the id.
    pub fn name(&self, node: NodeIndex) -> &str {
        match self.graph[node] {
            Node::Account(i) => &self.model.accounts[i as usize].name,
            Node::Group(i) => {
                let group = &self.model.groups[i as usize];
                if group.name.is_empty() {
                    &group.id
                } else {
                    &group.name
                }
            }
            Node::Mailbox(i) | Node::MailboxCredential(i) => {
                self.model.mailboxes[i as usize].label()
            }
        }
    }

    /// The account behind a node, if it is one.
    pub fn account(&self, node: NodeIndex) -> Option<&Account> {
        match self.graph[node] {
            Node::Account(i) => Some(&self.model.accounts[i as usize]),
            _ => None,
        }
    }

    /// The mailbox behind a node (a mailbox, or a mailbox's credential).
    pub fn mailbox_record(&self, node: NodeIndex) -> Option<&Mailbox> {
        match self.graph[node] {
            Node::Mailbox(i) | Node::MailboxCredential(i) => {
                Some(&self.model.mailboxes[i as usize])
            }
            _ => None,
        }
    }

    /// The data controller of a mailbox node, as an index into
    /// `model.controllers`.
    pub fn controller_of(&self, node: NodeIndex) -> Option<usize> {
        let id = self.mailbox_record(node)?.controller.as_deref()?;
        self.controllers.get(id).copied()
    }

    /// What an edge gives whoever controls its source.
    pub fn gain(&self, edge: EdgeIndex) -> Gain {
        self.graph[edge].gain(&self.model)
    }

    /// A short description of an edge for paths: `FullAccess`, `member of`,
    /// `forwards to`, `Folder(Inbox, Reviewer)`.
    pub fn edge_label(&self, edge: EdgeIndex) -> String {
        self.graph[edge].label(&self.model)
    }

    /// Outgoing edges of a node in a stable order (the order they were added,
    /// which follows the files).
    pub fn out_edges(&self, node: NodeIndex) -> impl Iterator<Item = (EdgeIndex, NodeIndex)> + '_ {
        self.graph.edges(node).map(|e| (e.id(), e.target()))
    }

    /// Incoming edges of a node, for reverse queries.
    pub fn in_edges(&self, node: NodeIndex) -> impl Iterator<Item = (EdgeIndex, NodeIndex)> + '_ {
        self.graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .map(|e| (e.id(), e.source()))
    }
}
