//! What an import did: how many records it wrote, how many rows it skipped
//! and why, and the principals it could not resolve (deleted accounts'
//! SIDs, unknown names, names two recipients share), each with its row.
//!
//! Nothing is skipped silently: every row that does not become a record is
//! counted under a [`Reason`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Document, MailboxKind, Right};
use crate::render::count;
use crate::render::terminal::escape;

/// Why a row, or part of one, did not become a record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// `NT AUTHORITY\SELF`: the mailbox's own access to itself.
    SelfPrincipal,
    /// Another built-in Windows principal (`NT AUTHORITY\SYSTEM`, ...).
    BuiltInPrincipal,
    /// `IsInherited` is true: the right comes from the database or the
    /// organisation, the same on every mailbox.
    Inherited,
    /// A Deny entry: it removes access rather than giving it.
    Deny,
    /// A `Default` or `Anonymous` folder entry with a role that reads nothing.
    DefaultWithoutReading,
    /// An `Anonymous` folder entry with a reading role: published to anyone,
    /// which the model has no principal for.
    AnonymousReading,
    /// A folder entry with the role `None`.
    FolderRoleNone,
    /// Rights that give no access to mail (`ReadPermission`, ...).
    NoMailRight,
    /// A security identifier no recipient has.
    StaleSid,
    /// A name no imported recipient has.
    NotFound,
    /// A name several imported recipients have.
    Ambiguous,
    /// The grantee or member is a generic mailbox whose account cannot sign in.
    CannotSignIn,
    /// A grant or forwarding names something that is not a mailbox.
    NotAMailbox,
    /// The grantee owns the mailbox already.
    OwnMailbox,
    /// The same grant or membership again.
    Duplicate,
    /// A recipient type the model has no kind for (`DiscoveryMailbox`, ...).
    RecipientType(String),
    /// A second mailbox row with the same primary address.
    DuplicateMailbox,
    /// `ForwardingSmtpAddress` is ignored by Exchange when `ForwardingAddress` is set.
    ForwardingOverridden,
    /// A row of the users export for a UPN no imported mailbox has.
    UserWithoutMailbox,
    /// An Allow entry that a Deny entry for the same trustee, mailbox and
    /// right overrides, as Exchange applies them.
    DeniedByDeny,
    /// A grantee or member that is a mail contact or mail user: an address
    /// outside the organisation, which holds no credential here.
    Contact,
    /// A recipient export row for a mailbox (the mailbox export has it).
    MailboxInRecipients,
}

impl Reason {
    pub fn describe(&self) -> String {
        match self {
            Reason::SelfPrincipal => "NT AUTHORITY\\SELF (the mailbox's own right)".into(),
            Reason::BuiltInPrincipal => "built-in Windows principal (NT AUTHORITY\\...)".into(),
            Reason::Inherited => "inherited (IsInherited True)".into(),
            Reason::Deny => "Deny entry".into(),
            Reason::DefaultWithoutReading => "Default or Anonymous without a reading role".into(),
            Reason::AnonymousReading => {
                "Anonymous with a reading role (published to anyone; not in the model)".into()
            }
            Reason::FolderRoleNone => "folder role None".into(),
            Reason::NoMailRight => "rights that give no access to mail".into(),
            Reason::StaleSid => "stale grant: SID of a deleted account".into(),
            Reason::NotFound => "principal not found".into(),
            Reason::Ambiguous => "ambiguous principal".into(),
            Reason::CannotSignIn => {
                "generic mailbox that cannot sign in as grantee or member".into()
            }
            Reason::NotAMailbox => "target is not a mailbox".into(),
            Reason::OwnMailbox => "grantee owns the mailbox".into(),
            Reason::Duplicate => "duplicate".into(),
            Reason::RecipientType(kind) => format!("recipient type {kind}"),
            Reason::DuplicateMailbox => "duplicate mailbox (same primary address or UPN)".into(),
            Reason::ForwardingOverridden => {
                "ForwardingSmtpAddress overridden by ForwardingAddress".into()
            }
            Reason::UserWithoutMailbox => "user without an imported mailbox".into(),
            Reason::DeniedByDeny => {
                "Allow overridden by a Deny for the same trustee and right".into()
            }
            Reason::Contact => "mail contact or mail user as grantee or member".into(),
            Reason::MailboxInRecipients => {
                "recipient export row for a mailbox (read from the mailbox export)".into()
            }
        }
    }
}

