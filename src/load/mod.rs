//! Reading a directory of RON files into a validated [`Model`].
//!
//! A path is one RON file or a folder searched recursively for `*.ron`
//! files, read in path order and merged. Files under a folder named
//! `incidents` each hold one incident; every other file is a [`Document`].
//! Loading reports every problem it can find in one run (the first syntax
//! error of each file, then every semantic problem of the files that
//! parsed), each at its file, line and column.

mod annotate;
mod discover;
mod locate;
mod validate;

use std::path::{Path, PathBuf};

pub use discover::MAX_FILE_BYTES;
use discover::describe_io;
pub(crate) use discover::discover;
pub use locate::{Locator, Step, locate};
pub use validate::Section;

use annotate::Annotations;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::model::{Document, Incident, Model, Origin};
use crate::progress::{Phase, Progress};

/// Loads and validates the model at `path` (a RON file or a folder of them).
pub fn load(path: &Path) -> Result<Model, Diagnostics> {
    let reading = Progress::start(Phase::ReadFiles);
    let (files, skipped) = discover(path)?;
    for line in &skipped {
        crate::progress::warn(line);
    }
    reading.finish();
    let parsing = Progress::counting(Phase::Parse, files.len() as u64, "files");
    let parsed = parse_all(&files, &parsing);
    parsing.finish();
    let _validating = Progress::start(Phase::Validate);

    let mut diagnostics = Diagnostics::default();
    let mut model = Model::default();
    let mut annotations = Annotations::default();
    for (file_index, (file, outcome)) in files.iter().zip(parsed).enumerate() {
        match outcome {
            Ok(contents) => merge(&mut model, &mut annotations, file_index as u32, contents),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        model.files.push(file.clone());
    }

    // One locator per file with problems (or annotated records): its text
    // is read and indexed once.
    let mut locators: std::collections::HashMap<u32, Locator> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    if !annotations.is_empty() {
        let files = model.files.clone();
        let mut writes = |file: u32, path: &[Step<'_>]| {
            locators
                .entry(file)
                .or_insert_with(|| Locator::new(read_text(&files[file as usize])))
                .contains(path)
        };
        problems = annotate::apply(&mut model, annotations, &mut writes);
    }
    problems.extend(validate::validate(&model));
    for problem in problems {
        let file = &model.files[problem.origin.file as usize];
        let locator = locators
            .entry(problem.origin.file)
            .or_insert_with(|| Locator::new(read_text(file)));
        let (line, column) = locator.locate(&problem.path(is_incident_file(file)));
        let location = Location {
            file: file.clone(),
            line,
            column,
        };
        diagnostics.push(Diagnostic::at(location, problem.message));
    }
    // Report in the order a reader goes through the files.
    diagnostics
        .0
        .sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    if diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(diagnostics)
    }
}

/// The file, line and column of the records of a loaded model (for
/// reports that point at the record at fault, such as SARIF): each file is
/// read again and indexed once, on the first record asked for in it.
pub struct RecordPlaces<'m> {
    model: &'m Model,
    locators: std::collections::HashMap<u32, Locator>,
}

