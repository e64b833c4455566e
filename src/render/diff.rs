//! The difference between two snapshots as a table, JSON
//! (`mailgraph/diff/v1`), CSV or Markdown. Table, CSV and Markdown share
//! one layout: a list of titled sections of rows (the CSV names each row's
//! section in its first column).

use std::fmt::Write as _;

use serde_json::json;

use super::answer::{path_json, path_text, to_text};
use super::csv::Csv;
use super::{Labels, Table, markdown};
use crate::diff::{Change, Diff, FindingKey, PathChange, Snapshot, describe_fields};

/// The labels of each snapshot.
pub struct Snapshots<'a, 'g> {
    pub old: &'a Labels<'g>,
    pub new: &'a Labels<'g>,
}

impl<'g> Snapshots<'_, 'g> {
    pub fn of(&self, snapshot: Snapshot) -> &Labels<'g> {
        match snapshot {
            Snapshot::Old => self.old,
            Snapshot::New => self.new,
        }
    }
}

/// One titled table of a comparison.
pub(super) struct Section {
    /// The row's section in the CSV's first column.
    pub name: &'static str,
    pub title: String,
    /// Column headings of the table (`>` aligns right).
    pub headers: &'static [&'static str],
    /// The CSV column of each heading, one of [`CSV_COLUMNS`].
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

/// The CSV's columns: every section's columns, a row filling those of its
/// own section and leaving the others empty.
pub const CSV_COLUMNS: &[&str] = &[
    "section",
    "change",
    "record",
    "key",
    "credential",
    "mailbox",
    "people",
    "level_before",
    "level_after",
    "mailboxes_before",
    "mailboxes_after",
    "people_before",
    "people_after",
    "severity",
    "rule",
    "objects",
    "detail",
    "path",
];

fn level(level: Option<crate::query::Level>) -> String {
    level.map_or_else(|| "-".to_string(), |l| l.to_string())
}

fn counts(before: Option<(u32, u64)>) -> (String, String) {
    match before {
        Some((mailboxes, people)) => (mailboxes.to_string(), people.to_string()),
        None => ("-".to_string(), "-".to_string()),
    }
}

fn path_row(change: &PathChange, labels: &Snapshots<'_, '_>) -> Vec<String> {
    let labels = labels.of(change.snapshot);
    let mailbox = change.path.end();
    let people = labels
        .graph()
        .mailbox_record(mailbox)
        .map_or(0, |m| m.data_subjects);
    vec![
        change.kind().to_string(),
        labels.id(change.path.start).into_owned(),
        labels.id(mailbox).into_owned(),
        people.to_string(),
        level(change.before),
        level(change.after),
        path_text(labels, &change.path),
    ]
}

/// A record's key as this output shows it: under `--redact`, one
/// pseudonym for the whole key (it is made of ids: `bob -> mp@x
/// (FullAccess)`).
fn record_key(labels: &Labels<'_>, change: &Change) -> String {
    labels.text_id(change.what, &change.key)
}

/// What changed in a record, with units and controllers as this output
/// shows them.
fn record_detail(labels: &Labels<'_>, change: &Change) -> String {
    if !labels.is_redacted() {
        return change.detail.clone();
    }
    describe_fields(&change.fields, |field, value| match field {
        "unit" => labels.unit_text(value),
        "controller" if value != "-" => labels.text_id("controller", value),
        _ => value.to_string(),
    })
}

/// A finding's objects as this output shows them.
fn finding_objects(labels: &Labels<'_>, finding: &FindingKey) -> Vec<String> {
    finding
        .objects
        .iter()
        .zip(&finding.object_kinds)
        .map(|(id, kind)| labels.text_id(kind, id))
        .collect()
}

fn finding_row(labels: &Labels<'_>, status: &str, finding: &FindingKey) -> Vec<String> {
    vec![
        status.to_string(),
        finding.severity.0.as_str().to_string(),
        finding.rule.to_string(),
        finding_objects(labels, finding).join(", "),
        finding.detail.clone(),
    ]
}

pub(super) fn sections(diff: &Diff, labels: &Snapshots<'_, '_>) -> Vec<Section> {
    let records = &diff.records;
    let mut record_rows = Vec::new();
    for (status, changes) in [
        ("added", &records.added),
        ("removed", &records.removed),
        ("changed", &records.changed),
    ] {
        for change in changes {
            record_rows.push(vec![
                status.to_string(),
                change.what.to_string(),
                record_key(labels.new, change),
                record_detail(labels.new, change),
            ]);
        }
    }
    let paths = &diff.exposure.paths;
    let count = |kind: &str| paths.iter().filter(|p| p.kind() == kind).count();
    let blast_rows = diff
        .exposure
        .blast
        .iter()
        .map(|change| {
            let (mailboxes_before, people_before) = counts(change.before);
            let (mailboxes_after, people_after) = counts(change.after);
            vec![
                labels
                    .of(change.snapshot)
                    .id(change.credential)
                    .into_owned(),
                mailboxes_before,
                mailboxes_after,
                people_before,
                people_after,
            ]
        })
        .collect();
    let finding_rows = diff
        .new_findings
        .iter()
        .map(|f| finding_row(labels.new, "new", f))
        .chain(
            diff.resolved_findings
                .iter()
                .map(|f| finding_row(labels.old, "resolved", f)),
        )
        .collect();
    vec![
        Section {
            name: "record",
            title: format!(
                "Records: {} added, {} removed, {} changed",
                records.added.len(),
                records.removed.len(),
                records.changed.len()
            ),
            headers: &["change", "record", "key", "detail"],
            columns: &["change", "record", "key", "detail"],
            rows: record_rows,
        },
        Section {
            name: "personal_data_access",
            title: format!(
                "Access to mailboxes holding personal data: {} added, {} removed, {} changed level",
                count("added"),
                count("removed"),
                count("changed")
            ),
            headers: &[
                "change",
                "credential",
                "mailbox",
                ">people",
                "before",
                "after",
                "path",
            ],
            columns: &[
                "change",
                "credential",
                "mailbox",
                "people",
                "level_before",
                "level_after",
                "path",
            ],
            rows: paths.iter().map(|p| path_row(p, labels)).collect(),
        },
        Section {
            name: "blast_radius",
            title: format!(
                "Blast radius: {} changed",
                super::count(
                    diff.exposure.blast.len() as u64,
                    "credential",
                    "credentials"
                )
            ),
            headers: &[
                "credential",
                ">mailboxes before",
                ">after",
                ">people before",
                ">after",
            ],
            columns: &[
                "credential",
                "mailboxes_before",
                "mailboxes_after",
                "people_before",
                "people_after",
            ],
            rows: blast_rows,
        },
        Section {
            name: "finding",
            title: format!(
                "Audit findings: {} new, {} resolved",
                diff.new_findings.len(),
                diff.resolved_findings.len()
            ),
            headers: &["status", "severity", "rule", "objects", "detail"],
            columns: &["change", "severity", "rule", "objects", "detail"],
            rows: finding_rows,
        },
    ]
}

