use serde::{Deserialize, Serialize};

/// The mailboxes something applies to: an application permission (narrowed
/// by an application access policy or a management scope), an admin role
/// (by its management scope), a mail-flow rule (by its conditions).
///
/// Entries of `Only` and `Except` name groups (every mailbox of their
/// members, through nesting), accounts (their personal mailboxes) or
/// mailboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Every mailbox of the organisation.
    #[default]
    Organisation,
    /// Only the mailboxes named, or of the groups and accounts named
    /// (`RestrictAccess`).
    Only(Vec<String>),
    /// Every mailbox except those named (`DenyAccess`).
    Except(Vec<String>),
}

impl Scope {
    /// The ids the scope names (none for the whole organisation).
    pub fn entries(&self) -> &[String] {
        match self {
            Scope::Organisation => &[],
            Scope::Only(entries) | Scope::Except(entries) => entries,
        }
    }

    /// Whether the scope is the whole organisation.
    pub fn is_organisation(&self) -> bool {
        matches!(self, Scope::Organisation)
    }

    /// A short description: `every mailbox`, `mailboxes of leadership`,
    /// `every mailbox except those of leadership, ceo@example.org`.
    pub fn describe(&self) -> String {
        match self {
            Scope::Organisation => "every mailbox".into(),
            Scope::Only(entries) => format!("mailboxes of {}", entries.join(", ")),
            Scope::Except(entries) if entries.is_empty() => "every mailbox".into(),
            Scope::Except(entries) => {
                format!("every mailbox except those of {}", entries.join(", "))
            }
        }
    }
}
