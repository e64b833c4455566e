//! What changed between two snapshots of a directory: records added,
//! removed or changed ([`ModelChanges`]), and how exposure moved
//! ([`ExposureChanges`]): paths to mailboxes holding personal data that
//! appeared or went away, blast radius per credential, new findings.
//!
//! Both snapshots are whole validated models; everything is compared by id,
//! so the answer does not depend on the order records were written in.

mod exposure;
mod records;

pub use exposure::{BlastChange, ExposureChanges, PathChange, Snapshot};
pub use records::{Change, ModelChanges, describe_fields};

use crate::audit::{self, Config, Finding};
use crate::date::Date;
use crate::graph::AccessGraph;

/// The whole answer of `mailgraph diff`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub records: ModelChanges,
    pub exposure: ExposureChanges,
    /// Audit findings of the new snapshot that the old one did not have.
    pub new_findings: Vec<FindingKey>,
    /// Audit findings of the old snapshot gone from the new one.
    pub resolved_findings: Vec<FindingKey>,
}

/// A finding as it can be compared across snapshots: rule, severity, object
/// ids and detail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingKey {
    pub severity: std::cmp::Reverse<audit::Severity>,
    pub rule: &'static str,
    pub objects: Vec<String>,
    pub detail: String,
    /// The kind each object's pseudonym is made under (a redacted output
    /// shows the objects by pseudonym).
    pub object_kinds: Vec<&'static str>,
}

impl FindingKey {
    fn of(finding: &Finding, graph: &AccessGraph) -> FindingKey {
        FindingKey {
            severity: std::cmp::Reverse(finding.severity),
            rule: finding.rule.id,
            objects: finding
                .objects
                .iter()
                .map(|node| graph.id(*node).to_string())
                .collect(),
            detail: finding.detail.clone(),
            object_kinds: finding
                .objects
                .iter()
                .map(|node| crate::render::Labels::plain(graph).pseudonym_kind(*node))
                .collect(),
        }
    }
}

/// Compares two snapshots.
pub fn diff(old: &AccessGraph, new: &AccessGraph, config: &Config, today: Date) -> Diff {
    let keys = |graph: &AccessGraph| -> Vec<FindingKey> {
        let report = audit::audit(graph, config, today);
        let mut keys: Vec<FindingKey> = report
            .findings
            .iter()
            .map(|f| FindingKey::of(f, graph))
            .collect();
        keys.sort();
        keys
    };
    let old_findings = keys(old);
    let new_findings = keys(new);
    Diff {
        records: records::compare(old.model(), new.model()),
        exposure: exposure::compare(old, new),
        new_findings: sorted_difference(&new_findings, &old_findings),
        resolved_findings: sorted_difference(&old_findings, &new_findings),
    }
}

/// Items of sorted `a` not in sorted `b`.
fn sorted_difference<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|item| b.binary_search(item).is_err())
        .cloned()
        .collect()
}

impl Diff {
    /// Whether the snapshots differ at all.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
            && self.exposure.is_empty()
            && self.new_findings.is_empty()
            && self.resolved_findings.is_empty()
    }
}
