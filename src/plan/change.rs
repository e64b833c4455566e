//! The changes a plan can propose, one variant per kind of change a mail
//! administrator can make, and the kind each belongs to (what it costs).
//!
//! A [`Change`] names graph nodes and model records; [`ChangeSpec`]
//! (`spec.rs`) is the same change by ids, as a file or the plan's JSON
//! writes it. New kinds of access (applications, roles, rules) add a
//! variant here and a match arm in [`Change::of_edge`].

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::graph::{AccessGraph, Edge};

/// What kind of change, for costs and for output.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Enrol an account that the attacker could guess in MFA.
    Mfa,
    /// Block the sign-in of a generic mailbox's own credential.
    BlockSignIn,
    /// Revoke a mailbox permission (FullAccess, SendAs, SendOnBehalf, a
    /// folder role).
    Grant,
    /// Remove a member from a group.
    Membership,
    /// Remove a mailbox's forwarding.
    Forwarding,
    /// Move an account's password resets away from a mailbox.
    Recovery,
    /// Remove an owner of an application.
    ApplicationOwner,
    /// Remove an application's permission on mailboxes, or restrict its
    /// scope to leave the protected mailboxes out.
    ApplicationPermission,
    /// Remove an admin role assignment.
    Role,
    /// Remove an inbox rule or a mail-flow rule that sends mail on.
    Rule,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 10] = [
        ChangeKind::Mfa,
        ChangeKind::BlockSignIn,
        ChangeKind::Grant,
        ChangeKind::Membership,
        ChangeKind::Forwarding,
        ChangeKind::Recovery,
        ChangeKind::ApplicationOwner,
        ChangeKind::ApplicationPermission,
        ChangeKind::Role,
        ChangeKind::Rule,
    ];

    /// The name used in cost files, flags and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Mfa => "mfa",
            ChangeKind::BlockSignIn => "block_sign_in",
            ChangeKind::Grant => "grant",
            ChangeKind::Membership => "membership",
            ChangeKind::Forwarding => "forwarding",
            ChangeKind::Recovery => "recovery",
            ChangeKind::ApplicationOwner => "application_owner",
            ChangeKind::ApplicationPermission => "application_permission",
            ChangeKind::Role => "role",
            ChangeKind::Rule => "rule",
        }
    }
}

/// One change to the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Enrol the account in MFA: a guessed password no longer signs in, so
    /// it stops being a way in (a takeover through its password resets is
    /// not prevented: the access model does not say the resets need the
    /// second factor).
    EnrolMfa { account: NodeIndex },
    /// Block sign-in for a generic mailbox's own credential: nobody signs
    /// in as it, and what its identity was granted is no longer usable.
    BlockSignIn { credential: NodeIndex },
    /// Revoke `model.grants[grant]`.
    RevokeGrant { grant: u32 },
    /// Remove `member` from `group`.
    RemoveMembership { member: NodeIndex, group: NodeIndex },
    /// Remove `model.forwarding[forwarding]`.
    RemoveForwarding { forwarding: u32 },
    /// Move the resets of `model.recovery[recovery]` to another mailbox.
    RemoveRecovery { recovery: u32 },
    /// Remove `owner` from the owners of `model.applications[application]`.
    RemoveApplicationOwner {
        application: NodeIndex,
        owner: NodeIndex,
    },
    /// Remove (or restrict the scope of)
    /// `model.application_permissions[permission]`.
    RestrictApplicationPermission {
        permission: u32,
        application: NodeIndex,
    },
    /// Remove the assignment `model.admin_roles[role]` from `holder`.
    RemoveRoleAssignment { role: u32, holder: NodeIndex },
    /// Remove `model.inbox_rules[rule]`, of `mailbox`, that sends its mail
    /// to `destination`.
    RemoveInboxRule {
        rule: u32,
        mailbox: NodeIndex,
        destination: NodeIndex,
    },
    /// Remove `model.mail_flow_rules[rule]`, that copies mail to
    /// `destination`.
    RemoveMailFlowRule { rule: u32, destination: NodeIndex },
}

impl Change {
    pub fn kind(self) -> ChangeKind {
        match self {
            Change::EnrolMfa { .. } => ChangeKind::Mfa,
            Change::BlockSignIn { .. } => ChangeKind::BlockSignIn,
            Change::RevokeGrant { .. } => ChangeKind::Grant,
            Change::RemoveMembership { .. } => ChangeKind::Membership,
            Change::RemoveForwarding { .. } => ChangeKind::Forwarding,
            Change::RemoveRecovery { .. } => ChangeKind::Recovery,
            Change::RemoveApplicationOwner { .. } => ChangeKind::ApplicationOwner,
            Change::RestrictApplicationPermission { .. } => ChangeKind::ApplicationPermission,
            Change::RemoveRoleAssignment { .. } => ChangeKind::Role,
            Change::RemoveInboxRule { .. } | Change::RemoveMailFlowRule { .. } => ChangeKind::Rule,
        }
    }

