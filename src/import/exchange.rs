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

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::csv_source::{Column, Row, Table};
use super::resolve::{Directory, Recipient, Resolution, Strength, strip_smtp};
use super::summary::{Reason, Summary, Unresolved};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Account, Document, FolderRole, Forwarding, Grant, Group, Mailbox, MailboxKind, PasswordState,
    Right,
};

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
pub fn import(inputs: &Inputs) -> Result<Import, Diagnostics> {
    let mut importer = Importer::default();
    let mut read = |path: &PathBuf| match Table::read(path) {
        Ok(table) => Some(table),
        Err(problems) => {
            problems
                .into_iter()
                .for_each(|d| importer.diagnostics.push(d));
            None
        }
    };
    let mailboxes = read(&inputs.mailboxes);
    let users = inputs.users.as_ref().and_then(&mut read);
    let groups: Vec<Table> = inputs.group_members.iter().filter_map(&mut read).collect();
    let mailbox_permissions: Vec<Table> = inputs
        .mailbox_permissions
        .iter()
        .filter_map(&mut read)
        .collect();
    let recipient_permissions: Vec<Table> = inputs
        .recipient_permissions
        .iter()
        .filter_map(&mut read)
        .collect();
    let folder_permissions: Vec<Table> = inputs
        .folder_permissions
        .iter()
        .filter_map(&mut read)
        .collect();

    if let Some(table) = &mailboxes {
        importer.run(table, Importer::read_mailboxes);
    }
    if let Some(table) = &users {
        importer.run(table, Importer::read_users);
    }
    for table in &groups {
        importer.run(table, Importer::read_groups);
    }
    importer.assign_ids();
    importer.send_on_behalf_and_forwarding();
    importer.resolve_members();
    for table in &mailbox_permissions {
        importer.run(table, Importer::mailbox_permissions);
    }
    for table in &recipient_permissions {
        importer.run(table, Importer::recipient_permissions);
    }
    for table in &folder_permissions {
        importer.run(table, Importer::folder_permissions);
    }
    if importer.diagnostics.is_empty() {
        Ok(importer.finish())
    } else {
        Err(importer.diagnostics)
    }
}

/// A mailbox row, kept until ids are assigned and permissions resolved.
#[derive(Debug)]
struct MailboxRow {
    /// Assigned once every row is read ([`Importer::assign_ids`]).
    id: String,
    /// The owner account's id, for a personal mailbox.
    account: Option<String>,
    kind: MailboxKind,
    name: String,
    upn: String,
    address: String,
    /// Whether the account can sign in (the owner's for a personal
    /// mailbox, the mailbox's own for a generic one).
    enabled: bool,
    mfa: bool,
    role: String,
    unit: String,
    send_on_behalf: Vec<String>,
    forwarding_address: String,
    forwarding_smtp_address: String,
    source: String,
}

impl MailboxRow {
    fn is_personal(&self) -> bool {
        self.kind == MailboxKind::Personal
    }

    /// Whether the mailbox's own credential signs in (generic mailboxes only).
    fn signs_in(&self) -> bool {
        !self.is_personal() && self.enabled
    }
}

#[derive(Debug, Default)]
struct GroupRow {
    id: String,
    name: String,
    /// Members as the export names them, with their rows.
    member_names: Vec<(String, String)>,
    members: Vec<String>,
}

#[derive(Debug, Default)]
struct Importer {
    mailboxes: Vec<MailboxRow>,
    groups: Vec<GroupRow>,
    group_index: HashMap<String, usize>,
    directory: Directory,
    /// Ids of accounts, groups and mailboxes that sign in: one namespace.
    used_ids: HashSet<String>,
    /// Ids of mailboxes: the other namespace.
    used_mailbox_ids: HashSet<String>,
    /// The group standing for folder permissions given to `Default`.
    everyone: Option<usize>,
    grants: Vec<Grant>,
    grant_keys: HashSet<(String, String, Right)>,
    forwarding: Vec<Forwarding>,
    summary: Summary,
    diagnostics: Diagnostics,
}

