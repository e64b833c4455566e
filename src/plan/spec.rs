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
    },
    RemoveMailFlowRule {
        name: String,
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
                    to: mailbox(forwarding.to.as_deref().unwrap_or_default()),
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
            Change::RemoveInboxRule { rule, mailbox, .. } => ChangeSpec::RemoveInboxRule {
                mailbox: id(mailbox),
                name: labels.rule_name(&model.inbox_rules[rule as usize].name),
            },
            Change::RemoveMailFlowRule { rule, .. } => ChangeSpec::RemoveMailFlowRule {
                name: labels.rule_name(&model.mail_flow_rules[rule as usize].name),
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

/// `model` with `changes` made. Every change that names something the model
/// does not have is reported, with the nearest known ids.
pub fn apply(
    model: &Model,
    changes: &[ChangeSpec],
    source: &SpecSource<'_>,
) -> Result<Model, Diagnostics> {
    let mut model = model.clone();
    let mut problems = Diagnostics::default();
    for (index, spec) in changes.iter().enumerate() {
        if let Err(problem) = apply_one(&mut model, spec) {
            problems.push(source.problem(index, problem.field, problem.message));
        }
    }
    if problems.is_empty() {
        Ok(model)
    } else {
        Err(problems)
    }
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

/// Keeps the records (and their origins) that `keep` accepts; returns how
/// many were removed.
fn retain<T>(records: &mut Vec<T>, origins: &mut Vec<Origin>, keep: impl Fn(&T) -> bool) -> usize {
    let before = records.len();
    let mut kept_origins = Vec::with_capacity(before);
    let mut kept = Vec::with_capacity(before);
    for (record, origin) in records.drain(..).zip(origins.drain(..)) {
        if keep(&record) {
            kept.push(record);
            kept_origins.push(origin);
        }
    }
    *records = kept;
    *origins = kept_origins;
    before - records.len()
}

fn apply_one(model: &mut Model, spec: &ChangeSpec) -> Result<(), Problem> {
    let mailbox_ids = |model: &Model| {
        model
            .mailboxes
            .iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>()
    };
    match spec {
        ChangeSpec::EnrolMfa { account } => {
            let Some(record) = model.accounts.iter_mut().find(|a| &a.id == account) else {
                return Err(unknown(
                    "account",
                    "account",
                    account,
                    model.accounts.iter().map(|a| a.id.as_str()),
                ));
            };
            record.mfa = true;
        }
        ChangeSpec::BlockSignIn { mailbox } => {
            let Some(record) = model
                .mailboxes
                .iter_mut()
                .find(|m| &m.id == mailbox && m.sign_in)
            else {
                return Err(unknown(
                    "mailbox",
                    "mailbox that signs in",
                    mailbox,
                    model
                        .mailboxes
                        .iter()
                        .filter(|m| m.sign_in)
                        .map(|m| m.id.as_str()),
                ));
            };
            // Nobody signs in as the mailbox any more, so what its identity
            // holds is unusable: its grants, memberships and resets go with it.
            record.sign_in = false;
            retain(&mut model.grants, &mut model.origins.grants, |g| {
                &g.to != mailbox
            });
            for group in &mut model.groups {
                group.members.retain(|m| m != mailbox);
            }
            retain(&mut model.recovery, &mut model.origins.recovery, |r| {
                &r.account != mailbox
            });
        }
        ChangeSpec::RevokeGrant { to, on, right } => {
            let removed = retain(&mut model.grants, &mut model.origins.grants, |g| {
                !(&g.to == to && &g.on == on && &g.right == right)
            });
            if removed == 0 {
                let ids = mailbox_ids(model);
                if !ids.contains(on) {
                    return Err(unknown("on", "mailbox", on, ids.iter().map(String::as_str)));
                }
                return Err(nothing(
                    "to",
                    format!("`{to}` holds no {} on `{on}`", right.label()),
                ));
            }
        }
        ChangeSpec::RemoveMembership { member, group } => {
            let Some(record) = model.groups.iter_mut().find(|g| &g.id == group) else {
                return Err(unknown(
                    "group",
                    "group",
                    group,
                    model.groups.iter().map(|g| g.id.as_str()),
                ));
            };
            let before = record.members.len();
            record.members.retain(|m| m != member);
            if record.members.len() == before {
                let members: Vec<String> = record.members.clone();
                return Err(unknown(
                    "member",
                    &format!("member of `{group}`"),
                    member,
                    members.iter().map(String::as_str),
                ));
            }
        }
        ChangeSpec::RemoveForwarding { from, to } => {
            let removed = retain(&mut model.forwarding, &mut model.origins.forwarding, |f| {
                !(&f.from == from && f.to.as_ref() == Some(to))
            });
            if removed == 0 {
                let ids = mailbox_ids(model);
                if !ids.contains(from) {
                    return Err(unknown(
                        "from",
                        "mailbox",
                        from,
                        ids.iter().map(String::as_str),
                    ));
                }
                return Err(nothing(
                    "to",
                    format!("`{from}` does not forward to `{to}`"),
                ));
            }
        }
        ChangeSpec::RemoveRecovery { account, mailbox } => {
            let removed = retain(&mut model.recovery, &mut model.origins.recovery, |r| {
                !(&r.account == account && &r.mailbox == mailbox)
            });
            if removed == 0 {
                return Err(nothing(
                    "mailbox",
                    format!("`{mailbox}` does not receive the password resets of `{account}`"),
                ));
            }
        }
        ChangeSpec::RemoveApplicationOwner { application, owner } => {
            let Some(record) = model.applications.iter_mut().find(|a| &a.id == application) else {
                return Err(unknown(
                    "application",
                    "application",
                    application,
                    model.applications.iter().map(|a| a.id.as_str()),
                ));
            };
            let before = record.owners.len();
            record.owners.retain(|o| o != owner);
            if record.owners.len() == before {
                let owners = record.owners.clone();
                return Err(unknown(
                    "owner",
                    &format!("owner of `{application}`"),
                    owner,
                    owners.iter().map(String::as_str),
                ));
            }
        }
        ChangeSpec::RestrictApplicationPermission {
            application,
            permission,
        } => {
            let removed = retain(
                &mut model.application_permissions,
                &mut model.origins.application_permissions,
                |p| !(&p.application == application && &p.permission == permission),
            );
            if removed == 0 {
                return Err(nothing(
                    "permission",
                    format!("application `{application}` has no permission `{permission}`"),
                ));
            }
        }
        ChangeSpec::RemoveRoleAssignment { role, holder } => {
            let removed = retain(
                &mut model.admin_roles,
                &mut model.origins.admin_roles,
                |r| !(&r.name == role && &r.holder == holder),
            );
            if removed == 0 {
                return Err(nothing(
                    "holder",
                    format!("`{holder}` holds no role `{role}`"),
                ));
            }
        }
        ChangeSpec::RemoveInboxRule { mailbox, name } => {
            let removed = retain(
                &mut model.inbox_rules,
                &mut model.origins.inbox_rules,
                |r| !(&r.mailbox == mailbox && &r.name == name),
            );
            if removed == 0 {
                return Err(nothing(
                    "name",
                    format!("mailbox `{mailbox}` has no inbox rule `{name}`"),
                ));
            }
        }
        ChangeSpec::RemoveMailFlowRule { name } => {
            let removed = retain(
                &mut model.mail_flow_rules,
                &mut model.origins.mail_flow_rules,
                |r| &r.name != name,
            );
            if removed == 0 {
                return Err(unknown(
                    "name",
                    "mail-flow rule",
                    name,
                    model.mail_flow_rules.iter().map(|r| r.name.as_str()),
                ));
            }
        }
    }
    Ok(())
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
