//! The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange
//! Format), the format code-scanning services read: every rule in
//! `tool.driver.rules`, every finding a result located at the file and
//! line of the record at fault, so a pull request that adds a risky
//! delegation to a directory kept in version control is annotated on the
//! line that adds it. Deterministic: no dates, no absolute paths that were
//! not given, results in the report's order. Written result by result.

use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value, json};

use super::{Labels, Lazy, object_labels, shown_file};
use crate::audit::{Config, Finding, Places, RULES, Report, Rule, Severity};
use crate::diagnostic::Location;

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The score code-scanning services rank security results by (0 to 10).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "8.0",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn rule_json(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.name },
        "fullDescription": { "text": rule.why },
        "help": { "text": rule.fix },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "severity": rule.severity.as_str(),
            "security-severity": security_severity(rule.severity),
            "tags": ["security"],
        },
    })
}

/// A path as a URI reference: `/` between segments, every byte outside
/// the unreserved set percent-encoded; an absolute path as a `file:` URI.
fn uri(path: &str) -> String {
    let mut text = String::new();
    let absolute = path.starts_with('/');
    if absolute {
        text.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                text.push(byte as char)
            }
            b'\\' => text.push('/'),
            _ => text.push_str(&format!("%{byte:02X}")),
        }
    }
    text
}

fn location_json(location: &Location, labels: &Labels<'_>) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&shown_file(labels, &location.file)) },
            "region": {
                "startLine": location.line.max(1),
                "startColumn": location.column.max(1),
            },
        },
    })
}

fn result_json(finding: &Finding, labels: &Labels<'_>, places: &mut Places<'_>) -> Value {
    let objects = object_labels(labels, finding);
    let stake = finding.stake();
    let mut result = json!({
        "ruleId": finding.rule.id,
        "ruleIndex": RULES.iter().position(|rule| rule.id == finding.rule.id),
        "level": level(finding.severity),
        "message": { "text": format!("{}: {}", objects.join(", "), finding.detail) },
    });
    if let Some(location) = places.of(finding) {
        result["locations"] = json!([location_json(&location, labels)]);
    }
    result["properties"] = json!({
        "objects": finding.objects.iter().map(|&node| json!({
            "kind": labels.graph().node(node).kind(),
            "id": labels.id(node),
        })).chain(finding.others.iter().map(|other| json!({
            "kind": other.kind,
            "id": labels.other_id(other.kind, &other.id),
        }))).collect::<Vec<_>>(),
        "stake": { "people": stake.people, "credentials": stake.credentials },
    });
    result
}

pub fn sarif(
    report: &Report,
    config: &Config,
    labels: &Labels<'_>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let places = std::cell::RefCell::new(Places::new(labels.graph().model(), config));
    let run = Run {
        results: Lazy(|| {
            report
                .findings
                .iter()
                .map(|finding| result_json(finding, labels, &mut places.borrow_mut()))
        }),
    };
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
    });
    // The log's fixed parts first, then the run with its results streamed.
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    let mut map = serializer
        .serialize_map(Some(3))
        .map_err(std::io::Error::from)?;
    for (key, value) in log.as_object().into_iter().flatten() {
        map.serialize_entry(key, value)
            .map_err(std::io::Error::from)?;
    }
    map.serialize_entry("runs", &[run])
        .map_err(std::io::Error::from)?;
    map.end().map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

struct Run<F> {
    results: Lazy<F>,
}

impl<I, F> Serialize for Run<F>
where
    F: Fn() -> I,
    I: Iterator<Item = Value>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry(
            "tool",
            &json!({
                "driver": {
                    "name": "mailgraph",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": RULES.iter().map(|rule| rule_json(rule)).collect::<Vec<_>>(),
                },
            }),
        )?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("results", &self.results)?;
        map.end()
    }
}
