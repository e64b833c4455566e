//! The audit's rules. Each has a stable id (what suppressions and
//! `disabled` name), a severity, why it matters and how to fix it
//! (docs/audit.md repeats them with examples), and a check function.

mod applications;
mod delegates;
mod exposure;
mod forwarding;
mod mail_rules;
mod mailboxes;

use super::{Context, Finding, Severity};

/// A hygiene rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, kebab-case.
    pub id: &'static str,
    /// A short title.
    pub name: &'static str,
    pub severity: Severity,
    /// Why a finding matters.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// Adds this rule's findings.
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

/// Rules are equal when their ids are: the id is what names a rule.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// Checks done by [`super::audit`] itself, after the other rules.
fn checked_by_the_audit(_: &Context<'_>, _: &mut Vec<Finding>) {}

pub static EXPIRED_SUPPRESSION: Rule = Rule {
    id: "expired-suppression",
    name: "Suppression past its expiry date",
    severity: Severity::Medium,
    why: "An accepted risk was accepted until a date that has passed: nobody has looked at it again, and it no longer hides the finding.",
    fix: "Review the finding: fix it, or renew the suppression with a new reason and date.",
    check: checked_by_the_audit,
};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    id: "unused-suppression",
    name: "Suppression that matches nothing",
    severity: Severity::Low,
    why: "A suppression with no finding to hide is stale, or misspells its object, and would silently hide a future finding.",
    fix: "Remove it, or correct its rule and object.",
    check: checked_by_the_audit,
};

/// Every rule, in the order they run and are documented.
pub static RULES: &[&Rule] = &[
    &delegates::WEAK_DELEGATE,
    &delegates::DISABLED_DELEGATE,
    &delegates::STALE_GRANT,
    &mailboxes::ORPHANED_MAILBOX,
    &mailboxes::GENERIC_SIGN_IN,
    &delegates::OVER_SHARED,
    &delegates::LARGE_GROUP_FULL_ACCESS,
    &forwarding::EXTERNAL_FORWARDING,
    &forwarding::FORWARDING_TO_WEAKER,
    &mail_rules::INBOX_RULE_EXTERNAL,
    &mail_rules::HIDDEN_INBOX_RULE,
    &mail_rules::MAIL_FLOW_EXTERNAL,
    &applications::APPLICATION_ORGANISATION_WIDE,
    &applications::APPLICATION_OWNER_WITHOUT_MFA,
    &applications::ADMIN_WITHOUT_MFA,
    &exposure::PERSONAL_DATA_WIDELY_REACHABLE,
    &exposure::PERSONAL_DATA_CONTRACTOR,
    &exposure::TAKEOVER_CHAIN,
    &exposure::BLAST_RADIUS,
    &mailboxes::NO_CONTROLLER,
    &EXPIRED_SUPPRESSION,
    &UNUSED_SUPPRESSION,
];

/// How well an account is protected against password guessing, 0 (no MFA,
/// weak or unknown password) to 3 (MFA and a strong password).
pub(crate) fn protection(account: &crate::model::Account) -> u8 {
    use crate::model::PasswordState;
    let mfa = if account.mfa { 2 } else { 0 };
    let password = u8::from(account.password == PasswordState::Strong);
    mfa + password
}
