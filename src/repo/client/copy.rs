//! A repository copied between two machines of the context (`rdc repo push --to-machine`,
//! `rdc repo pull --from-machine`), relayed by the laptop: the target says which snapshots it
//! has (`have`), the source sends its stream incremental against the newest both have, the
//! target receives it; the laptop compares the source's, its own and the target's sha256 and
//! byte counts, and only then does the target put the image in place (`adopt`) and the source
//! keep the snapshot as the next base (`sent`). Neither machine holds a key for the other.

use anyhow::Result;

use super::backup::{ask_on, job_line};
use super::{Target, connect, failed, last_words};
use crate::contract::backup::{BackupJob, Copied, Have, Op, Pushed, Received, SENT, tag_at};
use crate::contract::call::Call;
use crate::contract::paths::ServerPaths;
use crate::error::{remote, usage};
use crate::progress::Progress;
use crate::ssh::Remote;
use crate::ssh::relay::{End, Relayed, relay};

/// A job for `t` naming `peer` (the other machine) and `tag`.
fn job(t: &Target, peer: &str, tag: &str) -> BackupJob {
    BackupJob {
        repo: t.job(),
        storage: peer.to_string(),
        rclone_conf: String::new(),
        path: String::new(),
        tag: Some(tag.to_string()),
        keep: None,
        full: false,
        bases: Vec::new(),
        sha256: None,
        verify: false,
    }
}

fn rdc(t: &Target) -> String {
    ServerPaths::new(&t.machine.prefix).rdc_bin()
}

/// Copy the repository's image from `src`'s machine to `dst`'s (the same repository on another
/// machine). `full`: no base, even when one is shared.
pub(crate) async fn copy(
    src: &Target,
    dst: &Target,
    tag: Option<&str>,
    full: bool,
    p: &dyn Progress,
) -> Result<Copied> {
    let started = std::time::Instant::now();
    if src.machine_name == dst.machine_name {
        return Err(usage(format!(
            "{} is already on {}: a copy needs two machines",
            src.name, src.machine_name
        )));
    }
    let tag = tag.map_or_else(|| tag_at(std::time::SystemTime::now()), str::to_string);
    let (a, b) = tokio::join!(
        connect(&src.machine_name, &src.machine, src.ssh_key.as_deref(), p),
        connect(&dst.machine_name, &dst.machine, dst.ssh_key.as_deref(), p),
    );
    let (s, d) = match (a, b) {
        (Ok(s), Ok(d)) => (s, d),
        (Ok(s), Err(e)) => {
            s.close().await;
            return Err(e);
        }
        (Err(e), Ok(d)) => {
            d.close().await;
            return Err(e);
        }
        (Err(e), Err(_)) => return Err(e),
    };
    let res = transfer(&s, &d, src, dst, &tag, full, p).await;
    tokio::join!(s.close(), d.close());
    let (entry, pause_ms) = res?;
    Ok(Copied {
        from: src.machine_name.clone(),
        to: dst.machine_name.clone(),
        entry,
        pause_ms,
        seconds: started.elapsed().as_secs_f64(),
    })
}

async fn transfer(
    s: &Remote,
    d: &Remote,
    src: &Target,
    dst: &Target,
    tag: &str,
    full: bool,
    p: &dyn Progress,
) -> Result<(crate::contract::backup::Entry, Option<u64>)> {
    let have: Have = ask_on(d, dst, Op::Have, &job(dst, &src.machine_name, tag), p).await?;
    if have.mounted {
        return Err(usage(format!(
            "{} is mounted on {}: its image there cannot be replaced; unmount it there first",
            dst.name, dst.machine_name
        )));
    }
    let mut send = job(src, &dst.machine_name, tag);
    send.bases = have.tags;
    send.full = full;
    let recv = job(dst, &src.machine_name, tag);
    let (send_line, recv_line) = (job_line(&send)?, job_line(&recv)?);
    let (src_rdc, dst_rdc) = (rdc(src), rdc(dst));
    let r = relay(
        End {
            remote: s,
            rdc: &src_rdc,
            call: Call::Backup(Op::Send),
            input: &send_line,
        },
        End {
            remote: d,
            rdc: &dst_rdc,
            call: Call::Backup(Op::Receive),
            input: &recv_line,
        },
        SENT,
        p,
    )
    .await?;
    if let Some(e) = which_failed(&r, src, dst) {
        return Err(e);
    }
    if let Some(b) = r.broke {
        return Err(crate::error::connection(format!(
            "the transfer of {} broke ({b}); nothing was changed on {}",
            src.name, dst.machine_name
        )));
    }
    let sent: Pushed = r
        .src_result
        .as_deref()
        .ok_or_else(|| remote(format!("{} sent no result line", src.machine_name)))
        .and_then(|l| {
            serde_json::from_str(l).map_err(|e| remote(format!("unreadable result line: {e}")))
        })?;
    let got: Received = Call::Backup(Op::Receive)
        .read(&r.dst_stdout)
        .and_then(Received::try_from)
        .map_err(|e| remote(format!("{}: {e}", dst.machine_name)))?;
    let e = &sent.entry;
    if e.sha256 != r.sha256 || got.sha256 != r.sha256 || e.bytes != r.bytes || got.bytes != r.bytes
    {
        return Err(remote(format!(
            "the stream of {tag} differs on its way: {} sent {} bytes (sha256 {}), this side passed {} ({}), {} received {} ({}); nothing was changed on {}",
            src.machine_name,
            e.bytes,
            e.sha256,
            r.bytes,
            r.sha256,
            dst.machine_name,
            got.bytes,
            got.sha256,
            dst.machine_name
        )));
    }
    let mut adopt = recv;
    adopt.sha256 = Some(r.sha256.clone());
    ask_on::<()>(d, dst, Op::Adopt, &adopt, p).await?;
    // The image is in place on the target; the source keeping the base is only an optimisation.
    if let Err(err) = ask_on::<()>(s, src, Op::Sent, &send, p).await {
        p.warn(&format!(
            "{} did not keep {tag} as the base of the next copy ({err:#}); the next one is full",
            src.machine_name
        ));
    }
    Ok((sent.entry, sent.pause_ms))
}

/// The error line a host command printed (`rdc: …`), if it printed one.
fn own_error(stderr: &str) -> Option<String> {
    stderr
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("rdc: "))
        .map(str::to_string)
}

/// The failure to report when either end failed. The source's first (a target that got a
/// stream cut short only says so), unless it only lost its reader (a broken pipe, or killed by
/// it) while the target says why it stopped reading.
fn which_failed(r: &Relayed, src: &Target, dst: &Target) -> Option<anyhow::Error> {
    let (s_ok, d_ok) = (r.src_code == Some(0), r.dst_code == Some(0));
    if s_ok && d_ok {
        return None;
    }
    let s_err = own_error(&r.src_stderr);
    let d_err = own_error(&r.dst_stderr);
    let src_only_lost_its_reader = s_err
        .as_deref()
        .is_none_or(|e| e.contains("Broken pipe") || e.contains("broken pipe"));
    let blame_dst = !d_ok && d_err.is_some() && (s_ok || src_only_lost_its_reader);
    Some(if blame_dst || s_ok {
        let msg = d_err.unwrap_or_else(|| last_words(r.dst_stderr.as_bytes()));
        failed(dst, r.dst_code, &msg)
    } else {
        let msg = s_err.unwrap_or_else(|| match r.src_code {
            None => "the transfer ended abruptly (the connection or rdc went away)".to_string(),
            Some(_) => last_words(r.src_stderr.as_bytes()),
        });
        failed(src, r.src_code, &msg)
    })
}
