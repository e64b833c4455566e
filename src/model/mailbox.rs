use serde::{Deserialize, Serialize};

use super::is_default;

/// A store of mail: personal (with an owner) or generic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mailbox {
    /// Unique id, usually the primary address.
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub kind: MailboxKind,
    /// The owning account; required for personal mailboxes, absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Id of the data controller answerable for the mailbox's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// How many people's personal data the mailbox holds.
    #[serde(default, skip_serializing_if = "is_default")]
    pub data_subjects: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub sensitivity: Sensitivity,
    /// Whether the mailbox's own credential can sign in (generic mailboxes
    /// only); such a mailbox is itself a credential that can be compromised.
    #[serde(default, skip_serializing_if = "is_default")]
    pub sign_in: bool,
}

impl Mailbox {
    pub fn is_personal(&self) -> bool {
        self.kind == MailboxKind::Personal
    }

    /// The display name, or the id where there is none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MailboxKind {
    /// One person's mailbox, with an owner account.
    Personal,
    /// A generic organisational mailbox shared by several people.
    Shared,
    /// A room's calendar mailbox (generic).
    Room,
    /// An equipment mailbox (generic).
    Equipment,
}

impl MailboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailboxKind::Personal => "personal",
            MailboxKind::Shared => "shared",
            MailboxKind::Room => "room",
            MailboxKind::Equipment => "equipment",
        }
    }
}

/// How sensitive a mailbox's content is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Sensitivity {
    Low,
    #[default]
    Normal,
    High,
}

impl Sensitivity {
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Low => "low",
            Sensitivity::Normal => "normal",
            Sensitivity::High => "high",
        }
    }
}