impl<'m> RecordPlaces<'m> {
    pub fn new(model: &'m Model) -> RecordPlaces<'m> {
        RecordPlaces {
            model,
            locators: std::collections::HashMap::new(),
        }
    }

    /// Where the `index`th record of `section` (an index into the model's
    /// list) starts; `None` for an index the model does not have.
    pub fn locate(&mut self, section: Section, index: usize) -> Option<Location> {
        let origins = &self.model.origins;
        let list = match section {
            Section::Controllers => &origins.controllers,
            Section::Accounts => &origins.accounts,
            Section::Mailboxes => &origins.mailboxes,
            Section::Groups => &origins.groups,
            Section::Grants => &origins.grants,
            Section::Forwarding => &origins.forwarding,
            Section::Recovery => &origins.recovery,
            Section::Applications => &origins.applications,
            Section::ApplicationPermissions => &origins.application_permissions,
            Section::AdminRoles => &origins.admin_roles,
            Section::InboxRules => &origins.inbox_rules,
            Section::MailFlowRules => &origins.mail_flow_rules,
            Section::Incidents => &origins.incidents,
            Section::StaleGrants => &origins.stale_grants,
            // Annotations are merged into the records they annotate.
            Section::AccountAnnotations | Section::MailboxAnnotations => return None,
        };
        let origin = *list.get(index)?;
        let file = self.model.files.get(origin.file as usize)?;
        let locator = self
            .locators
            .entry(origin.file)
            .or_insert_with(|| Locator::new(read_text(file)));
        let path = validate::record_path(section, origin, is_incident_file(file), &[]);
        let (line, column) = locator.locate(&path);
        Some(Location {
            file: file.clone(),
            line,
            column,
        })
    }
}

/// The location of the value at `path` in `file`, read again from disk (this
/// only happens for files that have a problem).
fn locate_in(file: &Path, path: &[Step<'_>]) -> Location {
    let (line, column) = locate(&read_text(file), path);
    Location {
        file: file.to_path_buf(),
        line,
        column,
    }
}

fn read_text(file: &Path) -> String {
    read_input(file)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The path that names standard input: `mailgraph check -` reads one RON
/// document from it.
pub const STDIN: &str = "-";

/// The bytes of an input file, or of standard input for [`STDIN`] (read
/// once, and kept, so that a problem found later is still located in it).
fn read_input(file: &Path) -> std::io::Result<Vec<u8>> {
    static STANDARD_INPUT: std::sync::OnceLock<Result<Vec<u8>, String>> =
        std::sync::OnceLock::new();
    if file != Path::new(STDIN) {
        return std::fs::read(file);
    }
    STANDARD_INPUT
        .get_or_init(|| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .map(|_| bytes)
                .map_err(|error| error.to_string())
        })
        .clone()
        .map_err(std::io::Error::other)
}

/// What one file holds.
enum Contents {
    Document(Box<Document>),
    Incident(Incident),
}

/// Parses every file, on as many threads as the machine has cores: parsing
/// is most of the time spent loading a large organisation.
fn parse_all(files: &[PathBuf], progress: &Progress) -> Vec<Result<Contents, Diagnostic>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len())
        .max(1);
    // Largest files first, so that no core is left parsing a big file
    // alone at the end.
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: &usize| std::fs::metadata(&files[*i]).map_or(0, |m| m.len());
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Contents, Diagnostic>>> = Vec::new();
    results.resize_with(files.len(), || None);
    let results = std::sync::Mutex::new(results);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let position = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&index) = order.get(position) else {
                        break;
                    };
                    let file = &files[index];
                    let outcome = parse_file(file);
                    progress.inc(1);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|outcome| outcome.expect("every file was parsed"))
        .collect()
}

/// The bytes of `file`, refused past [`MAX_FILE_BYTES`] even if it grew
/// after it was found.
fn read_limited(file: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot = |error: std::io::Error| {
        Diagnostic::in_file(file, format!("cannot read: {}", describe_io(&error)))
    };
    if file == Path::new(STDIN) {
        let bytes = read_input(file).map_err(cannot)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(discover::too_large(file, bytes.len() as u64));
        }
        return Ok(bytes);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .map_err(cannot)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(discover::too_large(file, bytes.len() as u64));
    }
    Ok(bytes)
}

fn is_incident_file(file: &Path) -> bool {
    file.parent()
        .and_then(Path::file_name)
        .is_some_and(|name| name == "incidents")
}

/// The text of a RON file (a model's, or the audit's configuration): at
/// most [`MAX_FILE_BYTES`], UTF-8 (bytes that are not are reported at
/// their line and column).
pub(crate) fn read_utf8(file: &Path) -> Result<String, Diagnostic> {
    let bytes = read_limited(file)?;
    String::from_utf8(bytes).map_err(|error| {
        let (line, column) = position_of_offset(error.as_bytes(), error.utf8_error().valid_up_to());
        Diagnostic::at(
            Location {
                file: file.to_path_buf(),
                line,
                column,
            },
            "not UTF-8 text: RON files must be UTF-8",
        )
    })
}

fn parse_file(file: &Path) -> Result<Contents, Diagnostic> {
    let text = read_utf8(file)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let incident = is_incident_file(file);
    if is_blank(text) {
        let expected = if incident {
            "an incident such as `(name: \"...\", date: \"YYYY-MM-DD\", compromised: [...])`"
        } else {
            "a document such as `(accounts: [...], mailboxes: [...])`"
        };
        return Err(Diagnostic::at(
            Location {
                file: file.to_path_buf(),
                line: 1,
                column: 1,
            },
            format!("the file is empty: expected {expected}"),
        ));
    }
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let outcome = if incident {
        options.from_str::<Incident>(text).map(Contents::Incident)
    } else {
        options
            .from_str::<Document>(text)
            .map(|document| Contents::Document(Box::new(document)))
    };
    outcome.map_err(|error| {
        Diagnostic::at(
            Location {
                file: file.to_path_buf(),
                line: error.span.start.line,
                column: error.span.start.col,
            },
            describe_ron_error(&error.code),
        )
    })
}

