//! Repositories: an encrypted (or, chosen explicitly, plain) btrfs image per application on a
//! machine, with its own Docker daemon and loopback /26 (docs/repositories.md).
//!
//! The client side (this file) allocates identities, keeps them in the config, provisions the
//! rdc binary on the server and drives `rdc host repo …` there over SSH, with the job (including
//! the credential) on stdin and the server's progress streamed back. `host` is the server side,
//! `rediaccfile` the lifecycle hooks, `luks` encryption (`.rediacc.json` slots belong to
//! `compose::slots`).

pub(crate) mod autostart;
pub(crate) mod backup;
pub(crate) mod copy;
pub(crate) mod delete;
pub(crate) mod inside;
pub(crate) mod live;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine;

use super::host::{Job, JobFile, Status};
use crate::context::store::{set_value, table_at};
use crate::context::{self as ctxmod, Machine, Repo, Store};
use crate::contract::NetworkId;
use crate::contract::host::Action;
use crate::contract::paths::ServerPaths;
use crate::error::{ExitKind, Fail, remote, usage};
use crate::progress::{Event, Progress};
use crate::ssh::Remote;

/// 24 random bytes, base64: the LUKS passphrase of a repository.
pub(crate) fn new_credential() -> Result<String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(b))
}

/// What `--from DIR` puts into a repository: every regular file below `dir` (`.git` skipped),
/// symlinks as symlinks (their targets are never read or followed), and a note for each entry
/// that cannot be copied (devices, sockets, fifos).
pub(crate) fn collect_files(dir: &Path) -> Result<(Vec<JobFile>, Vec<String>)> {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    fn walk(root: &Path, d: &Path, out: &mut Vec<JobFile>, notes: &mut Vec<String>) -> Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(d)
            .with_context(|| format!("reading {}", d.display()))?
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p)?;
            let ft = meta.file_type();
            if ft.is_symlink() {
                let target = std::fs::read_link(&p)?;
                out.push(JobFile {
                    path: rel,
                    mode: 0o777,
                    data: String::new(),
                    link: Some(target.to_string_lossy().into_owned()),
                });
            } else if ft.is_dir() {
                if e.file_name() != ".git" {
                    walk(root, &p, out, notes)?;
                }
            } else if ft.is_file() {
                out.push(JobFile {
                    path: rel,
                    mode: meta.permissions().mode() & 0o777,
                    data: base64::engine::general_purpose::STANDARD.encode(
                        std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?,
                    ),
                    link: None,
                });
            } else {
                let kind = if ft.is_block_device() || ft.is_char_device() {
                    "a device"
                } else if ft.is_fifo() {
                    "a fifo"
                } else if ft.is_socket() {
                    "a socket"
                } else {
                    "not a regular file"
                };
                notes.push(format!(
                    "skipped {rel}: {kind} is not copied into a repository"
                ));
            }
        }
        Ok(())
    }
    if !dir.is_dir() {
        return Err(usage(format!(
            "--from {}: no such directory",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    let mut notes = Vec::new();
    walk(dir, dir, &mut out, &mut notes)?;
    Ok((out, notes))
}

/// A repository and the machine it lives on, from the config.
pub struct Target {
    pub ctx: String,
    pub name: String,
    pub repo: Repo,
    pub machine_name: String,
    pub machine: Machine,
    pub ssh_key: Option<PathBuf>,
}

impl Target {
    pub fn resolve(
        store: &Store,
        ctx_flag: Option<&str>,
        name: &str,
        machine: Option<&str>,
    ) -> Result<Target> {
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, ctx_flag)?;
        let repo = ctxmod::repo(&ctx, c, name)?.clone();
        if let Some(m) = machine
            && m != repo.machine
        {
            return Err(usage(format!(
                "repository {name} lives on machine {}, not {m}",
                repo.machine
            )));
        }
        let m = ctxmod::machine(&ctx, c, &repo.machine)?.clone();
        Ok(Target {
            ctx,
            name: name.to_string(),
            machine_name: repo.machine.clone(),
            repo,
            machine: m,
            ssh_key: c.ssh_key.clone(),
        })
    }

    /// The same repository on another machine of the context (a pull elsewhere).
    pub(crate) fn on(&self, machine_name: &str, machine: Machine) -> Target {
        Target {
            ctx: self.ctx.clone(),
            name: self.name.clone(),
            machine_name: machine_name.to_string(),
            repo: self.repo.clone(),
            machine,
            ssh_key: self.ssh_key.clone(),
        }
    }

    pub fn job(&self) -> Job {
        let mut job = Job::bare(
            &self.name,
            &self.repo.guid,
            self.repo.network_id,
            &self.machine.prefix,
            &self.machine.datastore,
        );
        job.machine = self.machine_name.clone();
        job.credential = self
            .repo
            .credential
            .as_ref()
            .map(|c| c.expose().to_string());
        job.encrypted = self.repo.encrypted;
        job.size = self.repo.size.clone();
        job
    }
}

/// Connect, check that the server's rdc speaks this protocol (never replacing it), run `rdc
/// host repo ACTION` with `job` on stdin.
pub(crate) async fn call(
    t: &Target,
    action: Action,
    job: &Job,
    p: &dyn Progress,
) -> Result<Status> {
    call_confirmed(
        t,
        action,
        job,
        p,
        &std::sync::atomic::AtomicBool::new(false),
    )
    .await
}

/// [`call`]; for `create`, confirm the server's status line with `COMMIT` (setting `committed`
/// once it is sent), so that the server keeps the repository only when this side knows it.
pub(crate) async fn call_confirmed(
    t: &Target,
    action: Action,
    job: &Job,
    p: &dyn Progress,
    committed: &std::sync::atomic::AtomicBool,
) -> Result<Status> {
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let res = ask(&r, t, action, job, p, committed).await;
    r.close().await;
    res
}

/// Connect to a machine and check that its rdc speaks this host protocol.
pub(crate) async fn connect(
    name: &str,
    m: &Machine,
    ssh_key: Option<&Path>,
    p: &dyn Progress,
) -> Result<Remote> {
    p.begin(&format!("connecting to {name}"));
    let r = Remote::connect(name, m, ssh_key).await;
    p.end();
    let r = r?;
    if let Err(e) = crate::push::check_server_rdc(&r, m, p).await {
        r.close().await;
        return Err(e);
    }
    Ok(r)
}

/// The server's progress as it comes, except that a line `rdc: …` (how the server's rdc prints
/// an error) is held until the next line: the last one is the error this side reports, and is
/// then not shown twice.
struct HoldErrors<'a> {
    inner: &'a dyn Progress,
    held: std::sync::Mutex<Option<Event>>,
}

impl Progress for HoldErrors<'_> {
    fn event(&self, e: Event) {
        let mut held = self.held.lock().expect("held");
        if let Some(prev) = held.take() {
            self.inner.event(prev);
        }
        match &e {
            Event::Remote { line, .. } if line.starts_with("rdc: ") => *held = Some(e),
            _ => self.inner.event(e),
        }
    }
    fn confirm(&self, prompt: &str) -> Result<bool> {
        self.inner.confirm(prompt)
    }
}

