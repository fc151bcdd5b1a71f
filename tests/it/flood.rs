//! The route server listens on loopback, where any local process (a tenant container on host
//! networking included) can connect. Held open by such a process, 2,000 idle and 2,000 slow
//! (slowloris) connections must not stop Traefik's polls, nor withdraw any route — even when
//! the route server may only open 1,024 files. Addresses: 127.0.0.25, network 10112
//! (127.0.39.128/26).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::{Dockerd, Env, Proc, curl, rdc_bin, status, traefik_bin, wait_for};

const IP: &str = "127.0.0.25";

fn raise_own_nofile(n: u64) {
    let r = libc::rlimit {
        rlim_cur: n,
        rlim_max: n,
    };
    unsafe {
        libc::setrlimit(libc::RLIMIT_NOFILE, &r);
    }
}

/// Hold `idle` connections that send nothing and `slow` ones that send a request head one byte
/// a second; reopen whatever the server closes. Returns how many were (re)opened in total.
fn flood(stop: Arc<AtomicBool>, idle: usize, slow: usize) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let addr = format!("{IP}:7111");
        let open = || TcpStream::connect(&addr).ok();
        let mut opened = 0usize;
        let mut idles: Vec<Option<TcpStream>> = (0..idle).map(|_| None).collect();
        let mut slows: Vec<Option<TcpStream>> = (0..slow).map(|_| None).collect();
        let head = b"GET /routes.yaml HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        let mut sent = vec![0usize; slow];
        let mut tick = Instant::now();
        while !stop.load(Ordering::Relaxed) {
            for s in idles.iter_mut() {
                let alive = s.as_mut().is_some_and(|c| {
                    let mut b = [0u8; 64];
                    matches!(c.read(&mut b), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock)
                });
                if !alive {
                    *s = open();
                    if let Some(c) = s.as_mut() {
                        let _ = c.set_nonblocking(true);
                    }
                    opened += 1;
                }
            }
            let second = tick.elapsed() >= Duration::from_secs(1);
            for (i, s) in slows.iter_mut().enumerate() {
                if s.is_none() {
                    *s = open();
                    sent[i] = 0;
                    opened += 1;
                }
                if second || sent[i] == 0 {
                    let byte = if sent[i] < head.len() {
                        head[sent[i]]
                    } else {
                        b'a'
                    };
                    if s.as_mut().is_some_and(|c| c.write_all(&[byte]).is_err()) {
                        *s = None;
                    } else {
                        sent[i] += 1;
                    }
                }
            }
            if second {
                tick = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        opened
    })
}

#[test]
#[cfg_attr(
    any(rdc_missing_dockerd, rdc_missing_traefik),
    ignore = "requires dockerd and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn floods_of_idle_and_slow_connections_do_not_stop_traefik() {
    raise_own_nofile(20_000);
    let env = Env::new();
    let dir = env.path();
    let d = Dockerd::start(&dir.join("d"), &dir.join("s/docker-10112.sock"));
    d.import_busybox();
    let run = |name: &str, ip: &str| {
        d.docker_ok(&[
            "run",
            "-d",
            "--name",
            name,
            "--network",
            "host",
            "-l",
            &format!("rediacc.service_name={name}"),
            "-l",
            &format!("rediacc.service_ip={ip}"),
            "-l",
            "rediacc.service_port=8080",
            "rdc-test/busybox:1",
            "/bin/httpd",
            "-f",
            "-p",
            &format!("{ip}:8080"),
            "-h",
            "/www",
        ]);
    };
    run("web", "127.0.39.130");
    let cfg = dir.join("rs.toml");
    std::fs::write(
        &cfg,
        format!(
            "listen = \"{IP}:7111\"\nsockets = \"{}/s/docker-*.sock\"\nstate_dir = \"{}/state\"\nbase_domain = \"example.test\"\n",
            dir.display(),
            dir.display()
        ),
    )
    .unwrap();
    // The route server may open 1,024 files, and cannot raise the limit.
    let mut cmd = Command::new(rdc_bin());
    cmd.args(["route-server", "--config"]).arg(&cfg);
    unsafe {
        cmd.pre_exec(|| {
            let r = libc::rlimit {
                rlim_cur: 1024,
                rlim_max: 1024,
            };
            libc::setrlimit(libc::RLIMIT_NOFILE, &r);
            Ok(())
        });
    }
    let mut rs = Proc::spawn("route-server", cmd, dir.join("rs.log"));
    let tconf = dir.join("traefik.yml");
    std::fs::write(
        &tconf,
        format!(
            r#"entryPoints:
  web: {{address: "{IP}:80"}}
  traefik: {{address: "{IP}:7112"}}
global: {{checkNewVersion: false, sendAnonymousUsage: false}}
providers:
  providersThrottleDuration: 100ms
  http: {{endpoint: "http://{IP}:7111/routes.yaml", pollInterval: 100ms, pollTimeout: 14s, headers: {{X-Rdc-Long-Poll: "4"}}}}
"#
        ),
    )
    .unwrap();
    let mut tc = Command::new(traefik_bin());
    tc.arg(format!("--configFile={}", tconf.display()));
    let mut traefik = Proc::spawn("traefik", tc, dir.join("traefik.log"));
    let web = format!("http://{IP}/");
    wait_for("the route through Traefik", Duration::from_secs(30), || {
        (status(&web, "web-10112.example.test") == 200).then_some(())
    });

    let stop = Arc::new(AtomicBool::new(false));
    let flooder = flood(stop.clone(), 2000, 2000);
    // Through the flood: the route answers every time, our own polls get /routes.yaml, and a new
    // container becomes routable (Traefik keeps polling).
    let failures = Arc::new(AtomicUsize::new(0));
    let checks = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut polls = Vec::new();
    let mut started_new = false;
    let mut new_routed = false;
    while start.elapsed() < Duration::from_secs(15) {
        if status(&web, "web-10112.example.test") != 200 {
            failures.fetch_add(1, Ordering::Relaxed);
        }
        checks.fetch_add(1, Ordering::Relaxed);
        let t = Instant::now();
        let (s, body) = curl(&format!("http://{IP}:7111/routes.yaml"), None);
        polls.push((s, t.elapsed()));
        assert!(body.contains("web-10112"), "a poll lost the route: {body}");
        if !started_new && start.elapsed() > Duration::from_secs(3) {
            run("late", "127.0.39.131");
            started_new = true;
        }
        if started_new && status(&web, "late-10112.example.test") == 200 {
            new_routed = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let opened = flooder.join().unwrap();
    let failed_polls = polls.iter().filter(|(s, _)| *s != 200).count();
    let mut lat: Vec<Duration> = polls.iter().map(|(_, d)| *d).collect();
    lat.sort();
    let p99 = lat[(lat.len() * 99 / 100).min(lat.len() - 1)];
    eprintln!(
        "flood: {opened} connections opened; {} polls, p99 {p99:?} (curl, including process start); {} route checks",
        polls.len(),
        checks.load(Ordering::Relaxed)
    );
    assert!(opened >= 4000, "the flood did not run: {opened}");
    assert_eq!(failed_polls, 0, "polls failed during the flood");
    assert_eq!(failures.load(Ordering::Relaxed), 0, "the route was lost");
    assert!(
        new_routed,
        "a new container did not become routable during the flood"
    );
    assert!(rs.alive(), "{}", rs.log_text());
    let log = rs.log_text();
    assert!(
        log.contains("max_connections=896"),
        "the 1,024 limit was not in effect: {log}"
    );
    rs.stop();
    traefik.stop();
}
