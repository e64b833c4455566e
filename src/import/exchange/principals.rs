//! Who a permission row gives a right to, and on what: the resolution of
//! its names to imported recipients, grants without duplicates, and the
//! rows that give nothing (counted under their reason).

use super::Importer;
use super::groups::GroupRow;
use super::ids::allocate;
use crate::import::csv::{Header, Row};
use crate::import::resolve::{Recipient, Resolution};
use crate::import::summary::{Reason, Unresolved};
use crate::model::{Grant, Right, StaleGrant};

/// Who holds a right a row gives.
enum Grantee {
    /// The id of an account, group or generic mailbox that signs in.
    Holder(String),
    /// The security identifier of a deleted account.
    DeletedAccount(String),
    /// Nobody the model has (counted under its reason).
    Nobody,
}

impl Importer {
    /// A permission row: skipped and counted as noise, or as granting no
    /// right that matters for mail, or else kept as grants.
    pub(super) fn permission_row(
        &mut self,
        table: &Header,
        row: &Row,
        mailbox: &str,
        principal: &str,
        granted: Vec<Right>,
        noise: Option<Reason>,
    ) {
        if let Some(reason) = noise {
            if reason == Reason::Deny {
                self.deny(mailbox, principal, &granted);
            }
            self.summary.skip(reason);
        } else if granted.is_empty() {
            self.summary.skip(Reason::NoMailRight);
        } else {
            self.grant_row(table, row, mailbox, principal, granted);
        }
    }

    /// Grants `rights` on the mailbox `mailbox` names to the principal
    /// `principal` names, when both resolve.
    pub(super) fn grant_row(
        &mut self,
        table: &Header,
        row: &Row,
        mailbox: &str,
        principal: &str,
        rights: Vec<Right>,
    ) {
        let source = table.source(row);
        let Some(target) = self.target(mailbox, &source) else {
            return;
        };
        self.grant_to(principal, target, rights, &source);
    }

    /// Grants `rights` on the mailbox `target` to whoever `principal`
    /// names; a deleted account's SID keeps them as stale grants. Says
    /// whether any grant was added.
    pub(super) fn grant_to(
        &mut self,
        principal: &str,
        target: usize,
        rights: Vec<Right>,
        source: &str,
    ) -> bool {
        match self.resolve_grantee(principal, source) {
            Grantee::Holder(to) => {
                let mut added = false;
                for right in rights {
                    added |= self.add_grant(to.clone(), target, right, source.to_string());
                }
                added
            }
            Grantee::DeletedAccount(sid) => {
                let on = self.mailboxes[target].id.clone();
                for right in rights {
                    if self
                        .stale_keys
                        .insert((sid.clone(), on.clone(), right.clone()))
                    {
                        self.stale_grants.push(StaleGrant {
                            sid: sid.clone(),
                            on: on.clone(),
                            right,
                            source: Some(source.to_string()),
                        });
                    }
                }
                false
            }
            Grantee::Nobody => false,
        }
    }

    /// Records a Deny entry, to remove the Allow entries it overrides once
    /// every row is read (a Deny may come before or after its Allow).
    /// Names that do not resolve deny nothing the import granted.
    fn deny(&mut self, mailbox: &str, principal: &str, rights: &[Right]) {
        let (Resolution::Found(Recipient::Mailbox(target)), Resolution::Found(holder)) = (
            self.directory.resolve(mailbox),
            self.directory.resolve(principal),
        ) else {
            return;
        };
        let Some(to) = self.holder_id(holder) else {
            return;
        };
        let on = self.mailboxes[target].id.clone();
        for right in rights {
            self.denied.insert((to.clone(), on.clone(), right.clone()));
        }
    }

    /// Removes the grants a Deny entry overrides, counting them.
    pub(super) fn apply_denials(&mut self) {
        if self.denied.is_empty() {
            return;
        }
        let denied = std::mem::take(&mut self.denied);
        let before = self.grants.len();
        self.grants.retain(|grant| {
            !denied.contains(&(grant.to.clone(), grant.on.clone(), grant.right.clone()))
        });
        for _ in self.grants.len()..before {
            self.summary.skip(Reason::DeniedByDeny);
        }
    }

    /// The id of who holds a right given to `recipient`: a group, the owner
    /// account of a personal mailbox, a generic mailbox that signs in.
    fn holder_id(&self, recipient: Recipient) -> Option<String> {
        match recipient {
            Recipient::Group(index) => Some(self.groups[index].id.clone()),
            Recipient::Mailbox(index) => {
                let mailbox = &self.mailboxes[index];
                mailbox
                    .account
                    .clone()
                    .or_else(|| mailbox.signs_in().then(|| mailbox.id.clone()))
            }
            Recipient::Contact(_) => None,
        }
    }

