//! Rules about mail forwarded away from a mailbox.

use super::{Rule, protection};
use crate::audit::{Context, Finding, Severity};
use crate::graph::AccessGraph;
use crate::load::Section;
use crate::model::Mailbox;

pub static EXTERNAL_FORWARDING: Rule = Rule {
    id: "external-forwarding",
    name: "Mail forwarded outside the organisation",
    severity: Severity::High,
    why: "Every new message, password resets included, leaves for an address nobody in the organisation controls or monitors; it is also what an attacker sets up first to keep reading after a password change.",
    fix: "Remove the forwarding, or block external forwarding in the transport rules and allow named exceptions.",
    check: external_forwarding,
};

pub static FORWARDING_TO_WEAKER: Rule = Rule {
    id: "forwarding-to-weaker",
    name: "Mail forwarded to a less protected mailbox",
    severity: Severity::Medium,
    why: "Forwarded copies are only as safe as the mailbox they land in: a mailbox whose owner lacks MFA, or one that signs in with a credential of its own, lowers the protection of the forwarding mailbox to its own.",
    fix: "Protect the receiving mailbox as well as the forwarding one (MFA, strong password), or stop the forwarding.",
    check: forwarding_to_weaker,
};

fn external_forwarding(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (index, forwarding) in graph.model().forwarding.iter().enumerate() {
        if let (None, Some(address)) = (&forwarding.to, &forwarding.external) {
            let Some(from) = graph.mailbox(&forwarding.from) else {
                continue;
            };
            // The destination is named too: it is a node of its own.
            let mut objects = vec![from];
            objects.extend(graph.principal(address));
            findings.push(
                Finding::new(
                    &EXTERNAL_FORWARDING,
                    objects,
                    "forwards to an external address".to_string(),
                )
                .at(Section::Forwarding, index as u32),
            );
        }
    }
}

/// How well the credentials that own a mailbox are protected: its owner's
/// protection for a personal mailbox, 0 for a generic mailbox that signs in
/// (its credential has no second factor), `None` when nobody signs in to it.
fn mailbox_protection(graph: &AccessGraph, mailbox: &Mailbox) -> Option<u8> {
    if mailbox.sign_in {
        return Some(0);
    }
    let owner = mailbox.owner.as_deref()?;
    graph
        .principal(owner)
        .and_then(|node| graph.account(node))
        .map(protection)
}

fn forwarding_to_weaker(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (index, forwarding) in graph.model().forwarding.iter().enumerate() {
        let Some(to) = forwarding.to.as_deref() else {
            continue;
        };
        let (Some(from_node), Some(to_node)) = (graph.mailbox(&forwarding.from), graph.mailbox(to))
        else {
            continue;
        };
        let (Some(from), Some(target)) = (
            graph.mailbox_record(from_node),
            graph.mailbox_record(to_node),
        ) else {
            continue;
        };
        let (Some(from_level), Some(to_level)) = (
            mailbox_protection(graph, from),
            mailbox_protection(graph, target),
        ) else {
            continue;
        };
        if to_level < from_level {
            findings.push(
                Finding::new(
                    &FORWARDING_TO_WEAKER,
                    vec![from_node, to_node],
                    format!("protection {from_level}/3 forwarded to protection {to_level}/3"),
                )
                .at(Section::Forwarding, index as u32),
            );
        }
    }
}
