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
mod resolve;
pub mod scope;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

pub use edge::{Edge, Gain};
pub use node::Node;
pub use resolve::without_candidates;
pub use scope::{Members, ScopeSet};

use crate::FastMap;
use crate::diagnostic::Diagnostic;
use crate::model::{Account, Application, MailPermission, Mailbox, Model, external_address};
use crate::suggest;
use scope::{Ranges, ScopeKey, ScopeTable};

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
    /// External addresses (normalised), in the order first named.
    externals: Vec<Box<str>>,
    /// What each scope node stands for.
    scopes: Vec<ScopeSet>,
    /// Where scope members lie among the nodes.
    ranges: Ranges,
    /// The index of scope 0's [`Edge::InScope`] edge; scope `i`'s is `+ i`.
    scope_edges_from: u32,
    /// Every node's position in id order, worked out on first use (see
    /// [`AccessGraph::id_rank`]).
    id_order: std::sync::OnceLock<Vec<u32>>,
    /// Per mailbox record, its owner's node and its data controller's
    /// index (`u32::MAX` for none), worked out on first use (see
    /// [`AccessGraph::owner_of`]).
    mailbox_links: std::sync::OnceLock<Vec<[u32; 2]>>,
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
        let (principals, mailboxes) = id_maps(&model, &layout);

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
        let external = |address: &str| principals[external_address(address).as_str()];
        for (i, forwarding) in model.forwarding.iter().enumerate() {
            if let (None, Some(address)) = (&forwarding.to, &forwarding.external) {
                let edge = Edge::Forwarding(i as u32);
                edges.push((external(address), mailbox(&forwarding.from), edge));
            }
        }
        edges.extend(access_beyond_delegation(
            &model, &layout, &principal, &mailbox, &external,
        ));
        let scopes = resolve_scopes(&model, &layout, &mailboxes);
        let scope_edges_from = edges.len() as u32;
        for s in 0..scopes.len() {
            let node = layout.scope(s);
            edges.push((node, node, Edge::InScope(s as u32)));
        }
        AccessGraph::assemble(
            model,
            layout,
            principals,
            mailboxes,
            scopes,
            scope_edges_from,
            edges,
        )
    }

    /// The graph of a validated model whose edges are already known (read
    /// from a snapshot), without resolving any id: `edges` in edge index
    /// order, each end a node index in the layout [`AccessGraph::build`]
    /// gives, the scopes' [`Edge::InScope`] edges last. `None` if an end is
    /// not a node or the scope edges are not where they belong.
    pub fn from_edges(
        model: Model,
        edges: Vec<(NodeIndex, NodeIndex, Edge)>,
    ) -> Option<AccessGraph> {
        let layout = Layout::of(&model);
        let nodes = layout.nodes();
        if edges
            .iter()
            .any(|&(from, to, _)| from.index() >= nodes || to.index() >= nodes)
        {
            return None;
        }
        let (principals, mailboxes) = id_maps(&model, &layout);
        let scopes = resolve_scopes(&model, &layout, &mailboxes);
        let scope_edges_from = edges.len().checked_sub(scopes.len())?;
        let scope_edges_fit = edges[scope_edges_from..]
            .iter()
            .enumerate()
            .all(|(s, &edge)| edge == (layout.scope(s), layout.scope(s), Edge::InScope(s as u32)));
        if !scope_edges_fit {
            return None;
        }
        Some(AccessGraph::assemble(
            model,
            layout,
            principals,
            mailboxes,
            scopes,
            scope_edges_from as u32,
            edges,
        ))
    }

    /// Fills in the graph: nodes in the layout's order, then `edges`.
    fn assemble(
        model: Model,
        layout: Layout,
        principals: FastMap<Box<str>, NodeIndex>,
        mailboxes: FastMap<Box<str>, NodeIndex>,
        scopes: Vec<ScopeSet>,
        scope_edges_from: u32,
        edges: Vec<(NodeIndex, NodeIndex, Edge)>,
    ) -> AccessGraph {
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
        for i in 0..model.applications.len() {
            graph.add_node(Node::Application(i as u32));
        }
        for i in 0..layout.externals.len() {
            graph.add_node(Node::External(i as u32));
        }
        for i in 0..scopes.len() {
            graph.add_node(Node::Scope(i as u32));
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
        let ranges = Ranges {
            mailboxes: (layout.mailboxes_from as u32, layout.credentials_from as u32),
            applications: (
                layout.applications_from as u32,
                layout.externals_from as u32,
            ),
        };
        AccessGraph {
            model,
            graph,
            principals,
            mailboxes,
            controllers,
            externals: layout.externals,
            scopes,
            ranges,
            scope_edges_from,
            id_order: std::sync::OnceLock::new(),
            mailbox_links: std::sync::OnceLock::new(),
            assume_enabled: false,
        }
    }

    /// The node's position when every node is ordered by id (then by
    /// index): sorting by it is sorting by id, without comparing strings.
    /// The order is worked out once, on the first call, on all cores; an
    /// answer listing a whole organisation (an organisation-wide holder's
    /// reach) sorts in integers from then on.
    pub fn id_rank(&self, node: NodeIndex) -> u32 {
        self.id_order.get_or_init(|| self.id_order())[node.index()]
    }

    fn id_order(&self) -> Vec<u32> {
        let nodes: Vec<u32> = (0..self.graph.node_count() as u32).collect();
        let by_id = |a: &u32, b: &u32| {
            let id = |n: u32| self.id(NodeIndex::new(n as usize));
            id(*a).cmp(id(*b)).then(a.cmp(b))
        };
        let sorted = sort_on_all_cores(nodes, by_id);
        let mut rank = vec![0; sorted.len()];
        for (position, node) in sorted.into_iter().enumerate() {
            rank[node as usize] = position as u32;
        }
        rank
    }

    /// The external addresses, normalised, in node order.
    pub fn externals(&self) -> &[Box<str>] {
        &self.externals
    }

    /// What each scope node stands for, in node order.
    pub fn scopes(&self) -> &[ScopeSet] {
        &self.scopes
    }

    /// Calls `each` with every member of the scope node `scope` (nothing
    /// for another node).
    pub fn for_each_in_scope(&self, scope: NodeIndex, each: impl FnMut(NodeIndex)) {
        if let Node::Scope(i) = self.graph[scope] {
            self.scopes[i as usize].for_each_member(self.ranges, each);
        }
    }

    /// How many members the scope node `scope` has.
    pub fn scope_len(&self, scope: NodeIndex) -> usize {
        match self.graph[scope] {
            Node::Scope(i) => self.scopes[i as usize].len(self.ranges),
            _ => 0,
        }
    }

    /// Calls `each` with every scope node that has `member` (a mailbox or
    /// an application) in it. Scopes are few, so this looks at each.
    pub fn for_each_scope_of(&self, member: NodeIndex, mut each: impl FnMut(NodeIndex)) {
        if !matches!(self.graph[member], Node::Mailbox(_) | Node::Application(_)) {
            return;
        }
        let first = self.graph.node_count() - self.scopes.len();
        for (i, scope) in self.scopes.iter().enumerate() {
            if scope.contains(self.ranges, member) {
                each(NodeIndex::new(first + i));
            }
        }
    }

    /// The [`Edge::InScope`] edge of the scope node `scope`: what a path's
    /// hop from the scope into one of its members names.
    pub fn scope_edge(&self, scope: NodeIndex) -> Option<EdgeIndex> {
        match self.graph[scope] {
            Node::Scope(i) => Some(EdgeIndex::new((self.scope_edges_from + i) as usize)),
            _ => None,
        }
    }

    /// Whether a path's hop from `from` to `to` may cross `edge`: a stored
    /// edge between them, or a scope's [`Edge::InScope`] into a member.
    pub fn crosses(&self, edge: EdgeIndex, from: NodeIndex, to: NodeIndex) -> bool {
        match self.graph[edge] {
            Edge::InScope(_) => {
                self.scope_edge(from) == Some(edge)
                    && matches!(self.graph[from], Node::Scope(i)
                        if self.scopes[i as usize].contains(self.ranges, to))
            }
            _ => self.graph.edge_endpoints(edge) == Some((from, to)),
        }
    }

    /// The application behind a node, if it is one.
    pub fn application(&self, node: NodeIndex) -> Option<&Application> {
        match self.graph[node] {
            Node::Application(i) => Some(&self.model.applications[i as usize]),
            _ => None,
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

    /// The node of the account, group, mailbox credential, application or
    /// external address `id` (an external address in any case).
    pub fn principal(&self, id: &str) -> Option<NodeIndex> {
        self.principals.get(id).copied().or_else(|| {
            if self.externals.is_empty() {
                return None;
            }
            let node = *self.principals.get(external_address(id).as_str())?;
            matches!(self.graph[node], Node::External(_)).then_some(node)
        })
    }

    /// The node of the mailbox `id`.
    pub fn mailbox(&self, id: &str) -> Option<NodeIndex> {
        self.mailboxes.get(id).copied()
    }

    /// The node of a credential named on the command line (an account or a
    /// mailbox that signs in), or an error naming the nearest known ones.
    /// Ids are matched in any case, and an account by its personal
    /// mailbox's address, when that names one credential (`graph/resolve.rs`).
    pub fn resolve_credential(&self, id: &str) -> Result<NodeIndex, Diagnostic> {
        match self.principal(id) {
            Some(node) if self.graph[node].is_credential() => Ok(node),
            None if let Some(node) = self.resolve_loosely(id, resolve::Wanted::Credential)? => {
                Ok(node)
            }
            Some(_) => Err(Diagnostic::argument(format!(
                "`{id}` is a group, not a credential: name an account, a mailbox that signs in, an application or an external address"
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
    /// Ids are matched in any case, and a mailbox by its owner's account,
    /// when that names one mailbox (`graph/resolve.rs`).
    pub fn resolve_mailbox(&self, id: &str) -> Result<NodeIndex, Diagnostic> {
        if let Some(node) = self.mailbox(id) {
            return Ok(node);
        }
        if let Some(node) = self.resolve_loosely(id, resolve::Wanted::Mailbox)? {
            return Ok(node);
        }
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
        if let Some(node) = self.mailbox(id).or_else(|| self.principal(id)) {
            return Ok(node);
        }
        // In any case (not through the owner relation: both ends are
        // valid targets), a mailbox first, as above.
        for wanted in [resolve::Wanted::Mailbox, resolve::Wanted::Credential] {
            if let Some(node) = self.resolve_loosely(id, wanted)?
                && self.id(node).to_lowercase() == id.to_lowercase()
            {
                return Ok(node);
            }
        }
        let known = self
            .model
            .mailboxes
            .iter()
            .map(|m| m.id.as_str())
            .chain(self.model.accounts.iter().map(|a| a.id.as_str()));
        Err(Diagnostic::argument(format!(
            "unknown mailbox or account `{id}`{}",
            suggest::hint(id, known)
        )))
    }

    fn credential_ids(&self) -> impl Iterator<Item = &str> {
        self.model
            .accounts
            .iter()
            .map(|a| a.id.as_str())
            .chain(
                self.model
                    .mailboxes
                    .iter()
                    .filter(|m| m.sign_in)
                    .map(|m| m.id.as_str()),
            )
            .chain(self.model.applications.iter().map(|a| a.id.as_str()))
            .chain(self.externals.iter().map(|a| &**a))
    }

    /// The id of a node, as written in the model.
    pub fn id(&self, node: NodeIndex) -> &str {
        match self.graph[node] {
            Node::Account(i) => &self.model.accounts[i as usize].id,
            Node::Group(i) => &self.model.groups[i as usize].id,
            Node::Mailbox(i) | Node::MailboxCredential(i) => &self.model.mailboxes[i as usize].id,
            Node::Application(i) => &self.model.applications[i as usize].id,
            Node::External(i) => &self.externals[i as usize],
            Node::Scope(i) => &self.scopes[i as usize].label,
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
            Node::Application(i) => self.model.applications[i as usize].label(),
            Node::External(i) => &self.externals[i as usize],
            Node::Scope(i) => &self.scopes[i as usize].label,
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
        let [_, controller] = self.mailbox_links_of(node)?;
        (controller != u32::MAX).then_some(controller as usize)
    }

    /// The node of the account that owns mailbox `node` (either of its
    /// nodes), if it has an owner.
    pub fn owner_of(&self, node: NodeIndex) -> Option<NodeIndex> {
        let [owner, _] = self.mailbox_links_of(node)?;
        (owner != u32::MAX).then(|| NodeIndex::new(owner as usize))
    }

    /// A mailbox's owner node and controller index, looked up once per
    /// graph rather than by id string for every answer row: an answer
    /// listing a whole organisation's mailboxes asks for millions.
    fn mailbox_links_of(&self, node: NodeIndex) -> Option<[u32; 2]> {
        let index = match self.graph[node] {
            Node::Mailbox(i) | Node::MailboxCredential(i) => i as usize,
            _ => return None,
        };
        let links = self.mailbox_links.get_or_init(|| {
            let none = u32::MAX;
            self.model
                .mailboxes
                .iter()
                .map(|mailbox| {
                    let owner = mailbox.owner.as_deref().and_then(|id| self.principal(id));
                    let controller = mailbox
                        .controller
                        .as_deref()
                        .and_then(|id| self.controllers.get(id));
                    [
                        owner.map_or(none, |n| n.index() as u32),
                        controller.map_or(none, |&i| i as u32),
                    ]
                })
                .collect()
        });
        Some(links[index])
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

/// The two id maps (principals, mailboxes) of a model, built side by side.
fn id_maps(
    model: &Model,
    layout: &Layout,
) -> (FastMap<Box<str>, NodeIndex>, FastMap<Box<str>, NodeIndex>) {
    std::thread::scope(|scope| {
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
        for (i, application) in model.applications.iter().enumerate() {
            principals.insert(application.id.as_str().into(), layout.application(i));
        }
        for (i, address) in layout.externals.iter().enumerate() {
            principals.insert(address.clone(), layout.external(i));
        }
        (
            principals,
            mailboxes
                .join()
                .expect("building the mailbox map does not panic"),
        )
    })
}

/// What each scope node stands for.
fn resolve_scopes(
    model: &Model,
    layout: &Layout,
    mailboxes: &FastMap<Box<str>, NodeIndex>,
) -> Vec<ScopeSet> {
    scope::resolve(
        model,
        &layout.scopes.keys,
        &|id| mailboxes.get(id).copied(),
        layout.mailboxes_from as u32,
    )
}

/// Where each kind of record's nodes start: accounts, then groups, then
/// mailboxes, then the credentials of the mailboxes that sign in, then
/// applications, external addresses and scopes.
struct Layout {
    groups_from: usize,
    mailboxes_from: usize,
    credentials_from: usize,
    /// Indices (into `model.mailboxes`) of the mailboxes that sign in.
    credentials: Vec<u32>,
    applications_from: usize,
    externals_from: usize,
    /// External addresses, normalised, in the order first named.
    externals: Vec<Box<str>>,
    scopes_from: usize,
    scopes: ScopeTable,
}

impl Layout {
    fn of(model: &Model) -> Layout {
        let groups_from = model.accounts.len();
        let mailboxes_from = groups_from + model.groups.len();
        let credentials_from = mailboxes_from + model.mailboxes.len();
        let credentials: Vec<u32> = (0..model.mailboxes.len() as u32)
            .filter(|&i| model.mailboxes[i as usize].sign_in)
            .collect();
        let applications_from = credentials_from + credentials.len();
        let externals_from = applications_from + model.applications.len();
        let externals = external_addresses(model);
        let scopes_from = externals_from + externals.len();
        let mut scopes = ScopeTable::default();
        for permission in &model.application_permissions {
            scopes.intern(ScopeKey::mailboxes(&permission.scope));
        }
        for role in &model.admin_roles {
            if role.gives.mailboxes() {
                scopes.intern(ScopeKey::mailboxes(&role.scope));
            }
            if role.gives.applications() {
                scopes.intern(ScopeKey::Applications);
            }
        }
        for rule in &model.mail_flow_rules {
            scopes.intern(ScopeKey::mailboxes(&rule.applies_to));
        }
        Layout {
            groups_from,
            mailboxes_from,
            credentials_from,
            credentials,
            applications_from,
            externals_from,
            externals,
            scopes_from,
            scopes,
        }
    }

    fn nodes(&self) -> usize {
        self.scopes_from + self.scopes.keys.len()
    }

    fn application(&self, i: usize) -> NodeIndex {
        NodeIndex::new(self.applications_from + i)
    }

    fn external(&self, i: usize) -> NodeIndex {
        NodeIndex::new(self.externals_from + i)
    }

    fn scope(&self, i: usize) -> NodeIndex {
        NodeIndex::new(self.scopes_from + i)
    }

    /// The node of a record's mailbox scope.
    fn mailbox_scope(&self, scope: &crate::model::Scope) -> NodeIndex {
        self.scope(self.scopes.get(&ScopeKey::mailboxes(scope)) as usize)
    }

    fn application_scope(&self) -> NodeIndex {
        self.scope(self.scopes.get(&ScopeKey::Applications) as usize)
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

/// Every external address named by a forwarding or a rule, normalised, in
/// the order first named.
fn external_addresses(model: &Model) -> Vec<Box<str>> {
    let named = model
        .forwarding
        .iter()
        .filter(|f| f.to.is_none())
        .filter_map(|f| f.external.as_deref())
        .chain(
            model
                .inbox_rules
                .iter()
                .filter_map(|r| r.external.as_deref()),
        )
        .chain(
            model
                .mail_flow_rules
                .iter()
                .filter_map(|r| r.external.as_deref()),
        );
    let mut seen = std::collections::HashSet::new();
    named
        .map(external_address)
        .filter(|address| seen.insert(address.clone()))
        .map(String::into_boxed_str)
        .collect()
}

/// The edges of applications, admin roles, inbox rules and mail-flow rules.
fn access_beyond_delegation(
    model: &Model,
    layout: &Layout,
    principal: &dyn Fn(&str) -> NodeIndex,
    mailbox: &dyn Fn(&str) -> NodeIndex,
    external: &dyn Fn(&str) -> NodeIndex,
) -> Vec<(NodeIndex, NodeIndex, Edge)> {
    let mut edges = Vec::new();
    let destination = |to: &Option<String>, outside: &Option<String>| match (to, outside) {
        (Some(to), _) => mailbox(to),
        (None, Some(address)) => external(address),
        (None, None) => unreachable!("validation requires a destination"),
    };
    for (i, application) in model.applications.iter().enumerate() {
        for owner in &application.owners {
            let edge = Edge::ApplicationOwner(i as u32);
            edges.push((principal(owner), layout.application(i), edge));
        }
    }
    let applications: FastMap<&str, usize> = model
        .applications
        .iter()
        .enumerate()
        .map(|(i, application)| (application.id.as_str(), i))
        .collect();
    for (i, permission) in model.application_permissions.iter().enumerate() {
        let gives = MailPermission::parse(&permission.permission)
            .expect("validation accepts only known permissions");
        edges.push((
            layout.application(applications[permission.application.as_str()]),
            layout.mailbox_scope(&permission.scope),
            Edge::ApplicationPermission(i as u32, gives),
        ));
    }
    for (i, role) in model.admin_roles.iter().enumerate() {
        let holder = principal(&role.holder);
        if role.gives.mailboxes() {
            let scope = layout.mailbox_scope(&role.scope);
            edges.push((holder, scope, Edge::AdminRole(i as u32)));
        }
        if role.gives.applications() {
            let scope = layout.application_scope();
            edges.push((holder, scope, Edge::ApplicationAdminRole(i as u32)));
        }
    }
    for (i, rule) in model.inbox_rules.iter().enumerate() {
        let edge = Edge::InboxRule(i as u32);
        edges.push((
            destination(&rule.to, &rule.external),
            mailbox(&rule.mailbox),
            edge,
        ));
    }
    for (i, rule) in model.mail_flow_rules.iter().enumerate() {
        let edge = Edge::MailFlowRule(i as u32);
        let scope = layout.mailbox_scope(&rule.applies_to);
        edges.push((destination(&rule.to, &rule.external), scope, edge));
    }
    edges
}

/// `items` sorted by `order`: chunks sorted on all cores, then merged.
fn sort_on_all_cores<T: Copy + Send>(
    mut items: Vec<T>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) -> Vec<T> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(workers).max(1);
    let order = &order;
    std::thread::scope(|scope| {
        for part in items.chunks_mut(chunk) {
            scope.spawn(move || part.sort_unstable_by(order));
        }
    });
    let mut runs: Vec<Vec<T>> = items.chunks(chunk).map(<[T]>::to_vec).collect();
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut pairs = runs.into_iter();
        while let Some(left) = pairs.next() {
            match pairs.next() {
                Some(right) => merged.push(merge(left, right, order)),
                None => merged.push(left),
            }
        }
        runs = merged;
    }
    runs.pop().unwrap_or_default()
}

fn merge<T: Copy>(
    left: Vec<T>,
    right: Vec<T>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if order(&right[j], &left[i]).is_lt() {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    out
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
