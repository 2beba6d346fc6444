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

for bad in 0 100001 -5 abc; do
  out=$(timeout 10 "$APP" --max-clients=$bad 2>&1)
  rc=$?
  [ $rc -eq 2 ] || fail "--max-clients=$bad: exit status $rc, expected 2 ($out)"
  echo "$out" | grep -q -- "--max-clients must be a number from 1 to 100000" || fail "--max-clients=$bad: no message ($out)"
done
echo "ok: bad values are refused"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 30 "$APP" --listen=$PORT --max-clients=2 >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT

timeout 20 python3 - "$PORT" <<'PY' || fail "the limit was not applied"
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 10
while True:   # wait until the app listens, without taking a client slot for long
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("the app never listened on %d" % port)
        time.sleep(0.1)
time.sleep(0.5)   # the probe's close reaches the server
cs = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
time.sleep(0.5)
states = []
for c in cs:
    c.settimeout(0.5)
    try:
        states.append("closed" if c.recv(10) == b"" else "data")
    except socket.timeout:
        states.append("open")
    except OSError:
        states.append("closed")
print("clients:", states)
sys.exit(0 if states == ["open", "open", "closed"] else 1)
PY
echo "ok: --max-clients=2 closes the third client"
