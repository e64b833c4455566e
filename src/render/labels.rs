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
    /// Whether a redacted output shows organisational units as written
    /// (`--keep-units`): a unit often names a person ("Office of Baroness
    /// ...", a constituency office), so by default it is pseudonymised too.
    keep_units: bool,
}

impl<'g> Labels<'g> {
    /// Labels showing ids and names as the model has them.
    pub fn plain(graph: &'g AccessGraph) -> Labels<'g> {
        Labels {
            graph,
            pseudonyms: None,
            keep_units: false,
        }
    }

    /// Labels showing pseudonyms instead of ids, names, controller names
    /// and units; kinds and roles stay.
    pub fn redacted(graph: &'g AccessGraph, pseudonyms: Pseudonyms) -> Labels<'g> {
        Labels {
            graph,
            pseudonyms: Some(pseudonyms),
            keep_units: false,
        }
    }

    /// These labels, showing units as written even when redacted.
    pub fn keeping_units(mut self, keep: bool) -> Labels<'g> {
        self.keep_units = keep;
        self
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
            Some(pseudonyms) => Cow::Owned(pseudonyms.pseudonym(self.pseudonym_kind(node), id)),
            None => Cow::Borrowed(id),
        }
    }

    /// The kind a node's pseudonym is made under. A mailbox and its own
    /// credential share one id, and so one pseudonym.
    pub fn pseudonym_kind(&self, node: NodeIndex) -> &'static str {
        match self.graph.node(node) {
            Node::MailboxCredential(_) => "mailbox",
            Node::External(_) => "external",
            other => other.kind(),
        }
    }

    /// An id held apart from any graph (a record of another snapshot, a
    /// finding's object), as this output shows it: its pseudonym under
    /// `kind` when redacted.
    pub fn text_id(&self, kind: &str, id: &str) -> String {
        match &self.pseudonyms {
            Some(pseudonyms) => pseudonyms.pseudonym(kind, id),
            None => id.to_string(),
        }
    }

    /// A unit's name held apart from any graph, as [`Labels::unit_name`]
    /// shows it.
    pub fn unit_text(&self, unit: &str) -> String {
        match &self.pseudonyms {
            Some(pseudonyms) if !self.keep_units && !unit.is_empty() => {
                pseudonyms.pseudonym("unit", unit)
            }
            _ => unit.to_string(),
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
    /// An id that is not a node's (a deleted account's SID), as this
    /// output shows it.
    pub fn other_id(&self, kind: &str, id: &str) -> String {
        match &self.pseudonyms {
            Some(pseudonyms) => pseudonyms.pseudonym(kind, id),
            None => id.to_string(),
        }
    }

    /// Like [`Labels::other_id`], borrowing the id when it is shown as is.
    pub fn record_id(&self, kind: &str, id: &'g str) -> Cow<'g, str> {
        match &self.pseudonyms {
            Some(pseudonyms) => Cow::Owned(pseudonyms.pseudonym(kind, id)),
            None => Cow::Borrowed(id),
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

    /// The organisational unit of an account node (empty for other nodes),
    /// as this output shows it.
    pub fn unit(&self, node: NodeIndex) -> Cow<'g, str> {
        self.unit_name(self.graph.account(node).map_or("", |a| a.unit.as_str()))
    }

    /// A unit's name as this output shows it: a pseudonym when redacted
    /// (unless units are kept); no unit stays empty.
    pub fn unit_name(&self, unit: &'g str) -> Cow<'g, str> {
        match &self.pseudonyms {
            Some(pseudonyms) if !self.keep_units && !unit.is_empty() => {
                Cow::Owned(pseudonyms.pseudonym("unit", unit))
            }
            _ => Cow::Borrowed(unit),
        }
    }
}
