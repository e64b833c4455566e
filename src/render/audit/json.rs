//! The audit as one JSON document (schema `mailgraph/audit/v2`,
//! docs/json.md#audit), written to its destination finding by finding:
//! however many findings there are, only one is held as JSON at a time.

use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::json;

use super::{Labels, Lazy, finding_json};
use crate::audit::{Config, Report, Severity};

pub fn json(
    report: &Report,
    config: &Config,
    labels: &Labels<'_>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &Document {
            report,
            config,
            labels,
        },
    )
    .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

struct Document<'a, 'g> {
    report: &'a Report,
    config: &'a Config,
    labels: &'a Labels<'g>,
}

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Document {
            report,
            config,
            labels,
        } = self;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("schema", "mailgraph/audit/v2")?;
        map.serialize_entry(
            "summary",
            &json!({
                "findings": report.total(),
                "shown": report.findings.len(),
                "high": report.count_at(Severity::High),
                "medium": report.count_at(Severity::Medium),
                "low": report.count_at(Severity::Low),
                "info": report.count_at(Severity::Info),
                "suppressed": report.suppressed.len(),
                "rules_run": report.rules_run,
            }),
        )?;
        map.serialize_entry(
            "findings",
            &Lazy(|| report.findings.iter().map(|f| finding_json(f, labels))),
        )?;
        map.serialize_entry(
            "suppressed",
            &Lazy(|| {
                report.suppressed.iter().map(|(finding, index)| {
                    let suppression = &config.suppressions[*index];
                    json!({
                        "finding": finding_json(finding, labels),
                        // Free text may name people: withheld from a redacted output.
                        "reason": (!labels.is_redacted()).then_some(&suppression.reason),
                        "expires": suppression.expires.to_string(),
                    })
                })
            }),
        )?;
        map.end()
    }
}
