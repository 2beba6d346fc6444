#!/bin/bash
# test-idle.sh: an idle server lets the process sleep (the real binary)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-idle.sh PATH/TO/tcp-assistant   (under xvfb-run: DISPLAY set)
#
# Wake-ups = voluntary context switches of all the process's threads
# (/proc/PID/task/*/status), over 4 s, once GTK has stopped blinking the
# text cursor (10 s after start). With the server on and no client, then
# with 10 idle clients: at most 5 a second each time. (Before: 15 and 106,
# from the fairness heartbeat's 20 ms timer and the clients list resetting
# its icons every second; and 78 with the clients, from the log's overlay
# scrollbar fading in and out for ~4 s at 60 frames a second after the
# clients' lines scrolled the log.)
set -u
APP=$1
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; }
if [ -n "${ASAN_OPTIONS:-}" ]; then
  echo "SKIP: AddressSanitizer's own threads wake the process"; exit 77
fi
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8
SECONDS_MEASURED=4
LIMIT_PER_S=5

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$APP" --listen="$PORT" >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT

timeout 60 python3 - "$PID" "$PORT" "$SECONDS_MEASURED" "$LIMIT_PER_S" <<'PY' || fail "the process wakes too often"
import os, socket, sys, time
pid, port, secs, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])

def counts():
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as fh:
                for line in fh:
                    if line.startswith("voluntary_ctxt_switches:"):
                        out[tid] = int(line.split()[1])
        except OSError:
            pass
    return out

def rate():
    before = counts()
    time.sleep(secs)
    after = counts()
    return sum(n - before.get(t, 0) for t, n in after.items()) / secs

deadline = time.time() + 20
while True:   # listening (a probe connection, closed at once)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("the app never listened")
        time.sleep(0.1)
# More lines than any layout's log shows, so that the clients' lines below
# scroll it: a scrolled log must not keep redrawing once it is still.
for _ in range(20):
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
time.sleep(11)   # GTK blinks the cursor for 10 s after start
none = rate()
clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(10)]
time.sleep(1)
ten = rate()
print(f"# wake-ups/s: {none:.1f} with no client, {ten:.1f} with 10 idle clients (limit {limit:g})")
sys.exit(0 if none <= limit and ten <= limit else 1)
PY
echo "ok: an idle server wakes at most $LIMIT_PER_S times a second, with no client and with 10"
