//! The edges of a repository's life on a real server (sshd, dockerd, btrfs on a loop device):
//! stopping always finishes, pid files are never trusted blindly, a create cut half-way leaves
//! nothing, orphans are found and removed, delete removes everything and frees the network id,
//! and nothing is written through a symlink inside a repository.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{ServerCleanup, busybox_tar, is_mounted, wait_for};
use crate::repo::{docker, machine, write};

fn alive(pid: i32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // A zombie is gone for our purposes.
    !stat.is_empty()
        && !stat
            .rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
}

fn guid_of(env: &crate::common::Env, name: &str) -> String {
    let cfg: toml::Value = toml::from_str(&env.read_config()).unwrap();
    cfg["contexts"]["t"]["repos"][name]["guid"]
        .as_str()
        .unwrap()
        .to_string()
}

fn mounts_under(dir: &Path) -> Vec<String> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    info.lines()
        .filter_map(|l| l.split_whitespace().nth(4))
        .filter(|m| Path::new(m).starts_with(dir))
        .map(str::to_string)
        .collect()
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
fn stopping_always_finishes_and_pid_files_are_checked() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let dir = write(
        &env.path().join("hang"),
        &[("Rediaccfile", "up() { :; }\n")],
    );
    env.rdc(&[
        "repo",
        "create",
        "hang",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        dir.to_str().unwrap(),
    ])
    .ok();
    let mount = m
        .server
        .join(format!("mnt/rediacc/mounts/{}", guid_of(env, "hang")));
    env.rdc(&["repo", "up", "hang", "--mount"]).ok();
    docker(
        &m.server,
        2816,
        &[
            "import",
            busybox_tar().to_str().unwrap(),
            "rdc-test/busybox:1",
        ],
    );
    let run_stubborn = || {
        let id = docker(
            &m.server,
            2816,
            &[
                "run",
                "-d",
                "--network",
                "host",
                "--stop-timeout",
                "3600",
                "rdc-test/busybox:1",
                "sh",
                "-c",
                "trap '' TERM; while :; do sleep 1; done",
            ],
        );
        assert!(!id.is_empty(), "the container did not start");
        let pid: i32 = docker(&m.server, 2816, &["inspect", "-f", "{{.State.Pid}}", &id])
            .parse()
            .unwrap();
        assert!(alive(pid));
        pid
    };

    // A container that ignores SIGTERM and asks for an hour of grace is gone within --timeout.
    let pid = run_stubborn();
    let t = Instant::now();
    env.rdc(&["repo", "down", "hang", "--unmount", "--timeout", "3"])
        .ok();
    let took = t.elapsed();
    assert!(took < Duration::from_secs(30), "down took {took:?}");
    assert!(!alive(pid), "the container outlived down --unmount");
    assert!(!is_mounted(&mount));
    let left = mounts_under(&m.server);
    assert!(left.is_empty(), "still mounted: {left:?}");
    eprintln!("down --unmount with a SIGTERM-ignoring container: {took:?}");

    // The next up is quick (no daemon waiting on orphaned containers).
    let t = Instant::now();
    env.rdc(&["repo", "up", "hang", "--mount"]).ok();
    let took = t.elapsed();
    // Before the fix it waited 60 s on the orphaned containers; the bound tells that apart on a
    // busy machine too.
    assert!(took < Duration::from_secs(30), "up took {took:?}");
    eprintln!("up --mount after that: {took:?}");

    // After kill -9 of the daemon, down --unmount still finishes and leaves nothing running.
    let pid = run_stubborn();
    let run = m.server.join("var/run/rediacc");
    let dockerd: i32 = std::fs::read_to_string(run.join("docker-2816.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let containerd: i32 = std::fs::read_to_string(run.join("x-2816/containerd/containerd.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    unsafe {
        libc::kill(dockerd, libc::SIGKILL);
    }
    wait_for("dockerd to die", Duration::from_secs(10), || {
        (!alive(dockerd)).then_some(())
    });
    env.rdc(&["repo", "down", "hang", "--unmount", "--timeout", "3"])
        .ok()
        .stderr_has("killed");
    assert!(!alive(pid), "the container outlived its killed daemon");
    assert!(
        !alive(containerd),
        "the daemon's containerd is still running"
    );
    assert!(!is_mounted(&mount));
    assert!(mounts_under(&m.server).is_empty());

    // A stale pid file naming another process: that process is left alone.
    let mut other = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    std::fs::write(run.join("docker-2816.pid"), format!("{}\n", other.id())).unwrap();
    env.rdc(&["repo", "down", "hang", "--unmount"])
        .ok()
        .stderr_has("which is not this repository's dockerd; leaving it alone");
    assert!(
        alive(other.id() as i32),
        "an unrelated process was signalled"
    );
    other.kill().unwrap();
    other.wait().unwrap();
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
fn a_cut_create_leaves_nothing_and_orphans_are_found_and_removed() {
    use std::io::BufRead;
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let repos = m.server.join("mnt/rediacc/repositories");

    // Many files, so that the server is still writing them when the connection goes.
    let many = env.path().join("many");
    for i in 0..3000 {
        let d = many.join(format!("d{}", i % 30));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(format!("f{i}")), format!("{i}\n")).unwrap();
    }
    let mut child = env
        .cmd()
        .args([
            "repo",
            "create",
            "cut",
            "-m",
            "m",
            "--size",
            "300M",
            "--no-encrypt",
            "--from",
            many.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut l = String::new();
        if err.read_line(&mut l).unwrap() == 0 {
            panic!("create ended before mounting:\n{seen}");
        }
        seen.push_str(&l);
        if l.contains("mounting") {
            break;
        }
    }
    m.sshd.kill_sessions();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let st = child.wait().unwrap();
    assert!(
        !st.success(),
        "create succeeded after its connection was cut"
    );
    assert!(
        !env.read_config().contains("[contexts.t.repos.cut]"),
        "the laptop kept a repository that failed"
    );
    // The server side notices, and removes what it made.
    wait_for(
        "the server to undo the cut create",
        Duration::from_secs(90),
        || {
            let imgs = std::fs::read_dir(&repos)
                .map(|rd| {
                    rd.flatten()
                        .filter(|e| e.file_name().to_string_lossy().ends_with(".img"))
                        .count()
                })
                .unwrap_or(0);
            (imgs == 0 && mounts_under(&m.server).is_empty()).then_some(())
        },
    );
    let live = env
        .rdc(&["repo", "list", "--live", "-o", "json"])
        .ok()
        .json();
    assert_eq!(live, serde_json::json!([]), "{live}");

    // An image another laptop made is an orphan here; it is listed, then removed by GUID.
    let before = env.read_config();
    env.rdc(&[
        "repo",
        "create",
        "theirs",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
    ])
    .ok();
    let guid = guid_of(env, "theirs");
    std::fs::write(env.config(), &before).unwrap();
    let live = env.rdc(&["repo", "list", "--live", "-o", "json"]).ok();
    let rows = live.json();
    assert_eq!(rows[0]["state"], "orphan", "{rows}");
    assert_eq!(rows[0]["name"], "theirs");
    assert_eq!(rows[0]["guid"], guid.as_str());
    assert!(
        live.stderr
            .contains(&format!("rdc repo delete --orphan {guid} -m m")),
        "{}",
        live.stderr
    );
    env.rdc(&["repo", "delete", "--orphan", &guid, "-m", "m"])
        .code(7);
    assert!(repos.join(format!("{guid}.img")).exists());
    env.rdc(&["repo", "delete", "--orphan", &guid, "-m", "m", "--yes"])
        .ok();
    assert!(!repos.join(format!("{guid}.img")).exists());
    assert!(!repos.join(format!("{guid}.json")).exists());
    let live = env
        .rdc(&["repo", "list", "--live", "-o", "json"])
        .ok()
        .json();
    assert_eq!(live, serde_json::json!([]));
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
fn delete_removes_everything_and_nothing_is_written_through_a_symlink() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let outside = env.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let from = write(
        &env.path().join("app"),
        &[("Rediaccfile", "up() { :; }\n"), ("conf/app.yml", "a: 1\n")],
    );
    // A symlink to a directory outside is uploaded as a link, never as what it points to.
    std::os::unix::fs::symlink("/etc/ssh", from.join("keys")).unwrap();
    env.rdc(&[
        "repo",
        "create",
        "app",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        from.to_str().unwrap(),
    ])
    .ok();
    let guid = guid_of(env, "app");
    let mount = m.server.join(format!("mnt/rediacc/mounts/{guid}"));
    env.rdc(&["repo", "up", "app", "--mount"]).ok();
    assert_eq!(
        std::fs::read_link(mount.join("keys")).unwrap(),
        Path::new("/etc/ssh")
    );
    assert!(
        std::fs::symlink_metadata(mount.join("keys"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A link planted inside the repository (as a container could) is never written through.
    std::fs::remove_dir_all(mount.join("conf")).unwrap();
    std::os::unix::fs::symlink(&outside, mount.join("conf")).unwrap();
    env.rdc(&["repo", "sync", "app", "--from", from.to_str().unwrap()])
        .code(2)
        .stderr_has("is a symlink");
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "sync wrote outside the repository"
    );
    // A Rediaccfile in a symlinked directory outside the image never runs.
    std::fs::write(
        outside.join("Rediaccfile"),
        format!("up() {{ touch {}/ran; }}\n", outside.display()),
    )
    .unwrap();
    env.rdc(&["repo", "up", "app"])
        .ok()
        .stderr_has("skipping conf/: a symlink");
    assert!(!outside.join("ran").exists());

    // Delete: asks first; without a terminal and --yes nothing happens.
    env.rdc(&["repo", "delete", "app"]).code(7);
    assert!(is_mounted(&mount));
    env.rdc(&["repo", "delete", "app", "--yes"]).ok();
    let repos = m.server.join("mnt/rediacc/repositories");
    for f in [".img", ".json", ".lock"] {
        assert!(!repos.join(format!("{guid}{f}")).exists(), "{f} left");
    }
    assert!(!mount.exists(), "mount point left");
    assert!(mounts_under(&m.server).is_empty());
    let run = m.server.join("var/run/rediacc");
    for f in [
        "docker-2816.sock",
        "docker-2816.pid",
        "docker-2816.owner",
        "x-2816",
    ] {
        assert!(!run.join(f).exists(), "{f} left");
    }
    assert!(!env.read_config().contains("[contexts.t.repos.app]"));
    // Its network id is free again.
    env.rdc(&[
        "repo",
        "create",
        "next",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
    ])
    .ok()
    .stderr_has("network 2816 = 127.0.11.0/26");
    // Deleting what the server no longer has only cleans the config.
    let g = guid_of(env, "next");
    std::fs::remove_file(repos.join(format!("{g}.img"))).unwrap();
    env.rdc(&["repo", "delete", "next"])
        .ok()
        .stderr_has("was already gone on m; removing it from the config");
    assert!(!env.read_config().contains("[contexts.t.repos.next]"));
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
fn autostart_brings_a_repository_back() {
    use std::os::unix::fs::PermissionsExt;
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let dir = write(
        &env.path().join("boot"),
        &[
            (
                "Rediaccfile",
                "up() { renet compose -- up -d; }\ndown() { renet compose -- down; }\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  web:\n    image: rdc-test/busybox:1\n    command: [\"httpd\", \"-f\", \"-p\", \"${WEB_IP}:8080\", \"-h\", \"/www\"]\n",
            ),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "boot",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        dir.to_str().unwrap(),
    ])
    .ok();
    // No image yet: the first up fails, the daemon runs; load the image, up again.
    env.rdc(&["repo", "up", "boot", "--mount"]).code(6);
    docker(
        &m.server,
        2816,
        &[
            "import",
            busybox_tar().to_str().unwrap(),
            "rdc-test/busybox:1",
        ],
    );
    env.rdc(&["repo", "up", "boot"]).ok();
    let answers = || crate::common::curl("http://127.0.11.2:8080/", None).0 == 200;
    wait_for("the service", Duration::from_secs(20), || {
        answers().then_some(())
    });

    env.rdc(&["repo", "autostart", "enable", "boot"])
        .ok()
        .stderr_has("@reboot");
    let guid = guid_of(env, "boot");
    let job = m
        .server
        .join(format!("var/lib/rediacc/autostart/{guid}.json"));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&job), 0o600);
    assert_eq!(mode(job.parent().unwrap()), 0o700);
    let list = env
        .rdc(&["repo", "autostart", "list", "-o", "json"])
        .ok()
        .json();
    assert_eq!(list[0]["name"], "boot", "{list}");

    // Torn down, as after a reboot: the boot script brings it back.
    env.rdc(&["repo", "down", "boot", "--unmount"]).ok();
    let mount = m.server.join(format!("mnt/rediacc/mounts/{guid}"));
    assert!(!is_mounted(&mount));
    assert!(!answers());
    let script = m.server.join("etc/rediacc/autostart.sh");
    let out = std::process::Command::new("sh")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "boot script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(is_mounted(&mount));
    wait_for("the service after boot", Duration::from_secs(20), || {
        answers().then_some(())
    });

    env.rdc(&["repo", "autostart", "disable", "boot"])
        .ok()
        .stderr_has("no longer comes back");
    assert!(!job.exists());
    let list = env
        .rdc(&["repo", "autostart", "list", "-o", "json"])
        .ok()
        .json();
    assert_eq!(list, serde_json::json!([]));
    env.rdc(&["repo", "down", "boot", "--unmount"]).ok();
}
