//! What each data controller works from after an incident: one
//! [`Worksheet`] per controller with something exposed (the mailboxes it
//! answers for, at what level and how, the people whose data they hold,
//! the credentials behind it, whether the logs show access), and the
//! regulator's deadline, 72 hours from when the organisation became aware.
//!
//! Built from a [`Reach`] (and, when audit logs were given, an evidence
//! [`Assessment`]); it decides nothing the controller must decide, and
//! renders nothing (`render::notify` does).

use petgraph::graph::NodeIndex;

use crate::date::Timestamp;
use crate::evidence::{Assessment, Status};
use crate::graph::{AccessGraph, Node};
use crate::model::{Incident, Sensitivity};
use crate::query::{Level, Reach};

/// Hours the regulator allows from awareness to notification (UK and EU
/// GDPR, article 33).
pub const DEADLINE_HOURS: i64 = 72;

/// When the organisation became aware, and the deadline that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub discovered: Timestamp,
    /// Whether `discovered` had a time of day; a date alone counts from its
    /// first second, so the deadline is never later than the real one.
    pub time_known: bool,
    pub due: Timestamp,
}

impl Deadline {
    pub fn of(incident: &Incident) -> Option<Deadline> {
        let (discovered, time_known) = incident.discovered_at()?;
        Some(Deadline {
            discovered,
            time_known,
            due: discovered.plus_hours(DEADLINE_HOURS),
        })
    }
}

/// Whose worksheet it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressee {
    /// `model.controllers[i]`.
    Controller(usize),
    /// The exposed mailboxes that name no data controller: not a controller,
    /// but someone must find out who answers for them.
    NoController,
}

/// One exposed mailbox on a worksheet.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Index into [`Reach::mailboxes`].
    pub exposed: usize,
    /// What the audit logs say, when logs were given.
    pub evidence: Option<Status>,
}

/// What one data controller must assess.
#[derive(Debug, Clone)]
pub struct Worksheet {
    pub addressee: Addressee,
    pub entries: Vec<Entry>,
    /// People whose data sits in the mailboxes exposed to reading.
    pub people: u64,
    /// The highest sensitivity among the mailboxes exposed to reading.
    pub sensitivity: Option<Sensitivity>,
    /// Every credential on the paths to these mailboxes (compromised or
    /// taken over), by id.
    pub credentials: Vec<NodeIndex>,
}

impl Worksheet {
    /// Whether the controller's mailboxes are exposed only to sending: no
    /// personal data was readable ("impersonation only").
    pub fn impersonation_only(&self, reach: &Reach) -> bool {
        self.entries
            .iter()
            .all(|entry| reach.mailboxes[entry.exposed].level == Level::Send)
    }
}

/// Every worksheet of an incident.
#[derive(Debug, Clone)]
pub struct Notification {
    pub deadline: Option<Deadline>,
    /// Controllers who must assess notification (something of theirs was
    /// readable), by name.
    pub controllers: Vec<Worksheet>,
    /// Controllers whose mailboxes were exposed only to sending, by name.
    pub impersonation_only: Vec<Worksheet>,
    /// The exposed mailboxes without a data controller, if any.
    pub no_controller: Option<Worksheet>,
}

impl Notification {
    /// Every worksheet: controllers, impersonation only, then no controller.
    pub fn worksheets(&self) -> impl Iterator<Item = &Worksheet> {
        self.controllers
            .iter()
            .chain(&self.impersonation_only)
            .chain(&self.no_controller)
    }
}

/// The worksheets of `reach`; `assessment` adds what the logs show.
pub fn notification(
    graph: &AccessGraph,
    reach: &Reach,
    incident: Option<&Incident>,
    assessment: Option<&Assessment>,
) -> Notification {
    let sheets = |shares: &[crate::query::ControllerShare]| -> Vec<Worksheet> {
        shares
            .iter()
            .map(|share| {
                worksheet(
                    graph,
                    reach,
                    Addressee::Controller(share.controller),
                    &share.mailboxes,
                    assessment,
                )
            })
            .collect()
    };
    Notification {
        deadline: incident.and_then(Deadline::of),
        controllers: sheets(&reach.controllers),
        impersonation_only: sheets(&reach.impersonation_only),
        no_controller: (!reach.no_controller.is_empty()).then(|| {
            worksheet(
                graph,
                reach,
                Addressee::NoController,
                &reach.no_controller,
                assessment,
            )
        }),
    }
}

fn worksheet(
    graph: &AccessGraph,
    reach: &Reach,
    addressee: Addressee,
    mailboxes: &[usize],
    assessment: Option<&Assessment>,
) -> Worksheet {
    let mut people = 0;
    let mut sensitivity = None;
    let mut credentials = Vec::new();
    let mut entries = Vec::with_capacity(mailboxes.len());
    for &position in mailboxes {
        let exposed = &reach.mailboxes[position];
        if let Some(record) = graph.mailbox_record(exposed.node)
            && exposed.level.reads()
        {
            people += u64::from(record.data_subjects);
            sensitivity = sensitivity.max(Some(record.sensitivity));
        }
        credentials.extend(
            reach
                .path(exposed.step)
                .nodes()
                .filter(|&node| graph.node(node).is_credential()),
        );
        entries.push(Entry {
            exposed: position,
            evidence: assessment.map(|a| a.status(exposed.node)),
        });
    }
    credentials.sort_by_key(|&node| (credential_rank(graph, node), graph.id(node)));
    credentials.dedup();
    Worksheet {
        addressee,
        entries,
        people,
        sensitivity,
        credentials,
    }
}

/// Accounts before mailbox credentials.
fn credential_rank(graph: &AccessGraph, node: NodeIndex) -> u8 {
    match graph.node(node) {
        Node::Account(_) => 0,
        _ => 1,
    }
}
