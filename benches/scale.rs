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
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mailgraph::generate::synthetic;
use mailgraph::graph::Node;
use mailgraph::{AccessGraph, query};

const BINARY: &str = env!("CARGO_BIN_EXE_mailgraph");

fn main() {
    // `scale --peak-of ARGS...`: the small parent that runs one mailgraph
    // process and reports its wall time and peak memory (see `peak_memory`).
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--peak-of") {
        let args: Vec<&str> = args[2..].iter().map(String::as_str).collect();
        let (elapsed, peak) = wait_for(&args);
        println!("{} {peak}", elapsed.as_nanos());
        return;
    }
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .map(|arg| {
            arg.replace(['_', ','], "")
                .parse()
                .expect("a size in accounts")
        })
        .collect();
    let sizes = if sizes.is_empty() {
        vec![9_000, 100_000, 1_500_000]
    } else {
        sizes
    };
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

fn median(repeats: usize, mut work: impl FnMut()) -> Duration {
    let times = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    middle(times)
}

fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

fn run_quietly(args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = Command::new(BINARY)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("mailgraph runs");
    assert!(status.success(), "mailgraph {args:?} failed");
    started.elapsed()
}

/// The wall time and peak resident memory (KiB) of a `mailgraph` process,
/// measured by a small separate parent (this benchmark run again with
/// `--peak-of`): a child's peak counts the memory it shared with its parent
/// when it was forked, so a child of this large process would be charged
/// for the organisation this process holds.
fn peak_memory(args: &[&str]) -> (Duration, u64) {
    let output = Command::new(std::env::current_exe().expect("the benchmark's path"))
        .arg("--peak-of")
        .args(args)
        .output()
        .expect("the measuring parent runs");
    assert!(output.status.success(), "mailgraph {args:?} failed");
    let text = String::from_utf8(output.stdout).expect("figures");
    let mut figures = text
        .split_whitespace()
        .map(|f| f.parse::<u64>().expect("a figure"));
    let (nanos, peak) = (figures.next().expect("time"), figures.next().expect("peak"));
    (Duration::from_nanos(nanos), peak)
}

/// Runs one `mailgraph` process; its wall time and peak resident memory.
fn wait_for(args: &[&str]) -> (Duration, u64) {
    let started = Instant::now();
    let child = Command::new(BINARY)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .expect("mailgraph runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct that wait4 fills in; `pid` is our
    // own child, waited for exactly once (std's handle is not used to wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(waited, pid, "wait4 on mailgraph");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "mailgraph {args:?} failed"
    );
    // The child is reaped; dropping std's handle neither waits nor kills.
    drop(child);
    (elapsed, usage.ru_maxrss as u64)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .next()
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown memory".into(),
            |kib| format!("{} GiB", kib / 1024 / 1024),
        );
    format!("{cpu}, {cores} cores, {memory}")
}
