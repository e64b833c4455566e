//! The access model as it is written in RON files: the record types, and
//! [`Model`], the validated union of every file of a directory.
//!
//! The types here *are* the file format: their serde attributes decide what a
//! RON file may say (docs/format.md documents every field). Nothing in this
//! module knows about files or the graph; [`crate::load`] reads and validates,
//! [`crate::graph`] turns a [`Model`] into something to query.

mod account;
mod annotation;
mod application;
mod controller;
mod delegation;
mod document;
mod group;
mod incident;
mod mailbox;
mod role;
mod rule;
mod scope;

pub use account::{Account, PasswordState};
pub use annotation::{AccountAnnotation, MailboxAnnotation};
pub use application::{
    Application, ApplicationPermission, MAIL_PERMISSIONS, MailPermission, Publisher,
};
pub use controller::DataController;
pub use delegation::{FolderRole, Forwarding, Grant, Recovery, Right, StaleGrant};
pub use document::{Document, to_ron};
pub use group::Group;
pub use incident::Incident;
pub use mailbox::{Mailbox, MailboxKind, Sensitivity};
pub use role::{AdminRole, RoleGives};
pub use rule::{InboxRule, InboxRuleAction, MailFlowAction, MailFlowRule, external_address};
pub use scope::Scope;

/// Where a record came from: the file (an index into [`Model::files`]) and the
/// record's position inside that file's section, so that a problem found after
/// loading can still be reported at its line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: u32,
    pub index: u32,
}

/// Every record of a directory, merged from its files, validated: ids are
/// unique and every reference names a record of the right kind.
///
/// Records keep the order of the files (sorted by path) and, within a file,
/// the order they were written in; `*_origin` vectors run parallel to the
/// record vectors.
#[derive(Debug, Default, Clone)]
pub struct Model {
    pub files: Vec<std::path::PathBuf>,
    pub controllers: Vec<DataController>,
    pub accounts: Vec<Account>,
    pub mailboxes: Vec<Mailbox>,
    pub groups: Vec<Group>,
    pub grants: Vec<Grant>,
    pub stale_grants: Vec<StaleGrant>,
    pub forwarding: Vec<Forwarding>,
    pub recovery: Vec<Recovery>,
    pub applications: Vec<Application>,
    pub application_permissions: Vec<ApplicationPermission>,
    pub admin_roles: Vec<AdminRole>,
    pub inbox_rules: Vec<InboxRule>,
    pub mail_flow_rules: Vec<MailFlowRule>,
    pub incidents: Vec<Incident>,
    pub origins: Origins,
}

/// The [`Origin`] of every record, section by section.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    pub controllers: Vec<Origin>,
    pub accounts: Vec<Origin>,
    pub mailboxes: Vec<Origin>,
    pub groups: Vec<Origin>,
    pub grants: Vec<Origin>,
    pub stale_grants: Vec<Origin>,
    pub forwarding: Vec<Origin>,
    pub recovery: Vec<Origin>,
    pub applications: Vec<Origin>,
    pub application_permissions: Vec<Origin>,
    pub admin_roles: Vec<Origin>,
    pub inbox_rules: Vec<Origin>,
    pub mail_flow_rules: Vec<Origin>,
    pub incidents: Vec<Origin>,
}

/// Whether `value` is its type's default: a field the RON files mailgraph
/// writes leave out, so that the file says only what is known (and an
/// annotation may set it, docs/format.md).
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl Model {
    /// The incident called `name`, if the model has one.
    pub fn incident(&self, name: &str) -> Option<&Incident> {
        self.incidents.iter().find(|incident| incident.name == name)
    }

    /// A single [`Document`] holding every record, for writing a model back
    /// out as one RON file.
    pub fn to_document(&self) -> Document {
        Document {
            controllers: self.controllers.clone(),
            accounts: self.accounts.clone(),
            mailboxes: self.mailboxes.clone(),
            groups: self.groups.clone(),
            grants: self.grants.clone(),
            stale_grants: self.stale_grants.clone(),
            forwarding: self.forwarding.clone(),
            recovery: self.recovery.clone(),
            applications: self.applications.clone(),
            application_permissions: self.application_permissions.clone(),
            admin_roles: self.admin_roles.clone(),
            inbox_rules: self.inbox_rules.clone(),
            mail_flow_rules: self.mail_flow_rules.clone(),
            incidents: self.incidents.clone(),
            // Annotations are applied when loading: the records hold them.
            account_annotations: Vec::new(),
            mailbox_annotations: Vec::new(),
        }
    }
}
