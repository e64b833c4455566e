//! The difference between two snapshots as a table, JSON
//! (`mailgraph/diff/v1`), CSV or Markdown. Table, CSV and Markdown share
//! one layout: a list of titled sections of rows (the CSV names each row's
//! section in its first column).

use std::fmt::Write as _;

use serde_json::json;

use super::answer::{path_json, path_text, to_text};
use super::csv::Csv;
use super::{Labels, Table, markdown};
use crate::diff::{Diff, FindingKey, PathChange, Snapshot};

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

    /// A finding's object id as shown: the pseudonym of its node (in the
    /// new snapshot, else the old), so it matches the other tables.
    fn object(&self, id: &str) -> String {
        for labels in [self.new, self.old] {
            let graph = labels.graph();
            if let Some(node) = graph.mailbox(id).or_else(|| graph.principal(id)) {
                return labels.id(node).into_owned();
            }
        }
        self.new.text("object", id)
    }
}

/// A diff as a redacted output shows it (nothing changes unless the labels
/// are redacted): each record's key becomes a pseudonym of its kind, a
/// changed data controller's ids pseudonyms, each finding's objects the
/// pseudonyms of their nodes; then every list is put in the order of what
/// it shows (kind or severity first, ties by pseudonym), never by the real
/// ids it was sorted by (`render::shown_order`).
pub fn redact(diff: &mut Diff, labels: &Snapshots<'_, '_>) {
    if !labels.new.is_redacted() {
        return;
    }
    let records = &mut diff.records;
    for list in [
        &mut records.added,
        &mut records.removed,
        &mut records.changed,
    ] {
        for change in list.iter_mut() {
            change.key = labels.new.text(change.what, &change.key);
            change.detail = redact_detail(&change.detail, labels.new);
        }
        list.sort();
    }
    for list in [&mut diff.new_findings, &mut diff.resolved_findings] {
        for finding in list.iter_mut() {
            for object in &mut finding.objects {
                *object = labels.object(object);
            }
        }
        list.sort();
    }
    diff.exposure.paths.sort_by_cached_key(|change| {
        let shown = labels.of(change.snapshot);
        (
            change.kind(),
            shown.id(change.path.start).into_owned(),
            shown.id(change.path.end()).into_owned(),
        )
    });
    diff.exposure.blast.sort_by_cached_key(|change| {
        labels
            .of(change.snapshot)
            .id(change.credential)
            .into_owned()
    });
}

/// A changed record's detail (`field: before -> after, ...`) with the ids
/// of data controllers as pseudonyms; the other fields (MFA, password
/// state, role, unit, kinds, counts) stay, as everywhere under `--redact`.
fn redact_detail(detail: &str, labels: &Labels<'_>) -> String {
    let controller = |id: &str| {
        if id == "-" {
            id.to_string()
        } else {
            labels.text("controller", id)
        }
    };
    detail
        .split(", ")
        .map(|piece| {
            match piece
                .strip_prefix("controller: ")
                .and_then(|values| values.split_once(" -> "))
            {
                Some((before, after)) => {
                    format!(
                        "controller: {} -> {}",
                        controller(before),
                        controller(after)
                    )
                }
                None => piece.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
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

fn finding_row(status: &str, finding: &FindingKey) -> Vec<String> {
    vec![
        status.to_string(),
        finding.severity.0.as_str().to_string(),
        finding.rule.to_string(),
        finding.objects.join(", "),
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
                change.key.clone(),
                change.detail.clone(),
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
        .map(|f| finding_row("new", f))
        .chain(
            diff.resolved_findings
                .iter()
                .map(|f| finding_row("resolved", f)),
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
    let records = |changes: &[crate::diff::Change]| {
        changes
            .iter()
            .map(|c| json!({"record": c.what, "key": c.key, "detail": c.detail}))
            .collect::<Vec<_>>()
    };
    let findings = |findings: &[FindingKey]| {
        findings
            .iter()
            .map(|f| {
                json!({
                    "rule": f.rule,
                    "severity": f.severity.0,
                    "objects": f.objects,
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
            "new": findings(&diff.new_findings),
            "resolved": findings(&diff.resolved_findings),
        },
    })
}
