//! A scripted [`Link`] for unit tests: no sshd, no network. Commands a test scripted
//! ([`Fake::on`]) get the scripted answer; every other command runs on this machine with the
//! same argv (`sh`, `stat`, `flock`… behave as on a server), and files are this machine's, so a
//! test points the machine's prefix at a temporary directory. Every command is recorded
//! ([`Fake::calls`]) for assertions; puts can be made to fail ([`Fake::fail_put`]).

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use super::link::{Fut, Held, Link};
use super::{Out, capped};
use crate::error::remote;
use crate::progress::Progress;

type Answer = Box<dyn Fn(&[String]) -> Option<Out> + Send + Sync>;

/// The fake connection; clones share the script and the record.
#[derive(Clone, Default)]
pub(crate) struct Fake {
    rules: Arc<Mutex<Vec<Answer>>>,
    calls: Arc<Mutex<Vec<Vec<String>>>>,
    failing: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    pub(crate) fn new() -> Fake {
        Fake::default()
    }

    /// Answer every command whose argv contains `words` in that order (adjacent) with `code`,
    /// `stdout` and `stderr`. Later rules win.
    pub(crate) fn on(&self, words: &[&str], code: i32, stdout: &str, stderr: &str) -> &Fake {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let (stdout, stderr) = (stdout.as_bytes().to_vec(), stderr.as_bytes().to_vec());
        self.answer(move |argv| {
            argv.windows(words.len())
                .any(|w| w == words.as_slice())
                .then(|| Out {
                    code: Some(code),
                    stdout: stdout.clone(),
                    stderr: stderr.clone(),
                })
        })
    }

    /// Answer commands for which `f` returns an answer.
    pub(crate) fn answer(
        &self,
        f: impl Fn(&[String]) -> Option<Out> + Send + Sync + 'static,
    ) -> &Fake {
        self.rules.lock().unwrap().push(Box::new(f));
        self
    }

    /// Writing `path` fails (a full disk).
    pub(crate) fn fail_put(&self, path: &str) -> &Fake {
        self.failing.lock().unwrap().push(path.to_string());
        self
    }

    /// Every command run so far, each as its argv.
    pub(crate) fn calls(&self) -> Vec<Vec<String>> {
        self.calls.lock().unwrap().clone()
    }

    /// The commands run so far whose argv contains `word`.
    pub(crate) fn ran(&self, word: &str) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter(|c| c.iter().any(|w| w == word))
            .map(|c| c.join(" "))
            .collect()
    }

    /// A [`super::Remote`] named `name` over this fake, as root.
    pub(crate) fn remote(&self, name: &str) -> super::Remote {
        super::Remote::over(name, Box::new(self.clone()))
    }

    fn scripted(&self, argv: &[&str]) -> Option<Out> {
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        self.calls.lock().unwrap().push(argv.clone());
        self.rules
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find_map(|r| r(&argv))
    }

    async fn local(argv: &[&str], input: Option<&[u8]>) -> Result<Out> {
        let mut child = tokio::process::Command::new(argv[0])
            .args(&argv[1..])
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| remote(format!("fake machine: running {}: {e}", argv[0])))?;
        if let (Some(data), Some(mut w)) = (input, child.stdin.take()) {
            w.write_all(data).await.ok();
            w.shutdown().await.ok();
        }
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        let (mut o, mut e) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let (a, b) = tokio::join!(o.read_to_end(&mut stdout), e.read_to_end(&mut stderr));
        a?;
        b?;
        let st = child.wait().await?;
        Ok(Out {
            code: st.code(),
            stdout,
            stderr,
        })
    }
}

fn lines_of(bytes: &[u8], f: &mut dyn FnMut(String)) {
    for l in String::from_utf8_lossy(bytes).lines() {
        f(l.to_string());
    }
}

