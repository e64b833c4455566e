//! Ids typed on the command line, as a hurried or hostile user types them:
//! known ids with their case changed, a character deleted, replaced or
//! inserted (escape sequences, bidirectional controls, characters whose
//! lower case is longer, such as `İ`), and random text. Whatever is typed,
//! resolving it as a credential, a mailbox or a path's target
//! (`graph/resolve.rs`, what every command does with an id) never panics;
//! what it finds is the id typed (in any case) or its owner relation; an
//! error prints no control character raw; and a redacted run's error and
//! notes name no id but the one typed.
//!
//! `cargo test` runs a few hundred cases; the long run is
//! `MAILGRAPH_FUZZ_SECONDS=300 cargo test --test integration -- --ignored id_fuzz_long --nocapture`
//! (docs/guarantees.md says how long it ran and what it found).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use mailgraph::AccessGraph;
use mailgraph::cli::RedactArgs;
use mailgraph::diagnostic::Diagnostics;
use petgraph::graph::NodeIndex;

/// The office, plus ids that differ only in case (ambiguous), an owner and
/// mailbox pair, and ids with characters that change length in lower case.
const MODEL: &str = r#"(
    accounts: [
        (id: "ann"), (id: "Ann"), (id: "kelvin"), (id: "İpek"), (id: "straße"),
        (id: "zoë"), (id: "owner"),
    ],
    mailboxes: [
        (id: "ann@x", kind: Personal, owner: "ann"),
        (id: "ANN@x", kind: Shared, sign_in: true),
        (id: "owner@x", kind: Personal, owner: "owner"),
        (id: "team@x", kind: Shared),
        (id: "İpek@x", kind: Personal, owner: "İpek"),
    ],
)"#;

const OFFICE: &str = include_str!("fixtures/office/model.ron");

fn graphs() -> &'static [AccessGraph] {
    static GRAPHS: std::sync::OnceLock<Vec<AccessGraph>> = std::sync::OnceLock::new();
    GRAPHS.get_or_init(|| {
        [MODEL, OFFICE]
            .iter()
            .map(|text| {
                let dir = tempfile::tempdir().unwrap();
                std::fs::write(dir.path().join("model.ron"), text).unwrap();
                AccessGraph::build(mailgraph::load(dir.path()).expect("the model loads"))
            })
            .collect()
    })
}

/// Every id of a graph (accounts, groups, mailboxes, ...).
fn ids(graph: &AccessGraph) -> Vec<String> {
    let mut ids: Vec<String> = graph
        .graph()
        .node_indices()
        .map(|node| graph.id(node).to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Characters a typo or an attacker brings.
const ODD: &[char] = &[
    '\u{1b}', '\u{7}', '\u{0}', '\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}', '\u{2028}',
    '\u{61C}', 'İ', 'ß', '\u{212A}', 'ë', '\u{301}', '`', '\\', '"', ';', ':', '@', ' ', '\n', 'A',
    'a', '.', '-', '東',
];

#[derive(Debug, Clone)]
enum Edit {
    FlipCase(usize),
    Delete(usize),
    Replace(usize, char),
    Insert(usize, char),
    Escape(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let odd = prop::sample::select(ODD.to_vec());
    prop_oneof![
        any::<usize>().prop_map(Edit::FlipCase),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), odd.clone()).prop_map(|(at, c)| Edit::Replace(at, c)),
        (any::<usize>(), odd).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<usize>().prop_map(Edit::Escape),
    ]
}

fn apply(typed: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = typed.chars().collect();
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *edit {
        Edit::FlipCase(i) if !chars.is_empty() => {
            let i = at(i, chars.len());
            let c = chars[i];
            let flipped: Vec<char> = if c.is_lowercase() {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            chars.splice(i..=i, flipped);
        }
        Edit::Delete(i) if !chars.is_empty() => {
            chars.remove(at(i, chars.len()));
        }
        Edit::Replace(i, c) if !chars.is_empty() => {
            let i = at(i, chars.len());
            chars[i] = c;
        }
        Edit::Insert(i, c) => chars.insert(at(i, chars.len() + 1), c),
        Edit::Escape(i) => {
            let i = at(i, chars.len() + 1);
            chars.splice(i..i, "\u{1b}]52;c;eA==\u{7}\u{1b}[2J".chars());
        }
        _ => {}
    }
    chars.into_iter().collect()
}

/// A typed id: a known one edited a few times, or random text.
fn typed() -> impl Strategy<Value = (usize, String)> {
    (0..2usize).prop_flat_map(|g| {
        let known = ids(&graphs()[g]);
        let edited = (
            prop::sample::select(known),
            prop::collection::vec(edit(), 0..4),
        )
            .prop_map(|(id, edits)| edits.iter().fold(id, |id, e| apply(&id, e)));
        prop_oneof![
            4 => edited,
            1 => "\\PC{0,30}",
            1 => prop::collection::vec(prop::sample::select(ODD.to_vec()), 0..12)
                .prop_map(|c| c.into_iter().collect::<String>()),
        ]
        .prop_map(move |typed| (g, typed))
    })
}

/// Whether `text` holds a character no terminal should get raw.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
    })
}

