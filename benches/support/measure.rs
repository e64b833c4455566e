//! Measuring for the benchmarks: medians, the machine's description, and a
//! `mailgraph` process's wall time and peak memory, taken by a small
//! separate parent so the benchmark's own memory is never charged to it.
//!
//! Each benchmark includes this file with `#[path]` and calls
//! [`serve_peak_of`] first thing in `main`; each uses part of the rest.
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_mailgraph");

/// When this benchmark was started as `BENCH --peak-of ARGS...`, runs
/// `mailgraph ARGS...`, prints its wall time (ns) and peak memory (KiB), and
/// returns true: the caller then returns at once.
pub fn serve_peak_of() -> bool {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some("--peak-of") {
        return false;
    }
    let args: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    let (elapsed, peak) = wait_for(&args);
    println!("{} {peak}", elapsed.as_nanos());
    true
}

/// The sizes named on the command line (`1_500_000`, `100,000`), or the
/// default ones.
pub fn sizes(default: &[u64]) -> Vec<u64> {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .map(|arg| {
            arg.replace(['_', ','], "")
                .parse()
                .expect("a size in accounts")
        })
        .collect();
    if sizes.is_empty() {
        default.to_vec()
    } else {
        sizes
    }
}

/// The median wall time of `repeats` runs of `work`.
pub fn median(repeats: usize, mut work: impl FnMut()) -> Duration {
    let times = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    middle(times)
}

pub fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

pub fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// Runs `mailgraph ARGS` with its output discarded; its wall time.
pub fn run_quietly(args: &[&str]) -> Duration {
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
pub fn peak_memory(args: &[&str]) -> (Duration, u64) {
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
    let (elapsed, _, peak) = run_measured(args);
    (elapsed, peak)
}

/// Runs one `mailgraph` process as a child of this one; its wall time, CPU
/// time (user and system) and peak resident memory (KiB). The peak is the
/// child's own only when this process is small (see [`peak_memory`]).
pub fn run_measured(args: &[&str]) -> (Duration, Duration, u64) {
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
    let seconds = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec as u64) + Duration::from_micros(time.tv_usec as u64)
    };
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    (elapsed, cpu, usage.ru_maxrss as u64)
}

/// The 1-minute load average: the machine may be shared.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

/// The CPU, its cores and the memory, for the figures' heading.
pub fn machine() -> String {
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
    format!(
        "{cpu}, {cores} cores, {memory}; load average {} at start",
        load_average()
    )
}