    /// Adds a grant unless it repeats one or gives an owner their own
    /// mailbox; says whether it was added.
    pub(super) fn add_grant(
        &mut self,
        to: String,
        target: usize,
        right: Right,
        source: String,
    ) -> bool {
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
    pub(super) fn grantee(&mut self, name: &str, source: &str) -> Option<String> {
        match self.resolve_grantee(name, source) {
            Grantee::Holder(id) => Some(id),
            Grantee::DeletedAccount(_) | Grantee::Nobody => None,
        }
    }

    /// Who a right given to `name` is held by, or the SID of the deleted
    /// account it names; anything else is counted (and listed when
    /// unresolved).
    fn resolve_grantee(&mut self, name: &str, source: &str) -> Grantee {
        if let Some(reason) = noise(name, false, false) {
            self.summary.skip(reason);
            return Grantee::Nobody;
        }
        match self.directory.resolve(name) {
            Resolution::Found(Recipient::Contact(_)) => {
                self.summary.skip(Reason::Contact);
                Grantee::Nobody
            }
            Resolution::Found(recipient) => match self.holder_id(recipient) {
                Some(id) => Grantee::Holder(id),
                None => {
                    self.summary.skip(Reason::CannotSignIn);
                    Grantee::Nobody
                }
            },
            unresolved => match self.unresolved(unresolved, name, source) {
                Some(sid) => Grantee::DeletedAccount(sid),
                None => Grantee::Nobody,
            },
        }
    }

    /// The mailbox `name` designates, as an index into the import's mailboxes.
    pub(super) fn target(&mut self, name: &str, source: &str) -> Option<usize> {
        match self.directory.resolve(name) {
            Resolution::Found(Recipient::Mailbox(index)) => Some(index),
            Resolution::Found(Recipient::Group(_) | Recipient::Contact(_)) => {
                self.summary.skip(Reason::NotAMailbox);
                None
            }
            unresolved => {
                self.unresolved(unresolved, name, source);
                None
            }
        }
    }

    /// Counts and lists a name that did not resolve; returns the plain SID
    /// when it is a deleted account's.
    pub(super) fn unresolved(
        &mut self,
        resolution: Resolution,
        name: &str,
        source: &str,
    ) -> Option<String> {
        let mut item = Unresolved {
            source: source.to_string(),
            name: name.to_string(),
            candidates: Vec::new(),
        };
        let (reason, list) = match resolution {
            Resolution::StaleSid => {
                // Folder permissions write `NT:S-1-5-...`: list the plain SID.
                let name = name.trim();
                if name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("nt:")) {
                    item.name = name[3..].to_string();
                }
                (Reason::StaleSid, &mut self.summary.stale)
            }
            Resolution::Ambiguous(candidates) => {
                item.candidates = candidates
                    .into_iter()
                    .map(|candidate| self.describe(candidate))
                    .collect();
                (Reason::Ambiguous, &mut self.summary.ambiguous)
            }
            Resolution::NotFound => (Reason::NotFound, &mut self.summary.not_found),
            Resolution::Found(_) => return None,
        };
        let sid = (reason == Reason::StaleSid).then(|| item.name.clone());
        list.push(item);
        self.summary.skip(reason);
        sid
    }

    /// A recipient's id, as shown in the list of ambiguous names.
    pub(super) fn describe(&self, recipient: Recipient) -> String {
        match recipient {
            Recipient::Mailbox(index) => self.mailboxes[index].id.clone(),
            Recipient::Group(index) => self.groups[index].id.clone(),
            Recipient::Contact(index) => self.contacts[index].describe(),
        }
    }

    /// The group standing for `Default` in folder permissions: every
    /// account, and every generic mailbox that signs in.
    pub(super) fn everyone_group(&mut self) -> String {
        if let Some(index) = self.everyone {
            return self.groups[index].id.clone();
        }
        let id = allocate(&mut [&mut self.used_ids], "default", "group:");
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
            display_name: String::new(),
            member_names: Vec::new(),
            members,
        });
        id
    }
}

/// Why a permission row is noise, if it is: the mailbox's own entry,
/// built-in principals, inherited and Deny entries.
pub(super) fn noise(principal: &str, inherited: bool, deny: bool) -> Option<Reason> {
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
