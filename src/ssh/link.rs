//! The seam under [`super::Remote`]: the few things a connection to a machine does (run a
//! command with bounded output, stream its lines, hold a command open, stat/get/put a file with
//! a mode, an interactive session), as the [`Link`] trait. [`Ssh`] is the real one (the system
//! `ssh` as a ControlMaster through openssh's native mux, files over SFTP on the same
//! connection); `super::fake` is the scripted one unit tests use, without sshd.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use openssh::{KnownHosts, Session, SessionBuilder, Stdio as SshStdio};
use openssh_sftp_client::{Sftp, SftpOptions};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{Out, capped, cleanup, error_chain, explain_connect_error};
use crate::context::Machine;
use crate::contract::quote::sh_quote;
use crate::error::{connection, remote};
use crate::progress::{Event, Progress};

/// A boxed future (the trait is used as `dyn Link`).
pub(crate) type Fut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What a connection to a machine can do. `argv` is already wrapped for root (`sudo -n --`);
/// every word reaches the remote program as one word.
pub(crate) trait Link {
    /// Run `argv`, feeding `input`; each stderr line goes to `line`; with `reply`, stdin stays
    /// open until the first line of stdout is complete, then gets `reply(line)` and is closed.
    /// Stdout is read up to [`capped::STDOUT_CAP`] (more is an error), stderr lines are cut and
    /// only their tail is kept.
    fn exec<'a>(
        &'a self,
        argv: &'a [&'a str],
        input: Option<&'a [u8]>,
        line: &'a mut dyn FnMut(String),
        reply: Option<&'a capped::Reply<'a>>,
    ) -> Fut<'a, Result<Out>>;

    /// Run `argv`; each stdout line goes to `out` and each stderr line to `err` as they come.
    /// Returns the exit code.
    fn exec_lines<'a>(
        &'a self,
        argv: &'a [&'a str],
        out: &'a mut dyn FnMut(String),
        err: &'a mut dyn FnMut(String),
    ) -> Fut<'a, Result<Option<i32>>>;

    /// Start `argv` with its stdin kept open (a lock held by a remote shell): its stdout is read
    /// line by line; [`Held::release`] closes its stdin and waits for it.
    fn hold<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<Box<dyn Held>>>;

    /// Start `argv` with stdin, stdout and stderr piped, for the caller to move a stream
    /// through (a transfer between two machines, relayed by the laptop).
    fn spawn<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<Spawned>>;

    /// The size of a file, None when it does not exist.
    fn stat<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<u64>>>;

    /// A file's contents, None when it does not exist.
    fn get<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<Vec<u8>>>>;

    /// Replace `path` atomically with `bytes` and `mode` (a temporary file in the same
    /// directory, given the mode before any byte is written, renamed over `path`; removed on
    /// failure), reporting the bytes written to `p`.
    fn put<'a>(
        &'a self,
        path: &'a str,
        bytes: &'a [u8],
        mode: u32,
        p: Option<&'a dyn Progress>,
    ) -> Fut<'a, Result<()>>;

    /// Run `argv` with the terminal passed through; the remote exit code.
    fn interactive(&self, argv: &[&str], tty: bool) -> Result<i32>;

    fn close(self: Box<Self>) -> Fut<'static, ()>;
}

/// A command held open by [`Link::hold`].
pub(crate) trait Held {
    /// The next line of its stdout, None at its end.
    fn next_line(&mut self) -> Fut<'_, Result<Option<String>>>;
    /// Close its stdin and wait for it to end; its exit code.
    fn release(self: Box<Self>) -> Fut<'static, Option<i32>>;
}

/// A command started by [`Link::spawn`]: its three pipes, and its end.
pub(crate) struct Spawned {
    pub(crate) stdin: Pin<Box<dyn tokio::io::AsyncWrite>>,
    pub(crate) stdout: Pin<Box<dyn tokio::io::AsyncRead>>,
    pub(crate) stderr: Pin<Box<dyn tokio::io::AsyncRead>>,
    /// Wait for it to end: its exit code (None: killed by a signal, or the connection lost).
    pub(crate) wait: Fut<'static, Option<i32>>,
}

/// The real connection: an openssh master (native mux) and SFTP on the same connection (none
/// for a user other than root: files then travel through `sudo` and the shell).
pub(crate) struct Ssh {
    session: Arc<Session>,
    sftp: Option<Sftp>,
    name: String,
    target: String,
    /// `user@ip` and the port, for interactive sessions over the master connection.
    login: (String, u16),
    _tmp: cleanup::ControlDir,
}

