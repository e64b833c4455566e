//! The reach of an incident as an HTML report: the figures a responder
//! reports (controllers, users, mailboxes, people), the diagram, and the
//! controllers, mailboxes, users and credentials as tables; with the
//! evidence of access when an audit log was given.

use super::super::Labels;
use super::super::answer::{controller_name, percent, tree_path_text};
use super::super::reach::{Context, compromised, level_counts, users_by_role};
use super::{EmbeddedDiagram, Report};
use crate::evidence::{Assessment, AuditLog};
use crate::query::{ControllerShare, Reach};

/// What the audit log says, when one was given.
pub struct Evidence<'a> {
    pub assessment: &'a Assessment,
    pub log: &'a AuditLog,
}

/// The report as one HTML document.
pub fn html(
    reach: &Reach,
    context: &Context<'_>,
    labels: &Labels<'_>,
    diagram: &EmbeddedDiagram,
    evidence: Option<&Evidence<'_>>,
) -> String {
    let graph = labels.graph();
    let title = match context.incident {
        Some(incident) => format!(
            "Incident {} ({}): {}",
            incident.name,
            incident.date,
            compromised(reach.sources.len())
        ),
        None => compromised(reach.sources.len()),
    };
    let mut report = Report::new(&title);
    let accounts = graph.model().accounts.len();
    let personal = reach.personal_mailboxes(graph);
    let [full, read, send] = level_counts(reach);
    let mut figures = vec![
        (
            reach.controllers.len().to_string(),
            "data controllers must assess notification".to_string(),
        ),
        (
            reach.users.len().to_string(),
            format!(
                "users affected, of {accounts} accounts ({})",
                percent(reach.users.len(), accounts)
            ),
        ),
        (
            reach.mailboxes.len().to_string(),
            format!(
                "mailboxes exposed: {personal} personal, {} generic; {full} full, {read} read, {send} send",
                reach.mailboxes.len() - personal
            ),
        ),
        (
            reach.people(graph).to_string(),
            "people whose data is exposed".to_string(),
        ),
        (
            reach.credentials.len().to_string(),
            format!(
                "credentials controlled ({} compromised)",
                reach.sources.len()
            ),
        ),
    ];
    if let Some(evidence) = evidence {
        let [accessed, not_accessed, not_covered] = evidence.assessment.totals(reach);
        figures.push((
            accessed.to_string(),
            format!(
                "mailboxes accessed (evidence); {not_accessed} exposed, no evidence of access; {not_covered} not covered by the logs"
            ),
        ));
    }
    report.figures(&figures);
    let folder_only = reach.mailboxes.iter().filter(|m| m.folder_only).count();
    if folder_only > 0 {
        report.paragraph(&format!(
            "The people counted include those of {folder_only} mailbox{} read through one folder only: the folder may hold their data.",
            if folder_only == 1 { "" } else { "es" }
        ));
    }
    if !reach.no_controller.is_empty() {
        report.warning(&format!(
            "{} exposed mailbox{} no data controller, so nobody is yet answerable for notification (controller \"none\" below).",
            reach.no_controller.len(),
            if reach.no_controller.len() == 1 { " names" } else { "es name" }
        ));
    }
    if !reach.disabled.is_empty() {
        report.warning(&format!(
            "{} compromised credential{} disabled: no access while disabled (--assume-enabled asks what if re-enabled).",
            reach.disabled.len(),
            if reach.disabled.len() == 1 { " is" } else { "s are" }
        ));
    }
    if let Some(evidence) = evidence {
        report.paragraph(&format!(
            "Audit log read: {}.",
            super::super::evidence::summary(evidence.assessment, evidence.log)
        ));
        for line in super::super::evidence::warnings(evidence.assessment, labels) {
            report.warning(&line);
        }
    }

    controller_table(
        &mut report,
        labels,
        "controllers",
        &format!(
            "Data controllers who must assess notification ({})",
            reach.controllers.len()
        ),
        &reach.controllers,
    );
    if !reach.impersonation_only.is_empty() {
        controller_table(
            &mut report,
            labels,
            "impersonation-only",
            &format!(
                "Impersonation only: mailboxes exposed at send level, no personal data readable ({})",
                reach.impersonation_only.len()
            ),
            &reach.impersonation_only,
        );
    }

    report.diagram(diagram);

    let mut headers = vec![
        "level",
        "mailbox",
        "name",
        "kind",
        "controller",
        ">people",
        "path",
    ];
    if evidence.is_some() {
        headers.push("evidence of access");
    }
    let rows = reach.mailboxes.iter().map(|exposed| {
        let record = graph.mailbox_record(exposed.node);
        let mut row = vec![
            if exposed.folder_only {
                format!("{} (one folder)", exposed.level)
            } else {
                exposed.level.to_string()
            },
            labels.id(exposed.node).into_owned(),
            labels.name(exposed.node).into_owned(),
            record.map_or("", |m| m.kind.as_str()).to_string(),
            controller_name(labels, exposed.node).unwrap_or_else(|| "none".to_string()),
            record.map_or(0, |m| m.data_subjects).to_string(),
            tree_path_text(labels, &reach.paths, exposed.step),
        ];
        if let Some(evidence) = evidence {
            row.push(evidence.assessment.status(exposed.node).describe());
        }
        row
    });
    report.table(
        "mailboxes",
        &format!("Mailboxes exposed ({})", reach.mailboxes.len()),
        &headers,
        rows,
    );

    let rows = reach.users.iter().map(|user| {
        vec![
            labels.id(user.node).into_owned(),
            labels.name(user.node).into_owned(),
            graph
                .account(user.node)
                .map_or("", |a| a.role.as_str())
                .to_string(),
            labels.unit(user.node).into_owned(),
            user.cause.describe(),
        ]
    });
    report.table(
        "users",
        &format!("Users affected ({})", reach.users.len()),
        &["user", "name", "role", "unit", "how"],
        rows,
    );
    let rows = users_by_role(reach, labels)
        .into_iter()
        .map(|(role, (users, indirect))| {
            vec![role.to_string(), users.to_string(), indirect.to_string()]
        });
    report.table(
        "roles",
        "Users affected by role",
        &["role", ">users", ">only through their mailbox"],
        rows,
    );

    let rows = reach.credentials.iter().map(|takeover| {
        vec![
            labels.id(takeover.node).into_owned(),
            labels.name(takeover.node).into_owned(),
            graph
                .account(takeover.node)
                .map_or("", |a| a.role.as_str())
                .to_string(),
            labels.unit(takeover.node).into_owned(),
            if takeover.is_compromised() {
                "compromised".to_string()
            } else {
                format!(
                    "taken over: {}",
                    tree_path_text(labels, &reach.paths, takeover.step)
                )
            },
        ]
    });
    report.table(
        "credentials",
        &format!("Credentials controlled ({})", reach.credentials.len()),
        &["credential", "name", "role", "unit", "how"],
        rows,
    );

    if !reach.disabled.is_empty() {
        let rows = reach.disabled.iter().map(|&node| {
            vec![
                labels.id(node).into_owned(),
                labels.name(node).into_owned(),
                graph
                    .account(node)
                    .map_or("", |a| a.role.as_str())
                    .to_string(),
                labels.unit(node).into_owned(),
            ]
        });
        report.table(
            "disabled",
            &format!(
                "Disabled: no access while disabled ({})",
                reach.disabled.len()
            ),
            &["credential", "name", "role", "unit"],
            rows,
        );
    }
    report.finish()
}

/// Controllers with how many of their mailboxes are exposed and whose data.
fn controller_table(
    report: &mut Report,
    labels: &Labels<'_>,
    id: &str,
    heading: &str,
    shares: &[ControllerShare],
) {
    let rows = shares.iter().map(|share| {
        vec![
            labels.controller(share.controller).into_owned(),
            share.mailboxes.len().to_string(),
            share.people.to_string(),
        ]
    });
    report.table(id, heading, &["controller", ">mailboxes", ">people"], rows);
}
