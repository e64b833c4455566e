//! What each kind of change costs, and which kinds a plan may propose.
//!
//! Costs are whole numbers of at least 1 (a free change would make every
//! plan ambiguous). They come from defaults, a RON file
//! (`(mfa: 3, grant: 1, forwarding: None)`: `None` forbids the kind) and
//! `--cost KIND=N|never` flags, later ones winning.

use std::path::Path;

use serde::Deserialize;

use super::ChangeKind;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::{Step, locate};
use crate::suggest;

/// The cost of each kind of change; `None` where the kind may not be
/// proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    pub mfa: Option<u32>,
    pub block_sign_in: Option<u32>,
    pub grant: Option<u32>,
    pub membership: Option<u32>,
    pub forwarding: Option<u32>,
    pub recovery: Option<u32>,
    pub application_owner: Option<u32>,
    pub application_permission: Option<u32>,
    pub role: Option<u32>,
    pub rule: Option<u32>,
}

impl Default for Costs {
    /// Enrolling a person in MFA takes their time and a device: 2. Every
    /// other change is one administrative action: 1.
    fn default() -> Self {
        Costs {
            mfa: Some(2),
            block_sign_in: Some(1),
            grant: Some(1),
            membership: Some(1),
            forwarding: Some(1),
            recovery: Some(1),
            application_owner: Some(1),
            application_permission: Some(1),
            role: Some(1),
            rule: Some(1),
        }
    }
}

impl Costs {
    /// The cost of a kind of change, or `None` if it may not be proposed.
    pub fn of(&self, kind: ChangeKind) -> Option<u32> {
        match kind {
            ChangeKind::Mfa => self.mfa,
            ChangeKind::BlockSignIn => self.block_sign_in,
            ChangeKind::Grant => self.grant,
            ChangeKind::Membership => self.membership,
            ChangeKind::Forwarding => self.forwarding,
            ChangeKind::Recovery => self.recovery,
            ChangeKind::ApplicationOwner => self.application_owner,
            ChangeKind::ApplicationPermission => self.application_permission,
            ChangeKind::Role => self.role,
            ChangeKind::Rule => self.rule,
        }
    }

    pub fn set(&mut self, kind: ChangeKind, cost: Option<u32>) {
        let slot = match kind {
            ChangeKind::Mfa => &mut self.mfa,
            ChangeKind::BlockSignIn => &mut self.block_sign_in,
            ChangeKind::Grant => &mut self.grant,
            ChangeKind::Membership => &mut self.membership,
            ChangeKind::Forwarding => &mut self.forwarding,
            ChangeKind::Recovery => &mut self.recovery,
            ChangeKind::ApplicationOwner => &mut self.application_owner,
            ChangeKind::ApplicationPermission => &mut self.application_permission,
            ChangeKind::Role => &mut self.role,
            ChangeKind::Rule => &mut self.rule,
        };
        *slot = cost;
    }

    /// Reads a cost file; a cost of 0, bad RON or an unknown kind is
    /// reported at its line and column.
    pub fn load(path: &Path) -> Result<Costs, Diagnostics> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| Diagnostic::in_file(path, format!("cannot read: {error}")))?;
        let at = |(line, column): (usize, usize), message: String| {
            Diagnostic::at(
                Location {
                    file: path.to_path_buf(),
                    line,
                    column,
                },
                message,
            )
        };
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let costs: Costs = options.from_str(&text).map_err(|error| {
            let message = match &error.code {
                ron::error::Error::NoSuchStructField { found: field, .. } => format!(
                    "unknown kind of change `{field}`{}",
                    suggest::hint(field, ChangeKind::ALL.iter().map(|k| k.as_str()))
                ),
                code => format!(
                    "{code}: expected `(kind: cost, ...)` with kinds {}",
                    kinds()
                ),
            };
            at((error.span.start.line, error.span.start.col), message)
        })?;
        let mut problems = Diagnostics::default();
        for kind in ChangeKind::ALL {
            if costs.of(kind) == Some(0) {
                let position = locate(&text, &[Step::Field(kind.as_str())]);
                problems.push(at(
                    position,
                    format!(
                        "the cost of `{}` is 0: costs are at least 1 (write `None` to forbid the change)",
                        kind.as_str()
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(costs)
        } else {
            Err(problems)
        }
    }

    /// Applies one `KIND=N` or `KIND=never` flag.
    pub fn apply_flag(&mut self, flag: &str) -> Result<(), Diagnostic> {
        let Some((name, value)) = flag.split_once('=') else {
            return Err(Diagnostic::argument(format!(
                "--cost `{flag}`: expected KIND=N or KIND=never, with kinds {}",
                kinds()
            )));
        };
        let kind = ChangeKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name.trim().replace('-', "_"))
            .ok_or_else(|| {
                Diagnostic::argument(format!(
                    "--cost `{flag}`: unknown kind of change `{name}`{}",
                    suggest::hint(name, ChangeKind::ALL.iter().map(|k| k.as_str()))
                ))
            })?;
        let cost = match value.trim() {
            "never" => None,
            number => match number.parse::<u32>() {
                Ok(cost) if cost >= 1 => Some(cost),
                _ => {
                    return Err(Diagnostic::argument(format!(
                        "--cost `{flag}`: the cost must be a whole number of at least 1, or `never`"
                    )));
                }
            },
        };
        self.set(kind, cost);
        Ok(())
    }
}

fn kinds() -> String {
    ChangeKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_set_and_forbid_kinds() {
        let mut costs = Costs::default();
        costs.apply_flag("mfa=5").unwrap();
        costs.apply_flag("block-sign-in=never").unwrap();
        assert_eq!(costs.of(ChangeKind::Mfa), Some(5));
        assert_eq!(costs.of(ChangeKind::BlockSignIn), None);
        assert!(costs.apply_flag("grant=0").is_err());
        let unknown = costs.apply_flag("grnat=2").unwrap_err();
        assert!(unknown.message.contains("`grant`"), "{}", unknown.message);
    }
}
