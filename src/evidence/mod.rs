//! Evidence of access: what the unified audit log says of each exposed
//! mailbox. Exposure says who *could* read a mailbox; the log says who
//! *did*. Each exposed mailbox is one of (the access model's "Evidence of
//! access"):
//!
//! - **accessed**: a record on or after the incident's start names the
//!   mailbox and an actor the attacker controlled, for an access
//!   ([`Action::Access`]: mail read or sent, an inbox rule or forwarding
//!   set);
//! - **not covered**: the export does not span the incident's period, or
//!   the mailbox's access logging was throttled during it, or no record
//!   at all names the mailbox (nothing shows its logging was on); records
//!   before the incident count as coverage only;
//! - **not accessed**: covered, and no such record.
//!
//! [`export`] reads the CSV exports, [`record`] one record's JSON; this
//! module matches records to the graph and decides. Sign-ins name no
//! mailbox: they are counted per credential, never taken as access.

pub mod export;
pub mod record;

use std::collections::{BTreeMap, HashMap, HashSet};

use petgraph::graph::NodeIndex;

pub use export::AuditLog;
pub use record::{Action, AuditRecord, THROTTLE_HOURS};

use crate::date::Timestamp;
use crate::graph::{AccessGraph, Node};
use crate::model::Incident;
use crate::query::Reach;

/// Why a mailbox is not covered by the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// The records do not span the incident's period.
    Span,
    /// A throttled MailItemsAccessed at this time stopped access logging
    /// for 24 hours within the period.
    Throttled(Timestamp),
    /// No record names the mailbox: nothing shows its logging was on.
    NoRecords,
}

/// What the logs say of one exposed mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Accessed by the attacker: the first such record's time.
    Accessed {
        first: Timestamp,
    },
    NotAccessed,
    NotCovered(Gap),
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accessed { .. } => "accessed",
            Status::NotAccessed => "not-accessed",
            Status::NotCovered(_) => "not-covered",
        }
    }

    /// How a report says it.
    pub fn describe(self) -> String {
        match self {
            Status::Accessed { first } => format!("accessed (evidence), first {first}"),
            Status::NotAccessed => "exposed, no evidence of access".into(),
            Status::NotCovered(Gap::Span) => {
                "exposed, not covered by the logs (the export does not span the incident)".into()
            }
            Status::NotCovered(Gap::Throttled(at)) => format!(
                "exposed, not covered by the logs (access logging throttled from {at} for {THROTTLE_HOURS} hours)"
            ),
            Status::NotCovered(Gap::NoRecords) => {
                "exposed, not covered by the logs (no record names it)".into()
            }
        }
    }

    /// A short line for a diagram's node.
    pub fn label(self) -> String {
        match self {
            Status::Accessed { first } => format!("ACCESSED {}", first.date()),
            Status::NotAccessed => "no evidence of access".into(),
            Status::NotCovered(_) => "not covered by logs".into(),
        }
    }

    /// The reason a mailbox is not covered, as a short word for JSON.
    pub fn gap(self) -> Option<&'static str> {
        match self {
            Status::NotCovered(Gap::Span) => Some("span"),
            Status::NotCovered(Gap::Throttled(_)) => Some("throttled"),
            Status::NotCovered(Gap::NoRecords) => Some("no-records"),
            _ => None,
        }
    }
}

/// The incident's period: from its start to its discovery (the end of the
/// discovery day when only a date is known; the end of the start day
/// without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Period {
    pub fn of(incident: &Incident) -> Option<Period> {
        let start = incident.start()?;
        let end = match incident.discovered_at() {
            Some((at, true)) => at,
            Some((at, false)) => at.plus_hours(24),
            None => start.plus_hours(24),
        };
        Some(Period {
            start,
            end: end.max(start),
        })
    }
}

/// What the logs say of every exposed mailbox of a reach.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub period: Period,
    /// The earliest and latest record, if any.
    pub span: Option<(Timestamp, Timestamp)>,
    status: HashMap<NodeIndex, Status>,
    /// Mailboxes the attacker's credentials accessed that the reach does
    /// not list as exposed: the directory misses a path. By id.
    pub unexplained: Vec<(NodeIndex, Timestamp)>,
    /// Access records by attacker credentials naming a mailbox the
    /// directory does not know, as written (actor, mailbox, time).
    pub unknown_mailboxes: Vec<(String, String, Timestamp)>,
    /// Sign-ins recorded per credential the attacker controls.
    pub sign_ins: BTreeMap<NodeIndex, usize>,
}

impl Assessment {
    /// The status of an exposed mailbox (`NotCovered(NoRecords)` for one
    /// the reach did not list).
    pub fn status(&self, mailbox: NodeIndex) -> Status {
        self.status
            .get(&mailbox)
            .copied()
            .unwrap_or(Status::NotCovered(Gap::NoRecords))
    }

    /// Exposed mailboxes accessed, not accessed, and not covered.
    pub fn totals(&self, reach: &Reach) -> [usize; 3] {
        let mut totals = [0; 3];
        for exposed in &reach.mailboxes {
            let slot = match self.status(exposed.node) {
                Status::Accessed { .. } => 0,
                Status::NotAccessed => 1,
                Status::NotCovered(_) => 2,
            };
            totals[slot] += 1;
        }
        totals
    }
}

