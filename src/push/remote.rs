//! The server side of a push, one remote step each: what the server has now (contents, modes,
//! owners, previous copies), replacing a file while keeping its previous version, forgetting
//! copies of secrets, putting everything back on failure, and the health checks.

use anyhow::Result;

use super::Applied;
use super::plan::{self, Plan};
use crate::context::ServiceManager;
use crate::contract::call::Call;
use crate::error::remote;
use crate::infra::Rendered;
use crate::ssh::Remote;
use crate::ssh::call::Called;

/// Everything a plan reads from the server, in one round trip (each remote command costs a round
/// trip and a login shell): the architecture, whether systemd runs, the binaries' `stat` stamps
/// and the manifest, each rendered path's mode, owner and previous copy, and where `renet`
/// points. File contents are then read over SFTP.
pub(super) struct Survey {
    pub arch: String,
    pub systemd: bool,
    /// One stamp per binary asked for (`-` when absent).
    pub stamps: Vec<String>,
    pub manifest: String,
    pub state: plan::ServerState,
    /// The server's local addresses and prefixes (`ip route show table local`); None when it
    /// could not say (no iproute2).
    pub local: Option<Vec<String>>,
}

const SURVEY: &str = r#"manifest=$1; fmt=$2; renet=$3; notlink=$4; nbin=$5; shift 5
echo "arch=$(uname -m)"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd=yes; else echo systemd=no; fi
i=0; while [ "$i" -lt "$nbin" ]; do f=$1; shift; i=$((i+1))
  if [ -f "$f" ]; then echo "stamp=$(stat -c "$fmt" -- "$f" 2>/dev/null || echo -)"; else echo "stamp=-"; fi
done
if [ -L "$renet" ]; then echo "renet=$(readlink -- "$renet")"; elif [ -e "$renet" ]; then echo "renet=$notlink"; else echo "renet="; fi
for f; do p=0; [ -e "$f.rdc-prev" ] && p=1; if [ -e "$f" ]; then echo "file=$(stat -c '%a %u %g' -- "$f") $p"; else echo "file=- - - $p"; fi; done
if command -v ip >/dev/null 2>&1; then
  echo "local=known"
  for fam in -4 -6; do ip -o "$fam" route show table local 2>/dev/null | awk '$1=="local"{print "local=" $2}'; done
fi
echo "@@manifest@@"
cat -- "$manifest" 2>/dev/null || true"#;

pub(super) async fn survey(
    r: &Remote,
    rendered: &Rendered,
    manifest_path: &str,
    stat_format: &str,
    binaries: &[&str],
) -> Result<Survey> {
    let paths: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    let renet = rendered.paths.renet_link();
    let nbin = binaries.len().to_string();
    let mut args = vec![manifest_path, stat_format, &renet, plan::NOT_A_LINK, &nbin];
    args.extend_from_slice(binaries);
    args.extend_from_slice(&paths);
    let o = r.sh(SURVEY, &args, None).await?;
    if !o.ok() {
        return Err(remote(format!(
            "reading the state of {} failed: {}",
            r.name,
            o.stderr_str()
        )));
    }
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let (head, manifest) = text.split_once("@@manifest@@\n").unwrap_or((&text, ""));
    let mut arch = String::new();
    let mut systemd = false;
    let mut stamps = Vec::new();
    let mut files = Vec::new();
    let mut renet_target = None;
    let mut local: Option<Vec<String>> = None;
    for line in head.lines() {
        match line.split_once('=') {
            Some(("local", "known")) => local = Some(Vec::new()),
            Some(("local", v)) => {
                if let Some(l) = local.as_mut() {
                    l.push(v.trim().to_string());
                }
            }
            Some(("arch", v)) => arch = v.trim().to_string(),
            Some(("systemd", v)) => systemd = v == "yes",
            Some(("stamp", v)) => stamps.push(v.trim().to_string()),
            Some(("renet", v)) => renet_target = (!v.is_empty()).then(|| v.to_string()),
            Some(("file", v)) => files.push(v.to_string()),
            _ => {}
        }
    }
    if files.len() != paths.len() || stamps.len() != binaries.len() || arch.is_empty() {
        return Err(remote(format!(
            "{}: unreadable answer when reading its state",
            r.name
        )));
    }
    let mut state = plan::ServerState::default();
    state.links.insert(renet, renet_target);
    for (path, line) in paths.iter().zip(files) {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.get(3) == Some(&"1") {
            state.prev.insert(format!("{path}.rdc-prev"));
        }
        let cur = match (
            w.first().and_then(|m| u32::from_str_radix(m, 8).ok()),
            w.get(1).and_then(|u| u.parse().ok()),
            w.get(2).and_then(|g| g.parse().ok()),
        ) {
            (Some(mode), Some(uid), Some(gid)) => {
                r.read_file(path).await?.map(|bytes| plan::Current {
                    bytes,
                    mode,
                    uid,
                    gid,
                })
            }
            _ => None,
        };
        state.files.insert(path.to_string(), cur);
    }
    Ok(Survey {
        arch,
        systemd,
        stamps,
        manifest: manifest.to_string(),
        state,
        local,
    })
}

