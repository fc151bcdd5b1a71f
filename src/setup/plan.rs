//! What a machine needs before rdc can run repositories there, as a checklist: pure, from what
//! the probe script reported (`Probe::parse`), so every rule is unit-tested.
//!
//! Fixable by setup-machine: the packages (Debian/Ubuntu: docker.io unless a Docker engine is
//! there, docker-compose unless `docker compose` works, btrfs-progs, cryptsetup, rclone) and the
//! datastore (a directory, or with `--datastore-size` a btrfs loop image mounted there and listed
//! in fstab). Checked only (the kernel or the host decides): btrfs support, device-mapper (LUKS
//! repositories), IPv6, systemd as PID 1.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::usage;

/// What the probe reported, `key=value` per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Probe(BTreeMap<String, String>);

impl Probe {
    pub(crate) fn parse(text: &str) -> Probe {
        Probe(
            text.lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect(),
        )
    }
    /// The machine's local addresses and prefixes (None: it could not say).
    pub(crate) fn local(&self) -> Option<Vec<String>> {
        self.0
            .get("local")
            .map(|v| v.split_whitespace().map(str::to_string).collect())
    }
    fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
    fn yes(&self, k: &str) -> bool {
        self.get(k) == "yes"
    }
}

/// `--datastore-size`: a share of the free space, or a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Percent(u8),
    Bytes(u64),
}

impl std::str::FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Size, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "--datastore-size {s:?} is not a size; give a share of the free space (95%) or a size (500G, 2T)"
            )
        };
        if let Some(p) = t.strip_suffix('%') {
            return match p.trim().parse::<u8>() {
                Ok(n) if (1..=99).contains(&n) => Ok(Size::Percent(n)),
                _ => Err(bad()),
            };
        }
        let (num, mult) = match t.chars().last() {
            Some('M' | 'm') => (&t[..t.len() - 1], 1u64 << 20),
            Some('G' | 'g') => (&t[..t.len() - 1], 1 << 30),
            Some('T' | 't') => (&t[..t.len() - 1], 1 << 40),
            _ => return Err(bad()),
        };
        let n: u64 = num.parse().map_err(|_| bad())?;
        let b = n.saturating_mul(mult);
        if b < 128 << 20 {
            return Err(format!(
                "--datastore-size {s}: a btrfs datastore needs at least 128M"
            ));
        }
        Ok(Size::Bytes(b))
    }
}

/// One thing to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fix", rename_all = "kebab-case")]
pub(crate) enum Fix {
    Install {
        packages: Vec<String>,
    },
    CreateDir {
        path: String,
    },
    LoopImage {
        image: String,
        mount: String,
        bytes: u64,
    },
}

/// A line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Item {
    pub what: String,
    /// `ready`, `will fix`, or `not ready`.
    pub state: &'static str,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Item {
    fn ready(what: &str, detail: impl Into<String>) -> Item {
        Item {
            what: what.into(),
            state: "ready",
            detail: detail.into(),
            fix: None,
        }
    }
    fn not_ready(what: &str, detail: impl Into<String>) -> Item {
        Item {
            what: what.into(),
            state: "not ready",
            detail: detail.into(),
            fix: None,
        }
    }
    fn will(what: &str, detail: impl Into<String>, fix: Fix) -> Item {
        Item {
            what: what.into(),
            state: "will fix",
            detail: detail.into(),
            fix: Some(fix),
        }
    }
}

/// Where things are, for the plan.
pub(crate) struct Where<'a> {
    /// `<prefix><datastore>`.
    pub datastore: &'a str,
    /// The loop image for `--datastore-size`.
    pub image: &'a str,
}

