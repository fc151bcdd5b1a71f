//! The host protocol's calls: every `rdc host …` command line the laptop runs over SSH, and the
//! ones rdc writes into files on the server (systemd units, the autostart boot script), is a
//! variant of [`Call`]; [`Call::argv`] is the only place such a command line is spelled, and
//! [`Call::read`] turns the call's stdout into its typed [`Answer`]. The server side parses the
//! same words with clap (`cli/host.rs`); `tests` checks that every call parses there.
//! Versioned with [`super::host::PROTOCOL`]: a change to a call's words or answer bumps it.

use serde::{Deserialize, Serialize};

use super::backup::{Entry, Have, Op, Pulled, Pushed, Received};
use super::host::{LiveRepo, Overview, PsRow, ServerVersion, Status};

/// One `rdc host …` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// This rdc's version and protocol.
    Version,
    /// GET `url` until it answers one of `expect` (comma-separated statuses).
    Probe {
        url: String,
        expect: String,
        timeout_secs: u64,
    },
    /// A repository action; the job (JSON) on stdin, the status (JSON) on stdout.
    Repo(super::host::Action),
    /// A backup operation; the `BackupJob` (JSON) on stdin, its answer (JSON) on stdout.
    Backup(super::backup::Op),
    /// A repository's containers with their routes.
    Ps {
        prefix: String,
        network_id: u32,
    },
    /// A repository's logs, on stdout as they come.
    Logs {
        prefix: String,
        network_id: u32,
        service: Option<String>,
        follow: bool,
        tail: Option<u64>,
    },
    /// A command in a service's running container (the terminal passed through).
    Exec {
        prefix: String,
        network_id: u32,
        service: String,
        tty: bool,
        cmd: Vec<String>,
    },
    /// A shell whose `docker` talks to the repository's daemon.
    Term {
        prefix: String,
        network_id: u32,
        mount: String,
        name: String,
    },
    /// What `rdc context status` shows of the machine.
    Overview {
        prefix: String,
        datastore: String,
    },
    /// The hosts the machine's route server routes.
    Hosts {
        prefix: String,
    },
    /// The machine's repository images and what runs of them.
    Repos {
        prefix: String,
        datastore: String,
    },
    /// Traefik under rdc's supervisor (the proxy unit's ExecStart).
    ProxyRun {
        traefik: String,
        config: String,
        env_file: String,
        control: String,
        wait_for: String,
    },
    /// A handover to a new Traefik (the proxy unit's ExecReload).
    ProxyHandover {
        control: String,
    },
    /// One repository with autostart, up or down from its job file (its unit's ExecStart/Stop).
    AutostartUp {
        job: String,
    },
    AutostartDown {
        job: String,
    },
    /// Every repository with autostart, at boot (the boot script).
    AutostartBoot {
        prefix: String,
    },
}

/// What a call answers on stdout, typed.
#[derive(Debug, Clone)]
pub enum Answer {
    Version(ServerVersion),
    Status(Box<Status>),
    Ps(Vec<PsRow>),
    Overview(Box<Overview>),
    Hosts(Hosts),
    Repos(Vec<LiveRepo>),
    Pushed(Box<Pushed>),
    Pulled(Pulled),
    Backups(Vec<Entry>),
    Have(Have),
    Received(Received),
    /// Calls whose output is not data (logs, exec, term, probe, proxy, autostart).
    Text,
}

/// `rdc host hosts`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hosts {
    /// Whether the route server answered (else `hosts` is empty and says nothing).
    pub answered: bool,
    pub hosts: Vec<String>,
}

impl Call {
    /// The command's words after the rdc binary.
    pub fn args(&self) -> Vec<String> {
        let mut v: Vec<String> = vec!["host".into()];
        let mut push = |words: &[&str]| v.extend(words.iter().map(|w| w.to_string()));
        match self {
            Call::Version => push(&["version"]),
            Call::Probe {
                url,
                expect,
                timeout_secs,
            } => push(&[
                "probe",
                "--timeout",
                &timeout_secs.to_string(),
                "--expect",
                expect,
                url,
            ]),
            Call::Repo(action) => push(&["repo", action.as_str()]),
            Call::Backup(op) => push(&["backup", op.as_str()]),
            Call::Ps { prefix, network_id } => push(&[
                "ps",
                "--prefix",
                prefix,
                "--network-id",
                &network_id.to_string(),
            ]),
            Call::Logs {
                prefix,
                network_id,
                service,
                follow,
                tail,
            } => {
                push(&[
                    "logs",
                    "--prefix",
                    prefix,
                    "--network-id",
                    &network_id.to_string(),
                ]);
                if let Some(s) = service {
                    push(&["--service", s]);
                }
                if *follow {
                    push(&["--follow"]);
                }
                if let Some(n) = tail {
                    push(&["--tail", &n.to_string()]);
                }
            }
            Call::Exec {
                prefix,
                network_id,
                service,
                tty,
                cmd,
            } => {
                push(&[
                    "exec",
                    "--prefix",
                    prefix,
                    "--network-id",
                    &network_id.to_string(),
                ]);
                if *tty {
                    push(&["--tty"]);
                }
                push(&[service, "--"]);
                v.extend(cmd.iter().cloned());
            }
            Call::Term {
                prefix,
                network_id,
                mount,
                name,
            } => push(&[
                "term",
                "--prefix",
                prefix,
                "--network-id",
                &network_id.to_string(),
                "--mount",
                mount,
                "--name",
                name,
            ]),
            Call::Overview { prefix, datastore } => {
                push(&["overview", "--prefix", prefix, "--datastore", datastore])
            }
            Call::Hosts { prefix } => push(&["hosts", "--prefix", prefix]),
            Call::Repos { prefix, datastore } => {
                push(&["repos", "--prefix", prefix, "--datastore", datastore])
            }
            Call::ProxyRun {
                traefik,
                config,
                env_file,
                control,
                wait_for,
            } => push(&[
                "proxy",
                "run",
                "--traefik",
                traefik,
                "--config",
                config,
                "--env-file",
                env_file,
                "--control",
                control,
                "--wait-for",
                wait_for,
            ]),
            Call::ProxyHandover { control } => push(&["proxy", "handover", "--control", control]),
            Call::AutostartUp { job } => push(&["autostart", "up", job]),
            Call::AutostartDown { job } => push(&["autostart", "down", job]),
            Call::AutostartBoot { prefix } => push(&["autostart", "boot", "--prefix", prefix]),
        }
        v
    }

