//! BloodHound CE's OpenGraph JSON: `{"metadata": {"source_kind": ...},
//! "graph": {"nodes": [...], "edges": [...]}}`. Each node has an `id`,
//! `kinds` (the first is the one BloodHound draws) and flat `properties`;
//! each edge a `start` and `end` matched by id, a `kind` of letters, digits
//! and underscores, and `properties`. Kinds carry the `MG_` prefix, as
//! OpenGraph extensions name theirs (mailboxes and their rights are kinds
//! of their own: `MG_Mailbox`, `MG_FullAccess`, `MG_AppPermission`, ...).
//! docs/export.md lists them.

use std::io::{self, Write};

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde_json::{Map, Value, json};

use super::{for_each_edge, gain_name, node_id, right};
use crate::graph::{Edge, Node};
use crate::model::Right;
use crate::render::Labels;
use crate::render::answer::controller_name;

/// The source kind BloodHound adds to every node of the upload.
pub const SOURCE_KIND: &str = "MailGraph";

/// A node's OpenGraph kind.
pub fn node_kind(node: Node) -> &'static str {
    match node {
        Node::Account(_) => "MG_Account",
        Node::Group(_) => "MG_Group",
        Node::Mailbox(_) => "MG_Mailbox",
        Node::MailboxCredential(_) => "MG_MailboxCredential",
        Node::Application(_) => "MG_Application",
        Node::External(_) => "MG_ExternalAddress",
        Node::Scope(_) => "MG_Scope",
    }
}

/// An edge's OpenGraph kind.
pub fn edge_kind(edge: Edge, right: Option<&Right>) -> &'static str {
    match (edge, right) {
        (Edge::Owner, _) => "MG_OwnsMailbox",
        (Edge::Grant(_), Some(Right::FullAccess)) => "MG_FullAccess",
        (Edge::Grant(_), Some(Right::SendAs)) => "MG_SendAs",
        (Edge::Grant(_), Some(Right::SendOnBehalf)) => "MG_SendOnBehalf",
        (Edge::Grant(_), _) => "MG_FolderRole",
        (Edge::Member, _) => "MG_MemberOf",
        (Edge::Forwarding(_), _) => "MG_ReceivesForwardedMailOf",
        (Edge::Recovery(_), _) => "MG_ReceivesResetsOf",
        (Edge::SignIn, _) => "MG_SignsInAs",
        (Edge::ApplicationOwner(_), _) => "MG_OwnsApplication",
        (Edge::ApplicationPermission(..), _) => "MG_AppPermission",
        (Edge::AdminRole(_), _) => "MG_CanGrantItself",
        (Edge::ApplicationAdminRole(_), _) => "MG_CanAddSecret",
        (Edge::InboxRule(_), _) => "MG_InboxRuleCopiesMailOf",
        (Edge::MailFlowRule(_), _) => "MG_MailFlowRuleCopiesMailOf",
        (Edge::InScope(_), _) => "MG_InScope",
    }
}

fn node_value(labels: &Labels<'_>, node: NodeIndex) -> Value {
    let graph = labels.graph();
    let mut properties = Map::new();
    properties.insert("name".into(), json!(labels.id(node)));
    properties.insert("displayname".into(), json!(labels.name(node)));
    if let Some(account) = graph.account(node) {
        properties.insert("role".into(), json!(account.role));
        properties.insert("unit".into(), json!(labels.unit(node)));
        properties.insert("mfa".into(), json!(account.mfa));
        properties.insert("enabled".into(), json!(account.enabled));
        properties.insert("contractor".into(), json!(account.contractor));
        properties.insert("password".into(), json!(account.password.as_str()));
    }
    if let (Node::Mailbox(_), Some(mailbox)) = (graph.node(node), graph.mailbox_record(node)) {
        properties.insert("mailbox_kind".into(), json!(mailbox.kind.as_str()));
        properties.insert("data_subjects".into(), json!(mailbox.data_subjects));
        properties.insert("sensitivity".into(), json!(mailbox.sensitivity.as_str()));
        properties.insert("sign_in".into(), json!(mailbox.sign_in));
        if let Some(controller) = controller_name(labels, node) {
            properties.insert("controller".into(), json!(controller));
        }
    }
    if let Some(application) = graph.application(node) {
        properties.insert("publisher".into(), json!(application.publisher.as_str()));
        properties.insert("credentials".into(), json!(application.credentials));
    }
    if let Node::Scope(_) = graph.node(node) {
        properties.insert("members".into(), json!(graph.scope_len(node)));
    }
    json!({
        "id": node_id(labels, node),
        "kinds": [node_kind(graph.node(node))],
        "properties": properties,
    })
}

fn edge_value(labels: &Labels<'_>, from: NodeIndex, to: NodeIndex, edge: EdgeIndex) -> Value {
    let graph = labels.graph();
    let weight = graph.edge(edge);
    let right = right(graph, edge);
    let mut properties = Map::new();
    properties.insert("gain".into(), json!(gain_name(graph.gain(edge))));
    properties.insert("label".into(), json!(labels.edge(edge)));
    if let Some(Right::Folder { folder, role }) = right {
        properties.insert("folder".into(), json!(folder));
        properties.insert("role".into(), json!(format!("{role:?}")));
        properties.insert("reads".into(), json!(role.reads()));
    }
    if let Edge::InboxRule(i) = weight {
        properties.insert(
            "hidden".into(),
            json!(graph.model().inbox_rules[i as usize].hidden),
        );
    }
    json!({
        "start": {"match_by": "id", "value": node_id(labels, from)},
        "end": {"match_by": "id", "value": node_id(labels, to)},
        "kind": edge_kind(weight, right),
        "properties": properties,
    })
}

/// Writes the whole graph as OpenGraph JSON, node by node and edge by edge.
pub fn write(labels: &Labels<'_>, out: &mut dyn Write) -> io::Result<()> {
    let graph = labels.graph();
    write!(
        out,
        "{{\n  \"metadata\": {{\"source_kind\": \"{SOURCE_KIND}\"}},\n  \"graph\": {{\n    \"nodes\": ["
    )?;
    for (i, node) in graph.graph().node_indices().enumerate() {
        out.write_all(if i == 0 { b"\n      " } else { b",\n      " })?;
        serde_json::to_writer(&mut *out, &node_value(labels, node))?;
    }
    out.write_all(b"\n    ],\n    \"edges\": [")?;
    let mut first = true;
    let mut failed = Ok(());
    for_each_edge(graph, |from, to, edge| {
        if failed.is_err() {
            return;
        }
        let separator: &[u8] = if first { b"\n      " } else { b",\n      " };
        first = false;
        failed = out.write_all(separator).and_then(|()| {
            Ok(serde_json::to_writer(
                &mut *out,
                &edge_value(labels, from, to, edge),
            )?)
        });
    });
    failed?;
    out.write_all(b"\n    ]\n  }\n}\n")
}