/// Keep the current file as `FILE.rdc-prev` (0600, whatever the file's mode: it may hold a
/// secret; a copy that fails half-way, on a full disk say, is removed), then replace the file
/// atomically.
pub(super) async fn replace(
    r: &Remote,
    path: &str,
    bytes: &[u8],
    mode: u32,
    old_meta: Option<(u32, u32, u32)>,
    applied: &mut Vec<Applied>,
    p: Option<&dyn crate::progress::Progress>,
) -> Result<()> {
    let o = r
        .sh(
            "if [ -e \"$1\" ]; then umask 077; rm -f -- \"$1.rdc-prev\"; cp -- \"$1\" \"$1.rdc-prev\" || { rm -f -- \"$1.rdc-prev\"; exit 1; }; echo kept; fi",
            &[path],
            None,
        )
        .await?;
    if !o.ok() {
        return Err(remote(format!(
            "keeping the previous {path} on {}: {}",
            r.name,
            o.stderr_str()
        )));
    }
    let had_prev = o.stdout_str() == "kept";
    // Recorded before the write: if the write dies half-way, the rollback still runs (the
    // temporary file never replaced anything, so restoring the previous version is a no-op).
    applied.push(Applied {
        path: path.to_string(),
        had_prev,
        old_meta,
    });
    r.write_file_atomic_with(path, bytes, mode, p).await
}

/// Remove `FILE.rdc-prev` of every secret file, and the old copies the plan lists.
pub(super) async fn forget_secret_copies(r: &Remote, plan: &Plan) -> Result<()> {
    let mut paths: Vec<String> = plan
        .files
        .iter()
        .filter(|f| f.secret)
        .map(|f| format!("{}.rdc-prev", f.path))
        .collect();
    paths.extend(plan.remove.iter().cloned());
    paths.sort();
    paths.dedup();
    let mut argv = vec!["rm", "-f", "--"];
    argv.extend(paths.iter().map(String::as_str));
    r.check("removing old copies of secrets", &argv).await?;
    Ok(())
}

pub(super) async fn rollback(r: &Remote, plan: &Plan, applied: &[Applied]) -> Result<()> {
    for a in applied.iter().rev() {
        let (mode, uid, gid) = a.old_meta.unwrap_or((0o644, 0, 0));
        let (mode, owner) = (format!("{mode:o}"), format!("{uid}:{gid}"));
        let script = if a.had_prev {
            "rm -f -- \"$1.rdc-tmp\"; mv -f -- \"$1.rdc-prev\" \"$1\" && chmod \"$2\" \"$1\" && chown \"$3\" \"$1\""
        } else {
            "rm -f -- \"$1.rdc-tmp\" \"$1\""
        };
        let o = r.sh(script, &[&a.path, &mode, &owner], None).await?;
        if !o.ok() {
            return Err(remote(format!("restoring {}: {}", a.path, o.stderr_str())));
        }
    }
    if plan.service_manager == ServiceManager::Systemd {
        if plan.daemon_reload {
            r.run(&["systemctl", "daemon-reload"]).await?;
        }
        for s in &plan.restarts {
            // A unit that did not exist before is gone again: stop it instead.
            let verb = if s.enable {
                "stop"
            } else if s.reload {
                "reload"
            } else {
                "restart"
            };
            r.run(&["systemctl", verb, s.unit]).await?;
        }
    }
    Ok(())
}

/// The route server answers `/health` (200, or 503 while it lists its daemons) and Traefik
/// answers `/ping`, both on the server's loopback addresses, checked with the rdc just installed.
pub(super) async fn verify(r: &Remote, rendered: &Rendered) -> Result<()> {
    let rdc = rendered.paths.rdc_bin();
    let checks = [
        (
            format!("http://{}/health", rendered.router.listen),
            "200,503",
            "the route server does not answer",
        ),
        (
            format!("http://{}/ping", rendered.admin_listen),
            "200",
            "Traefik does not answer /ping",
        ),
    ];
    for (url, expect, what) in &checks {
        let call = Call::Probe {
            url: url.clone(),
            expect: expect.to_string(),
            timeout_secs: 20,
        };
        match r.call::<()>(&rdc, &call, None).await? {
            Called::Answer(()) => {}
            Called::NotInstalled => {
                return Err(remote(format!("{what}: {rdc} is missing after the push")));
            }
            Called::Failed { stderr, .. } => return Err(remote(format!("{what}: {stderr}"))),
        }
    }
    Ok(())
}

pub(super) async fn journal(r: &Remote, plan: &Plan) -> Vec<String> {
    let mut lines = Vec::new();
    let units: Vec<&str> = if plan.restarts.is_empty() {
        vec![
            crate::contract::paths::ROUTER_UNIT,
            crate::contract::paths::PROXY_UNIT,
        ]
    } else {
        plan.restarts.iter().map(|s| s.unit).collect()
    };
    for u in units {
        if let Ok(o) = r
            .run(&["journalctl", "-u", u, "-n", "12", "--no-pager", "-o", "cat"])
            .await
        {
            for l in o.stdout_str().lines() {
                lines.push(format!("{u}: {l}"));
            }
        }
    }
    lines
}
