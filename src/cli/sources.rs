//! The compromised credentials a command starts from: an incident's, named
//! ones, or both.

use std::sync::atomic::{AtomicBool, Ordering};

use petgraph::graph::NodeIndex;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::Result;
use crate::graph::AccessGraph;
use crate::model::Incident;
use crate::suggest;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// Start from the credentials compromised in this incident.
    #[arg(long, value_name = "NAME")]
    pub incident: Option<String>,
    /// Start from this credential (an account, or a mailbox that signs in);
    /// repeat for several.
    #[arg(long = "from", value_name = "ID")]
    pub from: Vec<String>,
}

impl SourceArgs {
    pub fn is_empty(&self) -> bool {
        self.incident.is_none() && self.from.is_empty()
    }

    /// The incident named, if any, and every credential to start from
    /// (deduplicated, in the order given). Every unknown name is reported.
    pub fn resolve<'g>(
        &self,
        graph: &'g AccessGraph,
    ) -> Result<(Option<&'g Incident>, Vec<NodeIndex>)> {
        if self.is_empty() {
            return Err(Diagnostic::argument(
                "name the compromised credentials: --incident NAME or --from ID",
            )
            .into());
        }
        let incident = match &self.incident {
            Some(name) => Some(graph.model().incident(name).ok_or_else(|| {
                let known = graph.model().incidents.iter().map(|i| i.name.as_str());
                Diagnostic::argument(format!(
                    "unknown incident `{name}`{}",
                    suggest::hint(name, known)
                ))
            })?),
            None => None,
        };
        let ids = incident
            .into_iter()
            .flat_map(|incident| incident.compromised.iter())
            .chain(&self.from);
        let mut nodes = Vec::new();
        let mut problems = Diagnostics::default();
        for id in ids {
            match graph.resolve_credential(id) {
                Ok(node) if !nodes.contains(&node) => {
                    note_resolution(graph, id, node);
                    nodes.push(node);
                }
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok((incident, nodes))
        } else {
            Err(problems.into())
        }
    }
}

/// The two ends of an attack path named on the command line: a credential,
/// and a mailbox or account; both are checked, and every problem reported.
pub fn resolve_path_ends(
    graph: &AccessGraph,
    from: &str,
    to: &str,
) -> Result<(NodeIndex, NodeIndex)> {
    match (graph.resolve_credential(from), graph.resolve_target(to)) {
        (Ok(from_node), Ok(to_node)) => {
            note_resolution(graph, from, from_node);
            note_resolution(graph, to, to_node);
            Ok((from_node, to_node))
        }
        (from, to) => {
            Err(Diagnostics([from.err(), to.err()].into_iter().flatten().collect()).into())
        }
    }
}

/// Whether this run's output is redacted: its notes then name no id.
static NOTES_WITHHOLD_IDS: AtomicBool = AtomicBool::new(false);

/// Makes [`note_resolution`] name no id, typed or stored, for the rest of
/// the run (a redacted run: its standard error may travel with its report).
pub fn withhold_ids_in_notes() {
    NOTES_WITHHOLD_IDS.store(true, Ordering::Relaxed);
}

/// Says on standard error how a name typed on the command line was
/// resolved, when it was not an exact id (another case, or through the
/// owner relation): the answer then names what was used. Under `--redact`
/// it says only how, not which ids.
pub fn note_resolution(graph: &AccessGraph, typed: &str, node: NodeIndex) {
    if NOTES_WITHHOLD_IDS.load(Ordering::Relaxed) {
        if let Some(how) = graph.resolution_kind(typed, node) {
            eprintln!("note: {how} (ids withheld under --redact)");
        }
    } else if let Some(note) = graph.resolution_note(typed, node) {
        eprintln!("note: {}", crate::render::terminal::escape(&note));
    }
}
