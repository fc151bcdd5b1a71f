#!/usr/bin/env python3
"""Poll the route server as Traefik does while a local process floods it with idle and slow
connections, and report poll latency and whether any route went missing.

    flood.py --addr 127.0.0.34:7111 --idle 2000 --slow 2000 --seconds 30

Two pollers run side by side: one on a keep-alive connection (Traefik's Go client keeps its
connection) and one opening a fresh connection per poll (what Traefik does after its connection
was closed). Each polls /routes.yaml every 100 ms with Accept-Encoding: gzip and counts the
routers in the body. First a baseline without the flood, then the same with it.
"""
import argparse, gzip, http.client, resource, socket, statistics, threading, time

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] if xs else float("nan")

def routers(body):
    return body.count(b"\n      rule: ")

def poll(addr, seconds, keepalive, out):
    host, port = addr.split(":")
    conn = None
    end = time.time() + seconds
    while time.time() < end:
        t = time.perf_counter()
        try:
            if conn is None or not keepalive:
                conn = http.client.HTTPConnection(host, int(port), timeout=5)
            conn.request("GET", "/routes.yaml", headers={"Accept-Encoding": "gzip"})
            r = conn.getresponse()
            body = r.read()
            if r.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            out.append((time.perf_counter() - t, r.status, routers(body)))
            if not keepalive:
                conn.close()
        except Exception as e:
            out.append((time.perf_counter() - t, 0, 0))
            conn = None
        time.sleep(0.1)

def flood(addr, idle, slow, stop, stats):
    host, port = addr.split(":")
    def open_():
        try:
            s = socket.create_connection((host, int(port)), timeout=5)
            s.setblocking(False)
            stats["opened"] += 1
            return s
        except Exception:
            return None
    idles = [None] * idle
    slows = [None] * slow
    sent = [0] * slow
    head = b"GET /routes.yaml HTTP/1.1\r\nHost: x\r\nX-Slow: "
    tick = time.time()
    while not stop.is_set():
        for i, s in enumerate(idles):
            alive = False
            if s is not None:
                try:
                    s.recv(64)  # data or EOF: the server answered or closed it
                except BlockingIOError:
                    alive = True
                except Exception:
                    pass
            if not alive:
                if s is not None:
                    s.close()
                idles[i] = open_()
        second = time.time() - tick >= 1
        for i, s in enumerate(slows):
            if s is None:
                slows[i] = s = open_()
                sent[i] = 0
            if s is not None and (second or sent[i] == 0):
                b = head[sent[i]:sent[i] + 1] or b"a"
                try:
                    s.send(b)
                    sent[i] += 1
                except Exception:
                    s.close()
                    slows[i] = None
        if second:
            tick = time.time()
        time.sleep(0.02)
    for s in idles + slows:
        if s is not None:
            s.close()

def run(addr, seconds, flood_on, idle, slow):
    stop = threading.Event()
    stats = {"opened": 0}
    f = None
    if flood_on:
        f = threading.Thread(target=flood, args=(addr, idle, slow, stop, stats))
        f.start()
        time.sleep(3)
    ka, fresh = [], []
    a = threading.Thread(target=poll, args=(addr, seconds, True, ka))
    b = threading.Thread(target=poll, args=(addr, seconds, False, fresh))
    a.start(); b.start(); a.join(); b.join()
    stop.set()
    if f:
        f.join()
    return ka, fresh, stats["opened"]

def report(name, rows, expect):
    lat = [r[0] * 1000 for r in rows]
    bad = sum(1 for r in rows if r[1] != 200)
    lost = sum(1 for r in rows if r[1] == 200 and r[2] != expect)
    print(f"  {name:<22} n={len(rows):<4} p50 {statistics.median(lat):7.2f} ms  p99 {pct(lat, 99):7.2f} ms  max {max(lat):7.2f} ms  failed {bad}  routes missing {lost}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--idle", type=int, default=2000)
    ap.add_argument("--slow", type=int, default=2000)
    ap.add_argument("--seconds", type=int, default=30)
    a = ap.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
    ka, fresh, _ = run(a.addr, 5, False, 0, 0)
    expect = ka[0][2]
    print(f"routers in /routes.yaml: {expect}")
    print("baseline (no flood):")
    report("keep-alive poll", ka, expect)
    report("fresh-connection poll", fresh, expect)
    ka, fresh, opened = run(a.addr, a.seconds, True, a.idle, a.slow)
    print(f"with {a.idle} idle + {a.slow} slow connections held open ({opened} opened in all):")
    report("keep-alive poll", ka, expect)
    report("fresh-connection poll", fresh, expect)

main()
