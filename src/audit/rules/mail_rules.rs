//! Rules about inbox rules and mail-flow rules that send mail on. Each
//! finding names the destination among its objects.

use super::Rule;
use crate::audit::{Context, Finding, Severity};
use crate::graph::{AccessGraph, Edge, Node};
use crate::load::Section;
use crate::render::count_list;

pub static INBOX_RULE_EXTERNAL: Rule = Rule {
    id: "inbox-rule-external",
    name: "Inbox rule sending mail outside the organisation",
    severity: Severity::High,
    why: "Every new message, password resets included, leaves for an address nobody in the organisation controls; a forwarding inbox rule is what an attacker who reached a mailbox sets up to keep reading after a password change.",
    fix: "Remove the rule, and block automatic forwarding outside the organisation (outbound spam policy or a mail-flow rule) with named exceptions.",
    check: inbox_rule_external,
};

pub static HIDDEN_INBOX_RULE: Rule = Rule {
    id: "hidden-inbox-rule",
    name: "Hidden inbox rule sending mail on",
    severity: Severity::High,
    why: "A rule hidden from its mailbox's own list of rules is not something its owner set up: it is how attackers keep copies of a mailbox's mail unseen.",
    fix: "Remove the rule (it shows to an administrator's tools), reset the mailbox owner's credentials and review the mailbox's sign-ins.",
    check: hidden_inbox_rule,
};

pub static MAIL_FLOW_EXTERNAL: Rule = Rule {
    id: "mail-flow-external",
    name: "Mail-flow rule copying mail outside the organisation",
    severity: Severity::High,
    why: "A mail-flow rule copies or redirects the mail of every mailbox it matches: an address outside the organisation receives all of it, and nobody at any of those mailboxes sees it happen.",
    fix: "Remove the rule, or send the copies to a mailbox of the organisation (a journal or archive) that is itself protected.",
    check: mail_flow_external,
};

/// Every inbox rule edge, as (rule's index, destination node, mailbox node).
fn inbox_rules<'a>(
    context: &Context<'a>,
) -> impl Iterator<
    Item = (
        usize,
        petgraph::graph::NodeIndex,
        petgraph::graph::NodeIndex,
    ),
> + 'a {
    let graph = context.graph;
    graph.graph().edge_indices().filter_map(move |edge| {
        let Edge::InboxRule(i) = graph.edge(edge) else {
            return None;
        };
        let (destination, mailbox) = graph.graph().edge_endpoints(edge)?;
        Some((i as usize, destination, mailbox))
    })
}

fn inbox_rule_external(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (i, destination, mailbox) in inbox_rules(context) {
        if matches!(graph.node(destination), Node::External(_)) {
            let rule = &graph.model().inbox_rules[i];
            findings.push(
                Finding::new(
                    &INBOX_RULE_EXTERNAL,
                    vec![mailbox, destination],
                    format!("{} to an external address", rule.action.as_str()),
                )
                .at(Section::InboxRules, i as u32),
            );
        }
    }
}

fn hidden_inbox_rule(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (i, destination, mailbox) in inbox_rules(context) {
        let rule = &graph.model().inbox_rules[i];
        if rule.hidden {
            let outside = if matches!(graph.node(destination), Node::External(_)) {
                "an external address"
            } else {
                "a mailbox"
            };
            findings.push(
                Finding::new(
                    &HIDDEN_INBOX_RULE,
                    vec![mailbox, destination],
                    format!("hidden rule: {} to {outside}", rule.action.as_str()),
                )
                .at(Section::InboxRules, i as u32),
            );
        }
    }
}

fn mail_flow_external(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for edge in graph.graph().edge_indices() {
        let Edge::MailFlowRule(i) = graph.edge(edge) else {
            continue;
        };
        let Some((destination, scope)) = graph.graph().edge_endpoints(edge) else {
            continue;
        };
        if matches!(graph.node(destination), Node::External(_)) {
            let rule = &graph.model().mail_flow_rules[i as usize];
            findings.push(
                Finding::new(
                    &MAIL_FLOW_EXTERNAL,
                    vec![destination, scope],
                    format!(
                        "{} of the mail of {} to an external address",
                        rule.action.as_str(),
                        count_list(&[(graph.scope_len(scope), "mailbox", "mailboxes")])
                    ),
                )
                .at(Section::MailFlowRules, i)
                .with_stake(scope_people(graph, scope), 0),
            );
        }
    }
}

/// The people whose data the mailboxes of a scope hold.
pub(super) fn scope_people(graph: &AccessGraph, scope: petgraph::graph::NodeIndex) -> u64 {
    let mut people = 0;
    graph.for_each_in_scope(scope, |member| {
        if let Some(mailbox) = graph.mailbox_record(member) {
            people += u64::from(mailbox.data_subjects);
        }
    });
    people
}
