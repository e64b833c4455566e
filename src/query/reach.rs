//! Forward reach: given compromised credentials, every credential taken
//! over and every mailbox exposed (strongest level, one shortest path), the
//! users affected, and the data controllers who must assess notification.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::tree::PathTree;
use super::walk::{Direction, Hold, Search, State};
use super::{Level, Path};
use crate::graph::{AccessGraph, Node};

/// A credential the attacker controls: compromised, or taken over.
#[derive(Debug, Clone)]
pub struct Takeover {
    /// An account or a mailbox credential.
    pub node: NodeIndex,
    /// How it came under control: its step in [`Reach::paths`] (a start for
    /// a compromised credential).
    pub step: u32,
    pub compromised: bool,
}

impl Takeover {
    pub fn is_compromised(&self) -> bool {
        self.compromised
    }
}

/// A mailbox the attacker reaches.
#[derive(Debug, Clone)]
pub struct Exposed {
    pub node: NodeIndex,
    pub level: Level,
    /// Read through one folder other than the Inbox only (a calendar): its
    /// data subjects still count, as the folder may hold their data.
    pub folder_only: bool,
    /// The step in [`Reach::paths`] ending a shortest path giving `level`.
    pub step: u32,
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
    /// Index into `model.controllers`.
    pub controller: usize,
    /// Exposed mailboxes, as indices into [`Reach::mailboxes`].
    pub mailboxes: Vec<usize>,
    /// People whose data those mailboxes hold (mailboxes exposed to reading).
    pub people: u64,
}

/// The answer to "what do these credentials reach?".
#[derive(Debug, Clone)]
pub struct Reach {
    /// The shortest paths of every credential and mailbox below, sharing
    /// their prefixes (linear in the answer's size).
    pub paths: PathTree,
    /// The compromised credentials, in the order given.
    pub sources: Vec<NodeIndex>,
    /// Credentials under the attacker's control, compromised ones first,
    /// then by id.
    pub credentials: Vec<Takeover>,
    /// Exposed mailboxes, strongest level first, then by id.
    pub mailboxes: Vec<Exposed>,
    /// Affected users, by id.
    pub users: Vec<AffectedUser>,
    /// Compromised credentials that cannot sign in while disabled: they
    /// reach nothing (unless the graph assumes them enabled), in the order
    /// given.
    pub disabled: Vec<NodeIndex>,
    /// Data controllers with a mailbox exposed to reading, who must assess
    /// notification, by name then id.
    pub controllers: Vec<ControllerShare>,
    /// Data controllers whose mailboxes are exposed at send level only
    /// (impersonation, no personal data readable), by name then id.
    pub impersonation_only: Vec<ControllerShare>,
    /// Exposed mailboxes that name no data controller, as indices into
    /// [`Reach::mailboxes`]: an audit finding, not a controller.
    pub no_controller: Vec<usize>,
}

impl Reach {
    /// The whole path ending at `step` of [`Reach::paths`].
    pub fn path(&self, step: u32) -> Path {
        self.paths.path(step)
    }

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

