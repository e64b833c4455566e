//! Forward and reverse reach checked against a plain fixed-point closure of
//! the access model's rules, written here over the model's records without
//! the graph or the search, on many random organisations.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use mailgraph::AccessGraph;
use mailgraph::model::{
    Account, AdminRole, Application, ApplicationPermission, FolderRole, Forwarding, Grant, Group,
    InboxRule, InboxRuleAction, MailFlowAction, MailFlowRule, Mailbox, MailboxKind, Model,
    Publisher, Recovery, Right, RoleGives, Scope,
};
use mailgraph::query::{self, Level};

/// What an attacker holds of a mailbox, in the closure's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Held {
    Full,
    Mail,
    Folder,
    Send,
}

fn level(held: &BTreeSet<Held>) -> Option<Level> {
    match held.iter().next()? {
        Held::Full => Some(Level::Full),
        Held::Mail | Held::Folder => Some(Level::Read),
        Held::Send => Some(Level::Send),
    }
}

/// Whether a scope holds `mailbox`: written from the scope's meaning, apart
/// from the graph's expansion. An entry names the mailbox, its owner, or a
/// group with the owner (or the signing-in mailbox) among its members at any
/// depth.
fn in_scope(model: &Model, scope: &Scope, mailbox: &Mailbox) -> bool {
    let named = |entries: &[String]| {
        let mut groups: BTreeSet<&str> = BTreeSet::new();
        let mut ids: BTreeSet<&str> = entries.iter().map(String::as_str).collect();
        // The groups named, and the groups inside them, to a fixed point.
        loop {
            let before = groups.len();
            for group in &model.groups {
                if ids.contains(group.id.as_str()) && groups.insert(&group.id) {
                    ids.extend(group.members.iter().map(String::as_str));
                }
            }
            if groups.len() == before {
                break;
            }
        }
        ids.contains(mailbox.id.as_str())
            || mailbox.owner.as_deref().is_some_and(|o| ids.contains(o))
    };
    match scope {
        Scope::Organisation => true,
        Scope::Only(entries) => named(entries),
        Scope::Except(entries) => !named(entries),
    }
}

