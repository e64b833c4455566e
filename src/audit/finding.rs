use petgraph::graph::NodeIndex;

use super::Rule;
use crate::graph::AccessGraph;

/// How much a finding matters, least first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// One problem a rule found: the rule, the nodes involved (the first is the
/// subject), and a detail that carries figures but never names, so that a
/// redacted report leaks nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub objects: Vec<NodeIndex>,
    pub detail: String,
}

impl Finding {
    pub fn new(rule: &'static Rule, objects: Vec<NodeIndex>, detail: String) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            objects,
            detail,
        }
    }

    /// Most severe first, then rule id, then object ids, then detail.
    pub fn sort_key<'g>(
        &self,
        graph: &'g AccessGraph,
    ) -> (
        std::cmp::Reverse<Severity>,
        &'static str,
        Vec<&'g str>,
        String,
    ) {
        (
            std::cmp::Reverse(self.severity),
            self.rule.id,
            self.objects.iter().map(|node| graph.id(*node)).collect(),
            self.detail.clone(),
        )
    }
}
