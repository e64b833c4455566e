//! The audit as CSV, one finding a row, for a spreadsheet: severity, rule,
//! the objects (`id (name)`, `; ` between them), the detail, what is at
//! stake, and the file and line of the record at fault. Cells are escaped
//! and defused by [`crate::render::csv::Csv`].

use super::{Labels, object_labels, shown_file};
use crate::audit::{Config, Places, Report};
use crate::render::csv::Csv;

pub fn csv(report: &Report, config: &Config, labels: &Labels<'_>) -> String {
    let mut places = Places::new(labels.graph().model(), config);
    let mut csv = Csv::new(&[
        "severity",
        "rule",
        "objects",
        "detail",
        "people",
        "credentials",
        "file",
        "line",
    ]);
    for finding in &report.findings {
        let objects = object_labels(labels, finding);
        let stake = finding.stake();
        let place = places.of(finding);
        csv.row([
            finding.severity.as_str().to_string(),
            finding.rule.id.to_string(),
            objects.join("; "),
            finding.detail.clone(),
            stake.people.to_string(),
            stake.credentials.to_string(),
            place
                .as_ref()
                .map(|p| shown_file(labels, &p.file))
                .unwrap_or_default(),
            place.map(|p| p.line.to_string()).unwrap_or_default(),
        ]);
    }
    csv.finish()
}
