//! One SSH connection to a machine: the system `ssh` as a ControlMaster (openssh, native mux),
//! commands over it, and files over SFTP on the same connection.
//!
//! Host keys are checked strictly, against the keys pinned by `rdc context scan-keys` when there
//! are some, else against the user's `~/.ssh/known_hosts`. `ssh` runs in batch mode: no prompt
//! ever blocks. A user other than root runs every command through `sudo -n` (checked once at
//! connect). Nothing secret is ever put in a command line: file contents travel over SFTP or
//! stdin.

pub(crate) mod call;
pub(crate) mod capped;
pub(crate) mod cleanup;
#[cfg(test)]
pub(crate) mod fake;
pub(crate) mod keyfile;
pub(crate) mod keyscan;
pub(crate) mod link;
pub(crate) mod lock;
pub(crate) mod relay;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::context::Machine;
use crate::error::{connection, remote};
use crate::progress::{Event, Progress};
pub(crate) use link::Link;

/// A machine to run commands on, as root: the connection ([`Link`]: SSH, or the scripted
/// [`fake`] in unit tests), the machine's name for messages and whether commands go through
/// `sudo -n`.
pub(crate) struct Remote {
    link: Box<dyn Link>,
    /// Machine name, for messages.
    pub name: String,
    /// `user@host:port`, for messages.
    pub target: String,
    sudo: bool,
}

/// Output of a remote command.
#[derive(Debug)]
pub(crate) struct Out {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Out {
    pub(crate) fn ok(&self) -> bool {
        self.code == Some(0)
    }
    pub(crate) fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim().to_string()
    }
    pub(crate) fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).trim().to_string()
    }
}

/// A progress line as a bytes event.
fn parse_progress(line: &str) -> Option<Event> {
    let rest = line.strip_prefix(crate::contract::host::PROGRESS)?;
    let mut w = rest.splitn(3, ' ');
    let done = w.next()?.parse().ok()?;
    let total = w.next()?.parse().ok()?;
    let what = crate::output::escape_controls(w.next().unwrap_or("transfer"));
    Some(Event::Bytes { what, done, total })
}

/// Turn `ssh`'s complaint into one line that names the machine and the fix.
pub(crate) fn explain_connect_error(name: &str, target: &str, msg: &str) -> String {
    let m = msg.to_ascii_lowercase();
    if m.contains("host key verification failed")
        || m.contains("no ed25519 host key is known")
        || m.contains("host key is known for")
        || m.contains("remote host identification has changed")
        || m.contains("no matching host key")
    {
        format!(
            "cannot connect to {name} ({target}): its SSH host key is unknown or changed; pin it with: rdc context scan-keys {name} (and compare the fingerprint with the server's)"
        )
    } else if m.contains("permission denied") {
        format!(
            "{name} ({target}) refused our SSH key; install the context's public key in the user's authorized_keys, or choose the key with: rdc context set-ssh --ssh-key PATH"
        )
    } else if m.contains("connection refused") {
        format!(
            "cannot connect to {name} ({target}): connection refused; is sshd running there, and is the port right? (rdc context set-machine {name} --port …)"
        )
    } else if m.contains("timed out")
        || m.contains("no route to host")
        || m.contains("network is unreachable")
    {
        format!("cannot reach {name} ({target}): {}", first_line(msg))
    } else if m.contains("could not resolve hostname") {
        format!(
            "cannot resolve the address of {name} ({target}); fix it with: rdc context set-machine {name} --ip …"
        )
    } else {
        format!("cannot connect to {name} ({target}): {}", first_line(msg))
    }
}

/// The error and its sources on one line (ssh's own message is in the source).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

impl Remote {
    /// Open the master connection and the SFTP channel, and check sudo when needed.
    pub(crate) async fn connect(name: &str, m: &Machine, ssh_key: Option<&Path>) -> Result<Remote> {
        let (link, target) = link::Ssh::connect(name, m, ssh_key).await?;
        let r = Remote {
            link: Box::new(link),
            name: name.to_string(),
            target,
            sudo: m.user != "root",
        };
        if r.sudo {
            // Not `sudo` directly: a missing program exits 127, which the mux reports as a
            // failure to execute rather than as an answer.
            let o = r
                .raw(
                    &[
                        "sh",
                        "-c",
                        "command -v sudo >/dev/null 2>&1 || { echo 'sudo is not installed' >&2; exit 3; }; sudo -n true",
                    ],
                    None,
                )
                .await?;
            if !o.ok() {
                return Err(connection(format!(
                    "user {} on {} cannot use sudo without a password ({}); log in as root, or allow passwordless sudo for this user",
                    m.user,
                    name,
                    first_line(&o.stderr_str())
                )));
            }
        }
        Ok(r)
    }

