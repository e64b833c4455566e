//! A headless Chromium to open HTML reports in, as a reader would: driven
//! over the DevTools protocol through a pipe (`--remote-debugging-pipe`:
//! JSON messages ended by a NUL byte, read by the browser on file
//! descriptor 3 and written on 4). A pipe needs no port, no WebSocket and no
//! crate beyond serde_json, so the tests run offline with only Debian's
//! `chromium` installed.
//!
//! Without Chromium the browser tests are skipped with a note, except under
//! `CI=true`, where they fail: CI installs it (.ci/run).

#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one answer or event may take (a loaded CI machine is slow).
const TIMEOUT: Duration = Duration::from_secs(60);

/// One browser at a time: the tests run in parallel, and several Chromiums
/// at once on a small CI machine only make each slower.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The Chromium to run: `$MAILGRAPH_CHROMIUM`, else the first of Debian's
/// and Google's names on `PATH`.
fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MAILGRAPH_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ]
        .iter()
        .map(|name| dir.join(name))
        .find(|candidate| candidate.is_file())
    })
}

/// A running headless browser.
pub struct Browser {
    child: Child,
    commands: File,
    messages: Receiver<Value>,
    /// Events received while waiting for an answer, in order.
    events: Vec<Value>,
    next_id: u64,
    _profile: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// A pipe whose two ends close on exec (the child gets copies on 3 and 4).
fn pipe() -> (RawFd, RawFd) {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two descriptors for pipe2 to fill.
    let result = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(result, 0, "pipe2: {}", std::io::Error::last_os_error());
    (fds[0], fds[1])
}

impl Browser {
    /// Starts Chromium, or says why not: `None` (with a note on standard
    /// error) when it is not installed, a panic under CI.
    pub fn launch() -> Option<Browser> {
        let Some(program) = find() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "Chromium is not installed, and CI must run the browser tests: install Debian's `chromium` package (.ci/run does)"
            );
            eprintln!(
                "note: Chromium is not installed (apt-get install chromium): browser test skipped"
            );
            return None;
        };
        // A test that failed while holding the lock leaves it poisoned;
        // the next one can still use the browser.
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let profile = tempfile::tempdir().expect("a profile folder");
        let (browser_reads, we_write) = pipe();
        let (we_read, browser_writes) = pipe();
        let mut command = Command::new(&program);
        command
            .args([
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--hide-scrollbars",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork
        // and exec. Copies above 9 first, so dup2 never meets its own
        // descriptor (which would keep close-on-exec set).
        unsafe {
            command.pre_exec(move || {
                let reads = libc::fcntl(browser_reads, libc::F_DUPFD, 10);
                let writes = libc::fcntl(browser_writes, libc::F_DUPFD, 10);
                if reads < 0 || writes < 0 || libc::dup2(reads, 3) < 0 || libc::dup2(writes, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("{} does not start: {error}", program.display()));
        // SAFETY: each descriptor came from pipe2 above and is owned once.
        let (commands, replies) = unsafe {
            libc::close(browser_reads);
            libc::close(browser_writes);
            (File::from_raw_fd(we_write), File::from_raw_fd(we_read))
        };
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut replies = BufReader::new(replies);
            let mut message = Vec::new();
            loop {
                message.clear();
                match replies.read_until(0, &mut message) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if message.last() == Some(&0) {
                            message.pop();
                        }
                        let Ok(value) = serde_json::from_slice::<Value>(&message) else {
                            continue;
                        };
                        if sender.send(value).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Some(Browser {
            child,
            commands,
            messages,
            events: Vec::new(),
            next_id: 0,
            _profile: profile,
            _turn: turn,
        })
    }

    /// Sends `method` (to a page's `session`, or to the browser) and
    /// returns its result; a protocol error fails the test.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .unwrap_or_else(|error| panic!("Chromium stopped listening: {error}"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, method);
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    panic!("{method}: {error}");
                }
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                panic!("Chromium did not answer {waiting_for} within {TIMEOUT:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("Chromium closed the pipe while waiting for {waiting_for}")
            }
        }
    }

    /// Waits for the event `method` of `session`, and returns it.
    pub fn wait_for(&mut self, session: &str, method: &str) -> Value {
        if let Some(i) = self
            .events
            .iter()
            .position(|e| e["method"] == method && e["sessionId"] == session)
        {
            return self.events[i].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, method);
            let found = message["method"] == method && message["sessionId"] == session;
            self.events.push(message);
            if found {
                return self.events.last().cloned().unwrap();
            }
        }
    }

    /// Opens `file` in a new tab, watching its console, errors and
    /// requests, and waits until it has loaded.
    pub fn open(&mut self, file: &Path) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in [
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
            "Page.enable",
        ] {
            self.call(Some(&session), domain, json!({}));
        }
        let url = file_url(file);
        self.call(Some(&session), "Page.navigate", json!({"url": url}));
        self.wait_for(&session, "Page.loadEventFired");
        Tab { session, url }
    }

    /// Evaluates `expression` in the tab and returns its value (JSON).
    pub fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
        let result = self.call(
            Some(&tab.session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// A real mouse click (press and release) at the centre of the element
    /// `expression` evaluates to, scrolled into view first.
    pub fn click(&mut self, tab: &Tab, expression: &str) {
        let centre = self.eval(
            tab,
            &format!(
                "(() => {{ const e = {expression}; e.scrollIntoView({{block: 'center', inline: 'center'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
            ),
        );
        let (x, y) = (centre[0].as_f64().unwrap(), centre[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                Some(&tab.session),
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Types `text` into the focused element.
    pub fn type_text(&mut self, tab: &Tab, text: &str) {
        self.call(
            Some(&tab.session),
            "Input.insertText",
            json!({"text": text}),
        );
    }

    /// Everything the tab reported as an error: console errors and
    /// warnings, uncaught exceptions, log entries (a Content-Security-Policy
    /// violation is one).
    pub fn errors(&mut self, tab: &Tab) -> Vec<String> {
        // A round trip, so events sent before it have arrived.
        self.eval(tab, "1");
        self.events
            .iter()
            .filter(|e| e["sessionId"] == tab.session.as_str())
            .filter_map(|e| {
                let params = &e["params"];
                match e["method"].as_str()? {
                    "Runtime.exceptionThrown" => Some(params["exceptionDetails"].to_string()),
                    "Runtime.consoleAPICalled"
                        if matches!(
                            params["type"].as_str(),
                            Some("error" | "warning" | "assert")
                        ) =>
                    {
                        Some(params["args"].to_string())
                    }
                    "Log.entryAdded"
                        if matches!(
                            params["entry"]["level"].as_str(),
                            Some("error" | "warning")
                        ) =>
                    {
                        Some(params["entry"].to_string())
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Every URL the tab asked for.
    pub fn requests(&mut self, tab: &Tab) -> Vec<String> {
        self.eval(tab, "1");
        self.events
            .iter()
            .filter(|e| e["sessionId"] == tab.session.as_str())
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .map(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tab a file was opened in.
pub struct Tab {
    session: String,
    pub url: String,
}

/// `file://` and the absolute path, bytes outside the unreserved set
/// percent-encoded.
fn file_url(path: &Path) -> String {
    let path = std::fs::canonicalize(path).expect("the file exists");
    let mut url = String::from("file://");
    for byte in path.to_str().expect("a UTF-8 path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}
