//! The exposure of one mailbox as an HTML report: who could reach it, at
//! what level and how, with the diagram of their paths.

use super::super::Labels;
use super::super::answer::tree_path_to_root_text;
use super::super::exposure::{count, mfa};
use super::{EmbeddedDiagram, Report};
use crate::query::{Exposure, Level};

/// The report as one HTML document.
pub fn html(exposure: &Exposure, labels: &Labels<'_>, diagram: &EmbeddedDiagram) -> String {
    let graph = labels.graph();
    let mailbox = labels.id(exposure.mailbox);
    let mut report = Report::new(&format!("Who can reach {mailbox}"));
    let record = graph.mailbox_record(exposure.mailbox);
    report.paragraph(&format!(
        "{} ({}): {} people's data, data controller {}.",
        labels.name(exposure.mailbox),
        record.map_or("mailbox", |m| m.kind.as_str()),
        record.map_or(0, |m| m.data_subjects),
        super::super::answer::controller_name(labels, exposure.mailbox)
            .unwrap_or_else(|| "none named".to_string())
    ));
    report.figures(&[
        (
            exposure.credentials.len().to_string(),
            "credentials expose it".to_string(),
        ),
        (
            count(exposure, Level::Full).to_string(),
            "at full access".to_string(),
        ),
        (
            count(exposure, Level::Read).to_string(),
            "to reading".to_string(),
        ),
        (
            count(exposure, Level::Send).to_string(),
            "to sending only".to_string(),
        ),
        (
            exposure.without_mfa(graph).to_string(),
            "without MFA".to_string(),
        ),
    ]);
    report.diagram(diagram);
    let rows = exposure.credentials.iter().map(|exposer| {
        vec![
            exposer.level.to_string(),
            labels.id(exposer.node).into_owned(),
            labels.name(exposer.node).into_owned(),
            graph
                .account(exposer.node)
                .map_or(graph.node(exposer.node).kind(), |a| a.role.as_str())
                .to_string(),
            labels.unit(exposer.node).into_owned(),
            mfa(labels, exposer.node).to_string(),
            tree_path_to_root_text(labels, &exposure.paths, exposer.step),
        ]
    });
    report.table(
        "credentials",
        &format!(
            "Credentials that expose {mailbox} ({})",
            exposure.credentials.len()
        ),
        &["level", "credential", "name", "role", "unit", "mfa", "path"],
        rows,
    );
    report.finish()
}
