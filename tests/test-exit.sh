#!/bin/bash
# test-exit.sh: how the real binary ends
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-exit.sh PATH/TO/tcp-assistant   (under xvfb-run + dbus-run-session)
#
# - A bad --listen or an unwritable --log-file, with no window yet: exit
#   status 1 at once and the sentence on stderr (no window opened).
# - The same given to a running instance: status 1 and the sentence for the
#   second launch (the window shows it too).
# - Quit through app.quit (what Ctrl+Q activates, here over D-Bus), SIGTERM
#   and SIGINT, with three clients connected to the server, the client page
#   connected and a recording on: exit status 0. In the AddressSanitizer
#   stage (build-aux/sanitize, G_SLICE=always-malloc) a read of freed memory
#   on the way out aborts, and the status is not 0.
set -u
APP=$1
APP_ID=io.github.tcpassistant.TcpAssistant
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; }
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8
SLOW=${TA_TEST_SLOWDOWN:-1}
# In the ASan stage: the ui stage's fast_unwind_on_malloc=0 can deadlock a
# GLib pool thread in libgcc's unwinder (seen here); the default fast
# unwinder is enough for a use-after-free report.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  export ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=1
fi
TMP=$(mktemp -d)
PID=""
PEERS=""
cleanup() {
  [ -n "$PEERS" ] && kill "$PEERS" 2>/dev/null
  [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# 1. Mistakes with no window: a status, a sentence, no window.
check_refused() {   # expected-text args...
  local want=$1 out rc
  shift
  out=$(timeout $((10 * SLOW)) "$APP" "$@" 2>&1)
  rc=$?
  [ $rc -eq 1 ] || fail "$*: exit status $rc, expected 1 ($out)"
  echo "$out" | grep -qF -- "$want" || fail "$*: no sentence on stderr ($out)"
}
check_refused "is not a port number" --listen=abc
check_refused "cannot be written" --log-file="$TMP/no/such/dir/log.txt"
check_refused "cannot be written" --listen=0 --log-file="$TMP/no/such/dir/log.txt"
echo "ok: --listen=abc and an unwritable --log-file exit with status 1 and say why"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {   # seconds command...: polls until the command succeeds
  local deadline=$((SECONDS + $1 * SLOW))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

has_replies() {
  local n
  n=$(grep -c hello "$1" 2>/dev/null)
  [ "${n:-0}" -ge 3 ]
}

# Starts the app serving on a free port, recording to a file, its client
# page connected to itself, and three more clients held open.
start_busy_app() {
  PORT=$(free_port)
  LOG=$TMP/record-$1.txt
  "$APP" --listen="$PORT" --connect=127.0.0.1:"$PORT" --send=hi --log-file="$LOG" >"$TMP/out-$1.txt" 2>&1 &
  PID=$!
  python3 - "$PORT" "$TMP/peers-ready" <<'PY' &
import socket, sys, time
port, ready = int(sys.argv[1]), sys.argv[2]
deadline = time.time() + 30
socks = []
while len(socks) < 3:
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=1))
    except OSError:
        if time.time() > deadline:
            sys.exit("the app never listened on %d" % port)
        time.sleep(0.1)
for s in socks:
    s.sendall("你好".encode("gbk"))
open(ready, "w").close()
time.sleep(120)   # held open until killed
PY
  PEERS=$!
  wait_for 30 test -e "$TMP/peers-ready" || fail "$1: clients could not connect"
  # The recording is on: the replies to the three clients reach the file.
  wait_for 20 has_replies "$LOG" \
    || fail "$1: the recording did not get the replies ($(cat "$LOG" 2>/dev/null | tail -n 5))"
  rm -f "$TMP/peers-ready"
}

wait_exit() {   # name: the app must end by itself with status 0
  local i rc
  for ((i = 0; i < 200 * SLOW; i++)); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$PID" 2>/dev/null && fail "$1: the app did not exit"
  wait "$PID"
  rc=$?
  PID=""
  kill "$PEERS" 2>/dev/null
  wait "$PEERS" 2>/dev/null
  PEERS=""
  [ $rc -eq 0 ] || fail "$1: exit status $rc, expected 0: $(tail -n 40 "$TMP/out-$1.txt")"
  echo "ok: $1 with clients connected and a recording on exits with status 0"
}

# 2. A mistake given to a running instance: the second launch gets the
#    status and the sentence.
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  start_busy_app remote
  out=$(timeout $((20 * SLOW)) "$APP" --listen=abc 2>&1)
  rc=$?
  [ $rc -eq 1 ] || fail "second launch --listen=abc: exit status $rc, expected 1 ($out)"
  echo "$out" | grep -qF "is not a port number" || fail "second launch: no sentence ($out)"
  kill -0 "$PID" 2>/dev/null || fail "the first instance ended"
  echo "ok: a running instance refuses --listen=abc with status 1 for the second launch"

  # 3. app.quit, as Ctrl+Q activates it.
  gapplication action "$APP_ID" quit || fail "gapplication action quit failed"
  wait_exit "app.quit"
else
  echo "# SKIP app.quit and the second launch: no D-Bus session bus (run under dbus-run-session)"
fi

# 4. The signals a session or a terminal sends.
for sig in TERM INT; do
  start_busy_app "SIG$sig"
  kill -s "$sig" "$PID"
  wait_exit "SIG$sig"
done
exit 0
