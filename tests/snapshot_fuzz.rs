//! Whatever bytes a snapshot file holds, opening it ends in a graph or in
//! an error, never in a panic, and a graph that opens answers every query
//! without one. The mutations are resealed (body length and checksum
//! recomputed) so that they reach the section decoders and the checks of
//! records and edges, not just the checksum.
//!
//! `cargo test` runs a few hundred cases; the long run is
//! `cargo test --release --test integration -- --ignored snapshot_fuzz`
//! (docs/performance.md says how long it ran and what it found).

use proptest::prelude::*;

use mailgraph::AccessGraph;

const OFFICE: &str = include_str!("fixtures/office/model.ron");
const HEADER_LEN: usize = 64;

fn office_snapshot() -> Vec<u8> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("model.ron"), OFFICE).unwrap();
            mailgraph::snapshot::take(dir.path()).unwrap().0
        })
        .clone()
}

/// Makes the header agree with the (mutated) body again.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() < HEADER_LEN {
        return;
    }
    let body_len = (bytes.len() - HEADER_LEN) as u64;
    bytes[28..36].copy_from_slice(&body_len.to_le_bytes());
    let checksum = crc32fast::hash(&bytes[HEADER_LEN..]);
    bytes[36..40].copy_from_slice(&checksum.to_le_bytes());
}

/// Every query the commands ask, on every credential: none may panic.
fn ask_everything(graph: &AccessGraph) {
    let credentials: Vec<_> = graph
        .graph()
        .node_indices()
        .filter(|&node| graph.node(node).is_credential())
        .collect();
    let reach = mailgraph::query::reach(graph, &credentials);
    let _ = mailgraph::render::reach::json(
        &reach,
        &mailgraph::render::reach::Context { incident: None },
        &mailgraph::render::Labels::plain(graph),
    );
    let _ = mailgraph::query::rank(graph);
    let _ = mailgraph::stats::Stats::of(graph);
    for node in graph.graph().node_indices() {
        if matches!(graph.node(node), mailgraph::graph::Node::Mailbox(_)) {
            let _ = mailgraph::query::exposure(graph, node);
        }
        let _ = (graph.id(node), graph.name(node));
    }
    for edge in graph.graph().edge_indices() {
        let _ = (graph.gain(edge), graph.edge_label(edge));
    }
    let _ = mailgraph::audit::audit(
        graph,
        &mailgraph::audit::Config::default(),
        mailgraph::date::Date::from_days_since_epoch(20_000),
    );
}

fn mutate(bytes: &mut Vec<u8>, kind: u8, at: usize, value: u32) {
    if bytes.len() <= HEADER_LEN {
        return; // an earlier mutation cut the body off: nothing left to mutate
    }
    let at = HEADER_LEN + at % (bytes.len() - HEADER_LEN);
    match kind {
        // One byte changed.
        0 => bytes[at] = value as u8,
        // A little-endian word overwritten (counts, lengths, indices).
        1 => {
            let end = (at + 4).min(bytes.len());
            bytes[at..end].copy_from_slice(&value.to_le_bytes()[..end - at]);
        }
        // Cut short.
        2 => bytes.truncate(at),
        // Bytes inserted.
        3 => {
            let insert = value.to_le_bytes();
            bytes.splice(at..at, insert[..(value as usize % 4) + 1].iter().copied());
        }
        // Bytes removed.
        _ => {
            let end = (at + value as usize % 16 + 1).min(bytes.len());
            bytes.drain(at..end);
        }
    }
}

fn check(mutations: &[(u8, usize, u32)]) -> Result<(), TestCaseError> {
    let mut bytes = office_snapshot();
    for &(kind, at, value) in mutations {
        mutate(&mut bytes, kind, at, value);
    }
    reseal(&mut bytes);
    match mailgraph::snapshot::read(&bytes) {
        Ok(graph) => ask_everything(&graph),
        Err(message) => prop_assert!(!message.is_empty()),
    }
    Ok(())
}

fn mutations() -> impl Strategy<Value = Vec<(u8, usize, u32)>> {
    prop::collection::vec((0..5u8, any::<usize>(), any::<u32>()), 1..4)
}

#[test]
fn the_unmutated_snapshot_opens_and_answers() {
    let graph = mailgraph::snapshot::read(&office_snapshot()).unwrap();
    assert!(graph.node_count() > 10);
    ask_everything(&graph);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_mutated_snapshot_opens_or_is_refused(mutations in mutations()) {
        check(&mutations)?;
    }
}

/// The long run: batches of 256 cases for `MAILGRAPH_FUZZ_SECONDS` (600
/// by default), each batch from a fresh random seed; prints how many cases
/// ran. A failure is shrunk to a minimal list of mutations and reported.
#[test]
#[ignore = "the long fuzz run: minutes (docs/performance.md)"]
fn snapshot_fuzz_long() {
    use proptest::test_runner::TestRunner;
    let seconds: u64 = std::env::var("MAILGRAPH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let started = std::time::Instant::now();
    let mut cases = 0u64;
    while started.elapsed().as_secs() < seconds {
        let mut runner = TestRunner::default();
        if let Err(failure) = runner.run(&mutations(), |mutations| check(&mutations)) {
            panic!("after {cases} cases: {failure}");
        }
        cases += u64::from(runner.config().cases);
    }
    eprintln!(
        "snapshot fuzz: {cases} cases in {:?}, no failure",
        started.elapsed()
    );
}
