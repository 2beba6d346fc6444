#!/usr/bin/python3
"""TCP Assistant benchmark runner (see bench/README.md).

Runs P1..P4 against (a) bench/refserver, (b) TCP Assistant under Xvfb,
(c) Packet Sender under the same Xvfb, prints a table of ratios and writes
it to bench/out/results.md.  Loopback only; every wait is bounded.
"""
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

import tls  # the TLS variants of P1 and P3 (bench/tls.py)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench", "out")
BIN = os.path.join(OUT, "bin")
APP = os.environ.get("BENCH_APP") or os.path.join(ROOT, "build", "src", "tcp-assistant")
HOST = "127.0.0.1"
DURATION = float(os.environ.get("BENCH_DURATION", "5"))
ONLY = set((os.environ.get("BENCH_ONLY") or "ref,app,ps").split(","))
# BENCH_SCENARIOS=p3_line,idle: only those (names of the run_* functions without "run_")
SCENARIOS = set(filter(None, (os.environ.get("BENCH_SCENARIOS") or "").split(",")))
GIB = 1 << 30
P2_CONNS = 10000
P4_RUNS = 5
T_START = time.monotonic()
DEADLINE = T_START + 560  # bench/run kills us at 590 s; leave time for the table


class OutOfTime(Exception):
    pass


def budget(want):
    """Clip a timeout to the time left before DEADLINE; raise OutOfTime if too little is left."""
    left = DEADLINE - time.monotonic() - 5
    if left < 8:
        raise OutOfTime("run deadline reached")
    return min(want, left)

started = []  # Popen objects we own; stopped by pid at exit


def log(msg):
    print(f"[{time.monotonic() - T_START:6.1f}s] {msg}", flush=True)


def sh(cmd, timeout=600, **kw):
    return subprocess.run(cmd, timeout=timeout, capture_output=True, text=True, **kw)


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    p = s.getsockname()[1]
    s.close()
    return p


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for want in (65536, hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(want, hard)))
            break
        except (ValueError, OSError):
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
                break
            except (ValueError, OSError):
                pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---------------------------------------------------------------- setup

NEEDED = [  # (command or file, Debian package)
    ("cc", "gcc"),
    ("Xvfb", "xvfb"),
    ("xdotool", "xdotool"),
    ("xwininfo", "x11-utils"),
    ("xrandr", "x11-xserver-utils"),  # Packet Sender refuses to start its GUI without xrandr
    ("packetsender", "packetsender"),
    ("/usr/include/X11/Xlib.h", "libx11-dev"),
]