/// Names of the columns an identifier of a mailbox may be in, beyond the
/// UPN, the primary address and the alias.
const IDENTIFIER_COLUMNS: &[&str] = &[
    "Name",
    "Identity",
    "Guid",
    "ExchangeGuid",
    "ExternalDirectoryObjectId",
    "DistinguishedName",
    "WindowsLiveID",
    "SamAccountName",
];

impl Importer {
    /// Runs a table step unless the file is empty; a missing column stops
    /// the step, a bad cell only its row.
    fn run(&mut self, table: &Table, step: fn(&mut Self, &Table) -> Result<(), Diagnostic>) {
        if table.is_empty() {
            return;
        }
        if let Err(diagnostic) = step(self, table) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Runs `each` on every row, collecting the problems of bad cells.
    fn rows(
        &mut self,
        table: &Table,
        mut each: impl FnMut(&mut Self, &Row) -> Result<(), Diagnostic>,
    ) {
        for row in &table.rows {
            if let Err(diagnostic) = each(self, row) {
                self.diagnostics.push(diagnostic);
            }
        }
    }

    fn read_mailboxes(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let display_name = table.require(&["DisplayName"])?;
        let address = table.require(&["PrimarySmtpAddress"])?;
        let upn = table.require(&["UserPrincipalName"])?;
        let type_details = table.require(&["RecipientTypeDetails"])?;
        let alias = table.column(&["Alias"]);
        let send_on_behalf = table.column(&["GrantSendOnBehalfTo"]);
        let forwarding = table.column(&["ForwardingAddress"]);
        let forwarding_smtp = table.column(&["ForwardingSmtpAddress"]);
        let deliver_and_forward = table.column(&["DeliverToMailboxAndForward"]);
        let disabled = table.column(&["AccountDisabled"]);
        let identifiers: Vec<Column> = IDENTIFIER_COLUMNS
            .iter()
            .filter_map(|name| table.column(&[name]))
            .collect();
        let mut addresses: HashSet<String> = HashSet::new();
        let mut upns: HashSet<String> = HashSet::new();
        self.rows(table, |this, row| {
            let type_name = table.nonempty(row, type_details)?;
            let kind = match type_name {
                "UserMailbox" => MailboxKind::Personal,
                "SharedMailbox" => MailboxKind::Shared,
                "RoomMailbox" => MailboxKind::Room,
                "EquipmentMailbox" => MailboxKind::Equipment,
                other => {
                    this.summary.skip(Reason::RecipientType(other.to_string()));
                    return Ok(());
                }
            };
            let address_text = strip_smtp(table.nonempty(row, address)?).to_string();
            let upn_text = if kind == MailboxKind::Personal {
                table.nonempty(row, upn)?
            } else {
                table.cell(row, upn)
            };
            let account_disabled = table.boolean(row, disabled)?;
            // Read to reject a malformed export; forwarding exposes copies
            // whether or not the mailbox keeps its own.
            table.boolean(row, deliver_and_forward)?;
            let send_on_behalf = names(table, row, send_on_behalf)?;
            let address_key = address_text.to_lowercase();
            let upn_key = upn_text.to_lowercase();
            if addresses.contains(&address_key) || upns.contains(&upn_key) {
                this.summary.skip(Reason::DuplicateMailbox);
                return Ok(());
            }
            addresses.insert(address_key.clone());
            if !upn_key.is_empty() {
                upns.insert(upn_key.clone());
            }
            let index = this.mailboxes.len();
            let recipient = Recipient::Mailbox(index);
            let directory = &mut this.directory;
            for name in [upn_text, &address_text, table.optional(row, alias)] {
                directory.add(name, Strength::Identifier, recipient);
            }
            for &column in &identifiers {
                directory.add(table.cell(row, column), Strength::Identifier, recipient);
            }
            directory.add(
                table.cell(row, display_name),
                Strength::DisplayName,
                recipient,
            );
            this.mailboxes.push(MailboxRow {
                id: String::new(),
                account: None,
                kind,
                name: table.cell(row, display_name).to_string(),
                upn: upn_key,
                address: address_key,
                // A shared mailbox's account is disabled unless someone
                // enabled it; without the column, assume the default.
                enabled: account_disabled.map_or(kind == MailboxKind::Personal, |d| !d),
                send_on_behalf,
                forwarding_address: table.optional(row, forwarding).to_string(),
                forwarding_smtp_address: table.optional(row, forwarding_smtp).to_string(),
                mfa: false,
                role: String::new(),
                unit: String::new(),
                source: table.source(row),
            });
            Ok(())
        });
        Ok(())
    }

    fn read_users(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let upn = table.require(&["UserPrincipalName"])?;
        let enabled = table.column(&["AccountEnabled"]);
        let blocked = table.column(&["BlockCredential"]);
        let mfa = table.column(&[
            "MfaEnabled",
            "MfaStatus",
            "PerUserMfaState",
            "IsMfaCapable",
            "IsMfaRegistered",
        ]);
        if enabled.is_none() && blocked.is_none() && mfa.is_none() {
            return Err(table.missing_column(
                "with MFA or sign-in state (MfaEnabled, MfaStatus, IsMfaRegistered, AccountEnabled, BlockCredential, ...)",
            ));
        }
        let department = table.column(&["Department"]);
        let job_title = table.column(&["JobTitle"]);
        let by_upn: HashMap<String, usize> = self
            .mailboxes
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.upn.is_empty())
            .map(|(i, m)| (m.upn.clone(), i))
            .collect();
        self.rows(table, |this, row| {
            let key = table.nonempty(row, upn)?.to_lowercase();
            let enabled = match (table.boolean(row, enabled)?, table.boolean(row, blocked)?) {
                (Some(enabled), _) => Some(enabled),
                (None, blocked) => blocked.map(|blocked| !blocked),
            };
            let mfa = mfa_state(table, row, mfa)?;
            let Some(&index) = by_upn.get(&key) else {
                this.summary.skip(Reason::UserWithoutMailbox);
                return Ok(());
            };
            let mailbox = &mut this.mailboxes[index];
            if let Some(enabled) = enabled {
                mailbox.enabled = enabled;
            }
            mailbox.mfa = mfa.unwrap_or(mailbox.mfa);
            mailbox.unit = table.optional(row, department).to_string();
            mailbox.role = table.optional(row, job_title).to_string();
            Ok(())
        });
        Ok(())
    }