impl HoldErrors<'_> {
    /// Show the held line unless it is `error` (which the caller reports itself).
    fn finish(&self, error: Option<&str>) {
        if let Some(Event::Remote { machine, line }) = self.held.lock().expect("held").take() {
            if error.is_some_and(|e| line.trim_start_matches("rdc: ") == e) {
                return;
            }
            self.inner.event(Event::Remote { machine, line });
        }
    }
}

/// Run `rdc host repo ACTION` over an open connection.
pub(crate) async fn ask(
    r: &Remote,
    t: &Target,
    action: Action,
    job: &Job,
    p: &dyn Progress,
    committed: &std::sync::atomic::AtomicBool,
) -> Result<Status> {
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let mut input = serde_json::to_vec(job)?;
    input.push(b'\n');
    let call = crate::contract::call::Call::Repo(action);
    let hold = HoldErrors {
        inner: p,
        held: std::sync::Mutex::new(None),
    };
    let p: &dyn Progress = &hold;
    let o = if action == Action::Create {
        let reply = |line: &[u8]| {
            if serde_json::from_slice::<Status>(line).is_ok() {
                committed.store(true, std::sync::atomic::Ordering::SeqCst);
                format!("{}\n", crate::contract::host::COMMIT).into_bytes()
            } else {
                b"abort\n".to_vec()
            }
        };
        r.call_streaming(&rdc, &call, &input, Some(&reply), p)
            .await?
    } else {
        r.call_streaming(&rdc, &call, &input, None, p).await?
    };
    if o.code == Some(crate::contract::host::NOT_INSTALLED) {
        hold.finish(None);
        return Err(not_installed(t, &rdc));
    }
    let status: Option<Status> = serde_json::from_slice(&o.stdout).ok();
    if o.ok() {
        hold.finish(None);
        return status.ok_or_else(|| {
            remote(format!(
                "{}: unreadable answer from rdc host repo {action}",
                t.machine_name
            ))
        });
    }
    if let Some(s) = &status
        && let Some(why) = &s.filesystem
    {
        hold.finish(None);
        return Err(remote(format!(
            "{} on {}: its filesystem {why}",
            t.name, t.machine_name
        )));
    }
    if let Some(s) = status
        && !s.failed.is_empty()
    {
        hold.finish(None);
        return Err(remote(format!(
            "{} on {}: {} failed; the rest ran (see the output above)",
            t.name,
            t.machine_name,
            s.failed.join(", ")
        )));
    }
    let msg = last_words(&o.stderr);
    hold.finish(Some(&msg));
    Err(failed(t, o.code, &msg))
}

