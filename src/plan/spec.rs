//! Changes named by id, as a changes file (RON) or the plan's JSON writes
//! them, and applying them to a model.
//!
//! A changes file:
//!
//! ```ron
//! (changes: [
//!     EnrolMfa(account: "s.jones"),
//!     RevokeGrant(to: "s.jones", on: "mp@example.org", right: FullAccess),
//!     RemoveMembership(member: "s.jones", group: "committee-staff"),
//! ])
//! ```

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Change;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::graph::AccessGraph;
use crate::load::{Step, locate};
use crate::model::{Model, Origin, Right};
use crate::render::Labels;
use crate::suggest;

/// One change, by the ids of what it touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ChangeSpec {
    EnrolMfa {
        account: String,
    },
    BlockSignIn {
        mailbox: String,
    },
    RevokeGrant {
        to: String,
        on: String,
        right: Right,
    },
    RemoveMembership {
        member: String,
        group: String,
    },
    RemoveForwarding {
        from: String,
        to: String,
    },
    RemoveRecovery {
        account: String,
        mailbox: String,
    },
    RemoveApplicationOwner {
        application: String,
        owner: String,
    },
    RestrictApplicationPermission {
        application: String,
        permission: String,
    },
    RemoveRoleAssignment {
        role: String,
        holder: String,
    },
    RemoveInboxRule {
        mailbox: String,
        name: String,
        destination: String,
    },
    RemoveMailFlowRule {
        name: String,
        destination: String,
    },
}

/// A changes file: `(changes: [...])`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeList {
    pub changes: Vec<ChangeSpec>,
}

impl ChangeSpec {
    /// The change as an output shows it (ids through `labels`, so a
    /// redacted plan names pseudonyms).
    pub fn of(change: Change, labels: &Labels<'_>) -> ChangeSpec {
        let graph = labels.graph();
        let model = graph.model();
        let id = |node| labels.id(node).into_owned();
        let mailbox = |text: &str| graph.mailbox(text).map_or_else(|| text.to_string(), &id);
        let principal = |text: &str| graph.principal(text).map_or_else(|| text.to_string(), &id);
        match change {
            Change::EnrolMfa { account } => ChangeSpec::EnrolMfa {
                account: id(account),
            },
            Change::BlockSignIn { credential } => ChangeSpec::BlockSignIn {
                mailbox: id(credential),
            },
            Change::RevokeGrant { grant } => {
                let grant = &model.grants[grant as usize];
                ChangeSpec::RevokeGrant {
                    to: principal(&grant.to),
                    on: mailbox(&grant.on),
                    right: grant.right.clone(),
                }
            }
            Change::RemoveMembership { member, group } => ChangeSpec::RemoveMembership {
                member: id(member),
                group: id(group),
            },
            Change::RemoveForwarding { forwarding } => {
                let forwarding = &model.forwarding[forwarding as usize];
                ChangeSpec::RemoveForwarding {
                    from: mailbox(&forwarding.from),
                    to: match (&forwarding.to, &forwarding.external) {
                        (Some(to), _) => mailbox(to),
                        (None, Some(external)) => principal(external),
                        (None, None) => String::new(),
                    },
                }
            }
            Change::RemoveRecovery { recovery } => {
                let recovery = &model.recovery[recovery as usize];
                ChangeSpec::RemoveRecovery {
                    account: principal(&recovery.account),
                    mailbox: mailbox(&recovery.mailbox),
                }
            }
            Change::RemoveApplicationOwner { application, owner } => {
                ChangeSpec::RemoveApplicationOwner {
                    application: id(application),
                    owner: id(owner),
                }
            }
            Change::RestrictApplicationPermission {
                permission,
                application,
            } => ChangeSpec::RestrictApplicationPermission {
                application: id(application),
                permission: model.application_permissions[permission as usize]
                    .permission
                    .clone(),
            },
            Change::RemoveRoleAssignment { role, holder } => ChangeSpec::RemoveRoleAssignment {
                role: labels.rule_name(&model.admin_roles[role as usize].name),
                holder: id(holder),
            },
            Change::RemoveInboxRule {
                rule,
                mailbox,
                destination,
            } => ChangeSpec::RemoveInboxRule {
                mailbox: id(mailbox),
                name: labels.rule_name(&model.inbox_rules[rule as usize].name),
                destination: id(destination),
            },
            Change::RemoveMailFlowRule { rule, destination } => ChangeSpec::RemoveMailFlowRule {
                name: labels.rule_name(&model.mail_flow_rules[rule as usize].name),
                destination: id(destination),
            },
        }
    }
}