/// Whether a text holds nothing but white space and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with("//")
    })
}

fn position_of_offset(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// ron's messages, made to say what was expected in the model's terms.
fn describe_ron_error(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("value");
            format!(
                "unknown {what} `{found}`: expected one of {}",
                expected.join(", ")
            )
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("record");
            format!(
                "unknown field `{found}` in {what}: expected one of {}",
                expected.join(", ")
            )
        }
        ron::Error::MissingStructField { field, outer } => {
            let what = outer.as_deref().unwrap_or("record");
            format!("missing field `{field}` in {what}")
        }
        ron::Error::Eof => "unexpected end of file: a bracket or value is missing".to_string(),
        ron::Error::ExpectedComma => "expected `,` or a closing bracket".to_string(),
        other => {
            let message = other.to_string();
            let mut chars = message.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => message,
            }
        }
    }
}

/// Adds one file's records to the model, noting where each came from;
/// its annotations are kept apart, to apply once every record is known.
fn merge(model: &mut Model, annotations: &mut Annotations, file: u32, contents: Contents) {
    fn extend<T>(records: &mut Vec<T>, origins: &mut Vec<Origin>, file: u32, new: Vec<T>) {
        origins.extend((0..new.len() as u32).map(|index| Origin { file, index }));
        records.extend(new);
    }
    match contents {
        Contents::Incident(incident) => {
            model.origins.incidents.push(Origin { file, index: 0 });
            model.incidents.push(incident);
        }
        Contents::Document(document) => {
            let document = *document;
            let at = |index: usize| Origin {
                file,
                index: index as u32,
            };
            annotations.accounts.extend(
                document
                    .account_annotations
                    .into_iter()
                    .enumerate()
                    .map(|(i, annotation)| (annotation, at(i))),
            );
            annotations.mailboxes.extend(
                document
                    .mailbox_annotations
                    .into_iter()
                    .enumerate()
                    .map(|(i, annotation)| (annotation, at(i))),
            );
            let origins = &mut model.origins;
            extend(
                &mut model.controllers,
                &mut origins.controllers,
                file,
                document.controllers,
            );
            extend(
                &mut model.accounts,
                &mut origins.accounts,
                file,
                document.accounts,
            );
            extend(
                &mut model.mailboxes,
                &mut origins.mailboxes,
                file,
                document.mailboxes,
            );
            extend(
                &mut model.groups,
                &mut origins.groups,
                file,
                document.groups,
            );
            extend(
                &mut model.grants,
                &mut origins.grants,
                file,
                document.grants,
            );
            extend(
                &mut model.stale_grants,
                &mut origins.stale_grants,
                file,
                document.stale_grants,
            );
            extend(
                &mut model.forwarding,
                &mut origins.forwarding,
                file,
                document.forwarding,
            );
            extend(
                &mut model.recovery,
                &mut origins.recovery,
                file,
                document.recovery,
            );
            extend(
                &mut model.applications,
                &mut origins.applications,
                file,
                document.applications,
            );
            extend(
                &mut model.application_permissions,
                &mut origins.application_permissions,
                file,
                document.application_permissions,
            );
            extend(
                &mut model.admin_roles,
                &mut origins.admin_roles,
                file,
                document.admin_roles,
            );
            extend(
                &mut model.inbox_rules,
                &mut origins.inbox_rules,
                file,
                document.inbox_rules,
            );
            extend(
                &mut model.mail_flow_rules,
                &mut origins.mail_flow_rules,
                file,
                document.mail_flow_rules,
            );
            extend(
                &mut model.incidents,
                &mut origins.incidents,
                file,
                document.incidents,
            );
        }
    }
}

/// Where the record of `section` at `origin` is, for messages about records
/// found after loading (the graph, the audit).
pub fn record_location(model: &Model, section: Section, origin: Origin) -> Location {
    let file = &model.files[origin.file as usize];
    let path = validate::record_path(section, origin, is_incident_file(file), &[]);
    locate_in(file, &path)
}
