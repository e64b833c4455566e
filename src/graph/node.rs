/// A node of the access graph, holding the index of its record in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// `model.accounts[i]`: a sign-in identity.
    Account(u32),
    /// `model.groups[i]`.
    Group(u32),
    /// `model.mailboxes[i]`: the store of mail.
    Mailbox(u32),
    /// The own credential of `model.mailboxes[i]`, a generic mailbox that
    /// signs in. Controlling it gives the mailbox and whatever the mailbox's
    /// identity was granted; only compromise or takeover gives it, never a
    /// delegation on the mailbox.
    MailboxCredential(u32),
    /// `model.applications[i]`: a service principal that signs in with its
    /// own secret or certificate.
    Application(u32),
    /// An address outside the organisation that mail is forwarded to, the
    /// `i`th of [`crate::AccessGraph::externals`].
    External(u32),
    /// A set of mailboxes (or every application) that an application
    /// permission, admin role or mail-flow rule reaches: the `i`th of
    /// [`crate::AccessGraph::scopes`]. The walk expands it into its members.
    Scope(u32),
}

impl Node {
    /// Whether the node is something an attacker can sign in as.
    pub fn is_credential(self) -> bool {
        matches!(
            self,
            Node::Account(_)
                | Node::MailboxCredential(_)
                | Node::Application(_)
                | Node::External(_)
        )
    }

    /// A short kind name for output: `account`, `group`, `mailbox`,
    /// `mailbox credential`, `application`, `external address`, `scope`.
    pub fn kind(self) -> &'static str {
        match self {
            Node::Account(_) => "account",
            Node::Group(_) => "group",
            Node::Mailbox(_) => "mailbox",
            Node::MailboxCredential(_) => "mailbox credential",
            Node::Application(_) => "application",
            Node::External(_) => "external address",
            Node::Scope(_) => "scope",
        }
    }
}
