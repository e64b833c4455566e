//! The remediation plan as a table, JSON (`mailgraph/plan/v1`), CSV (one
//! row per change) or Markdown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::answer::{node_json, path_json, path_text, to_text};
use super::csv::Csv;
use super::{Labels, Table, count, markdown, terminal};
use crate::plan::spec::ChangeSpec;
use crate::plan::{Budget, BudgetStep, Plan, PlannedChange, Reached};

/// The columns of a change, shared by the table, CSV and Markdown.
const CHANGE_COLUMNS: [&str; 9] = [
    ">#",
    "kind",
    "change",
    "subject",
    "object",
    ">cost",
    ">mailboxes",
    ">people",
    "path",
];

fn change_row(position: usize, change: &PlannedChange, labels: &Labels<'_>) -> Vec<String> {
    let graph = labels.graph();
    vec![
        (position + 1).to_string(),
        change.change.kind().as_str().to_string(),
        change.change.action(graph, |name| labels.rule_name(name)),
        labels.id(change.change.subject(graph)).into_owned(),
        change
            .change
            .object(graph)
            .map_or_else(String::new, |node| labels.id(node).into_owned()),
        change.cost.to_string(),
        change.closes.len().to_string(),
        change.people.to_string(),
        path_text(labels, &change.path),
    ]
}

/// The columns of a budget step.
const STEP_COLUMNS: [&str; 8] = [
    ">#",
    "kind",
    "change",
    "subject",
    "object",
    ">cost",
    ">removes mailboxes",
    ">people",
];

fn step_row(position: usize, step: &BudgetStep, labels: &Labels<'_>) -> Vec<String> {
    let graph = labels.graph();
    vec![
        (position + 1).to_string(),
        step.change.kind().as_str().to_string(),
        step.change.action(graph, |name| labels.rule_name(name)),
        labels.id(step.change.subject(graph)).into_owned(),
        step.change
            .object(graph)
            .map_or_else(String::new, |node| labels.id(node).into_owned()),
        step.cost.to_string(),
        step.removes.len().to_string(),
        step.people.to_string(),
    ]
}

fn budget_summary(budget: &Budget, labels: &Labels<'_>) -> String {
    let cost: u64 = budget.steps.iter().map(|s| u64::from(s.cost)).sum();
    format!(
        "The {} (of at most {}, cost {}) that remove the most exposure leave {} exposed ({})",
        count(budget.steps.len() as u64, "change", "changes"),
        budget.max_changes,
        cost,
        count(budget.left.len() as u64, "mailbox", "mailboxes"),
        count(
            crate::plan::people(labels.graph(), &budget.left),
            "person",
            "people"
        )
    )
}

fn summary(plan: &Plan, labels: &Labels<'_>) -> Vec<String> {
    let graph = labels.graph();
    let exposed = plan.exposed.len();
    let unprotectable = plan.unprotectable.len();
    vec![
        format!(
            "{} assumed held, {} to protect: {} exposed now ({})",
            count(plan.sources as u64, "credential", "credentials"),
            count(plan.targets as u64, "mailbox", "mailboxes"),
            exposed,
            count(plan.people_exposed(graph), "person", "people")
        ),
        format!(
            "{} no allowed change can protect; {} of total cost {} close the other {}",
            count(unprotectable as u64, "exposed mailbox", "exposed mailboxes"),
            count(plan.changes.len() as u64, "change", "changes"),
            plan.cost,
            exposed - unprotectable
        ),
    ]
}

pub fn table(plan: &Plan, budget: Option<&Budget>, labels: &Labels<'_>, colour: bool) -> String {
    let mut out = String::new();
    for line in summary(plan, labels) {
        let _ = writeln!(out, "{line}");
    }
    if let Some(budget) = budget {
        let _ = writeln!(
            out,
            "\n{}",
            terminal::Style::Bold.paint(&budget_summary(budget, labels), colour)
        );
        if !budget.steps.is_empty() {
            let mut table = Table::new(&STEP_COLUMNS);
            for (position, step) in budget.steps.iter().enumerate() {
                table.row(step_row(position, step, labels));
            }
            out.push_str(&table.render(colour));
        }
    }
    if !plan.unprotectable.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            terminal::Style::Bold.paint(
                "Cannot be protected by any allowed change (reached without a step a change removes):",
                colour
            )
        );
        let mut table = Table::new(&["mailbox", "path"]);
        for item in &plan.unprotectable {
            table.row([
                labels.id(item.mailbox).into_owned(),
                path_text(labels, &item.path),
            ]);
        }
        out.push_str(&table.render(colour));
    }
    if !plan.changes.is_empty() && budget.is_none() {
        let _ = writeln!(
            out,
            "\n{}",
            terminal::Style::Bold.paint("Changes, choke points first:", colour)
        );
        let mut table = Table::new(&CHANGE_COLUMNS);
        for (position, change) in plan.changes.iter().enumerate() {
            table.row(change_row(position, change, labels));
        }
        out.push_str(&table.render(colour));
    }
    out
}

