//! The integration tests, one module per user-visible feature, compiled into
//! one test binary so the suite builds once. Each test runs the real
//! `mailgraph` binary and checks its standard output, standard error and
//! exit status, the way a user sees them.

mod chromium;
mod support;

mod access;
mod annotate;
mod audit;
mod audit_config_fuzz;
mod audit_formats;
mod audit_report;
mod bad_input;
mod completions;
mod contain;
mod diagrams;
mod diff;
mod docs_examples;
mod dot;
mod escaping;
mod evidence;
mod export;
mod folders;
mod format_doc;
mod formats;
mod help;
mod html_report;
mod id_fuzz;
mod ids;
mod import;
mod import_fuzz;
mod import_interrupt;
mod import_windows;
mod incident_2017;
mod incident_2024;
mod json;
mod load_fuzz;
mod notify;
mod output_files;
mod paths;
mod plan;
mod plan_property;
mod progress;
mod rank;
mod reach;
mod reach_property;
mod readme;
mod redact;
mod runaway;
mod scenario;
mod settled_points;
mod singular;
mod snapshot;
mod snapshot_fuzz;
mod stdio;
mod what_if;
