//! The one way renderers turn a node into text: its id, its display name,
//! and its data controller's name. Every name that reaches an output goes
//! through [`Labels`], so that a redacted run (names replaced by stable
//! pseudonyms) is a matter of choosing how `Labels` is built, never of
//! remembering it in each renderer.

use std::borrow::Cow;

use petgraph::graph::NodeIndex;

use super::redact::Pseudonyms;
use crate::graph::{AccessGraph, Node};

/// Names of nodes and controllers, as an output shows them.
pub struct Labels<'g> {
    graph: &'g AccessGraph,
    pseudonyms: Option<Pseudonyms>,
}

impl<'g> Labels<'g> {
    /// Labels showing ids and names as the model has them.
    pub fn plain(graph: &'g AccessGraph) -> Labels<'g> {
        Labels {
            graph,
            pseudonyms: None,
        }
    }

    /// Labels showing pseudonyms instead of ids, names and controller
    /// names; kinds, roles and units stay.
    pub fn redacted(graph: &'g AccessGraph, pseudonyms: Pseudonyms) -> Labels<'g> {
        Labels {
            graph,
            pseudonyms: Some(pseudonyms),
        }
    }

    /// Whether names are replaced by pseudonyms.
    pub fn is_redacted(&self) -> bool {
        self.pseudonyms.is_some()
    }

    pub fn graph(&self) -> &'g AccessGraph {
        self.graph
    }

    /// The node's id (an account id, a mailbox address).
    pub fn id(&self, node: NodeIndex) -> Cow<'g, str> {
        let id = self.graph.id(node);
        match &self.pseudonyms {
            Some(pseudonyms) => {
                // A mailbox and its own credential share one id, and so one
                // pseudonym.
                let kind = match self.graph.node(node) {
                    Node::MailboxCredential(_) => "mailbox",
                    Node::External(_) => "external",
                    other => other.kind(),
                };
                Cow::Owned(pseudonyms.pseudonym(kind, id))
            }
            None => Cow::Borrowed(id),
        }
    }

    /// The node's display name, or its id where it has none.
    pub fn name(&self, node: NodeIndex) -> Cow<'g, str> {
        let name = self.graph.name(node);
        if name.is_empty() || self.is_redacted() {
            self.id(node)
        } else {
            Cow::Borrowed(name)
        }
    }

    /// The name of the data controller `model.controllers[index]`.
    pub fn controller(&self, index: usize) -> Cow<'g, str> {
        let controller = &self.graph.model().controllers[index];
        match &self.pseudonyms {
            Some(pseudonyms) => Cow::Owned(pseudonyms.pseudonym("controller", &controller.id)),
            None => Cow::Borrowed(&controller.name),
        }
    }

    /// A free-standing id (from a model record rather than a node) as this
    /// output shows it.
    pub fn record_id(&self, kind: &str, id: &'g str) -> Cow<'g, str> {
        match &self.pseudonyms {
            Some(pseudonyms) => Cow::Owned(pseudonyms.pseudonym(kind, id)),
            None => Cow::Borrowed(id),
        }
    }

    /// `text` (an id of a `kind` that is not a node, or a record's key) as
    /// this output shows it: a pseudonym of `kind` when redacted.
    pub fn text(&self, kind: &str, text: &str) -> String {
        match &self.pseudonyms {
            Some(pseudonyms) => pseudonyms.pseudonym(kind, text),
            None => text.to_string(),
        }
    }

    /// A path hop's description ([`crate::graph::Edge::label`]), with the
    /// names of rules and roles replaced by pseudonyms when redacted.
    pub fn edge(&self, edge: petgraph::graph::EdgeIndex) -> String {
        let model = self.graph.model();
        let kind = self.graph.edge(edge);
        match &self.pseudonyms {
            Some(pseudonyms) => kind.describe(model, |name| pseudonyms.pseudonym("rule", name)),
            None => kind.label(model),
        }
    }

    /// The name of a rule or role, as this output shows it.
    pub fn rule_name(&self, name: &str) -> String {
        match &self.pseudonyms {
            Some(pseudonyms) => pseudonyms.pseudonym("rule", name),
            None => name.to_string(),
        }
    }

    /// The organisational unit of an account node (empty for other nodes).
    pub fn unit(&self, node: NodeIndex) -> Cow<'g, str> {
        Cow::Borrowed(self.graph.account(node).map_or("", |a| a.unit.as_str()))
    }
}
