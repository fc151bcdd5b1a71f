//! One SSH connection to a machine: the system `ssh` as a ControlMaster (openssh, native mux),
//! commands over it, and files over SFTP on the same connection.
//!
//! Host keys are checked strictly, against the keys pinned by `rdc context scan-keys` when there
//! are some, else against the user's `~/.ssh/known_hosts`. `ssh` runs in batch mode: no prompt
//! ever blocks. A user other than root runs every command through `sudo -n` (checked once at
//! connect). Nothing secret is ever put in a command line: file contents travel over SFTP or
//! stdin.

pub mod capped;
pub mod cleanup;
pub mod keyfile;
pub mod keyscan;
pub mod lock;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use openssh::{KnownHosts, Session, SessionBuilder, Stdio as SshStdio};
use openssh_sftp_client::{Sftp, SftpOptions};
use tokio::io::AsyncWriteExt;

use crate::context::Machine;
use crate::contract::quote::sh_quote;
use crate::error::{connection, remote};
use crate::progress::{Event, Progress};

pub struct Remote {
    session: Arc<Session>,
    sftp: Option<Sftp>,
    /// Machine name, for messages.
    pub name: String,
    /// `user@host:port`, for messages.
    pub target: String,
    sudo: bool,
    /// `user@ip` and the port, for interactive sessions over the master connection.
    login: (String, u16),
    _tmp: cleanup::ControlDir,
}

/// Output of a remote command.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Out {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim().to_string()
    }
    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).trim().to_string()
    }
}

