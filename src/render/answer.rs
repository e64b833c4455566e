//! Pieces every query renderer shares: a node and a path as JSON values and
//! as text, through [`Labels`] so redaction applies everywhere.

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde_json::{Value, json};

use super::Labels;
use crate::graph::{Edge, Node};
use crate::model::Right;
use crate::query::{Hop, Path, PathTree};

/// A node as JSON: `id`, `name`, `kind`, and for accounts `role`, `unit`,
/// `contractor`, `mfa`, `password`; for mailboxes `mailbox_kind`, `owner`,
/// `controller` (`{"id", "name"}` or null), `data_subjects`.
pub fn node_json(labels: &Labels<'_>, node: NodeIndex) -> Value {
    let graph = labels.graph();
    let mut value = json!({
        "id": labels.id(node),
        "name": labels.name(node),
        "kind": graph.node(node).kind(),
    });
    if let Some(account) = graph.account(node) {
        value["role"] = json!(account.role);
        value["unit"] = json!(labels.unit(node));
        value["contractor"] = json!(account.contractor);
        value["mfa"] = json!(account.mfa);
        value["password"] = json!(account.password.as_str());
    }
    if let (Node::Mailbox(_), Some(mailbox)) = (graph.node(node), graph.mailbox_record(node)) {
        value["mailbox_kind"] = json!(mailbox.kind.as_str());
        let owner = mailbox.owner.as_deref().and_then(|id| graph.principal(id));
        value["owner"] = json!(owner.map(|owner| labels.id(owner)));
        value["controller"] = json!(labels.graph().controller_of(node).map(|index| {
            let id = &labels.graph().model().controllers[index].id;
            json!({
                "id": labels.record_id("controller", id),
                "name": labels.controller(index),
            })
        }));
        value["data_subjects"] = json!(mailbox.data_subjects);
    }
    value
}

/// A path as JSON: `{"start", "start_kind", "hops": [hop]}`, each hop as
/// [`hop_json`].
pub fn path_json(labels: &Labels<'_>, path: &Path) -> Value {
    let hops: Vec<Value> = path
        .hops
        .iter()
        .map(|hop| hop_json(labels, hop.edge, hop.node))
        .collect();
    json!({
        "start": labels.id(path.start),
        "start_kind": labels.graph().node(path.start).kind(),
        "hops": hops,
    })
}

/// One hop as JSON: `edge` (its kind), `right` (a readable label), `to`
/// (the id reached) and `kind` (the kind of node reached: accounts and
/// mailboxes may share an id), and for a folder grant `folder` and `role`.
pub fn hop_json(labels: &Labels<'_>, edge: EdgeIndex, to: NodeIndex) -> Value {
    let graph = labels.graph();
    let model = graph.model();
    let kind = graph.edge(edge);
    let mut value = json!({
        "edge": kind.kind(model),
        "right": labels.edge(edge),
        "to": labels.id(to),
        "kind": graph.node(to).kind(),
    });
    if let Edge::Grant(i) = kind
        && let Right::Folder { folder, role } = &model.grants[i as usize].right
    {
        value["folder"] = json!(folder);
        value["role"] = json!(format!("{role:?}"));
    }
    value
}

/// The steps of a path tree as JSON, in order: each `{"id", "kind", "from",
/// ...}`, where `from` is the index of the step it continues (null for a
/// start) and a step with a `from` carries its hop's `edge`, `right` (and
/// `folder`, `role`). Following `from` from any step back to a start spells
/// out its path; each step is written once, so the size is linear.
pub fn steps_json(labels: &Labels<'_>, tree: &PathTree) -> Vec<Value> {
    linked_steps_json(labels, tree, "from")
}

/// The steps of a backward path tree (an exposure's) as JSON: like
/// [`steps_json`], but each step names the step its hop leads *to*
/// (`to`, null for the mailbox), and the hop is the one from the step's
/// node to that step's.
pub fn steps_to_root_json(labels: &Labels<'_>, tree: &PathTree) -> Vec<Value> {
    linked_steps_json(labels, tree, "to")
}

fn linked_steps_json(labels: &Labels<'_>, tree: &PathTree, link: &str) -> Vec<Value> {
    let graph = labels.graph();
    tree.steps()
        .iter()
        .map(|step| {
            let mut value = match step.edge {
                Some(edge) => hop_json(labels, edge, step.node),
                None => json!({}),
            };
            if let Some(object) = value.as_object_mut() {
                object.remove("to");
                object.remove("kind");
            }
            let mut ordered = json!({
                "id": labels.id(step.node),
                "kind": graph.node(step.node).kind(),
            });
            ordered[link] = json!(step.from);
            if let (Some(into), Some(from)) = (ordered.as_object_mut(), value.as_object()) {
                into.extend(from.clone());
            }
            ordered
        })
        .collect()
}

/// The path ending at `step` of `tree` as one line, like [`path_text`];
/// a long path shows its first and last hops and how many are left out
/// between them, so a line stays short however long the chain.
pub fn tree_path_text(labels: &Labels<'_>, tree: &PathTree, step: u32) -> String {
    let (head, rest) = tree.ends(step, 3);
    ends_text(labels, &head, rest)
}

/// The path from `step` of a backward tree to its root (a credential to
/// the mailbox of an exposure) as one line, like [`tree_path_text`].
pub fn tree_path_to_root_text(labels: &Labels<'_>, tree: &PathTree, step: u32) -> String {
    let (beginning, rest) = tree.ends_to_root(step, 3);
    ends_text(labels, &beginning, rest)
}

/// A path's beginning, then, if it was cut, how many hops were left out
/// and its last hops.
fn ends_text(labels: &Labels<'_>, head: &Path, rest: Option<(u32, Vec<Hop>)>) -> String {
    let mut text = path_text(labels, head);
    if let Some((left_out, tail)) = rest {
        let hops = super::noun(left_out as u64, "hop", "hops");
        text.push_str(&format!(" -[{left_out} more {hops}]->"));
        for (i, hop) in tail.iter().enumerate() {
            let label = hop_label(labels, hop.edge);
            if i > 0 {
                text.push_str(&format!(" -{label}->"));
            } else {
                text.push_str(&format!(" ... -{label}->"));
            }
            text.push_str(&format!(" {}", labels.id(hop.node)));
        }
    }
    text
}

/// A path as one line: `s.jones -FullAccess-> mp@example.org`.
pub fn path_text(labels: &Labels<'_>, path: &Path) -> String {
    let mut text = labels.id(path.start).into_owned();
    for hop in &path.hops {
        text.push_str(&format!(
            " -{}-> {}",
            hop_label(labels, hop.edge),
            labels.id(hop.node)
        ));
    }
    text
}

/// An edge as a path line shows it: a grant's right, or the edge kind; an
/// application's permission names the application as people know it
/// (`application LegacyTest (full_access_as_app)`), since its id is often
/// a GUID.
fn hop_label(labels: &Labels<'_>, edge: EdgeIndex) -> String {
    let model = labels.graph().model();
    match labels.graph().edge(edge) {
        Edge::ApplicationPermission(..) => {
            let (application, _) = labels
                .graph()
                .graph()
                .edge_endpoints(edge)
                .expect("an edge of this graph");
            format!(
                "application {} ({})",
                labels.name(application),
                labels.edge(edge)
            )
        }
        kind @ (Edge::Owner
        | Edge::Member
        | Edge::Forwarding(_)
        | Edge::Recovery(_)
        | Edge::SignIn
        | Edge::InScope(_)) => kind.kind(model).to_string(),
        _ => labels.edge(edge),
    }
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
