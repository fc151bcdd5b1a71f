#!/usr/bin/env python3
"""Container start -> route, measured with real components (run as root on Debian; needs
dockerd, busybox-static and Traefik in .tools/venv, i.e. what scripts/test installs).

For each of N containers started on one real dockerd, three watchers run at once:
  routes.yaml  the route server's long-poll /routes.yaml shows the container's host
  rdc+traefik  Traefik fed by the route server (static config as push-infra renders it:
               HTTP provider, long-poll header, pollInterval 100ms) answers 200
  docker-prov  Traefik's own Docker provider, reading the same daemon, answers 200
Each delay is measured from the container's State.StartedAt. Both Traefiks use the same
providersThrottleDuration (100ms); containers are started 1s apart.

    python3 scripts/bench/latency.py [N]      (default N=50)
    RDC_HOSTILE=5000 python3 scripts/bench/latency.py 10
        with a second, synthetic repository (scripts/bench/fake_docker.py, network 2880) holding
        that many routers next to the real one; RDC_SHARE sets its share in router.toml
        (limits.resources_per_repo; default 500).
"""
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RDC = os.path.join(ROOT, "target/release/rdc")
TRAEFIK = os.path.join(ROOT, ".tools/venv/bin/traefik")
A, B = "127.0.0.40", "127.0.0.41"


def sh(*args, env=None, check=True):
    r = subprocess.run(args, env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"{args}: {r.stderr}")
    return r.stdout.strip()


def started_at(docker_env, name):
    s = sh("docker", "inspect", "-f", "{{.State.StartedAt}}", name, env=docker_env)
    # 2026-11-22T00:46:06.201471123Z -> seconds since the epoch (float).
    base, frac = s.rstrip("Z").split(".")
    t = datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=None)
    return (t - datetime(1970, 1, 1)).total_seconds() + float("0." + frac)


def poll_http(ip, host, deadline, out, key):
    # One keep-alive connection, a request every 3 ms: light enough not to steal the CPU
    # Traefik needs (the machine has 2 cores).
    c = None
    while time.time() < deadline:
        try:
            if c is None:
                c = http.client.HTTPConnection(ip, 80, timeout=2)
            c.request("GET", "/", headers={"Host": host})
            r = c.getresponse()
            r.read()
            if r.status == 200:
                out[key] = time.time()
                return
        except (OSError, http.client.HTTPException):
            c = None
        time.sleep(0.003)


