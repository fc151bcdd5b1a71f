//! Writing a file so that a crash leaves the old or the new content, never half of one: a
//! temporary file in the same directory, created with the final mode, fsynced, renamed over the
//! target, the directory fsynced. Leftovers of a killed writer are removed by the next one.
//! Used on both sides (the laptop's config, the server's state files).

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};

/// Write `bytes` to `path` atomically: a temporary file in the same directory, fsync, rename,
/// fsync of the directory. The file gets `mode` before any byte is written.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_tmp(path, Duration::from_secs(60));
    let mut tmp = tempfile::Builder::new()
        .prefix(&tmp_prefix(path))
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    // tempfile applies the umask to `permissions`; set the mode explicitly.
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("replacing {}", path.display()))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn tmp_prefix(path: &Path) -> String {
    format!(
        ".rdc-tmp-{}.",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    )
}

/// Remove temporary files left by a writer that was killed: those of `path` older than
/// `min_age`, and any rdc temporary file of the directory older than a minute.
pub fn remove_stale_tmp(path: &Path, min_age: Duration) {
    let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return;
    };
    let mine = tmp_prefix(path);
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(".rdc-tmp-") {
            continue;
        }
        let age = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .unwrap_or_default();
        let limit = if name.starts_with(&mine) {
            min_age
        } else {
            Duration::from_secs(60)
        };
        if age >= limit {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// A directory below which files are written without ever following a symlink: every path
/// component under the root is opened with `O_NOFOLLOW` (relative to its parent's descriptor), so
/// a symlink planted inside a repository (by a container, an image, a copy) can never redirect a
/// write outside it. The root itself is opened normally (`/var/run` is a symlink on Debian).
pub struct Beneath {
    root: std::os::fd::OwnedFd,
    path: std::path::PathBuf,
}

impl Beneath {
    pub fn open(root: &Path) -> Result<Beneath> {
        use rustix::fs::{Mode, OFlags};
        let root_fd = rustix::fs::open(
            root,
            OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .with_context(|| format!("opening {}", root.display()))?;
        Ok(Beneath {
            root: root_fd,
            path: root.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The plain components of `rel`; anything that could leave the root is refused.
    fn components(rel: &Path) -> Result<Vec<&std::ffi::OsStr>> {
        use std::path::Component;
        let mut out = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(n) => out.push(n),
                Component::CurDir => {}
                _ => anyhow::bail!(
                    "refusing path {:?}: it must stay inside {}",
                    rel,
                    // The root is a server path; shown for the operator.
                    "the repository"
                ),
            }
        }
        if out.is_empty() {
            anyhow::bail!("refusing an empty path");
        }
        Ok(out)
    }

    fn refuse_link(&self, upto: &[&std::ffi::OsStr]) -> anyhow::Error {
        let shown: std::path::PathBuf = upto.iter().collect();
        anyhow::anyhow!(
            "{} is a symlink or not a directory; rdc never writes through a symlink inside {} (remove it and try again)",
            self.path.join(&shown).display(),
            self.path.display()
        )
    }

    /// Open the directory made of `comps` below the root, creating missing ones with `mode`
    /// when given; never following a symlink.
    fn dir(&self, comps: &[&std::ffi::OsStr], create: Option<u32>) -> Result<std::os::fd::OwnedFd> {
        use rustix::fs::{Mode, OFlags};
        use rustix::io::Errno;
        let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut cur = rustix::fs::openat(&self.root, ".", flags, Mode::empty())?;
        for (i, c) in comps.iter().enumerate() {
            let next = match rustix::fs::openat(&cur, *c, flags, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) if create.is_some() => {
                    let mode = Mode::from_raw_mode(create.unwrap_or(0o755));
                    match rustix::fs::mkdirat(&cur, *c, mode) {
                        Ok(()) | Err(Errno::EXIST) => {}
                        Err(e) => {
                            return Err(e).with_context(|| {
                                format!("creating {}", self.path.join(c).display())
                            });
                        }
                    }
                    rustix::fs::openat(&cur, *c, flags, Mode::empty())
                        .map_err(|_| self.refuse_link(&comps[..=i]))?
                }
                Err(Errno::LOOP | Errno::NOTDIR) => return Err(self.refuse_link(&comps[..=i])),
                Err(e) => {
                    let shown: std::path::PathBuf = comps[..=i].iter().collect();
                    return Err(e)
                        .with_context(|| format!("opening {}", self.path.join(shown).display()));
                }
            };
            cur = next;
        }
        Ok(cur)
    }

    fn split(rel: &Path) -> Result<(Vec<&std::ffi::OsStr>, &std::ffi::OsStr)> {
        let mut comps = Self::components(rel)?;
        let name = comps.pop().expect("at least one component");
        Ok((comps, name))
    }

    /// Create the directories of `rel` (mode `mode` for new ones); the path they make.
    pub fn mkdirs(&self, rel: &Path, mode: u32) -> Result<std::path::PathBuf> {
        let comps = Self::components(rel)?;
        self.dir(&comps, Some(mode))?;
        Ok(self.path.join(rel))
    }

    /// Replace `rel` atomically with `bytes` (mode `mode`), creating its parent directories;
    /// a symlink at `rel` is replaced, never written through.
    pub fn write(&self, rel: &Path, bytes: &[u8], mode: u32) -> Result<()> {
        use rustix::fs::{Mode, OFlags};
        let (parent, name) = Self::split(rel)?;
        let d = self.dir(&parent, Some(0o755))?;
        let tmp = tmp_name(name);
        let fd = rustix::fs::openat(
            &d,
            tmp.as_str(),
            OFlags::CREATE | OFlags::EXCL | OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode),
        )
        .with_context(|| {
            format!(
                "creating a temporary file for {}",
                self.path.join(rel).display()
            )
        })?;
        let res = (|| -> Result<()> {
            rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode))?;
            let mut f = File::from(fd);
            f.write_all(bytes)?;
            f.sync_all()?;
            rustix::fs::renameat(&d, tmp.as_str(), &d, name)?;
            Ok(())
        })();
        if let Err(e) = res {
            let _ = rustix::fs::unlinkat(&d, tmp.as_str(), rustix::fs::AtFlags::empty());
            return Err(e).with_context(|| format!("writing {}", self.path.join(rel).display()));
        }
        let _ = rustix::fs::fsync(&d);
        Ok(())
    }

    /// Make `rel` a symlink to `target` (replacing what is there), creating its parents.
    pub fn symlink(&self, rel: &Path, target: &str) -> Result<()> {
        let (parent, name) = Self::split(rel)?;
        let d = self.dir(&parent, Some(0o755))?;
        let tmp = tmp_name(name);
        rustix::fs::symlinkat(target, &d, tmp.as_str())
            .with_context(|| format!("creating the link {}", self.path.join(rel).display()))?;
        if let Err(e) = rustix::fs::renameat(&d, tmp.as_str(), &d, name) {
            let _ = rustix::fs::unlinkat(&d, tmp.as_str(), rustix::fs::AtFlags::empty());
            return Err(e).with_context(|| format!("replacing {}", self.path.join(rel).display()));
        }
        Ok(())
    }

    /// An `O_PATH` descriptor of `rel` (a directory created with `mode` when missing), never
    /// through a symlink, and whether it is a directory: what a bind mount can take without the
    /// path being resolved again (`/proc/self/fd/N`).
    pub fn open_path(&self, rel: &Path, mode: u32) -> Result<(std::os::fd::OwnedFd, bool)> {
        use rustix::fs::{FileType, Mode, OFlags};
        let comps = Self::components(rel)?;
        let (parent, name) = Self::split(rel)?;
        let d = self.dir(&parent, Some(mode))?;
        let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(&d, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOENT) => {
                match rustix::fs::mkdirat(&d, name, Mode::from_raw_mode(mode)) {
                    Ok(()) | Err(rustix::io::Errno::EXIST) => {}
                    Err(e) => {
                        return Err(e).with_context(|| {
                            format!("creating {}", self.path.join(rel).display())
                        });
                    }
                }
                rustix::fs::openat(&d, name, flags, Mode::empty())
                    .with_context(|| format!("opening {}", self.path.join(rel).display()))?
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("opening {}", self.path.join(rel).display()));
            }
        };
        let st = rustix::fs::fstat(&fd)?;
        match FileType::from_raw_mode(st.st_mode) {
            FileType::Symlink => Err(self.refuse_link(&comps)),
            t => Ok((fd, t == FileType::Directory)),
        }
    }

    /// Open `rel` for appending (created with `mode`), never through a symlink.
    pub fn append(&self, rel: &Path, mode: u32) -> Result<File> {
        use rustix::fs::{Mode, OFlags};
        let (parent, name) = Self::split(rel)?;
        let d = self.dir(&parent, Some(0o755))?;
        let fd = rustix::fs::openat(
            &d,
            name,
            OFlags::CREATE | OFlags::APPEND | OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode),
        )
        .map_err(|e| match e {
            rustix::io::Errno::LOOP => self.refuse_link(&[parent.as_slice(), &[name]].concat()),
            e => {
                anyhow::Error::from(e).context(format!("opening {}", self.path.join(rel).display()))
            }
        })?;
        Ok(File::from(fd))
    }

    /// Read `rel` (None when it does not exist), never through a symlink.
    pub fn read(&self, rel: &Path) -> Result<Option<Vec<u8>>> {
        use rustix::fs::{Mode, OFlags};
        let (parent, name) = Self::split(rel)?;
        let d = match self.dir(&parent, None) {
            Ok(d) => d,
            Err(e) if e.downcast_ref::<rustix::io::Errno>() == Some(&rustix::io::Errno::NOENT) => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        match rustix::fs::openat(
            &d,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => {
                let mut v = Vec::new();
                std::io::Read::read_to_end(&mut File::from(fd), &mut v)?;
                Ok(Some(v))
            }
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(rustix::io::Errno::LOOP) => {
                Err(self.refuse_link(&[parent.as_slice(), &[name]].concat()))
            }
            Err(e) => Err(e).with_context(|| format!("reading {}", self.path.join(rel).display())),
        }
    }
}

