//! Rules about mailboxes themselves.

use super::Rule;
use crate::audit::{Context, Finding, Severity};
use crate::graph::Node;

pub static ORPHANED_MAILBOX: Rule = Rule {
    id: "orphaned-mailbox",
    name: "Personal mailbox of a disabled account",
    severity: Severity::Medium,
    why: "The owner has left or is disabled, but the mailbox and everything delegated on it live on; nobody notices what arrives or who reads it.",
    fix: "Convert it to a shared mailbox with a named controller and reviewed delegates, or export and remove it.",
    check: orphaned_mailboxes,
};

pub static GENERIC_SIGN_IN: Rule = Rule {
    id: "generic-sign-in",
    name: "Generic mailbox that signs in with its own credential",
    severity: Severity::Medium,
    why: "A shared password is known to many, rarely changed and has no second factor; whoever learns it controls the mailbox and everything granted to it.",
    fix: "Disable the mailbox's own sign-in and grant named people access instead.",
    check: generic_sign_in,
};

pub static NO_CONTROLLER: Rule = Rule {
    id: "no-controller",
    name: "Mailbox without a data controller",
    severity: Severity::Low,
    why: "After a breach, somebody must decide whether to notify the regulator and the people concerned; for this mailbox nobody is named.",
    fix: "Set `controller` on the mailbox.",
    check: no_controller,
};

fn mailboxes<'a>(
    context: &Context<'a>,
) -> impl Iterator<Item = (petgraph::graph::NodeIndex, &'a crate::model::Mailbox)> + 'a {
    let graph = context.graph;
    graph
        .graph()
        .node_indices()
        .filter_map(move |node| match graph.node(node) {
            Node::Mailbox(i) => Some((node, &graph.model().mailboxes[i as usize])),
            _ => None,
        })
}

fn orphaned_mailboxes(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (node, mailbox) in mailboxes(context) {
        let Some(owner) = mailbox.owner.as_deref().and_then(|id| graph.principal(id)) else {
            continue;
        };
        if graph.account(owner).is_some_and(|account| !account.enabled) {
            findings.push(Finding::new(
                &ORPHANED_MAILBOX,
                vec![node, owner],
                "owner is disabled".to_string(),
            ));
        }
    }
}

fn generic_sign_in(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for (node, mailbox) in mailboxes(context) {
        if mailbox.sign_in {
            findings.push(Finding::new(
                &GENERIC_SIGN_IN,
                vec![node],
                format!("{} mailbox signs in", mailbox.kind.as_str()),
            ));
        }
    }
}

fn no_controller(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for (node, mailbox) in mailboxes(context) {
        if mailbox.controller.is_none() {
            let data = if mailbox.data_subjects > 0 {
                format!(
                    "; it holds personal data of {} people",
                    mailbox.data_subjects
                )
            } else {
                String::new()
            };
            findings.push(Finding::new(
                &NO_CONTROLLER,
                vec![node],
                format!("no controller{data}"),
            ));
        }
    }
}
