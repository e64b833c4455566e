//! Finding the recipient a permission export names.
//!
//! Exchange names the same recipient many ways: by user principal name,
//! primary address, alias, `Name`, `DOMAIN\alias`, or display name. A
//! [`Directory`] holds every imported recipient under each of its names and
//! answers [`Resolution::Found`] only when exactly one recipient has the
//! name. Identifiers (everything but the display name) are tried first; a
//! display name is tried only when no identifier matches, and a name two
//! recipients share is [`Resolution::Ambiguous`], never guessed.

use std::collections::{BTreeSet, HashMap};

/// What a name can resolve to: an imported mailbox (with its owner account
/// for a personal mailbox) or a group, by index in the import's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recipient {
    Mailbox(usize),
    Group(usize),
}

/// The answer to "who is this?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(Recipient),
    /// Several recipients have this name.
    Ambiguous(Vec<Recipient>),
    /// A security identifier (`S-1-5-21-...`) no recipient has: the account
    /// it named was deleted, the grant is stale.
    StaleSid,
    NotFound,
}

/// How strongly a name identifies a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Unique in Exchange: UPN, addresses, alias, `Name`, GUIDs.
    Identifier,
    /// A display name, which people may share.
    DisplayName,
}

/// Every imported recipient under each of its names.
#[derive(Debug, Default)]
pub struct Directory {
    identifiers: HashMap<String, BTreeSet<Recipient>>,
    display_names: HashMap<String, BTreeSet<Recipient>>,
}

impl Directory {
    /// Files `recipient` under `name` (ignored when empty).
    pub fn add(&mut self, name: &str, strength: Strength, recipient: Recipient) {
        let key = normalise(name);
        if key.is_empty() {
            return;
        }
        let map = match strength {
            Strength::Identifier => &mut self.identifiers,
            Strength::DisplayName => &mut self.display_names,
        };
        map.entry(key).or_default().insert(recipient);
    }

    /// The recipient `name` designates. `DOMAIN\alias` is also tried as
    /// `alias`, and `smtp:address` as `address`.
    pub fn resolve(&self, name: &str) -> Resolution {
        let key = normalise(name);
        let short = key.rsplit_once('\\').map(|(_, alias)| alias.to_string());
        for map in [&self.identifiers, &self.display_names] {
            for candidate in std::iter::once(&key).chain(short.as_ref()) {
                if let Some(found) = map.get(candidate) {
                    return match found.len() {
                        1 => Resolution::Found(*found.iter().next().expect("one")),
                        _ => Resolution::Ambiguous(found.iter().copied().collect()),
                    };
                }
            }
        }
        if is_sid(name) {
            Resolution::StaleSid
        } else {
            Resolution::NotFound
        }
    }
}

/// Names compare without case or surrounding space, and without the
/// `smtp:` prefix PowerShell puts on addresses.
fn normalise(name: &str) -> String {
    let name = name.trim();
    let name = match name.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("smtp:") => &name[5..],
        _ => name,
    };
    name.to_lowercase()
}

/// Whether `name` is a Windows security identifier (`S-1-5-21-...`).
pub fn is_sid(name: &str) -> bool {
    let name = name.trim();
    let Some(rest) = name
        .strip_prefix("S-1-")
        .or_else(|| name.strip_prefix("s-1-"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// An address without the `smtp:` prefix, as written in `ForwardingSmtpAddress`.
pub fn strip_smtp(address: &str) -> &str {
    let address = address.trim();
    match address.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("smtp:") => address[5..].trim(),
        _ => address,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let mut directory = Directory::default();
        let ann = Recipient::Mailbox(0);
        let chris = Recipient::Mailbox(1);
        let christine = Recipient::Mailbox(2);
        directory.add("ann@example.org", Strength::Identifier, ann);
        directory.add("ann", Strength::Identifier, ann);
        directory.add("Ann Lee", Strength::DisplayName, ann);
        directory.add("chris", Strength::Identifier, chris);
        directory.add("Chris Taylor", Strength::DisplayName, chris);
        directory.add("ctaylor", Strength::Identifier, christine);
        directory.add("Chris Taylor", Strength::DisplayName, christine);
        directory
    }

    #[test]
    fn every_name_of_a_recipient_resolves_to_it() {
        let directory = directory();
        for name in [
            "ANN@example.org",
            "smtp:ann@example.org",
            "ann",
            "CONTOSO\\ann",
            " Ann Lee ",
        ] {
            assert_eq!(
                directory.resolve(name),
                Resolution::Found(Recipient::Mailbox(0)),
                "{name}"
            );
        }
    }

    #[test]
    fn a_shared_display_name_is_ambiguous_but_identifiers_are_not() {
        let directory = directory();
        assert_eq!(
            directory.resolve("Chris Taylor"),
            Resolution::Ambiguous(vec![Recipient::Mailbox(1), Recipient::Mailbox(2)])
        );
        assert_eq!(
            directory.resolve("ctaylor"),
            Resolution::Found(Recipient::Mailbox(2))
        );
    }

    #[test]
    fn unknown_sids_are_stale_and_other_names_not_found() {
        let directory = directory();
        assert_eq!(
            directory.resolve("S-1-5-21-3623811015-3361044348-30300820-1013"),
            Resolution::StaleSid
        );
        assert_eq!(directory.resolve("Nobody"), Resolution::NotFound);
        assert!(!is_sid("S-1-x"));
    }
}
