//! What the route server did, counted: renders, directory scans, wakeups of its loops, Docker
//! events. These make "at rest" checkable without timing anything: at rest every counter
//! stands still but the periodic rescan (one every [`super::discovery::RESCAN_EVERY`]) and the
//! request counter. Shown under `activity` in `/health`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// Counters shared by discovery, the renderer and the HTTP API (relaxed atomics: they are
/// statistics, never used to decide anything).
#[derive(Debug, Default)]
pub(crate) struct Activity {
    /// Full renders of the dynamic configuration.
    pub(crate) renders: AtomicU64,
    /// Times the renderer woke up (a change, a timer it asked for, a reload).
    pub(crate) render_wakeups: AtomicU64,
    /// Globs of the socket directory.
    pub(crate) scans: AtomicU64,
    /// Times discovery's supervisor woke up (the rescan timer, an inotify event, shutdown).
    pub(crate) discovery_wakeups: AtomicU64,
    /// Docker events received (after the daemon's own filter).
    pub(crate) events: AtomicU64,
    /// Events that could not change a route, dropped before any work.
    pub(crate) events_ignored: AtomicU64,
    /// Re-reads of router.toml.
    pub(crate) config_reloads: AtomicU64,
}

/// A copy of the counters at one moment (what `/health` shows).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) renders: u64,
    pub(crate) render_wakeups: u64,
    pub(crate) scans: u64,
    pub(crate) discovery_wakeups: u64,
    pub(crate) events: u64,
    pub(crate) events_ignored: u64,
    pub(crate) config_reloads: u64,
}

impl Activity {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn counts(&self) -> Counts {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Counts {
            renders: g(&self.renders),
            render_wakeups: g(&self.render_wakeups),
            scans: g(&self.scans),
            discovery_wakeups: g(&self.discovery_wakeups),
            events: g(&self.events),
            events_ignored: g(&self.events_ignored),
            config_reloads: g(&self.config_reloads),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_copy_the_counters() {
        let a = Activity::default();
        Activity::bump(&a.renders);
        Activity::bump(&a.scans);
        Activity::bump(&a.scans);
        let c = a.counts();
        assert_eq!((c.renders, c.scans, c.events), (1, 2, 0));
    }
}
