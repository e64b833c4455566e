//! What a diagram shows: the part of the graph that explains one answer.
//!
//! Each focus (a reach, the exposure of a mailbox, attack paths, the
//! objects of audit findings, or the whole directory) becomes a
//! [`Diagram`]: the nodes of the answer with their state, the edges of its
//! paths, clusters by unit or controller, and a title with the totals. A mailbox's own credential is drawn as the
//! mailbox itself. Above `max_nodes`, the diagram is summarised: one node per
//! unit (or controller) with counts, edges merged with their number.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{Diagram, DiagramEdge, DiagramNode, EdgeKind, NodeKind, NodeState};
use crate::graph::{AccessGraph, Edge, Gain, Node};
use crate::model::{Incident, Right};
use crate::query::{Crossing, Exposure, Level, Path, PathAnswer, Reach};
use crate::render::Labels;
use crate::render::answer::controller_name;

/// How nodes are boxed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ClusterBy {
    /// By organisational unit (a personal mailbox goes with its owner).
    #[default]
    Unit,
    /// By data controller (mailboxes only).
    Controller,
    /// No boxes.
    None,
}

/// Drawing options shared by every focus.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub cluster_by: ClusterBy,
    /// Above this many nodes, draw one node per unit instead.
    pub max_nodes: usize,
}

/// A diagram being assembled from graph nodes and edges.
struct Builder<'a, 'g> {
    labels: &'a Labels<'g>,
    options: Options,
    nodes: Vec<NodeIndex>,
    states: Vec<NodeState>,
    position: HashMap<NodeIndex, usize>,
    /// Edges drawn, with their ends (a scope's edge into a member is one
    /// stored edge standing for many, so its ends come from the path).
    edges: Vec<(NodeIndex, NodeIndex, EdgeIndex)>,
    /// A line added under a node's label (evidence of access).
    notes: HashMap<NodeIndex, String>,
}

impl<'a, 'g> Builder<'a, 'g> {
    fn new(labels: &'a Labels<'g>, options: Options) -> Self {
        Builder {
            labels,
            options,
            nodes: Vec::new(),
            states: Vec::new(),
            position: HashMap::new(),
            edges: Vec::new(),
            notes: HashMap::new(),
        }
    }

    /// The node a graph node is drawn as: a mailbox credential is its mailbox.
    fn drawn(&self, node: NodeIndex) -> NodeIndex {
        let graph = self.labels.graph();
        match graph.node(node) {
            Node::MailboxCredential(_) => graph.mailbox(graph.id(node)).unwrap_or(node),
            _ => node,
        }
    }

    /// Adds `node` (or upgrades its state to `state` if stronger).
    fn node(&mut self, node: NodeIndex, state: NodeState) {
        let node = self.drawn(node);
        match self.position.get(&node) {
            Some(&at) => self.states[at] = self.states[at].min(state),
            None => {
                self.position.insert(node, self.nodes.len());
                self.nodes.push(node);
                self.states.push(state);
            }
        }
    }

    /// Adds `node` with `state` unless it is drawn already (with the state
    /// the answer gave it).
    fn node_if_absent(&mut self, node: NodeIndex, state: NodeState) {
        if !self.position.contains_key(&self.drawn(node)) {
            self.node(node, state);
        }
    }

    /// Adds the nodes and edges of `path`; nodes not yet drawn get the
    /// state the attacker holds them in along it (an account taken over, a
    /// mailbox exposed in full), never "untouched".
    fn path(&mut self, path: &Path) {
        let graph = self.labels.graph();
        self.node_if_absent(path.start, NodeState::Compromised);
        let mut from = path.start;
        let mut gain = Gain::Control;
        for hop in &path.hops {
            gain = crossing_gain(graph, hop.edge, gain);
            self.node_if_absent(hop.node, held(graph, hop.node, gain));
            self.edges.push((from, hop.node, hop.edge));
            from = hop.node;
        }
    }