/// A temporary name beside `name`, unique to this process and call.
fn tmp_name(name: &std::ffi::OsStr) -> String {
    format!(
        ".rdc-tmp-{}.{}.{}",
        name.to_string_lossy(),
        std::process::id(),
        fastrand_u32()
    )
}

fn fastrand_u32() -> u32 {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    u32::from_ne_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beneath_never_follows_a_symlink() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("repo");
        let outside = d.path().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("data")).unwrap();
        std::os::unix::fs::symlink(outside.join("f"), root.join("config.yml")).unwrap();
        let b = Beneath::open(&root).unwrap();
        // Through a symlinked directory: refused, nothing written outside.
        let e = b.write(Path::new("data/x.txt"), b"x", 0o644).unwrap_err();
        assert!(format!("{e:#}").contains("is a symlink"), "{e:#}");
        assert!(b.append(Path::new("data/log"), 0o600).is_err());
        assert!(b.mkdirs(Path::new("data/docker"), 0o700).is_err());
        // A symlink at the final name is replaced, not written through.
        b.write(Path::new("config.yml"), b"mine", 0o600).unwrap();
        assert!(!outside.join("f").exists());
        let meta = std::fs::symlink_metadata(root.join("config.yml")).unwrap();
        assert!(meta.is_file());
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777,
            0o600
        );
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        // Reading through a link is refused too.
        std::os::unix::fs::symlink("/etc/hostname", root.join("secret")).unwrap();
        assert!(b.read(Path::new("secret")).is_err());
        assert_eq!(b.read(Path::new("missing/x")).unwrap(), None);
        // Ways out by name.
        for bad in ["../x", "/etc/x", ""] {
            assert!(b.write(Path::new(bad), b"x", 0o644).is_err(), "{bad}");
        }
        // Normal writes, links as links, no temporary file left.
        b.write(Path::new("a/b/c.txt"), b"hi", 0o640).unwrap();
        assert_eq!(std::fs::read(root.join("a/b/c.txt")).unwrap(), b"hi");
        b.symlink(Path::new("a/link"), "/etc/ssh").unwrap();
        assert_eq!(
            std::fs::read_link(root.join("a/link")).unwrap(),
            Path::new("/etc/ssh")
        );
        let names: Vec<String> = std::fs::read_dir(root.join("a"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(".rdc-tmp")),
            "{names:?}"
        );
    }
}
