//! The audit's configuration file (RON): thresholds, rules switched off, and
//! suppressions that carry a reason and an expiry date.

use std::path::Path;

use petgraph::graph::NodeIndex;
use serde::Deserialize;

use super::{Finding, RULES};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::{Step, locate};
use crate::suggest;

/// Numbers above which a rule reports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// `over-shared`: more distinct delegates than this on one mailbox.
    pub delegates_per_mailbox: usize,
    /// `large-group-full-access`: FullAccess for a group with more members.
    pub group_members: usize,
    /// `personal-data-widely-reachable`: more credentials than this reach a
    /// mailbox holding personal data.
    pub credentials_per_mailbox: usize,
    /// `blast-radius`: one credential exposes more mailboxes than this.
    pub mailboxes_per_credential: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            delegates_per_mailbox: 10,
            group_members: 50,
            credentials_per_mailbox: 25,
            mailboxes_per_credential: 50,
        }
    }
}

/// A finding deliberately accepted: by rule and object, with a reason, until
/// a date. Once the date has passed it no longer hides anything and is
/// itself reported.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The rule id, e.g. `weak-delegate`.
    pub rule: String,
    /// The id of an object the finding involves (account, mailbox, group).
    pub object: String,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day the suppression holds, `YYYY-MM-DD`.
    #[serde(deserialize_with = "deserialize_date")]
    pub expires: Date,
}

impl Suppression {
    /// Whether this suppression is about `finding`.
    pub fn matches<'g>(&self, finding: &Finding, id: impl Fn(NodeIndex) -> &'g str) -> bool {
        self.rule == finding.rule.id
            && (finding.objects.iter().any(|node| id(*node) == self.object)
                || finding.others.iter().any(|other| other.id == self.object))
    }
}

fn deserialize_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse().map_err(|_| {
        serde::de::Error::custom(format!("`{text}` is not a date: expected YYYY-MM-DD"))
    })
}

/// The whole configuration; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub thresholds: Thresholds,
    /// Rule ids switched off.
    pub disabled: Vec<String>,
    pub suppressions: Vec<Suppression>,
    /// The file it was read from (none for the default configuration).
    #[serde(skip)]
    pub source: Option<std::path::PathBuf>,
}

impl Config {
    pub fn is_enabled(&self, rule: &str) -> bool {
        !self.disabled.iter().any(|id| id == rule)
    }

    /// Reads a configuration file, reporting bad RON and unknown rule ids at
    /// their line and column.
    pub fn load(path: &Path) -> Result<Config, Diagnostics> {
        let text = crate::load::read_utf8(path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let config: Config = ron::Options::default().from_str(text).map_err(|error| {
            Diagnostic::at(
                Location {
                    file: path.to_path_buf(),
                    line: error.span.start.line,
                    column: error.span.start.col,
                },
                error.code.to_string(),
            )
        })?;
        let mut diagnostics = Diagnostics::default();
        let known = RULES.iter().map(|rule| rule.id);
        let mut check = |rule: &str, path_in_file: &[Step<'_>]| {
            if !RULES.iter().any(|known| known.id == rule) {
                let (line, column) = locate(text, path_in_file);
                diagnostics.push(Diagnostic::at(
                    Location {
                        file: path.to_path_buf(),
                        line,
                        column,
                    },
                    format!(
                        "unknown rule `{rule}`{}",
                        suggest::hint(rule, known.clone())
                    ),
                ));
            }
        };
        for (i, rule) in config.disabled.iter().enumerate() {
            check(rule, &[Step::Field("disabled"), Step::Index(i)]);
        }
        for (i, suppression) in config.suppressions.iter().enumerate() {
            check(
                &suppression.rule,
                &[
                    Step::Field("suppressions"),
                    Step::Index(i),
                    Step::Field("rule"),
                ],
            );
        }
        if diagnostics.is_empty() {
            Ok(Config {
                source: Some(path.to_path_buf()),
                ..config
            })
        } else {
            Err(diagnostics)
        }
    }
}
