//! Group membership exports (`Get-DistributionGroupMember`,
//! `Get-UnifiedGroupLinks`): one file per group, or one with a `Group`
//! column.

use super::Importer;
use crate::diagnostic::Diagnostic;
use crate::import::csv::{Column, STDIN, Table};
use crate::import::resolve::{Recipient, Strength};
use crate::import::summary::Reason;

#[derive(Debug, Default)]
pub(super) struct GroupRow {
    pub(super) id: String,
    /// The name the group was first found by (its id is made from it).
    pub(super) name: String,
    /// Its display name, when a recipient export gives one: the name
    /// written, as mailboxes are named by theirs.
    pub(super) display_name: String,
    /// Members as the export names them, with their rows.
    pub(super) member_names: Vec<(String, String)>,
    pub(super) members: Vec<String>,
}

impl Importer {
    pub(super) fn read_groups(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
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
        if group.is_none() && table.path() == std::path::Path::new(STDIN) {
            return Err(table.missing_column(
                "naming the group (Group): standard input has no file name to name it",
            ));
        }
        let stem = table.stem();
        self.rows(file, |this, row| {
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

    pub(super) fn resolve_members(&mut self) {
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
}
