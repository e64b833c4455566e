//! The audit report: a table for a terminal (`table.rs`: the summary,
//! then the findings of each rule fitted to the terminal's width), JSON
//! written as it goes (`json.rs`, schema `mailgraph/audit/v2`, see
//! docs/json.md), CSV (`csv.rs`), SARIF 2.1.0 for code-scanning tools
//! (`sarif.rs`), or Markdown, a report to hand to a data controller (here).

mod csv;
mod json;
mod sarif;
mod table;

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use serde_json::json;

pub use self::csv::csv;
pub use self::json::json;
pub use self::sarif::sarif;
pub use self::table::table;
use super::Labels;
use super::markdown;
use super::terminal::Style;
use crate::audit::{Finding, Report, Rule, Severity};

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::High => Style::Red,
        Severity::Medium => Style::Yellow,
        Severity::Low => Style::Plain,
        Severity::Info => Style::Dim,
    }
}

/// `id (name)` of a node, or just the id when the name is the id.
pub(crate) fn object_label(labels: &Labels<'_>, node: NodeIndex) -> String {
    let id = labels.id(node);
    let name = labels.name(node);
    if id == name {
        id.into_owned()
    } else {
        format!("{id} ({name})")
    }
}

/// "3 high, 1 low" for the findings of a report.
fn counts(report: &Report) -> String {
    let mut parts = Vec::new();
    for severity in [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = report.count_at(severity);
        if n > 0 {
            parts.push(format!("{n} {}", severity.as_str()));
        }
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// The labels of a finding's objects: `id (name)` of each node, then the
/// id of each object that is not a node.
fn object_labels(labels: &Labels<'_>, finding: &Finding) -> Vec<String> {
    finding
        .objects
        .iter()
        .map(|&node| object_label(labels, node))
        .chain(
            finding
                .others
                .iter()
                .map(|other| labels.other_id(other.kind, &other.id)),
        )
        .collect()
}

/// One finding as JSON (the audit's JSON, and what `diff` reports).
fn finding_json(finding: &Finding, labels: &Labels<'_>) -> serde_json::Value {
    let stake = finding.stake();
    json!({
        "rule": finding.rule.id,
        "name": finding.rule.name,
        "severity": finding.severity.as_str(),
        "objects": finding.objects.iter().map(|node| json!({
            "kind": labels.graph().node(*node).kind(),
            "id": labels.id(*node),
            "name": labels.name(*node),
        })).chain(finding.others.iter().map(|other| {
            let id = labels.other_id(other.kind, &other.id);
            json!({ "kind": other.kind, "id": id, "name": id })
        })).collect::<Vec<_>>(),
        "detail": finding.detail,
        "stake": { "people": stake.people, "credentials": stake.credentials },
        "why": finding.rule.why,
        "fix": finding.rule.fix,
    })
}

/// A file's path as this output shows it: as given, or a pseudonym when
/// redacted (a file may be named after a person).
fn shown_file(labels: &Labels<'_>, path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if labels.is_redacted() {
        format!("{}.ron", labels.record_id("file", &text))
    } else {
        text.into_owned()
    }
}

/// A list serialized one element at a time, as it is made.
struct Lazy<F>(F);

impl<I, F> serde::Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item = serde_json::Value>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// The summary line: "8 findings (5 high, 3 medium), 0 suppressed, 15
/// rules run".
pub(crate) fn summary_line(report: &Report) -> String {
    format!(
        "{} ({}), {} suppressed, {} run",
        super::count_list(&[(report.total(), "finding", "findings")]),
        counts(report),
        report.suppressed.len(),
        super::count_list(&[(report.rules_run, "rule", "rules")])
    )
}

/// The rules that have findings, in the order of the findings (most
/// severe first), each with its findings.
pub(crate) fn by_rule<'r>(report: &'r Report) -> Vec<(&'static Rule, Vec<&'r Finding>)> {
    let mut groups: Vec<(&'static Rule, Vec<&'r Finding>)> = Vec::new();
    for finding in &report.findings {
        match groups.last_mut() {
            Some((rule, findings)) if rule.id == finding.rule.id => findings.push(finding),
            _ => groups.push((finding.rule, vec![finding])),
        }
    }
    groups
}

pub fn markdown(report: &Report, labels: &Labels<'_>, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Delegation review: {}\n", markdown::escape(title));
    let _ = writeln!(
        out,
        "{} ({}); {} suppressed; {} run.\n",
        super::count_list(&[(report.total(), "finding", "findings")]),
        counts(report),
        report.suppressed.len(),
        super::count_list(&[(report.rules_run, "rule", "rules")])
    );
    for (rule, findings) in by_rule(report) {
        let _ = writeln!(
            out,
            "## {} ({}, `{}`): {}\n",
            rule.name,
            rule.severity.as_str(),
            rule.id,
            report.count_of(rule.id)
        );
        let _ = writeln!(out, "**Why it matters.** {}\n", rule.why);
        let _ = writeln!(out, "**How to fix.** {}\n", rule.fix);
        let _ = writeln!(out, "| objects | detail |\n| --- | --- |");
        for finding in findings {
            let objects: Vec<String> = object_labels(labels, finding)
                .iter()
                .map(|label| markdown::escape(label))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                objects.join("<br>"),
                markdown::escape(&finding.detail)
            );
        }
        out.push('\n');
    }
    out
}
