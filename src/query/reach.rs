//! Forward reach: given compromised credentials, every credential taken
//! over and every mailbox exposed (strongest level, one shortest path), the
//! users affected, and the data controllers who must assess notification.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::NodeIndex;

use super::walk::{Direction, Search, State};
use super::{Level, Path};
use crate::graph::{AccessGraph, Node};

/// A credential the attacker controls: compromised, or taken over.
#[derive(Debug, Clone)]
pub struct Takeover {
    /// An account or a mailbox credential.
    pub node: NodeIndex,
    /// How it came under control; a compromised credential's path is empty.
    pub path: Path,
}

impl Takeover {
    pub fn is_compromised(&self) -> bool {
        self.path.is_empty()
    }
}

/// A mailbox the attacker reaches.
#[derive(Debug, Clone)]
pub struct Exposed {
    pub node: NodeIndex,
    pub level: Level,
    /// A shortest path giving `level`.
    pub path: Path,
}

/// Why a user counts as affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// Their credential is among the compromised ones.
    Compromised,
    /// The attacker took their account over (password resets).
    TakenOver,
    /// Only a personal mailbox of theirs is exposed, through someone else's
    /// access to it.
    MailboxExposed(Level),
}

impl Cause {
    pub fn describe(self) -> String {
        match self {
            Cause::Compromised => "credential compromised".into(),
            Cause::TakenOver => "account taken over".into(),
            Cause::MailboxExposed(level) => format!("mailbox exposed ({level})"),
        }
    }

    /// Whether the user is affected only through someone else's access.
    pub fn is_indirect(self) -> bool {
        matches!(self, Cause::MailboxExposed(_))
    }
}

/// An account whose owner is affected.
#[derive(Debug, Clone, Copy)]
pub struct AffectedUser {
    pub node: NodeIndex,
    pub cause: Cause,
}

/// What falls to one data controller: the exposed mailboxes it answers for.
#[derive(Debug, Clone)]
pub struct ControllerShare {
    /// Index into `model.controllers`; `None` gathers mailboxes that name
    /// no controller.
    pub controller: Option<usize>,
    /// Exposed mailboxes, as indices into [`Reach::mailboxes`].
    pub mailboxes: Vec<usize>,
    /// People whose data those mailboxes hold (mailboxes exposed to reading).
    pub people: u64,
}

/// The answer to "what do these credentials reach?".
#[derive(Debug, Clone)]
pub struct Reach {
    /// The compromised credentials, in the order given.
    pub sources: Vec<NodeIndex>,
    /// Credentials under the attacker's control, compromised ones first,
    /// then by id.
    pub credentials: Vec<Takeover>,
    /// Exposed mailboxes, strongest level first, then by id.
    pub mailboxes: Vec<Exposed>,
    /// Affected users, by id.
    pub users: Vec<AffectedUser>,
    /// Data controllers with exposed mailboxes, by name; mailboxes without a
    /// controller last.
    pub controllers: Vec<ControllerShare>,
}

impl Reach {
    pub fn personal_mailboxes(&self, graph: &AccessGraph) -> usize {
        self.mailboxes
            .iter()
            .filter(|m| {
                graph
                    .mailbox_record(m.node)
                    .is_some_and(|r| r.is_personal())
            })
            .count()
    }

    /// People whose data sits in mailboxes exposed to reading.
    pub fn people(&self) -> u64 {
        self.controllers.iter().map(|share| share.people).sum()
    }
}

/// What `sources` (credential nodes) reach.
pub fn reach(graph: &AccessGraph, sources: &[NodeIndex]) -> Reach {
    let mut search = Search::new(graph);
    search.run(
        graph,
        Direction::Forward,
        sources.iter().map(|&node| State::control(node)),
    );

    let mut credentials = Vec::new();
    // For each mailbox, the first (so nearest) state reached per level.
    let mut best: HashMap<NodeIndex, State> = HashMap::new();
    for state in search.reached() {
        match graph.node(state.node) {
            Node::Account(_)
            | Node::MailboxCredential(_)
            | Node::Application(_)
            | Node::External(_) => credentials.push(Takeover {
                node: state.node,
                path: search.path(state, Direction::Forward),
            }),
            Node::Mailbox(_) => {
                best.entry(state.node)
                    .and_modify(|kept| {
                        if state.hold.level() < kept.hold.level() {
                            *kept = state;
                        }
                    })
                    .or_insert(state);
            }
            Node::Group(_) | Node::Scope(_) => {}
        }
    }
    credentials.sort_by(|a, b| {
        (!a.is_compromised(), graph.id(a.node)).cmp(&(!b.is_compromised(), graph.id(b.node)))
    });
    let mut mailboxes: Vec<Exposed> = best
        .into_values()
        .map(|state| Exposed {
            node: state.node,
            level: state.hold.level(),
            path: search.path(state, Direction::Forward),
        })
        .collect();
    mailboxes.sort_by(|a, b| (a.level, graph.id(a.node)).cmp(&(b.level, graph.id(b.node))));

    let users = affected_users(graph, &credentials, &mailboxes);
    let controllers = controller_shares(graph, &mailboxes);
    Reach {
        sources: sources.to_vec(),
        credentials,
        mailboxes,
        users,
        controllers,
    }
}

/// Accounts controlled, then owners of exposed personal mailboxes who are
/// not controlled themselves (at their mailbox's strongest level).
fn affected_users(
    graph: &AccessGraph,
    credentials: &[Takeover],
    mailboxes: &[Exposed],
) -> Vec<AffectedUser> {
    let mut users: BTreeMap<&str, AffectedUser> = BTreeMap::new();
    for takeover in credentials {
        if let Node::Account(_) = graph.node(takeover.node) {
            let cause = if takeover.is_compromised() {
                Cause::Compromised
            } else {
                Cause::TakenOver
            };
            users.insert(
                graph.id(takeover.node),
                AffectedUser {
                    node: takeover.node,
                    cause,
                },
            );
        }
    }
    for exposed in mailboxes {
        let Some(owner) = graph
            .mailbox_record(exposed.node)
            .and_then(|m| m.owner.as_deref())
        else {
            continue;
        };
        let Some(node) = graph.principal(owner) else {
            continue;
        };
        let cause = Cause::MailboxExposed(exposed.level);
        users
            .entry(graph.id(node))
            .and_modify(|user| user.cause = user.cause.min(cause))
            .or_insert(AffectedUser { node, cause });
    }
    users.into_values().collect()
}

fn controller_shares(graph: &AccessGraph, mailboxes: &[Exposed]) -> Vec<ControllerShare> {
    let model = graph.model();
    let mut shares: BTreeMap<(bool, &str, Option<usize>), ControllerShare> = BTreeMap::new();
    for (position, exposed) in mailboxes.iter().enumerate() {
        let Some(record) = graph.mailbox_record(exposed.node) else {
            continue;
        };
        let controller = graph.controller_of(exposed.node);
        let key = match controller {
            Some(i) => (false, model.controllers[i].name.as_str(), Some(i)),
            None => (true, "", None),
        };
        let share = shares.entry(key).or_insert_with(|| ControllerShare {
            controller,
            mailboxes: Vec::new(),
            people: 0,
        });
        share.mailboxes.push(position);
        if exposed.level.reads() {
            share.people += u64::from(record.data_subjects);
        }
    }
    shares.into_values().collect()
}
