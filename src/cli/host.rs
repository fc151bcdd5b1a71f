//! `rdc host …`: helpers that run on a server, called over SSH by the client (hidden from
//! `--help`: operators do not type them).

use std::time::{Duration, Instant};

use anyhow::Result;
use clap::{Args, Subcommand};

use super::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::error::remote;
use crate::printer::Printer;

#[derive(Debug, Subcommand)]
pub enum HostCmd {
    /// GET a URL until it answers one of the expected statuses (push-infra's health checks)
    Probe(Probe),
    /// Repository actions; the job (JSON) is read from stdin, the status (JSON) printed
    Repo {
        /// create, up, down, sync or status
        #[arg(value_parser = super::choice::<Action>(&Action::NAMES))]
        action: Action,
    },
    /// Backups of a repository: push, pull or list; the job (JSON) is read from stdin, the
    /// answer (JSON) printed
    Backup {
        /// push, pull or list
        #[arg(value_parser = super::choice::<crate::contract::backup::Op>(&crate::contract::backup::Op::NAMES))]
        op: crate::contract::backup::Op,
    },
    /// Print this rdc's version and host protocol (JSON), for the client's compatibility check
    Version,
    /// Traefik under rdc: run it (the proxy unit's main process), or hand it over to a new one
    #[command(subcommand)]
    Proxy(ProxyCmd),
    /// A repository's containers with their routes (JSON)
    Ps(RepoRef),
    /// A repository's logs (every service, or one), on stdout
    Logs {
        #[command(flatten)]
        repo: RepoRef,
        /// Only this service
        #[arg(long)]
        service: Option<String>,
        /// Keep following
        #[arg(long)]
        follow: bool,
        /// Only the last N lines of each container
        #[arg(long, value_name = "N")]
        tail: Option<u64>,
    },
    /// Run a command in the running container of a service (replaces this process)
    Exec {
        #[command(flatten)]
        repo: RepoRef,
        /// Allocate a terminal
        #[arg(long)]
        tty: bool,
        /// The service
        service: String,
        /// The command and its arguments
        #[arg(last = true, required = true)]
        cmd: Vec<String>,
    },
    /// An interactive shell whose `docker` talks to the repository's daemon
    Term {
        #[command(flatten)]
        repo: RepoRef,
        /// Where the repository is mounted
        #[arg(long, value_name = "DIR")]
        mount: std::path::PathBuf,
        /// The repository's name (for the prompt)
        #[arg(long)]
        name: String,
    },
    /// Repositories with autostart: bring one up or down from its job file, or all at boot
    #[command(subcommand)]
    Autostart(AutostartCmd),
    /// What `rdc context status` shows of this machine (JSON)
    Overview {
        /// The machine's install prefix
        #[arg(long, default_value = "/")]
        prefix: String,
        /// The machine's datastore
        #[arg(long, default_value = crate::contract::paths::DEFAULT_DATASTORE)]
        datastore: String,
    },
    /// The hosts the machine's route server routes (JSON), for `rdc context dns`
    Hosts {
        /// The machine's install prefix
        #[arg(long, default_value = "/")]
        prefix: String,
    },
    /// List the machine's repository images and what runs of them (JSON)
    Repos {
        /// The machine's install prefix
        #[arg(long, default_value = "/")]
        prefix: String,
        /// The machine's datastore
        #[arg(long, default_value = crate::contract::paths::DEFAULT_DATASTORE)]
        datastore: String,
    },
}

