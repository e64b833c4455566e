use serde::{Deserialize, Serialize};

/// Who answers for a mailbox's data under data-protection law, and so decides
/// whether to notify the regulator and the people concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataController {
    pub id: String,
    pub name: String,
}
