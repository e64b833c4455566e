//! How a diagram looks: a shape per node kind, a colour per state, a line
//! style per right. One table each, so the legend and the drawing cannot
//! disagree.

/// What a diagram node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Account,
    PersonalMailbox,
    GenericMailbox,
    Group,
    /// A summary node standing for many nodes of one unit, controller,
    /// role or kind.
    Summary,
    Application,
    External,
    Scope,
}

impl NodeKind {
    pub const ALL: [NodeKind; 8] = [
        NodeKind::Account,
        NodeKind::PersonalMailbox,
        NodeKind::GenericMailbox,
        NodeKind::Group,
        NodeKind::Summary,
        NodeKind::Application,
        NodeKind::External,
        NodeKind::Scope,
    ];

    pub fn shape(self) -> &'static str {
        match self {
            NodeKind::Account => "ellipse",
            NodeKind::PersonalMailbox => "folder",
            NodeKind::GenericMailbox => "box3d",
            NodeKind::Group => "hexagon",
            NodeKind::Summary => "note",
            NodeKind::Application => "component",
            NodeKind::External => "octagon",
            NodeKind::Scope => "tab",
        }
    }

    /// What several nodes of this kind are called.
    pub fn plural(self) -> &'static str {
        match self {
            NodeKind::Account => "accounts",
            NodeKind::PersonalMailbox => "personal mailboxes",
            NodeKind::GenericMailbox => "generic mailboxes",
            NodeKind::Group => "groups",
            NodeKind::Summary => "summaries",
            NodeKind::Application => "applications",
            NodeKind::External => "external addresses",
            NodeKind::Scope => "scopes",
        }
    }

    pub fn legend(self) -> &'static str {
        match self {
            NodeKind::Account => "account",
            NodeKind::PersonalMailbox => "personal mailbox",
            NodeKind::GenericMailbox => "generic mailbox",
            NodeKind::Group => "group",
            NodeKind::Summary => "summary of many nodes",
            NodeKind::Application => "application",
            NodeKind::External => "external address",
            NodeKind::Scope => "scope (many mailboxes)",
        }
    }
}

/// What happened to a node in the answer being drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeState {
    /// A credential the attacker holds from the start.
    Compromised,
    /// An account taken over through a recovery mailbox.
    TakenOver,
    /// A group whose rights the attacker holds.
    Controlled,
    ExposedFull,
    ExposedRead,
    ExposedSend,
    /// A credential that would reach the mailbox in focus.
    Reaches,
    /// The focus of an exposure or path diagram.
    Target,
    Untouched,
}

impl NodeState {
    pub const ALL: [NodeState; 9] = [
        NodeState::Compromised,
        NodeState::TakenOver,
        NodeState::Controlled,
        NodeState::ExposedFull,
        NodeState::ExposedRead,
        NodeState::ExposedSend,
        NodeState::Reaches,
        NodeState::Target,
        NodeState::Untouched,
    ];

    /// Fill colour, then font colour.
    pub fn colours(self) -> (&'static str, &'static str) {
        match self {
            NodeState::Compromised => ("#b2182b", "#ffffff"),
            NodeState::TakenOver => ("#e66101", "#ffffff"),
            NodeState::Controlled => ("#fdb863", "#000000"),
            NodeState::ExposedFull => ("#f4a582", "#000000"),
            NodeState::ExposedRead => ("#fee090", "#000000"),
            NodeState::ExposedSend => ("#d1e5f0", "#000000"),
            NodeState::Reaches => ("#d6604d", "#ffffff"),
            NodeState::Target => ("#762a83", "#ffffff"),
            NodeState::Untouched => ("#ffffff", "#000000"),
        }
    }

    pub fn legend(self) -> &'static str {
        match self {
            NodeState::Compromised => "compromised",
            NodeState::TakenOver => "taken over",
            NodeState::Controlled => "group controlled",
            NodeState::ExposedFull => "exposed: full",
            NodeState::ExposedRead => "exposed: read",
            NodeState::ExposedSend => "exposed: send",
            NodeState::Reaches => "credential that reaches it",
            NodeState::Target => "in focus",
            NodeState::Untouched => "untouched",
        }
    }
}

/// The kind of right an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    Owner,
    FullAccess,
    Send,
    Folder,
    Member,
    Forwarding,
    Recovery,
    SignIn,
    /// Application owner, or an application administrator role.
    ApplicationControl,
    ApplicationPermission,
    AdminRole,
    /// Inbox rule or mail-flow rule.
    MailRule,
    InScope,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 13] = [
        EdgeKind::Owner,
        EdgeKind::FullAccess,
        EdgeKind::Send,
        EdgeKind::Folder,
        EdgeKind::Member,
        EdgeKind::Forwarding,
        EdgeKind::Recovery,
        EdgeKind::SignIn,
        EdgeKind::ApplicationControl,
        EdgeKind::ApplicationPermission,
        EdgeKind::AdminRole,
        EdgeKind::MailRule,
        EdgeKind::InScope,
    ];

    /// Line style, colour and pen width.
    pub fn line(self) -> (&'static str, &'static str, f32) {
        match self {
            EdgeKind::Owner => ("solid", "#000000", 2.5),
            EdgeKind::FullAccess => ("solid", "#b2182b", 1.5),
            EdgeKind::Send => ("dashed", "#2166ac", 1.2),
            EdgeKind::Folder => ("dotted", "#b35806", 1.5),
            EdgeKind::Member => ("solid", "#878787", 1.0),
            EdgeKind::Forwarding => ("dashed", "#1b7837", 1.5),
            EdgeKind::Recovery => ("bold", "#762a83", 2.0),
            EdgeKind::SignIn => ("solid", "#4d4d4d", 1.0),
            EdgeKind::ApplicationControl => ("bold", "#8c510a", 2.0),
            EdgeKind::ApplicationPermission => ("solid", "#d6604d", 2.0),
            EdgeKind::AdminRole => ("dashed", "#b2182b", 2.0),
            EdgeKind::MailRule => ("dashed", "#01665e", 1.5),
            EdgeKind::InScope => ("dotted", "#4d4d4d", 1.0),
        }
    }

    pub fn legend(self) -> &'static str {
        match self {
            EdgeKind::Owner => "owner",
            EdgeKind::FullAccess => "FullAccess",
            EdgeKind::Send => "SendAs / SendOnBehalf",
            EdgeKind::Folder => "folder role",
            EdgeKind::Member => "member of",
            EdgeKind::Forwarding => "forwarded copies",
            EdgeKind::Recovery => "password recovery",
            EdgeKind::SignIn => "signs in as",
            EdgeKind::ApplicationControl => "controls application",
            EdgeKind::ApplicationPermission => "application permission",
            EdgeKind::AdminRole => "admin role (could grant itself)",
            EdgeKind::MailRule => "inbox or mail-flow rule",
            EdgeKind::InScope => "in scope",
        }
    }
}
