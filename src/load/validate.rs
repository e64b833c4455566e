//! The semantic checks a parsed model must pass: unique ids, references
//! that name a record of the right kind, and the rules of the access model
//! (a personal mailbox has an owner, only generic mailboxes sign in, ...).
//!
//! Ids live in two namespaces: mailboxes (addresses) in one; accounts,
//! groups and data controllers in the other. An account and its own
//! mailbox may so share an id, as a user's sign-in name and address often
//! do. A mailbox that signs in is also a credential, so its id must not be
//! an account's, group's or controller's too.

use std::collections::HashMap;

use crate::FastMap;

use super::Step;
use crate::model::{MailPermission, Model, Origin, Scope, external_address};
use crate::suggest;

/// The sections of a document, named as in the RON files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Controllers,
    Accounts,
    Mailboxes,
    Groups,
    Grants,
    StaleGrants,
    Forwarding,
    Recovery,
    Applications,
    ApplicationPermissions,
    AdminRoles,
    InboxRules,
    MailFlowRules,
    Incidents,
    AccountAnnotations,
    MailboxAnnotations,
}

impl Section {
    pub fn field(self) -> &'static str {
        match self {
            Section::Controllers => "controllers",
            Section::Accounts => "accounts",
            Section::Mailboxes => "mailboxes",
            Section::Groups => "groups",
            Section::Grants => "grants",
            Section::StaleGrants => "stale_grants",
            Section::Forwarding => "forwarding",
            Section::Recovery => "recovery",
            Section::Applications => "applications",
            Section::ApplicationPermissions => "application_permissions",
            Section::AdminRoles => "admin_roles",
            Section::InboxRules => "inbox_rules",
            Section::MailFlowRules => "mail_flow_rules",
            Section::Incidents => "incidents",
            Section::AccountAnnotations => "account_annotations",
            Section::MailboxAnnotations => "mailbox_annotations",
        }
    }
}

/// A problem found in a record, before it is given a line and column.
pub struct Problem {
    pub section: Section,
    pub origin: Origin,
    /// Path from the record to the faulty value.
    pub field: Vec<Step<'static>>,
    pub message: String,
}

impl Problem {
    pub fn path(&self, incident_file: bool) -> Vec<Step<'static>> {
        record_path(self.section, self.origin, incident_file, &self.field)
    }
}

/// The path to a record, then into it.
pub fn record_path(
    section: Section,
    origin: Origin,
    incident_file: bool,
    inside: &[Step<'static>],
) -> Vec<Step<'static>> {
    let mut path = Vec::with_capacity(inside.len() + 2);
    if !(section == Section::Incidents && incident_file) {
        path.push(Step::Field(section.field()));
        path.push(Step::Index(origin.index as usize));
    }
    path.extend_from_slice(inside);
    path
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Controller,
    Account,
    Mailbox {
        sign_in: bool,
    },
    Group,
    Application,
    /// An address outside the organisation, named by a forwarding or a rule.
    External,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Controller => "a data controller",
            Kind::Account => "an account",
            Kind::Mailbox { sign_in: true } => "a mailbox",
            Kind::Mailbox { sign_in: false } => "a mailbox that does not sign in",
            Kind::Group => "a group",
            Kind::Application => "an application",
            Kind::External => "an external address",
        }
    }
}

/// Which kinds a reference may name.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Controller,
    Account,
    Mailbox,
    /// Something that can hold a right: an account, a group or a signing-in mailbox.
    Principal,
    /// Something whose credential can be compromised: an account, a
    /// signing-in mailbox, an application, or an external address.
    Credential,
    Application,
    /// What can own an application: an account or a group.
    Owner,
    /// What a scope may name: a group, an account or a mailbox.
    ScopeEntry,
}

