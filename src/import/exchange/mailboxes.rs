//! The mailbox export (`Get-Mailbox` / `Get-EXOMailbox`): what exists.
//! Every user, shared, room and equipment mailbox becomes a mailbox, every
//! user mailbox also an account owning it; `GrantSendOnBehalfTo` and the
//! forwarding columns are resolved once every recipient is known.

use super::Importer;
use super::cells::names;
use crate::FastSet;
use crate::diagnostic::Diagnostic;
use crate::import::csv::{Column, Table};
use crate::import::resolve::{Recipient, Resolution, Strength, strip_smtp};
use crate::import::summary::Reason;
use crate::model::{Forwarding, MailboxKind, Right};

/// A mailbox row, kept until ids are assigned and permissions resolved.
#[derive(Debug)]
pub(super) struct MailboxRow {
    /// Assigned once every row is read ([`Importer::assign_ids`]).
    pub(super) id: String,
    /// The owner account's id, for a personal mailbox.
    pub(super) account: Option<String>,
    pub(super) kind: MailboxKind,
    pub(super) name: String,
    pub(super) upn: String,
    pub(super) address: String,
    /// Whether the account can sign in (the owner's for a personal
    /// mailbox, the mailbox's own for a generic one).
    pub(super) enabled: bool,
    pub(super) mfa: bool,
    pub(super) role: String,
    pub(super) unit: String,
    pub(super) send_on_behalf: Vec<String>,
    pub(super) forwarding_address: String,
    pub(super) forwarding_smtp_address: String,
    pub(super) source: String,
}

impl MailboxRow {
    pub(super) fn is_personal(&self) -> bool {
        self.kind == MailboxKind::Personal
    }

    /// Whether the mailbox's own credential signs in (generic mailboxes only).
    pub(super) fn signs_in(&self) -> bool {
        !self.is_personal() && self.enabled
    }
}

/// Names of the columns an identifier of a mailbox may be in, beyond the
/// UPN, the primary address and the alias.
pub(super) const IDENTIFIER_COLUMNS: &[&str] = &[
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
    pub(super) fn read_mailboxes(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
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
        let mut addresses: FastSet<String> = FastSet::default();
        let mut upns: FastSet<String> = FastSet::default();
        self.rows(file, |this, row| {
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

    /// The columns of the mailbox export that name other recipients.
    pub(super) fn send_on_behalf_and_forwarding(&mut self) {
        for index in 0..self.mailboxes.len() {
            let source = self.mailboxes[index].source.clone();
            for name in std::mem::take(&mut self.mailboxes[index].send_on_behalf) {
                self.grant_to(&name, index, vec![Right::SendOnBehalf], &source);
            }
            let from = self.mailboxes[index].id.clone();
            let address = self.mailboxes[index].forwarding_address.clone();
            let smtp = self.mailboxes[index].forwarding_smtp_address.clone();
            if !address.is_empty() {
                if !smtp.is_empty() {
                    self.summary.skip(Reason::ForwardingOverridden);
                }
                // A mail contact is how mail is forwarded out of the
                // organisation: forwarding to its external address.
                if let Resolution::Found(Recipient::Contact(contact)) =
                    self.directory.resolve(&address)
                {
                    self.forwarding.push(Forwarding {
                        from,
                        to: None,
                        external: Some(self.contacts[contact].external.clone()),
                    });
                } else if let Some(target) = self.target(&address, &source) {
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
                    Resolution::Found(Recipient::Contact(contact)) => Forwarding {
                        from,
                        to: None,
                        external: Some(self.contacts[contact].external.clone()),
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
}
