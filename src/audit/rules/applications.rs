//! Rules about access that is not delegation: applications reading every
//! mailbox, applications and admin roles in the hands of credentials
//! without MFA.

use petgraph::graph::NodeIndex;

use super::Rule;
use crate::audit::{Context, Finding, Severity};
use crate::graph::{AccessGraph, Edge, Gain};
use crate::load::Section;
use crate::render::count_list;

pub static APPLICATION_ORGANISATION_WIDE: Rule = Rule {
    id: "application-organisation-wide",
    name: "Application with mail access to every mailbox",
    severity: Severity::High,
    why: "An application permission such as full_access_as_app or Mail.Read applies to every mailbox unless an application access policy or a management scope restricts it: whoever holds the application's secret, or can add one, reads the whole organisation's mail without any mailbox permission showing it.",
    fix: "Restrict the permission to the mailboxes the application needs (an application access policy, or an Exchange management scope), or remove it.",
    check: application_organisation_wide,
};

pub static APPLICATION_OWNER_WITHOUT_MFA: Rule = Rule {
    id: "application-owner-without-mfa",
    name: "Application with mailbox access owned by an account without MFA",
    severity: Severity::High,
    why: "An owner can add a secret to the application and sign in as it: a guessed password of an owner without MFA is the application's mailbox access (the 2024 path: a sprayed test account owning an application with full_access_as_app).",
    fix: "Remove owners who do not need to be, require MFA of those who stay, and delete stale test accounts.",
    check: application_owner_without_mfa,
};

pub static ADMIN_WITHOUT_MFA: Rule = Rule {
    id: "admin-without-mfa",
    name: "Admin role held without MFA",
    severity: Severity::High,
    why: "An admin role that can grant mailbox access, or add secrets to applications, makes its holder's password the key to every mailbox of its scope.",
    fix: "Require MFA of every admin role holder (and prefer just-in-time activation), or remove the role.",
    check: admin_without_mfa,
};

/// Each application permission that reaches mail, as (application node,
/// scope node, the permission's index in the model).
fn mail_permissions(graph: &AccessGraph) -> impl Iterator<Item = (NodeIndex, NodeIndex, u32)> + '_ {
    graph.graph().edge_indices().filter_map(move |edge| {
        let Edge::ApplicationPermission(i, _) = graph.edge(edge) else {
            return None;
        };
        if graph.gain(edge) == Gain::Nothing {
            return None;
        }
        let (application, scope) = graph.graph().edge_endpoints(edge)?;
        Some((application, scope, i))
    })
}

fn application_organisation_wide(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    let model = graph.model();
    for (application, scope, i) in mail_permissions(graph) {
        let permission = &model.application_permissions[i as usize];
        if permission.scope.is_organisation() {
            findings.push(
                Finding::new(
                    &APPLICATION_ORGANISATION_WIDE,
                    vec![application],
                    format!(
                        "{} on every mailbox ({}), no scope restriction",
                        permission.permission,
                        graph.scope_len(scope)
                    ),
                )
                .at(Section::ApplicationPermissions, i)
                .with_stake(super::mail_rules::scope_people(graph, scope), 1),
            );
        }
    }
}

/// Whether an account node signs in without a second factor (and can sign
/// in at all).
fn lacks_mfa(graph: &AccessGraph, node: NodeIndex) -> bool {
    graph
        .account(node)
        .is_some_and(|account| account.enabled && !account.mfa)
}

fn application_owner_without_mfa(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    let mut with_mail: Vec<NodeIndex> = mail_permissions(graph).map(|(a, _, _)| a).collect();
    with_mail.sort_unstable();
    with_mail.dedup();
    for application in with_mail {
        let mut owners: Vec<NodeIndex> = graph
            .in_edges(application)
            .filter(|&(edge, _)| matches!(graph.edge(edge), Edge::ApplicationOwner(_)))
            .flat_map(|(_, owner)| context.members.expand(graph, owner))
            .filter(|&owner| lacks_mfa(graph, owner))
            .collect();
        owners.sort_unstable();
        owners.dedup();
        for owner in owners {
            findings.push(Finding::new(
                &APPLICATION_OWNER_WITHOUT_MFA,
                vec![application, owner],
                "an owner without MFA can add a secret to an application with mailbox access"
                    .to_string(),
            ));
        }
    }
}

fn admin_without_mfa(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let graph = context.graph;
    for edge in graph.graph().edge_indices() {
        let what = match graph.edge(edge) {
            Edge::AdminRole(_) => "could grant itself",
            Edge::ApplicationAdminRole(_) => "could add a secret to",
            _ => continue,
        };
        let Some((holder, scope)) = graph.graph().edge_endpoints(edge) else {
            continue;
        };
        let (Edge::AdminRole(role) | Edge::ApplicationAdminRole(role)) = graph.edge(edge) else {
            continue;
        };
        let noun = match graph.edge(edge) {
            Edge::AdminRole(_) => ("mailbox", "mailboxes"),
            _ => ("application", "applications"),
        };
        let count = count_list(&[(graph.scope_len(scope), noun.0, noun.1)]);
        let mut accounts = context.members.expand(graph, holder);
        accounts.retain(|&account| lacks_mfa(graph, account));
        accounts.sort_unstable();
        accounts.dedup();
        for account in accounts {
            let mut objects = vec![account];
            if account != holder {
                objects.push(holder);
            }
            findings.push(
                Finding::new(
                    &ADMIN_WITHOUT_MFA,
                    objects,
                    format!("holds an admin role that {what} {count}"),
                )
                .at(Section::AdminRoles, role),
            );
        }
    }
}
