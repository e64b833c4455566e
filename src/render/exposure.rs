//! The exposure of one mailbox (who could reach it) as a table, JSON
//! (`mailgraph/exposure/v3`: the paths once, in a `steps` table) or CSV.

use std::fmt::Write as _;

use serde_json::json;

use super::answer::{node_json, steps_to_root_json, to_text, tree_path_to_root_text};
use super::csv::Csv;
use super::{Labels, Table};
use crate::query::{Exposure, Level};

pub(crate) fn count(exposure: &Exposure, level: Level) -> usize {
    exposure
        .credentials
        .iter()
        .filter(|c| c.level == level)
        .count()
}

pub(crate) fn mfa(labels: &Labels<'_>, node: petgraph::graph::NodeIndex) -> &'static str {
    match labels.graph().account(node) {
        Some(account) if account.mfa => "yes",
        _ => "no",
    }
}

pub fn table(exposure: &Exposure, labels: &Labels<'_>, colour: bool) -> String {
    let graph = labels.graph();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Credentials that expose {} ({})",
        super::terminal::escape(&labels.id(exposure.mailbox)),
        exposure.credentials.len()
    );
    let mut table = Table::new(&["level", "credential", "name", "role", "mfa", "path"]);
    for exposer in &exposure.credentials {
        table.row([
            exposer.level.to_string(),
            labels.id(exposer.node).into_owned(),
            labels.name(exposer.node).into_owned(),
            graph
                .account(exposer.node)
                .map_or(graph.node(exposer.node).kind(), |a| a.role.as_str())
                .to_string(),
            mfa(labels, exposer.node).to_string(),
            tree_path_to_root_text(labels, &exposure.paths, exposer.step),
        ]);
    }
    out.push_str(&table.render(colour));
    let _ = writeln!(
        out,
        "\n{}: {} full, {} read, {} send; {} without MFA",
        super::count(
            exposure.credentials.len() as u64,
            "credential",
            "credentials"
        ),
        count(exposure, Level::Full),
        count(exposure, Level::Read),
        count(exposure, Level::Send),
        exposure.without_mfa(graph)
    );
    out
}

pub fn json(exposure: &Exposure, labels: &Labels<'_>) -> String {
    let graph = labels.graph();
    to_text(&json!({
        "schema": "mailgraph/exposure/v3",
        "mailbox": node_json(labels, exposure.mailbox),
        "totals": {
            "credentials": exposure.credentials.len(),
            "full": count(exposure, Level::Full),
            "read": count(exposure, Level::Read),
            "send": count(exposure, Level::Send),
            "without_mfa": exposure.without_mfa(graph),
        },
        "credentials": exposure.credentials.iter().map(|exposer| {
            let mut value = node_json(labels, exposer.node);
            value["level"] = json!(exposer.level);
            value["step"] = json!(exposer.step);
            value["hops"] = json!(exposure.hops(exposer));
            value
        }).collect::<Vec<_>>(),
        "steps": steps_to_root_json(labels, &exposure.paths),
    }))
}

pub fn csv(exposure: &Exposure, labels: &Labels<'_>) -> String {
    let graph = labels.graph();
    let mut csv = Csv::new(&["level", "credential", "name", "role", "unit", "mfa", "path"]);
    for exposer in &exposure.credentials {
        csv.row([
            exposer.level.to_string(),
            labels.id(exposer.node).into_owned(),
            labels.name(exposer.node).into_owned(),
            graph
                .account(exposer.node)
                .map_or("", |a| a.role.as_str())
                .to_string(),
            labels.unit(exposer.node).into_owned(),
            mfa(labels, exposer.node).to_string(),
            tree_path_to_root_text(labels, &exposure.paths, exposer.step),
        ]);
    }
    csv.finish()
}
