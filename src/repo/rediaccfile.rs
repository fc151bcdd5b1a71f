//! Rediaccfiles: bash files named `Rediaccfile` (any case) in a repository's root and in its
//! first-level subdirectories (hidden ones skipped). Each is sourced in its own directory, and its
//! functions are called in this order:
//!
//! * `prep()` of every file, root first then subdirectories A→Z; the first failure stops it all;
//! * `up()` root first (a failure stops it all), then subdirectories A→Z (a failure is reported
//!   and the others still run);
//! * `down()` subdirectories Z→A, then the root, best effort.
//!
//! A missing function is skipped. The environment (docs/repositories.md): `REPOSITORY_PATH`,
//! `REPOSITORY_NAME`, `REPOSITORY_GUID`, `REPOSITORY_NETWORK_ID`, `DOCKER_HOST`, and
//! `{SERVICE}_IP` for every slot; `PATH` starts with the directory of rdc (for `rdc compose`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rediaccfile {
    pub dir: PathBuf,
    pub file: PathBuf,
    /// `.` for the root, else the subdirectory's name.
    pub label: String,
}

/// The Rediaccfiles of a repository: root first, then subdirectories in name order.
pub fn find(repo: &Path) -> Result<Vec<Rediaccfile>> {
    let mut out = Vec::new();
    if let Some(f) = in_dir(repo)? {
        out.push(Rediaccfile {
            dir: repo.to_path_buf(),
            file: f,
            label: ".".into(),
        });
    }
    let mut subs: Vec<PathBuf> = std::fs::read_dir(repo)
        .with_context(|| format!("reading {}", repo.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    subs.sort();
    for d in subs {
        if let Some(f) = in_dir(&d)? {
            out.push(Rediaccfile {
                label: d.file_name().unwrap().to_string_lossy().into_owned(),
                dir: d,
                file: f,
            });
        }
    }
    Ok(out)
}

fn in_dir(d: &Path) -> Result<Option<PathBuf>> {
    let mut hits: Vec<PathBuf> = std::fs::read_dir(d)
        .with_context(|| format!("reading {}", d.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("rediaccfile"))
        })
        .collect();
    hits.sort();
    Ok(hits.into_iter().next())
}

/// What happened when a function was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    Ok,
    Missing,
    Failed(i32),
}

/// Source `rf` in its directory and call `func` with `env`.
pub fn call(rf: &Rediaccfile, func: &str, env: &[(String, String)]) -> Result<Ran> {
    let marker = tempfile::NamedTempFile::new()?;
    let marker_path = marker.path().to_path_buf();
    drop(marker);
    let script = r#"cd "$RDC_DIR" || exit 1
. "$RDC_FILE" || exit $?
if declare -F "$RDC_FUNC" >/dev/null; then "$RDC_FUNC"; else : > "$RDC_MISSING"; fi"#;
    // The hooks' output is progress for the operator: it goes to stderr, which is streamed back
    // over SSH (stdout carries the host command's JSON result).
    use std::os::fd::AsFd;
    let out = std::io::stderr().as_fd().try_clone_to_owned()?;
    let st = Command::new("bash")
        .arg("-c")
        .arg(script)
        .stdout(std::process::Stdio::from(out))
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("RDC_DIR", &rf.dir)
        .env("RDC_FILE", &rf.file)
        .env("RDC_FUNC", func)
        .env("RDC_MISSING", &marker_path)
        .status()
        .context("running bash (is it installed?)")?;
    if marker_path.exists() {
        let _ = std::fs::remove_file(&marker_path);
        return Ok(Ran::Missing);
    }
    Ok(match st.code() {
        Some(0) => Ran::Ok,
        Some(c) => Ran::Failed(c),
        None => Ran::Failed(128),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_root_then_subdirs_and_calls_functions() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        std::fs::write(r.join("Rediaccfile"), "prep() { echo prep-root >> \"$REPOSITORY_PATH/log\"; }\nup() { echo \"up-root $WEB_IP\" >> \"$REPOSITORY_PATH/log\"; }\n").unwrap();
        for sub in ["b", "a", ".hidden", "nofile"] {
            std::fs::create_dir(r.join(sub)).unwrap();
        }
        std::fs::write(r.join("b/rediaccfile"), "up() { return 3; }\n").unwrap();
        std::fs::write(
            r.join("a/Rediaccfile"),
            "up() { pwd >> \"$REPOSITORY_PATH/log\"; }\n",
        )
        .unwrap();
        std::fs::write(r.join(".hidden/Rediaccfile"), "up() { exit 9; }\n").unwrap();
        let found = find(r).unwrap();
        let labels: Vec<&str> = found.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, vec![".", "a", "b"]);
        let env = vec![
            ("REPOSITORY_PATH".to_string(), r.display().to_string()),
            ("WEB_IP".to_string(), "127.0.11.2".to_string()),
        ];
        assert_eq!(call(&found[0], "prep", &env).unwrap(), Ran::Ok);
        assert_eq!(call(&found[0], "up", &env).unwrap(), Ran::Ok);
        assert_eq!(call(&found[1], "prep", &env).unwrap(), Ran::Missing);
        assert_eq!(call(&found[1], "up", &env).unwrap(), Ran::Ok);
        assert_eq!(call(&found[2], "up", &env).unwrap(), Ran::Failed(3));
        let log = std::fs::read_to_string(r.join("log")).unwrap();
        assert_eq!(
            log,
            format!("prep-root\nup-root 127.0.11.2\n{}\n", r.join("a").display())
        );
    }
}
