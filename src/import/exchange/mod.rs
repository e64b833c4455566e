//! Exchange Online exports to the access model.
//!
//! The mailbox export decides what exists: every user, shared, room and
//! equipment mailbox becomes a [`Mailbox`], and every user mailbox an
//! [`Account`] owning it. Groups come from the membership exports. The
//! permission exports then become [`Grant`]s, each keeping its source row,
//! once their principals resolve ([`super::resolve`]); rows that give
//! nothing to an attacker, or name nobody, are counted in the
//! [`Summary`] under a [`Reason`]. docs/import.md says what each column
//! means.

mod cells;
mod folder_permissions;
mod groups;
mod ids;
mod mailbox_permissions;
mod mailboxes;
mod principals;
mod recipient_permissions;
mod recipients;
mod users;

use std::path::{Path, PathBuf};

use super::csv::{Row, Table};
use super::resolve::Directory;
use super::summary::Summary;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Account, Document, Forwarding, Grant, Group, Mailbox, PasswordState, Right, StaleGrant,
};
use crate::{FastMap, FastSet};
use groups::GroupRow;
use mailboxes::MailboxRow;
use recipients::ContactRow;

/// The export files of one import. Only the mailbox export is required.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `Get-Mailbox` / `Get-EXOMailbox`.
    pub mailboxes: PathBuf,
    /// `Get-MailboxPermission` / `Get-EXOMailboxPermission`.
    pub mailbox_permissions: Vec<PathBuf>,
    /// `Get-RecipientPermission` / `Get-EXORecipientPermission`.
    pub recipient_permissions: Vec<PathBuf>,
    /// `Get-MailboxFolderPermission`, one or several folders.
    pub folder_permissions: Vec<PathBuf>,
    /// `Get-DistributionGroupMember` / `Get-UnifiedGroupLinks`, one file per
    /// group (named after it) or one file with a `Group` column.
    pub group_members: Vec<PathBuf>,
    /// Per-user MFA and enabled state from Entra ID.
    pub users: Option<PathBuf>,
    /// `Get-Recipient`, `Get-MailContact`, `Get-MailUser`,
    /// `Get-DistributionGroup`: every name of a group, and the contacts and
    /// mail users forwarding may name.
    pub recipients: Vec<PathBuf>,
}

impl Inputs {
    /// Every export file named.
    pub fn paths(&self) -> Vec<PathBuf> {
        std::iter::once(&self.mailboxes)
            .chain(&self.mailbox_permissions)
            .chain(&self.recipient_permissions)
            .chain(&self.folder_permissions)
            .chain(&self.group_members)
            .chain(&self.users)
            .chain(&self.recipients)
            .cloned()
            .collect()
    }
}

/// What an import produced: the whole model, and the report.
#[derive(Debug)]
pub struct Import {
    pub document: Document,
    pub summary: Summary,
}

/// Reads the exports and maps them to the model. Every problem with the
/// files (a missing column, a ragged row, a bad boolean, an unknown right)
/// is reported, with its file, line and column, and nothing is returned.
/// Each file is read a row at a time: the mailbox, user and group exports
/// first (what exists), then the permission exports (who holds what).
pub fn import(inputs: &Inputs) -> Result<Import, Diagnostics> {
    let mut importer = Importer::default();
    importer.run(&inputs.mailboxes, Importer::read_mailboxes);
    if let Some(users) = &inputs.users {
        importer.run(users, Importer::read_users);
    }
    for path in &inputs.group_members {
        importer.run(path, Importer::read_groups);
    }
    for path in &inputs.recipients {
        importer.run(path, Importer::read_recipients);
    }
    importer.assign_ids();
    importer.send_on_behalf_and_forwarding();
    importer.resolve_members();
    for path in &inputs.mailbox_permissions {
        importer.run(path, Importer::mailbox_permissions);
    }
    for path in &inputs.recipient_permissions {
        importer.run(path, Importer::recipient_permissions);
    }
    for path in &inputs.folder_permissions {
        importer.run(path, Importer::folder_permissions);
    }
    importer.apply_denials();
    if importer.diagnostics.is_empty() {
        Ok(importer.finish())
    } else {
        Err(importer.diagnostics)
    }
}

