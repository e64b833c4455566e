use serde::{Deserialize, Serialize};

/// A set of accounts and groups. Whoever controls a member gains everything
/// granted to the group; groups nest, and cycles are legal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Ids of accounts, groups, or generic mailboxes that sign in.
    #[serde(default)]
    pub members: Vec<String>,
}
