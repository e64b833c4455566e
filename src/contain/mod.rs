//! Containment: the ordered checklist a responder works through after an
//! incident, built from its reach. First the credentials the attacker
//! holds (reset, and revoke their sessions), then the forwarding and inbox
//! rules that carry mail out (those on attack paths, those sending mail to
//! a mailbox the attacker reads, and those of mailboxes the attacker had
//! full access to and could have set), then application
//! secrets to rotate, then the grants, memberships, recovery addresses,
//! application owners and permissions, and admin roles the attack went
//! through, to review.
//!
//! The checklist is data: which record or node each step is about, and
//! why. `render::contain` writes each step with the PowerShell an
//! administrator would run; mailgraph never connects to anything.

use std::collections::{BTreeSet, HashSet};

use petgraph::graph::NodeIndex;

use crate::graph::{AccessGraph, Edge, Node};
use crate::model::external_address;
use crate::query::{Level, Path, Reach};

/// The parts of the checklist, in the order they are worked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Credentials,
    Rules,
    Applications,
    Grants,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Credentials => "Credentials to reset and sessions to revoke",
            Section::Rules => "Forwarding and rules to remove",
            Section::Applications => "Application secrets to rotate",
            Section::Grants => "Grants to review",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Credentials => "credentials",
            Section::Rules => "rules",
            Section::Applications => "applications",
            Section::Grants => "grants",
        }
    }
}

/// What one step does. Indices are into the model's record vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Reset an account's password and revoke its sessions.
    ResetAccount(NodeIndex),
    /// A generic mailbox that signs in: reset, revoke, and block sign-in.
    ResetMailboxCredential(NodeIndex),
    /// An application the attacker controls: remove its secrets and
    /// certificates.
    RotateApplication(NodeIndex),
    /// `model.forwarding[i]`.
    RemoveForwarding(usize),
    /// `model.inbox_rules[i]`.
    RemoveInboxRule(usize),
    /// `model.mail_flow_rules[i]`.
    DisableMailFlowRule(usize),
    /// `model.grants[i]`.
    ReviewGrant(usize),
    /// A member (account, group, mailbox credential) of a group.
    ReviewMembership { member: NodeIndex, group: NodeIndex },
    /// `model.recovery[i]`: where an account's resets go.
    ReviewRecovery(usize),
    /// An owner of the application `model.applications[i]`.
    ReviewApplicationOwner {
        owner: NodeIndex,
        application: usize,
    },
    /// `model.application_permissions[i]`.
    ReviewApplicationPermission(usize),
    /// `model.admin_roles[i]`.
    ReviewAdminRole(usize),
}

impl Action {
    pub fn section(self) -> Section {
        match self {
            Action::ResetAccount(_) | Action::ResetMailboxCredential(_) => Section::Credentials,
            Action::RemoveForwarding(_)
            | Action::RemoveInboxRule(_)
            | Action::DisableMailFlowRule(_) => Section::Rules,
            Action::RotateApplication(_) => Section::Applications,
            _ => Section::Grants,
        }
    }
}

/// Why a step is on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The credential was compromised.
    Compromised,
    /// The attacker took the credential over.
    TakenOver,
    /// The record is on an attack path: the attack went through it.
    OnPath,
    /// Forwarding or a rule that sends mail to a mailbox the attacker reads
    /// (or an address they hold).
    ToAttacker,
    /// A rule of a mailbox the attacker had full access to: they could have
    /// set it; check it with the mailbox's owner.
    OnExposedMailbox,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Compromised => "compromised",
            Reason::TakenOver => "taken over",
            Reason::OnPath => "on an attack path",
            Reason::ToAttacker => "sends mail to the attacker",
            Reason::OnExposedMailbox => "on a mailbox the attacker could change",
        }
    }
}

/// One step of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub reason: Reason,
}

/// The checklist of a reach, in working order (section, then each step's
/// records in model order).
#[derive(Debug, Clone, Default)]
pub struct Checklist {
    pub steps: Vec<Step>,
    /// Compromised credentials that are disabled accounts: nothing to reset
    /// while they stay disabled.
    pub disabled: Vec<NodeIndex>,
}

