//! How compose is invoked: which compose (`docker compose` v2, or `docker-compose` v1), the
//! global options a caller may pass (profiles; nothing that brings in files or another daemon),
//! and the private directory where the rewritten project lives while compose runs.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::error::usage;

/// How to run compose: `docker compose` (v2) when available, else `docker-compose` (v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flavor {
    V2,
    V1,
}

pub fn detect() -> Result<Flavor> {
    let ok = |prog: &str, args: &[&str]| {
        std::process::Command::new(prog)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if ok("docker", &["compose", "version"]) {
        Ok(Flavor::V2)
    } else if ok("docker-compose", &["version"]) {
        Ok(Flavor::V1)
    } else {
        Err(usage(
            "neither `docker compose` nor `docker-compose` is installed on this server",
        ))
    }
}

impl Flavor {
    pub fn command(&self) -> std::process::Command {
        match self {
            Flavor::V2 => {
                let mut c = std::process::Command::new("docker");
                c.arg("compose");
                c
            }
            Flavor::V1 => std::process::Command::new("docker-compose"),
        }
    }
}

/// Compose's global options before the subcommand in `args`: the profiles asked for (they take
/// part in normalization); options that would bring in files or a daemon rdc has not judged are
/// refused.
pub(super) fn global_options(args: &[String]) -> Result<Vec<String>> {
    const REFUSED: [&str; 10] = [
        "-f",
        "--file",
        "-p",
        "--project-name",
        "--project-directory",
        "--env-file",
        "-H",
        "--host",
        "-c",
        "--context",
    ];
    let mut profiles = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with('-') {
            break;
        }
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        if REFUSED.contains(&flag)
            || (flag.starts_with("-f") && flag.len() > 2 && !flag.starts_with("--"))
        {
            return Err(usage(format!(
                "rdc compose: {a} is not allowed: rdc runs compose on the project it judged (the compose files of this directory, the repository's daemon); remove it"
            )));
        }
        if flag == "--profile" {
            match inline.or_else(|| it.next().cloned()) {
                Some(v) => profiles.push(v),
                None => return Err(usage("rdc compose: --profile needs a name")),
            }
        }
    }
    Ok(profiles)
}

/// A directory only root can enter, outside every repository (`/run/rediacc` when there is one,
/// else the temporary directory), removed when dropped.
pub(super) fn private_dir() -> Result<tempfile::TempDir> {
    let base = Path::new("/run/rediacc");
    let mut b = tempfile::Builder::new();
    b.prefix("rdc-compose-");
    let dir = if base.is_dir() {
        b.tempdir_in(base)
    } else {
        b.tempdir()
    };
    dir.context("creating a private directory for the rewritten project")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn profiles_pass_and_options_that_bring_in_files_are_refused() {
        assert_eq!(
            global_options(&args(&["--profile", "a", "--profile=b", "up", "-d"])).unwrap(),
            vec!["a", "b"]
        );
        // After the subcommand, `-f` is the subcommand's (logs -f).
        assert!(
            global_options(&args(&["logs", "-f", "web"]))
                .unwrap()
                .is_empty()
        );
        for bad in [
            &["-f", "x.yml", "up"][..],
            &["--file=x.yml", "up"],
            &["-fx.yml", "up"],
            &["--env-file", "/etc/x", "up"],
            &["--project-directory", "/", "up"],
            &["-H", "unix:///var/run/docker.sock", "up"],
            &["-p", "other", "down"],
        ] {
            let e = global_options(&args(bad)).unwrap_err().to_string();
            assert!(e.contains("is not allowed"), "{bad:?}: {e}");
        }
    }
}
