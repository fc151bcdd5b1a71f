//! `rdc compose` against a real dockerd: each way out of a repository, alone in a compose file,
//! is refused with a line naming the service and the setting, and nothing is started; the same
//! file passes with `--unsafe`. Debian's docker-compose (v1) runs the projects; settings v1 does
//! not know (`uts`, `cgroup`) are covered by the unit tests of `compose::guard`.

use std::path::Path;
use std::process::Command;

use crate::common::{Dockerd, Env, rdc_bin};

/// The staging points `rdc compose` made for binds (`rdc::compose::stage`) under a test's socket
/// directory, unmounted and removed on drop (as `repo down --unmount` does), also on failure.
struct StagedBinds(std::path::PathBuf);

impl Drop for StagedBinds {
    fn drop(&mut self) {
        rdc::compose::stage::clear(&self.0);
    }
}

fn compose(env: &Env, d: &Dockerd, repo: &Path, unsafe_ok: bool) -> (i32, String) {
    let mut c = Command::new(rdc_bin());
    c.arg("compose").arg("--repo-dir").arg(repo);
    if unsafe_ok {
        c.arg("--unsafe");
    }
    c.args(["--", "up", "-d"])
        .current_dir(repo.join("app"))
        .env("REPOSITORY_NETWORK_ID", "10176")
        .env("REPOSITORY_NAME", "esc")
        .env("DOCKER_HOST", format!("unix://{}", d.socket.display()))
        .env("NO_COLOR", "1")
        .env_remove("RDC_CONFIG");
    let o = c.output().unwrap();
    let _ = env;
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
#[cfg_attr(
    rdc_missing_dockerd,
    ignore = "requires dockerd (tests/it/requires.rs; scripts/test installs them)"
)]
fn each_way_out_is_refused_alone_and_passes_with_unsafe() {
    let env = Env::new();
    let d = Dockerd::start(
        &env.path().join("d"),
        &env.path().join("s/docker-10176.sock"),
    );
    let _staged = StagedBinds(env.path().join("s/binds"));
    d.import_busybox();
    let repo = env.path().join("repo");
    let app = repo.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        repo.join(".rediacc.json"),
        "{\"services\": {\"x\": {\"slot\": 0}}}\n",
    )
    .unwrap();
    std::fs::write(app.join("inside.txt"), "ok\n").unwrap();
    let sock = d.socket.display().to_string();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a bind mount of /var/run/rediacc",
            "volumes: [\"/var/run/rediacc:/r\"]".into(),
            "volume /var/run/rediacc",
        ),
        (
            "another repository's socket",
            format!("volumes: [\"{}:/s.sock\"]", sock.replace("10176", "10240")),
            "docker-10240.sock",
        ),
        (
            "the host's root",
            "volumes: [\"/:/host:ro\"]".into(),
            "whole filesystem",
        ),
        (
            "/etc",
            "volumes: [\"/etc:/e:ro\"]".into(),
            "host system files",
        ),
        ("/proc", "volumes: [\"/proc:/p:ro\"]".into(), "volume /proc"),
        ("/sys", "volumes: [\"/sys:/y:ro\"]".into(), "volume /sys"),
        ("/dev", "volumes: [\"/dev:/d\"]".into(), "volume /dev"),
        (
            "the datastore above the repository",
            format!("volumes: [\"{}:/ds\"]", env.path().display()),
            "outside the repository",
        ),
        (
            "a device",
            "devices: [\"/dev/null:/dev/x\"]".into(),
            "devices",
        ),
        (
            "cap_add SYS_ADMIN",
            "cap_add: [SYS_ADMIN]".into(),
            "cap_add SYS_ADMIN",
        ),
        (
            "cap_add NET_ADMIN",
            "cap_add: [NET_ADMIN]".into(),
            "cap_add NET_ADMIN",
        ),
        (
            "cap_add SYS_PTRACE",
            "cap_add: [SYS_PTRACE]".into(),
            "cap_add SYS_PTRACE",
        ),
        ("cap_add ALL", "cap_add: [ALL]".into(), "cap_add ALL"),
        ("privileged", "privileged: true".into(), "privileged"),
        ("pid: host", "pid: host".into(), "pid: host"),
        ("ipc: host", "ipc: host".into(), "ipc: host"),
        (
            "userns_mode: host",
            "userns_mode: host".into(),
            "userns_mode: host",
        ),
        (
            "seccomp off",
            "security_opt: [\"seccomp:unconfined\"]".into(),
            "seccomp:unconfined",
        ),
        (
            "AppArmor off",
            "security_opt: [\"apparmor:unconfined\"]".into(),
            "apparmor:unconfined",
        ),
    ];
    for (what, setting, expect) in &cases {
        std::fs::write(
            app.join("docker-compose.yml"),
            format!(
                "version: \"2.4\"\nservices:\n  x:\n    image: rdc-test/busybox:1\n    command: [sleep, \"300\"]\n    {setting}\n"
            ),
        )
        .unwrap();
        let (code, stderr) = compose(&env, &d, &repo, false);
        assert_eq!(code, 2, "{what}: {stderr}");
        assert!(
            stderr.contains("refused: service x: ") && stderr.contains(expect),
            "{what}: {stderr}"
        );
        assert!(stderr.contains("nothing was started"), "{what}: {stderr}");
        assert_eq!(
            d.docker_ok(&["ps", "-aq"]),
            "",
            "{what}: a container was created"
        );
        // With --unsafe rdc lets compose run it (this sandbox's kernel may still refuse a
        // capability: that is the daemon's answer, not rdc's).
        let (code, stderr) = compose(&env, &d, &repo, true);
        assert!(
            code == 0 || stderr.contains("Cannot start service x"),
            "{what} with --unsafe: {stderr}"
        );
        assert!(stderr.contains("allowed by --unsafe"), "{what}: {stderr}");
        assert!(!stderr.contains("nothing was started"), "{what}: {stderr}");
        let ids = d.docker_ok(&["ps", "-aq"]);
        assert!(!ids.is_empty(), "{what}: --unsafe created nothing");
        let mut rm = vec!["rm", "-f"];
        rm.extend(ids.split_whitespace());
        d.docker_ok(&rm);
    }
    // Inside the repository, and the repository's own socket (with a warning), are fine.
    std::fs::write(
        app.join("docker-compose.yml"),
        format!(
            "version: \"2.4\"\nservices:\n  x:\n    image: rdc-test/busybox:1\n    command: [sleep, \"300\"]\n    volumes: [\"./inside.txt:/inside.txt:ro\", \"{sock}:/var/run/docker.sock\"]\n"
        ),
    )
    .unwrap();
    let (code, stderr) = compose(&env, &d, &repo, false);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("own Docker socket"), "{stderr}");
    let ids = d.docker_ok(&["ps", "-aq"]);
    let mut rm = vec!["rm", "-f"];
    rm.extend(ids.split_whitespace());
    d.docker_ok(&rm);
}

