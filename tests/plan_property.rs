//! The plan checked on small random organisations (those of
//! reach_property.rs, with applications, roles and rules): applying its
//! changes leaves no path from the credentials to a protectable mailbox
//! (checked by the reachability engine on the changed model), the
//! mailboxes it calls unprotectable stay reached whatever is changed, and
//! no cheaper set of changes closes everything (brute force over every
//! subset of the allowed changes, on instances with few of them).
//!
//! `cargo test` runs a few cases; the long run is
//! `cargo test --test integration -- --ignored plan_property` (see
//! docs/remediation.md).

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use mailgraph::AccessGraph;
use mailgraph::model::Model;
use mailgraph::plan::spec::{self, ChangeSpec, SpecSource};
use mailgraph::plan::{self, ChangeKind, Costs, Scope};
use mailgraph::query;
use mailgraph::render::Labels;

use crate::reach_property::organisation_with_access;

/// The target mailboxes the credentials `sources` (ids; those a change
/// took away are left out) reach in `model` after `changes`.
fn reached_after(model: &Model, changes: &[ChangeSpec], sources: &[String]) -> BTreeSet<String> {
    let source = SpecSource {
        file: Path::new("changes"),
        ron_text: None,
    };
    let changed = spec::apply(model, changes, &source).expect("the changes apply");
    let removed = spec::removed_credentials(changes);
    let graph = AccessGraph::build(changed);
    let nodes: Vec<_> = sources
        .iter()
        .filter(|id| !removed.contains(&id.as_str()))
        .filter_map(|id| graph.principal(id))
        .filter(|&node| graph.node(node).is_credential())
        .collect();
    let targets: BTreeSet<_> = plan::default_targets(&graph).into_iter().collect();
    query::reach(&graph, &nodes)
        .mailboxes
        .iter()
        .filter(|m| targets.contains(&m.node))
        .map(|m| graph.id(m.node).to_string())
        .collect()
}

/// Every change the plan may propose for `scope`, once each, with its cost.
fn candidates(
    model: &Model,
    graph: &AccessGraph,
    scope: &Scope,
    costs: &Costs,
) -> Vec<(ChangeSpec, u32)> {
    let mut all: Vec<(ChangeSpec, ChangeKind)> = Vec::new();
    for source in &scope.sources {
        if source.removable && graph.account(source.node).is_some() {
            all.push((
                ChangeSpec::EnrolMfa {
                    account: graph.id(source.node).into(),
                },
                ChangeKind::Mfa,
            ));
        }
    }
    let named: BTreeSet<_> = scope.named().collect();
    for mailbox in model.mailboxes.iter().filter(|m| m.sign_in) {
        let node = graph.principal(&mailbox.id).unwrap();
        if !named.contains(&node) {
            all.push((
                ChangeSpec::BlockSignIn {
                    mailbox: mailbox.id.clone(),
                },
                ChangeKind::BlockSignIn,
            ));
        }
    }
    for g in &model.grants {
        let spec = ChangeSpec::RevokeGrant {
            to: g.to.clone(),
            on: g.on.clone(),
            right: g.right.clone(),
        };
        all.push((spec, ChangeKind::Grant));
    }
    for group in &model.groups {
        for member in &group.members {
            let spec = ChangeSpec::RemoveMembership {
                member: member.clone(),
                group: group.id.clone(),
            };
            all.push((spec, ChangeKind::Membership));
        }
    }
    for f in &model.forwarding {
        let to = f.to.clone().or_else(|| f.external.clone()).unwrap();
        all.push((
            ChangeSpec::RemoveForwarding {
                from: f.from.clone(),
                to,
            },
            ChangeKind::Forwarding,
        ));
    }
    for r in &model.recovery {
        let spec = ChangeSpec::RemoveRecovery {
            account: r.account.clone(),
            mailbox: r.mailbox.clone(),
        };
        all.push((spec, ChangeKind::Recovery));
    }
    for a in &model.applications {
        for owner in &a.owners {
            let spec = ChangeSpec::RemoveApplicationOwner {
                application: a.id.clone(),
                owner: owner.clone(),
            };
            all.push((spec, ChangeKind::ApplicationOwner));
        }
    }
    for p in &model.application_permissions {
        let spec = ChangeSpec::RestrictApplicationPermission {
            application: p.application.clone(),
            permission: p.permission.clone(),
        };
        all.push((spec, ChangeKind::ApplicationPermission));
    }
    for r in &model.admin_roles {
        let spec = ChangeSpec::RemoveRoleAssignment {
            role: r.name.clone(),
            holder: r.holder.clone(),
        };
        all.push((spec, ChangeKind::Role));
    }
    let destination = |to: &Option<String>, external: &Option<String>| {
        to.clone()
            .or_else(|| external.clone().map(|x| x.trim().to_ascii_lowercase()))
            .unwrap()
    };
    for r in &model.inbox_rules {
        let spec = ChangeSpec::RemoveInboxRule {
            mailbox: r.mailbox.clone(),
            name: r.name.clone(),
            destination: destination(&r.to, &r.external),
        };
        all.push((spec, ChangeKind::Rule));
    }
    for r in &model.mail_flow_rules {
        let spec = ChangeSpec::RemoveMailFlowRule {
            name: r.name.clone(),
            destination: destination(&r.to, &r.external),
        };
        all.push((spec, ChangeKind::Rule));
    }
    let mut seen = BTreeSet::new();
    all.into_iter()
        .filter(|(spec, _)| seen.insert(format!("{spec:?}")))
        .filter_map(|(spec, kind)| Some((spec, costs.of(kind)?)))
        .collect()
}