/// Mailbox id -> level reached from `sources`, and the principals
/// controlled, by iterating the rules until nothing changes.
fn closure(model: &Model, sources: &[String]) -> (BTreeMap<String, Level>, BTreeSet<String>) {
    let mut controlled: BTreeSet<String> = sources.iter().cloned().collect();
    let mut held: BTreeMap<String, BTreeSet<Held>> = BTreeMap::new();
    loop {
        let before = (
            controlled.len(),
            held.values().map(BTreeSet::len).sum::<usize>(),
        );
        let reads_mail = |held: &BTreeMap<String, BTreeSet<Held>>, id: &str| {
            held.get(id)
                .is_some_and(|h| h.contains(&Held::Full) || h.contains(&Held::Mail))
        };
        for mailbox in &model.mailboxes {
            let owned = mailbox
                .owner
                .as_ref()
                .is_some_and(|o| controlled.contains(o));
            let signed_in = mailbox.sign_in && controlled.contains(&mailbox.id);
            if owned || signed_in {
                held.entry(mailbox.id.clone())
                    .or_default()
                    .insert(Held::Full);
            }
        }
        for group in &model.groups {
            if group.members.iter().any(|m| controlled.contains(m)) {
                controlled.insert(group.id.clone());
            }
        }
        for grant in &model.grants {
            if !controlled.contains(&grant.to) {
                continue;
            }
            let gained = match &grant.right {
                Right::FullAccess => Some(Held::Full),
                Right::SendAs | Right::SendOnBehalf => Some(Held::Send),
                Right::Folder { folder, role } if *role >= FolderRole::Reviewer => {
                    Some(if folder == "Inbox" {
                        Held::Mail
                    } else {
                        Held::Folder
                    })
                }
                Right::Folder { .. } => None,
            };
            if let Some(gained) = gained {
                held.entry(grant.on.clone()).or_default().insert(gained);
            }
        }
        for forwarding in &model.forwarding {
            if let Some(to) = &forwarding.to
                && reads_mail(&held, to)
            {
                held.entry(forwarding.from.clone())
                    .or_default()
                    .insert(Held::Mail);
            }
        }
        for recovery in &model.recovery {
            if reads_mail(&held, &recovery.mailbox) {
                controlled.insert(recovery.account.clone());
            }
        }
        // Access that is not delegation.
        let receives = |held: &BTreeMap<String, BTreeSet<Held>>,
                        controlled: &BTreeSet<String>,
                        to: &Option<String>,
                        external: &Option<String>| match (to, external) {
            (Some(to), _) => reads_mail(held, to),
            (None, Some(address)) => controlled.contains(address),
            (None, None) => false,
        };
        for forwarding in &model.forwarding {
            if forwarding.to.is_none() && receives(&held, &controlled, &None, &forwarding.external)
            {
                held.entry(forwarding.from.clone())
                    .or_default()
                    .insert(Held::Mail);
            }
        }
        for application in &model.applications {
            let owned = application.owners.iter().any(|o| controlled.contains(o));
            let administered = model.admin_roles.iter().any(|role| {
                role.gives != RoleGives::Mailboxes && controlled.contains(&role.holder)
            });
            if owned || administered {
                controlled.insert(application.id.clone());
            }
        }
        let mut gains: Vec<(&Scope, Held)> = Vec::new();
        for permission in &model.application_permissions {
            if controlled.contains(&permission.application) {
                let gained = match permission.permission.as_str() {
                    "full_access_as_app" | "Mail.ReadWrite" => Held::Full,
                    "Mail.Read" => Held::Mail,
                    "Calendars.Read" => Held::Folder,
                    _ => Held::Send,
                };
                gains.push((&permission.scope, gained));
            }
        }
        for role in &model.admin_roles {
            if role.gives != RoleGives::Applications && controlled.contains(&role.holder) {
                gains.push((&role.scope, Held::Full));
            }
        }
        for rule in &model.mail_flow_rules {
            if receives(&held, &controlled, &rule.to, &rule.external) {
                gains.push((&rule.applies_to, Held::Mail));
            }
        }
        for rule in &model.inbox_rules {
            if receives(&held, &controlled, &rule.to, &rule.external) {
                held.entry(rule.mailbox.clone())
                    .or_default()
                    .insert(Held::Mail);
            }
        }
        for (scope, gained) in gains {
            for mailbox in &model.mailboxes {
                if in_scope(model, scope, mailbox) {
                    held.entry(mailbox.id.clone()).or_default().insert(gained);
                }
            }
        }
        if before
            == (
                controlled.len(),
                held.values().map(BTreeSet::len).sum::<usize>(),
            )
        {
            break;
        }
    }
    let levels = held
        .iter()
        .filter_map(|(id, h)| Some((id.clone(), level(h)?)))
        .collect();
    (levels, controlled)
}

