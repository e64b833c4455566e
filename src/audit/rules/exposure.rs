//! Rules about what credentials reach, from the reachability of every
//! credential: personal data open to many or to contractors, accounts that
//! can be taken over through password resets, and credentials whose
//! compromise alone would expose too much.

use super::Rule;
use crate::audit::{Context, Finding, Severity};
use crate::graph::Node;

pub static PERSONAL_DATA_WIDELY_REACHABLE: Rule = Rule {
    id: "personal-data-widely-reachable",
    name: "Personal data readable from many credentials",
    severity: Severity::Medium,
    why: "Each credential that can read a mailbox holding personal data is one more password whose compromise means notifying the people concerned (77 people for one committee mailbox in 2017).",
    fix: "Cut the readers down to those who need the data: remove grants and group memberships, prefer named delegates to groups.",
    check: widely_reachable,
};

pub static PERSONAL_DATA_CONTRACTOR: Rule = Rule {
    id: "personal-data-contractor",
    name: "Personal data readable by a contractor",
    severity: Severity::Medium,
    why: "Contractors' credentials are managed outside the organisation; in 2017 a contractor and a sub-contractor were among the compromised accounts.",
    fix: "Remove the contractor's access to the mailbox, or make sure the access is needed, time-limited and protected by MFA.",
    check: contractor_readers,
};

pub static TAKEOVER_CHAIN: Rule = Rule {
    id: "takeover-chain",
    name: "Account that other credentials can take over",
    severity: Severity::High,
    why: "The account's password resets or sign-in codes land in a mailbox that others can read, or chain through such mailboxes: compromising any of them hands over the account and everything it reaches.",
    fix: "Send the account's resets to a mailbox only its owner reads (or an authenticator), and remove the readers of the recovery mailbox.",
    check: takeover_chains,
};

pub static BLAST_RADIUS: Rule = Rule {
    id: "blast-radius",
    name: "Credential whose compromise alone exposes many mailboxes",
    severity: Severity::Medium,
    why: "One guessed password would expose more mailboxes than the configured threshold, at once.",
    fix: "Split the access (several delegates for several mailboxes), remove what is not used, and require MFA on the credential.",
    check: blast_radius,
};

fn widely_reachable(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    let limit = context.config.thresholds.credentials_per_mailbox;
    let reachability = context.reachability();
    for node in graph.graph().node_indices() {
        let Node::Mailbox(i) = graph.node(node) else {
            continue;
        };
        let mailbox = &graph.model().mailboxes[i as usize];
        let readers = reachability.readers[node.index()] as usize;
        if mailbox.data_subjects > 0 && readers > limit {
            findings.push(
                Finding::new(
                    &PERSONAL_DATA_WIDELY_REACHABLE,
                    vec![node],
                    format!(
                        "{} can read the personal data of {} (threshold {limit})",
                        crate::render::count(readers as u64, "credential", "credentials"),
                        crate::render::count(mailbox.data_subjects, "person", "people")
                    ),
                )
                .with_stake(u64::from(mailbox.data_subjects), readers as u64),
            );
        }
    }
}

fn contractor_readers(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for (&mailbox, contractors) in &context.reachability().contractor_readers {
        let record = graph.mailbox_record(mailbox).expect("a mailbox node");
        let mut objects = vec![mailbox];
        objects.extend(contractors);
        findings.push(Finding::new(
            &PERSONAL_DATA_CONTRACTOR,
            objects,
            format!(
                "{} can read the personal data of {}",
                crate::render::count_list(&[(
                    contractors.len(),
                    "contractor credential",
                    "contractor credentials"
                )]),
                crate::render::count(record.data_subjects, "person", "people")
            ),
        ));
    }
}

fn takeover_chains(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let reachability = context.reachability();
    // What each taken-over account exposes is what its takeover puts at stake.
    let people: std::collections::HashMap<_, _> = reachability
        .radii
        .iter()
        .map(|radius| (radius.credential, radius.people))
        .collect();
    for (&account, takeover) in &reachability.takeovers {
        findings.push(
            Finding::new(
                &TAKEOVER_CHAIN,
                vec![account, takeover.nearest],
                format!(
                    "{} can take it over; the shortest chain has {}",
                    crate::render::count(takeover.by, "other credential", "other credentials"),
                    crate::render::count(takeover.hops, "hop", "hops")
                ),
            )
            .with_stake(
                people.get(&account).copied().unwrap_or(0),
                u64::from(takeover.by),
            ),
        );
    }
}

fn blast_radius(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let limit = context.config.thresholds.mailboxes_per_credential;
    for radius in &context.reachability().radii {
        if radius.mailboxes as usize > limit {
            findings.push(
                Finding::new(
                    &BLAST_RADIUS,
                    vec![radius.credential],
                    format!(
                        "exposes {} ({} personal, {} generic) holding data of {} (threshold {limit})",
                        crate::render::count(radius.mailboxes, "mailbox", "mailboxes"),
                        radius.personal,
                        radius.generic,
                        crate::render::count(radius.people, "person", "people")
                    ),
                )
                .with_stake(radius.people, 1),
            );
        }
    }
}
