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
