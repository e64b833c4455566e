use serde::{Deserialize, Serialize};

use crate::date::{Date, Timestamp};

/// A named set of compromised credentials: the starting point of `reach`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub name: String,
    /// When it happened, `YYYY-MM-DD`.
    pub date: String,
    /// When the organisation became aware of it: `YYYY-MM-DD`, or a UTC time
    /// `YYYY-MM-DDTHH:MM[:SS]Z`. The regulator's 72-hour deadline runs from
    /// it (`mailgraph notify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovered: Option<String>,
    #[serde(default)]
    pub note: String,
    /// Ids of accounts (or generic mailboxes that sign in) whose credential
    /// the attacker holds.
    pub compromised: Vec<String>,
}

impl Incident {
    /// The first second of the incident's date: from when records count as
    /// evidence of access. `None` only for an unvalidated date.
    pub fn start(&self) -> Option<Timestamp> {
        self.date.parse::<Date>().ok().map(Timestamp::start_of)
    }

    /// When the organisation became aware, and whether a time of day was
    /// given (a date alone counts from its first second: the earliest it can
    /// mean, so a deadline computed from it is never late).
    pub fn discovered_at(&self) -> Option<(Timestamp, bool)> {
        let text = self.discovered.as_deref()?;
        Timestamp::parse_day_or_time(text).ok()
    }
}