impl Ssh {
    /// Open the master connection (and SFTP for root). Returns the link and `user@host:port`.
    pub(crate) async fn connect(
        name: &str,
        m: &Machine,
        ssh_key: Option<&Path>,
    ) -> Result<(Ssh, String)> {
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
        let sftp = if m.user == "root" {
            Some(
                Sftp::from_clonable_session(session.clone(), SftpOptions::default())
                    .await
                    .map_err(|e| {
                        connection(format!(
                            "{name} ({target}) has no SFTP subsystem ({e}); enable `Subsystem sftp` in its sshd_config"
                        ))
                    })?,
            )
        } else {
            None
        };
        let link = Ssh {
            session,
            sftp,
            name: name.to_string(),
            target: target.clone(),
            login: (format!("{}@{}", m.user, m.ip), m.port),
            _tmp: tmp,
        };
        Ok((link, target))
    }

    /// The remote command line: openssh hands the string to the remote shell, so every word is
    /// quoted here.
    fn line(argv: &[&str]) -> String {
        argv.iter()
            .map(|a| sh_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn command(&self, argv: &[&str], input: bool) -> openssh::OwningCommand<&Session> {
        let mut cmd = self.session.raw_command(Self::line(argv));
        cmd.stdout(SshStdio::piped())
            .stderr(SshStdio::piped())
            .stdin(if input {
                SshStdio::piped()
            } else {
                SshStdio::null()
            });
        cmd
    }

    fn lost(&self, e: openssh::Error) -> anyhow::Error {
        connection(format!(
            "lost the connection to {} ({}): {e}",
            self.name, self.target
        ))
    }

    async fn collect(
        &self,
        argv: &[&str],
        input: Option<&[u8]>,
        line: &mut dyn FnMut(String),
        reply: Option<&capped::Reply<'_>>,
    ) -> Result<Out> {
        let mut cmd = self.command(argv, input.is_some() || reply.is_some());
        let mut child = cmd.spawn().await.map_err(|e| self.lost(e))?;
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
        let stdout = stdout.map_err(|cap| too_much(&self.name, argv, cap))?;
        let status = child.wait().await.map_err(|e| self.lost(e))?;
        Ok(Out {
            code: status.code(),
            stdout,
            stderr,
        })
    }

    async fn lines(
        &self,
        argv: &[&str],
        out: &mut dyn FnMut(String),
        err: &mut dyn FnMut(String),
    ) -> Result<Option<i32>> {
        let mut cmd = self.command(argv, false);
        let mut child = cmd.spawn().await.map_err(|e| self.lost(e))?;
        let (stdout, stderr) = (child.stdout().take(), child.stderr().take());
        let a = async {
            if let Some(o) = stdout {
                capped::lines_tail(o, out).await;
            }
        };
        let b = async {
            if let Some(e) = stderr {
                capped::lines_tail(e, err).await;
            }
        };
        tokio::join!(a, b);
        let status = child.wait().await.map_err(|e| self.lost(e))?;
        Ok(status.code())
    }

    async fn held(&self, argv: &[&str]) -> Result<Box<dyn Held>> {
        let mut child = Session::arc_raw_command(self.session.clone(), Self::line(argv))
            .stdin(SshStdio::piped())
            .stdout(SshStdio::piped())
            .stderr(SshStdio::null())
            .spawn()
            .await
            .map_err(|e| self.lost(e))?;
        let Some(stdout) = child.stdout().take() else {
            return Err(remote("no output from the held command"));
        };
        Ok(Box::new(SshHeld {
            lines: BufReader::new(stdout).lines(),
            child,
            name: self.name.clone(),
        }))
    }

    async fn spawned(&self, argv: &[&str]) -> Result<Spawned> {
        let mut child = Session::arc_raw_command(self.session.clone(), Self::line(argv))
            .stdin(SshStdio::piped())
            .stdout(SshStdio::piped())
            .stderr(SshStdio::piped())
            .spawn()
            .await
            .map_err(|e| self.lost(e))?;
        let (Some(stdin), Some(stdout), Some(stderr)) = (
            child.stdin().take(),
            child.stdout().take(),
            child.stderr().take(),
        ) else {
            return Err(remote("a spawned command has no pipes"));
        };
        Ok(Spawned {
            stdin: Box::pin(stdin),
            stdout: Box::pin(stdout),
            stderr: Box::pin(stderr),
            wait: Box::pin(async move { child.wait().await.ok().and_then(|s| s.code()) }),
        })
    }

    async fn size(&self, path: &str) -> Result<Option<u64>> {
        if let Some(sftp) = &self.sftp {
            return Ok(sftp.fs().metadata(path).await.ok().and_then(|m| m.len()));
        }
        let o = self
            .collect(
                &self.wrap(&[
                    "sh",
                    "-c",
                    "[ -e \"$1\" ] || exit 3; stat -L -c %s -- \"$1\"",
                    "sh",
                    path,
                ]),
                None,
                &mut |_| {},
                None,
            )
            .await?;
        Ok(match o.code {
            Some(0) => o.stdout_str().parse().ok(),
            _ => None,
        })
    }

    /// Without SFTP (a user other than root) file commands go through `sudo -n`.
    fn wrap<'a>(&self, argv: &[&'a str]) -> Vec<&'a str> {
        let mut v = Vec::new();
        if self.sftp.is_none() {
            v.extend(["sudo", "-n", "--"]);
        }
        v.extend_from_slice(argv);
        v
    }

    async fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        if let Some(sftp) = &self.sftp {
            return match sftp.fs().read(path).await {
                Ok(b) => Ok(Some(b.to_vec())),
                Err(e) if is_not_found(&e) => Ok(None),
                Err(e) => Err(remote(format!("reading {path} on {}: {e}", self.name))),
            };
        }
        let script = "if [ -e \"$1\" ]; then cat -- \"$1\"; else exit 3; fi";
        let o = self
            .collect(
                &self.wrap(&["sh", "-c", script, "sh", path]),
                None,
                &mut |_| {},
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

    async fn write(
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
        let mode = format!("{mode:o}");
        let o = self
            .collect(
                &self.wrap(&["sh", "-c", script, "sh", path, &mode]),
                Some(bytes),
                &mut |_| {},
                None,
            )
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
}

/// The error for an answer over the stdout cap.
pub(crate) fn too_much(name: &str, argv: &[&str], cap: usize) -> anyhow::Error {
    remote(format!(
        "{name} answered `{}` with more than {} MiB; not reading more (is the server's rdc what push-infra installed?)",
        argv.iter().take(4).copied().collect::<Vec<_>>().join(" "),
        cap >> 20
    ))
}

impl Link for Ssh {
    fn exec<'a>(
        &'a self,
        argv: &'a [&'a str],
        input: Option<&'a [u8]>,
        line: &'a mut dyn FnMut(String),
        reply: Option<&'a capped::Reply<'a>>,
    ) -> Fut<'a, Result<Out>> {
        Box::pin(self.collect(argv, input, line, reply))
    }

    fn exec_lines<'a>(
        &'a self,
        argv: &'a [&'a str],
        out: &'a mut dyn FnMut(String),
        err: &'a mut dyn FnMut(String),
    ) -> Fut<'a, Result<Option<i32>>> {
        Box::pin(self.lines(argv, out, err))
    }

    fn hold<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<Box<dyn Held>>> {
        Box::pin(self.held(argv))
    }

    fn spawn<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<Spawned>> {
        Box::pin(self.spawned(argv))
    }

    fn stat<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<u64>>> {
        Box::pin(self.size(path))
    }

    fn get<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<Vec<u8>>>> {
        Box::pin(self.read(path))
    }

    fn put<'a>(
        &'a self,
        path: &'a str,
        bytes: &'a [u8],
        mode: u32,
        p: Option<&'a dyn Progress>,
    ) -> Fut<'a, Result<()>> {
        Box::pin(self.write(path, bytes, mode, p))
    }

    /// Over the master connection, with the system `ssh` (the native mux cannot allocate a
    /// terminal).
    fn interactive(&self, argv: &[&str], tty: bool) -> Result<i32> {
        let st = std::process::Command::new("ssh")
            .arg("-S")
            .arg(self.session.control_socket())
            .args(["-o", "ControlMaster=no", "-o", "BatchMode=yes"])
            .arg(if tty { "-tt" } else { "-T" })
            .arg("-p")
            .arg(self.login.1.to_string())
            .arg(&self.login.0)
            .arg("--")
            .arg(Self::line(argv))
            .status()
            .context("running ssh")?;
        Ok(st.code().unwrap_or(130))
    }

    fn close(self: Box<Self>) -> Fut<'static, ()> {
        Box::pin(async move {
            let Ssh {
                session,
                sftp,
                _tmp,
                ..
            } = *self;
            if let Some(s) = sftp {
                let _ = s.close().await;
            }
            if let Ok(s) = Arc::try_unwrap(session) {
                let _ = s.close().await;
            }
            drop(_tmp);
        })
    }
}

struct SshHeld {
    child: openssh::Child<Arc<Session>>,
    lines: tokio::io::Lines<BufReader<openssh::ChildStdout>>,
    name: String,
}

impl Held for SshHeld {
    fn next_line(&mut self) -> Fut<'_, Result<Option<String>>> {
        Box::pin(async move {
            self.lines.next_line().await.map_err(|e| {
                connection(format!(
                    "lost the connection to {} while holding a command open: {e}",
                    self.name
                ))
            })
        })
    }

    fn release(self: Box<Self>) -> Fut<'static, Option<i32>> {
        Box::pin(async move {
            let SshHeld { mut child, .. } = *self;
            drop(child.stdin().take());
            child.wait().await.ok().and_then(|s| s.code())
        })
    }
}

fn is_not_found(e: &openssh_sftp_client::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("no such file") || s.contains("not found")
}
