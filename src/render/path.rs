//! Attack paths as a table (one row per hop), JSON (`mailgraph/path/v1`) or
//! CSV.

use std::fmt::Write as _;

use serde_json::json;

use super::answer::{node_json, path_json, to_text};
use super::csv::Csv;
use super::{Labels, Table};
use crate::query::PathAnswer;

/// Rows of (path number, hop number, from, edge kind, right, to).
fn hops<'a>(
    answer: &'a PathAnswer,
    labels: &'a Labels<'_>,
) -> impl Iterator<Item = [String; 6]> + 'a {
    let graph = labels.graph();
    let model = graph.model();
    answer.paths.iter().enumerate().flat_map(move |(p, path)| {
        let mut from = path.start;
        path.hops.iter().enumerate().map(move |(h, hop)| {
            let edge = graph.edge(hop.edge);
            let row = [
                (p + 1).to_string(),
                (h + 1).to_string(),
                labels.id(from).into_owned(),
                edge.kind(model).to_string(),
                labels.edge(hop.edge),
                labels.id(hop.node).into_owned(),
            ];
            from = hop.node;
            row
        })
    })
}

fn reached(answer: &PathAnswer) -> String {
    match answer.level {
        Some(level) => format!("exposed at level {level}"),
        None => "taken over".to_string(),
    }
}

pub fn table(answer: &PathAnswer, labels: &Labels<'_>, colour: bool) -> String {
    let mut out = String::new();
    if !answer.is_reached() {
        let _ = writeln!(
            out,
            "{} does not reach {}",
            super::terminal::escape(&labels.id(answer.from)),
            super::terminal::escape(&labels.id(answer.to))
        );
        return out;
    }
    let length = answer.paths.first().map_or(0, |p| p.len());
    let _ = writeln!(
        out,
        "{} -> {}: {}, {} of {}{}",
        super::terminal::escape(&labels.id(answer.from)),
        super::terminal::escape(&labels.id(answer.to)),
        reached(answer),
        super::count(answer.paths.len() as u64, "shortest path", "shortest paths"),
        super::count(length as u64, "hop", "hops"),
        if answer.truncated {
            " (more exist; raise --limit)"
        } else {
            ""
        }
    );
    let mut table = Table::new(&[">path", ">hop", "from", "edge", "right", "to"]);
    for row in hops(answer, labels) {
        table.row(row);
    }
    out.push_str(&table.render(colour));
    out
}

pub fn json(answer: &PathAnswer, labels: &Labels<'_>) -> String {
    to_text(&json!({
        "schema": "mailgraph/path/v2",
        "from": node_json(labels, answer.from),
        "to": node_json(labels, answer.to),
        "reached": answer.is_reached(),
        "level": answer.level,
        "truncated": answer.truncated,
        "paths": answer.paths.iter().map(|p| path_json(labels, p)).collect::<Vec<_>>(),
    }))
}

pub fn csv(answer: &PathAnswer, labels: &Labels<'_>) -> String {
    let mut csv = Csv::new(&["path", "hop", "from", "edge", "right", "to"]);
    for row in hops(answer, labels) {
        csv.row(row);
    }
    csv.finish()
}
