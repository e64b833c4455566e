//! The users export (Entra ID): MFA, sign-in state, department and title
//! of the accounts the mailbox export made.

use super::Importer;
use crate::FastMap;
use crate::diagnostic::Diagnostic;
use crate::import::csv::{Column, Header, Row, Table};
use crate::import::summary::Reason;

impl Importer {
    pub(super) fn read_users(&mut self, file: &mut Table) -> Result<(), Diagnostic> {
        let table = &file.header().clone();
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
        let by_upn: FastMap<String, usize> = self
            .mailboxes
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.upn.is_empty())
            .map(|(i, m)| (m.upn.clone(), i))
            .collect();
        self.rows(file, |this, row| {
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
}

/// An MFA state: a boolean, or a per-user MFA state (`Enabled` and
/// `Enforced` require a second factor, `Disabled` does not).
pub(super) fn mfa_state(
    table: &Header,
    row: &Row,
    column: Option<Column>,
) -> Result<Option<bool>, Diagnostic> {
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
