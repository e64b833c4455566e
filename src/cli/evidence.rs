//! `--evidence FILE...`: the unified audit log exports that say which
//! exposed mailboxes were accessed (src/evidence/), shared by `reach`,
//! `notify` and `dot`.

use std::collections::HashMap;
use std::path::PathBuf;

use petgraph::graph::NodeIndex;

use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::evidence::{self, Assessment, AuditLog};
use crate::graph::AccessGraph;
use crate::model::Incident;
use crate::query::Reach;

/// How many skipped rows are shown one by one before the rest are counted.
const SHOWN_SKIPS: usize = 10;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct EvidenceArgs {
    /// Unified audit log exports (`Search-UnifiedAuditLog ... | Export-Csv`)
    /// saying which exposed mailboxes were accessed; needs --incident.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub evidence: Vec<PathBuf>,
}

impl EvidenceArgs {
    /// Reads the exports, if any were given, before anything is computed.
    pub fn read(&self, incident: Option<&Incident>) -> Result<Option<AuditLog>> {
        if self.evidence.is_empty() {
            return Ok(None);
        }
        if incident.is_none() {
            return Err(Diagnostic::argument(
                "--evidence needs --incident: the incident's date says from when a record is evidence",
            )
            .into());
        }
        let log = AuditLog::read(&self.evidence)?;
        report_skipped(&log);
        Ok(Some(log))
    }
}

/// What `log` says of `reach` (an incident was checked by [`EvidenceArgs::read`]).
pub fn assess(
    graph: &AccessGraph,
    reach: &Reach,
    incident: Option<&Incident>,
    log: Option<&AuditLog>,
) -> Option<Assessment> {
    evidence::assess(graph, reach, incident?, log?)
}

/// The line a diagram shows under each exposed mailbox: what the logs say.
pub fn diagram_notes(assessment: &Assessment, reach: &Reach) -> HashMap<NodeIndex, String> {
    reach
        .mailboxes
        .iter()
        .map(|exposed| (exposed.node, assessment.status(exposed.node).label()))
        .collect()
}

/// Rows that did not parse go to standard error, located: never dropped
/// silently.
fn report_skipped(log: &AuditLog) {
    if log.skipped.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} of {} audit log rows skipped (they do not parse):",
        log.skipped.len(),
        log.rows
    );
    for diagnostic in log.skipped.iter().take(SHOWN_SKIPS) {
        eprintln!("  {diagnostic}");
    }
    if log.skipped.len() > SHOWN_SKIPS {
        eprintln!("  and {} more", log.skipped.len() - SHOWN_SKIPS);
    }
}
