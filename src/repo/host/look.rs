//! Looking inside a repository on the server (`rdc host ps|logs|exec|term`): its containers as
//! its own daemon reports them, with the routes the route server serves for each; their logs;
//! a command in one of them; a shell whose `docker` talks to the repository's daemon. A service
//! is found by the `rediacc.service_name` label `rdc compose` injects (else compose's own
//! service label, else the container's name).

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;

use anyhow::{Context, Result};
use bollard::models::ContainerSummary;

use crate::contract::NetworkId;
use crate::contract::host::PsRow;
use crate::contract::paths::ServerPaths;
use crate::error::{not_found, remote};

/// The socket of repository `network_id` on the machine installed under `prefix`.
pub(crate) fn socket(prefix: &str, network_id: NetworkId) -> String {
    format!(
        "{}/docker-{}.sock",
        ServerPaths::new(prefix).socket_dir(),
        network_id
    )
}

fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    crate::runtime::get()
}

fn connect(socket: &str) -> Result<bollard::Docker> {
    if !Path::new(socket).exists() {
        return Err(remote(format!(
            "the repository's Docker daemon is not running ({socket} is missing); start it with: rdc repo up NAME --mount"
        )));
    }
    bollard::Docker::connect_with_unix(socket, 30, bollard::API_DEFAULT_VERSION)
        .map_err(|e| remote(format!("cannot connect to {socket}: {e}")))
}

fn service_of(c: &ContainerSummary) -> String {
    let labels = c.labels.clone().unwrap_or_default();
    labels
        .get("rediacc.service_name")
        .or_else(|| labels.get("com.docker.compose.service"))
        .cloned()
        .or_else(|| {
            c.names
                .as_ref()
                .and_then(|n| n.first())
                .map(|n| n.trim_start_matches('/').to_string())
        })
        .unwrap_or_default()
}

async fn all_containers(d: &bollard::Docker) -> Result<Vec<ContainerSummary>> {
    use bollard::query_parameters::ListContainersOptionsBuilder;
    d.list_containers(Some(ListContainersOptionsBuilder::new().all(true).build()))
        .await
        .map_err(|e| remote(format!("listing the repository's containers: {e}")))
}

/// The repository's containers, with the routes served for each.
pub(crate) fn ps(prefix: &str, network_id: NetworkId) -> Result<Vec<PsRow>> {
    let sock = socket(prefix, network_id);
    let d = connect(&sock)?;
    let list = runtime()?.block_on(all_containers(&d))?;
    let routes = super::routes::fetch(prefix);
    let confined = super::isolate::confinement(prefix, network_id);
    let mut rows: Vec<PsRow> = list
        .iter()
        .map(|c| {
            let labels = c.labels.clone().unwrap_or_default();
            let id = c.id.clone().unwrap_or_default();
            let status = c.status.clone().unwrap_or_default();
            PsRow {
                service: service_of(c),
                container: c
                    .names
                    .as_ref()
                    .and_then(|n| n.first())
                    .map(|n| n.trim_start_matches('/').to_string())
                    .unwrap_or_default(),
                state: c
                    .state
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "unknown".into()),
                health: health_of(&status),
                status,
                ip: labels.get("rediacc.service_ip").cloned(),
                image: c.image.clone().unwrap_or_default(),
                routes: routes
                    .as_ref()
                    .map(|r| super::routes::of_container(r, &id))
                    .unwrap_or_default(),
                isolated: (c.state.map(|s| s.to_string()).as_deref() == Some("running"))
                    .then(|| confined.as_ref().is_some_and(|f| f(&id))),
                id: id.chars().take(12).collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.service, &a.container).cmp(&(&b.service, &b.container)));
    Ok(rows)
}

/// `healthy`, `unhealthy`, `starting` from Docker's status text, else None.
fn health_of(status: &str) -> Option<String> {
    for h in ["unhealthy", "healthy", "health: starting"] {
        if status.contains(&format!("({h})")) {
            return Some(h.trim_start_matches("health: ").to_string());
        }
    }
    None
}

