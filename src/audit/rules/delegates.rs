//! Rules about who holds rights on mailboxes.

use std::collections::{BTreeSet, HashMap};

use petgraph::graph::NodeIndex;

use super::Rule;
use crate::audit::{Context, Finding, Severity};
use crate::graph::{Edge, Gain, Node};
use crate::load::Section;
use crate::model::PasswordState;

pub static WEAK_DELEGATE: Rule = Rule {
    id: "weak-delegate",
    name: "Delegate weaker than the mailbox",
    severity: Severity::High,
    why: "A delegate without MFA, or with a guessable password, is the key to a mailbox its owner protects with MFA or that holds personal data: guessing the delegate's password opens the mailbox. Three MPs were exposed this way in June 2017.",
    fix: "Require MFA and a strong password for the delegate, or remove the delegation (prefer a Calendar folder role to FullAccess where that is all the delegate needs).",
    check: weak_delegates,
};

pub static DISABLED_DELEGATE: Rule = Rule {
    id: "disabled-delegate",
    name: "Right held by a disabled account",
    severity: Severity::Medium,
    why: "Rights of disabled or departed accounts are forgotten: re-enabling the account, or restoring it, gives the access back silently.",
    fix: "Remove the grant; keep rights only for active accounts.",
    check: disabled_delegates,
};

pub static STALE_GRANT: Rule = Rule {
    id: "stale-grant",
    name: "Right still held by a deleted account",
    severity: Severity::Low,
    why: "Exchange keeps a permission entry of a deleted account under its security identifier: it gives nobody access today, but restoring the account (from the recycle bin or a backup) gives the right back unnoticed, and stale entries hide the real list of who has access.",
    fix: "Remove the entry (Remove-MailboxPermission, Remove-RecipientPermission or Remove-MailboxFolderPermission with the SID as the user).",
    check: stale_grants,
};

pub static OVER_SHARED: Rule = Rule {
    id: "over-shared",
    name: "Mailbox with many delegates",
    severity: Severity::Medium,
    why: "Every delegate is a credential whose compromise exposes the mailbox; past a handful nobody reviews them.",
    fix: "Review the delegates; grant through one small group that is reviewed, or use folder roles instead of FullAccess.",
    check: over_shared,
};

pub static LARGE_GROUP_FULL_ACCESS: Rule = Rule {
    id: "large-group-full-access",
    name: "FullAccess granted to a large group",
    severity: Severity::High,
    why: "FullAccess for a large group makes every member's password a key to the mailbox, and membership changes grant it without anyone looking at the mailbox.",
    fix: "Grant FullAccess to named people or a small reviewed group.",
    check: large_group_full_access,
};

/// Each grant edge with a reading or sending right, as (principal, mailbox, gain).
fn grants<'a>(
    context: &Context<'a>,
) -> impl Iterator<Item = (NodeIndex, NodeIndex, Gain, Edge)> + 'a {
    let graph = context.graph;
    graph.graph().edge_indices().filter_map(move |edge| {
        let kind = graph.edge(edge);
        if !matches!(kind, Edge::Grant(_)) {
            return None;
        }
        let gain = graph.gain(edge);
        if gain == Gain::Nothing {
            return None;
        }
        let (principal, mailbox) = graph.graph().edge_endpoints(edge)?;
        Some((principal, mailbox, gain, kind))
    })
}

/// Whether an account is a weak delegate: no MFA, or a weak password.
fn is_weak(account: &crate::model::Account) -> bool {
    !account.mfa || account.password == PasswordState::Weak
}