/// The checklist for `reach`.
pub fn checklist(graph: &AccessGraph, reach: &Reach) -> Checklist {
    let model = graph.model();
    let mut steps: BTreeSet<(Section, Action, Reason)> = BTreeSet::new();
    let mut add = |action: Action, reason: Reason| {
        steps.insert((action.section(), action, reason));
    };

    for takeover in &reach.credentials {
        let reason = if takeover.is_compromised() {
            Reason::Compromised
        } else {
            Reason::TakenOver
        };
        match graph.node(takeover.node) {
            Node::Account(_) => add(Action::ResetAccount(takeover.node), reason),
            Node::MailboxCredential(_) => {
                add(Action::ResetMailboxCredential(takeover.node), reason);
            }
            Node::Application(_) => add(Action::RotateApplication(takeover.node), reason),
            _ => {}
        }
    }

    // Every hop of every path, each once: the paths share their prefixes.
    for step in reach.paths.steps() {
        let (Some(edge), Some(from)) = (step.edge, step.from) else {
            continue;
        };
        let hop = Path {
            start: reach.paths.step(from).node,
            hops: vec![crate::query::Hop {
                edge,
                node: step.node,
            }],
        };
        for action in path_actions(graph, &hop) {
            add(action, Reason::OnPath);
        }
    }

    // Forwarding and rules that send mail where the attacker reads it, and
    // those of mailboxes the attacker could change (set by them, perhaps).
    let full: HashSet<&str> = reach
        .mailboxes
        .iter()
        .filter(|e| e.level == Level::Full)
        .map(|e| graph.id(e.node))
        .collect();
    let mut reads: HashSet<String> = reach
        .mailboxes
        .iter()
        .filter(|e| e.level != Level::Send && !e.folder_only)
        .map(|e| graph.id(e.node).to_string())
        .collect();
    reads.extend(
        reach
            .credentials
            .iter()
            .filter(|t| matches!(graph.node(t.node), Node::External(_)))
            .map(|t| graph.id(t.node).to_string()),
    );
    let to_attacker = |to: &Option<String>, external: &Option<String>| {
        to.as_deref().is_some_and(|to| reads.contains(to))
            || external
                .as_deref()
                .is_some_and(|e| reads.contains(&external_address(e)))
    };
    for (i, forwarding) in model.forwarding.iter().enumerate() {
        if to_attacker(&forwarding.to, &forwarding.external) {
            add(Action::RemoveForwarding(i), Reason::ToAttacker);
        } else if full.contains(forwarding.from.as_str()) {
            add(Action::RemoveForwarding(i), Reason::OnExposedMailbox);
        }
    }
    for (i, rule) in model.inbox_rules.iter().enumerate() {
        if to_attacker(&rule.to, &rule.external) {
            add(Action::RemoveInboxRule(i), Reason::ToAttacker);
        } else if full.contains(rule.mailbox.as_str()) {
            add(Action::RemoveInboxRule(i), Reason::OnExposedMailbox);
        }
    }

    // One step per action, with the strongest reason (on a path before
    // merely possible).
    let mut seen = HashSet::new();
    let steps = steps
        .into_iter()
        .filter(|&(_, action, _)| seen.insert(action))
        .map(|(_, action, reason)| Step { action, reason })
        .collect();
    Checklist {
        steps,
        disabled: reach.disabled.clone(),
    }
}

/// The records a path goes through that a responder should act on.
fn path_actions(graph: &AccessGraph, path: &Path) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut from = path.start;
    for hop in &path.hops {
        let action = match graph.edge(hop.edge) {
            Edge::Grant(i) => Some(Action::ReviewGrant(i as usize)),
            Edge::Member => Some(Action::ReviewMembership {
                member: from,
                group: hop.node,
            }),
            Edge::Forwarding(i) => Some(Action::RemoveForwarding(i as usize)),
            Edge::Recovery(i) => Some(Action::ReviewRecovery(i as usize)),
            Edge::InboxRule(i) => Some(Action::RemoveInboxRule(i as usize)),
            Edge::MailFlowRule(i) => Some(Action::DisableMailFlowRule(i as usize)),
            Edge::ApplicationOwner(i) => Some(Action::ReviewApplicationOwner {
                owner: from,
                application: i as usize,
            }),
            Edge::ApplicationPermission(i, _) => {
                Some(Action::ReviewApplicationPermission(i as usize))
            }
            Edge::AdminRole(i) | Edge::ApplicationAdminRole(i) => {
                Some(Action::ReviewAdminRole(i as usize))
            }
            Edge::Owner | Edge::SignIn | Edge::InScope(_) => None,
        };
        actions.extend(action);
        from = hop.node;
    }
    actions
}
