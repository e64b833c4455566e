//! What a diagram shows: the part of the graph that explains one answer.
//!
//! Each focus (a reach, the exposure of a mailbox, attack paths, or the
//! whole directory) becomes a [`Diagram`]: the nodes of the answer with
//! their state, the edges of its paths, clusters by unit or controller, and
//! a title with the totals. A mailbox's own credential is drawn as the
//! mailbox itself. Above `max_nodes`, the diagram is summarised: one node per
//! unit (or controller) with counts, edges merged with their number.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{Diagram, DiagramEdge, DiagramNode, EdgeKind, NodeKind, NodeState};
use crate::graph::{Edge, Node};
use crate::model::{Incident, Right};
use crate::query::{Exposure, Level, Path, PathAnswer, Reach};
use crate::render::answer::controller_name;
use crate::render::{Labels, count};

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

    /// Adds the nodes and edges of `path`; nodes not yet drawn get the state
    /// their kind has on an attack path.
    fn path(&mut self, path: &Path) {
        for node in path.nodes() {
            self.path_node(node);
        }
        let mut from = path.start;
        for hop in &path.hops {
            self.edges.push((from, hop.node, hop.edge));
            from = hop.node;
        }
    }

    /// Adds a node of an attack path with the state its kind has there.
    fn path_node(&mut self, node: NodeIndex) {
        let state = match self.labels.graph().node(node) {
            Node::Group(_) => NodeState::Controlled,
            _ => NodeState::Untouched,
        };
        self.node(node, state);
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

fn level_state(level: Level) -> NodeState {
    match level {
        Level::Full => NodeState::ExposedFull,
        Level::Read => NodeState::ExposedRead,
        Level::Send => NodeState::ExposedSend,
    }
}

/// The diagram of a reach: compromised and taken-over credentials, exposed
/// mailboxes, and the paths that explain them.
pub fn reach(
    reach: &Reach,
    incident: Option<&Incident>,
    labels: &Labels<'_>,
    options: Options,
) -> Diagram {
    reach_with_notes(reach, incident, labels, options, HashMap::new())
}

/// The diagram of a reach with a line of text under some nodes' labels
/// (what the audit log says of an exposed mailbox).
pub fn reach_with_notes(
    reach: &Reach,
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
    // Every step of every path, each once (the paths share their prefixes).
    for step in reach.paths.steps() {
        builder.path_node(step.node);
        if let (Some(edge), Some(from)) = (step.edge, step.from) {
            let from = reach.paths.step(from).node;
            builder.edges.push((from, step.node, edge));
        }
    }
    let personal = reach.personal_mailboxes(graph);
    let what = match incident {
        Some(incident) => format!("Incident {} ({})", incident.name, incident.date),
        None => "Compromised credentials".to_string(),
    };
    let title = format!(
        "{what}: {} compromised, {} affected, {} exposed ({} personal, {} generic), {}",
        reach.sources.len(),
        count(reach.users.len() as u64, "user", "users"),
        count(reach.mailboxes.len() as u64, "mailbox", "mailboxes"),
        personal,
        reach.mailboxes.len() - personal,
        count(reach.people(graph), "person's data", "people's data")
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
    for step in exposure.paths.steps() {
        builder.path_node(step.node);
        if let (Some(edge), Some(to)) = (step.edge, step.from) {
            let to = exposure.paths.step(to).node;
            builder.edges.push((step.node, to, edge));
        }
    }
    let title = format!(
        "Who can reach {}: {}, {} without MFA",
        labels.id(exposure.mailbox),
        count(
            exposure.credentials.len() as u64,
            "credential",
            "credentials"
        ),
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
        count(answer.paths.len() as u64, "shortest path", "shortest paths"),
        count(length as u64, "hop", "hops")
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
        "All access: {}",
        crate::render::count_list(&[
            (model.accounts.len(), "account", "accounts"),
            (model.mailboxes.len(), "mailbox", "mailboxes"),
            (model.groups.len(), "group", "groups"),
            (model.grants.len(), "grant", "grants"),
        ])
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
            label.push('\n');
            label.push_str(&count(mailbox.data_subjects, "person", "people"));
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
        ClusterBy::Unit => {
            let account = match graph.node(node) {
                Node::Account(_) => graph.account(node),
                Node::Mailbox(_) => graph
                    .mailbox_record(node)
                    .and_then(|m| m.owner.as_deref())
                    .and_then(|owner| graph.principal(owner))
                    .and_then(|owner| graph.account(owner)),
                _ => None,
            };
            account
                .map(|a| a.unit.clone())
                .filter(|unit| !unit.is_empty())
        }
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

/// One node per unit (or controller): members counted by kind and state,
/// edges between units merged and counted.
fn summarise(
    diagram: Diagram,
    graph_nodes: &[NodeIndex],
    labels: &Labels<'_>,
    options: Options,
) -> Diagram {
    let by = match options.cluster_by {
        ClusterBy::None => ClusterBy::Unit,
        other => other,
    };
    // The summary group of each drawn node.
    let keys: Vec<String> = diagram
        .nodes
        .iter()
        .zip(graph_nodes)
        .map(|(drawn, &node)| {
            cluster(labels, node, by).unwrap_or_else(|| match drawn.kind {
                NodeKind::GenericMailbox => "generic mailboxes".to_string(),
                NodeKind::Group => "groups".to_string(),
                _ => "no unit".to_string(),
            })
        })
        .collect();
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
            count(diagram.nodes.len() as u64, "node", "nodes"),
            count(groups.len() as u64, "unit", "units"),
            options.max_nodes
        ),
        nodes,
        edges,
    }
}