impl Expect {
    fn accepts(self, kind: Kind) -> bool {
        match self {
            Expect::Controller => kind == Kind::Controller,
            Expect::Account => kind == Kind::Account,
            Expect::Mailbox => matches!(kind, Kind::Mailbox { .. }),
            Expect::Principal => matches!(
                kind,
                Kind::Account | Kind::Group | Kind::Mailbox { sign_in: true }
            ),
            Expect::Credential => matches!(
                kind,
                Kind::Account
                    | Kind::Mailbox { sign_in: true }
                    | Kind::Application
                    | Kind::External
            ),
            Expect::Application => kind == Kind::Application,
            Expect::Owner => matches!(kind, Kind::Account | Kind::Group),
            Expect::ScopeEntry => {
                matches!(kind, Kind::Account | Kind::Group | Kind::Mailbox { .. })
            }
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Expect::Controller => "data controller",
            Expect::Account => "account",
            Expect::Mailbox => "mailbox",
            Expect::Principal => "account, group or signing-in mailbox",
            Expect::Credential => "account, signing-in mailbox, application or external address",
            Expect::Application => "application",
            Expect::Owner => "account or group",
            Expect::ScopeEntry => "group, account or mailbox",
        }
    }
}

/// Where an id was first defined.
type Definition = (Kind, Section, Origin);

struct Checker<'m> {
    /// Accounts, groups and data controllers.
    names: FastMap<&'m str, Definition>,
    mailboxes: FastMap<&'m str, Definition>,
    /// External addresses, normalised ([`external_address`]).
    externals: FastMap<String, Definition>,
    problems: Vec<Problem>,
}

impl<'m> Checker<'m> {
    fn define(
        &mut self,
        id: &'m str,
        kind: Kind,
        section: Section,
        origin: Origin,
        files: &[std::path::PathBuf],
    ) {
        if id.is_empty() {
            self.problems.push(Problem {
                section,
                origin,
                field: vec![Step::Field("id")],
                message: "empty id: every record needs a non-empty `id`".into(),
            });
            return;
        }
        let namespace = match kind {
            Kind::Mailbox { .. } => &mut self.mailboxes,
            _ => &mut self.names,
        };
        if let Some((first_kind, first_section, first_origin)) = namespace.get(id) {
            let file = files[first_origin.file as usize].display();
            self.problems.push(Problem {
                section,
                origin,
                field: vec![Step::Field("id")],
                message: format!(
                    "duplicate id `{id}`: already defined as {} in {file} ({} #{})",
                    first_kind.noun().trim_end_matches(" that does not sign in"),
                    first_section.field(),
                    first_origin.index + 1
                ),
            });
            return;
        }
        namespace.insert(id, (kind, section, origin));
    }

    /// What `id` names, preferring the definition `expect` accepts when both
    /// namespaces have one. The namespace `expect` points at is looked in
    /// first, and the other only when that fails.
    fn lookup(&self, id: &str, expect: Expect) -> Option<Kind> {
        let (first, second) = match expect {
            Expect::Mailbox => (&self.mailboxes, &self.names),
            _ => (&self.names, &self.mailboxes),
        };
        let found = first.get(id).map(|(kind, _, _)| *kind);
        if found.is_some_and(|kind| expect.accepts(kind)) {
            return found;
        }
        let found = match second.get(id).map(|(kind, _, _)| *kind) {
            Some(kind) if expect.accepts(kind) => return Some(kind),
            other => found.or(other),
        };
        if found.is_none() && !self.externals.is_empty() {
            return self
                .externals
                .get(&external_address(id))
                .map(|(kind, _, _)| *kind);
        }
        found
    }

