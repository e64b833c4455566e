//! The ids of imported records: accounts by UPN, mailboxes by primary
//! address, groups by name, all lowercased, with clashes between the
//! namespaces resolved by a kind prefix.

use std::collections::HashSet;

use super::Importer;

impl Importer {
    /// Gives every record its id: accounts their UPN, mailboxes their
    /// primary address, groups their name, all lowercased. Mailboxes are a
    /// namespace of their own, so Ann's account and mailbox can both be
    /// `ann@contoso.com`; accounts, groups and mailboxes that sign in share
    /// the other, where a clash is resolved by prefixing the kind.
    pub(super) fn assign_ids(&mut self) {
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
}

/// built-in principals, inherited and Deny entries.
/// `wanted`, or, if `used` has it, `wanted` prefixed with `prefix` (then
/// numbered) until it is new; recorded in `used`.
pub(super) fn allocate(used: &mut HashSet<String>, wanted: &str, prefix: &str) -> String {
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