/// A principal that named no single recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// `file.csv:LINE`.
    pub source: String,
    /// The name as the export wrote it.
    pub name: String,
    /// For an ambiguous name, the ids of the recipients that have it.
    pub candidates: Vec<String>,
}

/// The counts and lists an import reports.
#[derive(Debug, Default)]
pub struct Summary {
    pub skipped: BTreeMap<Reason, usize>,
    pub stale: Vec<Unresolved>,
    pub ambiguous: Vec<Unresolved>,
    pub not_found: Vec<Unresolved>,
    /// Folder grants carrying `SharingPermissionFlags`: calendar delegates
    /// (who receive meeting requests) and those who see private items.
    pub delegates: usize,
    pub private_items: usize,
}

impl Summary {
    pub fn skip(&mut self, reason: Reason) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// How many rows (or parts of rows) were skipped for `reason`.
    pub fn skipped(&self, reason: &Reason) -> usize {
        self.skipped.get(reason).copied().unwrap_or(0)
    }

    /// The report printed after an import into `target`.
    pub fn render(&self, document: &Document, target: &str) -> String {
        let mut text = String::new();
        let accounts = &document.accounts;
        let mailboxes = &document.mailboxes;
        let count_kind = |kind| mailboxes.iter().filter(|m| m.kind == kind).count();
        let count_right =
            |f: fn(&Right) -> bool| document.grants.iter().filter(|g| f(&g.right)).count();
        let _ = writeln!(text, "imported into {}:", escape(target));
        let _ = writeln!(
            text,
            "  accounts    {:>5}  ({} disabled, {} with MFA)",
            accounts.len(),
            accounts.iter().filter(|a| !a.enabled).count(),
            accounts.iter().filter(|a| a.mfa).count()
        );
        let _ = writeln!(
            text,
            "  mailboxes   {:>5}  ({} personal, {} shared, {} room, {} equipment; {} generic that sign in)",
            mailboxes.len(),
            count_kind(MailboxKind::Personal),
            count_kind(MailboxKind::Shared),
            count_kind(MailboxKind::Room),
            count_kind(MailboxKind::Equipment),
            mailboxes.iter().filter(|m| m.sign_in).count()
        );
        let _ = writeln!(
            text,
            "  groups      {:>5}  ({})",
            document.groups.len(),
            count(
                document
                    .groups
                    .iter()
                    .map(|g| g.members.len() as u64)
                    .sum::<u64>(),
                "membership",
                "memberships"
            )
        );
        let _ = writeln!(
            text,
            "  grants      {:>5}  ({} FullAccess, {} SendAs, {} SendOnBehalf, {} folder; {} with Delegate, {} with CanViewPrivateItems)",
            document.grants.len(),
            count_right(|r| *r == Right::FullAccess),
            count_right(|r| *r == Right::SendAs),
            count_right(|r| *r == Right::SendOnBehalf),
            count_right(|r| matches!(r, Right::Folder { .. })),
            count(self.delegates as u64, "folder grant", "folder grants"),
            self.private_items
        );
        let _ = writeln!(
            text,
            "  forwarding  {:>5}  ({} to an external address)",
            document.forwarding.len(),
            document
                .forwarding
                .iter()
                .filter(|f| f.external.is_some())
                .count()
        );
        let _ = writeln!(
            text,
            "  stale grants{:>5}  (rights still held by deleted accounts' SIDs)",
            document.stale_grants.len()
        );
        let total: usize = self.skipped.values().sum();
        let _ = writeln!(text, "skipped {total}:");
        for (reason, count) in &self.skipped {
            let _ = writeln!(text, "  {count:>5}  {}", escape(&reason.describe()));
        }
        let lists = [
            ("stale grants (SIDs of deleted accounts)", &self.stale),
            ("ambiguous principals", &self.ambiguous),
            ("principals not found", &self.not_found),
        ];
        for (title, list) in lists {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(text, "{title}:");
            for item in list {
                let _ = write!(text, "  {}  {}", escape(&item.source), escape(&item.name));
                if !item.candidates.is_empty() {
                    let candidates: Vec<_> = item
                        .candidates
                        .iter()
                        .map(|c| escape(c).into_owned())
                        .collect();
                    let _ = write!(text, " -> {}", candidates.join(", "));
                }
                text.push('\n');
            }
        }
        text
    }
}