/// The server's rdc's last line on stderr, without its `rdc: ` prefix.
pub(crate) fn last_words(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_start_matches("rdc: ")
        .to_string()
}

/// The server has no rdc: say how to install it.
pub(crate) fn not_installed(t: &Target, rdc: &str) -> anyhow::Error {
    usage(format!(
        "rdc is not installed on {m} ({rdc}); install it with: rdc context push-infra {m}",
        m = t.machine_name
    ))
}

/// A host command's failure, with the exit class its code says (2 usage, 3 not found, else a
/// remote failure).
pub(crate) fn failed(t: &Target, code: Option<i32>, msg: &str) -> anyhow::Error {
    let kind = match code {
        Some(2) => ExitKind::Usage,
        Some(3) => ExitKind::NotFound,
        _ => ExitKind::Remote,
    };
    Fail::new(kind, format!("{} on {}: {msg}", t.name, t.machine_name)).into()
}

/// What `rdc repo create` was asked for.
pub(crate) struct NewRepo<'a> {
    pub name: &'a str,
    pub machine: &'a str,
    pub size: &'a str,
    pub encrypt: bool,
    pub files: Vec<JobFile>,
    /// `--domain`: names only this repository may route.
    pub domains: Vec<String>,
    /// `--overcommit`: create even when the datastore cannot hold every image at full size.
    pub overcommit: bool,
}

/// Validate `--domain` values, and refuse one that overlaps a domain declared for another
/// repository of the same machine.
pub(crate) fn check_domains(
    c: &ctxmod::Context,
    machine: &str,
    name: &str,
    domains: &[String],
) -> Result<Vec<String>> {
    use crate::contract::hostname::Pattern;
    let mut out = Vec::new();
    for d in domains {
        let canon = crate::context::validate::declared_domain(d)?;
        if !out.contains(&canon) {
            out.push(canon);
        }
    }
    for d in &out {
        let p = Pattern::parse(d).expect("validated above");
        for (other, r) in c
            .repos
            .iter()
            .filter(|(n, r)| *n != name && r.machine == machine)
        {
            for theirs in &r.domains {
                if Pattern::parse(theirs).is_ok_and(|q| q.overlaps(&p)) {
                    return Err(usage(format!(
                        "--domain {d} overlaps {theirs}, declared for repository {other} on {machine}; a name can be declared for one repository only (change it with: rdc repo set {other} --domain … or --no-domains)"
                    )));
                }
            }
        }
    }
    Ok(out)
}

/// `rdc repo create`: allocate and save the identity first, then create on the server; undo the
/// config entry if the server side fails.
pub(crate) async fn create(
    store: &Store,
    ctx_flag: Option<&str>,
    req: NewRepo<'_>,
    p: &dyn Progress,
) -> Result<Status> {
    let NewRepo {
        name,
        machine,
        size,
        encrypt,
        files,
        domains,
        overcommit,
    } = req;
    crate::context::validate::name("repository", name)?;
    super::host::image::parse_size(size)?;
    let ctx = store.edit(|doc, cfg| {
        let (ctx, c) = ctxmod::selected(cfg, ctx_flag)?;
        ctxmod::machine(&ctx, c, machine)?;
        if c.repos.contains_key(name) {
            return Err(usage(format!(
                "repository {name:?} already exists in context {ctx} (on {}); pick another name",
                c.repos[name].machine
            )));
        }
        let domains = check_domains(c, machine, name, &domains)?;
        let id = NetworkId::next_free(c.repos.values().map(|r| r.network_id));
        let t = table_at(doc, &["contexts", &ctx, "repos", name])?;
        set_value(t, "guid", uuid::Uuid::new_v4().to_string());
        set_value(t, "network_id", i64::from(id.get()));
        set_value(t, "machine", machine);
        set_value(t, "size", size);
        set_value(t, "encrypted", encrypt);
        if encrypt {
            set_value(t, "credential", new_credential()?);
        }
        if !domains.is_empty() {
            set_value(t, "domains", crate::context::store::str_array(&domains));
        }
        Ok(ctx)
    })?;
    if !encrypt {
        // Said once the name and the machine are known to be fine.
        p.warn(&format!(
            "repository {name} will NOT be encrypted (--no-encrypt): its image holds its data in plain text"
        ));
    }
    let committed = std::sync::atomic::AtomicBool::new(false);
    let result = async {
        let t = Target::resolve(store, Some(&ctx), name, Some(machine))?;
        let mut job = t.job();
        job.files = files;
        job.overcommit = overcommit;
        call_confirmed(&t, Action::Create, &job, p, &committed).await
    }
    .await;
    if result.is_err() && committed.load(std::sync::atomic::Ordering::SeqCst) {
        // The server was told to keep it; only the end of the answer was lost. Keep the
        // entry, so that the repository is never known to the server alone.
        p.warn(&format!(
            "the connection was lost after {machine} confirmed repository {name}; it is kept in the config (check it with: rdc repo status {name})"
        ));
    } else if result.is_err() {
        let undo = store.edit(|doc, _| {
            if let Some(t) = crate::context::store::table_at_opt(doc, &["contexts", &ctx, "repos"])
            {
                t.remove(name);
            }
            Ok(())
        });
        if let Err(e) = undo {
            p.warn(&format!(
                "could not remove repository {name} from the config again: {e:#}"
            ));
        }
    }
    result
}

