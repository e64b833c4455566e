//! The delegation hygiene review: rules that each look at the graph and
//! report findings, a configuration (thresholds, rules switched off,
//! suppressions with a reason and an expiry) and the report that comes out.
//!
//! A rule never prints and never decides the exit status: it returns
//! [`Finding`]s naming the nodes involved, so that renderers can show names
//! (or pseudonyms) and the command can gate on `--fail-on`.

mod config;
mod finding;
mod members;
mod reachability;
pub mod rules;

use petgraph::graph::NodeIndex;

pub use config::{Config, Suppression, Thresholds};
pub use finding::{Finding, Severity};
pub use members::GroupMembers;
pub use rules::{RULES, Rule};

use crate::date::Date;
use crate::graph::AccessGraph;

/// What the rules can look at.
pub struct Context<'a> {
    pub graph: &'a AccessGraph,
    pub config: &'a Config,
    pub members: GroupMembers,
    /// Computed by the first rule that asks (see [`Context::reachability`]).
    reachability: std::cell::OnceCell<reachability::Reachability>,
}

impl Context<'_> {
    /// What every credential reaches, computed once for all the rules
    /// that need it (and not at all when they are switched off).
    pub fn reachability(&self) -> &reachability::Reachability {
        self.reachability
            .get_or_init(|| reachability::Reachability::of(self.graph))
    }
}

/// The outcome of an audit: findings in a stable order, and those that a
/// live suppression silenced (kept so a report can say what was hidden).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<(Finding, usize)>,
    /// How many rules ran.
    pub rules_run: usize,
}

impl Report {
    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Runs every enabled rule over `graph`, applies the suppressions that have
/// not expired on `today`, and sorts the findings: most severe first, then
/// by rule, then by the objects involved.
pub fn audit(graph: &AccessGraph, config: &Config, today: Date) -> Report {
    let context = Context {
        graph,
        config,
        members: GroupMembers::of(graph),
        reachability: std::cell::OnceCell::new(),
    };
    let mut raw = Vec::new();
    let mut rules_run = 0;
    for rule in RULES {
        if config.is_enabled(rule.id) {
            rules_run += 1;
            (rule.check)(&context, &mut raw);
        }
    }

    let mut report = Report {
        rules_run,
        ..Report::default()
    };
    let mut used = vec![false; config.suppressions.len()];
    for finding in raw {
        let live = config
            .suppressions
            .iter()
            .enumerate()
            .find(|(_, s)| s.expires >= today && s.matches(&finding, |node| graph.id(node)));
        match live {
            Some((index, _)) => {
                used[index] = true;
                report.suppressed.push((finding, index));
            }
            None => report.findings.push(finding),
        }
    }
    for (index, suppression) in config.suppressions.iter().enumerate() {
        let (rule, detail) = if suppression.expires < today {
            (
                &rules::EXPIRED_SUPPRESSION,
                format!(
                    "suppression #{} of `{}` expired on {}",
                    index + 1,
                    suppression.rule,
                    suppression.expires
                ),
            )
        } else if !used[index] {
            (
                &rules::UNUSED_SUPPRESSION,
                format!(
                    "suppression #{} of `{}` matches no finding",
                    index + 1,
                    suppression.rule
                ),
            )
        } else {
            continue;
        };
        if config.is_enabled(rule.id) {
            report.findings.push(Finding::new(
                rule,
                suppressed_node(graph, suppression),
                detail,
            ));
        }
    }
    report
        .findings
        .sort_by(|a, b| a.sort_key(graph).cmp(&b.sort_key(graph)));
    report
        .suppressed
        .sort_by(|a, b| a.0.sort_key(graph).cmp(&b.0.sort_key(graph)));
    report
}

/// The node a suppression names, if it names one that exists.
fn suppressed_node(graph: &AccessGraph, suppression: &Suppression) -> Vec<NodeIndex> {
    graph
        .principal(&suppression.object)
        .or_else(|| graph.mailbox(&suppression.object))
        .into_iter()
        .collect()
}
