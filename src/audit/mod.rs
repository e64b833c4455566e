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
mod place;
mod reachability;
pub mod rules;

use petgraph::graph::NodeIndex;

pub use config::{Config, Suppression, Thresholds};
pub use finding::{Finding, Other, Record, Severity, Stake};
pub use members::GroupMembers;
pub use place::Places;
pub use rules::{RULES, Rule};

use crate::date::Date;
use crate::graph::{AccessGraph, Node};
use crate::load::Section;

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
    /// Findings of each rule that `--top` left out (rule id, count).
    pub not_shown: std::collections::BTreeMap<&'static str, usize>,
}

impl Report {
    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// How many findings `rule` has, shown or left out by `--top`.
    pub fn count_of(&self, rule: &str) -> usize {
        self.findings.iter().filter(|f| f.rule.id == rule).count()
            + self.not_shown.get(rule).copied().unwrap_or(0)
    }

    /// How many findings have `severity`, shown or left out by `--top`.
    pub fn count_at(&self, severity: Severity) -> usize {
        let shown = self
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count();
        let left_out: usize = self
            .not_shown
            .iter()
            .filter(|(id, _)| RULES.iter().any(|r| r.id == **id && r.severity == severity))
            .map(|(_, n)| n)
            .sum();
        shown + left_out
    }

    /// Every finding, shown or left out by `--top`.
    pub fn total(&self) -> usize {
        self.findings.len() + self.not_shown.values().sum::<usize>()
    }

    /// Keeps what `selection` asks for. Run it on findings in their final
    /// (shown) order: `--top` keeps the first of each rule.
    pub fn select(&mut self, selection: &Selection) {
        let wanted = |finding: &Finding| {
            (selection.rules.is_empty() || selection.rules.iter().any(|r| r == finding.rule.id))
                && selection
                    .severity
                    .is_none_or(|least| finding.severity >= least)
        };
        self.findings.retain(wanted);
        self.suppressed.retain(|(finding, _)| wanted(finding));
        if let Some(top) = selection.top.filter(|&top| top > 0) {
            let mut seen: std::collections::HashMap<&'static str, usize> =
                std::collections::HashMap::new();
            let not_shown = &mut self.not_shown;
            self.findings.retain(|finding| {
                let n = seen.entry(finding.rule.id).or_default();
                *n += 1;
                if *n > top {
                    *not_shown.entry(finding.rule.id).or_default() += 1;
                }
                *n <= top
            });
        }
    }
}

/// What part of a report to show: some rules, a least severity, the first
/// findings of each rule (`--rule`, `--severity`, `--top`; 0 or none: all).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub rules: Vec<String>,
    pub severity: Option<Severity>,
    pub top: Option<usize>,
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
    for finding in &mut raw {
        complete(&context, finding);
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
            let mut finding = Finding::new(rule, suppressed_node(graph, suppression), detail);
            finding.record = Some(Record::Suppression(index));
            complete(&context, &mut finding);
            report.findings.push(finding);
        }
    }
    report
        .findings
        .sort_by_cached_key(|finding| finding.sort_key(graph));
    report
        .suppressed
        .sort_by_cached_key(|(finding, _)| finding.sort_key(graph));
    report
}

/// Fills in what a rule left to the audit: the stake, from the objects
/// (people whose data the mailboxes hold; the credentials, a group
/// counting its members), and the record at fault, the subject's own.
fn complete(context: &Context<'_>, finding: &mut Finding) {
    let graph = context.graph;
    if finding.stake.is_none() {
        let mut stake = Stake::default();
        let mut seen = Vec::with_capacity(finding.objects.len());
        for &node in &finding.objects {
            if seen.contains(&node) {
                continue;
            }
            seen.push(node);
            match graph.node(node) {
                Node::Mailbox(i) => {
                    stake.people += graph.model().mailboxes[i as usize].data_subjects as u64;
                }
                Node::Account(_) | Node::MailboxCredential(_) => stake.credentials += 1,
                Node::Group(_) => {
                    stake.credentials += context.members.of_group(graph, node).len() as u64;
                }
                _ => {}
            }
        }
        finding.stake = Some(stake);
    }
    if finding.record.is_none() {
        finding.record = finding.objects.first().and_then(|&node| {
            let (section, index) = match graph.node(node) {
                Node::Account(i) => (Section::Accounts, i),
                Node::Group(i) => (Section::Groups, i),
                Node::Mailbox(i) | Node::MailboxCredential(i) => (Section::Mailboxes, i),
                Node::Application(i) => (Section::Applications, i),
                _ => return None,
            };
            Some(Record::Model { section, index })
        });
    }
}

/// The node a suppression names, if it names one that exists.
fn suppressed_node(graph: &AccessGraph, suppression: &Suppression) -> Vec<NodeIndex> {
    graph
        .principal(&suppression.object)
        .or_else(|| graph.mailbox(&suppression.object))
        .into_iter()
        .collect()
}
