//! Binds without races: the bind a container gets is the one that passed the check.
//!
//! A container that can write the repository could swap a checked directory for a symlink to `/`
//! between `rdc compose`'s check and Docker's mount (Docker resolves the source path again, and
//! follows symlinks). So every bind whose source lies in the repository is opened once, without
//! following any symlink (`Beneath::open_path`: `O_NOFOLLOW` on every component, `O_PATH` on the
//! last), bind-mounted from that descriptor (`/proc/self/fd/N`: the opened inode, not a path) onto
//! a staging point in the server's run directory (`/var/run/rediacc/binds/<network id>/<project>/`,
//! root-only, which no container can reach), and Docker is given the staging point. A symlink on
//! the way is refused with its name.
//!
//! The staging points live as long as the containers may restart (Docker resolves the source at
//! every start); each `rdc compose` run of the project makes them again, and `repo down
//! --unmount` (and `delete`) removes them before unmounting the repository.

use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::contract::NetworkId;
use crate::contract::fs::Beneath;

/// Where a repository's staging points are: `<run>/binds/<network id>` (`run`: the directory of
/// the repositories' Docker sockets).
pub fn root(run: &Path, id: NetworkId) -> PathBuf {
    run.join("binds").join(id.to_string())
}

/// Unmount and remove every staging point under `dir` (a repository's, or one project's).
pub fn clear(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        // Detached: a container that still holds it keeps its own copy.
        let _ = rustix::mount::unmount(&p, rustix::mount::UnmountFlags::DETACH);
        if e.file_type().is_ok_and(|t| t.is_dir()) && !is_mount_point(&p) {
            clear(&p);
            let _ = std::fs::remove_dir(&p);
        } else {
            let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir(&p));
        }
    }
    let _ = std::fs::remove_dir(dir);
}

fn is_mount_point(p: &Path) -> bool {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let s = p.to_string_lossy();
    info.lines()
        .any(|l| l.split_whitespace().nth(4) == Some(s.as_ref()))
}

/// Stage every bind of `project` whose source is in the repository at `repo_dir` (as written,
/// or `repo_real`, the same resolved) under `stage` (this project's staging directory, made
/// anew), and point the service at the staging point. Binds elsewhere (the repository's own
/// daemon socket, what `--unsafe` allowed) are left as they are.
pub fn binds(project: &mut Value, repo_dir: &Path, repo_real: &Path, stage: &Path) -> Result<()> {
    clear(stage);
    let beneath = Beneath::open(repo_real)?;
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (name, svc) in svcs.iter_mut() {
        let Some(vols) = svc.get_mut("volumes").and_then(Value::as_array_mut) else {
            continue;
        };
        for (i, v) in vols.iter_mut().enumerate() {
            let Some(source) = bind_source(v) else {
                continue;
            };
            let src = PathBuf::from(&source);
            let Some(rel) = src
                .strip_prefix(repo_dir)
                .or_else(|_| src.strip_prefix(repo_real))
                .ok()
                .map(Path::to_path_buf)
            else {
                continue;
            };
            let point = stage.join(format!("{name}-{i}"));
            if rel.as_os_str().is_empty() {
                stage_one(&rustix_open_dir(repo_real)?, true, &point)
            } else {
                let (fd, dir) = beneath.open_path(&rel, 0o755).with_context(|| {
                    format!("service {name}: bind {source}: rdc binds only real paths inside the repository")
                })?;
                stage_one(&fd, dir, &point)
            }
            .with_context(|| format!("service {name}: staging the bind {source}"))?;
            set_bind_source(v, &point.to_string_lossy());
        }
    }
    Ok(())
}

fn rustix_open_dir(p: &Path) -> Result<std::os::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    Ok(rustix::fs::open(
        p,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// Bind-mount the opened `fd` onto `point` (a directory or an empty file, made here).
fn stage_one(fd: &std::os::fd::OwnedFd, dir: bool, point: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    let parent = point.parent().expect("a staging point has a parent");
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(parent)?;
    if dir {
        std::fs::DirBuilder::new().mode(0o700).create(point)?;
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(point)?;
    }
    let source = format!("/proc/self/fd/{}", fd.as_raw_fd());
    rustix::mount::mount_bind(source.as_str(), point)
        .with_context(|| format!("mount --bind onto {}", point.display()))?;
    Ok(())
}

/// The source of a bind volume, in compose's short (`/src:/dst[:mode]`) or long form.
fn bind_source(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let (src, _) = s.split_once(':')?;
            src.starts_with('/').then(|| src.to_string())
        }
        Value::Object(_) if v.get("type").and_then(Value::as_str) == Some("bind") => {
            v.get("source").and_then(Value::as_str).map(str::to_string)
        }
        _ => None,
    }
}

fn set_bind_source(v: &mut Value, new: &str) {
    match v {
        Value::String(s) => {
            if let Some((_, rest)) = s.split_once(':') {
                *s = format!("{new}:{rest}");
            }
        }
        Value::Object(m) => {
            m.insert("source".into(), Value::String(new.to_string()));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bind_sources_are_found_and_replaced_in_both_forms() {
        let mut short = json!("/repo/app/data:/data:rw");
        let mut long = json!({"type": "bind", "source": "/repo/conf", "target": "/c"});
        let named = json!("db:/var/lib/db:rw");
        assert_eq!(bind_source(&short).as_deref(), Some("/repo/app/data"));
        assert_eq!(bind_source(&long).as_deref(), Some("/repo/conf"));
        assert_eq!(bind_source(&named), None);
        set_bind_source(&mut short, "/run/b/x-0");
        set_bind_source(&mut long, "/run/b/x-1");
        assert_eq!(short, json!("/run/b/x-0:/data:rw"));
        assert_eq!(long["source"], "/run/b/x-1");
    }
}
