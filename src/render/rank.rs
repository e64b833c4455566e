//! The blast radius ranking as a table, JSON (`mailgraph/rank/v1`) or CSV.

use serde_json::json;

use super::answer::{node_json, to_text};
use super::csv::Csv;
use super::{Labels, Table};
use crate::query::BlastRadius;

const COLUMNS: [&str; 11] = [
    "credential",
    "name",
    "role",
    "mfa",
    "mailboxes",
    "personal",
    "generic",
    "full",
    "read",
    "send",
    "people",
];

fn row(labels: &Labels<'_>, radius: &BlastRadius) -> [String; 11] {
    let account = labels.graph().account(radius.credential);
    [
        labels.id(radius.credential).into_owned(),
        labels.name(radius.credential).into_owned(),
        account
            .map_or(labels.graph().node(radius.credential).kind(), |a| {
                a.role.as_str()
            })
            .to_string(),
        if account.is_some_and(|a| a.mfa) {
            "yes"
        } else {
            "no"
        }
        .to_string(),
        radius.mailboxes.to_string(),
        radius.personal.to_string(),
        radius.generic.to_string(),
        radius.full.to_string(),
        radius.read.to_string(),
        radius.send.to_string(),
        radius.people.to_string(),
    ]
}

pub fn table(radii: &[BlastRadius], total: usize, labels: &Labels<'_>, colour: bool) -> String {
    let mut table = Table::new(&[
        ">#",
        "credential",
        "name",
        "role",
        "mfa",
        ">mailboxes",
        ">personal",
        ">generic",
        ">full",
        ">read",
        ">send",
        ">people",
        ">takes over",
    ]);
    for (position, radius) in radii.iter().enumerate() {
        let mut cells = vec![(position + 1).to_string()];
        cells.extend(row(labels, radius));
        cells.push(radius.takeovers.to_string());
        table.row(cells);
    }
    let mut out = table.render(colour);
    if radii.len() < total {
        out.push_str(&format!(
            "\n{} of {} shown (--top N, or --top 0 for all)\n",
            radii.len(),
            super::count(total as u64, "credential", "credentials")
        ));
    }
    out
}

pub fn json(radii: &[BlastRadius], total: usize, labels: &Labels<'_>) -> String {
    to_text(&json!({
        "schema": "mailgraph/rank/v1",
        "credentials_ranked": total,
        "credentials": radii.iter().map(|radius| {
            let mut value = node_json(labels, radius.credential);
            value["blast_radius"] = json!({
                "mailboxes": radius.mailboxes,
                "personal": radius.personal,
                "generic": radius.generic,
                "full": radius.full,
                "read": radius.read,
                "send": radius.send,
                "people": radius.people,
                "takeovers": radius.takeovers,
            });
            value
        }).collect::<Vec<_>>(),
    }))
}

pub fn csv(radii: &[BlastRadius], labels: &Labels<'_>) -> String {
    let mut headers = COLUMNS.to_vec();
    headers.push("takeovers");
    let mut csv = Csv::new(&headers);
    for radius in radii {
        let mut cells = row(labels, radius).to_vec();
        cells.push(radius.takeovers.to_string());
        csv.row(cells);
    }
    csv.finish()
}