impl Run for HostCmd {
    fn run(self, g: &GlobalArgs, _p: &Printer) -> Result<()> {
        match self {
            HostCmd::Probe(probe) => probe.run(g, _p),
            HostCmd::Repo { action } => host_repo(action),
            HostCmd::Backup { op } => host_backup(op),
            HostCmd::Version => crate::output::println(&serde_json::to_string(
                &crate::contract::host::ServerVersion::this(),
            )?),
            HostCmd::Proxy(c) => c.run(),
            HostCmd::Autostart(c) => c.run(),
            HostCmd::Ps(r) => crate::output::println(&serde_json::to_string(
                &crate::repo::host::look::ps(&r.prefix, r.network_id()?)?,
            )?),
            HostCmd::Logs {
                repo,
                service,
                follow,
                tail,
            } => crate::repo::host::look::logs(
                &repo.prefix,
                repo.network_id()?,
                service.as_deref(),
                follow,
                tail,
            ),
            HostCmd::Exec {
                repo,
                tty,
                service,
                cmd,
            } => {
                let code = crate::repo::host::look::exec(
                    &repo.prefix,
                    repo.network_id()?,
                    &service,
                    tty,
                    &cmd,
                )?;
                crate::error::pass_through(code)
            }
            HostCmd::Term { repo, mount, name } => {
                crate::repo::host::look::term(&repo.prefix, repo.network_id()?, &mount, &name)
            }
            HostCmd::Overview { prefix, datastore } => crate::output::println(
                &serde_json::to_string(&crate::overview::gather(&prefix, &datastore))?,
            ),
            HostCmd::Hosts { prefix } => {
                let report = crate::repo::host::routes::fetch(&prefix);
                let hosts: Vec<String> = report
                    .as_ref()
                    .map(|r| crate::route_server::hosts::routed(r).into_iter().collect())
                    .unwrap_or_default();
                crate::output::println(&serde_json::to_string(&serde_json::json!({
                    "answered": report.is_some(),
                    "hosts": hosts,
                }))?)
            }
            HostCmd::Repos { prefix, datastore } => crate::output::println(&serde_json::to_string(
                &crate::repo::host::image::list(&prefix, &datastore)?,
            )?),
        }
    }
}

fn host_backup(op: crate::contract::backup::Op) -> Result<()> {
    use crate::contract::backup::{BackupJob, Op, SENT};
    use crate::repo::host::{self, backup};
    use std::io::{BufRead, Write};
    // The job is the first line; `receive` reads its stream after it.
    let mut input = std::io::BufReader::new(std::io::stdin());
    let mut text = String::new();
    input.read_line(&mut text)?;
    let job: BackupJob = serde_json::from_str(&text)
        .map_err(|e| crate::error::usage(format!("bad backup job on stdin: {e}")))?;
    // One operation per repository at a time: two pushes are serialized, and none runs while
    // the repository goes up or down.
    let _lock = host::lock(&job.repo, &format!("backup {}", op.as_str()))?;
    let answer = match op {
        Op::Push => serde_json::to_string(&backup::push(&job)?)?,
        Op::Pull => serde_json::to_string(&backup::pull(&job)?)?,
        Op::List => serde_json::to_string(&backup::list(&job)?)?,
        Op::Have => serde_json::to_string(&backup::have(&job)?)?,
        Op::Receive => serde_json::to_string(&backup::receive_from(&job, &mut input)?)?,
        Op::Adopt => {
            backup::adopt(&job)?;
            "{}".to_string()
        }
        Op::Sent => {
            backup::sent(&job)?;
            "{}".to_string()
        }
        Op::Send => {
            // Stdout is the stream; the result goes last on stderr.
            let mut out = std::io::stdout().lock();
            let r = backup::send_to(&job, &mut out)?;
            out.flush().ok();
            host::say(format!("{SENT}{}", serde_json::to_string(&r)?));
            return Ok(());
        }
    };
    crate::output::println(&answer)
}

fn host_repo(action: Action) -> Result<()> {
    use crate::repo::host::{self, image};
    use std::io::BufRead;
    // The job is the first line; `create` then waits on the same stdin for the client's commit.
    let mut input = std::io::BufReader::new(std::io::stdin());
    let mut text = String::new();
    input.read_line(&mut text)?;
    let job: host::Job = serde_json::from_str(&text)
        .map_err(|e| crate::error::usage(format!("bad job on stdin: {e}")))?;
    let _lock = match action {
        Action::Status => None,
        _ => Some(host::lock(&job, action.as_str())?),
    };
    let status = match action {
        Action::Create => {
            let (status, pending) = image::create(&job)?;
            crate::output::println(&serde_json::to_string(&status)?)?;
            if image::confirmed(input) {
                pending.commit();
                return Ok(());
            }
            drop(pending);
            return Err(remote(format!(
                "the client did not confirm the creation of {} within {}s; it was removed again",
                job.name,
                image::COMMIT_WAIT.as_secs()
            )));
        }
        Action::Up => host::up(&job)?,
        Action::Down => host::down(&job)?,
        Action::Sync => host::sync(&job)?,
        Action::Status => host::status(&job, Vec::new())?,
        Action::Delete => image::delete(&job)?,
        Action::Restart => host::restart(&job)?,
    };
    crate::output::println(&serde_json::to_string(&status)?)?;
    if let Some(why) = &status.filesystem {
        return Err(remote(format!(
            "repository {}: its filesystem {why}",
            status.name
        )));
    }
    if !status.failed.is_empty() {
        return Err(remote(format!("failed: {}", status.failed.join(", "))));
    }
    Ok(())
}