    fn finish(mut self, title: String) -> Diagram {
        let graph = self.labels.graph();
        self.edges.sort();
        self.edges.dedup();
        let mut edges: Vec<DiagramEdge> = self
            .edges
            .iter()
            .filter_map(|&(from, to, edge)| {
                let (from, to) = (
                    self.position[&self.drawn(from)],
                    self.position[&self.drawn(to)],
                );
                (from != to).then(|| DiagramEdge {
                    from,
                    to,
                    kind: edge_kind(graph.edge(edge), graph.model()),
                    label: edge_label(self.labels, edge),
                })
            })
            .collect();
        edges.sort_by_key(|edge| (edge.from, edge.to, edge.kind));
        let nodes: Vec<DiagramNode> = self
            .nodes
            .iter()
            .zip(&self.states)
            .map(|(&node, &state)| DiagramNode {
                kind: node_kind(self.labels, node),
                state,
                label: match self.notes.get(&node) {
                    Some(note) => format!("{}\n{note}", node_label(self.labels, node)),
                    None => node_label(self.labels, node),
                },
                cluster: cluster(self.labels, node, self.options.cluster_by),
            })
            .collect();
        let diagram = Diagram {
            title,
            nodes,
            edges,
        };
        if diagram.nodes.len() > self.options.max_nodes {
            summarise(diagram, &self.nodes, self.labels, self.options)
        } else {
            diagram
        }
    }
}

/// `n` and the noun that fits it: "1 user", "2 users".
fn counted(n: usize, one: &str, many: &str) -> String {
    crate::render::count(n as u64, one, many)
}

/// What crossing `edge` gives, where `before` is what was held of the node
/// it leaves (a scope passes on what is held of it).
fn crossing_gain(graph: &AccessGraph, edge: EdgeIndex, before: Gain) -> Gain {
    match graph.edge(edge) {
        Edge::InScope(_) => before,
        _ => graph.gain(edge),
    }
}

/// The state of `node` on an attack path, reached by an edge giving `gain`.
fn held(graph: &AccessGraph, node: NodeIndex, gain: Gain) -> NodeState {
    match graph.node(node) {
        Node::Group(_) | Node::Scope(_) => NodeState::Controlled,
        Node::Mailbox(_) => match gain {
            Gain::Full | Gain::Control => NodeState::ExposedFull,
            Gain::ReadMail | Gain::ReadFolder => NodeState::ExposedRead,
            Gain::Send => NodeState::ExposedSend,
            Gain::Nothing => NodeState::Untouched,
        },
        _ => NodeState::TakenOver,
    }
}

fn level_state(level: Level) -> NodeState {
    match level {
        Level::Full => NodeState::ExposedFull,
        Level::Read => NodeState::ExposedRead,
        Level::Send => NodeState::ExposedSend,
    }
}

/// The diagram of a reach: compromised and taken-over credentials, exposed
/// mailboxes, and the paths that explain them.
/// `explaining` are the edges to draw ([`crate::query::explaining_edges`]):
/// every way in of each credential held, not only the shortest paths.
pub fn reach(
    reach: &Reach,
    explaining: &[Crossing],
    incident: Option<&Incident>,
    labels: &Labels<'_>,
    options: Options,
) -> Diagram {
    reach_with_notes(reach, explaining, incident, labels, options, HashMap::new())
}

/// The diagram of a reach with a line of text under some nodes' labels
/// (what the audit log says of an exposed mailbox).
pub fn reach_with_notes(
    reach: &Reach,
    explaining: &[Crossing],
    incident: Option<&Incident>,
    labels: &Labels<'_>,
    options: Options,
    notes: HashMap<NodeIndex, String>,
) -> Diagram {
    let graph = labels.graph();
    let mut builder = Builder::new(labels, options);
    builder.notes = notes;
    for takeover in &reach.credentials {
        let state = if takeover.is_compromised() {
            NodeState::Compromised
        } else {
            NodeState::TakenOver
        };
        builder.node(takeover.node, state);
    }
    for exposed in &reach.mailboxes {
        builder.node(exposed.node, level_state(exposed.level));
    }
    // Every explaining edge: what is not a credential or a mailbox of the
    // answer is a group or scope the attacker holds.
    for crossing in explaining {
        builder.node_if_absent(crossing.from, NodeState::Controlled);
        builder.node_if_absent(crossing.to, NodeState::Controlled);
        builder
            .edges
            .push((crossing.from, crossing.to, crossing.edge));
    }
    let personal = reach.personal_mailboxes(graph);
    let what = match incident {
        Some(incident) => format!("Incident {} ({})", incident.name, incident.date),
        None => "Compromised credentials".to_string(),
    };
    let title = format!(
        "{what}: {} compromised, {} affected, {} exposed ({} personal, {} generic), {}'s data",
        reach.sources.len(),
        counted(reach.users.len(), "user", "users"),
        counted(reach.mailboxes.len(), "mailbox", "mailboxes"),
        personal,
        reach.mailboxes.len() - personal,
        counted(reach.people(graph) as usize, "person", "people")
    );
    builder.finish(title)
}