    /// The change that removes a graph edge, if any change can: an owner
    /// edge and a mailbox's own sign-in cannot be removed by a change of
    /// permissions.
    pub fn of_edge(graph: &AccessGraph, edge: EdgeIndex) -> Option<Change> {
        let (from, to) = graph.graph().edge_endpoints(edge)?;
        match graph.edge(edge) {
            Edge::Owner | Edge::SignIn | Edge::InScope(_) => None,
            Edge::Grant(grant) => Some(Change::RevokeGrant { grant }),
            Edge::Member => Some(Change::RemoveMembership {
                member: from,
                group: to,
            }),
            Edge::Forwarding(forwarding) => Some(Change::RemoveForwarding { forwarding }),
            Edge::Recovery(recovery) => Some(Change::RemoveRecovery { recovery }),
            Edge::ApplicationOwner(_) => Some(Change::RemoveApplicationOwner {
                application: to,
                owner: from,
            }),
            Edge::ApplicationPermission(permission, _) => {
                Some(Change::RestrictApplicationPermission {
                    permission,
                    application: from,
                })
            }
            Edge::AdminRole(role) | Edge::ApplicationAdminRole(role) => {
                Some(Change::RemoveRoleAssignment { role, holder: from })
            }
            Edge::InboxRule(rule) => Some(Change::RemoveInboxRule {
                rule,
                mailbox: to,
                destination: from,
            }),
            Edge::MailFlowRule(rule) => Some(Change::RemoveMailFlowRule {
                rule,
                destination: from,
            }),
        }
    }

    /// The node a change is about, for ordering and output: the account,
    /// the credential, the grantee, the member, the forwarding mailbox, the
    /// recovered account.
    pub fn subject(self, graph: &AccessGraph) -> NodeIndex {
        let model = graph.model();
        let lookup = |id: &str| graph.principal(id).or_else(|| graph.mailbox(id));
        match self {
            Change::EnrolMfa { account } => account,
            Change::BlockSignIn { credential } => credential,
            Change::RevokeGrant { grant } => {
                lookup(&model.grants[grant as usize].to).expect("a validated grantee")
            }
            Change::RemoveMembership { member, .. } => member,
            Change::RemoveForwarding { forwarding } => graph
                .mailbox(&model.forwarding[forwarding as usize].from)
                .expect("a validated forwarding mailbox"),
            Change::RemoveRecovery { recovery } => {
                lookup(&model.recovery[recovery as usize].account).expect("a validated account")
            }
            Change::RemoveApplicationOwner { owner, .. } => owner,
            Change::RestrictApplicationPermission { application, .. } => application,
            Change::RemoveRoleAssignment { holder, .. } => holder,
            Change::RemoveInboxRule { mailbox, .. } => mailbox,
            Change::RemoveMailFlowRule { destination, .. } => destination,
        }
    }

    /// The second node a change names, if any: the granted mailbox, the
    /// group, the forwarding target, the recovery mailbox.
    pub fn object(self, graph: &AccessGraph) -> Option<NodeIndex> {
        let model = graph.model();
        match self {
            Change::EnrolMfa { .. } | Change::BlockSignIn { .. } => None,
            Change::RevokeGrant { grant } => graph.mailbox(&model.grants[grant as usize].on),
            Change::RemoveMembership { group, .. } => Some(group),
            Change::RemoveForwarding { forwarding } => model.forwarding[forwarding as usize]
                .to
                .as_deref()
                .and_then(|to| graph.mailbox(to)),
            Change::RemoveRecovery { recovery } => {
                graph.mailbox(&model.recovery[recovery as usize].mailbox)
            }
            Change::RemoveApplicationOwner { application, .. } => Some(application),
            Change::RestrictApplicationPermission { .. }
            | Change::RemoveRoleAssignment { .. }
            | Change::RemoveMailFlowRule { .. } => None,
            Change::RemoveInboxRule { destination, .. } => Some(destination),
        }
    }

