//! Annotations: fields set on an account or a mailbox that another file
//! defines (docs/format.md, "Annotating records defined elsewhere").
//!
//! An import writes the records the exports describe and replaces them on
//! every re-import; what people add by hand (data controllers, data
//! subjects, sensitivity, roles, password knowledge) lives in files of its
//! own that annotate those records. Annotations are applied to the merged
//! model before it is validated, so every later layer sees plain records.
//!
//! Each field is set in one place. A field that the record itself writes,
//! or that an earlier annotation set, is a problem at the annotation's
//! field, and so is an id no record has (with the nearest known ids) and a
//! data controller no file defines. Whether a record writes a field is read
//! from its text: a record that leaves a field out leaves it to an
//! annotation, even where the default it takes is the value written.

use std::collections::HashSet;

use crate::FastMap;

use super::Step;
use super::validate::{Problem, Section};
use crate::model::{AccountAnnotation, MailboxAnnotation, Model, Origin};
use crate::suggest;

/// The annotations of every file, in file order, with their origins.
#[derive(Debug, Default)]
pub struct Annotations {
    pub accounts: Vec<(AccountAnnotation, Origin)>,
    pub mailboxes: Vec<(MailboxAnnotation, Origin)>,
}

impl Annotations {
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.mailboxes.is_empty()
    }
}

/// Applies `annotations` to `model`. `writes(file, path)` says whether the
/// text of file `file` has a value at `path` (a record's field).
pub fn apply(
    model: &mut Model,
    annotations: Annotations,
    writes: &mut dyn FnMut(u32, &[Step<'_>]) -> bool,
) -> Vec<Problem> {
    let mut applier = Applier {
        files: model.files.clone(),
        set_by: FastMap::default(),
        problems: Vec::new(),
        writes,
    };
    if !annotations.accounts.is_empty() {
        let index = first_index(
            annotations.accounts.iter().map(|(a, _)| a.id.as_str()),
            model.accounts.iter().map(|a| a.id.as_str()),
        );
        for (annotation, origin) in annotations.accounts {
            let Some(&Some(record)) = index.get(annotation.id.as_str()) else {
                applier.unknown(
                    "account",
                    &annotation.id,
                    origin,
                    Section::AccountAnnotations,
                    model.accounts.iter().map(|a| a.id.as_str()),
                );
                continue;
            };
            let account = &mut model.accounts[record];
            let target = Target {
                noun: "account",
                section: Section::Accounts,
                record,
                origin: model.origins.accounts[record],
                annotation: Section::AccountAnnotations,
                at: origin,
                id: &annotation.id,
            };
            applier.set(&target, "role", annotation.role, &mut account.role);
            applier.set(&target, "unit", annotation.unit, &mut account.unit);
            applier.set(
                &target,
                "contractor",
                annotation.contractor,
                &mut account.contractor,
            );
            applier.set(&target, "mfa", annotation.mfa, &mut account.mfa);
            applier.set(
                &target,
                "password",
                annotation.password,
                &mut account.password,
            );
        }
    }
    if !annotations.mailboxes.is_empty() {
        let index = first_index(
            annotations.mailboxes.iter().map(|(m, _)| m.id.as_str()),
            model.mailboxes.iter().map(|m| m.id.as_str()),
        );
        let controllers: HashSet<String> = model.controllers.iter().map(|c| c.id.clone()).collect();
        for (annotation, origin) in annotations.mailboxes {
            let Some(&Some(record)) = index.get(annotation.id.as_str()) else {
                applier.unknown(
                    "mailbox",
                    &annotation.id,
                    origin,
                    Section::MailboxAnnotations,
                    model.mailboxes.iter().map(|m| m.id.as_str()),
                );
                continue;
            };
            let target = Target {
                noun: "mailbox",
                section: Section::Mailboxes,
                record,
                origin: model.origins.mailboxes[record],
                annotation: Section::MailboxAnnotations,
                at: origin,
                id: &annotation.id,
            };
            let controller = match annotation.controller {
                Some(controller) if !controllers.contains(controller.as_str()) => {
                    let message = format!(
                        "unknown data controller `{controller}` as controller{}",
                        suggest::hint(&controller, model.controllers.iter().map(|c| c.id.as_str()))
                    );
                    applier.problem(&target, "controller", message);
                    None
                }
                known => known.map(Some),
            };
            let mailbox = &mut model.mailboxes[record];
            applier.set(&target, "controller", controller, &mut mailbox.controller);
            applier.set(
                &target,
                "data_subjects",
                annotation.data_subjects,
                &mut mailbox.data_subjects,
            );
            applier.set(
                &target,
                "sensitivity",
                annotation.sensitivity,
                &mut mailbox.sensitivity,
            );
        }
    }
    applier.problems
}

/// For each id `wanted`, the index of the first record with that id among
/// `ids` (a duplicate id is validation's to report), in one pass.
fn first_index<'a>(
    wanted: impl Iterator<Item = &'a str>,
    ids: impl Iterator<Item = &'a str>,
) -> FastMap<String, Option<usize>> {
    let mut index: FastMap<String, Option<usize>> =
        wanted.map(|id| (id.to_string(), None)).collect();
    for (i, id) in ids.enumerate() {
        if let Some(slot @ None) = index.get_mut(id) {
            *slot = Some(i);
        }
    }
    index
}

/// The record an annotation sets fields on, and the annotation.
struct Target<'a> {
    /// What the record is (`account`, `mailbox`).
    noun: &'static str,
    /// The record's section, index and origin.
    section: Section,
    record: usize,
    origin: Origin,
    /// The annotation's section and origin.
    annotation: Section,
    at: Origin,
    id: &'a str,
}

