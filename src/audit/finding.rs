use petgraph::graph::NodeIndex;

use super::Rule;
use crate::graph::AccessGraph;
use crate::load::Section;

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

/// What is at stake in a finding, the order of findings within a rule:
/// the people whose personal data the mailboxes involved hold, then the
/// credentials involved (a group's members, the readers of a mailbox).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stake {
    pub people: u64,
    pub credentials: u64,
}

/// The record a finding is about, so that it can be located at its file
/// and line (SARIF): a record of the model, or a suppression of the audit
/// configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The `index`th record of `section` in the model (an index into the
    /// model's list, not into one file).
    Model { section: Section, index: u32 },
    /// The `index`th suppression of the configuration file.
    Suppression(usize),
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
    /// What is at stake; rules that know more than the objects tell set it,
    /// the audit works it out from the objects otherwise.
    pub stake: Option<Stake>,
    /// The record at fault; the subject's own record when the rule does
    /// not name one.
    pub record: Option<Record>,
    /// Objects involved that are not nodes of the graph (a deleted
    /// account's SID), shown after `objects`.
    pub others: Vec<Other>,
}

/// An object of a finding that is not a node of the graph: its kind
/// (`deleted account`) and id, shown through the labels like a record's id
/// (a pseudonym when redacted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Other {
    pub kind: &'static str,
    pub id: String,
}

impl Finding {
    pub fn new(rule: &'static Rule, objects: Vec<NodeIndex>, detail: String) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            objects,
            detail,
            stake: None,
            record: None,
            others: Vec::new(),
        }
    }

    /// The record at fault.
    pub fn at(mut self, section: Section, index: u32) -> Finding {
        self.record = Some(Record::Model { section, index });
        self
    }

    /// An object that is not a node of the graph.
    pub fn with_other(mut self, kind: &'static str, id: &str) -> Finding {
        self.others.push(Other {
            kind,
            id: id.to_string(),
        });
        self
    }

    /// What is at stake, when the rule knows better than the objects.
    pub fn with_stake(mut self, people: u64, credentials: u64) -> Finding {
        self.stake = Some(Stake {
            people,
            credentials,
        });
        self
    }

    /// What is at stake (set by [`super::audit`] for every finding).
    pub fn stake(&self) -> Stake {
        self.stake.unwrap_or_default()
    }

    /// Most severe first, then rule id, then most at stake, then object
    /// ids, then detail.
    pub fn sort_key(
        &self,
        graph: &AccessGraph,
    ) -> (
        std::cmp::Reverse<Severity>,
        &'static str,
        std::cmp::Reverse<Stake>,
        Vec<String>,
        String,
    ) {
        (
            std::cmp::Reverse(self.severity),
            self.rule.id,
            std::cmp::Reverse(self.stake()),
            self.objects
                .iter()
                .map(|node| graph.id(*node).to_string())
                .chain(self.others.iter().map(|other| other.id.clone()))
                .collect(),
            self.detail.clone(),
        )
    }
}