    /// What the change does, in words, without the names of the nodes it
    /// is about (`revoke FullAccess`, `remove from group`); the names of
    /// rules and roles go through `name` (a redacted output's pseudonyms).
    pub fn action(self, graph: &AccessGraph, name: impl Fn(&str) -> String) -> String {
        let model = graph.model();
        match self {
            Change::EnrolMfa { .. } => "enrol in MFA".into(),
            Change::BlockSignIn { .. } => "block sign-in".into(),
            Change::RevokeGrant { grant } => format!(
                "revoke {}",
                graph.model().grants[grant as usize].right.label()
            ),
            Change::RemoveMembership { .. } => "remove from group".into(),
            Change::RemoveForwarding { .. } => "remove forwarding to".into(),
            Change::RemoveRecovery { .. } => "move password resets away from".into(),
            Change::RemoveApplicationOwner { .. } => "remove as owner of".into(),
            Change::RestrictApplicationPermission { permission, .. } => format!(
                "remove or restrict the scope of {}",
                model.application_permissions[permission as usize].permission
            ),
            Change::RemoveRoleAssignment { role, .. } => format!(
                "remove role {}",
                name(&model.admin_roles[role as usize].name)
            ),
            Change::RemoveInboxRule { rule, .. } => format!(
                "remove inbox rule {} sending mail to",
                name(&model.inbox_rules[rule as usize].name)
            ),
            Change::RemoveMailFlowRule { rule, .. } => format!(
                "remove mail-flow rule {} copying mail to it",
                name(&model.mail_flow_rules[rule as usize].name)
            ),
        }
    }
}

/// Maps each change to the one that names the first of the records it
/// removes, so that duplicate records (the same grant written twice) are
/// one change, as a changes file names them.
pub struct Canonical {
    grants: Vec<u32>,
    forwarding: Vec<u32>,
    recovery: Vec<u32>,
    application_permissions: Vec<u32>,
    admin_roles: Vec<u32>,
    inbox_rules: Vec<u32>,
    mail_flow_rules: Vec<u32>,
}

/// For each record, the index of the first record with the same key.
fn first_of<'m, T, K: std::hash::Hash + Eq>(
    records: &'m [T],
    key: impl Fn(&'m T) -> K,
) -> Vec<u32> {
    let mut first: crate::FastMap<K, u32> = crate::FastMap::default();
    records
        .iter()
        .enumerate()
        .map(|(i, record)| *first.entry(key(record)).or_insert(i as u32))
        .collect()
}

impl Canonical {
    pub fn of(model: &crate::model::Model) -> Canonical {
        Canonical {
            grants: first_of(&model.grants, |g| (&g.to, &g.on, &g.right)),
            forwarding: first_of(&model.forwarding, |f| (&f.from, &f.to, &f.external)),
            recovery: first_of(&model.recovery, |r| (&r.account, &r.mailbox)),
            application_permissions: first_of(&model.application_permissions, |p| {
                (&p.application, &p.permission)
            }),
            admin_roles: first_of(&model.admin_roles, |r| (&r.name, &r.holder)),
            // Rules are named by their name (and mailbox); the destination
            // is kept in the key so one change has one destination.
            inbox_rules: first_of(&model.inbox_rules, |r| {
                (&r.mailbox, &r.name, &r.to, &r.external)
            }),
            mail_flow_rules: first_of(&model.mail_flow_rules, |r| (&r.name, &r.to, &r.external)),
        }
    }

    pub fn change(&self, change: Change) -> Change {
        match change {
            Change::RevokeGrant { grant } => Change::RevokeGrant {
                grant: self.grants[grant as usize],
            },
            Change::RemoveForwarding { forwarding } => Change::RemoveForwarding {
                forwarding: self.forwarding[forwarding as usize],
            },
            Change::RemoveRecovery { recovery } => Change::RemoveRecovery {
                recovery: self.recovery[recovery as usize],
            },
            Change::RestrictApplicationPermission {
                permission,
                application,
            } => Change::RestrictApplicationPermission {
                permission: self.application_permissions[permission as usize],
                application,
            },
            Change::RemoveRoleAssignment { role, holder } => Change::RemoveRoleAssignment {
                role: self.admin_roles[role as usize],
                holder,
            },
            Change::RemoveInboxRule {
                rule,
                mailbox,
                destination,
            } => Change::RemoveInboxRule {
                rule: self.inbox_rules[rule as usize],
                mailbox,
                destination,
            },
            Change::RemoveMailFlowRule { rule, destination } => Change::RemoveMailFlowRule {
                rule: self.mail_flow_rules[rule as usize],
                destination,
            },
            other => other,
        }
    }
}
