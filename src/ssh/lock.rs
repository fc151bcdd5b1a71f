//! One operation at a time on a server: `push-infra` and `setup-machine` hold a lock on the
//! server from reading its state to the last change, so two laptops never interleave (one
//! server ending with `traefik.env` from one and `traefik.yml` from the other).
//!
//! The lock is `flock(1)` (util-linux, on every supported server) held by a remote shell whose
//! stdin is this connection: closing it, or losing the connection (a killed laptop), ends the
//! shell and frees the lock: no stale lock outlives its holder. While held, the lock file says
//! who holds it (`push-infra from 10.0.0.5 since …`), for the message of whoever waits; a
//! holder that was killed leaves that line behind, which only the next holder reads over.

use anyhow::Result;

use super::Remote;
use super::link::Held;
use crate::error::remote;
use crate::progress::Progress;

const SCRIPT: &str = r#"lock=$1; what=$2; wait=$3
if ! command -v flock >/dev/null 2>&1; then echo nolock; exec cat >/dev/null; fi
mkdir -p "$(dirname "$lock")" || exit 1
exec 9>>"$lock" || exit 1
if ! flock -n 9; then
  if [ "$wait" = no ]; then echo "busy $(head -c 300 "$lock")"; exit 75; fi
  echo "waiting $(head -c 300 "$lock")"
  flock 9 || exit 1
fi
echo "$what from ${SSH_CLIENT%% *} since $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$lock"
echo locked
cat >/dev/null
: > "$lock""#;

/// A held server lock; [`ServerLock::release`] frees it (so does losing the connection).
pub(crate) struct ServerLock {
    held: Option<Box<dyn Held>>,
}

impl Remote {
    /// Take the server's lock at `path` for `what` (`push-infra`, `setup-machine`). Held by
    /// another: wait, saying who holds it, or with `wait == false` fail at once.
    pub(crate) async fn lock(
        &self,
        path: &str,
        what: &str,
        wait: bool,
        p: &dyn Progress,
    ) -> Result<ServerLock> {
        let argv = self.as_root(&[
            "sh",
            "-c",
            SCRIPT,
            "sh",
            path,
            what,
            if wait { "yes" } else { "no" },
        ]);
        let mut held = self.link.hold(&argv).await?;
        loop {
            let next = held.next_line().await?;
            match next.as_deref() {
                Some("locked") => return Ok(ServerLock { held: Some(held) }),
                Some("nolock") => {
                    p.warn(&format!(
                        "{}: flock(1) is missing (util-linux), so this {what} is not kept apart from another one running at the same time",
                        self.name
                    ));
                    return Ok(ServerLock { held: Some(held) });
                }
                Some(l) if l.starts_with("waiting") => {
                    let who = l.trim_start_matches("waiting").trim();
                    p.warn(&format!(
                        "{}: waiting for another operation on this server to finish ({}); Ctrl-C to stop waiting, or --no-wait to fail instead",
                        self.name,
                        if who.is_empty() { "its holder did not say who it is" } else { who }
                    ));
                }
                Some(l) if l.starts_with("busy") => {
                    let who = l.trim_start_matches("busy").trim();
                    return Err(remote(format!(
                        "{} is busy with another operation ({}); nothing was changed. Run again when it is done, or without --no-wait to wait for it",
                        self.name,
                        if who.is_empty() {
                            "its holder did not say who it is"
                        } else {
                            who
                        }
                    )));
                }
                Some(_) => {}
                None => {
                    let code = held.release().await;
                    return Err(remote(format!(
                        "could not take the lock {path} on {} (exit {code:?}); is / writable there?",
                        self.name,
                    )));
                }
            }
        }
    }
}

impl ServerLock {
    /// Free the lock: close the holder's stdin and wait for it to end.
    pub(crate) async fn release(mut self) {
        if let Some(h) = self.held.take() {
            h.release().await;
        }
    }
}
