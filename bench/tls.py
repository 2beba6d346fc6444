#!/usr/bin/python3
"""TLS variants of P1 and P3 (issue 17), for bench/run.py.

- Reference: a TLS server in a few lines of Python `ssl` + asyncio (one
  thread, replies "hello" to every chunk it reads, counts the plaintext
  bytes and writes them to TA_BENCH_REPORT as `bytes_received N`), with an
  ECDSA P-256 self-signed certificate made at run time by `openssl req` —
  the same kind of key the app generates for itself.
- TCP Assistant: `--listen=PORT --tls` with its own generated certificate
  (kept in the throwaway HOME of the app target).
- The load generator for both is the same Python `ssl` client (asyncio,
  one process, certificate not verified): loadgen.c speaks no TLS.

Scenarios (run.py's loop calls them with each target; Packet Sender is
skipped — its SSL server is not configured by the runner):
- P1tls: 16 clients ping-pong ("ping" → "hello") for BENCH_DURATION s.
- P3tls: one client floods 256 MiB in 64 KiB writes (replies read and
  discarded); done when the server has counted every plaintext byte.

Run alone (reference vs app, no Packet Sender):
    BENCH_ONLY=ref,app BENCH_SCENARIOS=p1_tls,p3_tls bench/run
"""
import asyncio
import os
import ssl
import subprocess
import sys
import time

P1_CLIENTS = 16
P3_BYTES = 256 * 1024 * 1024
P3_CHUNK = 65536
HOST = "127.0.0.1"

# ---------------------------------------------------------------- the reference server

SERVER = r'''
import asyncio, os, signal, ssl, sys, time
port, cert, key, report = int(sys.argv[1]), sys.argv[2], sys.argv[3], os.environ.get("TA_BENCH_REPORT")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
count = [0]
class Hello(asyncio.Protocol):
    def connection_made(self, tr): self.tr = tr
    def data_received(self, data):
        count[0] += len(data)
        self.tr.write(b"hello")
    def eof_received(self): return False
async def tick():
    while True:
        if report:
            with open(report + ".tmp", "w") as fh:
                fh.write(f"bytes_received {count[0]}\nmax_stall_ms 0\n")
            os.replace(report + ".tmp", report)
        await asyncio.sleep(0.2)
async def main():
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(Hello, "127.0.0.1", port, ssl=ctx, backlog=1024)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.create_task(tick())
    await asyncio.sleep(600)
asyncio.run(main())
'''


def make_cert(out):
    cert, key = os.path.join(out, "tls-ref-cert.pem"), os.path.join(out, "tls-ref-key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
    return cert, key


def launch(run, t):
    """Starts the TLS server behind target t: returns (proc, port, report path)."""
    port = run.free_port()
    t.n += 1
    report = os.path.join(run.OUT, f"{t.key}-tls-report-{t.n}.txt")
    if os.path.exists(report):
        os.unlink(report)
    if t.key == "ref":
        cert, key = make_cert(run.OUT)
        env = dict(os.environ, TA_BENCH_REPORT=report)
        proc = run.start([sys.executable, "-c", SERVER, str(port), cert, key], env=env, logname="ref-tls.log")
    else:
        env = t.env()
        env["TA_BENCH_REPORT"] = report
        logf = os.path.join(run.OUT, "app-traffic.log")
        if os.path.exists(logf):
            os.unlink(logf)
        proc = run.start([run.APP, f"--listen={port}", "--tls", f"--log-file={logf}"], env=env, logname="app.log")
    if not run.wait_listening(port, proc, 30):
        rc = proc.poll()
        run.stop(proc)
        raise RuntimeError(f"{t.name} (TLS): not listening on {port} (exit {rc})")
    if t.key == "app":  # the window first, as for the plain scenarios
        end = time.monotonic() + 15
        while time.monotonic() < end and run.read_report(report).get("first_frame_ms", 0) <= 0:
            time.sleep(0.05)
    return proc, port, report


# ---------------------------------------------------------------- the client

def client_ctx():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # both servers are self-signed; trust is not what is measured
    return ctx


async def pingpong(port, conns, duration):
    ctx = client_ctx()
    lat = []
    errors = [0]
    version = [None]
    start_evt = asyncio.Event()

    async def one():
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(HOST, port, ssl=ctx), 20)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            errors[0] += 1
            return
        version[0] = w.get_extra_info("ssl_object").version()
        await start_evt.wait()
        end = time.monotonic() + duration
        try:
            while time.monotonic() < end:
                t0 = time.perf_counter()
                w.write(b"ping")
                got = 0
                while got < 5:
                    d = await asyncio.wait_for(r.read(4096), 5)
                    if not d:
                        raise ConnectionError("server closed")
                    got += len(d)
                lat.append(time.perf_counter() - t0)
        except (OSError, asyncio.TimeoutError, ConnectionError, ssl.SSLError):
            errors[0] += 1
        finally:
            w.close()

    tasks = [asyncio.create_task(one()) for _ in range(conns)]
    await asyncio.sleep(0.5)  # handshakes done
    t0 = time.monotonic()
    start_evt.set()
    await asyncio.gather(*tasks)
    secs = time.monotonic() - t0
    lat.sort()
    p = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1e6) if lat else (lambda q: None)
    return {"rt_per_s": len(lat) / secs if secs else 0, "p50_us": p(0.50), "p99_us": p(0.99),
            "errors": errors[0], "tls": version[0], "status": "ok" if lat and not errors[0] else "errors"}


