//! Host commands that run as long as the operator watches (`rdc host logs --follow`,
//! `rdc host exec`) end when their SSH channel does.
//!
//! Without a terminal, sshd gives a remote command pipes (or a socket pair) for its output and no
//! signal when the client goes: a command that prints nothing (logs of a quiet service, `sleep`
//! in a container) would run forever. When the channel closes, sshd closes its end of those
//! pipes, and `poll(2)` on our end reports `POLLERR`/`POLLHUP` without any data being written.
//! One thread waits for exactly that (no timeout: it costs nothing while the channel is open).
//! With a terminal, the same close is a hangup of the pseudo-terminal, which `poll` reports too,
//! and which also sends SIGHUP.

use std::os::fd::BorrowedFd;

/// Run `then` (on a thread of its own) when standard output or standard error is hung up.
/// Nothing happens while they are a file, `/dev/null` or an open channel.
pub(crate) fn watch(then: impl FnOnce() + Send + 'static) {
    std::thread::spawn(move || {
        if wait_hangup() {
            then();
        }
    });
}

/// Block until stdout or stderr is hung up; false when they cannot be watched.
fn wait_hangup() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    // SAFETY: fds 1 and 2 stay open for the life of the process.
    let (out, err) = unsafe { (BorrowedFd::borrow_raw(1), BorrowedFd::borrow_raw(2)) };
    let gone = PollFlags::ERR | PollFlags::HUP;
    loop {
        // No events asked: only errors and hang-ups are reported.
        let mut fds = [
            PollFd::from_borrowed_fd(out, PollFlags::empty()),
            PollFd::from_borrowed_fd(err, PollFlags::empty()),
        ];
        match poll(&mut fds, None) {
            Ok(_) => {
                if fds.iter().any(|f| f.revents().intersects(gone)) {
                    return true;
                }
                if fds.iter().all(|f| f.revents().contains(PollFlags::NVAL)) {
                    return false;
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    /// The poll used here reports a pipe whose reader went away, and nothing before.
    #[test]
    fn a_closed_reader_is_a_hangup() {
        use rustix::event::{PollFd, PollFlags, poll};
        let (r, w) = rustix::pipe::pipe().unwrap();
        let mut fds = [PollFd::new(&w, PollFlags::empty())];
        let zero = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        assert_eq!(poll(&mut fds, Some(&zero)).unwrap(), 0, "an open pipe");
        drop(r);
        let mut fds = [PollFd::new(&w, PollFlags::empty())];
        assert_eq!(poll(&mut fds, Some(&zero)).unwrap(), 1);
        assert!(fds[0].revents().contains(PollFlags::ERR));
    }
}