/// Where a change was read from, for reporting a problem with it.
pub struct SpecSource<'a> {
    pub file: &'a Path,
    /// The RON text, to locate a change in; `None` for JSON (a change is
    /// then reported by its position in the list).
    pub ron_text: Option<&'a str>,
}

impl SpecSource<'_> {
    fn problem(&self, index: usize, field: &str, message: String) -> Diagnostic {
        match self.ron_text {
            Some(text) => {
                let (line, column) = locate(
                    text,
                    &[
                        Step::Field("changes"),
                        Step::Index(index),
                        Step::Field(field),
                    ],
                );
                Diagnostic::at(
                    Location {
                        file: self.file.to_path_buf(),
                        line,
                        column,
                    },
                    message,
                )
            }
            None => Diagnostic::in_file(
                self.file,
                format!("changes[{index}].change.{field}: {message}"),
            ),
        }
    }
}

/// Reads a changes file: RON (`(changes: [...])`), or a plan's JSON (the
/// `change` of each of its `changes`), told apart by the first character.
pub fn read_changes(path: &Path) -> Result<(Vec<ChangeSpec>, bool), Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Diagnostic::in_file(path, format!("cannot read: {error}")))?;
    let located = |line: usize, column: usize, message: String| {
        Diagnostic::at(
            Location {
                file: path.to_path_buf(),
                line,
                column,
            },
            message,
        )
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        #[derive(Deserialize)]
        struct PlanChange {
            change: ChangeSpec,
        }
        #[derive(Deserialize)]
        struct PlanJson {
            changes: Vec<PlanChange>,
        }
        let plan: PlanJson = serde_json::from_str(trimmed).map_err(|error| {
            located(
                error.line(),
                error.column(),
                format!("not a plan's JSON (mailgraph plan --format json): {error}"),
            )
        })?;
        Ok((plan.changes.into_iter().map(|c| c.change).collect(), false))
    } else {
        let list: ChangeList = ron::Options::default().from_str(&text).map_err(|error| {
            located(
                error.span.start.line,
                error.span.start.col,
                format!(
                    "{}: expected `(changes: [EnrolMfa(account: \"id\"), RevokeGrant(to: \"id\", on: \"mailbox\", right: FullAccess), ...])`",
                    error.code
                ),
            )
        })?;
        Ok((list.changes, true))
    }
}