impl Link for Fake {
    fn exec<'a>(
        &'a self,
        argv: &'a [&'a str],
        input: Option<&'a [u8]>,
        line: &'a mut dyn FnMut(String),
        reply: Option<&'a capped::Reply<'a>>,
    ) -> Fut<'a, Result<Out>> {
        Box::pin(async move {
            let out = match self.scripted(argv) {
                Some(o) => o,
                None => Fake::local(argv, input).await?,
            };
            if let Some(reply) = reply {
                let first = out.stdout.split(|b| *b == b'\n').next().unwrap_or(&[]);
                reply(first);
            }
            lines_of(&out.stderr, line);
            if out.stdout.len() > capped::STDOUT_CAP {
                return Err(super::link::too_much("fake", argv, capped::STDOUT_CAP));
            }
            Ok(out)
        })
    }

    fn exec_lines<'a>(
        &'a self,
        argv: &'a [&'a str],
        out: &'a mut dyn FnMut(String),
        err: &'a mut dyn FnMut(String),
    ) -> Fut<'a, Result<Option<i32>>> {
        Box::pin(async move {
            let o = match self.scripted(argv) {
                Some(o) => o,
                None => Fake::local(argv, None).await?,
            };
            lines_of(&o.stdout, out);
            lines_of(&o.stderr, err);
            Ok(o.code)
        })
    }

    fn hold<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<Box<dyn Held>>> {
        Box::pin(async move {
            if let Some(o) = self.scripted(argv) {
                let lines = String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .rev()
                    .map(str::to_string)
                    .collect();
                return Ok(Box::new(Canned(lines, o.code)) as Box<dyn Held>);
            }
            let mut child = tokio::process::Command::new(argv[0])
                .args(&argv[1..])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()?;
            let out = child.stdout.take().expect("piped");
            Ok(Box::new(LocalHeld {
                lines: BufReader::new(out).lines(),
                child,
            }) as Box<dyn Held>)
        })
    }

    /// Always local (a scripted answer has no stream).
    fn spawn<'a>(&'a self, argv: &'a [&'a str]) -> Fut<'a, Result<super::link::Spawned>> {
        Box::pin(async move {
            self.calls
                .lock()
                .unwrap()
                .push(argv.iter().map(|w| w.to_string()).collect());
            let mut child = tokio::process::Command::new(argv[0])
                .args(&argv[1..])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .map_err(|e| remote(format!("fake machine: running {}: {e}", argv[0])))?;
            let (stdin, stdout, stderr) = (
                child.stdin.take().expect("piped"),
                child.stdout.take().expect("piped"),
                child.stderr.take().expect("piped"),
            );
            Ok(super::link::Spawned {
                stdin: Box::pin(stdin),
                stdout: Box::pin(stdout),
                stderr: Box::pin(stderr),
                wait: Box::pin(async move { child.wait().await.ok().and_then(|s| s.code()) }),
            })
        })
    }

    fn stat<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<u64>>> {
        Box::pin(async move { Ok(std::fs::metadata(path).ok().map(|m| m.len())) })
    }

    fn get<'a>(&'a self, path: &'a str) -> Fut<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            match std::fs::read(path) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(remote(format!("reading {path} on fake: {e}"))),
            }
        })
    }

    fn put<'a>(
        &'a self,
        path: &'a str,
        bytes: &'a [u8],
        mode: u32,
        _p: Option<&'a dyn Progress>,
    ) -> Fut<'a, Result<()>> {
        Box::pin(async move {
            self.calls
                .lock()
                .unwrap()
                .push(vec!["put".into(), path.to_string()]);
            let tmp = format!("{path}.rdc-tmp");
            let res = (|| -> std::io::Result<()> {
                let mut f = std::fs::File::create(&tmp)?;
                f.set_permissions(std::fs::Permissions::from_mode(mode))?;
                if self.failing.lock().unwrap().iter().any(|p| p == path) {
                    f.write_all(&bytes[..bytes.len() / 2])?;
                    return Err(std::io::Error::other("No space left on device"));
                }
                f.write_all(bytes)?;
                std::fs::rename(&tmp, path)
            })();
            if res.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            res.map_err(|e| remote(format!("writing {path} on fake: {e}")))
        })
    }

    fn interactive(&self, argv: &[&str], _tty: bool) -> Result<i32> {
        let st = std::process::Command::new(argv[0])
            .args(&argv[1..])
            .status()?;
        Ok(st.code().unwrap_or(130))
    }

    fn close(self: Box<Self>) -> Fut<'static, ()> {
        Box::pin(async {})
    }
}

/// A scripted held command: its lines, then its exit code.
struct Canned(Vec<String>, Option<i32>);

impl Held for Canned {
    fn next_line(&mut self) -> Fut<'_, Result<Option<String>>> {
        Box::pin(async move { Ok(self.0.pop()) })
    }
    fn release(self: Box<Self>) -> Fut<'static, Option<i32>> {
        Box::pin(async move { self.1 })
    }
}

struct LocalHeld {
    child: tokio::process::Child,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

impl Held for LocalHeld {
    fn next_line(&mut self) -> Fut<'_, Result<Option<String>>> {
        Box::pin(async move { Ok(self.lines.next_line().await?) })
    }
    fn release(self: Box<Self>) -> Fut<'static, Option<i32>> {
        Box::pin(async move {
            let LocalHeld { mut child, .. } = *self;
            drop(child.stdin.take());
            child.wait().await.ok().and_then(|s| s.code())
        })
    }
}