/// The diagram of a mailbox's exposure: the mailbox, every credential that
/// reaches it, and their paths.
pub fn exposure(exposure: &Exposure, labels: &Labels<'_>, options: Options) -> Diagram {
    let mut builder = Builder::new(labels, options);
    builder.node(exposure.mailbox, NodeState::Target);
    for exposer in &exposure.credentials {
        builder.node(exposer.node, NodeState::Reaches);
    }
    // Every step of every path, each once (the paths share their ends).
    // A step's edge leads to the next step's node, held as the edge gives
    // (a scope's members as the scope is held: by the edges into it).
    let graph = labels.graph();
    let steps = exposure.paths.steps();
    let mut entered = vec![Gain::Control; steps.len()];
    for step in steps {
        if let (Some(edge), Some(to)) = (step.edge, step.from)
            && !matches!(graph.edge(edge), Edge::InScope(_))
        {
            entered[to as usize] = graph.gain(edge);
        }
    }
    for (index, step) in steps.iter().enumerate() {
        if let (Some(edge), Some(to)) = (step.edge, step.from) {
            let next = exposure.paths.step(to).node;
            let gain = crossing_gain(graph, edge, entered[index]);
            builder.node_if_absent(next, held(graph, next, gain));
            builder.node_if_absent(step.node, NodeState::Controlled);
            builder.edges.push((step.node, next, edge));
        }
    }
    let title = format!(
        "Who can reach {}: {}, {} without MFA",
        labels.id(exposure.mailbox),
        counted(exposure.credentials.len(), "credential", "credentials"),
        exposure.without_mfa(labels.graph())
    );
    builder.finish(title)
}

/// The diagram of attack paths from one credential.
pub fn paths(answer: &PathAnswer, labels: &Labels<'_>, options: Options) -> Diagram {
    let mut builder = Builder::new(labels, options);
    builder.node(answer.from, NodeState::Compromised);
    builder.node(answer.to, NodeState::Target);
    for path in &answer.paths {
        builder.path(path);
    }
    let length = answer.paths.first().map_or(0, Path::len);
    let reached = match answer.level {
        Some(level) => format!("exposed at level {level}"),
        None => "taken over".to_string(),
    };
    let title = format!(
        "{} -> {}: {reached}, {} of {}",
        labels.id(answer.from),
        labels.id(answer.to),
        counted(answer.paths.len(), "shortest path", "shortest paths"),
        counted(length, "hop", "hops")
    );
    builder.finish(title)
}

/// The objects named by audit findings (a delegate, the mailbox, the
/// group between), the first `focus` of them in the given order drawn as
/// the focus, and every edge between two drawn nodes (scopes' member edges
/// aside): the part of the directory the findings are about.
pub fn objects(
    labels: &Labels<'_>,
    objects: &[NodeIndex],
    focus: usize,
    title: String,
    options: Options,
) -> Diagram {
    let graph = labels.graph();
    let mut builder = Builder::new(labels, options);
    for (i, &node) in objects.iter().enumerate() {
        let state = if i < focus {
            NodeState::Target
        } else {
            NodeState::Untouched
        };
        builder.node(node, state);
    }
    let drawn: Vec<NodeIndex> = builder.nodes.clone();
    for node in drawn {
        for edge in graph.graph().edges(node) {
            if !matches!(edge.weight(), Edge::InScope(_))
                && builder.position.contains_key(&builder.drawn(edge.target()))
            {
                builder
                    .edges
                    .push((edge.source(), edge.target(), edge.id()));
            }
        }
    }
    builder.finish(title)
}

/// The whole directory: every node and edge.
pub fn all(labels: &Labels<'_>, options: Options) -> Diagram {
    let graph = labels.graph();
    let mut builder = Builder::new(labels, options);
    for node in graph.graph().node_indices() {
        builder.node(node, NodeState::Untouched);
    }
    // Scopes are drawn as nodes, without an edge to each member.
    builder.edges = graph
        .graph()
        .edge_references()
        .filter(|edge| !matches!(edge.weight(), Edge::InScope(_)))
        .map(|edge| (edge.source(), edge.target(), edge.id()))
        .collect();
    let model = graph.model();
    let title = format!(
        "All access: {}, {}, {}, {}",
        counted(model.accounts.len(), "account", "accounts"),
        counted(model.mailboxes.len(), "mailbox", "mailboxes"),
        counted(model.groups.len(), "group", "groups"),
        counted(model.grants.len(), "grant", "grants")
    );
    builder.finish(title)
}