    /// People whose data sits in mailboxes exposed to reading (those without
    /// a controller included).
    pub fn people(&self, graph: &AccessGraph) -> u64 {
        self.mailboxes
            .iter()
            .filter(|exposed| exposed.level.reads())
            .filter_map(|exposed| graph.mailbox_record(exposed.node))
            .map(|record| u64::from(record.data_subjects))
            .sum()
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

    let mut paths = PathTree::default();
    let mut recorded = HashMap::new();
    let mut credentials = Vec::new();
    // Each mailbox state reached, with its place in the search's order
    // (nearest first). Sorting in integers keeps this linear-looking even
    // when one credential reaches every mailbox of a large organisation.
    let mut reached: Vec<(u32, Level, u32, State)> = Vec::new();
    for (position, state) in search.reached().enumerate() {
        match graph.node(state.node) {
            Node::Account(_)
            | Node::MailboxCredential(_)
            | Node::Application(_)
            | Node::External(_) => credentials.push(Takeover {
                node: state.node,
                step: search.record(state, &mut paths, &mut recorded),
                compromised: search.distance(state) == Some(0),
            }),
            Node::Mailbox(_) => reached.push((
                state.node.index() as u32,
                state.hold.level(),
                position as u32,
                state,
            )),
            Node::Group(_) | Node::Scope(_) => {}
        }
    }
    credentials.sort_unstable_by_key(|c| (!c.is_compromised(), graph.id_rank(c.node)));
    // Per mailbox, its strongest level, reached first at that level; then
    // strongest first, by id.
    reached.sort_unstable_by_key(|&(node, level, position, _)| (node, level, position));
    reached.dedup_by_key(|&mut (node, ..)| node);
    reached.sort_unstable_by_key(|&(_, level, _, state)| (level, graph.id_rank(state.node)));
    let mailboxes: Vec<Exposed> = reached
        .into_iter()
        .map(|(_, level, _, state)| Exposed {
            node: state.node,
            level,
            folder_only: state.hold == Hold::ReadFolder,
            step: search.record(state, &mut paths, &mut recorded),
        })
        .collect();

    let users = affected_users(graph, &credentials, &mailboxes);
    let (shares, no_controller) = controller_shares(graph, &mailboxes);
    let (controllers, impersonation_only) = shares
        .into_iter()
        .partition(|share| share.mailboxes.iter().any(|&i| mailboxes[i].level.reads()));
    Reach {
        paths,
        sources: sources.to_vec(),
        credentials,
        mailboxes,
        users,
        disabled: sources
            .iter()
            .copied()
            .filter(|&node| graph.is_dormant(node))
            .collect(),
        controllers,
        impersonation_only,
        no_controller,
    }
}

/// Accounts controlled, then owners of exposed personal mailboxes who are
/// not controlled themselves (at their mailbox's strongest level).
fn affected_users(
    graph: &AccessGraph,
    credentials: &[Takeover],
    mailboxes: &[Exposed],
) -> Vec<AffectedUser> {
    // Every reason each user is affected, then per user the strongest,
    // ordered by id.
    let mut users: Vec<(u32, AffectedUser)> = Vec::new();
    for takeover in credentials {
        if let Node::Account(_) = graph.node(takeover.node) {
            let cause = if takeover.is_compromised() {
                Cause::Compromised
            } else {
                Cause::TakenOver
            };
            let user = AffectedUser {
                node: takeover.node,
                cause,
            };
            users.push((graph.id_rank(takeover.node), user));
        }
    }
    for exposed in mailboxes {
        let Some(node) = graph.owner_of(exposed.node) else {
            continue;
        };
        let cause = Cause::MailboxExposed(exposed.level);
        users.push((graph.id_rank(node), AffectedUser { node, cause }));
    }
    users.sort_unstable_by_key(|(rank, user)| (*rank, user.cause));
    users.dedup_by_key(|(rank, _)| *rank);
    users.into_iter().map(|(_, user)| user).collect()
}

/// The exposed mailboxes of each data controller (by name, then id), and
/// those that name none.
fn controller_shares(
    graph: &AccessGraph,
    mailboxes: &[Exposed],
) -> (Vec<ControllerShare>, Vec<usize>) {
    let model = graph.model();
    // By controller index first (a lookup per mailbox), then by name and id.
    let mut shares: Vec<Option<ControllerShare>> = vec![None; model.controllers.len()];
    let mut no_controller = Vec::new();
    for (position, exposed) in mailboxes.iter().enumerate() {
        let Some(record) = graph.mailbox_record(exposed.node) else {
            continue;
        };
        let Some(controller) = graph.controller_of(exposed.node) else {
            no_controller.push(position);
            continue;
        };
        let share = shares[controller].get_or_insert_with(|| ControllerShare {
            controller,
            mailboxes: Vec::new(),
            people: 0,
        });
        share.mailboxes.push(position);
        if exposed.level.reads() {
            share.people += u64::from(record.data_subjects);
        }
    }
    let mut shares: Vec<ControllerShare> = shares.into_iter().flatten().collect();
    shares.sort_by(|a, b| {
        let (a, b) = (
            &model.controllers[a.controller],
            &model.controllers[b.controller],
        );
        (a.name.as_str(), a.id.as_str()).cmp(&(b.name.as_str(), b.id.as_str()))
    });
    (shares, no_controller)
}
