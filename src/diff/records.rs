//! Records added, removed or changed between two models, by id.

use std::collections::BTreeMap;

use crate::model::{Account, Model};

/// One record-level change, described by its section and a stable key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// `account`, `mailbox`, `group member`, `grant`, `forwarding`,
    /// `recovery`, `application`, `application owner`, `application
    /// permission`, `admin role`, `inbox rule`, `mail-flow rule`.
    pub what: &'static str,
    /// The record's key: an id, or `principal -> mailbox (Right)`.
    pub key: String,
    /// For changed accounts, what changed (`mfa: true -> false`).
    pub detail: String,
    /// The same, field by field: (field, before, after).
    pub fields: Vec<(&'static str, String, String)>,
}

/// Record-level changes, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelChanges {
    pub added: Vec<Change>,
    pub removed: Vec<Change>,
    pub changed: Vec<Change>,
}

impl ModelChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The comparable keys of every record of a model, by kind.
/// A record's comparable fields, as (name, value).
type State = Vec<(&'static str, String)>;

fn keys(model: &Model) -> BTreeMap<(&'static str, String), State> {
    let mut keys = BTreeMap::new();
    for account in &model.accounts {
        keys.insert(("account", account.id.clone()), account_state(account));
    }
    for mailbox in &model.mailboxes {
        let state = vec![
            ("kind", mailbox.kind.as_str().to_string()),
            (
                "controller",
                mailbox.controller.clone().unwrap_or_else(|| "-".into()),
            ),
            ("data_subjects", mailbox.data_subjects.to_string()),
            ("sign_in", mailbox.sign_in.to_string()),
        ];
        keys.insert(("mailbox", mailbox.id.clone()), state);
    }
    for group in &model.groups {
        keys.insert(("group", group.id.clone()), State::new());
        for member in &group.members {
            keys.insert(
                ("group member", format!("{member} in {}", group.id)),
                State::new(),
            );
        }
    }
    for grant in &model.grants {
        keys.insert(
            (
                "grant",
                format!("{} -> {} ({})", grant.to, grant.on, grant.right.label()),
            ),
            State::new(),
        );
    }
    for forwarding in &model.forwarding {
        let target = forwarding
            .to
            .clone()
            .or_else(|| {
                forwarding
                    .external
                    .as_ref()
                    .map(|address| format!("external {address}"))
            })
            .unwrap_or_default();
        keys.insert(
            ("forwarding", format!("{} -> {target}", forwarding.from)),
            State::new(),
        );
    }
    for recovery in &model.recovery {
        keys.insert(
            (
                "recovery",
                format!("{} resets read in {}", recovery.account, recovery.mailbox),
            ),
            State::new(),
        );
    }
    access_beyond_delegation(model, &mut keys);
    keys
}

/// Applications, their owners and permissions, admin roles, inbox rules and
/// mail-flow rules.
fn access_beyond_delegation(model: &Model, keys: &mut BTreeMap<(&'static str, String), State>) {
    let destination = |to: &Option<String>, external: &Option<String>| {
        to.clone()
            .or_else(|| {
                external
                    .as_ref()
                    .map(|address| format!("external {address}"))
            })
            .unwrap_or_default()
    };
    for application in &model.applications {
        let state = vec![
            ("publisher", application.publisher.as_str().to_string()),
            ("credentials", application.credentials.to_string()),
        ];
        keys.insert(("application", application.id.clone()), state);
        for owner in &application.owners {
            let key = format!("{owner} owns {}", application.id);
            keys.insert(("application owner", key), State::new());
        }
    }
    for permission in &model.application_permissions {
        let key = format!(
            "{} {} on {}",
            permission.application,
            permission.permission,
            permission.scope.describe()
        );
        keys.insert(("application permission", key), State::new());
    }
    for role in &model.admin_roles {
        let key = format!(
            "{} holds {} on {} ({:?})",
            role.holder,
            role.name,
            role.scope.describe(),
            role.gives
        );
        keys.insert(("admin role", key), State::new());
    }
    for rule in &model.inbox_rules {
        let key = format!(
            "{} rule {} -> {}",
            rule.mailbox,
            rule.name,
            destination(&rule.to, &rule.external)
        );
        let state = vec![
            ("action", rule.action.as_str().to_string()),
            ("hidden", rule.hidden.to_string()),
        ];
        keys.insert(("inbox rule", key), state);
    }
    for rule in &model.mail_flow_rules {
        let key = format!(
            "{} on {} -> {}",
            rule.name,
            rule.applies_to.describe(),
            destination(&rule.to, &rule.external)
        );
        let state = vec![("action", rule.action.as_str().to_string())];
        keys.insert(("mail-flow rule", key), state);
    }
}

fn account_state(account: &Account) -> State {
    vec![
        ("mfa", account.mfa.to_string()),
        ("password", account.password.as_str().to_string()),
        ("enabled", account.enabled.to_string()),
        ("role", account.role.clone()),
        ("unit", account.unit.clone()),
    ]
}

/// What differs between two states, field by field.
fn state_change(old: &State, new: &State) -> Vec<(&'static str, String, String)> {
    old.iter()
        .zip(new)
        .filter(|(a, b)| a != b)
        .map(|((field, before), (_, after))| (*field, before.clone(), after.clone()))
        .collect()
}

/// Fields changed as one line: `mfa: true -> false, role: a -> b`, each
/// value shown through `value(field, text)`.
pub fn describe_fields(
    fields: &[(&'static str, String, String)],
    value: impl Fn(&str, &str) -> String,
) -> String {
    fields
        .iter()
        .map(|(field, before, after)| {
            format!(
                "{field}: {} -> {}",
                value(field, before),
                value(field, after)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn compare(old: &Model, new: &Model) -> ModelChanges {
    let old_keys = keys(old);
    let new_keys = keys(new);
    let mut changes = ModelChanges::default();
    for ((what, key), state) in &new_keys {
        match old_keys.get(&(*what, key.clone())) {
            None => changes.added.push(Change {
                what,
                key: key.clone(),
                detail: String::new(),
                fields: Vec::new(),
            }),
            Some(old_state) if old_state != state => {
                let fields = state_change(old_state, state);
                changes.changed.push(Change {
                    what,
                    key: key.clone(),
                    detail: describe_fields(&fields, |_, value| value.to_string()),
                    fields,
                })
            }
            Some(_) => {}
        }
    }
    for (what, key) in old_keys.keys() {
        if !new_keys.contains_key(&(*what, key.clone())) {
            changes.removed.push(Change {
                what,
                key: key.clone(),
                detail: String::new(),
                fields: Vec::new(),
            });
        }
    }
    changes
}