fn node_kind(labels: &Labels<'_>, node: NodeIndex) -> NodeKind {
    let graph = labels.graph();
    match graph.node(node) {
        Node::Account(_) => NodeKind::Account,
        Node::Group(_) => NodeKind::Group,
        Node::Application(_) => NodeKind::Application,
        Node::External(_) => NodeKind::External,
        Node::Scope(_) => NodeKind::Scope,
        Node::Mailbox(_) | Node::MailboxCredential(_) => {
            if graph.mailbox_record(node).is_some_and(|m| m.is_personal()) {
                NodeKind::PersonalMailbox
            } else {
                NodeKind::GenericMailbox
            }
        }
    }
}

/// The name, then the role (accounts) or the people whose data it holds
/// (mailboxes).
fn node_label(labels: &Labels<'_>, node: NodeIndex) -> String {
    let graph = labels.graph();
    let mut label = labels.name(node).into_owned();
    if let Some(account) = graph.account(node)
        && !account.role.is_empty()
    {
        label.push('\n');
        label.push_str(&account.role);
    }
    if let Some(mailbox) = graph.mailbox_record(node) {
        if !mailbox.name.is_empty() && !labels.is_redacted() {
            label.push('\n');
            label.push_str(&mailbox.id);
        }
        if mailbox.data_subjects > 0 {
            label.push_str(&format!(
                "\n{}",
                counted(mailbox.data_subjects as usize, "person", "people")
            ));
        }
    }
    label
}

/// The box a node goes in, if any.
fn cluster(labels: &Labels<'_>, node: NodeIndex, by: ClusterBy) -> Option<String> {
    let graph = labels.graph();
    match by {
        ClusterBy::None => None,
        ClusterBy::Controller => controller_name(labels, node),
        ClusterBy::Unit => owner_account(graph, node)
            .map(|a| labels.unit_name(&a.unit).into_owned())
            .filter(|unit| !unit.is_empty()),
    }
}

/// The account a node goes with: itself, or a personal mailbox's owner.
fn owner_account(graph: &AccessGraph, node: NodeIndex) -> Option<&crate::model::Account> {
    match graph.node(node) {
        Node::Account(_) => graph.account(node),
        Node::Mailbox(_) => graph
            .mailbox_record(node)
            .and_then(|m| m.owner.as_deref())
            .and_then(|owner| graph.principal(owner))
            .and_then(|owner| graph.account(owner)),
        _ => None,
    }
}

fn edge_kind(edge: Edge, model: &crate::model::Model) -> EdgeKind {
    match edge {
        Edge::Owner => EdgeKind::Owner,
        Edge::Member => EdgeKind::Member,
        Edge::Forwarding(_) => EdgeKind::Forwarding,
        Edge::Recovery(_) => EdgeKind::Recovery,
        Edge::SignIn => EdgeKind::SignIn,
        Edge::ApplicationOwner(_) | Edge::ApplicationAdminRole(_) => EdgeKind::ApplicationControl,
        Edge::ApplicationPermission(..) => EdgeKind::ApplicationPermission,
        Edge::AdminRole(_) => EdgeKind::AdminRole,
        Edge::InboxRule(_) | Edge::MailFlowRule(_) => EdgeKind::MailRule,
        Edge::InScope(_) => EdgeKind::InScope,
        Edge::Grant(i) => match model.grants[i as usize].right {
            Right::FullAccess => EdgeKind::FullAccess,
            Right::SendAs | Right::SendOnBehalf => EdgeKind::Send,
            Right::Folder { .. } => EdgeKind::Folder,
        },
    }
}

/// Text on an edge where the line style alone does not say it all.
fn edge_label(labels: &Labels<'_>, index: EdgeIndex) -> Option<String> {
    let graph = labels.graph();
    let model = graph.model();
    match graph.edge(index) {
        Edge::ApplicationPermission(..)
        | Edge::AdminRole(_)
        | Edge::ApplicationAdminRole(_)
        | Edge::InboxRule(_)
        | Edge::MailFlowRule(_) => Some(labels.edge(index)),
        Edge::Grant(i) => match &model.grants[i as usize].right {
            Right::SendAs => Some("SendAs".into()),
            Right::SendOnBehalf => Some("SendOnBehalf".into()),
            Right::Folder { folder, role } => Some(format!("{folder}: {role:?}")),
            Right::FullAccess => None,
        },
        _ => None,
    }
}

/// How a summary groups nodes, finest first: each is tried in turn until
/// the summary fits under `--max-nodes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    Unit,
    Controller,
    /// Accounts by role, a personal mailbox with its owner, the rest by
    /// kind.
    Role,
    /// One node per kind of node.
    Kind,
    /// One node for everything.
    Everything,
}

