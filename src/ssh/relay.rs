//! A stream between two machines through the laptop: one call's stdout becomes the other's
//! stdin (after a head: the receiving call's job line). The laptop counts and hashes every byte
//! on its way, so the two ends' checksums can be checked against a third; neither machine
//! needs a key for the other. Each side's stderr lines are reported as they come (the source's
//! progress lines as a progress bar, the target's not: one bar per transfer); a line of the
//! source's that starts with `marker` is kept for the caller (its result).

use anyhow::Result;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Remote, capped, parse_progress};
use crate::contract::call::Call;
use crate::error::connection;
use crate::progress::{Event, Progress};

/// How a relayed transfer ended.
#[derive(Debug)]
pub(crate) struct Relayed {
    /// Bytes that went from the source to the target, and their sha256.
    pub(crate) bytes: u64,
    pub(crate) sha256: String,
    /// The source's exit code, its `marker` line (without the marker) and its last stderr.
    pub(crate) src_code: Option<i32>,
    pub(crate) src_result: Option<String>,
    pub(crate) src_stderr: String,
    /// The target's exit code, stdout and last stderr.
    pub(crate) dst_code: Option<i32>,
    pub(crate) dst_stdout: Vec<u8>,
    pub(crate) dst_stderr: String,
    /// Where the copy itself broke (reading the source, writing the target), if it did.
    pub(crate) broke: Option<String>,
}

/// One end of a relay: a machine, its rdc, the call and what it reads first on stdin.
pub(crate) struct End<'a> {
    pub(crate) remote: &'a Remote,
    pub(crate) rdc: &'a str,
    pub(crate) call: Call,
    pub(crate) input: &'a [u8],
}

/// Each stderr line of `r` as a progress event; with `keep`, the line starting with its marker
/// is kept there instead (without the marker).
fn lines_of<'a>(
    r: &'a Remote,
    p: &'a dyn Progress,
    progress: bool,
    keep: Option<(&'a str, &'a std::cell::RefCell<Option<String>>)>,
) -> impl FnMut(String) + 'a {
    move |l: String| {
        if let Some((m, kept)) = keep
            && let Some(rest) = l.strip_prefix(m)
        {
            *kept.borrow_mut() = Some(rest.to_string());
            return;
        }
        match parse_progress(&l) {
            Some(e) if progress => p.event(e),
            Some(_) => {}
            None => p.event(Event::Remote {
                machine: r.name.clone(),
                line: l,
            }),
        }
    }
}

/// Run `src` and `dst` at once and move `src`'s stdout into `dst`'s stdin (after
/// `dst.input`); `src.input` is all `src` reads. Both run as root through the wrapper that
/// tells a missing rdc.
pub(crate) async fn relay(
    src: End<'_>,
    dst: End<'_>,
    marker: &str,
    p: &dyn Progress,
) -> Result<Relayed> {
    let sw = Remote::wrapped(src.rdc, &src.call);
    let dw = Remote::wrapped(dst.rdc, &dst.call);
    let sa = src
        .remote
        .as_root(&sw.iter().map(String::as_str).collect::<Vec<_>>());
    let da = dst
        .remote
        .as_root(&dw.iter().map(String::as_str).collect::<Vec<_>>());
    let mut s = src.remote.link.spawn(&sa).await?;
    let d = match dst.remote.link.spawn(&da).await {
        Ok(d) => d,
        Err(e) => {
            drop(s.stdin);
            let _ = s.wait.await;
            return Err(e);
        }
    };
    let lost = |r: &Remote, e: std::io::Error| {
        connection(format!(
            "lost the connection to {} ({}): {e}",
            r.name, r.target
        ))
    };
    s.stdin
        .write_all(src.input)
        .await
        .map_err(|e| lost(src.remote, e))?;
    s.stdin.shutdown().await.ok();
    drop(s.stdin);
    let kept = std::cell::RefCell::new(None);
    let mut src_lines = lines_of(src.remote, p, true, Some((marker, &kept)));
    let mut dst_lines = lines_of(dst.remote, p, false, None);
    let mut stdout = s.stdout;
    let mut stdin = d.stdin;
    let head = dst.input;
    let (src_name, dst_name) = (src.remote.name.clone(), dst.remote.name.clone());
    // Both pipes are dropped when the copy ends: a source blocked on a full pipe then sees it
    // closed rather than waiting forever for a target that gave up.
    let pump = async move {
        let mut h = Sha256::new();
        let mut n = 0u64;
        let mut buf = vec![0u8; 1 << 20];
        if let Err(e) = stdin.write_all(head).await {
            return (n, h, Some(format!("writing to {dst_name}: {e}")));
        }
        let broke = loop {
            let k = match stdout.read(&mut buf).await {
                Ok(0) => break None,
                Ok(k) => k,
                Err(e) => break Some(format!("reading from {src_name}: {e}")),
            };
            h.update(&buf[..k]);
            n += k as u64;
            if let Err(e) = stdin.write_all(&buf[..k]).await {
                break Some(format!("writing to {dst_name}: {e}"));
            }
        };
        // The target learns the stream's end (or that it broke: then it must not keep it).
        stdin.shutdown().await.ok();
        drop(stdin);
        drop(stdout);
        (n, h, broke)
    };
    let src_err = capped::lines_tail(s.stderr, &mut src_lines);
    let dst_err = capped::lines_tail(d.stderr, &mut dst_lines);
    let dst_out = capped::read_capped(d.stdout, capped::STDOUT_CAP);
    let ((bytes, h, broke), src_stderr, dst_stderr, dst_stdout) =
        tokio::join!(pump, src_err, dst_err, dst_out);
    let (src_code, dst_code) = tokio::join!(s.wait, d.wait);
    drop(src_lines);
    drop(dst_lines);
    Ok(Relayed {
        bytes,
        sha256: hex::encode(h.finalize()),
        src_code,
        src_result: kept.into_inner(),
        src_stderr: String::from_utf8_lossy(&src_stderr).trim().to_string(),
        dst_code,
        dst_stdout: dst_stdout.unwrap_or_default(),
        dst_stderr: String::from_utf8_lossy(&dst_stderr).trim().to_string(),
        broke,
    })
}
