//! The notification worksheets of an incident as one HTML report (the
//! folder's `report.html`): the deadline, the figures, the diagram boxed by
//! data controller, and one row per worksheet with its files, so a
//! responder sees at once who must decide what, and by when.

use super::super::Labels;
use super::super::notify::{Context, addressee_name, category};
use super::super::reach::compromised;
use super::{EmbeddedDiagram, Report};
use crate::evidence::Status;
use crate::notify::{DEADLINE_HOURS, Notification, Worksheet};

/// The report as one HTML document; `files` are the worksheets in output
/// order with the names of the files written for each.
pub fn html(
    notification: &Notification,
    files: &[(&Worksheet, Vec<String>)],
    context: &Context<'_>,
    labels: &Labels<'_>,
    diagram: &EmbeddedDiagram,
) -> String {
    let reach = context.reach;
    let title = match context.incident {
        Some(incident) => format!("Notification worksheets: incident {}", incident.name),
        None => "Notification worksheets".to_string(),
    };
    let mut report = Report::new(&title);
    if let Some(incident) = context.incident {
        report.paragraph(&format!(
            "Incident {} of {}: {}.",
            incident.name,
            incident.date,
            compromised(reach.sources.len())
        ));
    }
    match &notification.deadline {
        Some(deadline) => report.warning(&format!(
            "Regulator's deadline: {} ({DEADLINE_HOURS} hours from when the organisation became aware: {}{}).",
            deadline.due,
            deadline.discovered,
            if deadline.time_known {
                ""
            } else {
                ", the start of the day: the time of day is not recorded"
            }
        )),
        None => report.warning(
            "Regulator's deadline: unknown. The incident records no discovered date; the deadline is 72 hours from when the organisation became aware.",
        ),
    }
    let people: u64 = notification.worksheets().map(|w| w.people).sum();
    let mut figures = vec![
        (
            notification.controllers.len().to_string(),
            "data controllers must assess notification".to_string(),
        ),
        (
            people.to_string(),
            "people whose data was readable, over all worksheets".to_string(),
        ),
        (
            reach.mailboxes.len().to_string(),
            "mailboxes exposed".to_string(),
        ),
    ];
    if !notification.impersonation_only.is_empty() {
        figures.push((
            notification.impersonation_only.len().to_string(),
            "controllers exposed to impersonation only".to_string(),
        ));
    }
    if let Some(worksheet) = &notification.no_controller {
        figures.push((
            worksheet.entries.len().to_string(),
            "exposed mailboxes with no data controller".to_string(),
        ));
    }
    report.figures(&figures);
    if let Some(summary) = context.evidence_summary {
        report.paragraph(&format!("Audit log read: {summary}."));
    }

    let with_evidence = files
        .iter()
        .any(|(worksheet, _)| worksheet.entries.iter().any(|e| e.evidence.is_some()));
    let mut headers = vec![
        "worksheet",
        "for",
        ">mailboxes",
        ">people",
        "sensitivity",
        "files",
    ];
    if with_evidence {
        headers.insert(5, ">accessed (evidence)");
        headers.insert(6, ">not covered by the logs");
    }
    let rows = files.iter().map(|(worksheet, names)| {
        let mut row = vec![
            category(worksheet, reach).replace('-', " "),
            addressee_name(labels, worksheet).into_owned(),
            worksheet.entries.len().to_string(),
            worksheet.people.to_string(),
            worksheet.sensitivity.map_or("", |s| s.as_str()).to_string(),
        ];
        if with_evidence {
            let count = |wanted: fn(&Status) -> bool| {
                worksheet
                    .entries
                    .iter()
                    .filter(|e| e.evidence.as_ref().is_some_and(wanted))
                    .count()
                    .to_string()
            };
            row.push(count(|s| matches!(s, Status::Accessed { .. })));
            row.push(count(|s| matches!(s, Status::NotCovered(_))));
        }
        row.push(names.join(", "));
        row
    });
    report.table(
        "worksheets",
        &format!("Worksheets ({})", files.len()),
        &headers,
        rows,
    );
    report.paragraph(
        "Each worksheet lists the controller's exposed mailboxes, how they were reached, the credentials behind them and the questions the controller must answer, with room for the answers. Controllers with nothing exposed have none.",
    );
    report.diagram(diagram);
    report.finish()
}