/// Fires once per direct grant to a weak account, and once per grant to a
/// group with weak members (with their count): a group of 1,000 members
/// holding a right on 100 mailboxes is 100 findings, not 100,000.
fn weak_delegates(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    // The weak members of each group, sorted, worked out once per group.
    let mut weak_members: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    for (principal, mailbox_node, _, edge) in grants(context) {
        let Edge::Grant(grant) = edge else {
            continue;
        };
        let Some(mailbox) = graph.mailbox_record(mailbox_node) else {
            continue;
        };
        let owner = mailbox
            .owner
            .as_deref()
            .and_then(|owner| graph.principal(owner));
        let owner_account = owner.and_then(|node| graph.account(node));
        let owner_has_mfa = owner_account.is_some_and(|owner| owner.mfa);
        if !owner_has_mfa && mailbox.data_subjects == 0 {
            continue;
        }
        let strength = match (owner_has_mfa, mailbox.data_subjects) {
            (true, 0) => "its owner has MFA".to_string(),
            (false, n) => format!("it holds personal data of {n} people"),
            (true, n) => format!("its owner has MFA and it holds personal data of {n} people"),
        };
        let people = u64::from(mailbox.data_subjects);
        if matches!(graph.node(principal), Node::Group(_)) {
            let weak = weak_members.entry(principal).or_insert_with(|| {
                context
                    .members
                    .of_group(graph, principal)
                    .iter()
                    .copied()
                    .filter(|&member| graph.account(member).is_some_and(is_weak))
                    .collect()
            });
            // The mailbox's own owner is never its weak delegate.
            let owner_is_weak = owner.is_some_and(|owner| weak.binary_search(&owner).is_ok());
            let count = weak.len() - usize::from(owner_is_weak);
            if count == 0 {
                continue;
            }
            let members = context.members.of_group(graph, principal).len();
            findings.push(
                Finding::new(
                    &WEAK_DELEGATE,
                    vec![principal, mailbox_node],
                    format!(
                        "{count} of {members} group members have no MFA or a weak password; {strength}"
                    ),
                )
                .at(Section::Grants, grant)
                .with_stake(people, count as u64),
            );
            continue;
        }
        let Some(account) = graph.account(principal) else {
            continue;
        };
        if !is_weak(account) || owner == Some(principal) {
            continue;
        }
        let weakness = match (account.mfa, account.password) {
            (false, PasswordState::Weak) => "no MFA and a weak password",
            (false, _) => "no MFA",
            (true, _) => "a weak password",
        };
        findings.push(
            Finding::new(
                &WEAK_DELEGATE,
                vec![principal, mailbox_node],
                format!("delegate has {weakness}; {strength}"),
            )
            .at(Section::Grants, grant),
        );
    }
}

fn disabled_delegates(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (principal, mailbox, _, edge) in grants(context) {
        if graph
            .account(principal)
            .is_some_and(|account| !account.enabled)
        {
            let mut finding = Finding::new(
                &DISABLED_DELEGATE,
                vec![principal, mailbox],
                format!("disabled account holds {}", edge.label(graph.model())),
            );
            if let Edge::Grant(grant) = edge {
                finding = finding.at(Section::Grants, grant);
            }
            findings.push(finding);
        }
    }
}

fn stale_grants(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (index, stale) in graph.model().stale_grants.iter().enumerate() {
        let Some(mailbox) = graph.mailbox(&stale.on) else {
            continue;
        };
        findings.push(
            Finding::new(
                &STALE_GRANT,
                vec![mailbox],
                format!("a deleted account still holds {}", stale.right.label()),
            )
            .with_other("deleted account", &stale.sid)
            .at(Section::StaleGrants, index as u32),
        );
    }
}

fn over_shared(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    let limit = context.config.thresholds.delegates_per_mailbox;
    for mailbox in graph.graph().node_indices() {
        if !matches!(graph.node(mailbox), Node::Mailbox(_)) {
            continue;
        }
        let mut delegates = BTreeSet::new();
        for (edge, principal) in graph.in_edges(mailbox) {
            if matches!(graph.edge(edge), Edge::Grant(_)) && graph.gain(edge) != Gain::Nothing {
                delegates.extend(context.members.expand(graph, principal));
            }
        }
        if delegates.len() > limit {
            findings.push(Finding::new(
                &OVER_SHARED,
                vec![mailbox],
                format!(
                    "{} (threshold {limit})",
                    crate::render::count(delegates.len() as u64, "delegate", "delegates")
                ),
            ));
        }
    }
}

fn large_group_full_access(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    let limit = context.config.thresholds.group_members;
    for (principal, mailbox, gain, edge) in grants(context) {
        if gain != Gain::Full || !matches!(graph.node(principal), Node::Group(_)) {
            continue;
        }
        let Edge::Grant(grant) = edge else {
            continue;
        };
        let members = context.members.of_group(graph, principal).len();
        if members > limit {
            findings.push(
                Finding::new(
                    &LARGE_GROUP_FULL_ACCESS,
                    vec![principal, mailbox],
                    format!(
                        "{} through nesting (threshold {limit})",
                        crate::render::count(members as u64, "member", "members")
                    ),
                )
                .at(Section::Grants, grant),
            );
        }
    }
}