#[derive(Debug, Default)]
pub(super) struct Importer {
    mailboxes: Vec<MailboxRow>,
    groups: Vec<GroupRow>,
    group_index: FastMap<String, usize>,
    directory: Directory,
    /// Ids of accounts, groups and mailboxes that sign in: one namespace.
    used_ids: FastSet<String>,
    /// Ids of mailboxes: the other namespace.
    used_mailbox_ids: FastSet<String>,
    /// The group standing for folder permissions given to `Default`.
    everyone: Option<usize>,
    grants: Vec<Grant>,
    grant_keys: FastSet<(String, String, Right)>,
    /// Rights still held by deleted accounts, by SID.
    stale_grants: Vec<StaleGrant>,
    /// `(sid, mailbox, right)` of every stale grant kept.
    stale_keys: FastSet<(String, String, Right)>,
    /// `(holder, mailbox, right)` of every Deny entry read.
    denied: FastSet<(String, String, Right)>,
    /// Mail contacts and mail users from the recipient exports.
    contacts: Vec<ContactRow>,
    forwarding: Vec<Forwarding>,
    summary: Summary,
    diagnostics: Diagnostics,
}

impl Importer {
    /// Opens `path` and runs a table step on it unless the file is empty;
    /// a missing column stops the step, a bad cell only its row.
    fn run(&mut self, path: &Path, step: fn(&mut Self, &mut Table) -> Result<(), Diagnostic>) {
        let mut table = match Table::open(path) {
            Ok(table) => table,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return;
            }
        };
        if table.header().is_empty() {
            return;
        }
        if let Err(diagnostic) = step(self, &mut table) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Runs `each` on every row as it is read, collecting the problems of
    /// bad rows and cells.
    fn rows(
        &mut self,
        table: &mut Table,
        mut each: impl FnMut(&mut Self, &Row) -> Result<(), Diagnostic>,
    ) {
        while let Some(row) = table.next_row() {
            if let Err(diagnostic) = row.and_then(|row| each(self, &row)) {
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// The model, sorted by id so that the same exports give the same files.
    fn finish(self) -> Import {
        let mut document = Document::default();
        for mailbox in self.mailboxes {
            if let Some(account) = &mailbox.account {
                document.accounts.push(Account {
                    id: account.clone(),
                    name: mailbox.name.clone(),
                    role: mailbox.role.clone(),
                    unit: mailbox.unit.clone(),
                    contractor: false,
                    mfa: mailbox.mfa,
                    password: PasswordState::Unknown,
                    enabled: mailbox.enabled,
                });
            }
            let sign_in = mailbox.signs_in();
            document.mailboxes.push(Mailbox {
                id: mailbox.id,
                name: mailbox.name,
                kind: mailbox.kind,
                owner: mailbox.account,
                controller: None,
                data_subjects: 0,
                sensitivity: Default::default(),
                sign_in,
            });
        }
        for group in self.groups {
            let mut members = group.members;
            members.sort();
            let name = if group.display_name.is_empty() {
                group.name
            } else {
                group.display_name
            };
            document.groups.push(Group {
                id: group.id,
                name,
                members,
            });
        }
        document.grants = self.grants;
        document.stale_grants = self.stale_grants;
        document.stale_grants.sort_by(|a, b| {
            (&a.on, &a.sid, &a.right, &a.source).cmp(&(&b.on, &b.sid, &b.right, &b.source))
        });
        document.forwarding = self.forwarding;
        document.accounts.sort_by(|a, b| a.id.cmp(&b.id));
        document.mailboxes.sort_by(|a, b| a.id.cmp(&b.id));
        document.groups.sort_by(|a, b| a.id.cmp(&b.id));
        document.grants.sort_by(|a, b| {
            (&a.on, &a.to, &a.right, &a.source).cmp(&(&b.on, &b.to, &b.right, &b.source))
        });
        document
            .forwarding
            .sort_by(|a, b| (&a.from, &a.to, &a.external).cmp(&(&b.from, &b.to, &b.external)));
        Import {
            document,
            summary: self.summary,
        }
    }
}
