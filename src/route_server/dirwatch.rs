//! A directory watched with inotify, in the runtime's own epoll set (no watcher thread), for the
//! events that change what is in it: entries created, removed, renamed or written and closed,
//! and the directory itself going. Opening or reading the directory (every scan does) is not
//! asked for, so a scan never wakes anything.

use std::ffi::OsString;
use std::path::Path;

use futures_util::StreamExt;
use inotify::{EventMask, Inotify, WatchMask};

pub(crate) struct DirWatch {
    stream: inotify::EventStream<Vec<u8>>,
}

/// What happened in the directory.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// An entry of this name came, went, was renamed or was written.
    Entry(OsString),
    /// The directory itself was removed or moved (the watch is over), or events were lost.
    Dir,
}

impl DirWatch {
    pub(crate) fn new(dir: &Path) -> std::io::Result<DirWatch> {
        let ino = Inotify::init()?;
        ino.watches().add(
            dir,
            WatchMask::CREATE
                | WatchMask::DELETE
                | WatchMask::MOVED_FROM
                | WatchMask::MOVED_TO
                | WatchMask::CLOSE_WRITE
                | WatchMask::DELETE_SELF
                | WatchMask::MOVE_SELF,
        )?;
        Ok(DirWatch {
            stream: ino.into_event_stream(vec![0u8; 4096])?,
        })
    }

    /// The next change; None when the watch has ended (then make a new one).
    pub(crate) async fn next(&mut self) -> Option<Change> {
        let ev = self.stream.next().await?.ok()?;
        if ev
            .mask
            .intersects(EventMask::DELETE_SELF | EventMask::MOVE_SELF | EventMask::IGNORED)
        {
            return None;
        }
        Some(match ev.name {
            Some(n) if !ev.mask.contains(EventMask::Q_OVERFLOW) => Change::Entry(n),
            _ => Change::Dir,
        })
    }
}

/// The next change of an optional watch (never, without one).
pub(crate) async fn next(w: &mut Option<DirWatch>) -> Option<Change> {
    match w {
        Some(w) => w.next().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn entries_are_reported_and_reading_the_directory_is_not() {
        let d = tempfile::tempdir().unwrap();
        let mut w = DirWatch::new(d.path()).unwrap();
        // Reading the directory: nothing to report.
        let _ = std::fs::read_dir(d.path()).unwrap().count();
        std::fs::write(d.path().join("x.sock"), b"").unwrap();
        assert_eq!(w.next().await, Some(Change::Entry("x.sock".into())));
        // CREATE, then CLOSE_WRITE of the same file.
        assert_eq!(w.next().await, Some(Change::Entry("x.sock".into())));
        std::fs::remove_file(d.path().join("x.sock")).unwrap();
        assert_eq!(w.next().await, Some(Change::Entry("x.sock".into())));
    }
}
