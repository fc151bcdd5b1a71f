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
pub(crate) struct Rediaccfile {
    pub dir: PathBuf,
    pub file: PathBuf,
    /// `.` for the root, else the subdirectory's name.
    pub label: String,
}

/// The Rediaccfiles of a repository: root first, then subdirectories in name order. Only real
/// directories and regular files count: a symlink (to a directory or a file outside the image,
/// say) is skipped and reported through `note`.
pub(crate) fn find(repo: &Path, note: &mut dyn FnMut(String)) -> Result<Vec<Rediaccfile>> {
    let mut out = Vec::new();
    if let Some(f) = in_dir(repo, ".", note)? {
        out.push(Rediaccfile {
            dir: repo.to_path_buf(),
            file: f,
            label: ".".into(),
        });
    }
    let mut subs: Vec<(PathBuf, String)> = Vec::new();
    for e in std::fs::read_dir(repo)
        .with_context(|| format!("reading {}", repo.display()))?
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_symlink() {
            if std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) {
                note(format!(
                    "skipping {name}/: a symlink, not a directory of the repository (Rediaccfiles run only from real directories inside it)"
                ));
            }
            continue;
        }
        if ft.is_dir() {
            subs.push((e.path(), name));
        }
    }
    subs.sort();
    for (d, name) in subs {
        if let Some(f) = in_dir(&d, &name, note)? {
            out.push(Rediaccfile {
                label: name,
                dir: d,
                file: f,
            });
        }
    }
    Ok(out)
}

fn in_dir(d: &Path, label: &str, note: &mut dyn FnMut(String)) -> Result<Option<PathBuf>> {
    let mut hits: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(d)
        .with_context(|| format!("reading {}", d.display()))?
        .flatten()
    {
        if !e
            .file_name()
            .to_string_lossy()
            .eq_ignore_ascii_case("rediaccfile")
        {
            continue;
        }
        match e.file_type() {
            Ok(ft) if ft.is_file() => hits.push(e.path()),
            Ok(ft) if ft.is_symlink() => note(format!(
                "skipping {label}/{}: a symlink (a Rediaccfile must be a regular file of the repository)",
                e.file_name().to_string_lossy()
            )),
            _ => {}
        }
    }
    hits.sort();
    Ok(hits.into_iter().next())
}

/// What happened when a function was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ran {
    Ok,
    Missing,
    Failed(i32),
    /// It ran longer than the limit and was stopped (its whole process group).
    TimedOut,
}

/// Source `rf` in its directory and call `func` with `env`. With a `limit`, the function and
/// everything it started (its process group) are stopped when it runs longer.
pub(crate) fn call(
    rf: &Rediaccfile,
    func: &str,
    env: &[(String, String)],
    limit: Option<std::time::Duration>,
) -> Result<Ran> {
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
    use std::os::unix::process::CommandExt;
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(script)
        .stdout(std::process::Stdio::from(out))
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("RDC_DIR", &rf.dir)
        .env("RDC_FILE", &rf.file)
        .env("RDC_FUNC", func)
        .env("RDC_MISSING", &marker_path)
        .process_group(0)
        .spawn()
        .context("running bash (is it installed?)")?;
    let st = match limit {
        None => child.wait()?,
        Some(limit) => {
            let deadline = std::time::Instant::now() + limit;
            loop {
                if let Some(st) = child.try_wait()? {
                    break st;
                }
                if std::time::Instant::now() >= deadline {
                    let pg = child.id() as i32;
                    // SAFETY: signals to the process group this call created.
                    unsafe {
                        libc::killpg(pg, libc::SIGTERM);
                    }
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    unsafe {
                        libc::killpg(pg, libc::SIGKILL);
                    }
                    let _ = child.wait();
                    let _ = std::fs::remove_file(&marker_path);
                    return Ok(Ran::TimedOut);
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    };
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
        let mut notes = Vec::new();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("Rediaccfile"), "up() { exit 7; }\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), r.join("linked")).unwrap();
        let found = find(r, &mut |n| notes.push(n)).unwrap();
        assert!(
            notes.iter().any(|n| n.contains("skipping linked/")),
            "{notes:?}"
        );
        let labels: Vec<&str> = found.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, vec![".", "a", "b"]);
        let env = vec![
            ("REPOSITORY_PATH".to_string(), r.display().to_string()),
            ("WEB_IP".to_string(), "127.0.11.2".to_string()),
        ];
        assert_eq!(call(&found[0], "prep", &env, None).unwrap(), Ran::Ok);
        assert_eq!(call(&found[0], "up", &env, None).unwrap(), Ran::Ok);
        assert_eq!(call(&found[1], "prep", &env, None).unwrap(), Ran::Missing);
        assert_eq!(call(&found[1], "up", &env, None).unwrap(), Ran::Ok);
        assert_eq!(call(&found[2], "up", &env, None).unwrap(), Ran::Failed(3));
        std::fs::write(r.join("b/rediaccfile"), "down() { sleep 30; }\n").unwrap();
        let t = std::time::Instant::now();
        assert_eq!(
            call(
                &found[2],
                "down",
                &env,
                Some(std::time::Duration::from_millis(300))
            )
            .unwrap(),
            Ran::TimedOut
        );
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
        let log = std::fs::read_to_string(r.join("log")).unwrap();
        assert_eq!(
            log,
            format!("prep-root\nup-root 127.0.11.2\n{}\n", r.join("a").display())
        );
    }
}