impl Grouping {
    /// What the title calls a group.
    fn noun(self, n: usize) -> String {
        let (one, many) = match self {
            Grouping::Unit => ("unit", "units"),
            Grouping::Controller => ("controller", "controllers"),
            Grouping::Role => ("role", "roles"),
            Grouping::Kind => ("kind", "kinds"),
            Grouping::Everything => ("summary", "summaries"),
        };
        counted(n, one, many)
    }

    /// The summary node `node` (drawn as `kind`) goes in.
    fn key(self, labels: &Labels<'_>, node: NodeIndex, kind: NodeKind) -> String {
        let by_kind = || kind.plural().to_string();
        match self {
            Grouping::Unit | Grouping::Controller => {
                let by = if self == Grouping::Unit {
                    ClusterBy::Unit
                } else {
                    ClusterBy::Controller
                };
                cluster(labels, node, by).unwrap_or_else(|| match kind {
                    NodeKind::GenericMailbox => "generic mailboxes".to_string(),
                    NodeKind::Group => "groups".to_string(),
                    NodeKind::Account if self == Grouping::Unit => "no unit".to_string(),
                    NodeKind::Account | NodeKind::PersonalMailbox => "no controller".to_string(),
                    _ => by_kind(),
                })
            }
            Grouping::Role => match owner_account(labels.graph(), node) {
                Some(account) if !account.role.is_empty() => account.role.clone(),
                Some(_) => "no role".to_string(),
                None => by_kind(),
            },
            Grouping::Kind => by_kind(),
            Grouping::Everything => "everything drawn".to_string(),
        }
    }
}

/// One node per unit (or controller), or coarser groups until there are
/// at most `max_nodes`: members counted by kind and state, edges between
/// groups merged and counted.
fn summarise(
    diagram: Diagram,
    graph_nodes: &[NodeIndex],
    labels: &Labels<'_>,
    options: Options,
) -> Diagram {
    let first = match options.cluster_by {
        ClusterBy::Controller => Grouping::Controller,
        ClusterBy::Unit | ClusterBy::None => Grouping::Unit,
    };
    let mut groupings = vec![first];
    groupings.extend(
        [
            Grouping::Role,
            Grouping::Controller,
            Grouping::Kind,
            Grouping::Everything,
        ]
        .into_iter()
        .filter(|g| *g != first),
    );
    // The summary group of each drawn node, under the first grouping that
    // fits.
    let mut chosen = None;
    for grouping in groupings {
        let keys: Vec<String> = diagram
            .nodes
            .iter()
            .zip(graph_nodes)
            .map(|(drawn, &node)| grouping.key(labels, node, drawn.kind))
            .collect();
        let distinct: std::collections::BTreeSet<&str> = keys.iter().map(String::as_str).collect();
        let fits = distinct.len() <= options.max_nodes;
        if fits || grouping == Grouping::Everything {
            chosen = Some((grouping, keys));
            break;
        }
    }
    let (grouping, keys) = chosen.expect("one node for everything always fits");
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        groups.entry(key.as_str()).or_default().push(index);
    }
    let position: HashMap<&str, usize> = groups
        .keys()
        .enumerate()
        .map(|(i, key)| (*key, i))
        .collect();
    let nodes = groups
        .iter()
        .map(|(key, members)| {
            let mut counts: BTreeMap<(NodeKind, NodeState), usize> = BTreeMap::new();
            for &member in members {
                let node = &diagram.nodes[member];
                *counts.entry((node.kind, node.state)).or_default() += 1;
            }
            let mut label = key.to_string();
            for ((kind, state), n) in &counts {
                label.push_str(&format!("\n{n} {}: {}", kind.legend(), state.legend()));
            }
            DiagramNode {
                kind: NodeKind::Summary,
                state: members
                    .iter()
                    .map(|&m| diagram.nodes[m].state)
                    .min()
                    .unwrap_or(NodeState::Untouched),
                label,
                cluster: None,
            }
        })
        .collect();
    let mut merged: BTreeMap<(usize, usize, EdgeKind), usize> = BTreeMap::new();
    for edge in &diagram.edges {
        let from = position[keys[edge.from].as_str()];
        let to = position[keys[edge.to].as_str()];
        if from != to {
            *merged.entry((from, to, edge.kind)).or_default() += 1;
        }
    }
    let edges = merged
        .into_iter()
        .map(|((from, to, kind), n)| DiagramEdge {
            from,
            to,
            kind,
            label: Some(format!("{n} × {}", kind.legend())),
        })
        .collect();
    Diagram {
        title: format!(
            "{} (summarised: {} in {}, above --max-nodes {})",
            diagram.title,
            counted(diagram.nodes.len(), "node", "nodes"),
            grouping.noun(groups.len()),
            options.max_nodes
        ),
        nodes,
        edges,
    }
}