/// Checks one organisation; `brute_force_up_to` bounds the number of
/// allowed changes for which every cheaper subset is tried.
fn check(
    model: Model,
    named: Option<Vec<prop::sample::Index>>,
    costs: [u32; 4],
    brute_force_up_to: usize,
) -> Result<(), TestCaseError> {
    let graph = AccessGraph::build(model.clone());
    let plan_costs = Costs {
        mfa: Some(costs[0]),
        grant: Some(costs[1]),
        membership: Some(costs[2]),
        rule: Some(costs[3]),
        ..Costs::default()
    };
    let sources = match &named {
        Some(picks) => {
            let credentials: Vec<_> = graph
                .graph()
                .node_indices()
                .filter(|&n| graph.node(n).is_credential())
                .collect();
            let mut nodes: Vec<_> = picks.iter().map(|i| *i.get(&credentials)).collect();
            nodes.sort();
            nodes.dedup();
            plan::named_sources(&nodes)
        }
        None => plan::likely_sources(&graph),
    };
    let scope = Scope {
        sources,
        targets: plan::default_targets(&graph),
    };
    let source_ids: Vec<String> = scope
        .sources
        .iter()
        .map(|s| graph.id(s.node).to_string())
        .collect();
    let answer = plan::plan(&graph, &scope, &plan_costs);
    let labels = Labels::plain(&graph);
    let changes: Vec<ChangeSpec> = answer
        .changes
        .iter()
        .map(|c| ChangeSpec::of(c.change, &labels))
        .collect();
    let cost: u64 = answer.changes.iter().map(|c| u64::from(c.cost)).sum();
    prop_assert_eq!(cost, answer.cost);

    let unprotectable: BTreeSet<String> = answer
        .unprotectable
        .iter()
        .map(|u| graph.id(u.mailbox).to_string())
        .collect();
    // The plan leaves no path to anything it can protect.
    let left = reached_after(&model, &changes, &source_ids);
    prop_assert!(
        left.is_subset(&unprotectable),
        "left {:?}, changes {:?}",
        left,
        changes
    );

    // What it calls unprotectable stays reached whatever is changed.
    let allowed = candidates(&model, &graph, &scope, &plan_costs);
    let everything: Vec<ChangeSpec> = allowed.iter().map(|(s, _)| s.clone()).collect();
    let left = reached_after(&model, &everything, &source_ids);
    prop_assert_eq!(&left, &unprotectable);

    // No cheaper set of changes closes everything the plan closes.
    if allowed.len() <= brute_force_up_to {
        for mask in 0u32..(1 << allowed.len()) {
            let chosen: Vec<&(ChangeSpec, u32)> = allowed
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, c)| c)
                .collect();
            let subset_cost: u64 = chosen.iter().map(|(_, c)| u64::from(*c)).sum();
            if subset_cost >= answer.cost {
                continue;
            }
            let specs: Vec<ChangeSpec> = chosen.iter().map(|(s, _)| s.clone()).collect();
            let left = reached_after(&model, &specs, &source_ids);
            prop_assert!(
                !left.is_subset(&unprotectable),
                "{:?} (cost {}) closes everything, the plan costs {}: {:?}",
                specs,
                subset_cost,
                answer.cost,
                changes
            );
        }
    }
    Ok(())
}

fn run(cases: u32, brute_force_up_to: usize) {
    let strategy = (
        organisation_with_access(),
        prop::option::of(prop::collection::vec(any::<prop::sample::Index>(), 1..3)),
        prop::array::uniform4(1u32..4),
    );
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    runner
        .run(&strategy, |(model, named, costs)| {
            check(model, named, costs, brute_force_up_to)
        })
        .unwrap();
}

#[test]
fn the_plan_closes_every_path_at_the_least_cost() {
    run(48, 10);
}

/// The long run (docs/remediation.md says how long it took).
#[test]
#[ignore]
fn plan_property_long_run() {
    run(3000, 12);
}
