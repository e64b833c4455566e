use serde::{Deserialize, Serialize};

use super::is_default;

/// A sign-in identity: a person, a contractor or a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Unique id, referenced by mailboxes, groups, grants and incidents.
    pub id: String,
    /// Display name (the id stands in where there is none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Role or affiliation, free text ("MP", "Member's staff", "House staff").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Organisational unit (a constituency office, a department).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Whether the account works for a contractor or sub-contractor.
    #[serde(default, skip_serializing_if = "is_default")]
    pub contractor: bool,
    /// Whether sign-in requires a second factor.
    #[serde(default, skip_serializing_if = "is_default")]
    pub mfa: bool,
    /// What is known of the password's strength.
    #[serde(default, skip_serializing_if = "is_default")]
    pub password: PasswordState,
    /// Whether the account can sign in at all.
    #[serde(default = "enabled_default", skip_serializing_if = "is_enabled")]
    pub enabled: bool,
}

fn enabled_default() -> bool {
    true
}

fn is_enabled(enabled: &bool) -> bool {
    *enabled
}

/// What is known of an account's password.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum PasswordState {
    /// Long, unique, not guessable.
    Strong,
    /// Passes the technical controls but is guessable (the 2017 case).
    Weak,
    /// Not assessed.
    #[default]
    Unknown,
}

impl PasswordState {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordState::Strong => "strong",
            PasswordState::Weak => "weak",
            PasswordState::Unknown => "unknown",
        }
    }
}