/// How the command line prints `typed` inside a message.
fn escaped(typed: &str) -> String {
    mailgraph::render::terminal::escape(typed).into_owned()
}

fn check(g: usize, typed: &str) -> Result<(), TestCaseError> {
    let graph = &graphs()[g];
    let known = ids(graph);
    let redact = RedactArgs {
        redact: true,
        ..RedactArgs::default()
    };
    type Resolver = fn(&AccessGraph, &str) -> Result<NodeIndex, mailgraph::Diagnostic>;
    let resolvers: [(&str, Resolver); 3] = [
        ("credential", AccessGraph::resolve_credential),
        ("mailbox", AccessGraph::resolve_mailbox),
        ("target", AccessGraph::resolve_target),
    ];
    for (what, resolve) in resolvers {
        match resolve(graph, typed) {
            Ok(node) => {
                let id = graph.id(node);
                let owner_relation = graph.mailbox_record(node).is_some_and(|m| {
                    m.owner
                        .as_deref()
                        .is_some_and(|o| o.to_lowercase() == typed.to_lowercase())
                }) || graph.model().mailboxes.iter().any(|m| {
                    m.owner.as_deref() == Some(id) && m.id.to_lowercase() == typed.to_lowercase()
                });
                prop_assert!(
                    id == typed || id.to_lowercase() == typed.to_lowercase() || owner_relation,
                    "{what}: {typed:?} resolved to {id:?}"
                );
                if let Some(note) = graph.resolution_note(typed, node) {
                    prop_assert!(raw_control(&escaped(&note)).is_none());
                }
                if let Some(how) = graph.resolution_kind(typed, node) {
                    for id in &known {
                        prop_assert!(!how.contains(&format!("`{id}`")), "{how}");
                    }
                }
            }
            Err(diagnostic) => {
                let shown = diagnostic.to_string();
                prop_assert!(
                    raw_control(&shown).is_none(),
                    "{what}: {typed:?} printed raw: {shown:?}"
                );
                let scrubbed = redact
                    .scrub(mailgraph::Error::Input(Diagnostics(vec![diagnostic])))
                    .to_string();
                // What is left once the typed text is taken out names no
                // known id: no suggestion, no candidate.
                let rest = scrubbed.replace(&escaped(typed), "");
                for id in &known {
                    prop_assert!(
                        !rest.contains(&format!("`{id}`")),
                        "{what}: {typed:?} under --redact names `{id}`: {scrubbed}"
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn typed_ids_resolve_exactly_or_fail_cleanly((g, typed) in typed()) {
        check(g, &typed)?;
    }
}

#[test]
fn an_ambiguous_id_under_redact_names_no_candidate() {
    let graph = &graphs()[0];
    let error = graph.resolve_credential("ANN").unwrap_err();
    assert!(error.to_string().contains("`Ann`"), "{error}");
    let redact = RedactArgs {
        redact: true,
        ..RedactArgs::default()
    };
    let scrubbed = redact
        .scrub(mailgraph::Error::Input(Diagnostics(vec![error])))
        .to_string();
    assert!(
        !scrubbed.contains("`Ann`") && !scrubbed.contains("`ann`"),
        "{scrubbed}"
    );
    assert!(scrubbed.contains("not shown under --redact"), "{scrubbed}");
}

/// The long run: batches of cases for `MAILGRAPH_FUZZ_SECONDS` (300 by
/// default), each batch from a fresh random seed; prints how many ran.
#[test]
#[ignore = "the long fuzz run: minutes (docs/guarantees.md)"]
fn id_fuzz_long() {
    let seconds: u64 = std::env::var("MAILGRAPH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let started = std::time::Instant::now();
    let mut cases = 0u64;
    while started.elapsed().as_secs() < seconds {
        let mut runner = TestRunner::new(Config {
            cases: 1_000,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(failure) = runner.run(&typed(), |(g, typed)| check(g, &typed)) {
            panic!("after {cases} cases: {failure}");
        }
        cases += 1_000;
    }
    eprintln!(
        "id fuzz: {cases} cases in {:?}, no failure",
        started.elapsed()
    );
}