    fn read_groups(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let group = table.column(&["Group", "GroupPrimarySmtpAddress", "GroupName"]);
        let member_columns: Vec<Column> = [
            "Member",
            "PrimarySmtpAddress",
            "WindowsLiveID",
            "Alias",
            "Name",
            "DisplayName",
            "Identity",
        ]
        .iter()
        .filter_map(|name| table.column(&[name]))
        .collect();
        let Some(&first_member_column) = member_columns.first() else {
            return Err(
                table.missing_column("naming the member (Member, PrimarySmtpAddress, Alias, Name)")
            );
        };
        let stem = table.stem();
        self.rows(table, |this, row| {
            let group_name = match group {
                Some(column) => table.nonempty(row, column)?,
                None => stem.as_str(),
            };
            let member = member_columns
                .iter()
                .map(|&column| table.cell(row, column))
                .find(|text| !text.is_empty())
                .ok_or_else(|| {
                    table.problem(row, first_member_column, "empty member: no column names it")
                })?;
            let key = group_name.to_lowercase();
            let index = match this.group_index.get(&key) {
                Some(&index) => index,
                None => {
                    let index = this.groups.len();
                    this.group_index.insert(key, index);
                    this.directory
                        .add(group_name, Strength::Identifier, Recipient::Group(index));
                    this.groups.push(GroupRow {
                        name: group_name.to_string(),
                        ..GroupRow::default()
                    });
                    index
                }
            };
            this.groups[index]
                .member_names
                .push((member.to_string(), table.source(row)));
            Ok(())
        });
        Ok(())
    }

