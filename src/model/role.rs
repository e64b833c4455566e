use serde::{Deserialize, Serialize};

use super::Scope;

/// An admin role held by an account or a group: Exchange or Global
/// Administrator, Organization Management, Recipient Management (which can
/// add mailbox permissions), ApplicationImpersonation, and application
/// administrator roles. The holder has no standing access to mail, but
/// could grant itself any mailbox of the role's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminRole {
    /// The role's name, as the directory shows it.
    pub name: String,
    /// The account, group or signing-in mailbox that holds it.
    pub holder: String,
    /// The mailboxes it could grant itself (its management scope).
    #[serde(default)]
    pub scope: Scope,
    /// What the role lets its holder take.
    #[serde(default)]
    pub gives: RoleGives,
    /// Where the record came from (an import's file and row), for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What an admin role lets its holder take.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum RoleGives {
    /// Every mailbox of its scope, in full, by granting itself.
    #[default]
    Mailboxes,
    /// Control of every application (it can add a secret to any):
    /// Application Administrator, Cloud Application Administrator.
    Applications,
    /// Both (Global Administrator).
    MailboxesAndApplications,
}

impl RoleGives {
    pub fn mailboxes(self) -> bool {
        self != RoleGives::Applications
    }

    pub fn applications(self) -> bool {
        self != RoleGives::Mailboxes
    }
}
