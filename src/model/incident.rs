use serde::{Deserialize, Serialize};

/// A named set of compromised credentials: the starting point of `reach`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub name: String,
    /// When it happened, `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub note: String,
    /// Ids of accounts (or generic mailboxes that sign in) whose credential
    /// the attacker holds.
    pub compromised: Vec<String>,
}
