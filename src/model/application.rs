use serde::{Deserialize, Serialize};

use super::Scope;

/// A service principal whose own secret or certificate signs in: a
/// credential in its own right, and one its owners control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Unique id (shared with accounts, groups and controllers), usually
    /// the application (client) id or a short name.
    pub id: String,
    /// Display name, as the directory shows it ("LegacyTest").
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub publisher: Publisher,
    /// Whether a secret or certificate exists for it: if so, whoever holds
    /// one signs in as the application.
    #[serde(default)]
    pub credentials: bool,
    /// Accounts or groups that own it, and so can add a secret.
    #[serde(default)]
    pub owners: Vec<String>,
}

impl Application {
    /// The display name, or the id where there is none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// Who published an application.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Publisher {
    /// Registered by this organisation.
    #[default]
    ThisOrganisation,
    /// A multi-tenant application of another organisation.
    OtherOrganisation,
    /// Published by the platform's vendor itself.
    FirstParty,
}

impl Publisher {
    pub fn as_str(self) -> &'static str {
        match self {
            Publisher::ThisOrganisation => "this organisation",
            Publisher::OtherOrganisation => "another organisation",
            Publisher::FirstParty => "first-party",
        }
    }
}

/// An application permission on mailboxes granted to an application
/// (`full_access_as_app`, `Mail.Read`, ...), over a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationPermission {
    /// The application's id.
    pub application: String,
    /// The permission's name as the platform spells it; see
    /// [`MailPermission::parse`] for those known.
    pub permission: String,
    /// The mailboxes it applies to: the whole organisation unless an
    /// application access policy or a management scope says otherwise.
    #[serde(default)]
    pub scope: Scope,
    /// Where the record came from (an import's file and row), for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What an application permission gives on each mailbox of its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MailPermission {
    /// Read and act on all mail: `full_access_as_app`, `EWS.AccessAsApp`,
    /// `Mail.ReadWrite`.
    Full,
    /// Read all mail, new mail included: `Mail.Read`; and
    /// `MailboxSettings.ReadWrite`, which sets forwarding inbox rules.
    ReadMail,
    /// Read one kind of item that is not mail: `Calendars.Read`,
    /// `Contacts.Read` and their `ReadWrite` forms.
    ReadFolder,
    /// Send as any mailbox: `Mail.Send`.
    Send,
}

/// The application permissions mailgraph knows, as the platform spells them.
pub const MAIL_PERMISSIONS: &[(&str, MailPermission)] = &[
    ("full_access_as_app", MailPermission::Full),
    ("EWS.AccessAsApp", MailPermission::Full),
    ("Mail.ReadWrite", MailPermission::Full),
    ("Mail.Read", MailPermission::ReadMail),
    ("MailboxSettings.ReadWrite", MailPermission::ReadMail),
    ("Mail.Send", MailPermission::Send),
    ("Calendars.Read", MailPermission::ReadFolder),
    ("Calendars.ReadWrite", MailPermission::ReadFolder),
    ("Contacts.Read", MailPermission::ReadFolder),
    ("Contacts.ReadWrite", MailPermission::ReadFolder),
];

impl MailPermission {
    /// The meaning of a permission name (ASCII case ignored, and a trailing
    /// `.All` as Microsoft Graph writes some of them), if known.
    pub fn parse(name: &str) -> Option<MailPermission> {
        let name = name.trim();
        let name = name
            .strip_suffix(".All")
            .or_else(|| name.strip_suffix(".all"))
            .unwrap_or(name);
        MAIL_PERMISSIONS
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|&(_, permission)| permission)
    }
}