/// Turn `ssh`'s complaint into one line that names the machine and the fix.
pub fn explain_connect_error(name: &str, target: &str, msg: &str) -> String {
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
    pub async fn connect(name: &str, m: &Machine, ssh_key: Option<&Path>) -> Result<Remote> {
        let target = format!("{}@{}:{}", m.user, m.ip, m.port);
        let tmp = cleanup::ControlDir::new()
            .context("creating a directory for the SSH control socket")?;
        let mut b = SessionBuilder::default();
        b.user(m.user.clone())
            .port(m.port)
            .connect_timeout(Duration::from_secs(10))
            .server_alive_interval(Duration::from_secs(15))
            .control_directory(tmp.path())
            .known_hosts_check(KnownHosts::Strict);
        if let Some(k) = ssh_key {
            b.keyfile(k);
        }
        if let Some(kh) = &m.known_hosts {
            let p = tmp.path().join("known_hosts");
            crate::contract::fs::write_atomic(&p, kh.as_bytes(), 0o600)?;
            b.user_known_hosts_file(&p);
        }
        let session = b
            .connect_mux(&m.ip)
            .await
            .map_err(|e| connection(explain_connect_error(name, &target, &error_chain(&e))))?;
        let session = Arc::new(session);
        let mut r = Remote {
            session,
            sftp: None,
            name: name.to_string(),
            target,
            sudo: m.user != "root",
            login: (format!("{}@{}", m.user, m.ip), m.port),
            _tmp: tmp,
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
        } else {
            r.sftp = Some(
                Sftp::from_clonable_session(r.session.clone(), SftpOptions::default())
                    .await
                    .map_err(|e| {
                        connection(format!(
                            "{name} ({}) has no SFTP subsystem ({e}); enable `Subsystem sftp` in its sshd_config",
                            r.target
                        ))
                    })?,
            );
        }
        Ok(r)
    }

    /// Run a program with arguments (each passed as one word), as root.
    pub async fn run(&self, argv: &[&str]) -> Result<Out> {
        self.run_stdin(argv, None).await
    }

    /// Run with `input` on stdin (how secrets and file contents travel).
    pub async fn run_stdin(&self, argv: &[&str], input: Option<&[u8]>) -> Result<Out> {
        self.raw(&self.as_root(argv), input).await
    }

    /// A shell snippet, as root. `args` become `$1`, `$2`… (quoted), never part of the script.
    pub async fn sh(&self, script: &str, args: &[&str], input: Option<&[u8]>) -> Result<Out> {
        let mut v = vec!["sh", "-c", script, "sh"];
        v.extend_from_slice(args);
        self.run_stdin(&v, input).await
    }

    /// A remote command for `argv`, stdout and stderr piped. openssh hands the string to the
    /// remote shell, so every word is quoted here.
    fn command(&self, argv: &[&str], input: bool) -> openssh::OwningCommand<&Session> {
        let line = argv
            .iter()
            .map(|a| sh_quote(a))
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = self.session.raw_command(line);
        cmd.stdout(SshStdio::piped())
            .stderr(SshStdio::piped())
            .stdin(if input {
                SshStdio::piped()
            } else {
                SshStdio::null()
            });
        cmd
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
        self.collect(argv, input, &mut |_| {}, None).await
    }

    /// Run `argv` (already wrapped for root), feeding `input`; each stderr line goes to `line`.
    /// Output is read within bounds (`capped`): an answer over [`capped::STDOUT_CAP`] is an
    /// error, stderr lines are cut and only their tail is kept.
    async fn collect(
        &self,
        argv: &[&str],
        input: Option<&[u8]>,
        line: &mut (dyn FnMut(String) + Send),
        reply: Option<&capped::Reply<'_>>,
    ) -> Result<Out> {
        let mut cmd = self.command(argv, input.is_some() || reply.is_some());
        let lost = |e: openssh::Error| {
            connection(format!(
                "lost the connection to {} ({}): {e}",
                self.name, self.target
            ))
        };
        let mut child = cmd.spawn().await.map_err(lost)?;
        let mut stdin = child.stdin().take();
        if let (Some(data), Some(w)) = (input, stdin.as_mut()) {
            w.write_all(data).await.ok();
        }
        if reply.is_none()
            && let Some(mut w) = stdin.take()
        {
            w.shutdown().await.ok();
        }
        let stderr = child.stderr().take();
        let stdout = child.stdout().take();
        let err = async {
            match stderr {
                Some(e) => capped::lines_tail(e, line).await,
                None => Vec::new(),
            }
        };
        let out = async {
            match (stdout, reply) {
                (Some(o), Some(reply)) => {
                    capped::read_capped_replying(o, capped::STDOUT_CAP, stdin, reply).await
                }
                (Some(o), None) => capped::read_capped(o, capped::STDOUT_CAP).await,
                (None, _) => Ok(Vec::new()),
            }
        };
        let (stderr, stdout) = tokio::join!(err, out);
        let stdout = stdout.map_err(|cap| {
            remote(format!(
                "{} answered `{}` with more than {} MiB; not reading more (is the server's rdc what push-infra installed?)",
                self.name,
                argv.iter().take(4).copied().collect::<Vec<_>>().join(" "),
                cap >> 20
            ))
        })?;
        let status = child.wait().await.map_err(lost)?;
        Ok(Out {
            code: status.code(),
            stdout,
            stderr,
        })
    }

    /// Run as root with `input` on stdin; each line of the remote stderr is reported as it comes
    /// (`Event::Remote`, shown prefixed with the machine name and escaped), stdout is captured
    /// (host commands print their result there as JSON). Both within bounds (see `collect`).
    pub async fn run_streaming(
        &self,
        argv: &[&str],
        input: Option<&[u8]>,
        p: &dyn Progress,
    ) -> Result<Out> {
        let machine = self.name.clone();
        let mut line = |l: String| {
            p.event(Event::Remote {
                machine: machine.clone(),
                line: l,
            })
        };
        self.collect(&self.as_root(argv), input, &mut line, None)
            .await
    }

    /// Like [`Remote::run_streaming`], but stdin stays open after `input`: when the first line
    /// of stdout is complete, `reply(line)` is written and stdin closed (`create`'s commit).
    pub async fn run_streaming_confirmed(
        &self,
        argv: &[&str],
        input: &[u8],
        reply: &capped::Reply<'_>,
        p: &dyn Progress,
    ) -> Result<Out> {
        let machine = self.name.clone();
        let mut line = |l: String| {
            p.event(Event::Remote {
                machine: machine.clone(),
                line: l,
            })
        };
        self.collect(&self.as_root(argv), Some(input), &mut line, Some(reply))
            .await
    }

    /// Run `argv` as root with the terminal passed through (`tty`: a remote pseudo-terminal, so
    /// Ctrl-C and full-screen programs work), over the master connection, with the system `ssh`
    /// (the native mux cannot allocate a terminal). Returns the remote exit code.
    pub fn interactive(&self, argv: &[&str], tty: bool) -> Result<i32> {
        let line = self
            .as_root(argv)
            .iter()
            .map(|a| sh_quote(a))
            .collect::<Vec<_>>()
            .join(" ");
        let st = std::process::Command::new("ssh")
            .arg("-S")
            .arg(self.session.control_socket())
            .args(["-o", "ControlMaster=no", "-o", "BatchMode=yes"])
            .arg(if tty { "-tt" } else { "-T" })
            .arg("-p")
            .arg(self.login.1.to_string())
            .arg(&self.login.0)
            .arg("--")
            .arg(line)
            .status()
            .context("running ssh")?;
        Ok(st.code().unwrap_or(130))
    }

    /// Run as root; each line of stdout goes to `out` as it comes (logs), each line of stderr
    /// is reported as a remote event. Lines are cut at [`capped::LINE_CAP`].
    pub async fn run_lines(
        &self,
        argv: &[&str],
        out: &mut (dyn FnMut(String) + Send),
        p: &dyn Progress,
    ) -> Result<Option<i32>> {
        let mut cmd = self.command(&self.as_root(argv), false);
        let lost = |e: openssh::Error| {
            connection(format!(
                "lost the connection to {} ({}): {e}",
                self.name, self.target
            ))
        };
        let mut child = cmd.spawn().await.map_err(lost)?;
        let machine = self.name.clone();
        let mut err_line = |l: String| {
            p.event(Event::Remote {
                machine: machine.clone(),
                line: l,
            })
        };
        let (stdout, stderr) = (child.stdout().take(), child.stderr().take());
        let a = async {
            if let Some(o) = stdout {
                capped::lines_tail(o, &mut *out).await;
            }
        };
        let b = async {
            if let Some(e) = stderr {
                capped::lines_tail(e, &mut err_line).await;
            }
        };
        tokio::join!(a, b);
        let status = child.wait().await.map_err(lost)?;
        Ok(status.code())
    }

    /// Run and require success; the error carries stderr.
    pub async fn check(&self, what: &str, argv: &[&str]) -> Result<Out> {
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
    pub async fn read_file(&self, path: &str) -> Result<Option<Vec<u8>>> {
        if let Some(sftp) = &self.sftp {
            let mut fs = sftp.fs();
            // Files rdc reads back are small configuration files: refuse a huge one rather
            // than hold it in memory.
            if let Ok(meta) = fs.metadata(path).await
                && meta.len().unwrap_or(0) > capped::STDOUT_CAP as u64
            {
                return Err(remote(format!(
                    "{path} on {} is over {} MiB; rdc only reads small configuration files there (remove or fix it)",
                    self.name,
                    capped::STDOUT_CAP >> 20
                )));
            }
            return match fs.read(path).await {
                Ok(b) => Ok(Some(b.to_vec())),
                Err(e) if is_not_found(&e) => Ok(None),
                Err(e) => Err(remote(format!("reading {path} on {}: {e}", self.name))),
            };
        }
        let o = self
            .sh(
                "if [ -e \"$1\" ]; then cat -- \"$1\"; else exit 3; fi",
                &[path],
                None,
            )
            .await?;
        match o.code {
            Some(0) => Ok(Some(o.stdout)),
            Some(3) => Ok(None),
            _ => Err(remote(format!(
                "reading {path} on {}: {}",
                self.name,
                o.stderr_str()
            ))),
        }
    }

    /// Replace `path` atomically: the bytes go to a temporary file in the same directory, which
    /// gets `mode` before any byte is written and is then renamed over `path`. A reader (or a
    /// crash, or a cut connection) sees the old file or the new one, never a mix.
    pub async fn write_file_atomic(&self, path: &str, bytes: &[u8], mode: u32) -> Result<()> {
        self.write_file_atomic_with(path, bytes, mode, None).await
    }

    /// [`Remote::write_file_atomic`], reporting the bytes written as they go (large binaries).
    pub async fn write_file_atomic_with(
        &self,
        path: &str,
        bytes: &[u8],
        mode: u32,
        p: Option<&dyn Progress>,
    ) -> Result<()> {
        let tmp = format!("{path}.rdc-tmp");
        if let Some(sftp) = &self.sftp {
            let res: std::result::Result<(), openssh_sftp_client::Error> = async {
                let mut f = sftp
                    .options()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&tmp)
                    .await?;
                f.set_permissions(openssh_sftp_client::metadata::Permissions::from(
                    mode as u16,
                ))
                .await?;
                const CHUNK: usize = 4 << 20;
                let total = bytes.len() as u64;
                for (i, chunk) in bytes.chunks(CHUNK).enumerate() {
                    f.write_all(chunk).await?;
                    if let Some(p) = p {
                        p.event(Event::Bytes {
                            what: format!("uploading {path}"),
                            done: ((i * CHUNK + chunk.len()) as u64).min(total),
                            total,
                        });
                    }
                }
                f.sync_all().await.ok();
                f.close().await?;
                sftp.fs().rename(&tmp, path).await?;
                Ok(())
            }
            .await;
            if res.is_err() {
                // No partial file stays behind (a full disk, say).
                let _ = sftp.fs().remove_file(&tmp).await;
            }
            return res.map_err(|e| remote(format!("writing {path} on {}: {e}", self.name)));
        }
        let script = "umask 077 && { cat > \"$1.rdc-tmp\" && chmod \"$2\" \"$1.rdc-tmp\" && mv -f \"$1.rdc-tmp\" \"$1\"; } || { rm -f \"$1.rdc-tmp\"; exit 1; }";
        let o = self
            .sh(script, &[path, &format!("{mode:o}")], Some(bytes))
            .await?;
        if !o.ok() {
            return Err(remote(format!(
                "writing {path} on {}: {}",
                self.name,
                o.stderr_str()
            )));
        }
        Ok(())
    }

    /// sha256 of a remote file, None when it does not exist.
    pub async fn sha256(&self, path: &str) -> Result<Option<String>> {
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

    pub async fn close(self) {
        if let Some(s) = self.sftp {
            let _ = s.close().await;
        }
        if let Ok(s) = Arc::try_unwrap(self.session) {
            let _ = s.close().await;
        }
    }
}

fn is_not_found(e: &openssh_sftp_client::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("no such file") || s.contains("not found")
}

/// sha256 of a local file.
pub fn local_sha256(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// The machine architecture as `uname -m` prints it.
pub fn local_arch() -> &'static str {
    std::env::consts::ARCH
}

/// This executable (what is installed on servers unless `--rdc-binary` says otherwise).
pub fn current_exe() -> Result<PathBuf> {
    std::env::current_exe().context("finding this executable")
}

#[cfg(test)]
mod tests {
    use super::*;

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
