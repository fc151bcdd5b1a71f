//! A repository is a network of its own, in the real kernel: two repositories whose services bind
//! `0.0.0.0:80` and `0.0.0.0:5432` next to Traefik (which holds the machine's "public" address
//! 127.0.0.80 on both ports with reusePort), each reachable through Traefik, none reachable from
//! the other, none able to join Traefik's listeners or squat a fixed loopback address. Real
//! sshd, dockerd, btrfs, Traefik and the route server as push-infra installs them.
//!
//! Bypasses are tried from a host process placed in a repository's slot cgroup (python3: raw
//! socket calls busybox cannot make), which the programs treat exactly like a container's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::{
    ServerCleanup, busybox_tar, curl, start_pushed_services, start_unit, wait_for,
};
use crate::repo::{docker, machine, write};

const PUBLIC: &str = "127.0.0.80";

fn compose(name: &str) -> String {
    format!(
        r#"services:
  web:
    image: rdc-test/busybox:1
    command: ["/bin/sh", "-c", "mkdir -p /w && echo site-{name} > /w/index.html && exec httpd -f -p 80 -h /w"]
  db:
    image: rdc-test/busybox:1
    command: ["/bin/sh", "-c", "mkdir -p /w && echo db-{name} > /w/index.html && exec httpd -f -p 5432 -h /w"]
    labels:
      traefik.enable: "false"
  probe:
    image: rdc-test/busybox:1
    command: ["/bin/sleep", "3600"]
    labels:
      traefik.enable: "false"
"#
    )
}

const REDIACCFILE: &str = r#"prep() {
  docker image inspect rdc-test/busybox:1 >/dev/null 2>&1 || docker import "$REPOSITORY_PATH/busybox.tar" rdc-test/busybox:1
}
up() { rdc compose -- up -d; }
down() { rdc compose -- down; }
"#;

/// An HTTP GET from inside a container, with busybox `nc` (its `wget` needs name-service files
/// this image lacks); the answer, or nc's error.
fn get(server: &Path, id: u32, container: &str, ip: &str, port: u16) -> String {
    let o = Command::new("docker")
        .env(
            "DOCKER_HOST",
            format!(
                "unix://{}",
                server
                    .join(format!("var/run/rediacc/docker-{id}.sock"))
                    .display()
            ),
        )
        .args([
            "exec",
            container,
            "/bin/sh",
            "-c",
            &format!("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {ip} {port}"),
        ])
        .output()
        .unwrap();
    format!(
        "{}{} ({})",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
        o.status
    )
}

/// Listening TCP sockets as `ss -ltnp` shows them: (local address, process).
fn listeners(port: u16) -> Vec<(String, String)> {
    let o = Command::new("ss")
        .args(["-ltnpH", &format!("sport = :{port}")])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            Some((w.get(3)?.to_string(), w.get(5).unwrap_or(&"").to_string()))
        })
        .collect()
}

/// This server's cgroups of repository `id`, in every hierarchy.
fn cgroup_dirs(server: &Path, id: u32) -> Vec<PathBuf> {
    crate::common::cgroups_of(server)
        .into_iter()
        .filter(|d| d.to_string_lossy().ends_with(&format!("-{id}")))
        .collect()
}