    /// Gives every record its id: accounts their UPN, mailboxes their
    /// primary address, groups their name, all lowercased. Mailboxes are a
    /// namespace of their own, so Ann's account and mailbox can both be
    /// `ann@contoso.com`; accounts, groups and mailboxes that sign in share
    /// the other, where a clash is resolved by prefixing the kind.
    fn assign_ids(&mut self) {
        for mailbox in &mut self.mailboxes {
            if mailbox.is_personal() {
                self.used_ids.insert(mailbox.upn.clone());
                mailbox.account = Some(mailbox.upn.clone());
            }
        }
        for index in 0..self.mailboxes.len() {
            let address = self.mailboxes[index].address.clone();
            let id = if self.mailboxes[index].signs_in() {
                let id = allocate(&mut self.used_ids, &address, "mailbox:");
                self.used_mailbox_ids.insert(id.clone());
                id
            } else {
                allocate(&mut self.used_mailbox_ids, &address, "mailbox:")
            };
            self.mailboxes[index].id = id;
        }
        for index in 0..self.groups.len() {
            let name = self.groups[index].name.to_lowercase();
            self.groups[index].id = allocate(&mut self.used_ids, &name, "group:");
        }
    }

    /// The columns of the mailbox export that name other recipients.
    fn send_on_behalf_and_forwarding(&mut self) {
        for index in 0..self.mailboxes.len() {
            let source = self.mailboxes[index].source.clone();
            for name in std::mem::take(&mut self.mailboxes[index].send_on_behalf) {
                if let Some(to) = self.grantee(&name, &source) {
                    self.add_grant(to, index, Right::SendOnBehalf, source.clone());
                }
            }
            let from = self.mailboxes[index].id.clone();
            let address = self.mailboxes[index].forwarding_address.clone();
            let smtp = self.mailboxes[index].forwarding_smtp_address.clone();
            if !address.is_empty() {
                if !smtp.is_empty() {
                    self.summary.skip(Reason::ForwardingOverridden);
                }
                if let Some(target) = self.target(&address, &source) {
                    let to = Some(self.mailboxes[target].id.clone());
                    self.forwarding.push(Forwarding {
                        from,
                        to,
                        external: None,
                    });
                }
            } else if !smtp.is_empty() {
                let external = strip_smtp(&smtp).to_string();
                let forwarding = match self.directory.resolve(&external) {
                    Resolution::Found(Recipient::Mailbox(target)) => Forwarding {
                        from,
                        to: Some(self.mailboxes[target].id.clone()),
                        external: None,
                    },
                    Resolution::Found(Recipient::Group(_)) => {
                        self.summary.skip(Reason::NotAMailbox);
                        continue;
                    }
                    Resolution::Ambiguous(candidates) => {
                        self.unresolved(Resolution::Ambiguous(candidates), &external, &source);
                        continue;
                    }
                    Resolution::StaleSid | Resolution::NotFound => Forwarding {
                        from,
                        to: None,
                        external: Some(external),
                    },
                };
                self.forwarding.push(forwarding);
            }
        }
    }

    fn resolve_members(&mut self) {
        for index in 0..self.groups.len() {
            let mut members: Vec<String> = Vec::new();
            for (name, source) in std::mem::take(&mut self.groups[index].member_names) {
                let Some(member) = self.grantee(&name, &source) else {
                    continue;
                };
                if members.contains(&member) {
                    self.summary.skip(Reason::Duplicate);
                } else {
                    members.push(member);
                }
            }
            self.groups[index].members = members;
        }
    }

    fn mailbox_permissions(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let identity = table.require(&["Identity"])?;
        let user = table.require(&["User"])?;
        let rights = table.require(&["AccessRights"])?;
        let inherited = table.column(&["IsInherited"]);
        let deny = table.column(&["Deny"]);
        self.rows(table, |this, row| {
            let mailbox = table.nonempty(row, identity)?;
            let principal = table.nonempty(row, user)?;
            let is_inherited = table.boolean(row, inherited)?.unwrap_or(false);
            let is_deny = table.boolean(row, deny)?.unwrap_or(false);
            let mut granted = Vec::new();
            for right in rights_in(table, row, rights)? {
                match right.to_ascii_lowercase().as_str() {
                    "fullaccess" => granted.push(Right::FullAccess),
                    "sendas" => granted.push(Right::SendAs),
                    "readpermission" | "changepermission" | "changeowner" | "deleteitem"
                    | "externalaccount" => {}
                    _ => {
                        return Err(table.problem(
                            row,
                            rights,
                            format!(
                                "unknown mailbox right `{right}`: expected FullAccess, SendAs, ReadPermission, ChangePermission, ChangeOwner, DeleteItem or ExternalAccount"
                            ),
                        ));
                    }
                }
            }
            let noise = noise(principal, is_inherited, is_deny);
            this.permission_row(table, row, mailbox, principal, granted, noise);
            Ok(())
        });
        Ok(())
    }

