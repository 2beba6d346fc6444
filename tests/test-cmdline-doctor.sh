#!/bin/bash
# test-cmdline-doctor.sh: --self-test (and --report) with the real binary
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cmdline-doctor.sh PATH/TO/tcp-assistant
# --self-test needs no display: it prints the table and exits 0 when
# loopback works, within 2 s, leaving nothing running.
set -u
APP=$1
fail() { echo "FAIL: $*"; exit 1; }
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8

start=$(date +%s%N)
out=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$APP" --self-test 2>&1)
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $rc -eq 0 ] || fail "--self-test: exit status $rc ($out)"
echo "$out" | grep -Eq '^127\.0\.0\.1 \(lo\) +yes +[0-9.]+ ms +Programs on this computer' || fail "no 127.0.0.1 row ($out)"
echo "$out" | grep -q '^Address  *Reachable  *Round trip  *Meaning' || fail "no table header ($out)"
echo "$out" | grep -q 'left nothing running' || fail "no closing line ($out)"
echo "ok: --self-test exits 0 in $ms ms"
echo "$out" | sed 's/^/# /'

# --report needs the window (DISPLAY, under xvfb-run).
if [ -z "${DISPLAY:-}" ]; then
  echo "ok: --report not tried: no DISPLAY (run under xvfb-run)"
  exit 0
fi
CHECK=$(dirname "$0")/check-report.py
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# An unwritable path is a sentence at once.
out=$(timeout 5 "$APP" --report=/nonexistent-directory/r.html 2>&1)
echo "$out" | grep -q -- "--report: cannot write in the folder /nonexistent-directory" || fail "no sentence for an unwritable --report ($out)"
echo "ok: an unwritable --report path is refused with a sentence"

# A peer that greets with markup; the app sends "hello"; SIGTERM; the
# report has every entry, the markup only as text.
$PY -u - "$TMP/port" > "$TMP/peer.out" <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept()
c.sendall(b"<script>alert(1)</script>")
c.settimeout(20)
data = b""
while b"hello" not in data:
    chunk = c.recv(100)
    if not chunk:
        break
    data += chunk
print("got", data.decode(errors="replace"), flush=True)
time.sleep(20)
PY
PEER=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMP/port")
timeout 30 "$APP" --connect=127.0.0.1:$PORT --send=hello --report="$TMP/r.html" --log-file="$TMP/log.txt" >/dev/null 2>&1 &
APPPID=$!
for _ in $(seq 200); do grep -q "got" "$TMP/peer.out" 2>/dev/null && break; sleep 0.1; done
grep -q "got hello" "$TMP/peer.out" || { kill $APPPID $PEER; fail "the peer never got hello"; }
# The greeting is in the log once the log file has it (same pipeline).
for _ in $(seq 100); do grep -q "alert(1)" "$TMP/log.txt" 2>/dev/null && break; sleep 0.1; done
grep -q "alert(1)" "$TMP/log.txt" || { kill $APPPID $PEER; fail "the greeting never reached the log"; }
kill -TERM $APPPID; wait $APPPID; rc=$?
kill $PEER 2>/dev/null; wait $PEER 2>/dev/null
[ $rc -eq 0 ] || fail "the app exited with $rc after SIGTERM"
[ -s "$TMP/r.html" ] || fail "--report wrote nothing"
$PY "$CHECK" --pictures=1 --picture-text="<script>alert(1)</script>" "$TMP/r.html" - "<script>alert(1)</script>" "hello" "3C 73 63 72 69 70 74 3E" "TCP Assistant" \
  || fail "the report failed its check"
echo "ok: --report wrote a checked report at exit"
