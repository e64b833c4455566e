//! Renderers: turn a query's answer into text for people (aligned tables),
//! programs (JSON, CSV) or Graphviz (DOT). They never compute reachability;
//! everything they print comes from the answer they are given.

pub mod answer;
pub mod audit;
pub mod contain;
pub mod csv;
pub mod diff;
pub mod dot;
pub mod evidence;
pub mod exposure;
pub mod fit;
pub mod html;
pub mod html_report;
pub mod labels;
pub mod markdown;
pub mod notify;
pub mod path;
pub mod plan;
pub mod powershell;
pub mod rank;
pub mod reach;
pub mod redact;
pub mod shown_order;
pub mod table;
pub mod terminal;
pub mod what_if;

pub use labels::Labels;
pub use table::Table;

/// The output formats every reporting command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// One JSON document (schema: `mailgraph help json`).
    Json,
    /// Comma-separated rows for spreadsheets.
    Csv,
}

/// `1 account`, `3 accounts`: a count with its noun, singular for one.
/// Every printed count of things goes through here (or [`count_list`]).
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", noun(n, one, many))
}

/// The noun for a count: `one` for 1, `many` otherwise (`0 accounts`).
pub fn noun<'a>(n: impl Into<u64>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 { one } else { many }
}

/// The output formats of the answers that also make an HTML report
/// (reach, exposure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// One JSON document (schema: `mailgraph help json`).
    Json,
    /// Comma-separated rows for spreadsheets.
    Csv,
    /// One self-contained HTML page (`mailgraph help incident-response`): the
    /// diagram, tables that sort and filter; it loads nothing.
    Html,
}

/// `3 files, 1 account, 0 groups`: each count with its noun, singular for
/// one.
pub fn count_list(counts: &[(usize, &str, &str)]) -> String {
    counts
        .iter()
        .map(|&(n, one, many)| count(n as u64, one, many))
        .collect::<Vec<_>>()
        .join(", ")
}