    fn recipient_permissions(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let identity = table.require(&["Identity"])?;
        let trustee = table.require(&["Trustee"])?;
        let rights = table.require(&["AccessRights"])?;
        let control = table.column(&["AccessControlType"]);
        let inherited = table.column(&["IsInherited"]);
        self.rows(table, |this, row| {
            let mailbox = table.nonempty(row, identity)?;
            let principal = table.nonempty(row, trustee)?;
            let is_inherited = table.boolean(row, inherited)?.unwrap_or(false);
            let is_deny = match control.map(|c| (c, table.cell(row, c))) {
                None | Some((_, "")) => false,
                Some((_, text)) if text.eq_ignore_ascii_case("allow") => false,
                Some((_, text)) if text.eq_ignore_ascii_case("deny") => true,
                Some((column, text)) => {
                    return Err(table.problem(
                        row,
                        column,
                        format!("`AccessControlType` is `{text}`, expected Allow or Deny"),
                    ));
                }
            };
            let mut granted = Vec::new();
            for right in rights_in(table, row, rights)? {
                if right.eq_ignore_ascii_case("sendas") {
                    granted.push(Right::SendAs);
                } else {
                    return Err(table.problem(
                        row,
                        rights,
                        format!("unknown recipient right `{right}`: expected SendAs"),
                    ));
                }
            }
            let noise = noise(principal, is_inherited, is_deny);
            this.permission_row(table, row, mailbox, principal, granted, noise);
            Ok(())
        });
        Ok(())
    }

    fn folder_permissions(&mut self, table: &Table) -> Result<(), Diagnostic> {
        let mailbox_column = table.column(&["Mailbox", "MailboxIdentity"]);
        let identity = table.column(&["Identity"]);
        let folder_name = table.column(&["FolderName"]);
        if identity.is_none() && (mailbox_column.is_none() || folder_name.is_none()) {
            return Err(table.missing_column("`Identity` (or `Mailbox` and `FolderName`)"));
        }
        let user = table.require(&["User"])?;
        let rights = table.require(&["AccessRights"])?;
        let flags = table.column(&["SharingPermissionFlags"]);
        self.rows(table, |this, row| {
            let identity_text = table.optional(row, identity);
            let (identity_mailbox, identity_folder) = match identity_text.split_once(":\\") {
                Some((mailbox, folder)) => (mailbox.trim(), folder.trim_matches('\\').trim()),
                None => ("", identity_text),
            };
            let mailbox = Some(table.optional(row, mailbox_column))
                .filter(|m| !m.is_empty())
                .unwrap_or(identity_mailbox);
            if mailbox.is_empty() {
                let column = identity.or(mailbox_column).expect("checked above");
                return Err(table.problem(
                    row,
                    column,
                    "cannot tell the mailbox: expected `Identity` as `mailbox:\\Folder`, or a `Mailbox` column",
                ));
            }
            let folder = Some(table.optional(row, folder_name))
                .filter(|f| !f.is_empty())
                .unwrap_or(identity_folder);
            let folder = if folder.is_empty() {
                "Top of Information Store"
            } else {
                folder
            };
            let principal = table.nonempty(row, user)?;
            let role = folder_role(table, row, rights)?;
            let (delegate, private_items) = sharing_flags(table, row, flags)?;
            let everyone = principal.eq_ignore_ascii_case("default");
            let anonymous = principal.eq_ignore_ascii_case("anonymous");
            if (everyone || anonymous) && !role.reads() {
                this.summary.skip(Reason::DefaultWithoutReading);
                return Ok(());
            }
            if anonymous {
                this.summary.skip(Reason::AnonymousReading);
                return Ok(());
            }
            if role == FolderRole::None {
                this.summary.skip(Reason::FolderRoleNone);
                return Ok(());
            }
            let source = table.source(row);
            let Some(target) = this.target(mailbox, &source) else {
                return Ok(());
            };
            let to = if everyone {
                Some(this.everyone_group())
            } else {
                this.grantee(principal, &source)
            };
            let Some(to) = to else {
                return Ok(());
            };
            let right = Right::Folder {
                folder: folder.to_string(),
                role,
            };
            if this.add_grant(to, target, right, source) {
                this.summary.delegates += usize::from(delegate);
                this.summary.private_items += usize::from(private_items);
            }
            Ok(())
        });
        Ok(())
    }