    /// A machine behind another [`Link`] (the scripted fake of unit tests), as root.
    #[cfg(test)]
    pub(crate) fn over(name: &str, link: Box<dyn Link>) -> Remote {
        Remote {
            link,
            name: name.to_string(),
            target: format!("root@{name}:22"),
            sudo: false,
        }
    }

    /// Run a program with arguments (each passed as one word), as root.
    pub(crate) async fn run(&self, argv: &[&str]) -> Result<Out> {
        self.run_stdin(argv, None).await
    }

    /// Run with `input` on stdin (how secrets and file contents travel).
    pub(crate) async fn run_stdin(&self, argv: &[&str], input: Option<&[u8]>) -> Result<Out> {
        self.raw(&self.as_root(argv), input).await
    }

    /// A shell snippet, as root. `args` become `$1`, `$2`… (quoted), never part of the script.
    pub(crate) async fn sh(
        &self,
        script: &str,
        args: &[&str],
        input: Option<&[u8]>,
    ) -> Result<Out> {
        let mut v = vec!["sh", "-c", script, "sh"];
        v.extend_from_slice(args);
        self.run_stdin(&v, input).await
    }

    /// `argv` as root: through `sudo -n` for a user other than root.
    fn as_root<'a>(&self, argv: &[&'a str]) -> Vec<&'a str> {
        let mut v = Vec::with_capacity(argv.len() + 3);
        if self.sudo {
            v.extend(["sudo", "-n", "--"]);
        }
        v.extend_from_slice(argv);
        v
    }

    async fn raw(&self, argv: &[&str], input: Option<&[u8]>) -> Result<Out> {
        self.link.exec(argv, input, &mut |_| {}, None).await
    }

    /// Run as root with `input` on stdin; each line of the remote stderr is reported as it comes
    /// (`Event::Remote`, shown prefixed with the machine name and escaped), stdout is captured
    /// (host commands print their result there as JSON). Both within bounds ([`Link::exec`]).
    pub(crate) async fn run_streaming(
        &self,
        argv: &[&str],
        input: Option<&[u8]>,
        p: &dyn Progress,
    ) -> Result<Out> {
        let mut line = self.remote_lines(p);
        self.link
            .exec(&self.as_root(argv), input, &mut line, None)
            .await
    }

    /// Each line of the remote stderr as a progress event naming the machine; a transfer's
    /// progress line (`contract::host::PROGRESS`) as a bytes event.
    fn remote_lines<'a>(&self, p: &'a dyn Progress) -> impl FnMut(String) + 'a {
        let machine = self.name.clone();
        move |l: String| match parse_progress(&l) {
            Some(e) => p.event(e),
            None => p.event(Event::Remote {
                machine: machine.clone(),
                line: l,
            }),
        }
    }

    /// Like [`Remote::run_streaming`], but stdin stays open after `input`: when the first line
    /// of stdout is complete, `reply(line)` is written and stdin closed (`create`'s commit).
    pub(crate) async fn run_streaming_confirmed(
        &self,
        argv: &[&str],
        input: &[u8],
        reply: &capped::Reply<'_>,
        p: &dyn Progress,
    ) -> Result<Out> {
        let mut line = self.remote_lines(p);
        self.link
            .exec(&self.as_root(argv), Some(input), &mut line, Some(reply))
            .await
    }

    /// Run `argv` as root with the terminal passed through (`tty`: a remote pseudo-terminal, so
    /// Ctrl-C and full-screen programs work). Returns the remote exit code.
    pub(crate) fn interactive(&self, argv: &[&str], tty: bool) -> Result<i32> {
        self.link.interactive(&self.as_root(argv), tty)
    }

    /// Run as root; each line of stdout goes to `out` as it comes (logs), each line of stderr
    /// is reported as a remote event. Lines are cut at [`capped::LINE_CAP`].
    pub(crate) async fn run_lines(
        &self,
        argv: &[&str],
        out: &mut dyn FnMut(String),
        p: &dyn Progress,
    ) -> Result<Option<i32>> {
        let mut err = self.remote_lines(p);
        self.link
            .exec_lines(&self.as_root(argv), out, &mut err)
            .await
    }

    /// Run and require success; the error carries stderr.
    pub(crate) async fn check(&self, what: &str, argv: &[&str]) -> Result<Out> {
        let o = self.run(argv).await?;
        if !o.ok() {
            return Err(remote(format!(
                "{what} failed on {}: {}",
                self.name,
                first_line(&o.stderr_str())
            )));
        }
        Ok(o)
    }

    /// A file's contents, or None when it does not exist.
    pub(crate) async fn read_file(&self, path: &str) -> Result<Option<Vec<u8>>> {
        // Files rdc reads back are small configuration files: refuse a huge one rather than
        // hold it in memory.
        if let Some(len) = self.link.stat(path).await?
            && len > capped::STDOUT_CAP as u64
        {
            return Err(remote(format!(
                "{path} on {} is over {} MiB; rdc only reads small configuration files there (remove or fix it)",
                self.name,
                capped::STDOUT_CAP >> 20
            )));
        }
        self.link.get(path).await
    }

    /// Replace `path` atomically: the bytes go to a temporary file in the same directory, which
    /// gets `mode` before any byte is written and is then renamed over `path`. A reader (or a
    /// crash, or a cut connection) sees the old file or the new one, never a mix.
    pub(crate) async fn write_file_atomic(
        &self,
        path: &str,
        bytes: &[u8],
        mode: u32,
    ) -> Result<()> {
        self.link.put(path, bytes, mode, None).await
    }

    /// [`Remote::write_file_atomic`], reporting the bytes written as they go (large binaries).
    pub(crate) async fn write_file_atomic_with(
        &self,
        path: &str,
        bytes: &[u8],
        mode: u32,
        p: Option<&dyn Progress>,
    ) -> Result<()> {
        self.link.put(path, bytes, mode, p).await
    }

    /// sha256 of a remote file, None when it does not exist.
    pub(crate) async fn sha256(&self, path: &str) -> Result<Option<String>> {
        let o = self
            .sh(
                "[ -e \"$1\" ] || exit 3; sha256sum -- \"$1\"",
                &[path],
                None,
            )
            .await?;
        match o.code {
            Some(0) => Ok(o.stdout_str().split_whitespace().next().map(str::to_string)),
            Some(3) => Ok(None),
            _ => Err(remote(format!(
                "hashing {path} on {}: {}",
                self.name,
                o.stderr_str()
            ))),
        }
    }

    pub(crate) async fn close(self) {
        self.link.close().await;
    }
}

