//! `rdc compose` against a real dockerd: each way out of a repository, alone in a compose file,
//! is refused with a line naming the service and the setting, and nothing is started; the same
//! file passes with `--unsafe`. Debian's docker-compose (v1) runs the projects; settings v1 does
//! not know (`uts`, `cgroup`) are covered by the unit tests of `compose::guard`.

use std::path::Path;
use std::process::Command;

use crate::common::{Dockerd, Env, rdc_bin};

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