/// A random organisation: accounts a0.., personal mailboxes p0.. (or a0..,
/// sharing their owner's id) owned by them, generic mailboxes g0.. (some signing in), groups G0.. with random
/// members (cycles included), and random grants, forwarding and recovery.
pub(crate) fn organisation() -> impl Strategy<Value = Model> {
    (1usize..7, 0usize..5, 0usize..4, any::<bool>())
        .prop_flat_map(|(accounts, generic, groups, shared_ids)| {
            let personal = accounts;
            let mailboxes = personal + generic;
            let principals = accounts + groups + generic;
            let principal = 0..principals;
            let right = prop_oneof![
                Just(Right::FullAccess),
                Just(Right::SendAs),
                Just(Right::SendOnBehalf),
                (
                    prop_oneof![Just("Inbox"), Just("Calendar")],
                    prop_oneof![
                        Just(FolderRole::None),
                        Just(FolderRole::Contributor),
                        Just(FolderRole::Reviewer),
                        Just(FolderRole::Editor),
                        Just(FolderRole::Owner)
                    ]
                )
                    .prop_map(|(folder, role)| Right::Folder {
                        folder: folder.into(),
                        role
                    }),
            ];
            (
                Just((accounts, generic, groups, shared_ids)),
                prop::collection::vec(any::<bool>(), generic),
                prop::collection::vec(prop::collection::vec(principal.clone(), 0..3), groups),
                prop::collection::vec((principal, 0..mailboxes, right), 0..10),
                prop::collection::vec((0..mailboxes, 0..mailboxes), 0..3),
                prop::collection::vec((0..accounts, 0..mailboxes), 0..3),
            )
        })
        .prop_map(
            |(
                (accounts, generic, groups, shared_ids),
                sign_in,
                members,
                grants,
                forwarding,
                recovery,
            )| {
                let mailbox_id = |i: usize| {
                    if i < accounts {
                        // Mailboxes have their own namespace: a personal
                        // mailbox may carry its owner's id.
                        if shared_ids {
                            format!("a{i}")
                        } else {
                            format!("p{i}")
                        }
                    } else {
                        format!("g{}", i - accounts)
                    }
                };
                // Principals: accounts, then groups, then generic mailboxes
                // (which only count as principals when they sign in).
                let principal_id = |i: usize| {
                    if i < accounts {
                        format!("a{i}")
                    } else if i < accounts + groups {
                        format!("G{}", i - accounts)
                    } else {
                        format!("g{}", i - accounts - groups)
                    }
                };
                let is_principal =
                    |i: usize| i < accounts + groups || sign_in[i - accounts - groups];
                let mut model = Model::default();
                for i in 0..accounts {
                    model.accounts.push(Account {
                        id: format!("a{i}"),
                        name: String::new(),
                        role: String::new(),
                        unit: String::new(),
                        contractor: false,
                        mfa: i % 2 == 0,
                        password: Default::default(),
                        enabled: true,
                    });
                    model.mailboxes.push(Mailbox {
                        id: mailbox_id(i),
                        name: String::new(),
                        kind: MailboxKind::Personal,
                        owner: Some(format!("a{i}")),
                        controller: None,
                        data_subjects: 1,
                        sensitivity: Default::default(),
                        sign_in: false,
                    });
                }
                for (i, &signs_in) in sign_in.iter().enumerate().take(generic) {
                    model.mailboxes.push(Mailbox {
                        id: format!("g{i}"),
                        name: String::new(),
                        kind: MailboxKind::Shared,
                        owner: None,
                        controller: None,
                        data_subjects: 0,
                        sensitivity: Default::default(),
                        sign_in: signs_in,
                    });
                }
                for (i, members) in members.into_iter().enumerate() {
                    model.groups.push(Group {
                        id: format!("G{i}"),
                        name: String::new(),
                        members: members
                            .into_iter()
                            .filter(|&m| is_principal(m))
                            .map(principal_id)
                            .collect(),
                    });
                }
                for (to, on, right) in grants {
                    if is_principal(to) {
                        model.grants.push(Grant {
                            to: principal_id(to),
                            on: mailbox_id(on),
                            right,
                            source: None,
                        });
                    }
                }
                for (from, to) in forwarding {
                    model.forwarding.push(Forwarding {
                        from: mailbox_id(from),
                        to: Some(mailbox_id(to)),
                        external: None,
                    });
                }
                for (account, mailbox) in recovery {
                    model.recovery.push(Recovery {
                        account: format!("a{account}"),
                        mailbox: mailbox_id(mailbox),
                    });
                }
                model
            },
        )
}

/// A scope over some of the organisation's principals and mailboxes.
fn scope(principals: usize, mailboxes: usize) -> impl Strategy<Value = (u8, Vec<usize>)> {
    (
        0u8..3,
        prop::collection::vec(0..principals + mailboxes, 0..3),
    )
}