    /// Grants `rights` on the mailbox `mailbox` names to the principal
    /// `principal` names, when both resolve.
    /// A permission row: skipped and counted as noise, or as granting no
    /// right that matters for mail, or else kept as grants.
    fn permission_row(
        &mut self,
        table: &Table,
        row: &Row,
        mailbox: &str,
        principal: &str,
        granted: Vec<Right>,
        noise: Option<Reason>,
    ) {
        if let Some(reason) = noise {
            self.summary.skip(reason);
        } else if granted.is_empty() {
            self.summary.skip(Reason::NoMailRight);
        } else {
            self.grant_row(table, row, mailbox, principal, granted);
        }
    }

    fn grant_row(
        &mut self,
        table: &Table,
        row: &Row,
        mailbox: &str,
        principal: &str,
        rights: Vec<Right>,
    ) {
        let source = table.source(row);
        let Some(target) = self.target(mailbox, &source) else {
            return;
        };
        let Some(to) = self.grantee(principal, &source) else {
            return;
        };
        for right in rights {
            self.add_grant(to.clone(), target, right, source.clone());
        }
    }

    /// Adds a grant unless it repeats one or gives an owner their own
    /// mailbox; says whether it was added.
    fn add_grant(&mut self, to: String, target: usize, right: Right, source: String) -> bool {
        let mailbox = &self.mailboxes[target];
        if mailbox.account.as_deref() == Some(to.as_str()) {
            self.summary.skip(Reason::OwnMailbox);
            return false;
        }
        if !self
            .grant_keys
            .insert((to.clone(), mailbox.id.clone(), right.clone()))
        {
            self.summary.skip(Reason::Duplicate);
            return false;
        }
        self.grants.push(Grant {
            to,
            on: mailbox.id.clone(),
            right,
            source: Some(source),
        });
        true
    }

    /// The id of what a right given to `name` is held by: the owner
    /// account of a personal mailbox, a group, or a generic mailbox that
    /// signs in. `None` (counted, and listed when unresolved) otherwise.
    fn grantee(&mut self, name: &str, source: &str) -> Option<String> {
        if let Some(reason) = noise(name, false, false) {
            self.summary.skip(reason);
            return None;
        }
        match self.directory.resolve(name) {
            Resolution::Found(Recipient::Group(index)) => Some(self.groups[index].id.clone()),
            Resolution::Found(Recipient::Mailbox(index)) => {
                let mailbox = &self.mailboxes[index];
                if let Some(account) = &mailbox.account {
                    Some(account.clone())
                } else if mailbox.signs_in() {
                    Some(mailbox.id.clone())
                } else {
                    self.summary.skip(Reason::CannotSignIn);
                    None
                }
            }
            unresolved => {
                self.unresolved(unresolved, name, source);
                None
            }
        }
    }

    /// The mailbox `name` designates, as an index into the import's mailboxes.
    fn target(&mut self, name: &str, source: &str) -> Option<usize> {
        match self.directory.resolve(name) {
            Resolution::Found(Recipient::Mailbox(index)) => Some(index),
            Resolution::Found(Recipient::Group(_)) => {
                self.summary.skip(Reason::NotAMailbox);
                None
            }
            unresolved => {
                self.unresolved(unresolved, name, source);
                None
            }
        }
    }