/// The cgroup v2 directory of repository `id`'s slot `slot`, from a container's /proc entry.
fn slot_cgroup_of(pid: u32) -> PathBuf {
    let cg = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap();
    let rel = cg
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .unwrap_or_else(|| panic!("no v2 cgroup in {cg}"));
    let mount = std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap()
        .lines()
        .find_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            (right.starts_with("cgroup2 "))
                .then(|| left.split_whitespace().nth(4).unwrap().to_string())
        })
        .unwrap();
    // The container's own cgroup is a child of the slot's.
    Path::new(&format!("{mount}{rel}"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Run the socket probes of `tests/it/netprobe.py` from inside `cgroup`; returns its JSON.
fn probe(cgroup: &Path, args: &[&str]) -> serde_json::Value {
    let script = crate::common::repo_root().join("tests/it/netprobe.py");
    let o = Command::new("python3")
        .arg(&script)
        .arg(cgroup.join("cgroup.procs"))
        .args(args)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    serde_json::from_str(&out).unwrap_or_else(|e| {
        panic!(
            "netprobe {args:?}: {e}: {out} {}",
            String::from_utf8_lossy(&o.stderr)
        )
    })
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
fn a_repository_is_a_network_of_its_own() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    // A loopback resolver to allow (this machine's resolver is not on loopback).
    let toml = m.server.join("etc/rediacc/router.toml");
    let mut t = std::fs::read_to_string(&toml).unwrap();
    t.push_str("loopback_allow = [\"127.0.0.53\"]\n");
    std::fs::write(&toml, t).unwrap();
    let mut procs = start_pushed_services(&m.server, env.path());
    for name in ["alpha", "beta"] {
        let dir = write(
            &env.path().join(name),
            &[
                ("Rediaccfile", REDIACCFILE),
                ("docker-compose.yml", &compose(name)),
            ],
        );
        std::fs::copy(busybox_tar(), dir.join("busybox.tar")).unwrap();
        env.rdc(&[
            "repo",
            "create",
            name,
            "-m",
            "m",
            "--size",
            "300M",
            "--no-encrypt",
            "--from",
            dir.to_str().unwrap(),
        ])
        .ok();
        env.rdc(&["repo", "up", name, "--mount"])
            .ok()
            .stderr_has("isolation on");
    }
    // alpha: 2816 (127.0.11.0/26), beta: 2880 (127.0.11.64/26); slots db 0, probe 1, web 2.
    let (a_db, a_probe, a_web) = ("127.0.11.2", "127.0.11.3", "127.0.11.4");
    let (b_db, b_web) = ("127.0.11.66", "127.0.11.68");

    // Every service bound 0.0.0.0 and got its own address; only Traefik is on the public one.
    for (port, own) in [(80u16, [a_web, b_web]), (5432, [a_db, b_db])] {
        let l = listeners(port);
        // busybox httpd binds `[::]`: a dual-stack socket, rewritten to `::ffff:IP`.
        for ip in own {
            assert!(
                l.iter()
                    .any(|(a, _)| a == &format!("{ip}:{port}")
                        || a == &format!("[::ffff:{ip}]:{port}")),
                "{ip}:{port} not listening: {l:?}"
            );
        }
        for (a, p) in &l {
            assert!(
                !a.starts_with("0.0.0.0") && !a.starts_with('*') && !a.starts_with("[::]"),
                "a wildcard listener on :{port}: {l:?}"
            );
            if a.starts_with(PUBLIC) {
                assert!(p.contains("traefik"), "{a} is not Traefik's: {p}");
            }
        }
    }
    // Both sites through Traefik.
    for (host, body) in [
        ("web-2816.example.com", "site-alpha"),
        ("web-2880.example.com", "site-beta"),
    ] {
        let text = wait_for(host, Duration::from_secs(30), || {
            let (s, t) = curl(&format!("http://{PUBLIC}/"), Some(host));
            (s == 200).then_some(t)
        });
        assert!(text.contains(body), "{host}: {text}");
    }

    // From alpha's probe: its own services by name; beta, the route server, Traefik's admin
    // address refused by the kernel; the allowed resolver reachable (nothing listens: refused
    // by the peer, not by the policy).
    let c = "alpha_probe_1";
    for (container, ip, port, want) in [
        // (By name in the guide's tests; here by address.)
        (c, a_web, 80, "site-alpha"),
        (c, a_db, 5432, "db-alpha"),
        // localhost is the container's own address: the web service reaches itself.
        ("alpha_web_1", "127.0.0.1", 80, "site-alpha"),
    ] {
        let out = get(&m.server, 2816, container, ip, port);
        assert!(out.contains(want), "{container} {ip}:{port}: {out}");
    }
    for (ip, port) in [(b_web, 80), (b_db, 5432), (PUBLIC, 7111), (PUBLIC, 7112)] {
        let out = get(&m.server, 2816, c, ip, port);
        assert!(
            out.contains("Operation not permitted"),
            "{ip}:{port}: {out}"
        );
    }
    let out = get(&m.server, 2816, c, "127.0.0.53", 53);
    assert!(
        out.contains("Connection refused"),
        "the allowed resolver: {out}"
    );
    // Every running container of alpha runs in its network.
    let ps = env.rdc(&["repo", "ps", "alpha", "-o", "json"]).ok().json();
    let rows = ps.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{ps}");
    assert!(rows.iter().all(|r| r["isolated"] == true), "{ps}");
    // A host process reaches everything.
    assert_eq!(curl(&format!("http://{b_web}/"), None).0, 200);
    assert_eq!(curl(&format!("http://{PUBLIC}:7111/health"), None).0, 200);

    // Bypasses and binds, from inside alpha's probe slot (a host process in its cgroup).
    let pid: u32 = docker(&m.server, 2816, &["inspect", "-f", "{{.State.Pid}}", c])
        .parse()
        .unwrap();
    let cg = slot_cgroup_of(pid);
    let r = probe(
        &cg,
        &[
            &format!("connect4:{b_web}:80"),
            &format!("connect6:::ffff:{b_web}:80"),
            &format!("tfo:{b_web}:80"),
            &format!("sendto:{b_db}:53"),
            &format!("sendmmsg:{b_db}:53"),
            &format!("iouring:{b_web}:80"),
            &format!("connect4:{a_web}:80"),
            &format!("reuseport:{PUBLIC}:80"),
            "bind4:127.0.0.1:7111",
            "bind6:::1:7111",
            "bind4:0.0.0.0:9000",
            &format!("bind4:{b_web}:9001"),
        ],
    );
    for k in [
        "connect4:127.0.11.68:80",
        "connect6:::ffff:127.0.11.68:80",
        "tfo:127.0.11.68:80",
        "sendto:127.0.11.66:53",
        "sendmmsg:127.0.11.66:53",
        "iouring:127.0.11.68:80",
        "reuseport:127.0.0.80:80",
        "bind4:127.0.11.68:9001",
    ] {
        assert_eq!(r[k]["errno"], "EPERM", "{k}: {r}");
    }
    assert_eq!(r["connect4:127.0.11.4:80"]["errno"], "ok", "{r}");
    // Binding the route server's address never binds it: it becomes the slot's own.
    assert_eq!(
        r["bind4:127.0.0.1:7111"]["bound"],
        format!("{a_probe}:7111"),
        "{r}"
    );
    assert_eq!(
        r["bind6:::1:7111"]["bound"],
        format!("::ffff:{a_probe}:7111"),
        "{r}"
    );
    assert_eq!(
        r["bind4:0.0.0.0:9000"]["bound"],
        format!("{a_probe}:9000"),
        "{r}"
    );

    // UDP: a DNS-like service on 0.0.0.0:53 in alpha's probe slot answers alpha, not beta.
    // The reply reads as coming from the address the client asked (resolvers drop others), for
    // IPv4 and IPv6 clients; getpeername of a TCP connection to 127.0.0.1 says 127.0.0.1.
    let udp = probe(
        &cg,
        &[
            "udpserve:0.0.0.0:53",
            "udpconn:0.0.0.0:56",
            "udp6serve:0.0.0.0:54",
            "tcppeer:0.0.0.0:9002",
            "sendto6:::1:55",
        ],
    );
    let u = &udp["udpserve:0.0.0.0:53"];
    assert_eq!(u["bound"], format!("{a_probe}:53"), "{udp}");
    assert_eq!(u["reply"], "answer:question", "{udp}");
    assert_eq!(u["reply_from"], "127.0.0.1:53", "{udp}");
    assert_eq!(
        udp["udpconn:0.0.0.0:56"]["reply_from"], "127.0.0.1:56",
        "{udp}"
    );
    assert_eq!(udp["udp6serve:0.0.0.0:54"]["reply_from"], "::1:54", "{udp}");
    assert_eq!(
        udp["tcppeer:0.0.0.0:9002"]["peer"], "127.0.0.1:9002",
        "{udp}"
    );

    // A route server restart changes nothing: while it is down, a container cannot take its
    // address (127.0.0.1 becomes the slot's own, the public one is refused); it comes back on
    // it, and the sites and the isolation are as they were (the programs live in the kernel).
    let router = procs.remove(0);
    drop(router);
    let squat = probe(
        &cg,
        &["bind4:127.0.0.1:7111", &format!("reuseport:{PUBLIC}:7111")],
    );
    assert_eq!(
        squat["bind4:127.0.0.1:7111"]["bound"],
        format!("{a_probe}:7111"),
        "{squat}"
    );
    assert_eq!(
        squat[&format!("reuseport:{PUBLIC}:7111")]["errno"],
        "EPERM",
        "{squat}"
    );
    procs.insert(
        0,
        start_unit(&m.server, env.path(), "rediacc-router.service", &[]),
    );
    wait_for(
        "the restarted route server",
        Duration::from_secs(30),
        || (curl(&format!("http://{PUBLIC}:7111/health"), None).0 == 200).then_some(()),
    );
    let (s, t) = curl(&format!("http://{PUBLIC}/"), Some("web-2816.example.com"));
    assert!(
        s == 200 && t.contains("site-alpha"),
        "after the restart: {s} {t}"
    );
    let out = get(&m.server, 2816, c, b_web, 80);
    assert!(
        out.contains("Operation not permitted"),
        "after the restart: {out}"
    );

    // A program detached behind rdc's back (BPF_CGROUP_INET4_CONNECT of the repository's
    // cgroup): status says so, a process there reaches beta again, and `repo up` on the running
    // repository repairs it.
    let repo_cg = cg.parent().unwrap().to_path_buf();
    let d = probe(&repo_cg, &["detach:10:0"]);
    assert_eq!(d["detach:10:0"]["detached"], 1, "{d}");
    let st = env
        .rdc(&["repo", "status", "alpha", "-o", "json"])
        .ok()
        .json();
    assert_eq!(st["isolation"]["on"], false, "{st}");
    let hole = probe(&repo_cg, &[&format!("connect4:{b_web}:80")]);
    assert_eq!(
        hole[&format!("connect4:{b_web}:80")]["errno"],
        "ok",
        "{hole}"
    );
    env.rdc(&["repo", "up", "alpha"])
        .ok()
        .stderr_has("isolation on");
    let st = env
        .rdc(&["repo", "status", "alpha", "-o", "json"])
        .ok()
        .json();
    assert_eq!(st["isolation"]["on"], true, "{st}");
    let fixed = probe(&repo_cg, &[&format!("connect4:{b_web}:80")]);
    assert_eq!(
        fixed[&format!("connect4:{b_web}:80")]["errno"],
        "EPERM",
        "{fixed}"
    );

    // Gone with down --unmount, back with up --mount.
    env.rdc(&["repo", "down", "beta", "--unmount"]).ok();
    let beta_cg = cgroup_dirs(&m.server, 2880);
    assert!(
        beta_cg.is_empty(),
        "cgroups left by down --unmount: {beta_cg:?}"
    );
    env.rdc(&["repo", "up", "beta", "--mount"])
        .ok()
        .stderr_has("isolation on");
    let st = env
        .rdc(&["repo", "status", "beta", "-o", "json"])
        .ok()
        .json();
    assert_eq!(st["isolation"]["on"], true, "{st}");
    env.rdc(&["repo", "delete", "beta", "--yes"]).ok();
    let left = cgroup_dirs(&m.server, 2880);
    assert!(left.is_empty(), "cgroups left by delete: {left:?}");
    env.rdc(&["repo", "down", "alpha", "--unmount"]).ok();
    assert!(cgroup_dirs(&m.server, 2816).is_empty());
    drop(procs);
}

/// A host that cannot isolate (simulated: router.toml names a `cgroup_root` that is not a cgroup
/// v2 hierarchy): `repo up` refuses with the reason and the fix before mounting or starting
/// anything; `--no-isolation` is explicit and shown by every status until an `up` without it.
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
fn a_host_that_cannot_isolate_needs_an_explicit_choice() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let fake = m.server.join("not-a-cgroup");
    std::fs::create_dir_all(&fake).unwrap();
    let toml = m.server.join("etc/rediacc/router.toml");
    let mut t = std::fs::read_to_string(&toml).unwrap();
    t.push_str(&format!("cgroup_root = \"{}\"\n", fake.display()));
    std::fs::write(&toml, t).unwrap();
    let dir = write(
        &env.path().join("plain"),
        &[("Rediaccfile", "up() { :; }\n")],
    );
    env.rdc(&[
        "repo",
        "create",
        "plain",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        dir.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "plain", "--mount"])
        .code(6)
        .stderr_has("this server cannot isolate repositories")
        .stderr_has("does not accept BPF programs")
        .stderr_has("rdc repo up plain --no-isolation");
    let st = env
        .rdc(&["repo", "status", "plain", "-o", "json"])
        .ok()
        .json();
    assert_eq!(st["mounted"], false, "mounted before refusing: {st}");
    assert_eq!(st["daemon_running"], false, "{st}");
    env.rdc(&["repo", "up", "plain", "--mount", "--no-isolation"])
        .ok()
        .stderr_has("isolation is off for this repository (--no-isolation)")
        .stderr_has("isolation: off (--no-isolation)");
    let st = env
        .rdc(&["repo", "status", "plain", "-o", "json"])
        .ok()
        .json();
    assert_eq!(
        st["isolation"],
        serde_json::json!({"on": false, "reason": "--no-isolation"}),
        "{st}"
    );
    let cs = env.rdc(&["context", "status", "-o", "json"]).ok().json();
    let iso = cs[0]["overview"]["isolation"].clone();
    assert_eq!(iso["on"], false, "{cs}");
    assert!(
        iso["reason"]
            .as_str()
            .unwrap()
            .contains("does not accept BPF programs"),
        "{cs}"
    );
    env.rdc(&["repo", "delete", "plain", "--yes"]).ok();
    assert!(crate::common::cgroups_of(&m.server).is_empty());
}