/// An organisation (as [`organisation`]) with applications, their owners
/// and permissions, admin roles, inbox rules, mail-flow rules and external
/// addresses, scopes restricting and denying included.
pub(crate) fn organisation_with_access() -> impl Strategy<Value = Model> {
    organisation()
        .prop_flat_map(|model| {
            let principals: Vec<String> = model
                .accounts
                .iter()
                .map(|a| a.id.clone())
                .chain(model.groups.iter().map(|g| g.id.clone()))
                .collect();
            let mailboxes: Vec<String> = model.mailboxes.iter().map(|m| m.id.clone()).collect();
            let (p, m) = (principals.len(), mailboxes.len());
            let permission = prop_oneof![
                Just("full_access_as_app"),
                Just("Mail.ReadWrite"),
                Just("Mail.Read"),
                Just("Mail.Send"),
                Just("Calendars.Read"),
            ];
            let destination = (any::<bool>(), 0..m, 0usize..2);
            (
                Just((model, principals, mailboxes)),
                prop::collection::vec(prop::collection::vec(0..p, 0..2), 0..3),
                prop::collection::vec((0usize..3, permission, scope(p, m)), 0..4),
                prop::collection::vec((0..p, scope(p, m), 0u8..3), 0..3),
                prop::collection::vec((0..m, destination.clone(), any::<bool>()), 0..3),
                prop::collection::vec((scope(p, m), destination.clone()), 0..2),
                prop::collection::vec((0..m, 0usize..2), 0..2),
            )
        })
        .prop_map(
            |(
                (mut model, principals, mailboxes),
                owners,
                permissions,
                roles,
                inbox,
                flow,
                outward,
            )| {
                let entry = |i: usize| {
                    if i < principals.len() {
                        principals[i].clone()
                    } else {
                        mailboxes[i - principals.len()].clone()
                    }
                };
                let scope_of = |(kind, entries): (u8, Vec<usize>)| {
                    let entries = entries.into_iter().map(entry).collect();
                    match kind {
                        0 => Scope::Organisation,
                        1 => Scope::Only(entries),
                        _ => Scope::Except(entries),
                    }
                };
                let external = |x: usize| format!("x{x}@outside.example");
                let destination = |(inside, to, x): (bool, usize, usize)| {
                    if inside {
                        (Some(mailboxes[to].clone()), None)
                    } else {
                        (None, Some(external(x)))
                    }
                };
                let applications = owners.len();
                for (i, owners) in owners.into_iter().enumerate() {
                    model.applications.push(Application {
                        id: format!("app{i}"),
                        name: String::new(),
                        publisher: Publisher::ThisOrganisation,
                        credentials: true,
                        owners: owners.into_iter().map(|o| principals[o].clone()).collect(),
                    });
                }
                if applications > 0 {
                    for (application, permission, scope) in permissions {
                        model.application_permissions.push(ApplicationPermission {
                            application: format!("app{}", application % applications),
                            permission: permission.into(),
                            scope: scope_of(scope),
                            source: None,
                        });
                    }
                }
                for (holder, scope, gives) in roles {
                    let gives = match gives {
                        0 => RoleGives::Mailboxes,
                        1 => RoleGives::Applications,
                        _ => RoleGives::MailboxesAndApplications,
                    };
                    model.admin_roles.push(AdminRole {
                        name: "Role".into(),
                        holder: principals[holder].clone(),
                        scope: if gives == RoleGives::Applications {
                            Scope::Organisation
                        } else {
                            scope_of(scope)
                        },
                        gives,
                        source: None,
                    });
                }
                for (mailbox, to, hidden) in inbox {
                    let (to, external) = destination(to);
                    model.inbox_rules.push(InboxRule {
                        mailbox: mailboxes[mailbox].clone(),
                        name: "rule".into(),
                        action: InboxRuleAction::Forward,
                        to,
                        external,
                        hidden,
                        source: None,
                    });
                }
                for (scope, to) in flow {
                    let (to, external) = destination(to);
                    model.mail_flow_rules.push(MailFlowRule {
                        name: "flow".into(),
                        applies_to: scope_of(scope),
                        action: MailFlowAction::Copy,
                        to,
                        external,
                        source: None,
                    });
                }
                for (from, x) in outward {
                    model.forwarding.push(Forwarding {
                        from: mailboxes[from].clone(),
                        to: None,
                        external: Some(external(x)),
                    });
                }
                model
            },
        )
}

/// Every credential: accounts, signing-in mailboxes, applications and the
/// external addresses mail goes to.
fn credential_ids(model: &Model) -> Vec<String> {
    let mut externals: Vec<String> = model
        .forwarding
        .iter()
        .filter_map(|f| f.external.clone())
        .chain(model.inbox_rules.iter().filter_map(|r| r.external.clone()))
        .chain(
            model
                .mail_flow_rules
                .iter()
                .filter_map(|r| r.external.clone()),
        )
        .collect();
    externals.sort();
    externals.dedup();
    delegation_credential_ids(model)
        .into_iter()
        .chain(model.applications.iter().map(|a| a.id.clone()))
        .chain(externals)
        .collect()
}

