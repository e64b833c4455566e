//! `mailgraph stats PATH`: counts per node kind, edge kind, role and unit.

use std::collections::BTreeMap;

use super::{DirectoryArg, Output, load_graph};
use crate::error::{Outcome, Result};
use crate::render::csv::Csv;
use crate::render::{Format, Table, terminal};
use crate::stats::Stats;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// How many units to list, largest first (0 lists all).
    #[arg(long, default_value_t = 20)]
    pub units: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = load_graph(&args.directory)?;
    let stats = Stats::of(&graph);
    let mut out = Output::stdout();
    let text = match args.format {
        Format::Table => table(&stats, args.units, terminal::colour_stdout()),
        Format::Json => json(&stats),
        Format::Csv => csv(&stats, args.units),
    };
    out.write_str(&text)?;
    out.finish()?;
    Ok(Outcome::Clean)
}

/// Units, largest first, then by name.
fn units_by_size(stats: &Stats) -> Vec<(&str, usize)> {
    let mut units: Vec<(&str, usize)> = stats
        .accounts_by_unit
        .iter()
        .map(|(unit, count)| (unit.as_str(), *count))
        .collect();
    units.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    units
}

/// The units `--units` shows: the largest `limit` (0: all).
fn shown_units(stats: &Stats, limit: usize) -> Vec<(&str, usize)> {
    let mut units = units_by_size(stats);
    if limit != 0 {
        units.truncate(limit);
    }
    units
}

fn table(stats: &Stats, unit_limit: usize, colour: bool) -> String {
    let mut text = String::new();
    let section = |title: &str, rows: Vec<(String, usize)>| {
        let mut table = Table::new(&[title, ">count"]);
        for (name, count) in rows {
            table.row([name, count.to_string()]);
        }
        table.render(colour)
    };
    let named = |map: &std::collections::BTreeMap<&'static str, usize>| {
        map.iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect::<Vec<_>>()
    };
    text.push_str(&section("node kind", named(&stats.nodes)));
    text.push('\n');
    text.push_str(&section("edge kind", named(&stats.edges)));
    text.push('\n');
    text.push_str(&section("mailbox kind", named(&stats.mailboxes_by_kind)));
    text.push('\n');
    let roles = stats
        .accounts_by_role
        .iter()
        .map(|(role, count)| (display_or_none(role), *count))
        .collect();
    text.push_str(&section("role", roles));
    text.push('\n');
    let units = units_by_size(stats);
    let shown = shown_units(stats, unit_limit).len();
    let rows = units[..shown]
        .iter()
        .map(|(unit, count)| (display_or_none(unit), *count))
        .collect();
    text.push_str(&section("unit", rows));
    if shown < units.len() {
        text.push_str(&format!(
            "({} more units; --units 0 lists all)\n",
            units.len() - shown
        ));
    }
    text.push_str(&format!(
        "\n{}, {} of {} without MFA\n",
        crate::render::count_list(&[
            (stats.controllers, "data controller", "data controllers"),
            (stats.incidents, "incident", "incidents"),
        ]),
        stats.accounts_without_mfa,
        crate::render::count(stats.accounts() as u64, "account", "accounts")
    ));
    text
}

fn display_or_none(name: &str) -> String {
    if name.is_empty() {
        "(none)".to_string()
    } else {
        name.to_string()
    }
}

fn json(stats: &Stats) -> String {
    let value = serde_json::json!({
        "schema": "mailgraph/stats/v1",
        "nodes": stats.nodes,
        "edges": stats.edges,
        "mailboxes_by_kind": stats.mailboxes_by_kind,
        "accounts_by_role": stats.accounts_by_role,
        "accounts_by_unit": stats.accounts_by_unit,
        "controllers": stats.controllers,
        "incidents": stats.incidents,
        "accounts_without_mfa": stats.accounts_without_mfa,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The same rows as the table: the units largest first, the top
/// `unit_limit` (0: all).
fn csv(stats: &Stats, unit_limit: usize) -> String {
    fn rows<K: AsRef<str>>(csv: &mut Csv, section: &str, counts: &BTreeMap<K, usize>) {
        for (name, count) in counts {
            csv.row([section, name.as_ref(), &count.to_string()]);
        }
    }
    let mut csv = Csv::new(&["section", "name", "count"]);
    rows(&mut csv, "node", &stats.nodes);
    rows(&mut csv, "edge", &stats.edges);
    rows(&mut csv, "mailbox kind", &stats.mailboxes_by_kind);
    rows(&mut csv, "role", &stats.accounts_by_role);
    for (unit, count) in shown_units(stats, unit_limit) {
        csv.row(["unit", unit, &count.to_string()]);
    }
    csv.finish()
}
