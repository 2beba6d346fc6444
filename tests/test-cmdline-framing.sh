#!/bin/bash
# test-cmdline-framing.sh: --rules and --frame from the command line, with the real binary
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cmdline-framing.sh PATH/TO/tcp-assistant   (under xvfb-run: DISPLAY set)
# Bad values stop at once with exit status 2 and a sentence; a rules file
# and --frame=line make the server answer PING lines with PONG, a line
# split over two sends answered once, two lines in one send twice.
set -u
APP=$(realpath "$1")
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; }
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8
DIR=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT

expect_refused() {  # ARG SENTENCE-PART
  out=$(timeout 10 "$APP" "$1" 2>&1)
  rc=$?
  [ $rc -eq 2 ] || fail "$1: exit status $rc, expected 2 ($out)"
  echo "$out" | grep -qF -- "$2" || fail "$1: no sentence with “$2” ($out)"
}
expect_refused --frame=lines "is not a way of framing messages"
expect_refused --frame=delimiter:zz "is not a delimiter"
expect_refused --frame=idle:0 "is not a way of framing messages"
expect_refused --rules="$DIR/missing.ini" "Could not read the rules file"
printf '[Good]\nmatch=any\n[Broken]\nmatch=regex\npattern=(x\n' > "$DIR/bad.ini"
expect_refused --rules="$DIR/bad.ini" "[Broken]"
printf '[Good]\nmatch=any\n[Crc]\ntext=x\nchecksum=crc99\n' > "$DIR/badsum.ini"
expect_refused --rules="$DIR/badsum.ini" "[Crc]: checksum=crc99 is not a checksum"
echo "ok: bad values are refused"

printf '[Ping]\nmatch=exact\npattern=PING\ntext=PONG\\n\n[Sum]\nmatch=exact\npattern=SUM\ntext=OK\nchecksum=sum8\nending=lf\n[Other]\nreply=none\n' > "$DIR/rules.ini"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$DIR" && exec timeout 60 "$APP" --listen="$PORT" --frame=line --rules=rules.ini) >"$DIR/app.log" 2>&1 &
PID=$!

timeout 30 python3 - "$PORT" <<'PY' || fail "the rules or the framing were not applied ($(cat "$DIR/app.log"))"
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 20
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("the app never listened on %d" % port)
        time.sleep(0.1)
s.settimeout(10)
s.sendall(b"PI")
time.sleep(0.3)
s.sendall(b"NG\nhello\nPING\r\nSUM\n")
got = b""
while got.count(b"\n") < 3:
    data = s.recv(100)
    if not data:
        break
    got += data
s.settimeout(0.5)
try:
    got += s.recv(100)
except socket.timeout:
    pass
print("replies:", got)
# Sum-8 of "OK" is 0x4F + 0x4B = 0x9A, before the line ending.
sys.exit(0 if got == b"PONG\nPONG\nOK\x9a\n" else 1)
PY
echo "ok: --rules and --frame=line answer PING lines, and a rule's checksum"
