//! The delegation review as an HTML report: the totals, one row per rule
//! with findings (severity, how many, the objects most at stake), a diagram
//! of what the findings most at stake are about, then each rule's findings
//! with why it matters and how to fix it. It lays out the audit's own
//! [`Report`] with the same grouping and wording as the table and Markdown
//! (`render::audit`), so the three say the same.

use std::collections::HashSet;

use super::super::Labels;
use super::super::audit::{by_rule, object_label, summary_line};
use super::super::dot::focus;
use super::{DIAGRAM_OPTIONS, EmbeddedDiagram, Report as Page};
use crate::audit::{Report, Severity};
use crate::render::dot::Diagram;

/// How many objects the diagram draws at most (the findings most at stake
/// first), so it stays readable.
const DIAGRAM_OBJECTS: usize = 60;

/// How many objects a summary row names before "and N more".
const NAMED: usize = 5;

/// The diagram of the findings: their objects, the first object of each
/// (its subject) as the focus, and the edges between them; the first
/// finding of each rule in turn (each rule's most at stake first), then the
/// second, until [`DIAGRAM_OBJECTS`] objects are drawn. None without
/// findings.
pub fn diagram(report: &Report, labels: &Labels<'_>) -> Option<Diagram> {
    if report.findings.is_empty() {
        return None;
    }
    let groups = by_rule(report);
    let mut seen = HashSet::new();
    let mut subjects = Vec::new();
    let mut others = Vec::new();
    let mut drawn = 0;
    let deepest = groups
        .iter()
        .map(|(_, findings)| findings.len())
        .max()
        .unwrap_or(0);
    'turns: for turn in 0..deepest {
        for (_, findings) in &groups {
            let Some(finding) = findings.get(turn) else {
                continue;
            };
            let new = finding
                .objects
                .iter()
                .filter(|node| !seen.contains(*node))
                .count();
            if subjects.len() + others.len() + new > DIAGRAM_OBJECTS {
                break 'turns;
            }
            drawn += 1;
            for (i, &node) in finding.objects.iter().enumerate() {
                if seen.insert(node) {
                    if i == 0 {
                        subjects.push(node);
                    } else {
                        others.push(node);
                    }
                }
            }
        }
    }
    let focus_count = subjects.len();
    subjects.extend(others);
    let title = format!(
        "The objects of {} (of {}), the first of each rule in turn, and the access between them",
        crate::render::count_list(&[(drawn, "finding", "findings")]),
        report.total()
    );
    Some(focus::objects(
        labels,
        &subjects,
        focus_count,
        title,
        DIAGRAM_OPTIONS,
    ))
}

/// The report as one HTML document, titled after what was reviewed.
pub fn html(
    report: &Report,
    labels: &Labels<'_>,
    title: &str,
    diagram: Option<&EmbeddedDiagram>,
) -> String {
    let mut page = Page::new(&format!("Delegation review: {title}"));
    page.paragraph(&format!("{}.", summary_line(report)));
    let mut figures = vec![(report.total().to_string(), "findings".to_string())];
    for severity in [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        figures.push((
            report.count_at(severity).to_string(),
            severity.as_str().to_string(),
        ));
    }
    figures.push((
        report.suppressed.len().to_string(),
        "suppressed".to_string(),
    ));
    page.figures(&figures);
    let left_out: usize = report.not_shown.values().sum();
    if left_out > 0 {
        page.paragraph(&format!(
            "{} left out by --top: the counts include them, the tables do not.",
            crate::render::count_list(&[(left_out, "finding", "findings")])
        ));
    }

    let groups = by_rule(report);
    let rows = groups.iter().map(|(rule, findings)| {
        let mut seen = HashSet::new();
        let subjects: Vec<String> = findings
            .iter()
            .filter_map(|finding| finding.objects.first().copied())
            .filter(|node| seen.insert(*node))
            .map(|node| object_label(labels, node))
            .collect();
        let mut most = subjects
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let hidden =
            subjects.len().saturating_sub(NAMED) + report.count_of(rule.id) - findings.len();
        if hidden > 0 {
            most.push_str(&format!(" and {hidden} more"));
        }
        vec![
            rule.severity.as_str().to_string(),
            rule.id.to_string(),
            rule.name.to_string(),
            report.count_of(rule.id).to_string(),
            most,
        ]
    });
    page.table(
        "summary",
        &format!("Rules with findings ({})", groups.len()),
        &["severity", "rule", "name", ">findings", "most at stake"],
        rows,
    );

    if let Some(diagram) = diagram {
        page.diagram(diagram);
    }

    for (rule, findings) in &groups {
        let rows = findings.iter().map(|finding| {
            let stake = finding.stake();
            vec![
                finding
                    .objects
                    .iter()
                    .map(|&node| object_label(labels, node))
                    .collect::<Vec<_>>()
                    .join("; "),
                finding.detail.clone(),
                stake.people.to_string(),
                stake.credentials.to_string(),
            ]
        });
        let total = report.count_of(rule.id);
        let shown = if findings.len() < total {
            format!(", {} shown", findings.len())
        } else {
            String::new()
        };
        let heading = format!(
            "{} {}: {} ({}{shown})",
            rule.severity.as_str(),
            rule.id,
            rule.name,
            crate::render::count_list(&[(total, "finding", "findings")])
        );
        page.heading(&heading);
        page.paragraph(&format!("Why it matters: {}", rule.why));
        page.paragraph(&format!("How to fix: {}", rule.fix));
        page.bare_table(
            &format!("rule-{}", rule.id),
            &heading,
            &[
                "objects",
                "detail",
                ">people at stake",
                ">credentials at stake",
            ],
            rows,
        );
    }
    page.finish()
}
