//! The laptop side of looking inside a repository (`rdc repo ps|logs|exec|term|restart`): each
//! asks the server's rdc over SSH (`rdc host ps|logs|exec|term`, `rdc host repo restart`).
//! `exec` and `term` pass the terminal through (the system `ssh` over the master connection);
//! `ps` and `logs` come back as data, escaped before they reach the terminal.

use anyhow::Result;

use super::Target;
use crate::contract::host::{Action, PsRow, Status};
use crate::contract::paths::ServerPaths;
use crate::error::remote;
use crate::progress::Progress;

fn repo_args(t: &Target) -> Vec<String> {
    vec![
        "--prefix".into(),
        t.machine.prefix.clone(),
        "--network-id".into(),
        t.repo.network_id.to_string(),
    ]
}

async fn open(t: &Target, p: &dyn Progress) -> Result<crate::ssh::Remote> {
    super::connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await
}

/// The repository's containers, with their routes.
pub async fn ps(t: &Target, p: &dyn Progress) -> Result<Vec<PsRow>> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let mut argv: Vec<String> = vec![rdc, "host".into(), "ps".into()];
    argv.extend(repo_args(t));
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let o = r.run(&argv).await;
    r.close().await;
    let o = o?;
    if !o.ok() {
        return Err(remote(format!(
            "{} on {}: {}",
            t.name,
            t.machine_name,
            o.stderr_str().trim_start_matches("rdc: ")
        )));
    }
    serde_json::from_slice(&o.stdout).map_err(|e| {
        remote(format!(
            "{}: unreadable answer from rdc host ps: {e}",
            t.machine_name
        ))
    })
}

/// Stream the logs, each line to `line` as it comes. Ctrl-C (or SIGTERM, SIGHUP) ends it
/// through the SSH clean-up (`ssh::cleanup`): the master exits, the server's command ends with
/// its channel, and rdc exits 130 (143, 129).
pub async fn logs(
    t: &Target,
    service: Option<&str>,
    follow: bool,
    tail: Option<u64>,
    line: &mut (dyn FnMut(String) + Send),
    p: &dyn Progress,
) -> Result<()> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let mut argv: Vec<String> = vec![rdc, "host".into(), "logs".into()];
    argv.extend(repo_args(t));
    if let Some(s) = service {
        argv.extend(["--service".into(), s.to_string()]);
    }
    if follow {
        argv.push("--follow".into());
    }
    if let Some(n) = tail {
        argv.extend(["--tail".into(), n.to_string()]);
    }
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let res = r.run_lines(&argv, line, p).await;
    r.close().await;
    match res {
        Ok(Some(0)) => Ok(()),
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
pub async fn exec(
    t: &Target,
    service: &str,
    cmd: &[String],
    tty: bool,
    p: &dyn Progress,
) -> Result<i32> {
    let r = open(t, p).await?;
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let mut argv: Vec<String> = vec![rdc, "host".into(), "exec".into()];
    argv.extend(repo_args(t));
    if tty {
        argv.push("--tty".into());
    }
    argv.push(service.to_string());
    argv.push("--".into());
    argv.extend(cmd.iter().cloned());
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let code = r.interactive(&argv, tty);
    r.close().await;
    code
}

/// A shell on the server whose `docker` talks to the repository's daemon.
pub async fn term(t: &Target, p: &dyn Progress) -> Result<i32> {
    let r = open(t, p).await?;
    let paths = ServerPaths::new(&t.machine.prefix);
    let mount = format!("{}/mounts/{}", paths.at(&t.machine.datastore), t.repo.guid);
    let mut argv: Vec<String> = vec![paths.rdc_bin(), "host".into(), "term".into()];
    argv.extend(repo_args(t));
    argv.extend(["--mount".into(), mount, "--name".into(), t.name.clone()]);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let code = r.interactive(&argv, true);
    r.close().await;
    code
}

/// Recreate one service (every service when None).
pub async fn restart(t: &Target, service: Option<&str>, p: &dyn Progress) -> Result<Status> {
    let mut job = t.job();
    job.service = service.map(str::to_string);
    super::call(t, Action::Restart, &job, p).await
}
