//! Bad input: every class of problem is reported at its file, line and
//! column with a one-line reason, every problem in one run, exit status 2.

use crate::support::{arg, fixture, mailgraph};

#[test]
fn placeholder_until_cases_are_written() {
    let dir = fixture(&[("a.ron", "")]);
    mailgraph(&["check", arg(dir.path())]).expect_status(2);
}
