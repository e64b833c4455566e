//! `mailgraph plan PATH`: the fewest (cheapest) changes that leave no path
//! from the credentials an attacker is likely to hold to the mailboxes that
//! must be protected.

use std::path::PathBuf;

use super::{DirectoryArg, RedactArgs, SourceArgs, load_graph, print};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Outcome, Result};
use crate::graph::AccessGraph;
use crate::plan::{self, Costs, Scope};
use crate::progress::{Phase, Progress};
use crate::render::{self, terminal};

/// Output formats of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    Table,
    Json,
    Csv,
    /// A report to hand to whoever approves the changes.
    Markdown,
}

/// Which credentials and mailboxes a plan is about, and what changes cost.
#[derive(Debug, Clone, clap::Args)]
pub struct ScopeArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Assume every enabled credential may be compromised (MFA included),
    /// instead of those without MFA.
    #[arg(long, conflicts_with_all = ["incident", "from"])]
    pub all: bool,
    /// Protect this mailbox (repeat for several) instead of every mailbox
    /// holding personal data or of High sensitivity.
    #[arg(long, value_name = "MAILBOX")]
    pub protect: Vec<String>,
    /// Costs of each kind of change (RON: `(mfa: 2, grant: 1, forwarding:
    /// None)`; `None` forbids a kind).
    #[arg(long, value_name = "FILE")]
    pub costs: Option<PathBuf>,
    /// The cost of one kind of change, `KIND=N` or `KIND=never` (repeat;
    /// after --costs). Kinds: mfa, block_sign_in, grant, membership,
    /// forwarding, recovery.
    #[arg(long = "cost", value_name = "KIND=N")]
    pub cost: Vec<String>,
}

impl ScopeArgs {
    /// The costs of the command line.
    pub fn costs(&self) -> Result<Costs> {
        let mut costs = match &self.costs {
            Some(path) => Costs::load(path)?,
            None => Costs::default(),
        };
        let mut problems = Diagnostics::default();
        for flag in &self.cost {
            if let Err(problem) = costs.apply_flag(flag) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            Ok(costs)
        } else {
            Err(problems.into())
        }
    }

    /// The sources and targets of the command line, in `graph`.
    pub fn scope(&self, graph: &AccessGraph) -> Result<Scope> {
        let sources = if self.all {
            plan::all_sources(graph)
        } else if self.sources.is_empty() {
            plan::likely_sources(graph)
        } else {
            plan::named_sources(&self.sources.resolve(graph)?.1)
        };
        let targets = if self.protect.is_empty() {
            plan::default_targets(graph)
        } else {
            let mut nodes = Vec::new();
            let mut problems = Diagnostics::default();
            for id in &self.protect {
                match graph.resolve_mailbox(id) {
                    Ok(node) => nodes.push(node),
                    Err(problem) => problems.push(Diagnostic {
                        message: format!("--protect: {}", problem.message),
                        ..problem
                    }),
                }
            }
            if !problems.is_empty() {
                return Err(problems.into());
            }
            plan::named_targets(&nodes)
        };
        Ok(Scope { sources, targets })
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Only the K changes that remove the most exposure (chosen greedily,
    /// `mailgraph help remediation`), and the exposure they leave.
    #[arg(long, value_name = "K")]
    pub max_changes: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let costs = args.scope.costs()?;
    let graph = load_graph(&args.directory)?;
    let scope = args.scope.scope(&graph)?;
    let labels = args.redact.labels(&graph)?;
    let querying = Progress::start(Phase::Query);
    let (answer, budget) = match args.max_changes {
        Some(k) => {
            let (answer, budget) = plan::plan_with_budget(&graph, &scope, &costs, k);
            (answer, Some(budget))
        }
        None => (plan::plan(&graph, &scope, &costs), None),
    };
    querying.finish();
    let budget = budget.as_ref();
    let text = match args.format {
        PlanFormat::Table => {
            render::plan::table(&answer, budget, &labels, terminal::colour_stdout())
        }
        PlanFormat::Json => render::plan::json(&answer, budget, &labels),
        PlanFormat::Csv => render::plan::csv(&answer, budget, &labels),
        PlanFormat::Markdown => {
            let title = if labels.is_redacted() {
                "redacted".to_string()
            } else {
                args.directory.path.display().to_string()
            };
            render::plan::markdown(&answer, budget, &labels, &title)
        }
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
