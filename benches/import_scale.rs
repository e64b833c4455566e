//! The import benchmark: `mailgraph import exchange` on a generated
//! mailbox export and a mailbox permission export, written as
//! `Export-Csv` writes them (every field quoted, CRLF), timed as a whole
//! process with its peak resident memory, several runs.
//!
//! `cargo bench --bench import_scale` imports 1,500,000 mailbox rows and
//! 1,000,000 permission rows (the target in docs/performance.md: 30 s and
//! 2 GiB); `cargo bench --bench import_scale -- 150000 100000 5` picks the
//! mailbox rows, permission rows and runs. Not part of `cargo test`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mailgraph::generate::rng::Rng;

const BINARY: &str = env!("CARGO_BIN_EXE_mailgraph");

/// One mailbox in this many is shared; the permission rows give users
/// FullAccess on shared mailboxes, as most FullAccess grants are.
const SHARED_EVERY: u64 = 15;

fn main() {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .map(|arg| arg.replace(['_', ','], "").parse().expect("a number"))
        .collect();
    let mailboxes = numbers.first().copied().unwrap_or(1_500_000);
    let permissions = numbers.get(1).copied().unwrap_or(1_000_000);
    let runs = numbers.get(2).copied().unwrap_or(3).max(1) as usize;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let mailbox_export = dir.path().join("mailboxes.csv");
    let permission_export = dir.path().join("mailbox-permissions.csv");
    let started = Instant::now();
    write_mailboxes(&mailbox_export, mailboxes);
    write_permissions(&permission_export, mailboxes, permissions);
    let size = |path: &Path| std::fs::metadata(path).expect("written").len() as f64 / 1e6;
    println!(
        "exports: {mailboxes} mailbox rows ({:.0} MB), {permissions} permission rows ({:.0} MB), written in {:.1} s",
        size(&mailbox_export),
        size(&permission_export),
        started.elapsed().as_secs_f64()
    );
    println!("machine: {}", machine());

    let mut results = Vec::new();
    for run in 0..runs {
        let output = dir.path().join(format!("out-{run}"));
        let load_before = load_average();
        let args = [
            "import",
            "exchange",
            "-o",
            output.to_str().expect("a UTF-8 path"),
            "--mailboxes",
            mailbox_export.to_str().expect("a UTF-8 path"),
            "--mailbox-permissions",
            permission_export.to_str().expect("a UTF-8 path"),
        ];
        let (elapsed, cpu, peak_kib) = run_measured(&args);
        println!(
            "run {}: {:.1} s, {:.1} s of CPU, peak {} MiB (load average before: {load_before})",
            run + 1,
            elapsed.as_secs_f64(),
            cpu.as_secs_f64(),
            peak_kib / 1024
        );
        results.push((elapsed, peak_kib));
        std::fs::remove_dir_all(&output).expect("the output removed");
    }
    let mut times: Vec<Duration> = results.iter().map(|(time, _)| *time).collect();
    times.sort();
    let peaks: Vec<u64> = results.iter().map(|(_, peak)| peak / 1024).collect();
    println!(
        "| {mailboxes} | {permissions} | {:.1} s | {:.1} s | {:.1} s | {} MiB | {} MiB |",
        times[0].as_secs_f64(),
        times[times.len() / 2].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        peaks.iter().min().expect("a run"),
        peaks.iter().max().expect("a run"),
    );
}

/// `count` mailboxes: user mailboxes, and every [`SHARED_EVERY`]th a shared
/// one, with the columns the documented `Get-EXOMailbox` command selects.
fn write_mailboxes(path: &Path, count: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    out.write_all(b"\"Name\",\"DisplayName\",\"Alias\",\"PrimarySmtpAddress\",\"UserPrincipalName\",\"RecipientTypeDetails\",\"GrantSendOnBehalfTo\",\"ForwardingAddress\",\"ForwardingSmtpAddress\",\"DeliverToMailboxAndForward\",\"AccountDisabled\"\r\n").expect("written");
    for i in 0..count {
        if i % SHARED_EVERY == 0 {
            write!(
                out,
                "\"shared{i}\",\"Shared mailbox {i}\",\"shared{i}\",\"shared{i}@contoso.com\",\"shared{i}@contoso.onmicrosoft.com\",\"SharedMailbox\",\"\",\"\",\"\",\"False\",\"True\"\r\n"
            )
        } else {
            write!(
                out,
                "\"user{i}\",\"User {i}\",\"user{i}\",\"user{i}@contoso.com\",\"user{i}@contoso.com\",\"UserMailbox\",\"\",\"\",\"\",\"False\",\"False\"\r\n"
            )
        }
        .expect("written");
    }
    out.flush().expect("written");
}

/// `count` FullAccess rows, each a random user on a random shared mailbox,
/// naming the user by address or by alias as `Get-MailboxPermission`
/// prints them.
fn write_permissions(path: &Path, mailboxes: u64, count: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    out.write_all(
        b"\"Identity\",\"User\",\"AccessRights\",\"IsInherited\",\"Deny\",\"InheritanceType\"\r\n",
    )
    .expect("written");
    let shared = mailboxes.div_ceil(SHARED_EVERY);
    let mut rng = Rng::new(7);
    for row in 0..count {
        let mailbox = rng.below(shared) * SHARED_EVERY;
        let mut user = rng.below(mailboxes);
        if user.is_multiple_of(SHARED_EVERY) {
            user = (user + 1) % mailboxes;
        }
        let who = if row % 3 == 0 {
            format!("user{user}")
        } else {
            format!("user{user}@contoso.com")
        };
        write!(
            out,
            "\"shared{mailbox}\",\"{who}\",\"FullAccess\",\"False\",\"False\",\"All\"\r\n"
        )
        .expect("written");
    }
    out.flush().expect("written");
}

/// The wall time, CPU time (user and system) and peak resident memory
/// (KiB) of a `mailgraph` process.
fn run_measured(args: &[&str]) -> (Duration, Duration, u64) {
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
    drop(child);
    let seconds = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec as u64) + Duration::from_micros(time.tv_usec as u64)
    };
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    (elapsed, cpu, usage.ru_maxrss as u64)
}

/// The 1-minute load average: the machine may be shared.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
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
        .map_or("unknown memory".into(), |kib| {
            format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0)
        });
    format!("{cpu}, {cores} cores, {memory}")
}
