use serde::{Deserialize, Serialize};

use super::{PasswordState, Sensitivity};

/// Fields set on an account defined in another file: what an import cannot
/// know (role, unit, password knowledge, ...) kept in a hand-written file
/// that a re-import does not touch. Each field may be set once: by the
/// account's record or by one annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountAnnotation {
    /// The id of the account annotated.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contractor: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordState>,
}

/// Fields set on a mailbox defined in another file: its data controller,
/// data subjects and sensitivity, which no export says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxAnnotation {
    /// The id of the mailbox annotated.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_subjects: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
}
