//! The remediation plan at scale: `mailgraph plan` with its defaults
//! (enabled accounts without MFA and mailboxes that sign in, against every
//! mailbox holding personal data or of High sensitivity) on the synthetic
//! organisation of 1,500,000 accounts (`mailgraph generate synthetic
//! --seed 2017`), the target of docs/remediation.md being under 60 s.
//!
//! `cargo bench --bench plan_scale` runs 1,500,000 accounts; `cargo bench
//! --bench plan_scale -- 100000` picks sizes. For each it prints the load
//! average before and after (a shared machine's figures mean little
//! without it), the plan's size, its computation in process (building
//! the flow network and solving it, after load), and the whole `mailgraph
//! plan DIR` process, each the median of `--repeats N` runs (default 3).
//! Not part of `cargo test`: the largest size takes minutes and gigabytes.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mailgraph::generate::synthetic;
use mailgraph::plan::{self, Costs, Scope};
use mailgraph::{AccessGraph, load};

const BINARY: &str = env!("CARGO_BIN_EXE_mailgraph");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeats = 3;
    let mut sizes = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "--repeats" {
            repeats = words
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--repeats N");
        } else if !word.starts_with('-') {
            sizes.push(
                word.replace(['_', ','], "")
                    .parse::<u64>()
                    .expect("a size in accounts"),
            );
        }
    }
    if sizes.is_empty() {
        sizes.push(1_500_000);
    }
    for accounts in sizes {
        organisation(accounts, repeats.max(1));
    }
}

fn organisation(accounts: u64, repeats: usize) {
    println!(
        "{accounts} accounts; load average before: {}",
        load_average()
    );
    let folder = tempfile::tempdir().expect("a temporary folder");
    let dir = folder.path();
    let started = Instant::now();
    synthetic::generate(
        dir,
        synthetic::Options {
            accounts,
            seed: 2017,
        },
    )
    .expect("the generator writes");
    println!("  generate: {}", seconds(started.elapsed()));

    let started = Instant::now();
    let graph = AccessGraph::build(load(dir).expect("the generated organisation loads"));
    println!("  load and build: {}", seconds(started.elapsed()));
    let scope = Scope {
        sources: plan::likely_sources(&graph),
        targets: plan::default_targets(&graph),
    };
    let costs = Costs::default();
    let mut answer = None;
    let times: Vec<Duration> = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            answer = Some(plan::plan(&graph, &scope, &costs));
            started.elapsed()
        })
        .collect();
    let answer = answer.expect("a plan");
    println!(
        "  plan: {} credentials, {} mailboxes to protect, {} exposed, {} unprotectable, {} changes of cost {}",
        answer.sources,
        answer.targets,
        answer.exposed.len(),
        answer.unprotectable.len(),
        answer.changes.len(),
        answer.cost
    );
    println!("  plan in process (after load): {}", spread(times));
    drop(graph);

    let path = dir.to_str().expect("a UTF-8 path");
    let times: Vec<Duration> = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            let status = Command::new(BINARY)
                .args(["plan", path, "--quiet"])
                .stdout(Stdio::null())
                .status()
                .expect("mailgraph runs");
            assert!(status.success(), "mailgraph plan failed");
            started.elapsed()
        })
        .collect();
    println!("  whole `mailgraph plan DIR` process: {}", spread(times));
    println!("  load average after: {}", load_average());
}

/// Median, min and max of `times`.
fn spread(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "median {} (min {}, max {}, {} runs)",
        seconds(times[times.len() / 2]),
        seconds(times[0]),
        seconds(times[times.len() - 1]),
        times.len()
    )
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".into())
}