/// What `rdc repo set` changes; `None`: left as it is.
#[derive(Debug, Default)]
pub(crate) struct RepoChange {
    /// The declared domains (replacing the list; empty clears it).
    pub domains: Option<Vec<String>>,
    /// The repository's share of routers, services and middlewares (`Some(None)`: the machine's).
    pub max_resources: Option<Option<usize>>,
    /// The repository's dynamic TCP ports (`Some(None)`: the machine's).
    pub max_ports: Option<Option<usize>>,
}

/// `rdc repo set NAME …`: change the repository's declared domains and fair shares, then tell
/// its machine's route server (router.toml). Returns the repository as now configured.
pub(crate) async fn set(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    change: RepoChange,
    p: &dyn Progress,
) -> Result<(Repo, RouterPush)> {
    let ctx = store.edit(|doc, cfg| {
        let (ctx, c) = ctxmod::selected(cfg, ctx_flag)?;
        let r = ctxmod::repo(&ctx, c, name)?;
        let domains = match &change.domains {
            Some(d) if d.is_empty() => Some(Vec::new()),
            Some(d) => Some(check_domains(c, &r.machine, name, d)?),
            None => None,
        };
        let t = table_at(doc, &["contexts", &ctx, "repos", name])?;
        match domains {
            Some(d) if d.is_empty() => {
                t.remove("domains");
            }
            Some(d) => set_value(t, "domains", crate::context::store::str_array(&d)),
            None => {}
        }
        for (key, v) in [
            ("max_resources", change.max_resources),
            ("max_ports", change.max_ports),
        ] {
            match v {
                Some(Some(n)) => set_value(t, key, n as i64),
                Some(None) => {
                    t.remove(key);
                }
                None => {}
            }
        }
        Ok(ctx)
    })?;
    let cfg = store.load()?;
    let c = &cfg.contexts[&ctx];
    let repo = &c.repos[name];
    let pushed = push_router_toml(c, &repo.machine, p).await?;
    Ok((repo.clone(), pushed))
}

/// What happened to the machine's router.toml.
pub(crate) enum RouterPush {
    /// The machine has no infra settings yet: the next push-infra installs the declarations.
    NotSetUp,
    Unchanged,
    Updated(String),
}

/// Upload the machine's router.toml when the repositories it declares changed. The route server
/// re-reads it within a second; nothing is restarted.
pub(crate) async fn push_router_toml(
    c: &ctxmod::Context,
    machine: &str,
    p: &dyn Progress,
) -> Result<RouterPush> {
    let m = c
        .machines
        .get(machine)
        .ok_or_else(|| usage(format!("machine {machine} is not in the context")))?;
    if m.infra.is_none() {
        return Ok(RouterPush::NotSetUp);
    }
    let rendered = crate::infra::render_with(machine, m, &c.repo_decls(machine))?;
    let file = rendered
        .files
        .iter()
        .find(|f| f.path == rendered.paths.router_toml())
        .expect("router.toml is always rendered");
    p.begin(&format!("updating router.toml on {machine}"));
    let r = Remote::connect(machine, m, c.ssh_key.as_deref()).await;
    p.end();
    let r = r?;
    let res = async {
        let current = r.read_file(&file.path).await?;
        if current.as_deref() == Some(file.contents.as_bytes()) {
            return Ok(RouterPush::Unchanged);
        }
        r.write_file_atomic(&file.path, file.contents.as_bytes(), file.mode)
            .await?;
        Ok(RouterPush::Updated(file.path.clone()))
    }
    .await;
    r.close().await;
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(dead_code)]
    fn repo(id: u32) -> Repo {
        Repo {
            guid: "g".into(),
            network_id: crate::contract::NetworkId(id),
            machine: "m".into(),
            credential: None,
            size: None,
            encrypted: false,
            domains: vec![],
            max_resources: None,
            max_ports: None,
        }
    }

    #[test]
    fn credentials_are_random() {
        let a = new_credential().unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(&a)
                .unwrap()
                .len(),
            24
        );
        assert_ne!(a, new_credential().unwrap());
    }
}