    /// Counts and lists a name that did not resolve.
    fn unresolved(&mut self, resolution: Resolution, name: &str, source: &str) {
        let mut item = Unresolved {
            source: source.to_string(),
            name: name.to_string(),
            candidates: Vec::new(),
        };
        let (reason, list) = match resolution {
            Resolution::StaleSid => (Reason::StaleSid, &mut self.summary.stale),
            Resolution::Ambiguous(candidates) => {
                item.candidates = candidates
                    .into_iter()
                    .map(|candidate| self.describe(candidate))
                    .collect();
                (Reason::Ambiguous, &mut self.summary.ambiguous)
            }
            Resolution::NotFound => (Reason::NotFound, &mut self.summary.not_found),
            Resolution::Found(_) => return,
        };
        list.push(item);
        self.summary.skip(reason);
    }

    /// A recipient's id, as shown in the list of ambiguous names.
    fn describe(&self, recipient: Recipient) -> String {
        match recipient {
            Recipient::Mailbox(index) => self.mailboxes[index].id.clone(),
            Recipient::Group(index) => self.groups[index].id.clone(),
        }
    }

    /// The group standing for `Default` in folder permissions: every
    /// account, and every generic mailbox that signs in.
    fn everyone_group(&mut self) -> String {
        if let Some(index) = self.everyone {
            return self.groups[index].id.clone();
        }
        let id = allocate(&mut self.used_ids, "default", "group:");
        let members = self
            .mailboxes
            .iter()
            .filter_map(|m| {
                m.account
                    .clone()
                    .or_else(|| m.signs_in().then(|| m.id.clone()))
            })
            .collect();
        self.everyone = Some(self.groups.len());
        self.groups.push(GroupRow {
            id: id.clone(),
            name: "Default (every user of the organisation)".to_string(),
            member_names: Vec::new(),
            members,
        });
        id
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
            document.groups.push(Group {
                id: group.id,
                name: group.name,
                members,
            });
        }
        document.grants = self.grants;
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

/// Why a permission row is noise, if it is: the mailbox's own entry,
/// built-in principals, inherited and Deny entries.
/// `wanted`, or, if `used` has it, `wanted` prefixed with `prefix` (then
/// numbered) until it is new; recorded in `used`.
fn allocate(used: &mut HashSet<String>, wanted: &str, prefix: &str) -> String {
    let mut id = wanted.to_string();
    if used.contains(&id) {
        id = format!("{prefix}{wanted}");
    }
    let base = id.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn noise(principal: &str, inherited: bool, deny: bool) -> Option<Reason> {
    let principal = principal.trim();
    if principal.eq_ignore_ascii_case("NT AUTHORITY\\SELF") {
        Some(Reason::SelfPrincipal)
    } else if principal
        .get(..13)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("NT AUTHORITY\\"))
    {
        Some(Reason::BuiltInPrincipal)
    } else if inherited {
        Some(Reason::Inherited)
    } else if deny {
        Some(Reason::Deny)
    } else {
        None
    }
}

/// Rejects a cell holding a .NET type name: what `Export-Csv` writes for a
/// multi-valued property unless it is joined first.
fn reject_type_name(
    table: &Table,
    row: &Row,
    column: Column,
    text: &str,
) -> Result<(), Diagnostic> {
    if text.starts_with("System.") || text.starts_with("Microsoft.Exchange.") {
        let header = table.header(column);
        return Err(table.problem(
            row,
            column,
            format!(
                "`{text}` is a type name, not values: export the column joined, as @{{n='{header}';e={{$_.{header} -join ';'}}}} (docs/import.md)"
            ),
        ));
    }
    Ok(())
}

/// The recipients named in a multi-valued column joined with `;`.
fn names(table: &Table, row: &Row, column: Option<Column>) -> Result<Vec<String>, Diagnostic> {
    let Some(column) = column else {
        return Ok(Vec::new());
    };
    let text = table.cell(row, column);
    reject_type_name(table, row, column, text)?;
    Ok(text
        .split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect())
}

/// The rights in an `AccessRights` cell: one or several, separated by
/// commas or semicolons, possibly in braces (`{FullAccess, ReadPermission}`).
fn rights_in<'r>(table: &Table, row: &'r Row, column: Column) -> Result<Vec<&'r str>, Diagnostic> {
    let text = table.cell(row, column);
    reject_type_name(table, row, column, text)?;
    Ok(text
        .trim_matches(|c| c == '{' || c == '}')
        .split([',', ';'])
        .map(str::trim)
        .filter(|right| !right.is_empty())
        .collect())
}