pub fn markdown(plan: &Plan, budget: Option<&Budget>, labels: &Labels<'_>, title: &str) -> String {
    let mut out = format!("# Remediation plan: {}\n\n", markdown::escape(title));
    for line in summary(plan, labels) {
        let _ = writeln!(out, "{}\n", markdown::escape(&line));
    }
    if let Some(budget) = budget {
        let _ = writeln!(
            out,
            "{}\n",
            markdown::escape(&budget_summary(budget, labels))
        );
    }
    let mut section = |heading: &str, headers: &[&str], rows: Vec<Vec<String>>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {heading}\n");
        let headers: Vec<&str> = headers.iter().map(|h| h.trim_start_matches('>')).collect();
        let _ = writeln!(out, "| {} |", headers.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| markdown::escape(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    };
    section(
        "Cannot be protected by any allowed change",
        &["mailbox", "path"],
        plan.unprotectable
            .iter()
            .map(|item| {
                vec![
                    labels.id(item.mailbox).into_owned(),
                    path_text(labels, &item.path),
                ]
            })
            .collect(),
    );
    match budget {
        Some(budget) => section(
            "The changes that remove the most exposure",
            &STEP_COLUMNS,
            budget
                .steps
                .iter()
                .enumerate()
                .map(|(position, step)| step_row(position, step, labels))
                .collect(),
        ),
        None => section(
            "Changes, choke points first",
            &CHANGE_COLUMNS,
            plan.changes
                .iter()
                .enumerate()
                .map(|(position, change)| change_row(position, change, labels))
                .collect(),
        ),
    }
    out
}

/// One row per change; then one per exposed mailbox the changes leave
/// exposed, so that none is silently dropped: `kind` `unprotectable` (no
/// allowed change protects it, with the path that shows why) or, with a
/// budget, `left exposed`; `subject` the mailbox, `people` its people.
pub fn csv(plan: &Plan, budget: Option<&Budget>, labels: &Labels<'_>) -> String {
    let graph = labels.graph();
    let people = |mailbox| {
        graph
            .mailbox_record(mailbox)
            .map_or(0, |m| m.data_subjects)
            .to_string()
    };
    if let Some(budget) = budget {
        let headers: Vec<&str> = STEP_COLUMNS
            .iter()
            .map(|h| h.trim_start_matches('>'))
            .map(|h| if h == "#" { "rank" } else { h })
            .collect();
        let mut csv = Csv::new(&headers);
        for (position, step) in budget.steps.iter().enumerate() {
            csv.row(step_row(position, step, labels));
        }
        for left in &budget.left {
            csv.row([
                "",
                "left exposed",
                "",
                &labels.id(left.mailbox),
                "",
                "",
                "",
                &people(left.mailbox),
            ]);
        }
        return csv.finish();
    }
    let headers: Vec<&str> = CHANGE_COLUMNS
        .iter()
        .map(|h| h.trim_start_matches('>'))
        .map(|h| if h == "#" { "rank" } else { h })
        .collect();
    let mut csv = Csv::new(&headers);
    for (position, change) in plan.changes.iter().enumerate() {
        csv.row(change_row(position, change, labels));
    }
    for item in &plan.unprotectable {
        csv.row([
            "",
            "unprotectable",
            "no allowed change protects it",
            &labels.id(item.mailbox),
            "",
            "",
            "",
            &people(item.mailbox),
            &path_text(labels, &item.path),
        ]);
    }
    csv.finish()
}

fn reached_json(labels: &Labels<'_>, reached: &[Reached]) -> Vec<Value> {
    reached
        .iter()
        .map(|r| {
            let mut value = node_json(labels, r.mailbox);
            value["level"] = json!(r.level);
            value
        })
        .collect()
}

pub fn json(plan: &Plan, budget: Option<&Budget>, labels: &Labels<'_>) -> String {
    let graph = labels.graph();
    let budget = budget.map(|budget| {
        json!({
            "max_changes": budget.max_changes,
            "steps": budget.steps.iter().map(|step| json!({
                "change": ChangeSpec::of(step.change, labels),
                "kind": step.change.kind().as_str(),
                "action": step.change.action(graph, |name| labels.rule_name(name)),
                "subject": labels.id(step.change.subject(graph)),
                "object": step.change.object(graph).map(|node| labels.id(node)),
                "cost": step.cost,
                "removes": {
                    "mailboxes": reached_json(labels, &step.removes),
                    "people": step.people,
                },
            })).collect::<Vec<_>>(),
            "left": {
                "mailboxes": reached_json(labels, &budget.left),
                "people": crate::plan::people(graph, &budget.left),
            },
        })
    });
    to_text(&json!({
        "schema": "mailgraph/plan/v1",
        "sources": plan.sources,
        "targets": plan.targets,
        "exposed": {
            "mailboxes": plan.exposed.len(),
            "people": plan.people_exposed(graph),
        },
        "unprotectable": plan.unprotectable.iter().map(|item| json!({
            "mailbox": node_json(labels, item.mailbox),
            "path": path_json(labels, &item.path),
        })).collect::<Vec<_>>(),
        "cost": plan.cost,
        "changes": plan.changes.iter().map(|change| json!({
            "change": ChangeSpec::of(change.change, labels),
            "kind": change.change.kind().as_str(),
            "action": change.change.action(graph, |name| labels.rule_name(name)),
            "subject": labels.id(change.change.subject(graph)),
            "object": change.change.object(graph).map(|node| labels.id(node)),
            "cost": change.cost,
            "closes": {
                "mailboxes": reached_json(labels, &change.closes),
                "people": change.people,
            },
            "path": path_json(labels, &change.path),
        })).collect::<Vec<_>>(),
        "budget": budget,
    }))
}