/// Names in audit records to nodes: addresses and UPNs compared without
/// case.
struct Names<'g> {
    graph: &'g AccessGraph,
    mailboxes: HashMap<String, NodeIndex>,
    accounts: HashMap<String, NodeIndex>,
}

impl<'g> Names<'g> {
    fn new(graph: &'g AccessGraph) -> Names<'g> {
        let mut mailboxes = HashMap::new();
        let mut accounts = HashMap::new();
        for node in graph.graph().node_indices() {
            match graph.node(node) {
                Node::Mailbox(_) => {
                    mailboxes.insert(graph.id(node).to_lowercase(), node);
                }
                Node::Account(_) => {
                    accounts.insert(graph.id(node).to_lowercase(), node);
                }
                _ => {}
            }
        }
        Names {
            graph,
            mailboxes,
            accounts,
        }
    }

    /// The credential behind an actor: an account by id, or the owner of
    /// the mailbox with that address, or a signing-in mailbox's credential.
    fn actor(&self, name: &str) -> Option<NodeIndex> {
        let name = name.to_lowercase();
        if let Some(&account) = self.accounts.get(&name) {
            return Some(account);
        }
        let mailbox = *self.mailboxes.get(&name)?;
        let record = self.graph.mailbox_record(mailbox)?;
        if let Some(owner) = record.owner.as_deref() {
            return self.graph.principal(owner);
        }
        if record.sign_in {
            return self.graph.principal(&record.id);
        }
        None
    }

    /// The mailboxes a record's name means: a mailbox address, or an
    /// account's personal mailboxes.
    fn mailboxes(&self, name: &str) -> Vec<NodeIndex> {
        let name = name.to_lowercase();
        if let Some(&mailbox) = self.mailboxes.get(&name) {
            return vec![mailbox];
        }
        let Some(&account) = self.accounts.get(&name) else {
            return Vec::new();
        };
        let id = self.graph.id(account);
        self.graph
            .model()
            .mailboxes
            .iter()
            .filter(|m| m.owner.as_deref() == Some(id))
            .filter_map(|m| self.graph.mailbox(&m.id))
            .collect()
    }
}

/// What `log` says of the mailboxes `reach` exposes in `incident`.
pub fn assess(
    graph: &AccessGraph,
    reach: &Reach,
    incident: &Incident,
    log: &AuditLog,
) -> Option<Assessment> {
    let period = Period::of(incident)?;
    let names = Names::new(graph);
    let attacker: HashSet<NodeIndex> = reach.credentials.iter().map(|t| t.node).collect();
    let span = log
        .records
        .iter()
        .map(|r| r.time)
        .min()
        .zip(log.records.iter().map(|r| r.time).max());

    let mut logged: HashSet<NodeIndex> = HashSet::new();
    let mut throttled: HashMap<NodeIndex, Timestamp> = HashMap::new();
    let mut accessed: HashMap<NodeIndex, Timestamp> = HashMap::new();
    let mut unknown_mailboxes = Vec::new();
    let mut sign_ins = BTreeMap::new();
    for record in &log.records {
        let actor = names.actor(&record.actor);
        let by_attacker = actor.is_some_and(|node| attacker.contains(&node));
        if record.action == Action::SignIn {
            if let Some(node) = actor.filter(|node| attacker.contains(node)) {
                *sign_ins.entry(node).or_insert(0) += 1;
            }
            continue;
        }
        for name in &record.mailboxes {
            let mailboxes = names.mailboxes(name);
            if mailboxes.is_empty()
                && by_attacker
                && record.action == Action::Access
                && record.time >= period.start
            {
                unknown_mailboxes.push((record.actor.clone(), name.clone(), record.time));
            }
            for mailbox in mailboxes {
                logged.insert(mailbox);
                if record.throttled
                    && record.time.plus_hours(THROTTLE_HOURS) > period.start
                    && record.time <= period.end
                {
                    throttled
                        .entry(mailbox)
                        .and_modify(|at| *at = (*at).min(record.time))
                        .or_insert(record.time);
                }
                if by_attacker && record.action == Action::Access && record.time >= period.start {
                    accessed
                        .entry(mailbox)
                        .and_modify(|at| *at = (*at).min(record.time))
                        .or_insert(record.time);
                }
            }
        }
    }

    let spans_period =
        span.is_some_and(|(first, last)| first <= period.start && last >= period.end);
    let mut status = HashMap::new();
    for exposed in &reach.mailboxes {
        let node = exposed.node;
        let verdict = if let Some(&first) = accessed.get(&node) {
            Status::Accessed { first }
        } else if !spans_period {
            Status::NotCovered(Gap::Span)
        } else if let Some(&at) = throttled.get(&node) {
            Status::NotCovered(Gap::Throttled(at))
        } else if !logged.contains(&node) {
            Status::NotCovered(Gap::NoRecords)
        } else {
            Status::NotAccessed
        };
        status.insert(node, verdict);
    }
    let mut unexplained: Vec<(NodeIndex, Timestamp)> = accessed
        .iter()
        .filter(|(node, _)| !status.contains_key(node))
        .map(|(&node, &at)| (node, at))
        .collect();
    unexplained.sort_by_key(|&(node, _)| graph.id(node));
    unknown_mailboxes.sort();
    unknown_mailboxes.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Some(Assessment {
        period,
        span,
        status,
        unexplained,
        unknown_mailboxes,
        sign_ins,
    })
}
