//! Recipient exports (`Get-Recipient`, `Get-MailContact`, `Get-MailUser`,
//! `Get-DistributionGroup`, `Get-UnifiedGroup`): every name a group is
//! known by, so that permission exports naming it by display name, `Name`
//! or alias resolve to it; and the mail contacts and mail users, addresses
//! outside the organisation that `ForwardingAddress` may name.

use super::Importer;
use super::groups::GroupRow;
use crate::diagnostic::Diagnostic;
use crate::import::csv::Table;
use crate::import::resolve::{Recipient, Strength, strip_smtp};
use crate::import::summary::Reason;

/// A mail contact or mail user: a recipient whose mail goes outside.
#[derive(Debug)]
pub(super) struct ContactRow {
    pub(super) name: String,
    /// Where its mail goes (`ExternalEmailAddress`, else its address).
    pub(super) external: String,
}

impl ContactRow {
    pub(super) fn describe(&self) -> String {
        if self.name.is_empty() {
            format!("contact {}", self.external)
        } else {
            format!("contact {} ({})", self.external, self.name)
        }
    }
}

/// What a `RecipientTypeDetails` value makes of a recipient row.
enum Kind {
    Group,
    Contact,
    Mailbox,
}

fn kind(type_details: &str) -> Option<Kind> {
    let lower = type_details.to_ascii_lowercase();
    if lower.ends_with("group") || lower == "groupmailbox" || lower == "roomlist" {
        Some(Kind::Group)
    } else if lower.contains("contact") || lower.ends_with("mailuser") {
        Some(Kind::Contact)
    } else if lower.ends_with("mailbox") {
        Some(Kind::Mailbox)
    } else {
        None
    }
}

impl Importer {
    pub(super) fn read_recipients(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
        let type_details = table.column(&["RecipientTypeDetails", "RecipientType"]);
        let external = table.column(&["ExternalEmailAddress"]);
        if type_details.is_none() && external.is_none() {
            return Err(table.missing_column(
                "`RecipientTypeDetails` (a Get-Recipient export) or `ExternalEmailAddress` (Get-MailContact, Get-MailUser)",
            ));
        }
        let address = table.column(&["PrimarySmtpAddress"]);
        let name = table.column(&["Name"]);
        let alias = table.column(&["Alias"]);
        let display_name = table.column(&["DisplayName"]);
        let identifiers = [address, name, alias];
        self.rows(file, |this, row| {
            let kind = match type_details.map(|column| table.cell(row, column)) {
                None | Some("") => Kind::Contact,
                Some(text) => match kind(text) {
                    Some(kind) => kind,
                    None => {
                        this.summary.skip(Reason::RecipientType(text.to_string()));
                        return Ok(());
                    }
                },
            };
            let names: Vec<&str> = identifiers
                .iter()
                .map(|&column| strip_smtp(table.optional(row, column)))
                .filter(|name| !name.is_empty())
                .collect();
            let shown = table.optional(row, display_name);
            let recipient = match kind {
                Kind::Mailbox => {
                    this.summary.skip(Reason::MailboxInRecipients);
                    return Ok(());
                }
                Kind::Group => Recipient::Group(this.group_for(&names, shown)),
                Kind::Contact => {
                    let outside = strip_smtp(table.optional(row, external));
                    let Some(target) = Some(outside)
                        .filter(|a| !a.is_empty())
                        .or_else(|| names.first().copied())
                    else {
                        let column = external.or(address).or(type_details).expect("checked");
                        return Err(table.problem(
                            row,
                            column,
                            "a contact without an address: expected `ExternalEmailAddress` or `PrimarySmtpAddress`",
                        ));
                    };
                    let index = this.contacts.len();
                    this.contacts.push(ContactRow {
                        name: shown.to_string(),
                        external: target.to_lowercase(),
                    });
                    if !outside.is_empty() {
                        this.directory
                            .add(outside, Strength::Identifier, Recipient::Contact(index));
                    }
                    Recipient::Contact(index)
                }
            };
            for name in &names {
                this.directory.add(name, Strength::Identifier, recipient);
            }
            this.directory.add(shown, Strength::DisplayName, recipient);
            Ok(())
        });
        Ok(())
    }

    /// The group a recipient row describes: the one a membership export
    /// named by one of `names` (or by its display name), else a new group
    /// (with no members listed) so that grants naming it still resolve.
    /// Either way the group is shown by the row's display name.
    fn group_for(&mut self, names: &[&str], display_name: &str) -> usize {
        let known = names
            .iter()
            .chain(std::iter::once(&display_name))
            .find_map(|name| self.group_index.get(&name.to_lowercase()).copied());
        let index = match known {
            Some(index) => index,
            None => {
                let name = names.first().copied().unwrap_or(display_name);
                let index = self.groups.len();
                self.group_index.insert(name.to_lowercase(), index);
                self.groups.push(GroupRow {
                    name: name.to_string(),
                    ..GroupRow::default()
                });
                index
            }
        };
        let group = &mut self.groups[index];
        if group.display_name.is_empty() {
            group.display_name = display_name.to_string();
        }
        index
    }
}
