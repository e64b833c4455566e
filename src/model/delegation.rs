use serde::{Deserialize, Serialize};

/// A right on a mailbox given to an account or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The account, group, or signing-in generic mailbox that holds the right.
    pub to: String,
    /// The mailbox the right is on.
    pub on: String,
    pub right: Right,
    /// Where the grant came from (an import's file and row), for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Right {
    /// Read and act on all mail (Exchange's FullAccess).
    FullAccess,
    /// Send as the mailbox, no reading.
    SendAs,
    /// Send on behalf of the mailbox, no reading.
    SendOnBehalf,
    /// A role on one folder; Reviewer and stronger read the folder.
    Folder { folder: String, role: FolderRole },
}

impl Right {
    /// A short name for tables and diagrams: `FullAccess`, `Folder(Inbox, Reviewer)`.
    pub fn label(&self) -> String {
        match self {
            Right::FullAccess => "FullAccess".into(),
            Right::SendAs => "SendAs".into(),
            Right::SendOnBehalf => "SendOnBehalf".into(),
            Right::Folder { folder, role } => format!("Folder({folder}, {role:?})"),
        }
    }
}

/// A right on a mailbox still held by an account that no longer exists:
/// Exchange keeps such an entry under the deleted account's security
/// identifier (`S-1-5-21-...`). It gives nobody access today, but it is
/// stale (a restored or re-created account could inherit it) and should be
/// removed; the import records each one so the audit can list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaleGrant {
    /// The deleted account's security identifier, `S-1-...`.
    pub sid: String,
    /// The mailbox the entry is on.
    pub on: String,
    pub right: Right,
    /// Where the entry came from (an import's file and row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Exchange folder permission roles, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FolderRole {
    None,
    AvailabilityOnly,
    LimitedDetails,
    Contributor,
    Reviewer,
    NonEditingAuthor,
    Author,
    PublishingAuthor,
    Editor,
    PublishingEditor,
    Owner,
}

impl FolderRole {
    /// Whether the role lets its holder read the folder's items.
    pub fn reads(self) -> bool {
        self >= FolderRole::Reviewer
    }
}

/// Mailbox `from` forwards copies of its mail to mailbox `to`, or to an
/// address outside the organisation (`external`). Exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
}

/// Mailbox `mailbox` receives the password resets or sign-in codes of
/// `account`: whoever reads it can take the account over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    pub account: String,
    pub mailbox: String,
}