/// The attacks of issue 19 as written, and through a second compose file, a profile, an
/// `extends`, an `include`, YAML anchors and `x-` extensions: compose's own normalization is
/// judged (and the files it reads besides), so each is refused before anything starts.
#[test]
#[cfg_attr(
    rdc_missing_dockerd,
    ignore = "requires dockerd (tests/it/requires.rs; scripts/test installs them)"
)]
fn what_compose_will_run_is_judged_on_an_allowlist() {
    let env = Env::new();
    let d = Dockerd::start(
        &env.path().join("d"),
        &env.path().join("s/docker-10176.sock"),
    );
    let _staged = StagedBinds(env.path().join("s/binds"));
    d.import_busybox();
    let repo = env.path().join("repo");
    let app = repo.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        repo.join(".rediacc.json"),
        "{\"services\": {\"x\": {\"slot\": 0}, \"y\": {\"slot\": 1}}}\n",
    )
    .unwrap();
    // A file outside the repository that an extends base names.
    std::fs::write(
        env.path().join("base.yml"),
        "version: \"2.4\"\nservices:\n  b:\n    image: rdc-test/busybox:1\n    env_file: /etc/hostname\n",
    )
    .unwrap();
    std::fs::write(
        app.join("allow.json"),
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}\n",
    )
    .unwrap();
    let head = "version: \"2.4\"\nservices:\n  x:\n    image: rdc-test/busybox:1\n    command: [sleep, \"300\"]\n";
    type Case<'a> = (&'a str, Vec<(&'a str, String)>, &'a [&'a str], &'a str);
    let cases: Vec<Case> = vec![
        (
            "a local volume with a btrfs device",
            vec![("docker-compose.yml", format!("{head}    volumes: [\"steal:/s\"]\nvolumes:\n  steal: {{driver: local, driver_opts: {{type: btrfs, device: /dev/loop0}}}}\n"))],
            &[],
            "volume steal: driver_opts",
        ),
        (
            "a local volume binding the host's root",
            vec![("docker-compose.yml", format!("{head}    volumes: [\"hostroot:/h\"]\nvolumes:\n  hostroot: {{driver: local, driver_opts: {{type: none, o: rbind, device: /}}}}\n"))],
            &[],
            "volume hostroot: driver_opts",
        ),
        (
            "env_file through ~",
            vec![("docker-compose.yml", format!("{head}    env_file: [\"~/../etc/rediacc/proxy/traefik.env\"]\n"))],
            &[],
            "env_file ~/../etc/rediacc/proxy/traefik.env is a host path outside",
        ),
        (
            "extends of a base outside the repository",
            vec![("docker-compose.yml", "version: \"2.4\"\nservices:\n  x:\n    extends: {file: ../../base.yml, service: b}\n    command: [sleep, \"300\"]\n".into())],
            &[],
            "extends file ../../base.yml is a host path outside",
        ),
        (
            "a seccomp profile from a file",
            vec![("docker-compose.yml", format!("{head}    security_opt: [\"seccomp:./allow.json\"]\n"))],
            &[],
            "security_opt seccomp",
        ),
        (
            "cgroup_parent /",
            vec![("docker-compose.yml", format!("{head}    cgroup_parent: /\n"))],
            &[],
            "cgroup_parent",
        ),
        (
            "oom_score_adj -1000",
            vec![("docker-compose.yml", format!("{head}    oom_score_adj: -1000\n"))],
            &[],
            "oom_score_adj -1000",
        ),
        (
            "a 100g tmpfs",
            vec![("docker-compose.yml", format!("{head}    tmpfs: [\"/big:size=100g\"]\n"))],
            &[],
            "tmpfs /big",
        ),
        (
            "cap_add SYS_NICE in an override file",
            vec![
                ("docker-compose.yml", head.to_string()),
                ("docker-compose.override.yml", "version: \"2.4\"\nservices:\n  x:\n    cap_add: [SYS_NICE, IPC_LOCK]\n".into()),
            ],
            &[],
            "cap_add SYS_NICE",
        ),
        (
            "a profile",
            vec![("docker-compose.yml", format!("{head}  y:\n    image: rdc-test/busybox:1\n    profiles: [evil]\n    cap_add: [LINUX_IMMUTABLE]\n"))],
            &["--profile", "evil"],
            "service y: cap_add LINUX_IMMUTABLE",
        ),
        (
            "an anchor in an x- extension",
            vec![("docker-compose.yml", "version: \"2.4\"\nx-evil: &evil\n  cap_add: [AUDIT_CONTROL]\n  sysctls: {net.ipv4.ip_forward: \"1\"}\nservices:\n  x:\n    <<: *evil\n    image: rdc-test/busybox:1\n".into())],
            &[],
            "sysctls net.ipv4.ip_forward",
        ),
        (
            "a compose file named on the command line",
            vec![("docker-compose.yml", head.to_string())],
            &["-f", "/etc/evil.yml"],
            "-f is not allowed",
        ),
    ];
    for (what, files, args, expect) in &cases {
        for f in ["docker-compose.yml", "docker-compose.override.yml"] {
            let _ = std::fs::remove_file(app.join(f));
        }
        for (name, text) in files {
            std::fs::write(app.join(name), text).unwrap();
        }
        let o = Command::new(rdc_bin())
            .arg("compose")
            .arg("--repo-dir")
            .arg(&repo)
            .arg("--")
            .args(*args)
            .args(["up", "-d"])
            .current_dir(&app)
            .env("REPOSITORY_NETWORK_ID", "10176")
            .env("REPOSITORY_NAME", "esc")
            .env("DOCKER_HOST", format!("unix://{}", d.socket.display()))
            .env("NO_COLOR", "1")
            .env("HOME", "/root")
            .env_remove("RDC_CONFIG")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains(expect), "{what}: {stderr}");
        assert_eq!(
            d.docker_ok(&["ps", "-aq"]),
            "",
            "{what}: a container was created"
        );
        assert_eq!(
            d.docker_ok(&["volume", "ls", "-q"]),
            "",
            "{what}: a volume was created"
        );
    }
    // Nothing of the rewritten project is left in the repository.
    assert!(!repo.join(".rediacc/compose").exists());
}

