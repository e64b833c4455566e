//! Cells that hold lists: joined recipients and rights, and the type names
//! `Export-Csv` writes for a list that was not joined.

use crate::diagnostic::Diagnostic;
use crate::import::csv::{Column, Header, Row};

/// Rejects a cell holding a .NET type name: what `Export-Csv` writes for a
/// multi-valued property unless it is joined first.
pub(super) fn reject_type_name(
    table: &Header,
    row: &Row,
    column: Column,
    text: &str,
) -> Result<(), Diagnostic> {
    if text.starts_with("System.") || text.starts_with("Microsoft.Exchange.") {
        let header = table.title(column);
        return Err(table.problem(
            row,
            column,
            format!(
                "`{text}` is a type name, not values: export the column joined, as @{{n='{header}';e={{$_.{header} -join ';'}}}} (docs/import.md)"
            ),
        ));
    }
    Ok(())
}

/// The recipients named in a multi-valued column joined with `;`.
pub(super) fn names(
    table: &Header,
    row: &Row,
    column: Option<Column>,
) -> Result<Vec<String>, Diagnostic> {
    let Some(column) = column else {
        return Ok(Vec::new());
    };
    let text = table.cell(row, column);
    reject_type_name(table, row, column, text)?;
    Ok(text
        .split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect())
}

/// The rights in an `AccessRights` cell: one or several, separated by
/// commas or semicolons, possibly in braces (`{FullAccess, ReadPermission}`).
pub(super) fn rights_in<'r>(
    table: &Header,
    row: &'r Row,
    column: Column,
) -> Result<Vec<&'r str>, Diagnostic> {
    let text = table.cell(row, column);
    reject_type_name(table, row, column, text)?;
    Ok(text
        .trim_matches(|c| c == '{' || c == '}')
        .split([',', ';'])
        .map(str::trim)
        .filter(|right| !right.is_empty())
        .collect())
}
