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
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Mfa,
        ChangeKind::BlockSignIn,
        ChangeKind::Grant,
        ChangeKind::Membership,
        ChangeKind::Forwarding,
        ChangeKind::Recovery,
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
        }
    }

    /// The change that removes a graph edge, if any change can: an owner
    /// edge and a mailbox's own sign-in cannot be removed by a change of
    /// permissions.
    pub fn of_edge(graph: &AccessGraph, edge: EdgeIndex) -> Option<Change> {
        match graph.edge(edge) {
            Edge::Owner | Edge::SignIn => None,
            Edge::Grant(grant) => Some(Change::RevokeGrant { grant }),
            Edge::Member => {
                let (member, group) = graph.graph().edge_endpoints(edge)?;
                Some(Change::RemoveMembership { member, group })
            }
            Edge::Forwarding(forwarding) => Some(Change::RemoveForwarding { forwarding }),
            Edge::Recovery(recovery) => Some(Change::RemoveRecovery { recovery }),
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
        }
    }

    /// What the change does, in words, without names: `revoke FullAccess`,
    /// `remove from group`.
    pub fn action(self, graph: &AccessGraph) -> String {
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
        }
    }
}
