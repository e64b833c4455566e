//! Pieces every query renderer shares: a node and a path as JSON values and
//! as text, through [`Labels`] so redaction applies everywhere.

use petgraph::graph::NodeIndex;
use serde_json::{Value, json};

use super::Labels;
use crate::graph::Node;
use crate::query::Path;

/// A node as JSON: `id`, `name`, `kind`, and for accounts `role`, `unit`,
/// `contractor`, `mfa`, `password`; for mailboxes `mailbox_kind`, `owner`, `controller`,
/// `data_subjects`.
pub fn node_json(labels: &Labels<'_>, node: NodeIndex) -> Value {
    let graph = labels.graph();
    let mut value = json!({
        "id": labels.id(node),
        "name": labels.name(node),
        "kind": graph.node(node).kind(),
    });
    if let Some(account) = graph.account(node) {
        value["role"] = json!(account.role);
        value["unit"] = json!(account.unit);
        value["contractor"] = json!(account.contractor);
        value["mfa"] = json!(account.mfa);
        value["password"] = json!(account.password.as_str());
    }
    if let (Node::Mailbox(_), Some(mailbox)) = (graph.node(node), graph.mailbox_record(node)) {
        value["mailbox_kind"] = json!(mailbox.kind.as_str());
        let owner = mailbox.owner.as_deref().and_then(|id| graph.principal(id));
        value["owner"] = json!(owner.map(|owner| labels.id(owner)));
        value["controller"] = json!(controller_name(labels, node));
        value["data_subjects"] = json!(mailbox.data_subjects);
    }
    value
}

/// A path as JSON: `{"start": id, "hops": [{"edge", "right", "to"}]}`.
pub fn path_json(labels: &Labels<'_>, path: &Path) -> Value {
    let graph = labels.graph();
    let model = graph.model();
    let hops: Vec<Value> = path
        .hops
        .iter()
        .map(|hop| {
            let edge = graph.edge(hop.edge);
            json!({
                "edge": edge.kind(model),
                "right": labels.edge(hop.edge),
                "to": labels.id(hop.node),
            })
        })
        .collect();
    json!({ "start": labels.id(path.start), "hops": hops })
}

/// A path as one line: `s.jones -FullAccess-> mp@example.org`.
pub fn path_text(labels: &Labels<'_>, path: &Path) -> String {
    let graph = labels.graph();
    let model = graph.model();
    let mut text = labels.id(path.start).into_owned();
    for hop in &path.hops {
        let edge = graph.edge(hop.edge);
        let label = match edge {
            crate::graph::Edge::Owner
            | crate::graph::Edge::Member
            | crate::graph::Edge::Forwarding(_)
            | crate::graph::Edge::Recovery(_)
            | crate::graph::Edge::SignIn
            | crate::graph::Edge::InScope(_) => edge.kind(model).to_string(),
            _ => labels.edge(hop.edge),
        };
        text.push_str(&format!(" -{label}-> {}", labels.id(hop.node)));
    }
    text
}

/// The name of a mailbox's data controller, as this output shows it.
pub fn controller_name(labels: &Labels<'_>, node: NodeIndex) -> Option<String> {
    let index = labels.graph().controller_of(node)?;
    Some(labels.controller(index).into_owned())
}

/// `n` of `total` as a percentage with two decimals.
pub fn percent(n: usize, total: usize) -> String {
    if total == 0 {
        return "0%".into();
    }
    format!("{:.2}%", n as f64 * 100.0 / total as f64)
}

/// Pretty JSON with a final newline.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