/// The running container of `service` (the first, by name, when it has replicas).
fn container_of(d: &bollard::Docker, service: &str) -> Result<String> {
    let list = runtime()?.block_on(all_containers(d))?;
    let mut known: Vec<String> = list.iter().map(service_of).collect();
    known.sort();
    known.dedup();
    let mut mine: Vec<&ContainerSummary> =
        list.iter().filter(|c| service_of(c) == service).collect();
    mine.sort_by_key(|c| c.names.clone());
    let running = mine
        .iter()
        .find(|c| c.state == Some(bollard::models::ContainerSummaryStateEnum::RUNNING));
    match (running, mine.first()) {
        (Some(c), _) => Ok(c.id.clone().unwrap_or_default()),
        (None, Some(_)) => Err(remote(format!(
            "service {service} has no running container; start it with: rdc repo restart NAME {service}"
        ))),
        (None, None) => Err(not_found(format!(
            "no service {service} in this repository (its services: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))),
    }
}

/// Print the logs of `service` (every container when None), each line prefixed with its
/// service; with `follow`, until the containers stop or the connection ends.
pub(crate) fn logs(
    prefix: &str,
    network_id: NetworkId,
    service: Option<&str>,
    follow: bool,
    tail: Option<u64>,
) -> Result<()> {
    use futures_util::StreamExt;
    let sock = socket(prefix, network_id);
    let d = connect(&sock)?;
    let rt = runtime()?;
    let targets: Vec<(String, String)> = match service {
        Some(s) => vec![(s.to_string(), container_of(&d, s)?)],
        None => rt
            .block_on(all_containers(&d))?
            .iter()
            .map(|c| (service_of(c), c.id.clone().unwrap_or_default()))
            .collect(),
    };
    let width = targets.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    // Following a quiet service writes nothing: without this, the command would outlive the
    // operator's connection for good.
    super::hangup::watch(|| std::process::exit(0));
    rt.block_on(async {
        let streams = targets.iter().map(|(svc, id)| {
            let opts = bollard::query_parameters::LogsOptionsBuilder::new()
                .follow(follow)
                .stdout(true)
                .stderr(true)
                .tail(&tail.map(|t| t.to_string()).unwrap_or_else(|| "all".into()))
                .build();
            let label = if targets.len() > 1 || service.is_none() {
                format!("{svc:width$} | ")
            } else {
                String::new()
            };
            d.logs(id, Some(opts))
                .map(move |item| (label.clone(), item))
        });
        let mut merged = futures_util::stream::select_all(streams.map(Box::pin));
        let mut partial: BTreeMap<String, String> = BTreeMap::new();
        while let Some((label, item)) = merged.next().await {
            let chunk = match item {
                Ok(o) => String::from_utf8_lossy(&o.into_bytes()).into_owned(),
                Err(e) => return Err(remote(format!("reading logs: {e}"))),
            };
            let buf = partial.entry(label.clone()).or_default();
            buf.push_str(&chunk);
            while let Some(i) = buf.find('\n') {
                let line: String = buf.drain(..=i).collect();
                crate::output::println(&format!("{label}{}", line.trim_end_matches('\n')))?;
            }
        }
        for (label, rest) in partial {
            if !rest.is_empty() {
                crate::output::println(&format!("{label}{rest}"))?;
            }
        }
        Ok(())
    })
}

/// Run `docker exec` in the running container of `service` and return its exit code. The
/// command ends with the operator's connection: on a hang-up (the SSH channel closed, SIGHUP,
/// SIGTERM) every process of this exec in the container is ended too — Docker leaves an exec'd
/// process running when its client goes. They are found by a variable only this exec carries
/// (`RDC_EXEC_SESSION`), which the command and what it starts inherit.
pub(crate) fn exec(
    prefix: &str,
    network_id: NetworkId,
    service: &str,
    tty: bool,
    cmd: &[String],
) -> Result<i32> {
    let sock = socket(prefix, network_id);
    let d = connect(&sock)?;
    let id = container_of(&d, service)?;
    let token = format!("{EXEC_VAR}={}", uuid::Uuid::new_v4().simple());
    let mut c = std::process::Command::new("docker");
    c.env("DOCKER_HOST", format!("unix://{sock}"))
        .arg("exec")
        .arg("-i")
        .args(["-e", &token]);
    if tty {
        c.arg("-t");
    }
    c.arg(&id).args(cmd);
    let mut child = c
        .spawn()
        .context("running docker exec (is the docker CLI installed?)")?;
    let client = crate::procs::Proc::of(child.id() as i32);
    let end = move || {
        let mut ours = exec_processes(&token);
        ours.extend(client);
        crate::procs::stop_all(&ours, std::time::Duration::from_secs(2));
        std::process::exit(129);
    };
    let on_signal = end.clone();
    super::hangup::watch(end);
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
    ]) {
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                on_signal();
            }
        });
    }
    let status = child.wait().context("waiting for docker exec")?;
    Ok(status.code().unwrap_or(130))
}

