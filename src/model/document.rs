use serde::{Deserialize, Serialize};

use super::{
    Account, AccountAnnotation, AdminRole, Application, ApplicationPermission, DataController,
    Forwarding, Grant, Group, InboxRule, Incident, MailFlowRule, Mailbox, MailboxAnnotation,
    Recovery, StaleGrant,
};

/// One RON file of a directory. Every section is optional, so a directory can
/// be split by section (accounts.ron, mailboxes.ron, ...) or kept in one file.
/// Files under an `incidents/` folder hold a single [`Incident`] instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Document {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controllers: Vec<DataController>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mailboxes: Vec<Mailbox>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_grants: Vec<StaleGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forwarding: Vec<Forwarding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recovery: Vec<Recovery>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<Application>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub application_permissions: Vec<ApplicationPermission>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub admin_roles: Vec<AdminRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inbox_rules: Vec<InboxRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mail_flow_rules: Vec<MailFlowRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
    /// Fields set on accounts defined elsewhere (applied when loading).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_annotations: Vec<AccountAnnotation>,
    /// Fields set on mailboxes defined elsewhere (applied when loading).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mailbox_annotations: Vec<MailboxAnnotation>,
}

impl Document {
    /// The document as RON text in the layout mailgraph writes (one record a
    /// line, `implicit_some` so optional ids read as plain strings), which
    /// [`crate::load`] reads back to an equal document.
    pub fn to_ron(&self) -> String {
        to_ron(self)
    }
}

/// Any record of the model (a [`Document`], an [`Incident`] for a file of
/// the `incidents/` folder) as RON text in the layout mailgraph writes.
pub fn to_ron<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .separate_tuple_members(false)
        .indentor("    ".to_string())
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(value, config)
        .expect("the model's types always serialise to RON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MailboxKind, PasswordState, Right};

    #[test]
    fn written_ron_reads_back_equal() {
        let document = Document {
            accounts: vec![Account {
                id: "a\"1".into(),
                name: "Ann \\ \n".into(),
                role: "MP".into(),
                unit: "Office".into(),
                contractor: false,
                mfa: true,
                password: PasswordState::Weak,
                enabled: true,
            }],
            mailboxes: vec![Mailbox {
                id: "a1@example.org".into(),
                name: String::new(),
                kind: MailboxKind::Personal,
                owner: Some("a\"1".into()),
                controller: None,
                data_subjects: 3,
                sensitivity: Default::default(),
                sign_in: false,
            }],
            grants: vec![Grant {
                to: "a\"1".into(),
                on: "a1@example.org".into(),
                right: Right::Folder {
                    folder: "Inbox".into(),
                    role: crate::model::FolderRole::Reviewer,
                },
                source: Some("mailbox-permissions.csv:2".into()),
            }],
            ..Document::default()
        };
        let text = document.to_ron();
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let back: Document = options.from_str(&text).unwrap();
        assert_eq!(back, document);
    }
}
