//! `Get-MailboxPermission` exports: FullAccess (and SendAs, which some
//! scripts merge into the same file).

use super::Importer;
use super::cells::rights_in;
use super::principals::noise;
use crate::diagnostic::Diagnostic;
use crate::import::csv::Table;
use crate::model::Right;

impl Importer {
    pub(super) fn mailbox_permissions(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
        let identity = table.require(&["Identity"])?;
        let user = table.require(&["User"])?;
        let rights = table.require(&["AccessRights"])?;
        let inherited = table.column(&["IsInherited"]);
        let deny = table.column(&["Deny"]);
        self.rows(file, |this, row| {
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
}