    /// The whole command line, with the server's rdc binary first.
    pub fn argv(&self, rdc: &str) -> Vec<String> {
        let mut v = vec![rdc.to_string()];
        v.extend(self.args());
        v
    }

    /// `rdc host SUBCOMMAND`, for messages.
    pub fn name(&self) -> String {
        let a = self.args();
        let n = match a.get(1).map(String::as_str) {
            Some("proxy" | "autostart" | "repo" | "backup") => 3,
            _ => 2,
        };
        format!("rdc {}", a[..n.min(a.len())].join(" "))
    }

    /// The call's stdout, typed (an answer that does not parse is an error naming the call).
    pub fn read(&self, stdout: &[u8]) -> Result<Answer, String> {
        fn parse<T: serde::de::DeserializeOwned>(c: &Call, b: &[u8]) -> Result<T, String> {
            serde_json::from_slice(b)
                .map_err(|e| format!("unreadable answer from {}: {e}", c.name()))
        }
        Ok(match self {
            Call::Version => Answer::Version(parse(self, stdout)?),
            Call::Repo(_) => Answer::Status(Box::new(parse(self, stdout)?)),
            Call::Ps { .. } => Answer::Ps(parse(self, stdout)?),
            Call::Overview { .. } => Answer::Overview(Box::new(parse(self, stdout)?)),
            Call::Hosts { .. } => Answer::Hosts(parse(self, stdout)?),
            Call::Repos { .. } => Answer::Repos(parse(self, stdout)?),
            Call::Backup(Op::Push) => Answer::Pushed(Box::new(parse(self, stdout)?)),
            Call::Backup(Op::Pull) => Answer::Pulled(parse(self, stdout)?),
            Call::Backup(Op::List) => Answer::Backups(parse(self, stdout)?),
            Call::Backup(Op::Have) => Answer::Have(parse(self, stdout)?),
            Call::Backup(Op::Receive) => Answer::Received(parse(self, stdout)?),
            _ => Answer::Text,
        })
    }
}

/// An answer of the expected kind, or an error naming what came instead (a programming error:
/// [`Call::read`] pairs each call with its answer).
macro_rules! answer_into {
    ($variant:ident, $ty:ty, $conv:expr) => {
        impl TryFrom<Answer> for $ty {
            type Error = String;
            fn try_from(a: Answer) -> Result<$ty, String> {
                match a {
                    Answer::$variant(v) => Ok($conv(v)),
                    other => Err(format!(
                        "expected a {} answer, got {other:?}",
                        stringify!($variant)
                    )),
                }
            }
        }
    };
}
answer_into!(Version, ServerVersion, |v| v);
answer_into!(Status, Status, |v: Box<Status>| *v);
answer_into!(Ps, Vec<PsRow>, |v| v);
answer_into!(Overview, Overview, |v: Box<Overview>| *v);
answer_into!(Hosts, Hosts, |v| v);
answer_into!(Repos, Vec<LiveRepo>, |v| v);
answer_into!(Pushed, Pushed, |v: Box<Pushed>| *v);
answer_into!(Pulled, Pulled, |v| v);
answer_into!(Backups, Vec<Entry>, |v| v);
answer_into!(Have, Have, |v| v);
answer_into!(Received, Received, |v| v);

impl TryFrom<Answer> for () {
    type Error = String;
    fn try_from(_: Answer) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_call_reads_its_own_answer() {
        let hosts = Call::Hosts { prefix: "/".into() };
        let a = hosts
            .read(br#"{"answered":true,"hosts":["a.example.com"]}"#)
            .unwrap();
        let h: Hosts = a.try_into().unwrap();
        assert_eq!(h.hosts, ["a.example.com"]);
        let e = hosts.read(b"<html>").unwrap_err();
        assert!(e.contains("unreadable answer from rdc host hosts"), "{e}");
        let v = Call::Version
            .read(br#"{"version":"0.1.0","protocol":3}"#)
            .unwrap();
        assert!(Hosts::try_from(v).is_err());
    }

    #[test]
    fn names_say_the_subcommand() {
        assert_eq!(Call::Version.name(), "rdc host version");
        assert_eq!(
            Call::Repo(crate::contract::host::Action::Up).name(),
            "rdc host repo up"
        );
        assert_eq!(
            Call::ProxyHandover {
                control: "/c".into()
            }
            .name(),
            "rdc host proxy handover"
        );
    }
}
