//! Interrupted commands leave nothing: `rdc repo logs -f`, `exec` and `term`, ended with SIGINT
//! or SIGTERM, leave no process on the server (no sshd session, no `rdc host …`, no process of
//! the exec in the container) and no SSH master or control directory on the laptop; an rdc
//! killed outright (SIGKILL) leaves a master behind, which the next rdc removes.
//! Real sshd, dockerd and btrfs; the laptop and the server are this machine.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{ServerCleanup, busybox_tar, descendants, rdc_bin, wait_for};
use crate::repo::{docker, machine, write};

/// The control directories (`/tmp/rdc-ssh-*`) whose owner file names `pid`.
fn control_dirs_of(pid: u32) -> Vec<PathBuf> {
    std::fs::read_dir("/tmp")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("rdc-ssh-")
        })
        .filter(|p| {
            std::fs::read_to_string(p.join("owner"))
                .is_ok_and(|t| t.split_whitespace().next() == Some(&pid.to_string()))
        })
        .collect()
}

/// Processes whose command line mentions `needle` (for `sleep N`: whose command line is it, so
/// that the laptop's `rdc repo exec … -- sleep N` does not count).
fn processes_with(needle: &str) -> Vec<String> {
    crate::common::all_cmdlines()
        .into_iter()
        .filter(|c| {
            if needle.starts_with("sleep ") {
                c.trim_end() == needle
            } else {
                c.contains(needle)
            }
        })
        .collect()
}

fn spawn_rdc(env: &crate::common::Env, args: &[&str]) -> Child {
    Command::new(rdc_bin())
        .env("RDC_CONFIG", env.config())
        .env("NO_COLOR", "1")
        .args(args)
        // Kept open: `term` would end at once on end of input.
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_exit(child: &mut Child, what: &str) -> Option<i32> {
    wait_for(what, Duration::from_secs(20), || child.try_wait().unwrap()).code()
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_traefik
    ),
    ignore = "requires sshd, dockerd, btrfs-progs and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn interrupted_commands_leave_nothing() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let dir = write(
        &env.path().join("quiet"),
        &[("Rediaccfile", "up() { :; }\n")],
    );
    env.rdc(&[
        "repo",
        "create",
        "quiet",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        dir.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "quiet", "--mount"]).ok();
    docker(
        &m.server,
        2816,
        &[
            "import",
            busybox_tar().to_str().unwrap(),
            "rdc-test/busybox:1",
        ],
    );
    // A service that writes no logs.
    docker(
        &m.server,
        2816,
        &[
            "run",
            "-d",
            "--network",
            "host",
            "--name",
            "quiet",
            "-l",
            "rediacc.service_name=quiet",
            "rdc-test/busybox:1",
            "/bin/sleep",
            "3600",
        ],
    );
    let sshd = m.sshd.pid();

    let cases: [(&[&str], &str, i32); 6] = [
        (
            &["repo", "logs", "quiet", "quiet", "-f"],
            "host logs",
            libc::SIGINT,
        ),
        (
            &["repo", "logs", "quiet", "quiet", "-f"],
            "host logs",
            libc::SIGTERM,
        ),
        (
            &["repo", "exec", "quiet", "quiet", "--", "sleep", "7777"],
            "sleep 7777",
            libc::SIGINT,
        ),
        (
            &["repo", "exec", "quiet", "quiet", "--", "sleep", "7778"],
            "sleep 7778",
            libc::SIGTERM,
        ),
        (
            &["repo", "term", "quiet"],
            "REPOSITORY_NAME=quiet",
            libc::SIGINT,
        ),
        (
            &["repo", "term", "quiet"],
            "REPOSITORY_NAME=quiet",
            libc::SIGTERM,
        ),
    ];
    for (args, marker, sig) in cases {
        let what = format!("{} with signal {sig}", args.join(" "));
        let mut child = spawn_rdc(env, args);
        // Running on the server: its command (or, for term, a shell of the repository).
        wait_for(
            &format!("{what}: running on the server"),
            Duration::from_secs(20),
            || {
                let up = if marker.starts_with("REPOSITORY_NAME") {
                    descendants(sshd).iter().any(|p| {
                        std::fs::read(format!("/proc/{p}/environ"))
                            .is_ok_and(|e| String::from_utf8_lossy(&e).contains(marker))
                    })
                } else {
                    !processes_with(marker).is_empty()
                };
                up.then_some(())
            },
        );
        let dirs = control_dirs_of(child.id());
        assert!(
            !dirs.is_empty(),
            "{what}: no control directory with an owner file"
        );
        unsafe {
            libc::kill(child.id() as i32, sig);
        }
        let code = wait_exit(&mut child, &format!("{what}: rdc exits"));
        assert_eq!(code, Some(128 + sig), "{what}: exit code");
        for d in &dirs {
            assert!(!d.exists(), "{what}: {} is left", d.display());
            let d = d.to_string_lossy().to_string();
            assert!(
                processes_with(&d).is_empty(),
                "{what}: its SSH master is left: {:?}",
                processes_with(&d)
            );
        }
        wait_for(
            &format!("{what}: nothing left on the server"),
            Duration::from_secs(15),
            || {
                (descendants(sshd).is_empty()
                    && (marker.starts_with("REPOSITORY_NAME") || processes_with(marker).is_empty()))
                .then_some(())
            },
        );
    }

    // Killed outright: the master stays, until the next rdc removes it with its directory.
    let mut child = spawn_rdc(env, &["repo", "logs", "quiet", "quiet", "-f"]);
    wait_for("logs -f running", Duration::from_secs(20), || {
        (!processes_with("host logs").is_empty()).then_some(())
    });
    let dirs = control_dirs_of(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    let left = dirs[0].to_string_lossy().to_string();
    assert!(
        !processes_with(&left).is_empty(),
        "SIGKILL: the master did not stay (nothing to test)"
    );
    env.rdc(&["repo", "ps", "quiet"]).ok();
    assert!(!dirs[0].exists(), "the next rdc did not remove {left}");
    assert!(
        processes_with(&left).is_empty(),
        "the next rdc did not end the master of {left}"
    );
    wait_for(
        "the killed rdc's command ends on the server",
        Duration::from_secs(15),
        || (descendants(sshd).is_empty() && processes_with("host logs").is_empty()).then_some(()),
    );
    env.rdc(&["repo", "down", "quiet", "--unmount"]).ok();
}
