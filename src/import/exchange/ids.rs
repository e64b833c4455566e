//! The ids of imported records: accounts by UPN, mailboxes by primary
//! address, groups by name, all lowercased, with clashes between the
//! namespaces resolved by a kind prefix.

use crate::FastSet;

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
        // Mailboxes that do not sign in keep their address (addresses are
        // unique: a repeated one was skipped); they are reserved first so
        // that no prefixed id given below can take one.
        for mailbox in &mut self.mailboxes {
            if !mailbox.signs_in() {
                self.used_mailbox_ids.insert(mailbox.address.clone());
                mailbox.id = mailbox.address.clone();
            }
        }
        // A mailbox that signs in is in both namespaces: its id must be
        // new in each.
        for mailbox in &mut self.mailboxes {
            if mailbox.signs_in() {
                let id = allocate(
                    &mut [&mut self.used_ids, &mut self.used_mailbox_ids],
                    &mailbox.address,
                    "mailbox:",
                );
                mailbox.id = id;
            }
        }
        for index in 0..self.groups.len() {
            let name = self.groups[index].name.to_lowercase();
            self.groups[index].id = allocate(&mut [&mut self.used_ids], &name, "group:");
        }
    }
}

/// `wanted`, or, if one of `used` has it, `wanted` prefixed with `prefix`
/// (then numbered) until no set has it; recorded in every set.
pub(super) fn allocate(used: &mut [&mut FastSet<String>], wanted: &str, prefix: &str) -> String {
    let taken =
        |used: &[&mut FastSet<String>], id: &String| used.iter().any(|set| set.contains(id));
    let mut id = wanted.to_string();
    if taken(used, &id) {
        id = format!("{prefix}{wanted}");
    }
    let base = id.clone();
    let mut n = 2;
    while taken(used, &id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    for set in used.iter_mut() {
        set.insert(id.clone());
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefixed_id_never_takes_one_in_use_in_either_namespace() {
        let mut accounts: FastSet<String> = ["y".to_string()].into_iter().collect();
        let mut mailboxes: FastSet<String> = ["mailbox:y".to_string()].into_iter().collect();
        let id = allocate(&mut [&mut accounts, &mut mailboxes], "y", "mailbox:");
        assert_eq!(id, "mailbox:y-2");
        assert!(accounts.contains(&id) && mailboxes.contains(&id));
    }
}
