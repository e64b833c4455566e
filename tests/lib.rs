//! The integration tests, one module per user-visible feature, compiled into
//! one test binary so the suite builds once. Each test runs the real
//! `mailgraph` binary and checks its standard output, standard error and
//! exit status, the way a user sees them.

mod support;

mod audit;
mod bad_input;
mod diff;
mod docs_examples;
mod dot;
mod escaping;
mod format_doc;
mod import;
mod incident_2017;
mod load_fuzz;
mod output_files;
mod reach;
mod reach_property;
mod redact;
mod scenario;
mod settled_points;
