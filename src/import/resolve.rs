//! Finding the recipient a permission export names.
//!
//! Exchange names the same recipient many ways: by user principal name,
//! primary address, alias, `Name`, `DOMAIN\alias`, or display name. A
//! [`Directory`] holds every imported recipient under each of its names and
//! answers [`Resolution::Found`] only when exactly one recipient has the
//! name. Identifiers (everything but the display name) are tried first; a
//! display name is tried only when no identifier matches, and a name two
//! recipients share is [`Resolution::Ambiguous`], never guessed.

use crate::FastMap;

/// What a name can resolve to: an imported mailbox (with its owner account
/// for a personal mailbox), a group, or a mail contact or mail user (an
/// address outside the organisation), by index in the import's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recipient {
    Mailbox(usize),
    Group(usize),
    Contact(usize),
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
    identifiers: FastMap<String, Recipients>,
    display_names: FastMap<String, Recipients>,
}

/// The recipients filed under one name: sorted, each once. Almost always
/// one, so a vector, not a tree.
type Recipients = Vec<Recipient>;

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
        let recipients = map.entry(key).or_default();
        if let Err(at) = recipients.binary_search(&recipient) {
            recipients.insert(at, recipient);
        }
    }

    /// The recipient `name` designates. `DOMAIN\\alias` is also tried as
    /// `alias`, `smtp:address` as `address`, and `NT:S-1-5-...` (how folder
    /// permissions name a deleted account) as its SID.
    ///
    /// A name that is one recipient's identifier (its `Name`, say) and
    /// another's display name is ambiguous: a permission export may mean
    /// either, so it is reported, never guessed.
    pub fn resolve(&self, name: &str) -> Resolution {
        let key = normalise(name);
        let key = match key.strip_prefix("nt:") {
            Some(sid) if is_sid(sid) => sid.to_string(),
            _ => key,
        };
        let short = key.rsplit_once('\\').map(|(_, alias)| alias.to_string());
        let by_display_name = self.display_names.get(&key);
        for candidate in std::iter::once(&key).chain(short.as_ref()) {
            if let Some(found) = self.identifiers.get(candidate) {
                return match by_display_name.filter(|_| candidate == &key) {
                    Some(shown) => {
                        let mut all: Recipients = found.iter().chain(shown).copied().collect();
                        all.sort_unstable();
                        all.dedup();
                        decide(&all)
                    }
                    None => decide(found),
                };
            }
        }
        if let Some(found) = by_display_name {
            return decide(found);
        }
        if let Some(found) = short
            .as_ref()
            .and_then(|short| self.display_names.get(short))
        {
            return decide(found);
        }
        if is_sid(&key) {
            Resolution::StaleSid
        } else {
            Resolution::NotFound
        }
    }
}

/// One recipient found, or several.
fn decide(found: &[Recipient]) -> Resolution {
    match found {
        [one] => Resolution::Found(*one),
        _ => Resolution::Ambiguous(found.to_vec()),
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
    fn a_display_name_that_is_also_anothers_name_is_ambiguous() {
        let mut directory = directory();
        // A third mailbox whose `Name` is "Chris Taylor".
        directory.add("Chris Taylor", Strength::Identifier, Recipient::Mailbox(3));
        assert_eq!(
            directory.resolve("chris taylor"),
            Resolution::Ambiguous(vec![
                Recipient::Mailbox(1),
                Recipient::Mailbox(2),
                Recipient::Mailbox(3)
            ])
        );
        // One person whose name and display name agree is no ambiguity.
        directory.add("Ann Lee", Strength::Identifier, Recipient::Mailbox(0));
        assert_eq!(
            directory.resolve("Ann Lee"),
            Resolution::Found(Recipient::Mailbox(0))
        );
    }

    #[test]
    fn unknown_sids_are_stale_and_other_names_not_found() {
        let directory = directory();
        assert_eq!(
            directory.resolve("S-1-5-21-3623811015-3361044348-30300820-1013"),
            Resolution::StaleSid
        );
        assert_eq!(
            directory.resolve("NT:S-1-5-21-3623811015-3361044348-30300820-1013"),
            Resolution::StaleSid
        );
        assert_eq!(directory.resolve("Nobody"), Resolution::NotFound);
        assert!(!is_sid("S-1-x"));
    }
}
