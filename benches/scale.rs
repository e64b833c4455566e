//! The scale benchmark: load, graph build, reach from 1,000 credentials,
//! exposure of one mailbox and the blast radius of every credential, on
//! synthetic organisations of 9,000, 100,000 and 1,500,000 accounts; the
//! whole `reach` process on the 2017 scenario; and each size's peak memory
//! for a `rank` run.
//!
//! `cargo bench --bench scale` runs every size; `cargo bench --bench scale
//! -- 9000 100000` picks sizes. Results are printed as Markdown rows for
//! docs/performance.md. Not part of `cargo test`: the largest size takes
//! minutes.

use std::path::Path;
use std::time::{Duration, Instant};

use mailgraph::generate::synthetic;
use mailgraph::graph::Node;
use mailgraph::{AccessGraph, query};

#[path = "support/measure.rs"]
mod measure;
use measure::{machine, median, middle, ms, peak_memory, run_quietly, sizes};

fn main() {
    if measure::serve_peak_of() {
        return;
    }
    let sizes = sizes(&[9_000, 100_000, 1_500_000]);
    println!("machine: {}", machine());
    scenario_2017();
    println!();
    println!(
        "| accounts | files (MB) | generate | load | build | reach: credentials | reach | exposure | rank | rank process | peak memory (rank) |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for accounts in sizes {
        organisation(accounts);
    }
}

/// The whole `mailgraph reach` process on the shipped scenario, as a user
/// runs it.
fn scenario_2017() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/parliament-2017");
    let scenario = scenario.to_str().expect("a UTF-8 path");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let snapshot = folder.path().join("parliament-2017.snap");
    let snapshot = snapshot.to_str().expect("a UTF-8 path");
    let write = run_quietly(&["snapshot", scenario, "-o", snapshot]);
    let size = std::fs::metadata(snapshot).expect("the snapshot").len();
    println!(
        "2017 scenario snapshot: written in {}, {:.1} MB",
        ms(write),
        size as f64 / 1e6
    );
    for (what, path) in [("RON files", scenario), ("snapshot", snapshot)] {
        let args = ["reach", path, "--incident", "june-2017"];
        for _ in 0..3 {
            run_quietly(&args);
        }
        let mut times: Vec<Duration> = (0..30).map(|_| run_quietly(&args)).collect();
        times.sort();
        println!(
            "2017 scenario from its {what}, whole `mailgraph reach ... --incident june-2017` process, 30 runs: min {}, median {}, max {}",
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
}

fn organisation(accounts: u64) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let dir = folder.path();
    let started = Instant::now();
    let written = synthetic::generate(
        dir,
        synthetic::Options {
            accounts,
            seed: 2017,
        },
    )
    .expect("the generator writes");
    let generate = started.elapsed();
    let repeats = if accounts >= 1_000_000 { 1 } else { 3 };

    let (mut loads, mut builds) = (Vec::new(), Vec::new());
    let mut graph = None;
    for _ in 0..repeats {
        let started = Instant::now();
        let model = mailgraph::load(dir).expect("the generated organisation loads");
        loads.push(started.elapsed());
        let started = Instant::now();
        graph = Some(AccessGraph::build(model));
        builds.push(started.elapsed());
    }
    let graph = graph.expect("built");
    // 1,000 credentials spread evenly over the organisation (all of them
    // in a smaller one).
    let credentials = query::sweep::credentials(&graph);
    let step = (credentials.len() / 1_000).max(1);
    let sources: Vec<_> = credentials
        .iter()
        .step_by(step)
        .take(1_000)
        .copied()
        .collect();
    let reach = median(5, || {
        std::hint::black_box(query::reach(&graph, &sources));
    });
    // The mailbox most delegated: the widest reverse search.
    let mailbox = graph
        .graph()
        .node_indices()
        .filter(|&n| matches!(graph.node(n), Node::Mailbox(_)))
        .max_by_key(|&n| graph.in_edges(n).count())
        .expect("a mailbox");
    let exposure = median(5, || {
        std::hint::black_box(query::exposure(&graph, mailbox));
    });
    let rank = median(repeats, || {
        std::hint::black_box(query::rank(&graph));
    });
    drop(graph);

    let path = dir.to_str().expect("a UTF-8 path");
    let (rank_process, peak) = peak_memory(&["rank", path, "--top", "10"]);
    let incident = ["--incident", "sample"];
    let (reach_process, reach_peak) = peak_memory(&[&["reach", path][..], &incident].concat());
    let snapshot_file = folder.path().with_extension("snap");
    let snapshot = snapshot_file.to_str().expect("a UTF-8 path");
    // Files younger than two seconds are hashed on every open (sources.rs).
    std::thread::sleep(Duration::from_secs(3));
    let (write, _) = peak_memory(&["snapshot", path, "-o", snapshot]);
    let size = std::fs::metadata(&snapshot_file)
        .expect("the snapshot")
        .len();
    let snapshot_reach: Vec<(Duration, u64)> = (0..repeats.max(3))
        .map(|_| peak_memory(&[&["reach", snapshot][..], &incident].concat()))
        .collect();
    let (snapshot_rank, _) = peak_memory(&["rank", snapshot, "--top", "0"]);
    let _ = std::fs::remove_file(&snapshot_file);
    let times: Vec<Duration> = snapshot_reach.iter().map(|(t, _)| *t).collect();
    println!(
        "snapshot of {accounts}: written in {}, {:.1} MB; whole `reach` process from RON {} ({} MiB), from the snapshot {} (min {}, max {}; {} MiB); `rank --top 0` from the snapshot {}",
        ms(write),
        size as f64 / 1e6,
        ms(reach_process),
        reach_peak / 1024,
        ms(middle(times.clone())),
        ms(*times.iter().min().expect("runs")),
        ms(*times.iter().max().expect("runs")),
        snapshot_reach[0].1 / 1024,
        ms(snapshot_rank),
    );
    println!(
        "| {accounts} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} MiB |",
        written.bytes as f64 / 1e6,
        ms(generate),
        ms(middle(loads)),
        ms(middle(builds)),
        sources.len(),
        ms(reach),
        ms(exposure),
        ms(rank),
        ms(rank_process),
        peak / 1024
    );
}
