//! A mutation harness for each CSV export kind the import reads: the
//! fixture exports, mutated at random (bytes flipped, quotes, delimiters,
//! line breaks, NULs and byte-order marks inserted, cut short, re-encoded
//! as UTF-16), are imported in-process; the import must never panic, and
//! every problem it reports must name its file (with a line and column
//! unless the whole file is refused).
//!
//! `cargo test` runs a few dozen cases per kind. The long run is separate
//! (docs/import.md says how long it ran and what it found):
//!
//! ```sh
//! MAILGRAPH_FUZZ_CASES=20000 cargo test --release --test integration \
//!     import_fuzz::long_run -- --ignored --nocapture
//! ```

use std::path::{Path, PathBuf};

use mailgraph::import::{Inputs, import};

const FIXTURES: &str = "tests/fixtures/import";

/// The export kinds, each with a fixture to mutate and how to pass it.
const KINDS: [(&str, &str); 7] = [
    ("mailboxes", "mailboxes.csv"),
    ("mailbox-permissions", "mailbox-permissions.csv"),
    ("recipient-permissions", "recipient-permissions.csv"),
    ("folder-permissions", "folder-permissions-calendar.csv"),
    ("group-members", "group-members.csv"),
    ("users", "users.csv"),
    ("recipients", "windows/names/recipients.csv"),
];

/// SplitMix64: deterministic, so a failing case is reproduced by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `bytes` after one to four random mutations.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    const PIECES: [&[u8]; 12] = [
        b"\"",
        b",",
        b";",
        b"\t",
        b"\r\n",
        b"\r",
        b"\n",
        b"\0",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xc3",
        b"\"\"",
    ];
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                out.splice(at..at, piece.iter().copied());
            }
            2 => out.truncate(at),
            3 if at < out.len() => {
                let end = (at + rng.below(40)).min(out.len());
                out.drain(at..end);
            }
            4 => {
                // A stretch repeated: long cells, many fields, many rows.
                let end = (at + rng.below(64)).min(out.len());
                let stretch = out[at..end].to_vec();
                for _ in 0..rng.below(50) {
                    out.splice(at..at, stretch.iter().copied());
                }
            }
            _ => {
                if let Ok(text) = std::str::from_utf8(&out) {
                    let mut utf16 = vec![0xff, 0xfe];
                    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    out = utf16;
                }
            }
        }
    }
    out
}

fn inputs(kind: &str, file: PathBuf) -> Inputs {
    let mut inputs = Inputs {
        mailboxes: Path::new(FIXTURES).join("mailboxes.csv"),
        ..Inputs::default()
    };
    match kind {
        "mailboxes" => inputs.mailboxes = file,
        "mailbox-permissions" => inputs.mailbox_permissions.push(file),
        "recipient-permissions" => inputs.recipient_permissions.push(file),
        "folder-permissions" => inputs.folder_permissions.push(file),
        "group-members" => inputs.group_members.push(file),
        "users" => inputs.users = Some(file),
        "recipients" => inputs.recipients.push(file),
        _ => unreachable!("{kind}"),
    }
    inputs
}

/// Runs `cases` mutations of each kind from `seed`; returns how many were
/// refused with diagnostics and how many imported.
fn run(cases: usize, seed: u64) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let (mut refused, mut imported) = (0, 0);
    for (kind, fixture) in KINDS {
        let original = std::fs::read(Path::new(FIXTURES).join(fixture)).unwrap();
        let mut rng = Rng(seed ^ kind.len() as u64);
        for case in 0..cases {
            let bytes = mutate(&original, &mut rng);
            let path = dir.path().join(format!("{kind}.csv"));
            std::fs::write(&path, &bytes).unwrap();
            let inputs = inputs(kind, path.clone());
            let outcome = std::panic::catch_unwind(|| import(&inputs));
            let Ok(outcome) = outcome else {
                let kept = dir.path().join(format!("panic-{kind}-{case}.csv"));
                std::fs::write(&kept, &bytes).unwrap();
                panic!(
                    "{kind} case {case} (seed {seed}) panicked: {}",
                    kept.display()
                );
            };
            match outcome {
                Ok(_) => imported += 1,
                Err(problems) => {
                    refused += 1;
                    assert!(!problems.is_empty());
                    for problem in problems.iter() {
                        assert!(problem.file.is_some(), "{kind} case {case}: {problem}");
                        if problem.file.as_deref() == Some(path.as_path())
                            && problem.position.is_none()
                        {
                            assert!(
                                problem.message.contains("cannot read")
                                    || problem.message.contains("larger than"),
                                "{kind} case {case}: unlocated {problem}"
                            );
                        }
                    }
                }
            }
        }
    }
    (refused, imported)
}

#[test]
fn mutated_exports_of_every_kind_never_panic() {
    let (refused, imported) = run(40, 1);
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    assert!(
        refused > 0 && imported > 0,
        "{refused} refused, {imported} imported"
    );
}

#[test]
#[ignore = "long run: MAILGRAPH_FUZZ_CASES=20000 cargo test --release --test integration import_fuzz::long_run -- --ignored --nocapture"]
fn long_run() {
    let cases = std::env::var("MAILGRAPH_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let seed = std::env::var("MAILGRAPH_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let start = std::time::Instant::now();
    let (refused, imported) = run(cases, seed);
    println!(
        "{} cases per kind, {} kinds, seed {seed}: {refused} refused with located errors, {imported} imported, {:.1?}",
        cases,
        KINDS.len(),
        start.elapsed()
    );
}