struct Applier<'w> {
    files: Vec<std::path::PathBuf>,
    /// The annotation that set each field of each record so far.
    set_by: FastMap<(&'static str, usize, &'static str), Origin>,
    problems: Vec<Problem>,
    writes: &'w mut dyn FnMut(u32, &[Step<'_>]) -> bool,
}

impl Applier<'_> {
    /// Sets `field` to `value`, if given and not set anywhere else.
    fn set<T>(&mut self, target: &Target<'_>, field: &'static str, value: Option<T>, slot: &mut T) {
        let Some(value) = value else {
            return;
        };
        let noun = target.noun;
        let key = (target.section.field(), target.record, field);
        if let Some(first) = self.set_by.get(&key) {
            let message = format!(
                "`{field}` of {noun} `{}` is already set by an annotation in {} ({} #{}): set it in one place",
                target.id,
                self.files[first.file as usize].display(),
                target.annotation.field(),
                first.index + 1
            );
            self.problem(target, field, message);
            return;
        }
        let path = [
            Step::Field(target.section.field()),
            Step::Index(target.origin.index as usize),
            Step::Field(field),
        ];
        if (self.writes)(target.origin.file, &path) {
            let message = format!(
                "`{field}` of {noun} `{}` is already set where the {noun} is defined, in {} ({} #{}): set it in one place",
                target.id,
                self.files[target.origin.file as usize].display(),
                target.section.field(),
                target.origin.index + 1
            );
            self.problem(target, field, message);
            return;
        }
        self.set_by.insert(key, target.at);
        *slot = value;
    }

    /// An annotation naming no record.
    fn unknown<'m>(
        &mut self,
        noun: &str,
        id: &str,
        at: Origin,
        section: Section,
        candidates: impl Iterator<Item = &'m str>,
    ) {
        self.problems.push(Problem {
            section,
            origin: at,
            field: vec![Step::Field("id")],
            message: format!(
                "unknown {noun} `{id}` to annotate{}",
                suggest::hint(id, candidates)
            ),
        });
    }

    fn problem(&mut self, target: &Target<'_>, field: &'static str, message: String) {
        self.problems.push(Problem {
            section: target.annotation,
            origin: target.at,
            field: vec![Step::Field(field)],
            message,
        });
    }
}
