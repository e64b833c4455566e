//! The audit for a terminal. It opens with the summary (the totals, then
//! one row per rule: severity, count, the objects most at stake), then the
//! findings of each rule, most at stake first. No line is wider than the
//! width given (the terminal's): a list of objects too long ends in "and
//! 17 more", a detail too long wraps onto the next lines.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Labels, by_rule, object_label, severity_style, summary_line};
use crate::audit::{Finding, Report};
use crate::render::terminal::{Style, escape};
use crate::render::{Table, fit};

/// The widest one object's label is shown (a 100,000-character name is
/// not copied around whole).
const LABEL_WIDTH: usize = 200;

/// The narrowest the objects column gets when details are long.
const OBJECTS_WIDTH: usize = 40;

/// Columns between two table columns.
const GAP: usize = 2;

/// How an object is shown: `id (name)`, and its id alone for where names
/// do not fit; escaped for the terminal and cut to [`LABEL_WIDTH`].
struct Item {
    named: String,
    id: String,
}

impl Item {
    fn node(labels: &Labels<'_>, node: petgraph::graph::NodeIndex) -> Item {
        Item {
            named: fit::truncate(&escape(&object_label(labels, node)), LABEL_WIDTH),
            id: fit::truncate(&escape(&labels.id(node)), LABEL_WIDTH),
        }
    }

    /// The first objects of a finding (nodes, then other objects).
    fn of(labels: &Labels<'_>, finding: &Finding) -> Vec<Item> {
        let nodes = finding.objects.iter().map(|&node| Item::node(labels, node));
        let others = finding.others.iter().map(|other| {
            let id = fit::truncate(
                &escape(&labels.other_id(other.kind, &other.id)),
                LABEL_WIDTH,
            );
            Item {
                named: id.clone(),
                id,
            }
        });
        nodes.chain(others).take(8).collect()
    }
}

/// Objects as `id (name)`, or as ids when that is too wide for `room`,
/// fitted with "and N more" (`total` counts what is not labelled).
fn objects_cell(items: &[Item], total: usize, room: usize) -> String {
    let named: Vec<String> = items.iter().map(|item| item.named.clone()).collect();
    let whole = fit::list(&named, total, usize::MAX);
    if whole.chars().count() <= room {
        return whole;
    }
    let ids: Vec<String> = items.iter().map(|item| item.id.clone()).collect();
    fit::list(&ids, total, room)
}

/// How many objects a finding has.
fn object_count(finding: &Finding) -> usize {
    finding.objects.len() + finding.others.len()
}

pub fn table(report: &Report, labels: &Labels<'_>, colour: bool, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary_line(report));
    let groups = by_rule(report);
    if groups.is_empty() {
        return out;
    }
    out.push('\n');
    out.push_str(&summary(report, &groups, labels, colour, width));
    for (rule, findings) in &groups {
        out.push('\n');
        let total = report.count_of(rule.id);
        let shown = if findings.len() < total {
            format!(", {} shown", findings.len())
        } else {
            String::new()
        };
        let heading = fit::truncate(
            &format!(
                "{} {}: {} ({}{shown})",
                rule.severity.as_str(),
                rule.id,
                rule.name,
                crate::render::count_list(&[(total, "finding", "findings")]),
            ),
            width,
        );
        let _ = writeln!(
            out,
            "{}",
            severity_style(rule.severity).paint(&heading, colour)
        );
        out.push_str(&findings_table(findings, labels, colour, width));
    }
    out
}

/// One row per rule: severity, rule, how many findings, and the subjects
/// of the findings most at stake, as many as fit.
fn summary(
    report: &Report,
    groups: &[(&'static crate::audit::Rule, Vec<&Finding>)],
    labels: &Labels<'_>,
    colour: bool,
    width: usize,
) -> String {
    let rule_width = groups
        .iter()
        .map(|(rule, _)| rule.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("rule".len());
    let count_width = groups
        .iter()
        .map(|(rule, _)| report.count_of(rule.id).to_string().len())
        .max()
        .unwrap_or(0)
        .max("findings".len());
    let room = width.saturating_sub("severity".len() + rule_width + count_width + 3 * GAP);
    let mut table = Table::new(&["severity", "rule", ">findings", "most at stake"]);
    for (rule, findings) in groups {
        // The distinct subjects, most at stake first.
        let mut seen = HashSet::new();
        let subjects: Vec<_> = findings
            .iter()
            .filter_map(|finding| finding.objects.first().copied())
            .filter(|node| seen.insert(*node))
            .collect();
        let hidden_findings = report.count_of(rule.id) - findings.len();
        table.styled_row(vec![
            (
                rule.severity.as_str().to_string(),
                severity_style(rule.severity),
            ),
            (rule.id.to_string(), Style::Plain),
            (report.count_of(rule.id).to_string(), Style::Plain),
            (
                {
                    let items: Vec<Item> = subjects
                        .iter()
                        .take(8)
                        .map(|&node| Item::node(labels, node))
                        .collect();
                    objects_cell(&items, subjects.len() + hidden_findings, room)
                },
                Style::Plain,
            ),
        ]);
    }
    table.render(colour)
}

/// A rule's findings: objects and detail, fitted to `width`.
fn findings_table(
    findings: &[&Finding],
    labels: &Labels<'_>,
    colour: bool,
    width: usize,
) -> String {
    let details: Vec<String> = findings
        .iter()
        .map(|finding| escape(&finding.detail).into_owned())
        .collect();
    let longest_detail = details
        .iter()
        .map(|detail| detail.chars().count())
        .max()
        .unwrap_or(0)
        .max("detail".len());
    let longest_objects = findings
        .iter()
        .map(|finding| {
            objects_cell(
                &Item::of(labels, finding),
                object_count(finding),
                usize::MAX,
            )
            .chars()
            .count()
        })
        .max()
        .unwrap_or(0);
    // The objects get what they need, up to what the details leave or half
    // the width, whichever is more; the details wrap in the rest.
    let objects_room = longest_objects.min(
        width
            .saturating_sub(GAP + longest_detail)
            .max(width / 2)
            .max(OBJECTS_WIDTH.min(width.saturating_sub(GAP + 1))),
    );
    let objects: Vec<String> = findings
        .iter()
        .map(|finding| {
            objects_cell(
                &Item::of(labels, finding),
                object_count(finding),
                objects_room,
            )
        })
        .collect();
    let objects_width = objects
        .iter()
        .map(|cell| cell.chars().count())
        .max()
        .unwrap_or(0)
        .max("objects".len());
    let detail_room = width.saturating_sub(objects_width + GAP).max(1);
    let mut table = Table::new(&["objects", "detail"]);
    for (objects, detail) in objects.into_iter().zip(&details) {
        let mut lines = fit::wrap(detail, detail_room).into_iter();
        table.row([objects, lines.next().unwrap_or_default()]);
        for line in lines {
            table.row([String::new(), line]);
        }
    }
    table.render(colour)
}
