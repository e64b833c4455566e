//! The forward reach answer as a table, JSON (`mailgraph/reach/v1`, see
//! docs/json.md) or CSV.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::answer::{controller_name, node_json, percent, steps_json, to_text, tree_path_text};
use super::csv::Csv;
use super::terminal::Style;
use super::{Labels, Table};
use petgraph::graph::NodeIndex;

use crate::evidence::{Assessment, Status};
use crate::model::Incident;
use crate::query::{Cause, ControllerShare, Level, Reach};

/// What the credentials of a reach were: an incident's, or named ones.
pub struct Context<'a> {
    pub incident: Option<&'a Incident>,
}

fn level_style(level: Level) -> Style {
    match level {
        Level::Full => Style::Red,
        Level::Read => Style::Yellow,
        Level::Send => Style::Plain,
    }
}

/// Users by role: (users, of whom only through a mailbox).
pub(crate) fn users_by_role<'r>(
    reach: &'r Reach,
    labels: &Labels<'r>,
) -> BTreeMap<&'r str, (usize, usize)> {
    let mut roles: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for user in &reach.users {
        let role = labels
            .graph()
            .account(user.node)
            .map_or("", |a| a.role.as_str());
        let entry = roles.entry(role).or_default();
        entry.0 += 1;
        if user.cause.is_indirect() {
            entry.1 += 1;
        }
    }
    roles
}

pub(crate) fn level_counts(reach: &Reach) -> [usize; 3] {
    let mut counts = [0; 3];
    for exposed in &reach.mailboxes {
        counts[exposed.level as usize] += 1;
    }
    counts
}

