//! The whole graph in the formats other graph tools read: BloodHound CE's
//! OpenGraph JSON ([`opengraph`]), so that mailbox access joins AD and
//! Entra attack paths there, and GraphML ([`graphml`]) for Gephi, yEd and
//! Cytoscape.
//!
//! Both stream: each node and edge is written as it is visited, never
//! gathered first. Names go through [`Labels`], so `--redact` applies. A
//! scope (every mailbox, a group's mailboxes) is written as its node and
//! one `in scope` edge to each member, since these tools walk stored edges
//! only: a scope costs one edge per member, never one per member per holder.

pub mod graphml;
pub mod opengraph;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::graph::{AccessGraph, Edge, Gain, Node};
use crate::model::Right;
use crate::render::Labels;

/// A node's id in an export: its kind and its id (an account and its own
/// mailbox may share an id; their export ids differ).
pub fn node_id(labels: &Labels<'_>, node: NodeIndex) -> String {
    let kind = match labels.graph().node(node) {
        Node::Account(_) => "account",
        Node::Group(_) => "group",
        Node::Mailbox(_) => "mailbox",
        Node::MailboxCredential(_) => "credential",
        Node::Application(_) => "application",
        Node::External(_) => "external",
        Node::Scope(_) => "scope",
    };
    format!("{kind}:{}", labels.id(node))
}

/// What crossing an edge gives, as a word.
pub fn gain_name(gain: Gain) -> &'static str {
    match gain {
        Gain::Full => "full",
        Gain::ReadMail => "read-mail",
        Gain::ReadFolder => "read-folder",
        Gain::Send => "send",
        Gain::Control => "control",
        Gain::Nothing => "none",
    }
}

/// Every edge to write, with its ends: the stored edges, and each scope's
/// edge once per member.
pub fn for_each_edge(graph: &AccessGraph, mut each: impl FnMut(NodeIndex, NodeIndex, EdgeIndex)) {
    for edge in graph.graph().edge_references() {
        match edge.weight() {
            Edge::InScope(_) => {
                let scope = edge.source();
                graph.for_each_in_scope(scope, |member| each(scope, member, edge.id()));
            }
            _ => each(edge.source(), edge.target(), edge.id()),
        }
    }
}

/// The right a grant edge stands for, if it is one.
pub fn right(graph: &AccessGraph, edge: EdgeIndex) -> Option<&Right> {
    match graph.edge(edge) {
        Edge::Grant(i) => Some(&graph.model().grants[i as usize].right),
        _ => None,
    }
}