fn delegation_credential_ids(model: &Model) -> Vec<String> {
    model
        .accounts
        .iter()
        .map(|a| a.id.clone())
        .chain(
            model
                .mailboxes
                .iter()
                .filter(|m| m.sign_in)
                .map(|m| m.id.clone()),
        )
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn forward_reach_matches_the_closure(model in organisation_with_access(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..3)) {
        let credentials = credential_ids(&model);
        let sources: Vec<String> = picks.iter().map(|i| i.get(&credentials).clone()).collect();
        let (expected_levels, controlled) = closure(&model, &sources);
        let graph = AccessGraph::build(model.clone());
        let nodes: Vec<_> = sources.iter().map(|id| graph.resolve_credential(id).unwrap()).collect();
        let reach = query::reach(&graph, &nodes);

        let levels: BTreeMap<String, Level> = reach
            .mailboxes
            .iter()
            .map(|m| (graph.id(m.node).to_string(), m.level))
            .collect();
        prop_assert_eq!(&levels, &expected_levels);

        let credentials_controlled: BTreeSet<String> =
            reach.credentials.iter().map(|c| graph.id(c.node).to_string()).collect();
        let expected_credentials: BTreeSet<String> =
            controlled.into_iter().filter(|id| credentials.contains(id)).collect();
        prop_assert_eq!(credentials_controlled, expected_credentials);

        // Every path is a real walk in the graph from a source to its mailbox.
        for exposed in &reach.mailboxes {
            let path = reach.path(exposed.step);
            prop_assert!(nodes.contains(&path.start));
            let mut at = path.start;
            for hop in &path.hops {
                prop_assert!(graph.crosses(hop.edge, at, hop.node));
                at = hop.node;
            }
            prop_assert_eq!(at, exposed.node);
        }
    }

    #[test]
    fn reverse_reach_matches_the_closure_from_every_credential(model in organisation_with_access(), pick in any::<prop::sample::Index>()) {
        let mailbox = pick.get(&model.mailboxes).id.clone();
        let graph = AccessGraph::build(model.clone());
        let exposure = query::exposure(&graph, graph.resolve_mailbox(&mailbox).unwrap());
        let found: BTreeMap<String, Level> = exposure
            .credentials
            .iter()
            .map(|c| (graph.id(c.node).to_string(), c.level))
            .collect();
        let expected: BTreeMap<String, Level> = credential_ids(&model)
            .into_iter()
            .filter_map(|credential| {
                let (levels, _) = closure(&model, std::slice::from_ref(&credential));
                Some((credential, *levels.get(&mailbox)?))
            })
            .collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn blast_radius_matches_the_closure(model in organisation_with_access()) {
        let graph = AccessGraph::build(model.clone());
        for radius in query::rank(&graph) {
            let id = graph.id(radius.credential).to_string();
            let (levels, _) = closure(&model, std::slice::from_ref(&id));
            prop_assert_eq!(radius.mailboxes as usize, levels.len(), "{}", id);
            let full = levels.values().filter(|l| **l == Level::Full).count();
            prop_assert_eq!(radius.full as usize, full, "{}", id);
        }
    }

    #[test]
    fn every_shortest_path_is_a_real_walk_at_the_reach_level(model in organisation_with_access(), from in any::<prop::sample::Index>(), to in any::<prop::sample::Index>()) {
        let credentials = credential_ids(&model);
        let credential = from.get(&credentials).clone();
        let mailbox = to.get(&model.mailboxes).id.clone();
        let graph = AccessGraph::build(model.clone());
        let source = graph.resolve_credential(&credential).unwrap();
        let target = graph.resolve_mailbox(&mailbox).unwrap();
        let answer = query::shortest_paths(&graph, source, target, 50);
        let (levels, _) = closure(&model, std::slice::from_ref(&credential));
        prop_assert_eq!(answer.level, levels.get(&mailbox).copied());
        prop_assert_eq!(answer.is_reached(), levels.contains_key(&mailbox));
        let reach = query::reach(&graph, &[source]);
        let shown = reach.mailboxes.iter().find(|m| m.node == target);
        for path in &answer.paths {
            // Each path is a walk from the credential to the mailbox, as
            // short as the one reach shows for the same level.
            let mut at = source;
            prop_assert_eq!(path.start, source);
            for hop in &path.hops {
                prop_assert!(graph.crosses(hop.edge, at, hop.node));
                at = hop.node;
            }
            prop_assert_eq!(at, target);
            prop_assert_eq!(path.len(), reach.path(shown.unwrap().step).len());
        }
        let mut distinct = answer.paths.clone();
        distinct.dedup();
        prop_assert_eq!(distinct.len(), answer.paths.len());
    }
}