pub fn table(diff: &Diff, labels: &Snapshots<'_, '_>, colour: bool) -> String {
    sections_table(sections(diff, labels), colour)
}

/// `sections` one after the other, each under its title.
pub(super) fn sections_table(sections: impl IntoIterator<Item = Section>, colour: bool) -> String {
    let mut out = String::new();
    for section in sections {
        let _ = writeln!(out, "{}", super::terminal::escape(&section.title));
        if !section.rows.is_empty() {
            let mut table = Table::new(section.headers);
            for row in section.rows {
                table.row(row);
            }
            out.push_str(&table.render(colour));
        }
        out.push('\n');
    }
    out
}

pub fn csv(diff: &Diff, labels: &Snapshots<'_, '_>) -> String {
    sections_csv(sections(diff, labels))
}

/// `sections` as one CSV of [`CSV_COLUMNS`], a row per table row.
pub(super) fn sections_csv(sections: impl IntoIterator<Item = Section>) -> String {
    let mut csv = Csv::new(CSV_COLUMNS);
    for section in sections {
        let places: Vec<usize> = section
            .columns
            .iter()
            .map(|column| {
                CSV_COLUMNS
                    .iter()
                    .position(|c| c == column)
                    .expect("every section column is a CSV column")
            })
            .collect();
        for row in section.rows {
            let mut cells = vec![String::new(); CSV_COLUMNS.len()];
            cells[0] = section.name.to_string();
            for (cell, &place) in row.into_iter().zip(&places) {
                // `-`, the tables' "none", is an empty cell here.
                if cell != "-" {
                    cells[place] = cell;
                }
            }
            csv.row(cells);
        }
    }
    csv.finish()
}

pub fn markdown(diff: &Diff, labels: &Snapshots<'_, '_>, title: &str) -> String {
    let mut out = format!("# Changes: {}\n\n", markdown::escape(title));
    for section in sections(diff, labels) {
        // A section title is this program's own text (counts), not data.
        let _ = writeln!(out, "## {}\n", section.title);
        if section.rows.is_empty() {
            continue;
        }
        let headers: Vec<&str> = section
            .headers
            .iter()
            .map(|h| h.trim_start_matches('>'))
            .collect();
        let _ = writeln!(out, "| {} |", headers.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
        for row in section.rows {
            let cells: Vec<String> = row.iter().map(|c| markdown::escape(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

pub fn json(diff: &Diff, labels: &Snapshots<'_, '_>) -> String {
    to_text(&json_value(diff, labels))
}

/// The difference as a JSON value, for answers that embed it (`what-if`).
pub fn json_value(diff: &Diff, labels: &Snapshots<'_, '_>) -> serde_json::Value {
    let records = |changes: &[Change]| {
        changes
            .iter()
            .map(|c| {
                json!({
                    "record": c.what,
                    "key": record_key(labels.new, c),
                    "detail": record_detail(labels.new, c),
                })
            })
            .collect::<Vec<_>>()
    };
    let findings = |findings: &[FindingKey], labels: &Labels<'_>| {
        findings
            .iter()
            .map(|f| {
                json!({
                    "rule": f.rule,
                    "severity": f.severity.0,
                    "objects": finding_objects(labels, f),
                    "detail": f.detail,
                })
            })
            .collect::<Vec<_>>()
    };
    json!({
        "schema": "mailgraph/diff/v1",
        "records": {
            "added": records(&diff.records.added),
            "removed": records(&diff.records.removed),
            "changed": records(&diff.records.changed),
        },
        "personal_data_access": diff.exposure.paths.iter().map(|change| {
            let snapshot = labels.of(change.snapshot);
            json!({
                "change": change.kind(),
                "credential": snapshot.id(change.path.start),
                "mailbox": snapshot.id(change.path.end()),
                "before": change.before,
                "after": change.after,
                "path": path_json(snapshot, &change.path),
            })
        }).collect::<Vec<_>>(),
        "blast_radius": diff.exposure.blast.iter().map(|change| json!({
            "credential": labels.of(change.snapshot).id(change.credential),
            "before": change.before.map(|(m, p)| json!({"mailboxes": m, "people": p})),
            "after": change.after.map(|(m, p)| json!({"mailboxes": m, "people": p})),
        })).collect::<Vec<_>>(),
        "findings": {
            "new": findings(&diff.new_findings, labels.new),
            "resolved": findings(&diff.resolved_findings, labels.old),
        },
    })
}