/// The variable that marks the processes of one `rdc host exec`.
const EXEC_VAR: &str = "RDC_EXEC_SESSION";

/// Processes whose environment holds `token` (`NAME=value`), read from `/proc`.
fn exec_processes(token: &str) -> Vec<crate::procs::Proc> {
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    rd.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == token.as_bytes()))
        })
        .filter_map(crate::procs::Proc::of)
        .collect()
}

/// Replace this process with an interactive shell in the repository, its `docker` talking to
/// the repository's daemon (upstream's `rdc term`). When the repository is isolated the shell
/// runs in its cgroup, confined like its containers (docs/isolation.md).
pub(crate) fn term(prefix: &str, network_id: NetworkId, dir: &Path, name: &str) -> Result<()> {
    let sock = socket(prefix, network_id);
    let shell = ["/bin/bash", "/bin/sh"]
        .into_iter()
        .find(|s| Path::new(s).exists())
        .unwrap_or("/bin/sh");
    let mut c = std::process::Command::new(shell);
    if dir.is_dir() {
        c.current_dir(dir);
    }
    c.env("DOCKER_HOST", format!("unix://{sock}"))
        .env("PS1", format!("[{name}] \\w \\$ "))
        .env("REPOSITORY_PATH", dir)
        .env("REPOSITORY_NAME", name)
        .env("REPOSITORY_NETWORK_ID", network_id.to_string())
        .arg("-i");
    let confined = super::isolate::join_shell(prefix, network_id);
    eprintln!(
        "repository {name}: DOCKER_HOST=unix://{sock} (this repository's daemon){}; exit to leave",
        if confined {
            ", in the repository's network (its loopback addresses only)"
        } else {
            ""
        }
    );
    Err(anyhow::Error::from(c.exec()).context(format!("starting {shell}")))
}

/// The Rediaccfile directories of a mounted repository whose compose files declare `service`
/// (every directory with a Rediaccfile when None).
pub(crate) fn dirs_of(mount: &Path, service: Option<&str>) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for rf in super::rediaccfile::find(mount, &mut |_| {})? {
        let declared = crate::compose::declared_services(&rf.dir)
            .with_context(|| format!("reading the compose files of {}", rf.dir.display()))?;
        if service.is_none_or(|s| declared.contains(s)) && !declared.is_empty() {
            out.push(rf.dir);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_from_status_text() {
        assert_eq!(health_of("Up 3 minutes (healthy)"), Some("healthy".into()));
        assert_eq!(
            health_of("Up 3 minutes (unhealthy)"),
            Some("unhealthy".into())
        );
        assert_eq!(
            health_of("Up 1 second (health: starting)"),
            Some("starting".into())
        );
        assert_eq!(health_of("Exited (0) 2 minutes ago"), None);
    }
}