/// GET URL repeatedly until its status is one of --expect, or --timeout seconds pass.
#[derive(Debug, Args)]
pub struct Probe {
    /// The URL (plain HTTP)
    pub url: String,
    /// Accepted statuses, comma-separated
    #[arg(long, default_value = "200")]
    pub expect: String,
    /// Seconds to keep trying
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
}

impl Run for Probe {
    fn run(self, _g: &GlobalArgs, _p: &Printer) -> Result<()> {
        let expect: Vec<u16> = self
            .expect
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let rt = crate::runtime::get()?;
        rt.block_on(async {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(2))
                .no_proxy()
                .build()?;
            let deadline = Instant::now() + Duration::from_secs(self.timeout);
            loop {
                let last = match client.get(&self.url).send().await {
                    Ok(r) if expect.contains(&r.status().as_u16()) => {
                        crate::output::println(r.status().as_str())?;
                        return Ok(());
                    }
                    Ok(r) => format!("status {}", r.status()),
                    Err(e) => e.to_string(),
                };
                if Instant::now() >= deadline {
                    return Err(remote(format!(
                        "{} did not answer {} within {}s (last: {last})",
                        self.url, self.expect, self.timeout
                    )));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    }
}

/// Which repository of the machine (no secret needed).
#[derive(Debug, Args)]
pub struct RepoRef {
    /// The machine's install prefix
    #[arg(long, default_value = "/")]
    pub prefix: String,
    /// The repository's network id
    #[arg(long)]
    pub network_id: u32,
}

impl RepoRef {
    fn network_id(&self) -> Result<crate::contract::NetworkId> {
        crate::contract::NetworkId::new(self.network_id)
            .ok_or_else(|| crate::error::usage(format!("{} is not a network id", self.network_id)))
    }
}

#[derive(Debug, Subcommand)]
pub enum ProxyCmd {
    /// Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection
    Run {
        /// The Traefik binary
        #[arg(long, value_name = "PATH")]
        traefik: std::path::PathBuf,
        /// Traefik's static configuration
        #[arg(long, value_name = "PATH")]
        config: std::path::PathBuf,
        /// Environment for Traefik (KEY=value lines), read again at every start
        #[arg(long, value_name = "PATH")]
        env_file: Option<std::path::PathBuf>,
        /// The control socket
        #[arg(long, value_name = "PATH")]
        control: std::path::PathBuf,
        /// Start Traefik only once this URL answers 200 (the route server's routes), at most 30 s
        #[arg(long, value_name = "URL")]
        wait_for: Option<String>,
        /// Seconds a new Traefik may take to load the routes during a handover
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        ready_timeout: u64,
    },
    /// Ask the running supervisor to hand Traefik over to a new process (the unit's ExecReload)
    Handover {
        /// The supervisor's control socket
        #[arg(long, value_name = "PATH")]
        control: std::path::PathBuf,
        /// Seconds to wait for the answer
        #[arg(long, value_name = "SECS", default_value_t = 90)]
        timeout: u64,
    },
}

impl ProxyCmd {
    fn run(self) -> Result<()> {
        use crate::proxy::supervisor;
        match self {
            ProxyCmd::Run {
                traefik,
                config,
                env_file,
                control,
                wait_for,
                ready_timeout,
            } => {
                // One thread: the death signal Traefik gets with its supervisor is tied to the
                // thread that spawned it.
                let rt = crate::runtime::get()?;
                rt.block_on(supervisor::run(supervisor::Options {
                    traefik,
                    config,
                    env_file,
                    control,
                    wait_for,
                    ready_timeout: Duration::from_secs(ready_timeout),
                }))
            }
            ProxyCmd::Handover { control, timeout } => {
                let rt = crate::runtime::get()?;
                let answer = rt.block_on(supervisor::request(
                    &control,
                    "handover",
                    Duration::from_secs(timeout),
                ))?;
                crate::output::println(&answer)
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AutostartCmd {
    /// Mount, start the daemon, run prep() and up() of the repository in JOB_FILE
    Up {
        /// The job file (/var/lib/rediacc/autostart/<guid>.json)
        #[arg(value_name = "JOB_FILE")]
        job: std::path::PathBuf,
    },
    /// Run down(), stop the daemon and unmount the repository in JOB_FILE
    Down {
        /// The job file (/var/lib/rediacc/autostart/<guid>.json)
        #[arg(value_name = "JOB_FILE")]
        job: std::path::PathBuf,
    },
    /// Bring back every repository with autostart (the boot script)
    Boot {
        /// The machine's install prefix
        #[arg(long, default_value = "/")]
        prefix: String,
    },
}

impl AutostartCmd {
    fn run(self) -> Result<()> {
        use crate::repo::host::{self, autostart};
        match self {
            AutostartCmd::Up { job } => {
                let mut job = autostart::read_job(&job)?;
                job.mount = true;
                let _lock = host::lock(&job, "autostart up")?;
                host::up(&job).map(|_| ())
            }
            AutostartCmd::Down { job } => {
                let mut job = autostart::read_job(&job)?;
                job.unmount = true;
                let _lock = host::lock(&job, "autostart down")?;
                host::down(&job).map(|_| ())
            }
            AutostartCmd::Boot { prefix } => autostart::boot(&prefix),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::contract::call::Call;
    use crate::contract::host::Action;

    /// Every call the laptop makes (or writes into a unit) parses on the server's side.
    #[test]
    fn every_call_parses_as_the_server_reads_it() {
        let s = |v: &str| v.to_string();
        let calls = [
            Call::Version,
            Call::Probe {
                url: s("http://127.0.0.1:7111/health"),
                expect: s("200,503"),
                timeout_secs: 20,
            },
            Call::Repo(Action::Up),
            Call::Backup(crate::contract::backup::Op::Push),
            Call::Backup(crate::contract::backup::Op::Have),
            Call::Backup(crate::contract::backup::Op::Send),
            Call::Backup(crate::contract::backup::Op::Receive),
            Call::Backup(crate::contract::backup::Op::Adopt),
            Call::Backup(crate::contract::backup::Op::Sent),
            Call::Ps {
                prefix: s("/"),
                network_id: 2816,
            },
            Call::Logs {
                prefix: s("/"),
                network_id: 2816,
                service: Some(s("web")),
                follow: true,
                tail: Some(10),
            },
            Call::Exec {
                prefix: s("/"),
                network_id: 2816,
                service: s("web"),
                tty: true,
                cmd: vec![s("sh"), s("-c"), s("--tail x")],
            },
            Call::Term {
                prefix: s("/"),
                network_id: 2816,
                mount: s("/mnt/rediacc/mounts/g"),
                name: s("app"),
            },
            Call::Overview {
                prefix: s("/"),
                datastore: s("/mnt/rediacc"),
            },
            Call::Hosts { prefix: s("/p") },
            Call::Repos {
                prefix: s("/"),
                datastore: s("/mnt/rediacc"),
            },
            Call::ProxyRun {
                traefik: s("/t"),
                config: s("/c"),
                env_file: s("/e"),
                control: s("/s"),
                wait_for: s("http://127.0.0.1:7111/routes.yaml"),
            },
            Call::ProxyHandover { control: s("/s") },
            Call::AutostartUp { job: s("/j.json") },
            Call::AutostartDown { job: s("/j.json") },
            Call::AutostartBoot { prefix: s("/") },
        ];
        for c in calls {
            let argv = c.argv("/usr/local/bin/rdc");
            if let Err(e) = crate::cli::Cli::try_parse_from(&argv) {
                panic!("{argv:?} does not parse: {e}");
            }
        }
    }
}