/// The machine architecture as `uname -m` prints it.
pub(crate) fn local_arch() -> &'static str {
    std::env::consts::ARCH
}

/// This executable (what is installed on servers unless `--rdc-binary` says otherwise).
pub(crate) fn current_exe() -> Result<PathBuf> {
    std::env::current_exe().context("finding this executable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_become_byte_events() {
        assert_eq!(
            parse_progress("@rdc-progress 1048576 0 sending one"),
            Some(Event::Bytes {
                what: "sending one".into(),
                done: 1 << 20,
                total: 0
            })
        );
        assert_eq!(parse_progress("@rdc-progress x 0 y"), None);
        assert_eq!(parse_progress("sending one"), None);
    }

    #[test]
    fn connect_errors_name_the_fix() {
        let e = explain_connect_error(
            "s1",
            "root@1.2.3.4:22",
            "ssh: connect to host 1.2.3.4 port 22: Connection refused",
        );
        assert!(e.contains("connection refused") && e.contains("--port"));
        let e = explain_connect_error("s1", "t", "Host key verification failed.");
        assert!(e.contains("rdc context scan-keys s1"));
        let e = explain_connect_error("s1", "t", "root@x: Permission denied (publickey).");
        assert!(e.contains("refused our SSH key") && e.contains("set-ssh"));
        let e = explain_connect_error(
            "s1",
            "t",
            "ssh: connect to host x port 22: Connection timed out",
        );
        assert!(e.starts_with("cannot reach s1"));
    }
}
