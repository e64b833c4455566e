//! Reading `Search-UnifiedAuditLog` exports: the CSV PowerShell's
//! `Export-Csv` writes from the cmdlet's output (columns `RecordType`,
//! `CreationDate`, `UserIds`, `Operations`, `AuditData`, `ResultIndex`,
//! `ResultCount`, ...), or the Purview portal's export (`RecordId`,
//! `CreationDate`, `RecordType`, `Operation`, `UserId`, `AuditData`). Only
//! `AuditData` is read: its JSON holds the record with its UTC
//! `CreationTime`, whereas `CreationDate` is formatted in the exporting
//! machine's culture and time zone.
//!
//! <https://learn.microsoft.com/powershell/module/exchange/search-unifiedauditlog>
//!
//! Paged searches return a record again on a later page: records are
//! counted once by their `Id`. A row whose `AuditData` does not parse is
//! skipped, counted and located; a file that cannot be read as an export
//! at all (no `AuditData` column, broken CSV, not one usable row) stops
//! the command.

use std::collections::HashSet;
use std::path::PathBuf;

use super::record::AuditRecord;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::Result;
use crate::import::csv::Table;

/// The records of every export given, each once.
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    pub files: Vec<PathBuf>,
    /// In the order read, duplicates dropped.
    pub records: Vec<AuditRecord>,
    /// Data rows read, over every file.
    pub rows: usize,
    /// Rows that repeated a record already read (another result page).
    pub duplicates: usize,
    /// Rows that did not parse, each at its file, line and column.
    pub skipped: Vec<Diagnostic>,
}

impl AuditLog {
    /// Reads every export in `paths`; every unusable file is reported.
    pub fn read(paths: &[PathBuf]) -> Result<AuditLog> {
        let mut log = AuditLog {
            files: paths.to_vec(),
            ..AuditLog::default()
        };
        let mut seen = HashSet::new();
        let mut problems = Diagnostics::default();
        for path in paths {
            let mut file = match Table::open(path) {
                Ok(file) => file,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let table = file.header().clone();
            if table.is_empty() {
                // PowerShell writes an empty file when a search found nothing.
                continue;
            }
            let column = match table.require(&["AuditData"]) {
                Ok(column) => column,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let mut usable = 0;
            let mut rows = 0;
            while let Some(row) = file.next_row() {
                let row = match row {
                    Ok(row) => row,
                    Err(problem) => {
                        // A malformed file (a ragged row, a quote never
                        // closed, bad text) is a problem with the input.
                        problems.push(problem);
                        continue;
                    }
                };
                rows += 1;
                log.rows += 1;
                match AuditRecord::parse(table.cell(&row, column)) {
                    Ok(record) => {
                        usable += 1;
                        if seen.insert(record.id.clone()) {
                            log.records.push(record);
                        } else {
                            log.duplicates += 1;
                        }
                    }
                    Err(message) => log.skipped.push(table.problem(&row, column, message)),
                }
            }
            if usable == 0 && rows > 0 {
                problems.push(Diagnostic::in_file(
                    path,
                    format!(
                        "no row's AuditData could be read ({} rows): not a unified audit log export",
                        rows
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(log)
        } else {
            Err(problems.into())
        }
    }
}