async def flood(run, port, pid, report, nbytes, chunk):
    ctx = client_ctx()
    r, w = await asyncio.wait_for(asyncio.open_connection(HOST, port, ssl=ctx), 20)
    base = run.read_report(report).get("bytes_received", 0)
    stall_before = run.read_report(report).get("max_stall_ms")
    data = b"x" * chunk
    max_rss = [0]
    done = [False]

    async def drain_replies():
        while not done[0]:
            try:
                d = await asyncio.wait_for(r.read(65536), 1)
            except asyncio.TimeoutError:
                continue
            if not d:
                break

    async def sample_rss():
        while not done[0]:
            max_rss[0] = max(max_rss[0], run.rss_kb(pid) or 0)
            await asyncio.sleep(0.1)

    reader = asyncio.create_task(drain_replies())
    sampler = asyncio.create_task(sample_rss())
    t0 = time.monotonic()
    sent = 0
    while sent < nbytes:
        w.write(data)
        sent += chunk
        await w.drain()
    # Done when the server has counted every plaintext byte (bounded).
    counted = 0
    end = time.monotonic() + run.budget(120)
    while time.monotonic() < end:
        counted = run.read_report(report).get("bytes_received", 0) - base
        if counted >= nbytes:
            break
        await asyncio.sleep(0.05)
    secs = time.monotonic() - t0
    await asyncio.sleep(1.2)  # one more report tick for max_stall_ms
    done[0] = True
    await asyncio.gather(reader, sampler, return_exceptions=True)
    w.close()
    return {"bytes_sent": sent, "counted": counted, "secs": secs, "MBps": counted / secs / 1e6 if secs else 0,
            "max_rss_kb": max_rss[0], "stall_ms": run.read_report(report).get("max_stall_ms"),
            "stall_before_ms": stall_before, "status": "ok" if counted >= nbytes else "incomplete"}


# ---------------------------------------------------------------- scenarios (called by run.py)

def _run():
    return sys.modules["__main__"]


def run_p1_tls(t, R):
    """P1 over TLS: 16 clients ping-pong against the TLS reference / the app with --tls."""
    run = _run()
    if t.key not in ("ref", "app"):
        return
    proc, port, _ = launch(run, t)
    try:
        r = asyncio.run(pingpong(port, P1_CLIENTS, run.DURATION))
        R[("P1tls", P1_CLIENTS)] = r
        run.log(f"  P1 TLS {P1_CLIENTS} clients: {r['rt_per_s']:.0f} rt/s p99 {r['p99_us']} us "
                f"errors {r['errors']} {r['tls']} {r['status']}")
    finally:
        run.stop(proc)


def run_p3_tls(t, R):
    """P3 over TLS: 256 MiB on one connection; every plaintext byte counted by the server."""
    run = _run()
    if t.key not in ("ref", "app"):
        return
    proc, port, report = launch(run, t)
    try:
        r = asyncio.run(flood(run, port, proc.pid, report, P3_BYTES, P3_CHUNK))
        R["P3tls"] = r
        run.log(f"  P3 TLS sent {r['bytes_sent']} B, counted {r['counted']:.0f} in {r['secs']:.1f} s "
                f"({r['MBps']:.1f} MB/s), RSS max {r['max_rss_kb']} kB, stall {r['stall_ms']} ms "
                f"(before the flood {r['stall_before_ms']} ms) {r['status']}")
    finally:
        run.stop(proc)


def add_rows(row, g):
    """The TLS rows of run.py's table (app/ref is the ratio asked for)."""
    row(f"P1 TLS ping-pong {P1_CLIENTS} clients (Python ssl client): round trips/s",
        lambda R: g(R, ("P1tls", P1_CLIENTS), "rt_per_s"), "rt/s")
    row(f"P1 TLS ping-pong {P1_CLIENTS} clients: p99 latency", lambda R: g(R, ("P1tls", P1_CLIENTS), "p99_us"), "µs")
    row("P3 TLS flood 256 MiB: plaintext bytes counted by server", lambda R: g(R, "P3tls", "counted"), "B",
        lambda a, b, c: b >= P3_BYTES)
    row("P3 TLS flood throughput", lambda R: g(R, "P3tls", "MBps"), "MB/s", nd=1)
    row("P3 TLS server RSS (max during flood)", lambda R: (g(R, "P3tls", "max_rss_kb") or 0) / 1024 or None, "MB",
        lambda a, b, c: b <= 200, nd=1)
    row("P3 TLS worst main-loop stall", lambda R: g(R, "P3tls", "stall_ms"), "ms", nd=1)
