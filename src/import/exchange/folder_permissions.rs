//! `Get-MailboxFolderPermission` exports: roles on Inbox, Calendar and
//! other folders, `Default` (every user) and `Anonymous` included.

use super::Importer;
use super::cells::rights_in;
use crate::diagnostic::Diagnostic;
use crate::import::csv::{Column, Header, Row, Table};
use crate::import::summary::Reason;
use crate::model::{FolderRole, Right};

impl Importer {
    pub(super) fn folder_permissions(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
        let mailbox_column = table.column(&["Mailbox", "MailboxIdentity"]);
        let identity = table.column(&["Identity"]);
        let folder_name = table.column(&["FolderName"]);
        if identity.is_none() && (mailbox_column.is_none() || folder_name.is_none()) {
            return Err(table.missing_column("`Identity` (or `Mailbox` and `FolderName`)"));
        }
        let user = table.require(&["User"])?;
        let rights = table.require(&["AccessRights"])?;
        let flags = table.column(&["SharingPermissionFlags"]);
        self.rows(file, |this, row| {
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
            let right = Right::Folder {
                folder: folder.to_string(),
                role,
            };
            let added = if everyone {
                let to = this.everyone_group();
                this.add_grant(to, target, right, source)
            } else {
                this.grant_to(principal, target, vec![right], &source)
            };
            if added {
                this.summary.delegates += usize::from(delegate);
                this.summary.private_items += usize::from(private_items);
            }
            Ok(())
        });
        Ok(())
    }
}

/// The role of a folder permission. Roles are taken as they are (the
/// strongest, if a cell names several); a custom set of individual rights
/// counts as `Reviewer` when it includes `ReadItems` (it reads the folder),
/// `Contributor` when it only creates items, `None` otherwise.
pub(super) fn folder_role(
    table: &Header,
    row: &Row,
    column: Column,
) -> Result<FolderRole, Diagnostic> {
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
pub(super) fn sharing_flags(
    table: &Header,
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
