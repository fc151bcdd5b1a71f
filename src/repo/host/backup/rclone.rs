//! rclone for one transfer: its config (the storage's secrets) in a private 0600 file, the
//! backups' place in the storage, the complete entries listed; and running a tool with its
//! complaint on one line.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use super::super::layout::say;
use crate::contract::backup::{BackupJob, Entry};
use crate::error::{remote, usage};

/// rclone with the transfer's config in a private 0600 file.
pub(super) struct Rclone {
    _dir: tempfile::TempDir,
    conf: PathBuf,
    /// `storage:path/guid`
    base: String,
}

impl Rclone {
    pub(super) fn new(job: &BackupJob) -> Result<Rclone> {
        if which("rclone").is_none() {
            return Err(usage(
                "rclone is not installed on this machine; install it with: rdc context setup-machine MACHINE (or apt-get install rclone)",
            ));
        }
        let dir = tempfile::Builder::new().prefix("rdc-rclone-").tempdir()?;
        let conf = dir.path().join("rclone.conf");
        crate::contract::fs::write_atomic(&conf, job.rclone_conf.as_bytes(), 0o600)?;
        // A leading '/' stays: for a local or sftp storage the path is absolute.
        let path = job.path.trim_end_matches('/');
        let base = if path.is_empty() {
            format!("{}:{}", job.storage, job.repo.guid)
        } else {
            format!("{}:{path}/{}", job.storage, job.repo.guid)
        };
        Ok(Rclone {
            _dir: dir,
            conf,
            base,
        })
    }

    pub(super) fn cmd(&self) -> Command {
        let mut c = Command::new("rclone");
        c.arg("--config")
            .arg(&self.conf)
            .args(["--low-level-retries", "3", "--retries", "1"]);
        c
    }

    pub(super) fn at(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }

    /// Run to completion; an error carries rclone's last words.
    pub(super) fn run(&self, what: &str, args: &[&str]) -> Result<Vec<u8>> {
        let out = self
            .cmd()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .context("running rclone")?;
        if !out.status.success() {
            return Err(remote(format!("{what}: rclone says: {}", said(&out))));
        }
        Ok(out.stdout)
    }

    /// Every complete backup (those with their `<tag>.json`), oldest first.
    pub(super) fn entries(&self) -> Result<Vec<Entry>> {
        let out = self
            .cmd()
            .args(["lsf", "--files-only", "--include", "*.json", &self.base])
            .stdin(Stdio::null())
            .output()
            .context("running rclone")?;
        if !out.status.success() {
            // rclone exits 3 when the directory does not exist: no backup yet.
            if out.status.code() == Some(3) {
                return Ok(Vec::new());
            }
            return Err(remote(format!(
                "listing the backups: rclone says: {}",
                said(&out)
            )));
        }
        let mut v = Vec::new();
        for name in String::from_utf8_lossy(&out.stdout).lines() {
            let body = self.run("reading a backup's entry", &["cat", &self.at(name)])?;
            match serde_json::from_slice::<Entry>(&body) {
                Ok(e) if format!("{}.json", e.tag) == name => v.push(e),
                _ => say(format!("ignoring {name}: not a backup entry")),
            }
        }
        crate::contract::backup::sort(&mut v);
        Ok(v)
    }
}

pub(super) fn which(prog: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(prog))
            .find(|p| p.is_file())
    })
}

/// What a tool said on stderr, on one line (its lines joined, at most 400 characters).
/// What a finished tool said: its last stderr lines, or the signal that ended it.
pub(super) fn said(o: &std::process::Output) -> String {
    use std::os::unix::process::ExitStatusExt;
    match o.status.signal() {
        Some(n) if o.stderr.iter().all(u8::is_ascii_whitespace) => {
            format!("killed by signal {n}")
        }
        _ => last_line(&o.stderr),
    }
}

fn last_line(b: &[u8]) -> String {
    let text = String::from_utf8_lossy(b);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return "(no message)".into();
    }
    let s = lines.join(" | ");
    match s.char_indices().nth(400) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

pub(super) fn run(what: &str, c: &mut Command) -> Result<()> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .with_context(|| what.to_string())?;
    if !out.status.success() {
        return Err(remote(format!("{what}: {}", said(&out))));
    }
    Ok(())
}
