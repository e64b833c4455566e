//! Evidence of access as a table section and as JSON, for the answers that
//! take `--evidence` (reach, notify). Names go through [`Labels`], and
//! lists are ordered by what they show, so redaction holds.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::terminal::{Style, escape};
use super::{Labels, Table};
use crate::evidence::{Assessment, AuditLog, Status};
use crate::query::Reach;

/// One exposed mailbox's evidence as JSON: `status` (`accessed`,
/// `not-accessed`, `not-covered`), `first_access` (UTC or null), `gap`
/// (`span`, `throttled`, `no-records` or null), `detail` (a sentence).
pub fn status_json(status: Status) -> Value {
    json!({
        "status": status.as_str(),
        "first_access": match status {
            Status::Accessed { first } => Some(first.to_string()),
            _ => None,
        },
        "gap": status.gap(),
        "detail": status.describe(),
    })
}

fn style(status: Status) -> Style {
    match status {
        Status::Accessed { .. } => Style::Red,
        Status::NotCovered(_) => Style::Yellow,
        Status::NotAccessed => Style::Plain,
    }
}

/// The evidence section of a table report.
pub fn table(
    assessment: &Assessment,
    log: &AuditLog,
    reach: &Reach,
    labels: &Labels<'_>,
    colour: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        Style::Bold.paint("Evidence of access (unified audit log)", colour)
    );
    let _ = writeln!(out, "  {}", summary(assessment, log));
    let mut rows: Vec<(String, Status)> = reach
        .mailboxes
        .iter()
        .map(|exposed| {
            (
                labels.id(exposed.node).into_owned(),
                assessment.status(exposed.node),
            )
        })
        .collect();
    rows.sort_by(|a, b| (a.1.as_str(), &a.0).cmp(&(b.1.as_str(), &b.0)));
    let mut table = Table::new(&["evidence", "mailbox", "detail"]);
    for (id, status) in rows {
        table.styled_row(vec![
            (status.as_str().to_string(), style(status)),
            (id, Style::Plain),
            (status.describe(), Style::Plain),
        ]);
    }
    out.push_str(&table.render(colour));
    let [accessed, not_accessed, not_covered] = assessment.totals(reach);
    let _ = writeln!(
        out,
        "  accessed (evidence): {accessed}; exposed, no evidence of access: {not_accessed}; exposed, not covered by the logs: {not_covered}"
    );
    for line in warnings(assessment, labels) {
        let _ = writeln!(out, "  {}", Style::Red.paint(&escape(&line), colour));
    }
    let mut sign_ins: Vec<(String, usize)> = assessment
        .sign_ins
        .iter()
        .map(|(&node, &count)| (labels.id(node).into_owned(), count))
        .collect();
    sign_ins.sort();
    for (id, count) in sign_ins {
        let _ = writeln!(
            out,
            "  {}: {} (a credential used; no mailbox named)",
            escape(&id),
            super::count(count as u64, "sign-in record", "sign-in records")
        );
    }
    out
}

/// One line: what was read, the records' span, and the incident's period.
pub fn summary(assessment: &Assessment, log: &AuditLog) -> String {
    let span = assessment.span.map_or_else(
        || "no records".to_string(),
        |(first, last)| format!("records from {first} to {last}"),
    );
    format!(
        "{} from {} ({}, {} repeated on another page, {} skipped); {span}; incident period {} to {}",
        super::count(log.records.len() as u64, "record", "records"),
        super::count(log.files.len() as u64, "file", "files"),
        super::count(log.rows as u64, "row", "rows"),
        log.duplicates,
        log.skipped.len(),
        assessment.period.start,
        assessment.period.end
    )
}

/// Accesses the directory does not explain: the attacker's credentials
/// reached mailboxes the reach does not list.
pub fn warnings(assessment: &Assessment, labels: &Labels<'_>) -> Vec<String> {
    let mut lines: Vec<String> = assessment
        .unexplained
        .iter()
        .map(|&(node, at)| {
            format!(
                "accessed but not exposed in the directory: {} (first {at}): a path is missing from the directory",
                labels.id(node)
            )
        })
        .collect();
    for (actor, mailbox, at) in &assessment.unknown_mailboxes {
        lines.push(format!(
            "accessed a mailbox the directory does not know: {} by {} (first {at})",
            labels.record_id("mailbox", mailbox),
            labels.record_id("account", actor)
        ));
    }
    lines.sort();
    lines
}

/// The evidence object of a JSON answer.
pub fn json(assessment: &Assessment, log: &AuditLog, reach: &Reach, labels: &Labels<'_>) -> Value {
    let [accessed, not_accessed, not_covered] = assessment.totals(reach);
    let mut sign_ins: Vec<(String, usize)> = assessment
        .sign_ins
        .iter()
        .map(|(&node, &count)| (labels.id(node).into_owned(), count))
        .collect();
    sign_ins.sort();
    json!({
        "period": {
            "start": assessment.period.start.to_string(),
            "end": assessment.period.end.to_string(),
        },
        "span": assessment.span.map(|(first, last)| json!({
            "first": first.to_string(),
            "last": last.to_string(),
        })),
        "files": log.files.len(),
        "rows": log.rows,
        "records": log.records.len(),
        "duplicates": log.duplicates,
        "skipped": log.skipped.iter().map(|d| json!({
            "line": d.position.map(|p| p.0),
            "column": d.position.map(|p| p.1),
            // The message may quote the record: withheld when redacted.
            "message": (!labels.is_redacted()).then_some(&d.message),
        })).collect::<Vec<_>>(),
        "totals": {
            "accessed": accessed,
            "not_accessed": not_accessed,
            "not_covered": not_covered,
        },
        "warnings": warnings(assessment, labels),
        "sign_ins": sign_ins.iter().map(|(id, count)| json!({"id": id, "count": count})).collect::<Vec<_>>(),
    })
}
