//! A static change of the proxy without downtime: Traefik runs under rdc's supervisor as the
//! pushed unit starts it, a container answers through it, and while requests flow without
//! pause, a push adds a TCP port and the handover (what the unit's `ExecReload` runs) moves
//! every new connection to a new Traefik. No request may fail, and the new port must answer.
//! A stranger in the reusePort group makes the supervisor refuse, naming it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::common::{
    Dockerd, Env, Server, start_pushed_services_with, status, traefik_bin, wait_for,
};

const IP: &str = "127.0.0.85";

/// One request on a fresh connection: the status, or 0 for a refused or broken connection.
fn get(host: &str) -> u16 {
    let Ok(mut s) = TcpStream::connect((IP, 80)) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return 0;
    }
    let mut buf = Vec::new();
    if s.read_to_end(&mut buf).is_err() && buf.is_empty() {
        return 0;
    }
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// A listener that joins the reusePort group of `ip:port` (SO_REUSEPORT, as root like Traefik).
fn reuseport_listener(ip: &str, port: u16) -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    let addr: std::net::Ipv4Addr = ip.parse().unwrap();
    // SAFETY: plain socket calls on a descriptor this function owns; the sockaddr is a local.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let owned = std::os::fd::OwnedFd::from_raw_fd(fd);
        let one: libc::c_int = 1;
        let r = libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_REUSEPORT,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
        assert_eq!(r, 0);
        let sin = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: port.to_be(),
            sin_addr: libc::in_addr {
                s_addr: u32::from_ne_bytes(addr.octets()),
            },
            sin_zero: [0; 8],
        };
        let r = libc::bind(
            fd,
            (&sin as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        );
        assert_eq!(
            r,
            0,
            "bind {ip}:{port}: {}",
            std::io::Error::last_os_error()
        );
        assert_eq!(libc::listen(fd, 16), 0);
        owned
    }
}

/// `rdc host proxy handover` (the unit's `ExecReload`) against the supervisor's control socket.
fn handover(env: &Env, control: &Path) -> Output {
    env.cmd()
        .args(["host", "proxy", "handover", "--control"])
        .arg(control)
        .output()
        .unwrap()
}

#[test]
#[cfg_attr(
    any(rdc_missing_sshd, rdc_missing_dockerd, rdc_missing_traefik),
    ignore = "requires sshd, dockerd and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn a_static_change_is_a_handover_that_fails_no_request() {
    let Server {
        env,
        sshd: _sshd,
        prefix: server,
    } = Server::new(IP, "srv", &["--base-domain", "example.com"]);
    let bin = server.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(traefik_bin(), bin.join("traefik")).unwrap();
    env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
    // A short readiness limit: the last step makes a handover that cannot become ready.
    let mut procs = start_pushed_services_with(&server, env.path(), &["--ready-timeout", "5"]);
    let d = Dockerd::start(
        &env.path().join("d"),
        &server.join("var/run/rediacc/docker-2816.sock"),
    );
    d.import_busybox();
    d.docker_ok(&[
        "run",
        "-d",
        "--network",
        "host",
        "-l",
        "rediacc.service_name=web",
        "-l",
        "rediacc.service_ip=127.0.11.2",
        "-l",
        "rediacc.network_id=2816",
        "rdc-test/busybox:1",
        "httpd",
        "-f",
        "-p",
        "127.0.11.2:80",
        "-h",
        "/www",
    ]);
    let host = "web-2816.example.com";
    wait_for("the route through Traefik", Duration::from_secs(30), || {
        (status(&format!("http://{IP}/"), host) == 200).then_some(())
    });

    // Requests without pause, each on a new connection, during the change.
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let load = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut ok = 0u32;
            let mut failed = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                match get(host) {
                    200 => ok += 1,
                    s => failed.push((t0.elapsed().as_millis(), s)),
                }
            }
            (ok, failed)
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    // RDC_HANDOVERS=N repeats the change (adding and removing the port) for the benchmark.
    let rounds: usize = std::env::var("RDC_HANDOVERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let control = server.join("var/run/rediacc/proxy.ctl");
    let mut answers = Vec::new();
    for round in 0..rounds {
        let ports = if round.is_multiple_of(2) {
            "2525"
        } else {
            "2526"
        };
        env.set_infra("m", &["--tcp-ports", ports]).ok();
        env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
        let t = Instant::now();
        let out = handover(&env, &control);
        assert!(
            out.status.success(),
            "handover failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(answer.starts_with("ok: Traefik pid"), "{answer}");
        eprintln!(
            "handover {}: {answer} (the command ran from {} ms to {} ms of the load)",
            round + 1,
            (t - t0).as_millis(),
            t0.elapsed().as_millis()
        );
        answers.push(answer);
    }
    std::thread::sleep(Duration::from_millis(1000));
    stop.store(true, Ordering::Relaxed);
    let (ok, failed) = load.join().unwrap();
    eprintln!(
        "{rounds} handover(s): {ok} requests on fresh connections answered 200, {} failed",
        failed.len()
    );
    assert!(ok > 50, "too few requests to tell: {ok}");
    assert!(
        failed.is_empty(),
        "{} of {} requests failed during the handover (ms since start, status): {failed:?}",
        failed.len(),
        ok as usize + failed.len()
    );
    if rounds.is_multiple_of(2) {
        env.set_infra("m", &["--tcp-ports", "2525"]).ok();
        env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
        handover(&env, &control);
    }
    // The new port is served by the new Traefik.
    assert!(
        TcpStream::connect((IP, 2525)).is_ok(),
        "tcp-2525 does not listen after the handover"
    );
    assert_eq!(status(&format!("http://{IP}/"), host), 200);
    for p in procs.iter_mut() {
        assert!(p.alive(), "{} died: {}", p.name, p.log_text());
    }

    // A stranger in Traefik's reusePort group (a host process: repositories cannot bind the
    // public address) would receive connections the steering hands to "the other member": the
    // supervisor refuses to hand over and names it; Traefik keeps serving.
    {
        let _stranger = reuseport_listener(IP, 80);
        let out = handover(&env, &control);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "a handover with a stranger: {err}");
        assert!(
            err.contains("not handing over")
                && err.contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
    }
    assert_eq!(status(&format!("http://{IP}/"), host), 200);

    // A new Traefik that cannot load the routes (the route server is gone) never takes a
    // connection: the handover fails, names the cause, and the running Traefik keeps serving
    // with its last routes. (A readiness check answered by the old process would pass here.)
    assert!(
        procs[0].name.starts_with("rediacc-router"),
        "{}",
        procs[0].name
    );
    procs[0].stop();
    let out = handover(&env, &control);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a handover without routes succeeded: {err}"
    );
    assert!(err.contains("did not load"), "{err}");
    assert_eq!(status(&format!("http://{IP}/"), host), 200);
    assert!(procs[1].alive(), "the proxy died: {}", procs[1].log_text());
    for mut p in procs {
        p.stop();
    }
    drop(d);
}
