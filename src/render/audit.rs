//! The audit report as a table, JSON (schema `mailgraph/audit/v1`, see
//! docs/json.md) or Markdown (a report to hand to a data controller).

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use serde_json::json;

use super::terminal::Style;
use super::{Labels, Table, markdown};
use crate::audit::{Config, Finding, Report, Severity};

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::High => Style::Red,
        Severity::Medium => Style::Yellow,
        Severity::Low => Style::Plain,
        Severity::Info => Style::Dim,
    }
}

/// `id (name)` of a node, or just the id when the name is the id.
fn object_label(labels: &Labels<'_>, node: NodeIndex) -> String {
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
        let n = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
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

pub fn table(report: &Report, labels: &Labels<'_>, colour: bool) -> String {
    let mut table = Table::new(&["severity", "rule", "objects", "detail"]);
    for finding in &report.findings {
        let objects: Vec<String> = finding
            .objects
            .iter()
            .map(|n| object_label(labels, *n))
            .collect();
        table.styled_row(vec![
            (
                finding.severity.as_str().to_string(),
                severity_style(finding.severity),
            ),
            (finding.rule.id.to_string(), Style::Plain),
            (objects.join(", "), Style::Plain),
            (finding.detail.clone(), Style::Plain),
        ]);
    }
    let mut out = if table.is_empty() {
        String::new()
    } else {
        table.render(colour)
    };
    let _ = writeln!(
        out,
        "{} ({}), {} suppressed, {} run",
        super::count_list(&[(report.findings.len(), "finding", "findings")]),
        counts(report),
        report.suppressed.len(),
        super::count_list(&[(report.rules_run, "rule", "rules")])
    );
    out
}

fn finding_json(finding: &Finding, labels: &Labels<'_>) -> serde_json::Value {
    json!({
        "rule": finding.rule.id,
        "name": finding.rule.name,
        "severity": finding.severity.as_str(),
        "objects": finding.objects.iter().map(|node| json!({
            "kind": labels.graph().node(*node).kind(),
            "id": labels.id(*node),
            "name": labels.name(*node),
        })).collect::<Vec<_>>(),
        "detail": finding.detail,
        "why": finding.rule.why,
        "fix": finding.rule.fix,
    })
}

pub fn json(report: &Report, config: &Config, labels: &Labels<'_>) -> String {
    let count = |severity: Severity| {
        report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let value = json!({
        "schema": "mailgraph/audit/v1",
        "summary": {
            "findings": report.findings.len(),
            "high": count(Severity::High),
            "medium": count(Severity::Medium),
            "low": count(Severity::Low),
            "info": count(Severity::Info),
            "suppressed": report.suppressed.len(),
            "rules_run": report.rules_run,
        },
        "findings": report.findings.iter().map(|f| finding_json(f, labels)).collect::<Vec<_>>(),
        "suppressed": report.suppressed.iter().map(|(finding, index)| {
            let suppression = &config.suppressions[*index];
            json!({
                "finding": finding_json(finding, labels),
                // Free text may name people: withheld from a redacted output.
                "reason": (!labels.is_redacted()).then_some(&suppression.reason),
                "expires": suppression.expires.to_string(),
            })
        }).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

pub fn markdown(report: &Report, labels: &Labels<'_>, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Delegation review: {}\n", markdown::escape(title));
    let _ = writeln!(
        out,
        "{} ({}); {} suppressed; {} run.\n",
        super::count_list(&[(report.findings.len(), "finding", "findings")]),
        counts(report),
        report.suppressed.len(),
        super::count_list(&[(report.rules_run, "rule", "rules")])
    );
    let rules: Vec<&'static crate::audit::Rule> = report.findings.iter().map(|f| f.rule).collect();
    let mut seen = std::collections::BTreeSet::new();
    for rule in rules {
        if !seen.insert(rule.id) {
            continue;
        }
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule.id == rule.id)
            .collect();
        let _ = writeln!(
            out,
            "## {} ({}, `{}`): {}\n",
            rule.name,
            rule.severity.as_str(),
            rule.id,
            findings.len()
        );
        let _ = writeln!(out, "**Why it matters.** {}\n", rule.why);
        let _ = writeln!(out, "**How to fix.** {}\n", rule.fix);
        let _ = writeln!(out, "| objects | detail |\n| --- | --- |");
        for finding in findings {
            let objects: Vec<String> = finding
                .objects
                .iter()
                .map(|node| markdown::escape(&object_label(labels, *node)))
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
