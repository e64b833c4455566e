//! Progress on standard error: drawn on a terminal only, never into a pipe
//! or a file, silenced by `--quiet`; `--verbose` adds phase timings.
//!
//! `MAILGRAPH_PROGRESS_DELAY_MS=0` shows every phase at once, so these
//! tests do not depend on how long a phase takes.

use std::process::{Command, Stdio};

use crate::support::{mailgraph, repo_path};

const SCENARIO: &str = "data/parliament-2017";

/// Runs mailgraph with every phase shown at once, output and errors piped.
fn piped(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(args)
        .current_dir(repo_path(""))
        .env("MAILGRAPH_PROGRESS_DELAY_MS", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("mailgraph runs")
}

#[test]
fn progress_never_reaches_a_pipe() {
    let out = tempfile::tempdir().unwrap();
    let generated = out.path().join("org");
    let generated = generated.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["check", SCENARIO],
        vec!["stats", SCENARIO],
        vec!["reach", SCENARIO, "--incident", "june-2017"],
        vec!["rank", SCENARIO, "--top", "3"],
        vec!["audit", SCENARIO],
        vec![
            "generate",
            "synthetic",
            "--accounts",
            "500",
            "-o",
            generated,
        ],
    ];
    for args in commands {
        let output = piped(&args);
        assert!(output.status.success(), "{args:?} failed: {output:?}");
        assert!(!output.stdout.is_empty(), "{args:?} printed nothing");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "{args:?} wrote to a piped standard error"
        );
    }
}

#[test]
fn verbose_prints_each_phase_time_on_standard_error_only() {
    let plain = piped(&["rank", SCENARIO, "--top", "3"]);
    let verbose = piped(&["-v", "rank", SCENARIO, "--top", "3"]);
    assert!(verbose.status.success());
    // The answer is the same; only standard error gains the timings.
    assert_eq!(plain.stdout, verbose.stdout);
    let stderr = String::from_utf8(verbose.stderr).unwrap();
    for phase in ["read files", "parse", "validate", "build graph", "query"] {
        assert!(
            stderr.contains(&format!("timing: {phase} ")),
            "no {phase} timing in {stderr}"
        );
    }
    assert!(stderr.contains(" s (9 files)"), "{stderr}");
    assert!(stderr.contains(" credentials)"), "{stderr}");
    // One line per phase, nothing else.
    assert!(stderr.lines().all(|line| line.starts_with("timing: ")));
}

#[test]
fn verbose_is_a_global_option_and_quiet_contradicts_it() {
    // After the subcommand too, as people type it.
    let after = piped(&["check", SCENARIO, "--verbose"]);
    assert!(String::from_utf8_lossy(&after.stderr).contains("timing: parse"));
    mailgraph(&["check", SCENARIO, "-q", "-v"])
        .expect_status(2)
        .stderr_has("cannot be used with");
}

/// A pseudo-terminal: standard error of the child goes to its far end, and
/// everything drawn there is read back.
#[cfg(target_os = "linux")]
fn on_terminal(args: &[&str]) -> (std::process::Output, String) {
    use std::ffi::CStr;
    use std::fs::File;
    use std::io::Read;
    use std::os::fd::FromRawFd;

    // SAFETY: plain libc calls on descriptors this function owns; each
    // result is checked before use.
    let (master, slave) = unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(master), 0, "grantpt");
        assert_eq!(libc::unlockpt(master), 0, "unlockpt");
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(
            libc::ptsname_r(master, name.as_mut_ptr(), name.len()),
            0,
            "ptsname_r"
        );
        let slave = libc::open(
            CStr::from_ptr(name.as_ptr()).as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY,
        );
        assert!(slave >= 0, "open the terminal's far end");
        (File::from_raw_fd(master), File::from_raw_fd(slave))
    };
    let child = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(args)
        .current_dir(repo_path(""))
        .env("MAILGRAPH_PROGRESS_DELAY_MS", "0")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(slave)
        .spawn()
        .expect("mailgraph runs");
    // Read the terminal while the child runs, so it never blocks on a full
    // terminal buffer; reading ends with an error once the child is gone.
    let reader = std::thread::spawn(move || {
        let mut master = master;
        let mut drawn = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = master.read(&mut buffer) {
            if n == 0 {
                break;
            }
            drawn.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&drawn).into_owned()
    });
    let output = child.wait_with_output().expect("mailgraph ends");
    (output, reader.join().expect("the terminal reader ends"))
}

#[cfg(target_os = "linux")]
#[test]
fn a_terminal_sees_progress_unless_quiet() {
    let (output, drawn) = on_terminal(&["rank", SCENARIO, "--top", "1"]);
    assert!(output.status.success());
    assert!(drawn.contains("parse"), "nothing drawn: {drawn:?}");
    // Standard output, a pipe here, holds only the answer.
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("#  credential"), "{stdout}");
    assert!(!stdout.contains("parse"));

    let (output, drawn) = on_terminal(&["-q", "rank", SCENARIO, "--top", "1"]);
    assert!(output.status.success());
    assert_eq!(drawn, "", "--quiet drew on the terminal");
}