/// `model` with `changes` made. Every change that names something the
/// model does not have is reported, with the nearest known ids. Changes are
/// checked against the model as given and made together, so two changes
/// that remove the same record (blocking a mailbox's sign-in and revoking
/// its grants) are both fine; the work is linear in the model and the list.
pub fn apply(
    model: &Model,
    changes: &[ChangeSpec],
    source: &SpecSource<'_>,
) -> Result<Model, Diagnostics> {
    let existing = Existing::of(model);
    let mut problems = Diagnostics::default();
    for (index, spec) in changes.iter().enumerate() {
        if let Err(problem) = existing.check(model, spec) {
            problems.push(source.problem(index, problem.field, problem.message));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(make(model, changes))
}

struct Problem {
    field: &'static str,
    message: String,
}

fn unknown<'a>(
    field: &'static str,
    what: &str,
    id: &str,
    known: impl Iterator<Item = &'a str>,
) -> Problem {
    Problem {
        field,
        message: format!("unknown {what} `{id}`{}", suggest::hint(id, known)),
    }
}

fn nothing(field: &'static str, message: String) -> Problem {
    Problem { field, message }
}

/// Where a forwarding or rule sends mail, compared without case: a mailbox
/// id, or an external address (trimmed).
fn destination(to: &Option<String>, external: &Option<String>) -> String {
    fold(to.as_deref().or(external.as_deref()).unwrap_or_default())
}

fn fold(destination: &str) -> String {
    destination.trim().to_ascii_lowercase()
}

/// The keys of the records a change can name, in the model as given.
struct Existing<'m> {
    accounts: HashSet<&'m str>,
    signing_in: HashSet<&'m str>,
    mailboxes: HashSet<&'m str>,
    grants: HashSet<(&'m str, &'m str, &'m Right)>,
    members: HashSet<(&'m str, &'m str)>,
    forwarding: HashSet<(&'m str, String)>,
    recovery: HashSet<(&'m str, &'m str)>,
    owners: HashSet<(&'m str, &'m str)>,
    permissions: HashSet<(&'m str, &'m str)>,
    roles: HashSet<(&'m str, &'m str)>,
    inbox_rules: HashSet<(&'m str, &'m str, String)>,
    flow_rules: HashSet<(&'m str, String)>,
}

impl<'m> Existing<'m> {
    fn of(model: &'m Model) -> Existing<'m> {
        Existing {
            accounts: model.accounts.iter().map(|a| a.id.as_str()).collect(),
            signing_in: model
                .mailboxes
                .iter()
                .filter(|m| m.sign_in)
                .map(|m| m.id.as_str())
                .collect(),
            mailboxes: model.mailboxes.iter().map(|m| m.id.as_str()).collect(),
            grants: model
                .grants
                .iter()
                .map(|g| (g.to.as_str(), g.on.as_str(), &g.right))
                .collect(),
            members: model
                .groups
                .iter()
                .flat_map(|g| g.members.iter().map(move |m| (m.as_str(), g.id.as_str())))
                .collect(),
            forwarding: model
                .forwarding
                .iter()
                .map(|f| (f.from.as_str(), destination(&f.to, &f.external)))
                .collect(),
            recovery: model
                .recovery
                .iter()
                .map(|r| (r.account.as_str(), r.mailbox.as_str()))
                .collect(),
            owners: model
                .applications
                .iter()
                .flat_map(|a| a.owners.iter().map(move |o| (a.id.as_str(), o.as_str())))
                .collect(),
            permissions: model
                .application_permissions
                .iter()
                .map(|p| (p.application.as_str(), p.permission.as_str()))
                .collect(),
            roles: model
                .admin_roles
                .iter()
                .map(|r| (r.name.as_str(), r.holder.as_str()))
                .collect(),
            inbox_rules: model
                .inbox_rules
                .iter()
                .map(|r| {
                    (
                        r.mailbox.as_str(),
                        r.name.as_str(),
                        destination(&r.to, &r.external),
                    )
                })
                .collect(),
            flow_rules: model
                .mail_flow_rules
                .iter()
                .map(|r| (r.name.as_str(), destination(&r.to, &r.external)))
                .collect(),
        }
    }

    fn check(&self, model: &Model, spec: &ChangeSpec) -> Result<(), Problem> {
        let mailbox_ids = || model.mailboxes.iter().map(|m| m.id.as_str());
        match spec {
            ChangeSpec::EnrolMfa { account } => {
                if !self.accounts.contains(account.as_str()) {
                    return Err(unknown(
                        "account",
                        "account",
                        account,
                        model.accounts.iter().map(|a| a.id.as_str()),
                    ));
                }
            }
            ChangeSpec::BlockSignIn { mailbox } => {
                if !self.signing_in.contains(mailbox.as_str()) {
                    return Err(unknown(
                        "mailbox",
                        "mailbox that signs in",
                        mailbox,
                        self.signing_in.iter().copied(),
                    ));
                }
            }
            ChangeSpec::RevokeGrant { to, on, right } => {
                if !self.grants.contains(&(to.as_str(), on.as_str(), right)) {
                    if !self.mailboxes.contains(on.as_str()) {
                        return Err(unknown("on", "mailbox", on, mailbox_ids()));
                    }
                    return Err(nothing(
                        "to",
                        format!("`{to}` holds no {} on `{on}`", right.label()),
                    ));
                }
            }
            ChangeSpec::RemoveMembership { member, group } => {
                if !self.members.contains(&(member.as_str(), group.as_str())) {
                    let Some(record) = model.groups.iter().find(|g| &g.id == group) else {
                        return Err(unknown(
                            "group",
                            "group",
                            group,
                            model.groups.iter().map(|g| g.id.as_str()),
                        ));
                    };
                    return Err(unknown(
                        "member",
                        &format!("member of `{group}`"),
                        member,
                        record.members.iter().map(String::as_str),
                    ));
                }
            }
            ChangeSpec::RemoveForwarding { from, to } => {
                if !self.forwarding.contains(&(from.as_str(), fold(to))) {
                    if !self.mailboxes.contains(from.as_str()) {
                        return Err(unknown("from", "mailbox", from, mailbox_ids()));
                    }
                    return Err(nothing(
                        "to",
                        format!("`{from}` does not forward to `{to}`"),
                    ));
                }
            }
            ChangeSpec::RemoveRecovery { account, mailbox } => {
                if !self
                    .recovery
                    .contains(&(account.as_str(), mailbox.as_str()))
                {
                    return Err(nothing(
                        "mailbox",
                        format!("`{mailbox}` does not receive the password resets of `{account}`"),
                    ));
                }
            }
            ChangeSpec::RemoveApplicationOwner { application, owner } => {
                if !self
                    .owners
                    .contains(&(application.as_str(), owner.as_str()))
                {
                    let Some(record) = model.applications.iter().find(|a| &a.id == application)
                    else {
                        return Err(unknown(
                            "application",
                            "application",
                            application,
                            model.applications.iter().map(|a| a.id.as_str()),
                        ));
                    };
                    return Err(unknown(
                        "owner",
                        &format!("owner of `{application}`"),
                        owner,
                        record.owners.iter().map(String::as_str),
                    ));
                }
            }
            ChangeSpec::RestrictApplicationPermission {
                application,
                permission,
            } => {
                if !self
                    .permissions
                    .contains(&(application.as_str(), permission.as_str()))
                {
                    return Err(nothing(
                        "permission",
                        format!("application `{application}` has no permission `{permission}`"),
                    ));
                }
            }
            ChangeSpec::RemoveRoleAssignment { role, holder } => {
                if !self.roles.contains(&(role.as_str(), holder.as_str())) {
                    return Err(nothing(
                        "holder",
                        format!("`{holder}` holds no role `{role}`"),
                    ));
                }
            }
            ChangeSpec::RemoveInboxRule {
                mailbox,
                name,
                destination,
            } => {
                if !self
                    .inbox_rules
                    .contains(&(mailbox.as_str(), name.as_str(), fold(destination)))
                {
                    return Err(nothing(
                        "name",
                        format!(
                            "mailbox `{mailbox}` has no inbox rule `{name}` sending mail to `{destination}`"
                        ),
                    ));
                }
            }
            ChangeSpec::RemoveMailFlowRule { name, destination } => {
                if !self
                    .flow_rules
                    .contains(&(name.as_str(), fold(destination)))
                {
                    return Err(nothing(
                        "name",
                        format!("no mail-flow rule `{name}` copies mail to `{destination}`"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Keeps the records (and their origins, where the model has them) that
/// `keep` accepts.
fn retain<T>(records: &mut Vec<T>, origins: &mut Vec<Origin>, keep: impl Fn(&T) -> bool) {
    let kept: Vec<bool> = records.iter().map(&keep).collect();
    if origins.len() == records.len() {
        let mut flags = kept.iter();
        origins.retain(|_| *flags.next().unwrap_or(&true));
    }
    let mut flags = kept.iter();
    records.retain(|_| *flags.next().unwrap_or(&true));
}

/// The changes of a list, by kind, as sets of the keys they remove.
#[derive(Default)]
struct Removals<'c> {
    mfa: HashSet<&'c str>,
    blocked: HashSet<&'c str>,
    grants: HashSet<(&'c str, &'c str, &'c Right)>,
    members: HashSet<(&'c str, &'c str)>,
    forwarding: HashSet<(&'c str, String)>,
    recovery: HashSet<(&'c str, &'c str)>,
    owners: HashSet<(&'c str, &'c str)>,
    permissions: HashSet<(&'c str, &'c str)>,
    roles: HashSet<(&'c str, &'c str)>,
    inbox_rules: HashSet<(&'c str, &'c str, String)>,
    flow_rules: HashSet<(&'c str, String)>,
}

impl<'c> Removals<'c> {
    fn of(changes: &'c [ChangeSpec]) -> Removals<'c> {
        let mut r = Removals::default();
        for spec in changes {
            match spec {
                ChangeSpec::EnrolMfa { account } => {
                    r.mfa.insert(account);
                }
                ChangeSpec::BlockSignIn { mailbox } => {
                    r.blocked.insert(mailbox);
                }
                ChangeSpec::RevokeGrant { to, on, right } => {
                    r.grants.insert((to, on, right));
                }
                ChangeSpec::RemoveMembership { member, group } => {
                    r.members.insert((member, group));
                }
                ChangeSpec::RemoveForwarding { from, to } => {
                    r.forwarding.insert((from, fold(to)));
                }
                ChangeSpec::RemoveRecovery { account, mailbox } => {
                    r.recovery.insert((account, mailbox));
                }
                ChangeSpec::RemoveApplicationOwner { application, owner } => {
                    r.owners.insert((application, owner));
                }
                ChangeSpec::RestrictApplicationPermission {
                    application,
                    permission,
                } => {
                    r.permissions.insert((application, permission));
                }
                ChangeSpec::RemoveRoleAssignment { role, holder } => {
                    r.roles.insert((role, holder));
                }
                ChangeSpec::RemoveInboxRule {
                    mailbox,
                    name,
                    destination,
                } => {
                    r.inbox_rules.insert((mailbox, name, fold(destination)));
                }
                ChangeSpec::RemoveMailFlowRule { name, destination } => {
                    r.flow_rules.insert((name, fold(destination)));
                }
            }
        }
        r
    }
}

/// `model` with every change made, in one pass over each kind of record.
fn make(model: &Model, changes: &[ChangeSpec]) -> Model {
    let r = Removals::of(changes);
    let mut model = model.clone();
    for account in &mut model.accounts {
        if r.mfa.contains(account.id.as_str()) {
            account.mfa = true;
        }
    }
    // A mailbox whose sign-in is blocked is no longer a credential: what
    // its identity holds is unusable, so its grants, memberships, resets,
    // roles and application ownerships go with it.
    for mailbox in &mut model.mailboxes {
        if r.blocked.contains(mailbox.id.as_str()) {
            mailbox.sign_in = false;
        }
    }
    let gone = |id: &str| r.blocked.contains(id);
    let origins = &mut model.origins;
    retain(&mut model.grants, &mut origins.grants, |g| {
        !gone(&g.to) && !r.grants.contains(&(g.to.as_str(), g.on.as_str(), &g.right))
    });
    for group in &mut model.groups {
        let id = group.id.clone();
        group
            .members
            .retain(|m| !gone(m) && !r.members.contains(&(m.as_str(), id.as_str())));
    }
    retain(&mut model.forwarding, &mut origins.forwarding, |f| {
        !r.forwarding
            .contains(&(f.from.as_str(), destination(&f.to, &f.external)))
    });
    retain(&mut model.recovery, &mut origins.recovery, |x| {
        !gone(&x.account)
            && !r
                .recovery
                .contains(&(x.account.as_str(), x.mailbox.as_str()))
    });
    for application in &mut model.applications {
        let id = application.id.clone();
        application
            .owners
            .retain(|o| !gone(o) && !r.owners.contains(&(id.as_str(), o.as_str())));
    }
    retain(
        &mut model.application_permissions,
        &mut origins.application_permissions,
        |p| {
            !r.permissions
                .contains(&(p.application.as_str(), p.permission.as_str()))
        },
    );
    retain(&mut model.admin_roles, &mut origins.admin_roles, |x| {
        !gone(&x.holder) && !r.roles.contains(&(x.name.as_str(), x.holder.as_str()))
    });
    retain(&mut model.inbox_rules, &mut origins.inbox_rules, |x| {
        !r.inbox_rules.contains(&(
            x.mailbox.as_str(),
            x.name.as_str(),
            destination(&x.to, &x.external),
        ))
    });
    retain(
        &mut model.mail_flow_rules,
        &mut origins.mail_flow_rules,
        |x| {
            !r.flow_rules
                .contains(&(x.name.as_str(), destination(&x.to, &x.external)))
        },
    );
    model
}

/// The changes of a plan as a changes file, for `what-if --apply`.
pub fn to_ron(changes: &[ChangeSpec]) -> String {
    crate::model::to_ron(&ChangeList {
        changes: changes.to_vec(),
    })
}

/// The credential ids a change list takes away from an attacker: accounts
/// enrolled in MFA, mailboxes whose sign-in is blocked.
pub fn removed_credentials(changes: &[ChangeSpec]) -> Vec<&str> {
    changes
        .iter()
        .filter_map(|spec| match spec {
            ChangeSpec::EnrolMfa { account } => Some(account.as_str()),
            ChangeSpec::BlockSignIn { mailbox } => Some(mailbox.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether a graph's credential named `id` is among `removed`.
pub fn is_removed(graph: &AccessGraph, removed: &[&str], id: &str) -> bool {
    removed.contains(&id) && graph.principal(id).is_some()
}
