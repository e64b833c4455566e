use serde::{Deserialize, Serialize};

use super::Scope;

/// An inbox rule of one mailbox that sends its new mail on: to another
/// mailbox (`to`) or to an address outside the organisation (`external`),
/// exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxRule {
    /// The mailbox whose rule it is.
    pub mailbox: String,
    /// The rule's name, as its owner (or an attacker) gave it.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub action: InboxRuleAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
    /// Hidden from the mailbox's own view of its rules (as attackers leave them).
    #[serde(default)]
    pub hidden: bool,
    /// Where the record came from (an import's file and row), for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// How an inbox rule sends mail on; each gives the destination copies of
/// the mailbox's new mail.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum InboxRuleAction {
    #[default]
    Forward,
    ForwardAsAttachment,
    Redirect,
}

impl InboxRuleAction {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxRuleAction::Forward => "forward",
            InboxRuleAction::ForwardAsAttachment => "forward as attachment",
            InboxRuleAction::Redirect => "redirect",
        }
    }
}

/// A mail-flow (transport) rule that copies or redirects the mail of every
/// mailbox it matches to one destination: a mailbox (`to`) or an address
/// outside the organisation (`external`), exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailFlowRule {
    pub name: String,
    /// The mailboxes whose mail it matches.
    #[serde(default)]
    pub applies_to: Scope,
    #[serde(default)]
    pub action: MailFlowAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
    /// Where the record came from (an import's file and row), for tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a mail-flow rule does with a matched message.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum MailFlowAction {
    /// Adds the destination as a (blind) copy recipient.
    #[default]
    Copy,
    /// Sends the message to the destination instead.
    Redirect,
}

impl MailFlowAction {
    pub fn as_str(self) -> &'static str {
        match self {
            MailFlowAction::Copy => "copy",
            MailFlowAction::Redirect => "redirect",
        }
    }
}

/// An address outside the organisation as mailgraph identifies it: trimmed
/// and in ASCII lower case, so that `Ann@Mail.example` and
/// `ann@mail.example` are one node.
pub fn external_address(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}