/// The role of a folder permission. Roles are taken as they are (the
/// strongest, if a cell names several); a custom set of individual rights
/// counts as `Reviewer` when it includes `ReadItems` (it reads the folder),
/// `Contributor` when it only creates items, `None` otherwise.
fn folder_role(table: &Table, row: &Row, column: Column) -> Result<FolderRole, Diagnostic> {
    use FolderRole as R;
    let mut role: Option<FolderRole> = None;
    let mut reads = false;
    let mut creates = false;
    for right in rights_in(table, row, column)? {
        let named = match right.to_ascii_lowercase().as_str() {
            "none" => Some(R::None),
            "availabilityonly" => Some(R::AvailabilityOnly),
            "limiteddetails" => Some(R::LimitedDetails),
            "contributor" => Some(R::Contributor),
            "reviewer" => Some(R::Reviewer),
            "noneditingauthor" => Some(R::NonEditingAuthor),
            "author" => Some(R::Author),
            "publishingauthor" => Some(R::PublishingAuthor),
            "editor" => Some(R::Editor),
            "publishingeditor" => Some(R::PublishingEditor),
            "owner" => Some(R::Owner),
            "readitems" => {
                reads = true;
                None
            }
            "createitems" => {
                creates = true;
                None
            }
            "createsubfolders" | "editowneditems" | "editallitems" | "deleteowneditems"
            | "deleteallitems" | "folderowner" | "foldercontact" | "foldervisible" => None,
            _ => {
                return Err(table.problem(
                    row,
                    column,
                    format!(
                        "unknown folder right `{right}`: expected a role (Owner, Editor, Reviewer, ...) or a folder right (ReadItems, CreateItems, ...)"
                    ),
                ));
            }
        };
        role = role.max(named);
    }
    let custom = if reads {
        R::Reviewer
    } else if creates {
        R::Contributor
    } else {
        R::None
    };
    Ok(role.map_or(custom, |role| role.max(custom)))
}

/// `SharingPermissionFlags`: whether the user is a calendar delegate, and
/// whether they see private items.
fn sharing_flags(
    table: &Table,
    row: &Row,
    column: Option<Column>,
) -> Result<(bool, bool), Diagnostic> {
    let Some(column) = column else {
        return Ok((false, false));
    };
    let (mut delegate, mut private_items) = (false, false);
    for flag in rights_in(table, row, column)? {
        match flag.to_ascii_lowercase().as_str() {
            "none" => {}
            "delegate" => delegate = true,
            "canviewprivateitems" => private_items = true,
            _ => {
                return Err(table.problem(
                    row,
                    column,
                    format!(
                        "unknown sharing flag `{flag}`: expected Delegate, CanViewPrivateItems or None"
                    ),
                ));
            }
        }
    }
    Ok((delegate, private_items))
}

/// An MFA state: a boolean, or a per-user MFA state (`Enabled` and
/// `Enforced` require a second factor, `Disabled` does not).
fn mfa_state(table: &Table, row: &Row, column: Option<Column>) -> Result<Option<bool>, Diagnostic> {
    let Some(column) = column else {
        return Ok(None);
    };
    match table.cell(row, column).to_ascii_lowercase().as_str() {
        "enabled" | "enforced" => Ok(Some(true)),
        "disabled" => Ok(Some(false)),
        _ => table.boolean(row, Some(column)).map_err(|mut diagnostic| {
            diagnostic.message = format!(
                "{}, or an MFA state (Enabled, Enforced, Disabled)",
                diagnostic.message
            );
            diagnostic
        }),
    }
}