def poll_routes(host, deadline, out):
    c = http.client.HTTPConnection(A, 7111, timeout=25)
    while time.time() < deadline:
        c.request("GET", "/routes.yaml", headers={"X-Rdc-Long-Poll": "20"})
        body = c.getresponse().read().decode()
        if host in body:
            out["routes"] = time.time()
            return


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    d = tempfile.mkdtemp(prefix="rdcb-", dir="/tmp")
    procs = []
    try:
        sock = f"{d}/s/docker-2816.sock"
        os.makedirs(f"{d}/s")
        procs.append(subprocess.Popen(["dockerd", "--host", f"unix://{sock}", "--data-root", f"{d}/data",
                                       "--exec-root", f"{d}/x", "--pidfile", f"{d}/pid", "--iptables=false",
                                       "--bridge=none"], stdout=open(f"{d}/dockerd.log", "w"), stderr=subprocess.STDOUT))
        env = dict(os.environ, DOCKER_HOST=f"unix://{sock}")
        for _ in range(300):
            if subprocess.run(["docker", "version"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        root = f"{d}/rootfs"
        os.makedirs(f"{root}/bin"); os.makedirs(f"{root}/www")
        shutil.copy("/bin/busybox", f"{root}/bin/busybox")
        for c in ["sh", "httpd"]:
            os.symlink("busybox", f"{root}/bin/{c}")
        open(f"{root}/www/index.html", "w").write("hello\n")
        sh("tar", "-C", root, "-cf", f"{d}/bb.tar", ".")
        sh("docker", "import", f"{d}/bb.tar", "bench/busybox:1", env=env)
        hostile = int(os.environ.get("RDC_HOSTILE", "0"))
        limits = ""
        if hostile:
            per = 100
            procs.append(subprocess.Popen(
                [sys.executable, os.path.join(ROOT, "scripts/bench/fake_docker.py"), "--dir", f"{d}/s",
                 "--daemons", "1", "--first-net", "2880", "--containers", str(max(1, hostile // per)),
                 "--routers", str(per)], stdout=open(f"{d}/fake.log", "w"), stderr=subprocess.STDOUT))
            if os.environ.get("RDC_SHARE"):
                limits = f'[limits]\nresources_per_repo = {int(os.environ["RDC_SHARE"])}\n'
        open(f"{d}/router.toml", "w").write(
            f'listen = "{A}:7111"\nsockets = "{d}/s/docker-*.sock"\nstate_dir = "{d}/state"\nbase_domain = "bench.test"\n' + limits)
        rs = subprocess.Popen([RDC, "route-server", "--config", f"{d}/router.toml"],
                              stdout=open(f"{d}/rs.log", "w"), stderr=subprocess.STDOUT)
        procs.append(rs)
        common = "global: {checkNewVersion: false, sendAnonymousUsage: false}\nlog: {level: ERROR}\n"
        open(f"{d}/a.yml", "w").write(common + f"""entryPoints:
  web: {{address: "{A}:80"}}
  traefik: {{address: "{A}:7112"}}
providers:
  providersThrottleDuration: 100ms
  http: {{endpoint: "http://{A}:7111/routes.yaml", pollInterval: 100ms, pollTimeout: 30s, headers: {{X-Rdc-Long-Poll: "20"}}}}
""")
        open(f"{d}/b.yml", "w").write(common + f"""entryPoints:
  web: {{address: "{B}:80"}}
  traefik: {{address: "{B}:7112"}}
providers:
  providersThrottleDuration: 100ms
  docker: {{endpoint: "unix://{sock}", exposedByDefault: true, defaultRule: "Host(`{{{{ normalize .Name }}}}.docker.test`)"}}
""")
        tenv = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
        procs.append(subprocess.Popen([TRAEFIK, f"--configFile={d}/a.yml"], env=tenv,
                                      stdout=open(f"{d}/ta.log", "w"), stderr=subprocess.STDOUT))
        procs.append(subprocess.Popen([TRAEFIK, f"--configFile={d}/b.yml"], env=tenv,
                                      stdout=open(f"{d}/tb.log", "w"), stderr=subprocess.STDOUT))
        time.sleep(3)
        res = {"routes": [], "a": [], "b": []}
        for i in range(n):
            name, port = f"b{i}", 20000 + i
            out = {}
            deadline = time.time() + 20
            ts = [threading.Thread(target=poll_routes, args=(f"{name}-2816.bench.test", deadline, out)),
                  threading.Thread(target=poll_http, args=(A, f"{name}-2816.bench.test", deadline, out, "a")),
                  threading.Thread(target=poll_http, args=(B, f"{name}.docker.test", deadline, out, "b"))]
            for t in ts:
                t.start()
            sh("docker", "run", "-d", "--name", name, "--network", "host",
               "-l", f"rediacc.service_name={name}", "-l", "rediacc.service_ip=127.0.11.2",
               "-l", "rediacc.network_id=2816", "-l", f"rediacc.service_port={port}",
               "-l", f"traefik.http.services.{name}.loadbalancer.server.port={port}",
               "bench/busybox:1", "/bin/httpd", "-f", "-p", f"0.0.0.0:{port}", "-h", "/www", env=env)
            t0 = started_at(env, name)
            for t in ts:
                t.join()
            for k in res:
                if k in out:
                    res[k].append(out[k] - t0)
            sh("docker", "rm", "-f", name, env=env)
            time.sleep(1)
        rss = open(f"/proc/{rs.pid}/status").read().split("VmRSS:")[1].split("\n")[0].strip()
        if hostile:
            c = http.client.HTTPConnection(A, 7111, timeout=10)
            c.request("GET", "/routes.json")
            rep = json.loads(c.getresponse().read())
            mine = sum(1 for r in rep.get("http", []) if r.get("network_id") == 2880)
            left = sum(1 for x in rep.get("skipped", []) if x.get("network_id") == 2880)
            print(f"hostile repository 2880: {hostile} routers asked, {mine} served, {left} containers/items left out")
        print(f"n={n} containers, one real dockerd ({sh('docker', 'version', '-f', '{{.Server.Version}}', env=env)}), Traefik {sh(TRAEFIK, 'version').split()[1]}")
        for k, label in [("routes", "start -> route in /routes.yaml"), ("a", "start -> 200 via rdc + Traefik"),
                         ("b", "start -> 200 via Traefik docker provider")]:
            v = res[k]
            print(f"{label:42} p50 {statistics.median(v)*1000:7.1f} ms  p95 {pct(v, 95)*1000:7.1f} ms  (n={len(v)})")
        print(f"ratio median(rdc+Traefik) / median(docker provider): {statistics.median(res['a']) / statistics.median(res['b']):.2f}")
        print(f"route server RSS after the run: {rss}")
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        # What dockerd left: its containerd and shims, found by the pid files they wrote under
        # this run's exec root (never by name).
        for root, _, files in os.walk(f"{d}/x"):
            for f in files:
                if f.endswith(".pid"):
                    try:
                        os.kill(int(open(os.path.join(root, f)).read().strip()), 9)
                    except (OSError, ValueError):
                        pass
        for m in sorted((l.split()[4] for l in open("/proc/self/mountinfo") if l.split()[4].startswith(d)), key=len, reverse=True):
            subprocess.run(["umount", "-l", m])
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
