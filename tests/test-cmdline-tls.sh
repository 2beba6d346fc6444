#!/bin/bash
# test-cmdline-tls.sh: --tls, --tls-cert/--tls-key and --tls-fingerprint with
# the real binary
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cmdline-tls.sh PATH/TO/tcp-assistant   (under xvfb-run)
# Bad values exit 2 with a sentence; --listen=0 --tls serves TLS to Python's
# ssl module with the certificate it made (in a temporary XDG_DATA_HOME);
# --listen=0 --tls-cert/--tls-key serves the given one; --connect
# --tls-fingerprint --send reaches a Python ssl server with a self-signed
# certificate and sends the text encrypted.
set -u
APP=$1
HERE=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; }
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none LANGUAGE=en LC_ALL=C.UTF-8
export DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/ta-test-no-bus
TMP=$(mktemp -d)
export XDG_DATA_HOME=$TMP/data
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null; wait $p 2>/dev/null; done; rm -rf "$TMP"' EXIT

expect_2() {  # expect_2 NEEDLE ARGS...
  local needle=$1; shift
  out=$(timeout 10 "$APP" "$@" 2>&1); rc=$?
  [ $rc -eq 2 ] || fail "$*: exit status $rc, expected 2 ($out)"
  echo "$out" | grep -qF -- "$needle" || fail "$*: no sentence with '$needle' ($out)"
}
expect_2 "64 hexadecimal digits" --tls-fingerprint=12:34
expect_2 "does not exist" --tls-cert="$TMP/none.pem"
expect_2 "--tls-key needs --tls-cert" --tls-key="$TMP/none.pem"
echo "ok: bad values are refused"

wait_port() {  # wait_port LOG → prints the port the app listens on
  local port=
  for _ in $(seq 300); do
    port=$(sed -n 's/.*Waiting for clients on port \([0-9]*\).*/\1/p' "$1" 2>/dev/null | head -n1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}

tls_get() {  # tls_get PORT CAFILE → "hello" from our server, over TLS
  timeout 20 $PY - "$1" "$2" <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as c:
    with ctx.wrap_socket(c, server_hostname="localhost") as t:
        t.sendall(b"ping")
        print(t.recv(100).decode())
PY
}

# --listen --tls: the generated certificate.
timeout 60 "$APP" --listen=0 --tls --log-file="$TMP/log1.txt" >"$TMP/out1.txt" 2>&1 &
PIDS+=($!)
PORT=$(wait_port "$TMP/log1.txt") || fail "no 'Waiting for clients' line: $(cat "$TMP/out1.txt")"
CERT=$XDG_DATA_HOME/tcp-assistant/tls/server-certificate.pem
[ -f "$CERT" ] || fail "no generated certificate in $CERT"
[ "$(tls_get "$PORT" "$CERT")" = hello ] || fail "--listen --tls: no TLS hello"
FP=$(openssl x509 -noout -fingerprint -sha256 -in "$CERT" | sed 's/.*=//')
grep -qF "fingerprint: $FP" "$TMP/log1.txt" || fail "the log does not give the fingerprint $FP"
# The log file is written in batches: wait for the line (up to 20 s).
for _ in $(seq 200); do
  grep -q "Encrypted with TLS 1.3" "$TMP/log1.txt" && break
  sleep 0.1
done
grep -q "Encrypted with TLS 1.3" "$TMP/log1.txt" || fail "the log does not say TLS 1.3"
kill ${PIDS[0]}; wait ${PIDS[0]} 2>/dev/null
echo "ok: --listen --tls"

# --tls-cert/--tls-key: the user's certificate.
$PY "$HERE/tls-make-cert.py" "$TMP/c.pem" "$TMP/k.pem" localhost,127.0.0.1 || fail "no test certificate"
timeout 60 "$APP" --listen=0 --tls-cert="$TMP/c.pem" --tls-key="$TMP/k.pem" --log-file="$TMP/log2.txt" >"$TMP/out2.txt" 2>&1 &
PIDS+=($!)
PORT=$(wait_port "$TMP/log2.txt") || fail "no 'Waiting for clients' line: $(cat "$TMP/out2.txt")"
[ "$(tls_get "$PORT" "$TMP/c.pem")" = hello ] || fail "--tls-cert: no TLS hello"
kill ${PIDS[1]}; wait ${PIDS[1]} 2>/dev/null
echo "ok: --tls-cert --tls-key"

# --connect --tls-fingerprint --send: to a Python ssl server.
$PY -u - "$TMP/c.pem" "$TMP/k.pem" >"$TMP/server.txt" 2>&1 <<'PY' &
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4); s.settimeout(50)
print("PORT", s.getsockname()[1], flush=True)
c, _ = s.accept()
t = ctx.wrap_socket(c, server_side=True)
print("GOT", t.recv(100).decode(), flush=True)
PY
PIDS+=($!)
for _ in $(seq 100); do grep -q PORT "$TMP/server.txt" && break; sleep 0.1; done
SPORT=$(sed -n 's/PORT //p' "$TMP/server.txt")
[ -n "$SPORT" ] || fail "the Python ssl server did not start: $(cat "$TMP/server.txt")"
FP=$(openssl x509 -noout -fingerprint -sha256 -in "$TMP/c.pem" | sed 's/.*=//')
timeout 60 "$APP" --connect=127.0.0.1:$SPORT --tls-fingerprint="$FP" --send=secret --log-file="$TMP/log3.txt" >"$TMP/out3.txt" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do grep -q GOT "$TMP/server.txt" && break; sleep 0.1; done
grep -q "GOT secret" "$TMP/server.txt" || fail "--tls-fingerprint: the server got $(cat "$TMP/server.txt")"
echo "ok: --connect --tls-fingerprint --send"
exit 0