def ensure_packages():
    missing = []
    for what, pkg in NEEDED:
        ok = os.path.exists(what) if what.startswith("/") else shutil.which(what)
        if not ok:
            missing.append(pkg)
    if not missing:
        return
    if os.environ.get("BENCH_SKIP_APT"):
        log(f"missing packages (BENCH_SKIP_APT set, not installing): {' '.join(missing)}")
        return
    log(f"installing: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    lock = ["-o", "DPkg::Lock::Timeout=120"]
    r = sh(["apt-get", "install", "-y", "-q"] + lock + missing, timeout=300, env=env)
    if r.returncode != 0:
        sh(["apt-get", "update", "-q"] + lock, timeout=180, env=env)
        r = sh(["apt-get", "install", "-y", "-q"] + lock + missing, timeout=300, env=env)
    if r.returncode != 0:
        log("apt-get install failed:\n" + r.stderr[-2000:])


def build_tools():
    os.makedirs(BIN, exist_ok=True)
    src = os.path.join(ROOT, "bench")
    for name, extra in (("loadgen", []), ("refserver", []), ("mapwait", ["-lX11"])):
        r = sh(["cc", "-O2", "-Wall", "-o", os.path.join(BIN, name), os.path.join(src, name + ".c")] + extra,
               timeout=120)
        if r.returncode != 0:
            sys.exit(f"bench: building {name} failed:\n{r.stderr}")


def build_app():
    if os.environ.get("BENCH_NO_BUILD") or os.environ.get("BENCH_APP"):
        return os.access(APP, os.X_OK)
    build = os.path.join(ROOT, "build")
    try:
        if not os.path.exists(os.path.join(build, "build.ninja")):
            log("meson setup build")
            r = sh(["meson", "setup", build], cwd=ROOT, timeout=240)
            if r.returncode != 0:
                log("meson setup failed: " + (r.stdout + r.stderr)[-800:])
                return os.access(APP, os.X_OK)
        log("ninja -C build")
        r = sh(["ninja", "-C", build], cwd=ROOT, timeout=300)
        if r.returncode != 0:
            log("ninja failed: " + (r.stdout + r.stderr)[-800:])
    except subprocess.TimeoutExpired:
        log("app build timed out")
    return os.access(APP, os.X_OK)


# ---------------------------------------------------------------- processes

def start(cmd, env=None, cwd=None, logname=None):
    out = open(os.path.join(OUT, logname), "ab") if logname else subprocess.DEVNULL
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    started.append(p)
    return p


def stop(p, grace=5.0):
    if p is None or p.poll() is not None:
        return
    try:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(timeout=5)
    except ProcessLookupError:
        pass


def stop_all():
    for p in reversed(started):
        stop(p, 3)


def wait_listening(port, proc, timeout=20.0):
    """Poll /proc/net/tcp{,6} for a LISTEN socket on port (no probe traffic)."""
    hexport = f":{port:04X}"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        for f in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(f) as fh:
                    for line in fh.readlines()[1:]:
                        parts = line.split()
                        if parts[1].endswith(hexport) and parts[3] == "0A":
                            return True
            except OSError:
                pass
        time.sleep(0.02)
    return False


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cpu_s(pid):
    """User + system CPU seconds of pid so far (/proc/PID/stat utime, stime), or None."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def read_report(path):
    vals = {}
    try:
        with open(path) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2:
                    try:
                        vals[parts[0]] = float(parts[1])
                    except ValueError:
                        pass
    except OSError:
        pass
    return vals


def loadgen(args, port, pid, timeout):
    timeout = budget(timeout)
    cmd = [os.path.join(BIN, "loadgen"), f"--port={port}", f"--host={HOST}", f"--timeout={timeout}"] + args
    if pid:
        cmd.append(f"--pid={pid}")
    try:
        r = sh(cmd, timeout=timeout + 15)
    except subprocess.TimeoutExpired:
        return {"status": "killed"}
    m = re.search(r"^RESULT (.*)$", r.stdout, re.M)
    if not m:
        return {"status": f"no-result rc={r.returncode} {r.stderr.strip()[:200]}"}
    res = dict(kv.split("=", 1) for kv in m.group(1).split())
    if r.stderr.strip():
        res["stderr"] = r.stderr.strip()[:300]
    return res


# ---------------------------------------------------------------- targets

class Target:
    key = "?"
    name = "?"
    has_report = False

    def __init__(self, xenv):
        self.xenv = xenv
        self.extra_args = []  # per-scenario options (the app's --pause-display)
        self.proc = None
        self.port = None
        self.report = None
        self.n = 0
        self.probe = True  # TA_BENCH_REPORT: its 10 ms stall probe wakes the process

    def command(self, port):
        raise NotImplementedError

    def env(self):
        return dict(os.environ)

    def cwd(self):
        return None

    def launch(self):
        self.n += 1
        self.port = free_port()
        self.report = os.path.join(OUT, f"{self.key}-report-{self.n}.txt")
        if os.path.exists(self.report):
            os.unlink(self.report)
        env = self.env()
        if self.probe:
            env["TA_BENCH_REPORT"] = self.report
        self.proc = start(self.command(self.port), env=env, cwd=self.cwd(), logname=f"{self.key}.log")
        if not wait_listening(self.port, self.proc, 30):
            rc = self.proc.poll()
            stop(self.proc)
            self.proc = None
            raise RuntimeError(f"{self.name}: not listening on {self.port} (exit {rc}); see bench/out/{self.key}.log")
        if self.key == "app" and self.probe:  # let the window come up before loading it
            end = time.monotonic() + 15
            while time.monotonic() < end and read_report(self.report).get("first_frame_ms", 0) <= 0:
                time.sleep(0.05)
        return self.proc.pid

    def close(self):
        stop(self.proc)
        self.proc = None


class RefTarget(Target):
    key, name, has_report = "ref", "reference epoll", True

    def command(self, port):
        return [os.path.join(BIN, "refserver"), f"--port={port}", "--max-seconds=600"]

    def launch(self):
        pid = super().launch()
        time.sleep(0.1)
        return pid


class AppTarget(Target):
    key, name, has_report = "app", "TCP Assistant", True

    def env(self):
        e = dict(self.xenv)
        home = os.path.join(OUT, "app-home")
        for d in ("", ".config", ".local/share", ".cache"):
            os.makedirs(os.path.join(home, d), exist_ok=True)
        e.update(GDK_BACKEND="x11", GSK_RENDERER="cairo", GTK_A11Y="none", NO_AT_BRIDGE="1",
                 GSETTINGS_SCHEMA_DIR=os.path.join(ROOT, "build", "data"),
                 HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                 XDG_DATA_HOME=os.path.join(home, ".local/share"), XDG_CACHE_HOME=os.path.join(home, ".cache"))
        return e

    def command(self, port):
        logf = os.path.join(OUT, "app-traffic.log")
        if os.path.exists(logf):
            os.unlink(logf)  # 1 GiB floods make big logs; keep only the latest
        # P2 holds 10,000 clients at once; the app's default limit is 1,000.
        return [APP, "--max-clients=20000", f"--listen={port}", f"--log-file={logf}"] + self.extra_args


PS_HOME = os.path.join(OUT, "ps-home")


def ps_settings(port):
    """Packet Sender 8.1.1 reads $XDG_DATA_HOME/PacketSender/ps_settings.ini (QStandardPaths
    GenericDataLocation), or ./ps_settings.ini if the working directory has one.  Keys from its
    source (packetnetwork.cpp, PacketNetwork::init): tcpPort, tcpServerEnable, sendReponse [sic],
    responseHex, persistentTCPCheck; udp/ssl servers are switched off."""
    d = os.path.join(PS_HOME, ".local", "share", "PacketSender")
    os.makedirs(d, exist_ok=True)
    os.makedirs(os.path.join(PS_HOME, "cwd"), exist_ok=True)
    with open(os.path.join(d, "ps_settings.ini"), "w") as fh:
        fh.write("[General]\n"
                 f"tcpPort={port}\n"
                 "tcpServerEnable=true\n"
                 "udpServerEnable=false\n"
                 "sslServerEnable=false\n"
                 "udpPort=0\n"
                 "sslPort=0\n"
                 "ipMode=4\n"
                 "sendReponse=true\n"
                 "responseHex=68 65 6c 6c 6f\n"   # "hello"
                 "persistentTCPCheck=false\n"     # true opens one window per connection
                 "smartResponseEnableCheck=false\n"
                 "restoreSessionCheck=false\n")


class PsTarget(Target):
    key, name = "ps", "Packet Sender"

    def env(self):
        e = dict(self.xenv)
        e.update(HOME=PS_HOME, XDG_CONFIG_HOME=os.path.join(PS_HOME, ".config"),
                 XDG_DATA_HOME=os.path.join(PS_HOME, ".local", "share"),
                 XDG_CACHE_HOME=os.path.join(PS_HOME, ".cache"), QT_QPA_PLATFORM="xcb")
        return e

    def cwd(self):
        return os.path.join(PS_HOME, "cwd")

    def command(self, port):
        ps_settings(port)
        return [shutil.which("packetsender") or "packetsender"]

    def launch(self):
        pid = super().launch()
        time.sleep(0.5)  # its window and server thread settle
        return pid


# ---------------------------------------------------------------- scenarios

def run_p1(t, R):
    pid = t.launch()
    try:
        for c in (1, 16, 256):
            cpu0 = cpu_s(pid)
            r = loadgen(["--mode=pingpong", f"--conns={c}", f"--duration={DURATION}", "--idle-timeout=5"],
                        t.port, pid, DURATION + 20)
            cpu1 = cpu_s(pid)
            # µs of the server's CPU per round trip: the per-message cost, whatever the load
            if cpu0 is not None and cpu1 is not None and float(r.get("rt", 0) or 0) > 0:
                r["cpu_us_per_rt"] = (cpu1 - cpu0) * 1e6 / float(r["rt"])
            R[("P1", c)] = r
            log(f"  P1 {c:>3} clients: {r.get('rt_per_s', '-')} rt/s p99 {r.get('p99_us', '-')} us "
                f"CPU/rt {f(r.get('cpu_us_per_rt'), 1)} us "
                f"errors {r.get('errors', '-')} server_closes {r.get('server_closes', '-')} {r.get('status')}")
        # extra, no target: connect → request → hello → close storm, 16 workers
        cpu0 = cpu_s(pid)
        r = loadgen(["--mode=storm", "--conns=16", f"--duration={DURATION}", "--idle-timeout=5"],
                    t.port, pid, DURATION + 20)
        cpu1 = cpu_s(pid)
        # µs of the server's CPU per connection: comparable across loads, unlike connections/s
        if cpu0 is not None and cpu1 is not None and float(r.get("rt", 0) or 0) > 0:
            r["cpu_us_per_conn"] = (cpu1 - cpu0) * 1e6 / float(r["rt"])
        R["storm"] = r
        log(f"  storm 16 workers: {r.get('rt_per_s', '-')} connections/s p99 {r.get('p99_us', '-')} us "
            f"CPU/conn {f(r.get('cpu_us_per_conn'), 1)} us "
            f"errors {r.get('errors', '-')} {r.get('status')}")
    finally:
        t.close()


def run_p2(t, R):
    pid = t.launch()
    try:
        r = loadgen(["--mode=greet", f"--conns={P2_CONNS}", "--inflight=1000", "--hold=1", "--idle-timeout=10"],
                    t.port, pid, 100)
        R["P2"] = r
        log(f"  P2 greeted {r.get('greeted', '-')}/{P2_CONNS} in {r.get('secs', '-')} s, "
            f"RSS {r.get('rss_kb', '-')} kB (max {r.get('max_rss_kb', '-')}), errors {r.get('errors', '-')}, "
            f"server_closes {r.get('server_closes', '-')} {r.get('status')}")
    finally:
        t.close()


def run_p3(t, R, key="P3", nbytes=GIB, chunk=65536, paused=False, line=0):
    if (paused or line) and t.key != "app":
        return
    t.extra_args = (["--pause-display"] if paused else []) + (["--frame=line"] if line else [])
    pid = t.launch()
    try:
        before = read_report(t.report) if t.has_report else {}
        r = loadgen(["--mode=flood", f"--bytes={nbytes}", f"--chunk={chunk}", "--idle-timeout=20"]
                    + ([f"--line={line}"] if line else []),
                    t.port, pid, 150)
        counted = None
        if t.has_report:
            base = before.get("bytes_received", 0)
            end = time.monotonic() + min(30, max(0, DEADLINE - time.monotonic() - 10))
            while time.monotonic() < end:
                rep = read_report(t.report)
                counted = rep.get("bytes_received", 0) - base if "bytes_received" in rep else None
                sent = int(r.get("bytes_sent", nbytes))
                # Framed by line, a message is counted without its '\n'.
                if counted is not None and counted >= sent - (sent // line if line else 0):
                    break
                time.sleep(0.2)
            time.sleep(1.2)  # one more report tick for max_stall_ms
            rep = read_report(t.report)
            r["stall_ms"] = rep.get("max_stall_ms")
            r["stall_before_ms"] = before.get("max_stall_ms")
        r["counted"] = counted
        r["rss_after_kb"] = rss_kb(pid)
        R[key] = r
        log(f"  {key} sent {r.get('bytes_sent', '-')} B in {r.get('secs', '-')} s ({r.get('MBps', '-')} MB/s), "
            f"counted {counted}, RSS max {r.get('max_rss_kb', '-')} kB after {r['rss_after_kb']} kB, "
            f"stall {r.get('stall_ms')} ms (before flood {r.get('stall_before_ms')}) {r.get('status')}")
    finally:
        t.extra_args = []
        t.close()


def run_p3_small(t, R):
    """1,000,000 messages of 10 bytes, one send() each."""
    run_p3(t, R, key="P3small", nbytes=10 * 1000 * 1000, chunk=10)


def run_p3_paused(t, R):
    """The 1 GiB flood again with the app's log display paused: the view's cost."""
    run_p3(t, R, key="P3paused", paused=True)


def run_p3_line(t, R):
    """16 MiB of 64-byte lines (262,144 messages, each logged and answered) with the app framing by line."""
    run_p3(t, R, key="P3line", nbytes=16 * 1024 * 1024, line=64)


def wakeups(pid):
    """Voluntary context switches of each thread of pid ({tid: n}): its wake-ups."""
    counts = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as fh:
                for line in fh:
                    if line.startswith("voluntary_ctxt_switches:"):
                        counts[tid] = int(line.split()[1])
        except OSError:
            pass
    return counts


def wakeups_per_s(pid, seconds=5.0):
    """Threads that end meanwhile (GLib's pool) count up to their last sample;
    threads that start count from 0."""
    before = wakeups(pid)
    time.sleep(seconds)
    after = wakeups(pid)
    return sum(n - before.get(tid, 0) for tid, n in after.items()) / seconds


def run_idle(t, R):
    """Wake-ups per second of an idle server: no client, then 10 idle clients
    (after 11 s: GTK stops blinking the text cursor after 10 s), without the
    report's 10 ms stall probe."""
    t.probe = False
    try:
        pid = t.launch()
    finally:
        t.probe = True
    socks = []
    try:
        time.sleep(11)
        r = {"none": wakeups_per_s(pid)}
        for _ in range(10):
            socks.append(socket.create_connection((HOST, t.port), timeout=5))
        time.sleep(1)
        r["ten"] = wakeups_per_s(pid)
        R["idle"] = r
        log(f"  idle: {r['none']:.1f} wake-ups/s with no client, {r['ten']:.1f} with 10 idle clients")
    finally:
        for c in socks:
            c.close()
        t.close()


def run_p4(t, R):
    mapped, ff = [], []
    for i in range(P4_RUNS):
        port = free_port()
        env = t.env()
        cmd = t.command(port)
        rep = os.path.join(OUT, f"{t.key}-p4-{i}.txt")
        if os.path.exists(rep):
            os.unlink(rep)
        env["TA_BENCH_REPORT"] = rep
        mw = [os.path.join(BIN, "mapwait"), "--timeout=20",
              "--class=" + ("packetsender" if t.key == "ps" else "tcp"),
              ] + ([f"--report={rep}"] if t.has_report else []) + ["--"] + cmd
        try:
            r = sh(mw, timeout=budget(40), env=env, cwd=t.cwd())
        except subprocess.TimeoutExpired:
            log(f"  P4 run {i}: mapwait killed")
            continue
        m = re.search(r"mapped_ms=([-\d.]+)(?: first_frame_ms=([-\d.]+))? status=(\w+)", r.stdout)
        if m and m.group(3) == "ok":
            mapped.append(float(m.group(1)))
            if m.group(2):
                ff.append(float(m.group(2)))
        else:
            log(f"  P4 run {i}: {r.stdout.strip()} {r.stderr.strip()[:200]}")
        time.sleep(0.3)
    R["P4"] = {"mapped": statistics.median(mapped) if mapped else None,
               "first_frame": statistics.median(ff) if ff else None, "runs": len(mapped)}
    log(f"  P4 median of {len(mapped)}: mapped {R['P4']['mapped']} ms, first frame {R['P4']['first_frame']} ms")


# ---------------------------------------------------------------- table

def f(x, nd=0):
    if x is None or x == "":
        return "–"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    return f"{x:,.{nd}f}"


def ratio(a, b, nd=2):
    try:
        a, b = float(a), float(b)
        if b == 0:
            return "–"
        return f"{a / b:.{nd}f}×"
    except (TypeError, ValueError):
        return "–"


def g(R, k, field):
    r = R.get(k)
    if not isinstance(r, dict):
        return None
    v = r.get(field)
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def build_table(res, notes):
    ref, app, ps = res.get("ref", {}), res.get("app", {}), res.get("ps", {})
    rows = []
    verdicts = []

    def row(label, field_fn, unit, target=None, nd=0, higher_better=True):
        a, b, c = field_fn(ref), field_fn(app), field_fn(ps)
        verdict = ""
        if target and b is not None:
            ok = target(a, b, c)
            verdict = "PASS" if ok else ("FAIL" if ok is not None else "")
            if verdict:
                verdicts.append((label, verdict))
        elif target and "app" in res and b is None:
            verdict = "FAIL (no data)"
            verdicts.append((label, verdict))
        rows.append([label, f(a, nd), f(b, nd), f(c, nd), ratio(b, a), ratio(b, c), verdict, unit])

    # Targets of issue #18: ratios against the reference of the same run, absolute bounds elsewhere.
    for c in (1, 16, 256):
        tgt = (lambda a, b, _c: (b >= 0.8 * a) if a else None) if c in (16, 256) else None
        row(f"P1 ping-pong {c} client{'s' if c > 1 else ''}: round trips/s" + (" (≥ 0.8× ref)" if tgt else ""),
            lambda R, c=c: g(R, ("P1", c), "rt_per_s"), "rt/s", tgt)
        row(f"P1 ping-pong {c} client{'s' if c > 1 else ''}: p99 latency" + (" (≤ 3× ref)" if c == 256 else ""),
            lambda R, c=c: g(R, ("P1", c), "p99_us"), "µs",
            (lambda a, b, _c: (b <= 3 * a) if a else None) if c == 256 else None)
        row(f"P1 ping-pong {c} client{'s' if c > 1 else ''}: server CPU per round trip",
            lambda R, c=c: g(R, ("P1", c), "cpu_us_per_rt"), "µs", nd=1)
    row("connect/close storm, 16 workers: connections/s (≥ 0.5× ref)", lambda R: g(R, "storm", "rt_per_s"),
        "conn/s", lambda a, b, c: (b >= 0.5 * a) if a else None)
    row("P2 10,000 connections: greeted", lambda R: g(R, "P2", "greeted"), "conns",
        lambda a, b, c: b >= P2_CONNS)
    row("P2 time to greet all (≤ 2 s)", lambda R: g(R, "P2", "secs"), "s",
        lambda a, b, c: b <= 2.0, nd=2)
    row("P2 server RSS after, all open (≤ 80 MB)", lambda R: (g(R, "P2", "rss_kb") or 0) / 1024 or None, "MB",
        lambda a, b, c: b <= 80, nd=1)
    row("P3 flood 1 GiB: bytes counted by server", lambda R: g(R, "P3", "counted"), "B",
        lambda a, b, c: b >= GIB)
    row("P3 flood throughput (≥ 400 MB/s)", lambda R: g(R, "P3", "MBps"), "MB/s",
        lambda a, b, c: b >= 400, nd=1)
    row("P3 server RSS, max during flood (≤ 100 MB)", lambda R: (g(R, "P3", "max_rss_kb") or 0) / 1024 or None,
        "MB", lambda a, b, c: b <= 100, nd=1)
    row("P3 worst main-loop stall after the first frame (≤ 50 ms)", lambda R: g(R, "P3", "stall_ms"), "ms",
        lambda a, b, c: b <= 50, nd=1)
    row("P3 flood 1,000,000 × 10-byte messages: bytes counted", lambda R: g(R, "P3small", "counted"), "B",
        lambda a, b, c: b >= 10 * 1000 * 1000)
    row("P3 10-byte messages: server RSS (max)", lambda R: (g(R, "P3small", "max_rss_kb") or 0) / 1024 or None,
        "MB", lambda a, b, c: b <= 200, nd=1)
    row("P3 10-byte messages: worst main-loop stall", lambda R: g(R, "P3small", "stall_ms"), "ms",
        lambda a, b, c: b <= 100, nd=1)
    row("P3 1 GiB, display paused: throughput", lambda R: g(R, "P3paused", "MBps"), "MB/s", nd=1)
    row("P3 1 GiB, display paused: server RSS (max)", lambda R: (g(R, "P3paused", "max_rss_kb") or 0) / 1024 or None,
        "MB", nd=1)
    row("P3 1 GiB, display paused: worst stall", lambda R: g(R, "P3paused", "stall_ms"), "ms", nd=1)
    row("P3 16 MiB of 64-byte lines, framed by line: bytes counted (without the \\n)",
        lambda R: g(R, "P3line", "counted"), "B", lambda a, b, c: b >= 16 * 1024 * 1024 // 64 * 63)
    row("P3 lines framed: throughput", lambda R: g(R, "P3line", "MBps"), "MB/s", nd=1)
    row("P3 lines framed: server RSS (max)", lambda R: (g(R, "P3line", "max_rss_kb") or 0) / 1024 or None,
        "MB", lambda a, b, c: b <= 200, nd=1)
    row("P3 lines framed: worst main-loop stall", lambda R: g(R, "P3line", "stall_ms"), "ms",
        lambda a, b, c: b <= 100, nd=1)
    row("Idle server, no client: wake-ups", lambda R: g(R, "idle", "none"), "/s",
        lambda a, b, c: b <= 5, nd=1)
    row("Idle server, 10 idle clients: wake-ups", lambda R: g(R, "idle", "ten"), "/s",
        lambda a, b, c: b <= 5, nd=1)
    row("P4 start-up: window mapped, median of 5 (≤ 1.0× Packet Sender)", lambda R: g(R, "P4", "mapped"), "ms",
        lambda a, b, c: (b <= c) if c else None, nd=1)
    row("P4 start-up: first frame (app report, median)", lambda R: g(R, "P4", "first_frame"), "ms", nd=1)

    tls.add_rows(row, g)

    head = ["scenario / metric", "reference", "TCP Assistant", "Packet Sender", "app/ref", "app/PS", "target",
            "unit"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    md = "\n".join(lines)
    if notes:
        md += "\n\nNotes:\n" + "\n".join(f"- {n}" for n in notes)
    return md, verdicts


# ---------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    nofile = raise_nofile()
    log(f"RLIMIT_NOFILE {nofile}")
    notes = []
    if nofile < P2_CONNS + 200:
        notes.append(f"open-file limit is only {nofile}: P2 cannot hold {P2_CONNS} connections")
    ensure_packages()
    build_tools()
    have_app = "app" in ONLY and build_app()

    # one Xvfb (and one session bus) for the whole run
    rfd, wfd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(wfd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    started.append(xvfb)
    os.close(wfd)
    disp = b""
    end = time.monotonic() + 20
    while time.monotonic() < end and not disp.endswith(b"\n"):
        chunk = os.read(rfd, 16)
        if not chunk:
            break
        disp += chunk
    os.close(rfd)
    if not disp.strip():
        sys.exit("bench: Xvfb did not start")
    xenv = dict(os.environ, DISPLAY=":" + disp.decode().strip())
    xenv.pop("WAYLAND_DISPLAY", None)
    if shutil.which("dbus-daemon"):
        r = sh(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"], timeout=10)
        lines = r.stdout.split()
        if r.returncode == 0 and len(lines) >= 2:
            xenv["DBUS_SESSION_BUS_ADDRESS"] = lines[0]
            dbus_pid = int(lines[1])
            started_pids.append(dbus_pid)
    log(f"Xvfb on {xenv['DISPLAY']}")

    targets = []
    if "ref" in ONLY:
        targets.append(RefTarget(xenv))
    if "app" in ONLY:
        if have_app:
            targets.append(AppTarget(xenv))
        else:
            log("app not built (build/src/tcp-assistant missing): skipping TCP Assistant")
            notes.append("TCP Assistant: app not built (build/src/tcp-assistant missing) — column empty")
    if "ps" in ONLY:
        if shutil.which("packetsender"):
            targets.append(PsTarget(xenv))
        else:
            notes.append("Packet Sender not installed — column empty")

    res = {}
    for t in targets:
        R = res.setdefault(t.key, {})
        log(f"== {t.name}")
        for fn in (run_p1, run_p2, run_p3, run_p3_small, run_p3_paused, run_p3_line, run_idle, run_p4,
                   tls.run_p1_tls, tls.run_p3_tls):
            if t.key == "ref" and fn is run_p4:
                continue
            if SCENARIOS and fn.__name__[4:] not in SCENARIOS:
                continue
            try:
                if DEADLINE - time.monotonic() < 30:
                    raise OutOfTime("run deadline reached")
                fn(t, R)
            except OutOfTime:
                log(f"  {fn.__name__}: skipped, out of time")
                notes.append(f"{t.name}: {fn.__name__} skipped: the 10-minute bound was reached")
                t.close()
            except Exception as e:  # keep going: one broken target must not hide the others
                log(f"  {fn.__name__} failed: {e}")
                notes.append(f"{t.name}: {fn.__name__} failed: {e}")
                t.close()

    ps = res.get("ps", {})
    if ps:
        sc = g(ps, ("P1", 16), "server_closes")
        if sc:
            notes.append("Packet Sender answers once per connection and then closes it (persistent mode opens "
                         "one window per connection and answers ~2×/s): its P1 figures are one round trip per "
                         f"connection, re-connecting after each close ({int(sc):,} server closes at 16 clients).")
        if g(ps, "P2", "server_closes"):
            notes.append("Packet Sender P2: every connection is closed by the server right after the greeting, "
                         "so its RSS is not with 10,000 connections open.")
        if g(ps, "P3", "bytes_sent") is not None and (g(ps, "P3", "bytes_sent") or 0) < GIB:
            notes.append(f"Packet Sender P3: it reads once, replies and closes, so the flood stops after "
                         f"{f(g(ps, 'P3', 'bytes_sent'))} bytes; it has no byte counter or stall probe.")
    app = res.get("app", {})
    if app.get("P3") and app["P3"].get("stall_before_ms") is not None:
        notes.append(f"App max_stall_ms before the flood (counted from the first frame): "
                     f"{f(app['P3']['stall_before_ms'], 1)} ms; after: {f(app['P3'].get('stall_ms'), 1)} ms.")
    if app.get("P4") and app["P4"].get("first_frame") is None:
        notes.append("App did not write first_frame_ms to TA_BENCH_REPORT.")
    notes.append(f"Loopback {HOST}, {os.cpu_count()} cores, ping-pong {DURATION:g} s per run, "
                 f"run took {time.monotonic() - T_START:.0f} s, {time.strftime('%Y-%m-%d %H:%M')}.")

    md, verdicts = build_table(res, notes)
    with open(os.path.join(OUT, "results.md"), "w") as fh:
        fh.write("# TCP Assistant benchmark\n\n" + md + "\n")
    print()
    print(md)
    print()
    fails = [l for l, v in verdicts if v.startswith("FAIL")]
    print(f"targets: {sum(1 for _, v in verdicts if v == 'PASS')} passed, {len(fails)} failed"
          + (f" ({'; '.join(fails)})" if fails else ""))
    print(f"written: {os.path.relpath(os.path.join(OUT, 'results.md'), ROOT)}")


started_pids = []

def _on_term(signum, frame):
    raise OutOfTime("terminated")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _on_term)
    try:
        main()
    finally:
        stop_all()
        for pid in started_pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