/// The symlink race of issue 19: while a directory that a service binds flips between a real
/// directory and a symlink to `/` (as a container holding the repository could make it),
/// `rdc compose -- up -d --force-recreate` runs again and again. The container sees the
/// repository's directory or is refused; never the host's `/`. RDC_RACE_SECS sets how long (15 s
/// by default; the minute: RDC_RACE_SECS=60).
#[test]
#[cfg_attr(
    rdc_missing_dockerd,
    ignore = "requires dockerd (tests/it/requires.rs; scripts/test installs them)"
)]
fn a_bind_that_flips_to_a_symlink_never_reaches_the_host() {
    let env = Env::new();
    let d = Dockerd::start(
        &env.path().join("d"),
        &env.path().join("s/docker-10176.sock"),
    );
    let _staged = StagedBinds(env.path().join("s/binds"));
    d.import_busybox();
    let repo = env.path().join("repo");
    let app = repo.join("app");
    let data = repo.join("race/data");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("marker"), "inside\n").unwrap();
    std::fs::write(
        repo.join(".rediacc.json"),
        "{\"services\": {\"x\": {\"slot\": 0}}}\n",
    )
    .unwrap();
    std::fs::write(
        app.join("docker-compose.yml"),
        "version: \"2.4\"\nservices:\n  x:\n    image: rdc-test/busybox:1\n    command: [sleep, \"300\"]\n    volumes: [\"../race/data:/data\"]\n",
    )
    .unwrap();
    let secs: u64 = std::env::var("RDC_RACE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flipper = {
        let (stop, data) = (stop.clone(), data.clone());
        std::thread::spawn(move || {
            let real = data.with_file_name("data.real");
            let mut flips = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // A symlink a third of the time: most checks pass, and the swap still lands
                // between many a check and the mount.
                if std::fs::rename(&data, &real).is_ok() {
                    let _ = std::os::unix::fs::symlink("/", &data);
                    std::thread::sleep(std::time::Duration::from_millis(4));
                    let _ = std::fs::remove_file(&data);
                    let _ = std::fs::rename(&real, &data);
                    flips += 1;
                }
                std::thread::sleep(std::time::Duration::from_millis(8));
            }
            flips
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let (mut seen_inside, mut refused) = (0u32, 0u32);
    while std::time::Instant::now() < deadline {
        let o = Command::new(rdc_bin())
            .arg("compose")
            .arg("--repo-dir")
            .arg(&repo)
            .args(["--", "up", "-d", "--force-recreate"])
            .current_dir(&app)
            .env("REPOSITORY_NETWORK_ID", "10176")
            .env("REPOSITORY_NAME", "race")
            .env("DOCKER_HOST", format!("unix://{}", d.socket.display()))
            .env("NO_COLOR", "1")
            .env_remove("RDC_CONFIG")
            .output()
            .unwrap();
        if !o.status.success() {
            refused += 1;
            continue;
        }
        let id = d.docker_ok(&["ps", "-q"]);
        let ls = d.docker_ok(&[
            "exec",
            id.lines().next().unwrap_or(""),
            "busybox",
            "ls",
            "/data",
        ]);
        assert!(
            !ls.contains("proc") && !ls.contains("etc"),
            "the container sees the host: {ls}"
        );
        assert!(
            ls.contains("marker"),
            "the container does not see the repository's directory: {ls}"
        );
        seen_inside += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let flips = flipper.join().unwrap();
    eprintln!(
        "{secs} s: {seen_inside} runs saw the repository's directory, {refused} refused, {flips} flips"
    );
    assert!(
        seen_inside > 0 && flips > 0,
        "the race was not run: {seen_inside} runs, {flips} flips"
    );
    let ids = d.docker_ok(&["ps", "-aq"]);
    let mut rm = vec!["rm", "-f"];
    rm.extend(ids.split_whitespace());
    if rm.len() > 2 {
        d.docker_ok(&rm);
    }
}