/// The checklist for what `probe` found.
pub(crate) fn checklist(
    machine: &str,
    probe: &Probe,
    at: &Where,
    size: Option<Size>,
) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    let debian = matches!(probe.get("os_id"), "debian" | "ubuntu")
        || probe
            .get("os_like")
            .split_whitespace()
            .any(|l| l == "debian");
    let os = format!("{} {}", probe.get("os_id"), probe.get("os_version"));
    let mut missing: Vec<(&str, &str)> = Vec::new();
    if !probe.yes("cmd.dockerd") {
        missing.push(("Docker engine (dockerd)", "docker.io"));
    }
    if !probe.yes("cmd.docker-compose") && !probe.yes("compose_plugin") {
        missing.push(("docker-compose", "docker-compose"));
    }
    if !probe.yes("cmd.mkfs.btrfs") {
        missing.push(("btrfs-progs (mkfs.btrfs)", "btrfs-progs"));
    }
    if !probe.yes("cmd.cryptsetup") {
        missing.push(("cryptsetup", "cryptsetup"));
    }
    if !probe.yes("cmd.rclone") {
        missing.push(("rclone (backups)", "rclone"));
    }
    if missing.is_empty() {
        items.push(Item::ready(
            "packages",
            "docker, docker-compose, btrfs-progs, cryptsetup, rclone",
        ));
    } else if debian && probe.yes("apt") {
        items.push(Item::will(
            "packages",
            format!(
                "missing {}; apt-get install {}",
                missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", "),
                missing.iter().map(|m| m.1).collect::<Vec<_>>().join(" ")
            ),
            Fix::Install {
                packages: missing.iter().map(|m| m.1.to_string()).collect(),
            },
        ));
    } else {
        items.push(Item::not_ready(
            "packages",
            format!(
                "missing {}; {machine} runs {os}, not Debian or Ubuntu with apt-get: install them with its package manager",
                missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let ds = at.datastore;
    match (probe.get("datastore"), size) {
        ("other", _) => {
            return Err(usage(format!(
                "{machine}: {ds} exists and is not a directory; move it away, or choose another datastore with: rdc context set-machine {machine} --datastore DIR"
            )));
        }
        ("mounted", _) => items.push(Item::ready(
            "datastore",
            format!("{ds} (a mounted file system)"),
        )),
        ("dir", None) => items.push(Item::ready("datastore", format!("{ds} (a directory)"))),
        ("dir", Some(_)) if probe.get("datastore_empty") != "yes" => {
            return Err(usage(format!(
                "{machine}: {ds} already holds files; a loop image cannot be mounted over them. Run setup-machine without --datastore-size to keep the directory, or move its contents away first"
            )));
        }
        (_, None) => items.push(Item::will(
            "datastore",
            format!("create the directory {ds}"),
            Fix::CreateDir {
                path: ds.to_string(),
            },
        )),
        (_, Some(sz)) => {
            let free = probe.get("free_kb").parse::<u64>().unwrap_or(0) * 1024;
            let bytes = match sz {
                Size::Bytes(b) => b,
                Size::Percent(p) => free / 100 * u64::from(p),
            };
            if bytes < 128 << 20 {
                return Err(usage(format!(
                    "{machine}: {} of free space is too little for a btrfs datastore (needs 128M); free some space or give --datastore-size SIZE",
                    human(free)
                )));
            }
            if bytes > free {
                return Err(usage(format!(
                    "{machine}: --datastore-size {} is more than the {} free where the image would live ({}); give a smaller size",
                    human(bytes),
                    human(free),
                    at.image
                )));
            }
            items.push(Item::will(
                "datastore",
                format!(
                    "a {} btrfs image at {}, mounted on {ds} (and in fstab)",
                    human(bytes),
                    at.image
                ),
                Fix::LoopImage {
                    image: at.image.to_string(),
                    mount: ds.to_string(),
                    bytes,
                },
            ));
        }
    }
    items.push(if probe.yes("fs.btrfs") || probe.yes("fs.btrfs_module") {
        Item::ready("btrfs", "the kernel mounts btrfs (repository images)")
    } else {
        Item::not_ready(
            "btrfs",
            "the kernel has no btrfs support; repositories cannot be created here",
        )
    });
    items.push(if probe.yes("dm") {
        Item::ready("device-mapper", "LUKS-encrypted repositories can be opened")
    } else {
        Item::not_ready(
            "device-mapper",
            "no /dev/mapper/control (load dm_mod): encrypted repositories cannot be opened; create them with --no-encrypt, or enable device-mapper",
        )
    });
    items.push(isolation(probe, machine));
    items.push(if probe.yes("ipv6") {
        Item::ready("IPv6", "enabled")
    } else {
        Item::not_ready(
            "IPv6",
            "disabled: --public-ipv6 and the IPv6 entrypoints cannot be used here",
        )
    });
    items.push(if probe.yes("systemd") {
        Item::ready("systemd", "PID 1: push-infra installs and restarts the units")
    } else {
        Item::not_ready(
            "systemd",
            format!("not PID 1: push-infra can only install files; use rdc context set-machine {machine} --service-manager none and start the services yourself"),
        )
    });
    Ok(items)
}

/// Network isolation of repositories (docs/isolation.md): Linux ≥ 6.1, cgroup v2 mounted, cgroup
/// BPF in the kernel (when its configuration can be read; `repo up` checks for real by loading a
/// program).
fn isolation(probe: &Probe, machine: &str) -> Item {
    const WHAT: &str = "network isolation";
    let kernel = probe.get("kernel");
    let version: Vec<u32> = kernel
        .split(|c: char| !c.is_ascii_digit())
        .take(2)
        .filter_map(|n| n.parse().ok())
        .collect();
    let old = match version.as_slice() {
        [major, minor] => (*major, *minor) < (6, 1),
        _ => false,
    };
    let fix = format!(
        "rdc repo up refuses to start repositories here unless --no-isolation (containers could reach every loopback address of {machine}); upgrade to a kernel ≥ 6.1 with cgroup v2 (Debian 12, Ubuntu 22.04+)"
    );
    if old {
        Item::not_ready(WHAT, format!("kernel {kernel} is older than 6.1: {fix}"))
    } else if probe.get("cgroup2").is_empty() {
        Item::not_ready(WHAT, format!("no cgroup v2 hierarchy is mounted: {fix}"))
    } else if probe.get("cgroup_bpf") == "no" {
        Item::not_ready(
            WHAT,
            format!("the kernel is built without CONFIG_CGROUP_BPF: {fix}"),
        )
    } else {
        Item::ready(
            WHAT,
            format!(
                "kernel {kernel}, cgroup v2 at {}: repositories get their own network",
                probe.get("cgroup2")
            ),
        )
    }
}

/// `1.5G`-style.
pub(crate) fn human(b: u64) -> String {
    match b {
        0 => "0 B".into(),
        b if b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b => indicatif::HumanBytes(b).to_string(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_local_addresses_come_from_the_probe() {
        let p = Probe::parse("kernel=6.1\nlocal=127.0.0.0/8 127.0.0.1 10.0.0.5 ::1 \n");
        assert_eq!(
            p.local().unwrap(),
            ["127.0.0.0/8", "127.0.0.1", "10.0.0.5", "::1"]
        );
        assert!(
            Probe::parse("kernel=6.1\n").local().is_none(),
            "no iproute2: not known"
        );
    }

    use super::*;

    const AT: Where = Where {
        datastore: "/mnt/rediacc",
        image: "/var/lib/rediacc/datastore.img",
    };

    fn probe(s: &str) -> Probe {
        Probe::parse(s)
    }

    const READY: &str = "os_id=debian\nos_version=12\napt=yes\ncmd.dockerd=yes\ncmd.docker-compose=yes\ncmd.mkfs.btrfs=yes\ncmd.cryptsetup=yes\ncmd.rclone=yes\ndatastore=dir\nfs.btrfs=yes\ndm=yes\nipv6=yes\nsystemd=yes\nfree_kb=104857600\nkernel=6.1.0-28-amd64\ncgroup2=/sys/fs/cgroup\ncgroup_bpf=yes\n";

    #[test]
    fn a_ready_machine_needs_nothing() {
        let items = checklist("s1", &probe(READY), &AT, None).unwrap();
        assert!(items.iter().all(|i| i.state == "ready"), "{items:#?}");
    }

    #[test]
    fn missing_packages_and_datastore_are_planned() {
        let p = probe(
            &READY
                .replace("cmd.cryptsetup=yes", "")
                .replace("cmd.docker-compose=yes", "compose_plugin=yes")
                .replace("datastore=dir", "datastore=missing"),
        );
        let items = checklist("s1", &p, &AT, None).unwrap();
        assert_eq!(
            items[0].fix,
            Some(Fix::Install {
                packages: vec!["cryptsetup".into()]
            })
        );
        assert_eq!(
            items[1].fix,
            Some(Fix::CreateDir {
                path: "/mnt/rediacc".into()
            })
        );
        let items = checklist("s1", &p, &AT, Some(Size::Percent(95))).unwrap();
        match &items[1].fix {
            Some(Fix::LoopImage { bytes, .. }) => {
                assert_eq!(*bytes, 104857600u64 * 1024 / 100 * 95)
            }
            f => panic!("{f:?}"),
        }
    }

    #[test]
    fn what_cannot_be_fixed_says_why_and_what_to_do() {
        let p = probe(
            &READY
                .replace("os_id=debian", "os_id=alpine")
                .replace("apt=yes", "")
                .replace("cmd.dockerd=yes", "")
                .replace("dm=yes", "")
                .replace("systemd=yes", ""),
        );
        let items = checklist("s1", &p, &AT, None).unwrap();
        assert_eq!(items[0].state, "not ready");
        assert!(items[0].detail.contains("not Debian or Ubuntu"));
        let dm = items.iter().find(|i| i.what == "device-mapper").unwrap();
        assert!(dm.detail.contains("--no-encrypt"));
        let sd = items.iter().find(|i| i.what == "systemd").unwrap();
        assert!(sd.detail.contains("--service-manager none"));
    }

    #[test]
    fn isolation_needs_a_recent_kernel_with_cgroup_v2_and_cgroup_bpf() {
        let item = |p: &str| {
            checklist("s1", &probe(p), &AT, None)
                .unwrap()
                .into_iter()
                .find(|i| i.what == "network isolation")
                .unwrap()
        };
        assert_eq!(item(READY).state, "ready");
        let old = item(&READY.replace("kernel=6.1.0-28-amd64", "kernel=5.15.0-91-generic"));
        assert_eq!(old.state, "not ready");
        assert!(old.detail.contains("older than 6.1") && old.detail.contains("--no-isolation"));
        let v1 = item(&READY.replace("cgroup2=/sys/fs/cgroup\n", ""));
        assert!(v1.detail.contains("no cgroup v2"), "{}", v1.detail);
        let nobpf = item(&READY.replace("cgroup_bpf=yes", "cgroup_bpf=no"));
        assert!(nobpf.detail.contains("CONFIG_CGROUP_BPF"));
    }

    #[test]
    fn sizes_are_checked() {
        assert_eq!("95%".parse::<Size>(), Ok(Size::Percent(95)));
        assert_eq!("2G".parse::<Size>(), Ok(Size::Bytes(2 << 30)));
        for bad in ["0%", "100%", "12", "lots", "1M"] {
            assert!(bad.parse::<Size>().is_err(), "{bad}");
        }
        let p = probe(
            &READY
                .replace("datastore=dir", "datastore=missing")
                .replace("free_kb=104857600", "free_kb=1024"),
        );
        let e = checklist("s1", &p, &AT, Some(Size::Bytes(1 << 30)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than"), "{e}");
        let p = probe(&READY.replace("datastore=dir", "datastore=dir\ndatastore_empty=no"));
        let e = checklist("s1", &p, &AT, Some(Size::Percent(50)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("already holds files"), "{e}");
    }
}
