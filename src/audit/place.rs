//! Where a finding is written: the file, line and column of the record at
//! fault (a grant, a forwarding, a mailbox...), or of the suppression in
//! the configuration file, for reports that point at it (SARIF, CSV).

use crate::diagnostic::Location;
use crate::load::{Locator, RecordPlaces, Step};
use crate::model::Model;

use super::{Config, Finding, Record};

pub struct Places<'a> {
    records: RecordPlaces<'a>,
    /// The configuration file and its text, read on the first suppression
    /// asked for.
    config: Option<(&'a std::path::Path, Option<Locator>)>,
}

impl<'a> Places<'a> {
    pub fn new(model: &'a Model, config: &'a Config) -> Places<'a> {
        Places {
            records: RecordPlaces::new(model),
            config: config.source.as_deref().map(|path| (path, None)),
        }
    }

    /// Where `finding`'s record is, if it has one that is in a file.
    pub fn of(&mut self, finding: &Finding) -> Option<Location> {
        match finding.record? {
            Record::Model { section, index } => self.records.locate(section, index as usize),
            Record::Suppression(index) => {
                let (path, locator) = self.config.as_mut()?;
                let path: &std::path::Path = path;
                let locator = locator.get_or_insert_with(|| {
                    let bytes = std::fs::read(path).unwrap_or_default();
                    Locator::new(String::from_utf8_lossy(&bytes).into_owned())
                });
                let (line, column) =
                    locator.locate(&[Step::Field("suppressions"), Step::Index(index)]);
                Some(Location {
                    file: path.to_path_buf(),
                    line,
                    column,
                })
            }
        }
    }
}
