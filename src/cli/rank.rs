//! `mailgraph rank PATH`: the blast radius of every credential, largest
//! first, by a chosen count, of the credentials that match the filters.

use super::{DirectoryArg, ReportArgs, print};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Outcome, Result};
use crate::graph::{AccessGraph, Node};
use crate::query::{self, BlastRadius, rank::RankKey};
use crate::render::{Format, rank, shown_order, terminal};
use crate::suggest;

/// The kinds of credential a ranking can be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CredentialKind {
    /// A sign-in identity (a person, a contractor, a service account).
    Account,
    /// A generic mailbox whose own credential signs in.
    MailboxCredential,
    /// An application that signs in with its own secret or certificate.
    Application,
    /// An address outside the organisation named as compromised.
    External,
}

impl CredentialKind {
    fn matches(self, node: &Node) -> bool {
        matches!(
            (self, node),
            (CredentialKind::Account, Node::Account(_))
                | (
                    CredentialKind::MailboxCredential,
                    Node::MailboxCredential(_)
                )
                | (CredentialKind::Application, Node::Application(_))
                | (CredentialKind::External, Node::External(_))
        )
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    /// Show the N largest (0 shows every credential).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Rank by this count, largest first (ties: mailboxes, then people).
    #[arg(long, value_enum, value_name = "KEY", default_value_t = RankKey::Mailboxes)]
    pub sort: RankKey,
    /// Only credentials that sign in without MFA (accounts without MFA,
    /// mailbox credentials, applications, external addresses).
    #[arg(long)]
    pub no_mfa: bool,
    /// Only accounts with this role (repeat for several).
    #[arg(long, value_name = "ROLE")]
    pub role: Vec<String>,
    /// Only accounts in this organisational unit (repeat for several).
    #[arg(long, value_name = "UNIT")]
    pub unit: Vec<String>,
    /// Only credentials of this kind (repeat for several).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Vec<CredentialKind>,
    #[command(flatten)]
    pub report: ReportArgs,
}

impl Args {
    /// Refuses a role or unit no account has: a typo would otherwise rank
    /// nothing and look like an answer.
    fn check_filters(&self, graph: &AccessGraph) -> Result<()> {
        let accounts = &graph.model().accounts;
        let mut problems = Diagnostics::default();
        for (flag, wanted, known) in [
            (
                "--role",
                &self.role,
                accounts.iter().map(|a| a.role.as_str()).collect::<Vec<_>>(),
            ),
            (
                "--unit",
                &self.unit,
                accounts.iter().map(|a| a.unit.as_str()).collect(),
            ),
        ] {
            let mut known = known;
            known.sort_unstable();
            known.dedup();
            for value in wanted {
                if known.binary_search(&value.as_str()).is_err() {
                    problems.push(Diagnostic::argument(format!(
                        "{flag} `{value}`: no account has it{}",
                        suggest::hint(value, known.iter().copied())
                    )));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.into())
        }
    }

    /// Whether the credential of `radius` passes every filter.
    fn keeps(&self, graph: &AccessGraph, radius: &BlastRadius) -> bool {
        let node = graph.node(radius.credential);
        let account = graph.account(radius.credential);
        (self.kind.is_empty() || self.kind.iter().any(|kind| kind.matches(&node)))
            && (!self.no_mfa || !account.is_some_and(|a| a.mfa))
            && (self.role.is_empty() || account.is_some_and(|a| self.role.contains(&a.role)))
            && (self.unit.is_empty() || account.is_some_and(|a| self.unit.contains(&a.unit)))
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    args.check_filters(&graph)?;
    let labels = args.report.redact.labels(&graph)?;
    let mut radii = query::rank(&graph);
    radii.retain(|radius| args.keeps(&graph, radius));
    if args.sort != RankKey::Mailboxes {
        query::rank::sort(&mut radii, args.sort, &graph);
    }
    shown_order::rank(&mut radii, args.sort, &labels);
    let total = radii.len();
    let shown = if args.top == 0 {
        &radii[..]
    } else {
        &radii[..args.top.min(total)]
    };
    let text = match args.report.format {
        Format::Table => rank::table(shown, total, &labels, terminal::colour_stdout()),
        Format::Json => rank::json(shown, total, &labels),
        Format::Csv => rank::csv(shown, &labels),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
