use crate::model::{MailPermission, Model, Right};

/// An edge of the access graph, in the attacker's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// Account -> its personal mailbox.
    Owner,
    /// Principal -> mailbox, `model.grants[i]`.
    Grant(u32),
    /// Member (account, group, mailbox credential) -> group.
    Member,
    /// Mailbox B -> mailbox A, where A forwards to B (`model.forwarding[i]`):
    /// whoever reads B reads copies of A's new mail.
    Forwarding(u32),
    /// Mailbox -> the account whose resets it receives (`model.recovery[i]`).
    Recovery(u32),
    /// A mailbox credential -> its own mailbox.
    SignIn,
    /// Owner (account or group) -> the application `model.applications[i]`:
    /// an owner can add a secret and sign in as it.
    ApplicationOwner(u32),
    /// Application -> the scope of `model.application_permissions[i]`, with
    /// what the permission gives on each mailbox of it.
    ApplicationPermission(u32, MailPermission),
    /// Holder -> the mailbox scope of `model.admin_roles[i]`: it could
    /// grant itself any mailbox there.
    AdminRole(u32),
    /// Holder -> every application, through `model.admin_roles[i]` (an
    /// application administrator can add a secret to any).
    ApplicationAdminRole(u32),
    /// Destination (mailbox or external address) -> the mailbox whose
    /// inbox rule `model.inbox_rules[i]` sends its mail there.
    InboxRule(u32),
    /// Destination -> the scope `model.mail_flow_rules[i]` matches: it gets
    /// copies of the mail of every mailbox there.
    MailFlowRule(u32),
    /// Scope `i` -> itself: the one stored edge standing for every step
    /// from the scope to a member, which the walk takes lazily (a path's hop
    /// into a member of the scope names this edge).
    InScope(u32),
}

/// What crossing an edge gives, given control of (or access to) its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gain {
    /// Full access to the target mailbox (read everything and act).
    Full,
    /// Reads the target's new mail: an Inbox folder role, or forwarded copies.
    /// Enough to receive a password reset.
    ReadMail,
    /// Reads one folder other than the Inbox (the Calendar, say).
    ReadFolder,
    /// Sends as or on behalf of the target, without reading.
    Send,
    /// Control of the target principal (group membership, account takeover).
    Control,
    /// Nothing: a folder role that does not read (Contributor, None, ...).
    Nothing,
}

impl Edge {
    pub fn gain(self, model: &Model) -> Gain {
        match self {
            Edge::Owner | Edge::SignIn => Gain::Full,
            Edge::Member | Edge::Recovery(_) => Gain::Control,
            Edge::Forwarding(_) | Edge::InboxRule(_) | Edge::MailFlowRule(_) => Gain::ReadMail,
            Edge::ApplicationOwner(_) | Edge::ApplicationAdminRole(_) => Gain::Control,
            Edge::AdminRole(_) => Gain::Full,
            Edge::ApplicationPermission(_, permission) => match permission {
                MailPermission::Full => Gain::Full,
                MailPermission::ReadMail => Gain::ReadMail,
                MailPermission::ReadFolder => Gain::ReadFolder,
                MailPermission::Send => Gain::Send,
            },
            // The walk expands a scope itself, keeping what is held of it.
            Edge::InScope(_) => Gain::Nothing,
            Edge::Grant(i) => match &model.grants[i as usize].right {
                Right::FullAccess => Gain::Full,
                Right::SendAs | Right::SendOnBehalf => Gain::Send,
                Right::Folder { folder, role } if role.reads() => {
                    if folder.eq_ignore_ascii_case("inbox") {
                        Gain::ReadMail
                    } else {
                        Gain::ReadFolder
                    }
                }
                Right::Folder { .. } => Gain::Nothing,
            },
        }
    }

    /// The edge kind, for statistics and diagram styles: `owner`,
    /// `FullAccess`, `SendAs`, `SendOnBehalf`, `folder`, `member`,
    /// `forwarding`, `recovery`, `sign-in`, `app-owner`, `app-permission`,
    /// `admin-role`, `app-admin-role`, `inbox-rule`, `mail-flow-rule`,
    /// `in-scope`.
    pub fn kind(self, model: &Model) -> &'static str {
        match self {
            Edge::Owner => "owner",
            Edge::Member => "member",
            Edge::Forwarding(_) => "forwarding",
            Edge::Recovery(_) => "recovery",
            Edge::SignIn => "sign-in",
            Edge::ApplicationOwner(_) => "app-owner",
            Edge::ApplicationPermission(..) => "app-permission",
            Edge::AdminRole(_) => "admin-role",
            Edge::ApplicationAdminRole(_) => "app-admin-role",
            Edge::InboxRule(_) => "inbox-rule",
            Edge::MailFlowRule(_) => "mail-flow-rule",
            Edge::InScope(_) => "in-scope",
            Edge::Grant(i) => match &model.grants[i as usize].right {
                Right::FullAccess => "FullAccess",
                Right::SendAs => "SendAs",
                Right::SendOnBehalf => "SendOnBehalf",
                Right::Folder { .. } => "folder",
            },
        }
    }

    /// A short description for a path's hop. Rule and role names are
    /// names: [`crate::render::Labels::edge`] is how output shows them.
    pub fn label(self, model: &Model) -> String {
        self.describe(model, |name| name.to_string())
    }

    /// [`Edge::label`], with the names of rules and roles passed through
    /// `name` (a redacted output replaces them).
    pub fn describe(self, model: &Model, name: impl Fn(&str) -> String) -> String {
        match self {
            Edge::ApplicationOwner(_) => "owns application".into(),
            Edge::ApplicationPermission(i, _) => {
                model.application_permissions[i as usize].permission.clone()
            }
            Edge::AdminRole(i) => format!(
                "role {}: could grant itself",
                name(&model.admin_roles[i as usize].name)
            ),
            Edge::ApplicationAdminRole(i) => format!(
                "role {}: could add a secret",
                name(&model.admin_roles[i as usize].name)
            ),
            Edge::InboxRule(i) => {
                let rule = &model.inbox_rules[i as usize];
                format!(
                    "{}inbox rule {} ({})",
                    if rule.hidden { "hidden " } else { "" },
                    name(&rule.name),
                    rule.action.as_str()
                )
            }
            Edge::MailFlowRule(i) => {
                let rule = &model.mail_flow_rules[i as usize];
                format!(
                    "mail-flow rule {} ({})",
                    name(&rule.name),
                    rule.action.as_str()
                )
            }
            Edge::InScope(_) => "in scope".into(),
            Edge::Owner => "owns".into(),
            Edge::Member => "member of".into(),
            Edge::Forwarding(_) => "receives forwarded mail of".into(),
            Edge::Recovery(_) => "receives password resets of".into(),
            Edge::SignIn => "signs in as".into(),
            Edge::Grant(i) => model.grants[i as usize].right.label(),
        }
    }
}