    fn reference(
        &mut self,
        id: &str,
        expect: Expect,
        role: &str,
        section: Section,
        origin: Origin,
        field: Vec<Step<'static>>,
    ) {
        let message = match self.lookup(id, expect) {
            Some(kind) if expect.accepts(kind) => return,
            Some(kind) => format!(
                "{role} `{id}` is {}, expected {} {}",
                kind.noun(),
                article(expect.noun()),
                expect.noun()
            ),
            None => {
                let candidates = self
                    .names
                    .iter()
                    .chain(&self.mailboxes)
                    .map(|(candidate, definition)| (*candidate, definition))
                    .chain(self.externals.iter().map(|(c, d)| (c.as_str(), d)))
                    .filter(|(_, (kind, _, _))| expect.accepts(*kind))
                    .map(|(candidate, _)| candidate);
                format!(
                    "unknown {} `{id}` as {role}{}",
                    expect.noun(),
                    suggest::hint(id, candidates)
                )
            }
        };
        self.problems.push(Problem {
            section,
            origin,
            field,
            message,
        });
    }

    fn problem(
        &mut self,
        section: Section,
        origin: Origin,
        field: Vec<Step<'static>>,
        message: String,
    ) {
        self.problems.push(Problem {
            section,
            origin,
            field,
            message,
        });
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Every semantic problem of the model, in section then record order.
pub fn validate(model: &Model) -> Vec<Problem> {
    let origins = &model.origins;
    let mut checker = Checker {
        names: FastMap::with_capacity_and_hasher(
            model.controllers.len() + model.accounts.len() + model.groups.len(),
            Default::default(),
        ),
        mailboxes: FastMap::with_capacity_and_hasher(model.mailboxes.len(), Default::default()),
        externals: FastMap::default(),
        problems: Vec::new(),
    };
    let files = &model.files;

    for (record, &origin) in model.controllers.iter().zip(&origins.controllers) {
        checker.define(
            &record.id,
            Kind::Controller,
            Section::Controllers,
            origin,
            files,
        );
    }
    for (record, &origin) in model.accounts.iter().zip(&origins.accounts) {
        checker.define(&record.id, Kind::Account, Section::Accounts, origin, files);
    }
    for (record, &origin) in model.mailboxes.iter().zip(&origins.mailboxes) {
        let kind = Kind::Mailbox {
            sign_in: record.sign_in && !record.is_personal(),
        };
        checker.define(&record.id, kind, Section::Mailboxes, origin, files);
    }
    for (record, &origin) in model.groups.iter().zip(&origins.groups) {
        checker.define(&record.id, Kind::Group, Section::Groups, origin, files);
    }
    for (record, &origin) in model.applications.iter().zip(&origins.applications) {
        checker.define(
            &record.id,
            Kind::Application,
            Section::Applications,
            origin,
            files,
        );
    }
    define_externals(&mut checker, model);

    // A mailbox that signs in is a credential: its id must name nothing else
    // that can be granted, compromised or referred to by name.
    for (record, &origin) in model.mailboxes.iter().zip(&origins.mailboxes) {
        if !record.sign_in || record.is_personal() {
            continue;
        }
        if let Some((kind, section, first)) = checker.names.get(record.id.as_str()) {
            let message = format!(
                "mailbox `{}` signs in, so its id names a credential, but it is already {} in {} ({} #{}): give one of them another id",
                record.id,
                kind.noun(),
                files[first.file as usize].display(),
                section.field(),
                first.index + 1
            );
            checker.problem(Section::Mailboxes, origin, vec![Step::Field("id")], message);
        }
    }

    use Section as S;
    use Step::{Field, Index};
    for (mailbox, &origin) in model.mailboxes.iter().zip(&origins.mailboxes) {
        match (&mailbox.owner, mailbox.is_personal()) {
            (Some(owner), true) => checker.reference(owner, Expect::Account, "owner", S::Mailboxes, origin, vec![Field("owner")]),
            (None, true) => checker.problem(S::Mailboxes, origin, vec![Field("kind")], format!(
                "personal mailbox `{}` has no owner: add `owner: \"<account id>\"`", mailbox.id)),
            (Some(_), false) => checker.problem(S::Mailboxes, origin, vec![Field("owner")], format!(
                "{} mailbox `{}` has an owner, but only personal mailboxes have one: give its users a FullAccess grant instead",
                mailbox.kind.as_str(), mailbox.id)),
            (None, false) => {}
        }
        if mailbox.sign_in && mailbox.is_personal() {
            checker.problem(S::Mailboxes, origin, vec![Field("sign_in")], format!(
                "personal mailbox `{}` has `sign_in: true`: only generic mailboxes sign in with a credential of their own (a personal mailbox's is its owner's)",
                mailbox.id));
        }
        if let Some(controller) = &mailbox.controller {
            checker.reference(
                controller,
                Expect::Controller,
                "controller",
                S::Mailboxes,
                origin,
                vec![Field("controller")],
            );
        }
    }
    for (group, &origin) in model.groups.iter().zip(&origins.groups) {
        for (i, member) in group.members.iter().enumerate() {
            checker.reference(
                member,
                Expect::Principal,
                "member",
                S::Groups,
                origin,
                vec![Field("members"), Index(i)],
            );
        }
    }
    for (grant, &origin) in model.grants.iter().zip(&origins.grants) {
        checker.reference(
            &grant.to,
            Expect::Principal,
            "grantee",
            S::Grants,
            origin,
            vec![Field("to")],
        );
        checker.reference(
            &grant.on,
            Expect::Mailbox,
            "granted mailbox",
            S::Grants,
            origin,
            vec![Field("on")],
        );
    }
    for (stale, &origin) in model.stale_grants.iter().zip(&origins.stale_grants) {
        if !is_sid(&stale.sid) {
            checker.problem(
                S::StaleGrants,
                origin,
                vec![Field("sid")],
                format!(
                    "`{}` is not a security identifier: expected `S-1-` followed by numbers, such as `S-1-5-21-1111111111-2222222222-3333333333-1104`",
                    stale.sid
                ),
            );
        }
        checker.reference(
            &stale.on,
            Expect::Mailbox,
            "mailbox of a stale grant",
            S::StaleGrants,
            origin,
            vec![Field("on")],
        );
    }
    for (forwarding, &origin) in model.forwarding.iter().zip(&origins.forwarding) {
        checker.reference(
            &forwarding.from,
            Expect::Mailbox,
            "forwarding mailbox",
            S::Forwarding,
            origin,
            vec![Field("from")],
        );
        match (&forwarding.to, &forwarding.external) {
            (Some(to), None) => checker.reference(to, Expect::Mailbox, "forwarding target", S::Forwarding, origin, vec![Field("to")]),
            (None, Some(_)) => {}
            _ => checker.problem(S::Forwarding, origin, vec![], format!(
                "forwarding from `{}` needs exactly one of `to` (a mailbox id) and `external` (an address outside the organisation)",
                forwarding.from)),
        }
    }
    for (recovery, &origin) in model.recovery.iter().zip(&origins.recovery) {
        checker.reference(
            &recovery.account,
            Expect::Credential,
            "recovered account",
            S::Recovery,
            origin,
            vec![Field("account")],
        );
        checker.reference(
            &recovery.mailbox,
            Expect::Mailbox,
            "recovery mailbox",
            S::Recovery,
            origin,
            vec![Field("mailbox")],
        );
    }
    check_access_beyond_delegation(&mut checker, model);
    let mut incident_names: HashMap<&str, Origin> = HashMap::new();
    for (incident, &origin) in model.incidents.iter().zip(&origins.incidents) {
        if let Some(first) = incident_names.insert(&incident.name, origin) {
            checker.problem(
                S::Incidents,
                origin,
                vec![Field("name")],
                format!(
                    "duplicate incident name `{}`: already used in {}",
                    incident.name,
                    files[first.file as usize].display()
                ),
            );
        }
        if !is_iso_date(&incident.date) {
            checker.problem(
                S::Incidents,
                origin,
                vec![Field("date")],
                format!(
                    "incident date `{}` is not a date: expected YYYY-MM-DD",
                    incident.date
                ),
            );
        }
        if let Some(discovered) = &incident.discovered {
            match crate::date::Timestamp::parse_day_or_time(discovered) {
                Err(_) => checker.problem(
                    S::Incidents,
                    origin,
                    vec![Field("discovered")],
                    format!(
                        "incident discovered `{discovered}` is not a date or a UTC time: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
                    ),
                ),
                Ok((at, _)) if incident.start().is_some_and(|start| at < start) => checker
                    .problem(
                        S::Incidents,
                        origin,
                        vec![Field("discovered")],
                        format!(
                            "incident discovered `{discovered}` before it happened ({})",
                            incident.date
                        ),
                    ),
                Ok(_) => {}
            }
        }
        if incident.compromised.is_empty() {
            checker.problem(
                S::Incidents,
                origin,
                vec![Field("compromised")],
                format!(
                    "incident `{}` names no compromised credential",
                    incident.name
                ),
            );
        }
        for (i, id) in incident.compromised.iter().enumerate() {
            checker.reference(
                id,
                Expect::Credential,
                "compromised credential",
                S::Incidents,
                origin,
                vec![Field("compromised"), Index(i)],
            );
        }
    }
    checker.problems
}

/// Whether `text` is a security identifier in its string form:
/// `S-1-` then dash-separated decimal numbers.
fn is_sid(text: &str) -> bool {
    text.strip_prefix("S-1-").is_some_and(|rest| {
        rest.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn is_iso_date(text: &str) -> bool {
    text.parse::<crate::date::Date>().is_ok()
}

/// Every external address named by a forwarding or a rule becomes a node
/// (its first mention is its definition). An address that is also an
/// organisation's mailbox, or an account's, group's, application's or
/// controller's id, is reported: it would name two things.
fn define_externals<'m>(checker: &mut Checker<'m>, model: &'m Model) {
    use Step::Field;
    let origins = &model.origins;
    let forwarding = model
        .forwarding
        .iter()
        .zip(&origins.forwarding)
        .map(|(r, &o)| (r.external.as_deref(), Section::Forwarding, o));
    let inbox = model
        .inbox_rules
        .iter()
        .zip(&origins.inbox_rules)
        .map(|(r, &o)| (r.external.as_deref(), Section::InboxRules, o));
    let mail_flow = model
        .mail_flow_rules
        .iter()
        .zip(&origins.mail_flow_rules)
        .map(|(r, &o)| (r.external.as_deref(), Section::MailFlowRules, o));
    for (address, section, origin) in forwarding.chain(inbox).chain(mail_flow) {
        let Some(address) = address else { continue };
        let key = external_address(address);
        let clash = if key.is_empty() {
            Some("an empty address".to_string())
        } else if checker.mailboxes.contains_key(key.as_str()) {
            Some(format!(
                "`{address}` is a mailbox of the organisation: name it with `to` instead of `external`"
            ))
        } else {
            checker.names.get(key.as_str()).map(|(kind, _, _)| {
                format!(
                    "external address `{address}` is also the id of {}: give one of them another id",
                    kind.noun()
                )
            })
        };
        match clash {
            Some(message) => checker.problem(section, origin, vec![Field("external")], message),
            None => {
                checker
                    .externals
                    .entry(key)
                    .or_insert((Kind::External, section, origin));
            }
        }
    }
}

/// The references and rules of applications, their permissions, admin
/// roles, inbox rules and mail-flow rules.
fn check_access_beyond_delegation(checker: &mut Checker<'_>, model: &Model) {
    use Section as S;
    use Step::{Field, Index};
    let origins = &model.origins;
    for (application, &origin) in model.applications.iter().zip(&origins.applications) {
        for (i, owner) in application.owners.iter().enumerate() {
            checker.reference(
                owner,
                Expect::Owner,
                "application owner",
                S::Applications,
                origin,
                vec![Field("owners"), Index(i)],
            );
        }
    }
    for (permission, &origin) in model
        .application_permissions
        .iter()
        .zip(&origins.application_permissions)
    {
        checker.reference(
            &permission.application,
            Expect::Application,
            "application",
            S::ApplicationPermissions,
            origin,
            vec![Field("application")],
        );
        if MailPermission::parse(&permission.permission).is_none() {
            let known = crate::model::MAIL_PERMISSIONS.iter().map(|(name, _)| *name);
            let message = format!(
                "unknown application permission `{}`: expected one of {}{}",
                permission.permission,
                crate::model::MAIL_PERMISSIONS
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", "),
                suggest::hint(&permission.permission, known)
            );
            checker.problem(
                S::ApplicationPermissions,
                origin,
                vec![Field("permission")],
                message,
            );
        }
        check_scope(
            checker,
            &permission.scope,
            S::ApplicationPermissions,
            origin,
            "scope",
        );
    }
    for (role, &origin) in model.admin_roles.iter().zip(&origins.admin_roles) {
        if role.name.trim().is_empty() {
            checker.problem(
                S::AdminRoles,
                origin,
                vec![Field("name")],
                "empty role name: name the role as the directory shows it".into(),
            );
        }
        checker.reference(
            &role.holder,
            Expect::Principal,
            "role holder",
            S::AdminRoles,
            origin,
            vec![Field("holder")],
        );
        if !role.gives.mailboxes() && !role.scope.is_organisation() {
            checker.problem(
                S::AdminRoles,
                origin,
                vec![Field("scope")],
                format!(
                    "role `{}` gives `Applications` only, so it has no mailbox scope: remove `scope`",
                    role.name
                ),
            );
        }
        check_scope(checker, &role.scope, S::AdminRoles, origin, "scope");
    }
    for (rule, &origin) in model.inbox_rules.iter().zip(&origins.inbox_rules) {
        checker.reference(
            &rule.mailbox,
            Expect::Mailbox,
            "inbox rule's mailbox",
            S::InboxRules,
            origin,
            vec![Field("mailbox")],
        );
        check_destination(
            checker,
            (rule.to.as_deref(), rule.external.as_deref()),
            S::InboxRules,
            origin,
            &format!("inbox rule `{}` of `{}`", rule.name, rule.mailbox),
        );
    }
    for (rule, &origin) in model.mail_flow_rules.iter().zip(&origins.mail_flow_rules) {
        check_scope(
            checker,
            &rule.applies_to,
            S::MailFlowRules,
            origin,
            "applies_to",
        );
        check_destination(
            checker,
            (rule.to.as_deref(), rule.external.as_deref()),
            S::MailFlowRules,
            origin,
            &format!("mail-flow rule `{}`", rule.name),
        );
    }
}

/// Each entry of a scope names a group, an account or a mailbox.
fn check_scope(
    checker: &mut Checker<'_>,
    scope: &Scope,
    section: Section,
    origin: Origin,
    field: &'static str,
) {
    // `Only([...])` and `Except([...])`: the list is the variant's first element.
    for (i, entry) in scope.entries().iter().enumerate() {
        checker.reference(
            entry,
            Expect::ScopeEntry,
            "scope entry",
            section,
            origin,
            vec![Step::Field(field), Step::Index(0), Step::Index(i)],
        );
    }
}

/// A rule's destination: exactly one of a mailbox (`to`) and an external
/// address (`external`, checked by [`define_externals`]).
fn check_destination(
    checker: &mut Checker<'_>,
    (to, external): (Option<&str>, Option<&str>),
    section: Section,
    origin: Origin,
    what: &str,
) {
    match (to, external) {
        (Some(to), None) => checker.reference(
            to,
            Expect::Mailbox,
            "destination mailbox",
            section,
            origin,
            vec![Step::Field("to")],
        ),
        (None, Some(_)) => {}
        _ => checker.problem(
            section,
            origin,
            vec![],
            format!(
                "{what} needs exactly one of `to` (a mailbox id) and `external` (an address outside the organisation)"
            ),
        ),
    }
}
