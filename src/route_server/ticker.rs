//! The route server's periodic timer: one `timerfd` in the runtime's epoll set, so a rescan
//! costs one wakeup. (A tokio interval of seconds is kept in the timer wheel's upper levels and
//! cascades down: two or three wakeups per tick, and at rest the wakeups are the cost.) Falls
//! back to a tokio interval where a timerfd cannot be made.

use std::os::fd::OwnedFd;
use std::time::Duration;

use tokio::io::unix::AsyncFd;

pub(crate) enum Ticker {
    Fd(AsyncFd<OwnedFd>),
    Tokio(tokio::time::Interval),
}

impl Ticker {
    /// Ticks every `period`, the first one at once.
    pub(crate) fn every(period: Duration) -> Ticker {
        match timerfd(period) {
            Ok(fd) => Ticker::Fd(fd),
            Err(e) => {
                tracing::debug!(error = %e, "no timerfd; using a tokio interval");
                let mut i = tokio::time::interval(period);
                i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                Ticker::Tokio(i)
            }
        }
    }

    pub(crate) async fn tick(&mut self) {
        match self {
            Ticker::Tokio(i) => {
                i.tick().await;
            }
            Ticker::Fd(fd) => loop {
                let Ok(mut guard) = fd.readable().await else {
                    // The reactor is gone (shutdown): never tick again.
                    return std::future::pending().await;
                };
                let mut buf = [0u8; 8];
                match rustix::io::read(guard.get_inner(), &mut buf) {
                    Ok(_) => return,
                    Err(rustix::io::Errno::AGAIN) => guard.clear_ready(),
                    Err(_) => return std::future::pending().await,
                }
            },
        }
    }
}

fn timerfd(period: Duration) -> std::io::Result<AsyncFd<OwnedFd>> {
    use rustix::time::{
        Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec, timerfd_create,
        timerfd_settime,
    };
    let fd = timerfd_create(
        TimerfdClockId::Monotonic,
        TimerfdFlags::NONBLOCK | TimerfdFlags::CLOEXEC,
    )?;
    let every = Timespec {
        tv_sec: period.as_secs() as i64,
        tv_nsec: period.subsec_nanos() as _,
    };
    // The first expiry a nanosecond from now: "at once".
    let first = Timespec {
        tv_sec: 0,
        tv_nsec: 1,
    };
    timerfd_settime(
        &fd,
        TimerfdTimerFlags::empty(),
        &Itimerspec {
            it_interval: every,
            it_value: first,
        },
    )?;
    // SAFETY: the OwnedFd is a valid timerfd, owned by the AsyncFd and never replaced.
    unsafe { AsyncFd::register(fd).map_err(|e| e.into_parts().1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn ticks_again_and_again() {
        let mut t = Ticker::every(Duration::from_millis(20));
        assert!(matches!(t, Ticker::Fd(_)), "timerfd is available on Linux");
        // Periodic (a one-shot timer would never tick a second time); the bound only ends a
        // broken test, it measures nothing.
        tokio::time::timeout(Duration::from_secs(30), async {
            for _ in 0..3 {
                t.tick().await;
            }
        })
        .await
        .expect("three ticks");
    }
}
