#!/usr/bin/env python3
"""A synthetic Docker Engine API on many unix sockets, to load the route server beyond what
real containers allow on one machine (benchmarks only; the tests use real dockerd).

    fake_docker.py --dir /tmp/fd --daemons 100 --containers 100

serves /tmp/fd/docker-<id>.sock for ids 2816, 2880, ... with <containers> running containers
each: two thirds with rediacc.* labels only (automatic routes), one third with traefik.* labels
(a router, a service port and a headers middleware). It answers /_ping, /version,
/containers/json, /containers/<id>/json and /events.

With --first-net N the daemons start at network id N; with --routers K every container carries
K HTTP routers of its own (a hostile repository: --containers 50 --routers 100 is 5,000
routers, each container's labels well under the per-container budget).

With --control PATH it also reads lines from that FIFO: `start NET` adds a container to daemon
NET and sends `create` and `start` on its event streams, as a `docker run` would (per-event
cost at scale).
"""
import argparse
import json
import os
import re
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler


ROUTERS = 0


def containers_for(net, n):
    base = (net >> 8 & 255, net & 255)
    out = []
    for j in range(n):
        ip = f"127.0.{base[0]}.{base[1] + 2 + (j % 61)}"
        labels = {
            "rediacc.service_name": f"svc{j}",
            "rediacc.service_ip": ip,
            "rediacc.network_id": str(net),
            "rediacc.service_port": "8080",
        }
        if j % 3 == 2:
            labels.update({
                "traefik.enable": "true",
                f"traefik.http.routers.r{j}.rule": f"Host(`r{j}-{net}.example.test`)",
                f"traefik.http.routers.r{j}.middlewares": f"h{j}",
                f"traefik.http.middlewares.h{j}.headers.stsSeconds": "31536000",
                f"traefik.http.services.s{j}.loadbalancer.server.port": "8080",
            })
        if ROUTERS:
            labels = dict(labels, **{"traefik.enable": "true",
                                     f"traefik.http.services.s{j}.loadbalancer.server.port": "8080"})
            for k in range(ROUTERS):
                labels[f"traefik.http.routers.h{j}x{k}.rule"] = f"Host(`h{j}x{k}-{net}.example.test`)"
                labels[f"traefik.http.routers.h{j}x{k}.service"] = f"s{j}"
        cid = f"{net:08x}{j:056x}"
        out.append({
            "Id": cid,
            "Names": [f"/c{net}-{j}"],
            "Image": "bench",
            "Labels": labels,
            "State": "running",
            "Status": "Up 1 minute",
            "Created": 1700000000,
        })
    return out


class Daemon:
    """One synthetic daemon's containers and open event streams."""

    def __init__(self, net, containers):
        self.net = net
        self.containers = containers
        self.by_id = {c["Id"]: c for c in containers}
        self.body_list = json.dumps(containers).encode()
        self.streams = []
        self.lock = threading.Lock()
        self.added = 0

    def start_one(self):
        with self.lock:
            j = len(self.containers)
            c = containers_for(self.net, j + 1)[-1]
            self.containers.append(c)
            self.by_id[c["Id"]] = c
            self.body_list = json.dumps(self.containers).encode()
            streams = list(self.streams)
        for action in ("create", "start"):
            ev = json.dumps({
                "Type": "container", "Action": action, "status": action, "id": c["Id"],
                "Actor": {"ID": c["Id"], "Attributes": dict(c["Labels"])},
                "time": int(time.time()), "timeNano": time.time_ns(),
            }).encode() + b"\n"
            chunk = b"%x\r\n%s\r\n" % (len(ev), ev)
            for w in streams:
                try:
                    w.write(chunk)
                    w.flush()
                except Exception:
                    pass


def handler_for(d):

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def send_json(self, obj_bytes, code=200):
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Api-Version", "1.43")
            self.send_header("Content-Length", str(len(obj_bytes)))
            self.end_headers()
            self.wfile.write(obj_bytes)

        def do_HEAD(self):
            self.send_response(200)
            self.send_header("Api-Version", "1.43")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            path = re.sub(r"^/v[0-9.]+", "", self.path.split("?")[0])
            if path == "/_ping":
                self.send_json(b"OK")
            elif path == "/version":
                self.send_json(json.dumps({"ApiVersion": "1.43", "Version": "fake"}).encode())
            elif path == "/containers/json":
                self.send_json(d.body_list)
            elif path.startswith("/containers/") and path.endswith("/json"):
                c = d.by_id.get(path.split("/")[2])
                if not c:
                    self.send_json(b'{"message":"no such container"}', 404)
                    return
                self.send_json(json.dumps({
                    "Id": c["Id"], "Name": c["Names"][0],
                    "Config": {"Labels": c["Labels"]},
                    "State": {"Status": "running", "Running": True},
                }).encode())
            elif path == "/events":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.flush()
                with d.lock:
                    d.streams.append(self.wfile)
                try:
                    while True:
                        time.sleep(3600)
                except Exception:
                    pass
            else:
                self.send_json(b'{"message":"not found"}', 404)

    return H


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--daemons", type=int, default=10)
    ap.add_argument("--containers", type=int, default=100)
    ap.add_argument("--control", help="a FIFO to read `start NET` lines from")
    ap.add_argument("--first-net", type=int, default=2816)
    ap.add_argument("--routers", type=int, default=0)
    a = ap.parse_args()
    global ROUTERS
    ROUTERS = a.routers
    daemons = {}
    os.makedirs(a.dir, exist_ok=True)
    servers = []
    for i in range(a.daemons):
        net = a.first_net + 64 * i
        path = os.path.join(a.dir, f"docker-{net}.sock")
        if os.path.exists(path):
            os.unlink(path)
        daemons[net] = Daemon(net, containers_for(net, a.containers))
        s = Server(path, handler_for(daemons[net]))
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    print(f"serving {a.daemons} daemons x {a.containers} containers in {a.dir}", flush=True)
    try:
        if a.control:
            if not os.path.exists(a.control):
                os.mkfifo(a.control)
            while True:
                with open(a.control) as f:
                    for line in f:
                        words = line.split()
                        if len(words) == 2 and words[0] == "start" and int(words[1]) in daemons:
                            daemons[int(words[1])].start_one()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
