//! `Get-RecipientPermission` exports: SendAs.

use super::Importer;
use super::cells::rights_in;
use super::principals::noise;
use crate::diagnostic::Diagnostic;
use crate::import::csv::Table;
use crate::model::Right;

impl Importer {
    pub(super) fn recipient_permissions(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
        let identity = table.require(&["Identity"])?;
        let trustee = table.require(&["Trustee"])?;
        let rights = table.require(&["AccessRights"])?;
        let control = table.column(&["AccessControlType"]);
        let inherited = table.column(&["IsInherited"]);
        self.rows(file, |this, row| {
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
}
