//! What-if as a table, JSON (`mailgraph/what-if/v1`), CSV or Markdown: the
//! reach from the credentials before and after, then `diff`'s sections.

use std::fmt::Write as _;

use serde_json::json;

use super::answer::to_text;
use super::diff::{self, Snapshots};
use super::{Labels, count, markdown};
use crate::plan::what_if::{ReachComparison, WhatIf};

/// A what-if answer in redacted order: the diff's
/// ([`super::shown_order::diff`]), and the mailboxes whose reach changed
/// by their change, then pseudonym.
pub fn redact(answer: &mut WhatIf, labels: &Snapshots<'_, '_>) {
    if !labels.old.is_redacted() {
        return;
    }
    super::shown_order::diff(&mut answer.diff, labels.old, labels.new);
    answer
        .reach
        .changes
        .sort_by_cached_key(|change| (change.kind(), labels.old.id(change.mailbox).into_owned()));
}

fn level(level: Option<crate::query::Level>) -> String {
    level.map_or_else(|| "-".to_string(), |l| l.to_string())
}

fn title(reach: &ReachComparison) -> String {
    format!(
        "Reach from {} ({} still held after): {} ({}) before, {} ({}) after",
        count(
            reach.sources_before.len() as u64,
            "credential",
            "credentials"
        ),
        reach.sources_after.len(),
        count(reach.before.0 as u64, "mailbox", "mailboxes"),
        count(reach.before.1, "person", "people"),
        reach.after.0,
        count(reach.after.1, "person", "people")
    )
}

const HEADERS: [&str; 5] = ["change", "mailbox", ">people", "before", "after"];

/// The reach comparison as the first section of the diff's layout.
fn reach_section(reach: &ReachComparison, labels: &Labels<'_>) -> diff::Section {
    diff::Section {
        name: "reach",
        title: title(reach),
        headers: &HEADERS,
        columns: &["change", "mailbox", "people", "level_before", "level_after"],
        rows: rows(reach, labels),
    }
}

fn rows(reach: &ReachComparison, labels: &Labels<'_>) -> Vec<Vec<String>> {
    reach
        .changes
        .iter()
        .map(|change| {
            let people = labels
                .graph()
                .mailbox_record(change.mailbox)
                .map_or(0, |m| m.data_subjects);
            vec![
                change.kind().to_string(),
                labels.id(change.mailbox).into_owned(),
                people.to_string(),
                level(change.before),
                level(change.after),
            ]
        })
        .collect()
}

fn all_sections(answer: &WhatIf, labels: &Snapshots<'_, '_>) -> Vec<diff::Section> {
    let mut sections = vec![reach_section(&answer.reach, labels.old)];
    sections.extend(diff::sections(&answer.diff, labels));
    sections
}

pub fn table(answer: &WhatIf, labels: &Snapshots<'_, '_>, colour: bool) -> String {
    diff::sections_table(all_sections(answer, labels), colour)
}

/// The reach comparison's rows (section `reach`), then the diff's rows, in
/// the diff's CSV columns (docs/json.md).
pub fn csv(answer: &WhatIf, labels: &Snapshots<'_, '_>) -> String {
    diff::sections_csv(all_sections(answer, labels))
}

pub fn markdown(answer: &WhatIf, labels: &Snapshots<'_, '_>, title_text: &str) -> String {
    let mut out = format!("# What if: {}\n\n", markdown::escape(title_text));
    let _ = writeln!(out, "## {}\n", markdown::escape(&title(&answer.reach)));
    let rows = rows(&answer.reach, labels.old);
    if !rows.is_empty() {
        let headers: Vec<&str> = HEADERS.iter().map(|h| h.trim_start_matches('>')).collect();
        let _ = writeln!(out, "| {} |", headers.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| markdown::escape(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    // The diff's own report, its headings one level down.
    let diff = diff::markdown(&answer.diff, labels, title_text);
    for line in diff.lines().skip(1) {
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn json(answer: &WhatIf, labels: &Snapshots<'_, '_>) -> String {
    let reach = &answer.reach;
    let old = labels.old;
    to_text(&json!({
        "schema": "mailgraph/what-if/v1",
        "reach": {
            "credentials_before": reach.sources_before.iter().map(|&n| old.id(n)).collect::<Vec<_>>(),
            "credentials_after": reach.sources_after.iter().map(|&n| labels.new.id(n)).collect::<Vec<_>>(),
            "before": {"mailboxes": reach.before.0, "people": reach.before.1},
            "after": {"mailboxes": reach.after.0, "people": reach.after.1},
            "changes": reach.changes.iter().map(|change| json!({
                "change": change.kind(),
                "mailbox": old.id(change.mailbox),
                "before": change.before,
                "after": change.after,
            })).collect::<Vec<_>>(),
        },
        "diff": diff::json_value(&answer.diff, labels),
    }))
}
