#!/bin/bash
# test-cmdline.sh: --max-clients from the command line, with the real binary
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cmdline.sh PATH/TO/tcp-assistant   (under xvfb-run: DISPLAY set)
# A bad number fails at once with exit status 2; --max-clients=2 with
# --listen accepts two clients and closes the third, without changing the
# preference.
set -u
APP=$1
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; }
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8
# No session bus: each run is its own (non-unique) instance. On the test
# session's bus another tcp-assistant left running (by a test that crashed)
# would get this command line instead, and this run would exit at once.
export DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/ta-test-no-bus

for bad in 0 100001 -5 abc; do
  out=$(timeout 10 "$APP" --max-clients=$bad 2>&1)
  rc=$?
  [ $rc -eq 2 ] || fail "--max-clients=$bad: exit status $rc, expected 2 ($out)"
  echo "$out" | grep -q -- "--max-clients must be a number from 1 to 100000" || fail "--max-clients=$bad: no message ($out)"
done
echo "ok: bad values are refused"

# Port 0: the system chooses; the log file tells which ("Waiting for clients
# on port N…"), so no port is picked and released before the app binds it.
TMP=$(mktemp -d)
LOG=$TMP/log.txt
timeout 60 "$APP" --listen=0 --max-clients=2 --log-file="$LOG" >"$TMP/out.txt" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$TMP"' EXIT

PORT=
for _ in $(seq 300); do   # 30 s at most
  PORT=$(sed -n 's/.*Waiting for clients on port \([0-9]*\).*/\1/p' "$LOG" 2>/dev/null | head -n1)
  [ -n "$PORT" ] && break
  kill -0 $PID 2>/dev/null || fail "the app exited before listening: $(cat "$TMP/out.txt")"
  sleep 0.1
done
[ -n "$PORT" ] || fail "no 'Waiting for clients on port' line in the log file"

timeout 40 python3 - "$PORT" <<'PY' || fail "the limit was not applied"
import socket, sys, time
port = int(sys.argv[1])
cs = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
# The third is closed by the server: wait for it (bounded), then the first
# two must still be open.
cs[2].settimeout(20)
try:
    third = "closed" if cs[2].recv(10) == b"" else "data"
except socket.timeout:
    third = "open"
except OSError:
    third = "closed"
states = []
for c in cs[:2]:
    c.settimeout(0.5)
    try:
        states.append("closed" if c.recv(10) == b"" else "data")
    except socket.timeout:
        states.append("open")
    except OSError:
        states.append("closed")
states.append(third)
print("clients:", states)
sys.exit(0 if states == ["open", "open", "closed"] else 1)
PY
echo "ok: --max-clients=2 closes the third client"

# Still running (a GLib critical aborts it: G_DEBUG=fatal-criticals), and
# SIGTERM ends it.
kill -0 $PID 2>/dev/null || fail "the app is no longer running: $(cat "$TMP/out.txt")"
kill -TERM $PID
wait $PID
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 143 ] || fail "after SIGTERM: exit status $rc ($(cat "$TMP/out.txt"))"
echo "ok: the app ran without a critical and ended on SIGTERM"
