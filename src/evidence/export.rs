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
//! counted once by their `Id`. A row whose `AuditData` does not parse, or
//! with the wrong number of fields, is skipped, counted and located; a
//! file that cannot be read as an export (no `AuditData` column, text that
//! cannot be read, such as a quote never closed, not one usable row) stops
//! the command. The import's CSV reader reads the file a row at a time
//! (UTF-8 or UTF-16, CRLF or LF, `,` `;` or tab).

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
            let mut table = match Table::open(path) {
                Ok(table) => table,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let header = table.header().clone();
            if header.is_empty() {
                // PowerShell writes an empty file when a search found nothing.
                continue;
            }
            let column = match header.require(&["AuditData"]) {
                Ok(column) => column,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let (mut usable, mut rows) = (0, 0);
            while let Some(row) = table.next_row() {
                log.rows += 1;
                rows += 1;
                let row = match row {
                    Ok(row) => row,
                    // Text that cannot be read ends the file: what follows
                    // is lost, so the file is unusable.
                    Err(problem) if table.is_done() => {
                        problems.push(problem);
                        break;
                    }
                    // A row with the wrong number of fields is skipped.
                    Err(problem) => {
                        log.skipped.push(problem);
                        continue;
                    }
                };
                match AuditRecord::parse(header.cell(&row, column)) {
                    Ok(record) => {
                        usable += 1;
                        if seen.insert(record.id.clone()) {
                            log.records.push(record);
                        } else {
                            log.duplicates += 1;
                        }
                    }
                    Err(message) => log.skipped.push(header.problem(&row, column, message)),
                }
            }
            if usable == 0 && rows > 0 {
                problems.push(Diagnostic::in_file(
                    path,
                    format!(
                        "no row's AuditData could be read ({rows} rows): not a unified audit log export"
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