pub fn table(reach: &Reach, context: &Context<'_>, labels: &Labels<'_>, colour: bool) -> String {
    let graph = labels.graph();
    let mut out = String::new();
    if let Some(incident) = context.incident {
        let _ = writeln!(
            out,
            "{}",
            Style::Bold.paint(
                &format!(
                    "Incident {} ({}): {}",
                    super::terminal::escape(&incident.name),
                    incident.date,
                    compromised(reach.sources.len())
                ),
                colour
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            Style::Bold.paint(&compromised(reach.sources.len()), colour)
        );
    }

    let _ = writeln!(
        out,
        "\nCredentials controlled ({})",
        reach.credentials.len()
    );
    let mut credentials = Table::new(&["credential", "name", "role", "unit", "how"]);
    for takeover in &reach.credentials {
        let account = graph.account(takeover.node);
        let how = if takeover.is_compromised() {
            "compromised".to_string()
        } else {
            format!(
                "taken over: {}",
                tree_path_text(labels, &reach.paths, takeover.step)
            )
        };
        credentials.row([
            labels.id(takeover.node).into_owned(),
            labels.name(takeover.node).into_owned(),
            account.map_or("", |a| a.role.as_str()).to_string(),
            labels.unit(takeover.node).into_owned(),
            how,
        ]);
    }
    out.push_str(&credentials.render(colour));

    if !reach.disabled.is_empty() {
        let _ = writeln!(
            out,
            "\nDisabled: no access while disabled ({}; --assume-enabled asks what if they were re-enabled)",
            reach.disabled.len()
        );
        let mut disabled = Table::new(&["credential", "name", "role", "unit"]);
        for &node in &reach.disabled {
            disabled.row([
                labels.id(node).into_owned(),
                labels.name(node).into_owned(),
                graph
                    .account(node)
                    .map_or("", |a| a.role.as_str())
                    .to_string(),
                labels.unit(node).into_owned(),
            ]);
        }
        out.push_str(&disabled.render(colour));
    }

    let indirect: Vec<_> = reach
        .users
        .iter()
        .filter(|u| u.cause.is_indirect())
        .collect();
    if !indirect.is_empty() {
        let _ = writeln!(
            out,
            "\nUsers affected only through their mailbox ({})",
            indirect.len()
        );
        let mut users = Table::new(&["user", "name", "role", "unit", "how"]);
        for user in indirect {
            let account = graph.account(user.node);
            users.row([
                labels.id(user.node).into_owned(),
                labels.name(user.node).into_owned(),
                account.map_or("", |a| a.role.as_str()).to_string(),
                labels.unit(user.node).into_owned(),
                user.cause.describe(),
            ]);
        }
        out.push_str(&users.render(colour));
    }

    let _ = writeln!(out, "\nMailboxes exposed ({})", reach.mailboxes.len());
    let mut mailboxes = Table::new(&["level", "mailbox", "kind", "controller", ">people", "path"]);
    for exposed in &reach.mailboxes {
        let record = graph.mailbox_record(exposed.node);
        let level = if exposed.folder_only {
            format!("{} (one folder)", exposed.level)
        } else {
            exposed.level.to_string()
        };
        mailboxes.styled_row(vec![
            (level, level_style(exposed.level)),
            (labels.id(exposed.node).into_owned(), Style::Plain),
            (
                record.map_or("", |m| m.kind.as_str()).to_string(),
                Style::Plain,
            ),
            (
                controller_name(labels, exposed.node).unwrap_or_default(),
                Style::Plain,
            ),
            (
                record.map_or(0, |m| m.data_subjects).to_string(),
                Style::Plain,
            ),
            (
                tree_path_text(labels, &reach.paths, exposed.step),
                Style::Plain,
            ),
        ]);
    }
    out.push_str(&mailboxes.render(colour));

    let _ = writeln!(
        out,
        "\nData controllers who must assess notification ({})",
        reach.controllers.len()
    );
    out.push_str(&controller_table(labels, &reach.controllers, colour));
    if !reach.impersonation_only.is_empty() {
        let _ = writeln!(
            out,
            "\nImpersonation only: mailboxes exposed at send level, no personal data readable ({})",
            reach.impersonation_only.len()
        );
        out.push_str(&controller_table(labels, &reach.impersonation_only, colour));
    }
    if !reach.no_controller.is_empty() {
        let _ = writeln!(
            out,
            "\nNo data controller: exposed mailboxes that name none, so nobody is yet answerable ({})",
            reach.no_controller.len()
        );
        let mut orphans = Table::new(&["level", "mailbox", "kind", ">people"]);
        for &i in &reach.no_controller {
            let exposed = &reach.mailboxes[i];
            let record = graph.mailbox_record(exposed.node);
            orphans.row([
                exposed.level.to_string(),
                labels.id(exposed.node).into_owned(),
                record.map_or("", |m| m.kind.as_str()).to_string(),
                record.map_or(0, |m| m.data_subjects).to_string(),
            ]);
        }
        out.push_str(&orphans.render(colour));
    }

    let accounts = graph.model().accounts.len();
    let personal = reach.personal_mailboxes(graph);
    let [full, read, send] = level_counts(reach);
    let _ = writeln!(out, "\n{}", Style::Bold.paint("Totals", colour));
    let _ = writeln!(
        out,
        "  users affected: {} of {} ({})",
        reach.users.len(),
        super::count(accounts as u64, "account", "accounts"),
        percent(reach.users.len(), accounts)
    );
    let mut roles = Table::new(&["  role", ">users", ">only through their mailbox"]);
    for (role, (users, indirect)) in users_by_role(reach, labels) {
        roles.row([format!("  {role}"), users.to_string(), indirect.to_string()]);
    }
    out.push_str(&roles.render(colour));
    let _ = writeln!(
        out,
        "  mailboxes exposed: {} ({} personal, {} generic; {} full, {} read, {} send)",
        reach.mailboxes.len(),
        personal,
        reach.mailboxes.len() - personal,
        full,
        read,
        send
    );
    let _ = writeln!(
        out,
        "  people whose data is exposed: {}",
        reach.people(graph)
    );
    let folder_only = reach.mailboxes.iter().filter(|m| m.folder_only).count();
    if folder_only > 0 {
        let _ = writeln!(
            out,
            "    (counting the people of {} read through one folder only: the folder may hold their data)",
            super::count(folder_only as u64, "mailbox", "mailboxes")
        );
    }
    let _ = writeln!(
        out,
        "  data controllers to assess notification: {}",
        reach.controllers.len()
    );
    if !reach.impersonation_only.is_empty() {
        let _ = writeln!(
            out,
            "  controllers exposed to impersonation only: {}",
            reach.impersonation_only.len()
        );
    }
    if !reach.no_controller.is_empty() {
        let _ = writeln!(
            out,
            "  exposed mailboxes with no data controller: {}",
            reach.no_controller.len()
        );
    }
    out
}

/// The controllers of `shares` with how many of their mailboxes are exposed
/// and whose data.
fn controller_table(labels: &Labels<'_>, shares: &[ControllerShare], colour: bool) -> String {
    let mut controllers = Table::new(&["controller", ">mailboxes", ">people"]);
    for share in shares {
        controllers.row([
            labels.controller(share.controller).into_owned(),
            share.mailboxes.len().to_string(),
            share.people.to_string(),
        ]);
    }
    controllers.render(colour)
}

pub fn json(reach: &Reach, context: &Context<'_>, labels: &Labels<'_>) -> String {
    to_text(&json_value(reach, context, labels))
}

/// The JSON document as a value, for commands that add to it (evidence).
pub fn json_value(reach: &Reach, context: &Context<'_>, labels: &Labels<'_>) -> Value {
    let graph = labels.graph();
    let accounts = graph.model().accounts.len();
    let personal = reach.personal_mailboxes(graph);
    let [full, read, send] = level_counts(reach);
    let indirect = reach.users.iter().filter(|u| u.cause.is_indirect()).count();
    let value = json!({
        "schema": "mailgraph/reach/v2",
        "incident": context.incident.map(|incident| json!({
            "name": incident.name,
            "date": incident.date.to_string(),
            // Free text may name people: withheld from a redacted output.
            "note": (!labels.is_redacted()).then_some(&incident.note),
        })),
        "compromised": reach.sources.iter().map(|&n| labels.id(n)).collect::<Vec<_>>(),
        "disabled": reach.disabled.iter().map(|&n| labels.id(n)).collect::<Vec<_>>(),
        "totals": {
            "accounts": accounts,
            "users_affected": reach.users.len(),
            "users_affected_only_through_mailbox": indirect,
            "credentials_controlled": reach.credentials.len(),
            "mailboxes": reach.mailboxes.len(),
            "personal_mailboxes": personal,
            "generic_mailboxes": reach.mailboxes.len() - personal,
            "full": full,
            "read": read,
            "send": send,
            "people": reach.people(graph),
            "controllers": reach.controllers.len(),
            "impersonation_only_controllers": reach.impersonation_only.len(),
            "mailboxes_without_controller": reach.no_controller.len(),
            "folder_only": reach.mailboxes.iter().filter(|m| m.folder_only).count(),
        },
        "users": reach.users.iter().map(|user| {
            let mut value = node_json(labels, user.node);
            let (cause, level) = match user.cause {
                Cause::Compromised => ("compromised", None),
                Cause::TakenOver => ("taken-over", None),
                Cause::MailboxExposed(level) => ("mailbox-exposed", Some(level)),
            };
            value["cause"] = json!(cause);
            value["level"] = json!(level);
            value
        }).collect::<Vec<_>>(),
        "credentials": reach.credentials.iter().map(|takeover| {
            let mut value = node_json(labels, takeover.node);
            value["compromised"] = json!(takeover.is_compromised());
            value["step"] = json!(takeover.step);
            value["hops"] = json!(reach.paths.step(takeover.step).depth);
            value
        }).collect::<Vec<_>>(),
        "mailboxes": reach.mailboxes.iter().map(|exposed| {
            let mut value = node_json(labels, exposed.node);
            value["level"] = json!(exposed.level);
            value["folder_only"] = json!(exposed.folder_only);
            value["step"] = json!(exposed.step);
            value["hops"] = json!(reach.paths.step(exposed.step).depth);
            value
        }).collect::<Vec<_>>(),
        "controllers": shares_json(reach, labels, &reach.controllers),
        "impersonation_only": shares_json(reach, labels, &reach.impersonation_only),
        "no_controller": reach.no_controller.iter()
            .map(|&i| labels.id(reach.mailboxes[i].node))
            .collect::<Vec<_>>(),
        "steps": steps_json(labels, &reach.paths),
    });
    value
}

/// Data controllers as JSON: `id`, `name`, the ids of their exposed
/// mailboxes, and the people whose data those hold.
fn shares_json(reach: &Reach, labels: &Labels<'_>, shares: &[ControllerShare]) -> Vec<Value> {
    let model = labels.graph().model();
    shares
        .iter()
        .map(|share| {
            json!({
                "id": labels.record_id("controller", &model.controllers[share.controller].id),
                "name": labels.controller(share.controller),
                "mailboxes": share.mailboxes.iter()
                    .map(|&i| labels.id(reach.mailboxes[i].node))
                    .collect::<Vec<_>>(),
                "people": share.people,
            })
        })
        .collect()
}

/// Every table of the answer in one CSV, each row naming its section
/// (docs/json.md): credentials controlled (`compromised`, `taken-over`),
/// `disabled` credentials, users `affected-through-mailbox`, each exposed
/// `mailbox`, then the data controllers (`controller`: must assess
/// notification; `impersonation-only`) and the exposed mailboxes with
/// `no-controller`. With `evidence` (`--evidence`), three more columns
/// give each mailbox's evidence of access.
pub fn csv(reach: &Reach, labels: &Labels<'_>, evidence: Option<&Assessment>) -> String {
    let graph = labels.graph();
    let mut headers = vec![
        "section",
        "id",
        "name",
        "kind",
        "role",
        "unit",
        "level",
        "controller",
        "data_subjects",
        "mailboxes",
        "path",
    ];
    if evidence.is_some() {
        headers.extend(["evidence", "first_access", "evidence_detail"]);
    }
    let mut csv = Csv::new(&headers);
    // A row of the eleven columns, and the evidence of `mailbox` after
    // them when there is evidence (empty cells for rows of no mailbox).
    let mut row = |cells: [&str; 11], mailbox: Option<NodeIndex>| {
        let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        if let Some(assessment) = evidence {
            match mailbox.map(|node| assessment.status(node)) {
                Some(status) => cells.extend([
                    status.as_str().to_string(),
                    match status {
                        Status::Accessed { first } => first.to_string(),
                        _ => String::new(),
                    },
                    status.describe(),
                ]),
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
        }
        csv.row(cells);
    };
    let role = |node| graph.account(node).map_or("", |a| a.role.as_str());
    for takeover in &reach.credentials {
        let section = if takeover.is_compromised() {
            "compromised"
        } else {
            "taken-over"
        };
        row(
            [
                section,
                &labels.id(takeover.node),
                &labels.name(takeover.node),
                graph.node(takeover.node).kind(),
                role(takeover.node),
                &labels.unit(takeover.node),
                "",
                "",
                "",
                "",
                &tree_path_text(labels, &reach.paths, takeover.step),
            ],
            None,
        );
    }
    for &node in &reach.disabled {
        row(
            [
                "disabled",
                &labels.id(node),
                &labels.name(node),
                graph.node(node).kind(),
                role(node),
                &labels.unit(node),
                "",
                "",
                "",
                "",
                "",
            ],
            None,
        );
    }
    for user in reach.users.iter().filter(|u| u.cause.is_indirect()) {
        let level = match user.cause {
            crate::query::Cause::MailboxExposed(level) => level.to_string(),
            _ => String::new(),
        };
        row(
            [
                "affected-through-mailbox",
                &labels.id(user.node),
                &labels.name(user.node),
                graph.node(user.node).kind(),
                role(user.node),
                &labels.unit(user.node),
                &level,
                "",
                "",
                "",
                "",
            ],
            None,
        );
    }
    let mailbox_cells = |section: &'static str, exposed: &crate::query::reach::Exposed| {
        let record = graph.mailbox_record(exposed.node);
        [
            section.to_string(),
            labels.id(exposed.node).into_owned(),
            labels.name(exposed.node).into_owned(),
            record.map_or("", |m| m.kind.as_str()).to_string(),
            String::new(),
            String::new(),
            exposed.level.to_string(),
            controller_name(labels, exposed.node).unwrap_or_default(),
            record.map_or(0, |m| m.data_subjects).to_string(),
            String::new(),
            tree_path_text(labels, &reach.paths, exposed.step),
        ]
    };
    for exposed in &reach.mailboxes {
        let cells = mailbox_cells("mailbox", exposed);
        row(cells.each_ref().map(String::as_str), Some(exposed.node));
    }
    let model = graph.model();
    for (section, shares) in [
        ("controller", &reach.controllers),
        ("impersonation-only", &reach.impersonation_only),
    ] {
        for share in shares {
            row(
                [
                    section,
                    &labels.record_id("controller", &model.controllers[share.controller].id),
                    &labels.controller(share.controller),
                    "controller",
                    "",
                    "",
                    "",
                    "",
                    &share.people.to_string(),
                    &share.mailboxes.len().to_string(),
                    "",
                ],
                None,
            );
        }
    }
    for &i in &reach.no_controller {
        let exposed = &reach.mailboxes[i];
        let cells = mailbox_cells("no-controller", exposed);
        row(cells.each_ref().map(String::as_str), Some(exposed.node));
    }
    csv.finish()
}

/// `1 compromised credential`, `3 compromised credentials`.
pub fn compromised(count: usize) -> String {
    super::count_list(&[(count, "compromised credential", "compromised credentials")])
}
