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
    /// Whether disabled accounts are treated as enabled ("what if they were
    /// re-enabled"); by default a disabled account cannot sign in.
    assume_enabled: bool,
}

impl AccessGraph {
    /// Builds the graph of a validated model.
    ///
    /// Node indices follow from the model's order (accounts, groups,
    /// mailboxes, then the credentials of mailboxes that sign in), so the id
    /// maps and the edges' ends are worked out on all cores before the
    /// graph is filled in, in the same order every time.
    pub fn build(model: Model) -> AccessGraph {
        let layout = Layout::of(&model);
        let (principals, mailboxes) = std::thread::scope(|scope| {
            let mailboxes = scope.spawn(|| {
                let mut map =
                    FastMap::with_capacity_and_hasher(model.mailboxes.len(), Default::default());
                for (i, mailbox) in model.mailboxes.iter().enumerate() {
                    map.insert(mailbox.id.as_str().into(), layout.mailbox(i));
                }
                map
            });
            let mut principals = FastMap::with_capacity_and_hasher(
                layout.mailboxes_from + layout.credentials.len(),
                Default::default(),
            );
            for (i, account) in model.accounts.iter().enumerate() {
                principals.insert(account.id.as_str().into(), layout.account(i));
            }
            for (i, group) in model.groups.iter().enumerate() {
                principals.insert(group.id.as_str().into(), layout.group(i));
            }
            for (k, &i) in layout.credentials.iter().enumerate() {
                let id = model.mailboxes[i as usize].id.as_str();
                principals.insert(id.into(), layout.credential(k));
            }
            (
                principals,
                mailboxes
                    .join()
                    .expect("building the mailbox map does not panic"),
            )
        });

        let principal = |id: &str| principals[id];
        let mailbox = |id: &str| mailboxes[id];
        let mut edges: Vec<(NodeIndex, NodeIndex, Edge)> = layout
            .credentials
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                (
                    layout.credential(k),
                    layout.mailbox(i as usize),
                    Edge::SignIn,
                )
            })
            .collect();
        edges.extend(in_parallel(&model.mailboxes, |i, record, out| {
            if let Some(owner) = &record.owner {
                out.push((principal(owner), layout.mailbox(i), Edge::Owner));
            }
        }));
        edges.extend(in_parallel(&model.groups, |i, group, out| {
            for member in &group.members {
                out.push((principal(member), layout.group(i), Edge::Member));
            }
        }));
        edges.extend(in_parallel(&model.grants, |i, grant, out| {
            out.push((
                principal(&grant.to),
                mailbox(&grant.on),
                Edge::Grant(i as u32),
            ));
        }));
        edges.extend(in_parallel(&model.forwarding, |i, forwarding, out| {
            // Mail of `from` lands in `to`: whoever reads `to` reads copies of `from`.
            if let Some(to) = &forwarding.to {
                out.push((
                    mailbox(to),
                    mailbox(&forwarding.from),
                    Edge::Forwarding(i as u32),
                ));
            }
        }));
        edges.extend(in_parallel(&model.recovery, |i, recovery, out| {
            out.push((
                mailbox(&recovery.mailbox),
                principal(&recovery.account),
                Edge::Recovery(i as u32),
            ));
        }));

        let mut graph = DiGraph::with_capacity(layout.nodes(), edges.len());
        for i in 0..model.accounts.len() {
            graph.add_node(Node::Account(i as u32));
        }
        for i in 0..model.groups.len() {
            graph.add_node(Node::Group(i as u32));
        }
        for i in 0..model.mailboxes.len() {
            graph.add_node(Node::Mailbox(i as u32));
        }
        for &i in &layout.credentials {
            graph.add_node(Node::MailboxCredential(i));
        }
        for (from, to, edge) in edges {
            graph.add_edge(from, to, edge);
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
            assume_enabled: false,
        }
    }

    /// Treats disabled accounts as enabled from now on: the answers become
    /// "what if they were re-enabled".
    pub fn assume_enabled(&mut self, assume: bool) {
        self.assume_enabled = assume;
    }

    /// Whether `node` is a disabled account that, while it stays disabled,
    /// cannot sign in: it reaches nothing, cannot be taken over, and its
    /// rights are dormant (the access model's settled points).
    pub fn is_dormant(&self, node: NodeIndex) -> bool {
        !self.assume_enabled && self.account(node).is_some_and(|account| !account.enabled)
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

/// Where each kind of record's nodes start: accounts, then groups, then
/// mailboxes, then the credentials of the mailboxes that sign in.
struct Layout {
    groups_from: usize,
    mailboxes_from: usize,
    credentials_from: usize,
    /// Indices (into `model.mailboxes`) of the mailboxes that sign in.
    credentials: Vec<u32>,
}

impl Layout {
    fn of(model: &Model) -> Layout {
        let groups_from = model.accounts.len();
        let mailboxes_from = groups_from + model.groups.len();
        Layout {
            groups_from,
            mailboxes_from,
            credentials_from: mailboxes_from + model.mailboxes.len(),
            credentials: (0..model.mailboxes.len() as u32)
                .filter(|&i| model.mailboxes[i as usize].sign_in)
                .collect(),
        }
    }

    fn nodes(&self) -> usize {
        self.credentials_from + self.credentials.len()
    }

    fn account(&self, i: usize) -> NodeIndex {
        NodeIndex::new(i)
    }

    fn group(&self, i: usize) -> NodeIndex {
        NodeIndex::new(self.groups_from + i)
    }

    fn mailbox(&self, i: usize) -> NodeIndex {
        NodeIndex::new(self.mailboxes_from + i)
    }

    fn credential(&self, k: usize) -> NodeIndex {
        NodeIndex::new(self.credentials_from + k)
    }
}

/// What `each` pushes for every item (with its index), on all cores, in the
/// items' order.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    each: impl Fn(usize, &T, &mut Vec<R>) + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(workers).max(1);
    if items.len() <= chunk {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            each(i, item, &mut out);
        }
        return out;
    }
    let each = &each;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    let mut out = Vec::with_capacity(part.len());
                    for (j, item) in part.iter().enumerate() {
                        each(c * chunk + j, item, &mut out);
                    }
                    out
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().expect("a graph building worker does not panic"))
            .collect()
    })
}
