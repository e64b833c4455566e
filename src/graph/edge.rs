use crate::model::{Model, Right};

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
            Edge::Forwarding(_) => Gain::ReadMail,
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
    /// `forwarding`, `recovery`, `sign-in`.
    pub fn kind(self, model: &Model) -> &'static str {
        match self {
            Edge::Owner => "owner",
            Edge::Member => "member",
            Edge::Forwarding(_) => "forwarding",
            Edge::Recovery(_) => "recovery",
            Edge::SignIn => "sign-in",
            Edge::Grant(i) => match &model.grants[i as usize].right {
                Right::FullAccess => "FullAccess",
                Right::SendAs => "SendAs",
                Right::SendOnBehalf => "SendOnBehalf",
                Right::Folder { .. } => "folder",
            },
        }
    }

    /// A short description for a path's hop.
    pub fn label(self, model: &Model) -> String {
        match self {
            Edge::Owner => "owns".into(),
            Edge::Member => "member of".into(),
            Edge::Forwarding(_) => "receives forwarded mail of".into(),
            Edge::Recovery(_) => "receives password resets of".into(),
            Edge::SignIn => "signs in as".into(),
            Edge::Grant(i) => model.grants[i as usize].right.label(),
        }
    }
}
