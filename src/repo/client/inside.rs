//! The laptop side of looking inside a repository (`rdc repo ps|logs|exec|term|restart`): each
//! asks the server's rdc over SSH (`rdc host ps|logs|exec|term`, `rdc host repo restart`).
//! `exec` and `term` pass the terminal through (the system `ssh` over the master connection);
//! `ps` and `logs` come back as data, escaped before they reach the terminal.

use anyhow::Result;

use super::{Target, not_installed};
use crate::contract::call::Call;
use crate::contract::host::{Action, PsRow, Status};
use crate::contract::paths::ServerPaths;
use crate::error::remote;
use crate::progress::Progress;
use crate::ssh::call::Called;

async fn open(t: &Target, p: &dyn Progress) -> Result<crate::ssh::Remote> {
    super::connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await
}

/// The repository's containers, with their routes.
pub(crate) async fn ps(t: &Target, p: &dyn Progress) -> Result<Vec<PsRow>> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let call = Call::Ps {
        prefix: t.machine.prefix.clone(),
        network_id: t.repo.network_id.get(),
    };
    let o = r.call::<Vec<PsRow>>(&rdc, &call, None).await;
    r.close().await;
    match o? {
        Called::Answer(rows) => Ok(rows),
        Called::NotInstalled => Err(not_installed(t, &rdc)),
        Called::Failed { stderr, .. } => Err(remote(format!(
            "{} on {}: {}",
            t.name,
            t.machine_name,
            stderr.trim_start_matches("rdc: ")
        ))),
    }
}

/// Stream the logs, each line to `line` as it comes. Ctrl-C (or SIGTERM, SIGHUP) ends it
/// through the SSH clean-up (`ssh::cleanup`): the master exits, the server's command ends with
/// its channel, and rdc exits 130 (143, 129).
pub(crate) async fn logs(
    t: &Target,
    service: Option<&str>,
    follow: bool,
    tail: Option<u64>,
    line: &mut (dyn FnMut(String) + Send),
    p: &dyn Progress,
) -> Result<()> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let call = Call::Logs {
        prefix: t.machine.prefix.clone(),
        network_id: t.repo.network_id.get(),
        service: service.map(str::to_string),
        follow,
        tail,
    };
    let res = r.call_lines(&rdc, &call, line, p).await;
    r.close().await;
    match res {
        Ok(Some(0)) => Ok(()),
        Ok(Some(crate::contract::host::NOT_INSTALLED)) => Err(not_installed(t, &rdc)),
        Ok(code) => Err(remote(format!(
            "logs of {} on {} ended with exit {}",
            t.name,
            t.machine_name,
            code.map(|c| c.to_string()).unwrap_or_else(|| "?".into())
        ))),
        Err(e) => Err(e),
    }
}

/// Run a command in a service's container, the terminal passed through. Returns its exit code.
pub(crate) async fn exec(
    t: &Target,
    service: &str,
    cmd: &[String],
    tty: bool,
    p: &dyn Progress,
) -> Result<i32> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let call = Call::Exec {
        prefix: t.machine.prefix.clone(),
        network_id: t.repo.network_id.get(),
        service: service.to_string(),
        tty,
        cmd: cmd.to_vec(),
    };
    let code = r.call_interactive(&rdc, &call, tty);
    r.close().await;
    code
}

/// A shell on the server whose `docker` talks to the repository's daemon.
pub(crate) async fn term(t: &Target, p: &dyn Progress) -> Result<i32> {
    let r = open(t, p).await?;
    let paths = ServerPaths::new(&t.machine.prefix);
    let mount = format!("{}/mounts/{}", paths.at(&t.machine.datastore), t.repo.guid);
    let call = Call::Term {
        prefix: t.machine.prefix.clone(),
        network_id: t.repo.network_id.get(),
        mount,
        name: t.name.clone(),
    };
    let code = r.call_interactive(&paths.rdc_bin(), &call, true);
    r.close().await;
    code
}

/// Recreate one service (every service when None).
pub(crate) async fn restart(t: &Target, service: Option<&str>, p: &dyn Progress) -> Result<Status> {
    let mut job = t.job();
    job.service = service.map(str::to_string);
    super::call(t, Action::Restart, &job, p).await
}
