#!/usr/bin/python3
# test-a11y.py: every control of both pages has a name a screen reader can say
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Also fails on names garbled from mnemonic labels ("_Start Server Start
# Server"), which a screen reader reads out as they are.
#
# Runs build/src/tcp-assistant with GTK_A11Y=atspi on a private AT-SPI bus
# (under the session bus of dbus-run-session), finds the application in the
# AT-SPI registry, walks the accessible tree of the Server page, switches to
# the Client page by clicking its tab through AT-SPI, walks again, and fails
# on any button, toggle button, text entry, check box, combo box or menu
# button without a name; then, in a second run connecting with TLS to a
# server nobody trusts, the same for the certificate dialog (see
# walk_certificate_dialog). Needs Debian's python3-pyatspi and at-spi2-core;
# exits 77 (skip) with the reason when AT-SPI cannot work here.
#
# Usage: test-a11y.py PATH/TO/tcp-assistant

import os
import re
import subprocess
import sys
import tempfile
import time

SKIP = 77
# (meson gives the test 120 s, times its --timeout-multiplier; the walk of
# the folded state takes ~55 s on a loaded machine, over 100 s under ASan,
# whose stage says so in TA_TEST_SLOWDOWN and multiplies the timeout by 3)
try:
    SLOWDOWN = max(1.0, float(os.environ.get("TA_TEST_SLOWDOWN", "1")))
except ValueError:
    SLOWDOWN = 1.0
DEADLINE = time.monotonic() + 100 * SLOWDOWN


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(SKIP)


def log(msg):
    print(msg, flush=True)


if len(sys.argv) < 2:
    print("usage: test-a11y.py PATH/TO/tcp-assistant", file=sys.stderr)
    sys.exit(2)
app_path = sys.argv[1]

if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip("no session bus: run under dbus-run-session")
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    skip("no display: run under xvfb-run")
launcher = "/usr/libexec/at-spi-bus-launcher"
if not os.path.exists(launcher):
    skip(launcher + " is missing: install at-spi2-core")

try:
    import gi
    gi.require_version("Atspi", "2.0")
    import pyatspi
except Exception as e:  # ImportError, ValueError from require_version
    skip("python3-pyatspi is not usable with %s: %s" % (sys.executable, e))

procs = []


def cleanup():
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


env = dict(os.environ)
env.pop("NO_AT_BRIDGE", None)
env["GTK_A11Y"] = "atspi"
env["GDK_BACKEND"] = env.get("GDK_BACKEND", "x11")
env["GSK_RENDERER"] = env.get("GSK_RENDERER", "cairo")
env["GSETTINGS_BACKEND"] = "memory"
env["LANGUAGE"] = "en"
env["LC_ALL"] = "C.UTF-8"
# A GLib critical aborts the app (then the walk fails). Not set for this
# script itself: the AT-SPI client library in it logs criticals when the
# registry drops a call under load, which says nothing about the app.
env["G_DEBUG"] = "fatal-criticals"
# The app must not pick up a real user's settings.
env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ta-a11y-")

# The accessibility bus; exits at once if one is already running.
procs.append(subprocess.Popen([launcher, "--launch-immediately"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
time.sleep(0.5)
app = subprocess.Popen([app_path], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
procs.append(app)

CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON: "push button",
    pyatspi.ROLE_TOGGLE_BUTTON: "toggle button",
    pyatspi.ROLE_ENTRY: "entry",
    pyatspi.ROLE_TEXT: "text",
    pyatspi.ROLE_PASSWORD_TEXT: "password text",
    pyatspi.ROLE_CHECK_BOX: "check box",
    pyatspi.ROLE_COMBO_BOX: "combo box",
    pyatspi.ROLE_SPIN_BUTTON: "spin button",
    pyatspi.ROLE_RADIO_BUTTON: "radio button",
}
if hasattr(pyatspi, "ROLE_PUSH_BUTTON_MENU"):
    CONTROL_ROLES[pyatspi.ROLE_PUSH_BUTTON_MENU] = "menu button"


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is None:
            continue
        try:
            if a.name == "tcp-assistant" or a.get_process_id() == app.pid:
                return a
        except Exception:
            continue
    return None


def walk(node, path, out, depth=0):
    if node is None or depth > 60:
        return
    try:
        role = node.getRole()
        name = node.name or ""
        n = node.childCount
    except Exception:
        return
    # Every control, hidden or not: a hidden one shows up later (GTK 4.8
    # does not set "showing" on widgets inside containers anyway).
    here = path + [("%s“%s”" % (node.getRoleName(), name[:30]))]
    out.append((role, name, node, here))
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        walk(child, here, out, depth + 1)


def controls(a):
    out = []
    walk(a, [], out)
    return out


# GTK 4.8 names an unnamed widget after its type ("GtkToggleButton").
TYPE_NAME = re.compile(r"^(Gtk|Adw|Ta)[A-Z][A-Za-z]+$")


def unnamed(name):
    return not name.strip() or TYPE_NAME.match(name.strip()) is not None


# GTK 4.8 also makes names like "_Start Server Start Server" and
# "Reconnect _automatically" out of mnemonic labels.
MNEMONIC = re.compile(r"_[^\W_]")


def garbled(name):
    words = name.split()
    half = len(words) // 2
    doubled = len(words) % 2 == 0 and half > 0 and \
        [w.replace("_", "") for w in words[:half]] == words[half:]
    return MNEMONIC.search(name) is not None or doubled


def offenders(items):
    bad = []
    for role, name, node, path in items:
        if role in CONTROL_ROLES and not unnamed(name) and garbled(name):
            full = " > ".join(path)
            where = ("Client page" if "TaClientPage" in full else
                     "Server page" if "TaServerPage" in full else "Window")
            bad.append("%s: %s named “%s” (a mnemonic underscore or doubled text) at %s" %
                       (where, CONTROL_ROLES[role], name, " > ".join(path[-3:])))
        if role in CONTROL_ROLES and unnamed(name):
            try:
                desc = node.description
            except Exception:
                desc = ""
            full = " > ".join(path)
            where = ("Client page" if "TaClientPage" in full else
                     "Server page" if "TaServerPage" in full else "Window")
            bad.append("%s: %s without a name (description “%s”) at %s" %
                       (where, CONTROL_ROLES[role], desc, " > ".join(path[-4:])))
    return bad


def wait(cond, what):
    while time.monotonic() < DEADLINE:
        r = cond()
        if r:
            return r
        time.sleep(0.2)
    return None


# ---- The certificate dialog (issue 17) --------------------------------------
# A second run of the app, once the first has exited (one instance per bus):
# `--connect=127.0.0.1:PORT --tls` to a TLS server in this script whose
# self-signed certificate (made by openssl at run time) nobody trusts, so
# the Client page asks in its certificate dialog; every control in that
# dialog must have a name. Returns the offenders, or a list with one
# "FAIL…" sentence when the dialog never appeared; None to skip (no openssl).

def walk_certificate_dialog():
    import shutil
    import socket
    import ssl
    import threading

    global DEADLINE
    if not shutil.which("openssl"):
        log("certificate dialog: openssl missing, not walked")
        return None
    tmp = tempfile.mkdtemp(prefix="ta-a11y-tls-")
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=a11y.invalid"],
                   check=True, capture_output=True, timeout=30)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve():  # handshakes that the app aborts: nothing else to do
        while not stop.is_set():
            try:
                c, _ = listener.accept()
            except OSError:
                continue
            try:
                c.settimeout(5)
                ctx.wrap_socket(c, server_side=True).close()
            except (OSError, ssl.SSLError):
                c.close()

    threading.Thread(target=serve, daemon=True).start()
    DEADLINE = time.monotonic() + 60 * SLOWDOWN
    env2 = dict(env, XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="ta-a11y-"),
                XDG_DATA_HOME=tempfile.mkdtemp(prefix="ta-a11y-"))
    app2 = subprocess.Popen([app_path, "--connect=127.0.0.1:%d" % port, "--tls"], env=env2,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    procs.append(app2)
    try:
        def find_app2():
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                d = desktop.getChildAtIndex(i)
                try:
                    if d is not None and d.get_process_id() == app2.pid:
                        return d
                except Exception:
                    continue
            return None

        a2 = wait(find_app2, "second app")
        if a2 is None:
            return ["FAIL: the app started with --connect --tls never showed up in the AT-SPI registry"]

        def dialog():
            for i in range(a2.childCount):
                top = a2.getChildAtIndex(i)
                items = controls(top) if top is not None else []
                if any(r == pyatspi.ROLE_PUSH_BUTTON and "Trust" in n for r, n, _, _ in items):
                    return items
            return None

        items = wait(dialog, "certificate dialog")
        if items is None:
            return ["FAIL: the untrusted certificate dialog never appeared (Trust Once / Trust Always)"]
        n = sum(1 for r, _, _, _ in items if r in CONTROL_ROLES)
        bad = offenders(items)
        log("Certificate dialog: %d controls, %d without a name" % (n, len(bad)))
        if n < 3:
            return ["FAIL: the certificate dialog shows only %d controls" % n]
        if app2.poll() is not None:
            return ["FAIL: the app exited while its certificate dialog was walked: "
                    + app2.stderr.read().decode("utf-8", "replace")]
        return bad
    finally:
        stop.set()
        if app2.poll() is None:
            app2.terminate()
            try:
                app2.wait(5)
            except subprocess.TimeoutExpired:
                app2.kill()
        listener.close()
        shutil.rmtree(tmp, ignore_errors=True)


try:
    a = wait(find_app, "app")
    if a is None:
        if app.poll() is not None:
            print(app.stderr.read().decode(errors="replace"))
            print("FAIL: the application exited early")
            sys.exit(1)
        skip("the application never showed up in the AT-SPI registry "
             "(accessibility bus or registry daemon not reachable)")
    log("Found %s (pid %d)" % (a.name, app.pid))

    # Wait for the window's content (the Start button) to be exposed.
    def server_ready():
        items = controls(a)
        return items if any(r == pyatspi.ROLE_PUSH_BUTTON and "Start" in n for r, n, _, _ in items) else None
    server_items = wait(server_ready, "server page")
    if server_items is None:
        print("FAIL: the Server page's Start button never appeared; tree:")
        for r, n, _, p in controls(a)[:80]:
            print("  " + " > ".join(p[-3:]))
        sys.exit(1)

    # The Client page: select its tab in the view switcher through AT-SPI
    # (what Alt+2 or a click does), and check the tab is then selected.
    tabs = [node for role, name, node, path in server_items
            if role == pyatspi.ROLE_PAGE_TAB and name.replace("_", "") == "Client"]
    if not tabs:
        print("FAIL: no page tab named Client in the view switcher")
        sys.exit(1)

    def select_tab():
        for tab in tabs:
            try:
                action = tab.queryAction()
            except NotImplementedError:
                continue
            for i in range(action.nActions):
                if action.getName(i) in ("click", "activate", "press", "select"):
                    action.doAction(i)
                    return True
        return False

    def client_selected():
        return any(t.getState().contains(pyatspi.STATE_SELECTED) or
                   t.getState().contains(pyatspi.STATE_CHECKED) for t in tabs)

    if not select_tab():
        # No action on the tab: press Alt+2 instead.
        subprocess.run(["xdotool", "key", "alt+2"], env=env, timeout=10, check=False)
    if not wait(client_selected, "client tab"):
        print("FAIL: the Client tab did not become selected")
        sys.exit(1)
    log("Client page shown")

    time.sleep(0.5)
    client_items = controls(a)

    # The settings behind buttons (popovers) and the narrow layout: open
    # each popover through AT-SPI and walk it; then make the window a
    # phone's size (rows stacked, clients list folded) and walk again.
    def do_action(node):
        try:
            action = node.queryAction()
        except NotImplementedError:
            return False
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "press", "toggle"):
                action.doAction(i)
                return True
        return False

    def named(name, page, roles=CONTROL_ROLES):
        return [node for r, n, node, path in controls(a)
                if n == name and r in roles and page in " > ".join(path)]

    extra = []

    def walk_popover(name, page, inside):
        # (a menu button and its inner toggle: whichever has the action)
        if isinstance(name, tuple):
            # the name the window gives the button as wide or folded
            name = next((n for n in name if named(n, page)), name[0])
        if not any(do_action(b) for b in reversed(named(name, page))):
            print("FAIL: no button “%s” on the %s that AT-SPI can press" % (name, page))
            for r, n, _, path in controls(a):
                if n == name:
                    print("  found at " + " > ".join(path))
            sys.exit(1)
        shown = wait(lambda: named(inside, page, (pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_CHECK_BOX,
                                                   pyatspi.ROLE_SPIN_BUTTON)) and controls(a), name)
        if not shown:
            print("FAIL: the popover of “%s” did not open" % name)
            sys.exit(1)
        extra.append(("Popover “%s” open" % name, shown))
        subprocess.run(["xdotool", "key", "Escape"], env=env, timeout=10, check=False)
        time.sleep(0.3)

    walk_popover("Connection options", "TaClientPage", "Reconnect automatically")
    walk_popover("Line ending, checksum and repeat", "TaClientPage", "Repeat interval in milliseconds")

    # Back to the Server page: its popovers, then the phone's size
    server_tabs = [node for role, name, node, path in server_items
                   if role == pyatspi.ROLE_PAGE_TAB and name.replace("_", "") == "Server"]
    if not server_tabs or not any(do_action(t) for t in server_tabs):
        subprocess.run(["xdotool", "key", "alt+1"], env=env, timeout=10, check=False)
    if not wait(lambda: any(t.getState().contains(pyatspi.STATE_SELECTED) or
                            t.getState().contains(pyatspi.STATE_CHECKED) for t in server_tabs), "server tab"):
        print("FAIL: the Server tab did not become selected")
        sys.exit(1)
    time.sleep(0.5)
    walk_popover(("Accept connections from", "Who may connect, and TLS"), "TaServerPage", "Accept connections from")
    walk_popover("Reply line ending and encoding", "TaServerPage", "Reply line ending")

    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)], env=env,
                         timeout=10, capture_output=True, text=True).stdout.split()
    if not wid:
        print("FAIL: no window of the app for xdotool")
        sys.exit(1)
    subprocess.run(["xdotool", "windowsize", wid[-1], "360", "640"], env=env, timeout=10, check=False)
    # Folded: the clients list is behind its button; open it and walk
    time.sleep(1.5)
    extra.append(("Window at 360×640", controls(a)))
    if not any(do_action(b) for b in reversed(named("Connected clients list", "TaServerPage"))):
        print("FAIL: no “Connected clients list” button to press at 360×640")
        sys.exit(1)
    time.sleep(1)
    extra.append(("Window at 360×640, clients list shown", controls(a)))
    subprocess.run(["xdotool", "key", "Escape"], env=env, timeout=10, check=False)
    time.sleep(0.5)
    # Folded, the format and encoding are in the composer's popover, TLS
    # in the port's; the filter row shows from its toggle.
    walk_popover("Line ending, checksum and repeat", "TaServerPage", "Message format")
    # (folded, the port's ⚙ also holds TLS and its name says so)
    walk_popover("Who may connect, and TLS", "TaServerPage", "Accept connections from")
    if not any(do_action(b) for b in reversed(named("Filter the log", "TaServerPage"))):
        print("FAIL: no “Filter the log” toggle to press at 360×640")
        sys.exit(1)
    time.sleep(0.5)
    extra.append(("Window at 360×640, filter row shown", controls(a)))

    n_checked = 0
    bad = []
    # GTK 4.8 exposes both pages all the time; walk before and after
    # switching anyway, in case a page builds its content when shown.
    for label, items in [("Server page shown", server_items), ("Client page shown", client_items)] + extra:
        page_bad = offenders(items)
        n = sum(1 for r, _, _, _ in items if r in CONTROL_ROLES)
        n_checked = max(n_checked, n)
        log("%s: %d controls, %d without a name" % (label, n, len(page_bad)))
        bad += page_bad

    if n_checked < 10:
        print("FAIL: only %d controls found: the tree is not what the test expects" % n_checked)
        sys.exit(1)
    if bad:
        print("FAIL: controls without an accessible name:")
        for b in sorted(set(bad)):
            print("  " + b)
        sys.exit(1)
    # G_DEBUG=fatal-criticals (above): a GLib critical aborts the app.
    if app.poll() is not None:
        print("FAIL: the app exited with status %d while being walked:\n%s"
              % (app.returncode, app.stderr.read().decode("utf-8", "replace")))
        sys.exit(1)
    # The certificate dialog: after this run ends (one instance per bus).
    app.terminate()
    app.wait(10)
    cert_bad = walk_certificate_dialog()
    if cert_bad:
        print("FAIL: the certificate dialog:")
        for b in sorted(set(cert_bad)):
            print("  " + b)
        sys.exit(1)
    print("PASS: every control on both pages%s has a name"
          % (" and in the certificate dialog" if cert_bad is not None else ""))
    sys.exit(0)
finally:
    cleanup()
