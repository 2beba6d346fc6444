#!/bin/bash
# take.sh: one screenshot of the app with clients connected, on its own Xvfb
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/screenshots/take.sh OUT.png PAGE [VAR=value...]
#   PAGE: server or client (the page shown first); VAR=value: extra
#   environment for the app. Also: SENDARG (--send text), WAIT (seconds
#   before the shot), PRESHOT (a command run before it, with DISPLAY set),
#   WIDTH and HEIGHT (the window's size, 1100×720 unless set).
# Needs Xvfb, xdotool, imagemagick (import), python3, a built ./build.
# The shots in this folder:
#   SENDARG=你好 WAIT=7 take.sh server.png server
#   SENDARG=你好 WAIT=7 take.sh server-dark.png server ADW_DEBUG_COLOR_SCHEME=prefer-dark
#   SENDARG=你好 WAIT=7 take.sh server-zh_CN.png server LANGUAGE=zh_CN TA_LOCALEDIR=$PWD/build/po LC_ALL=C.UTF-8
#   SENDARG=你好，服务器 WAIT=6 PRESHOT='WID=$(xdotool search --onlyvisible --name "TCP Assistant" | tail -1);
#     xdotool mousemove --window $WID 612 27 click 1; sleep 0.5; xdotool mousemove --window $WID 600 400'
#     take.sh client.png client
#   At the default size (960×720) and at 360×640 (a phone), in English and
#   Chinese; the Client page is shown by a click on its tab (a key press
#   would leave a focus ring in the picture):
#   C960='WID=$(xdotool search --onlyvisible --name "TCP" | tail -1); xdotool mousemove --window $WID 540 27 click 1; sleep 0.5; xdotool mousemove --window $WID 600 400'
#   C360='WID=$(xdotool search --onlyvisible --name "TCP" | tail -1); xdotool mousemove --window $WID 230 615 click 1; sleep 0.5; xdotool mousemove --window $WID 180 300'
#   ZH="LANGUAGE=zh_CN TA_LOCALEDIR=$PWD/build/po LC_ALL=C.UTF-8"
#   SENDARG=你好 WAIT=7 WIDTH=960 HEIGHT=720 take.sh server.png server   (also server-zh_CN.png with $ZH,
#     server-dark.png with ADW_DEBUG_COLOR_SCHEME=prefer-dark; client.png with PRESHOT="$C960")
#   SENDARG=你好 WAIT=7 WIDTH=360 HEIGHT=640 take.sh server-360.png server   (also -zh_CN with $ZH)
#   SENDARG=你好 WAIT=7 WIDTH=360 HEIGHT=640 PRESHOT="$C360" take.sh client-360.png client   (also
#     -zh_CN with $ZH, -dark with ADW_DEBUG_COLOR_SCHEME=prefer-dark)
#   The conversation at 360 px: PRESHOT="$C360"' xdotool mousemove --window $WID 62 164 click 1'
#     (the log toolbar's Conversation toggle) for conversation-360.png (and -zh_CN)
OUT=$1; PAGE=${2:-server}; shift 2
B=${BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
DISP=:$((90 + RANDOM % 9))
Xvfb $DISP -screen 0 1280x800x24 >/dev/null 2>&1 &
XPID=$!
sleep 1
export DISPLAY=$DISP GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR=$B/data
export XDG_CONFIG_HOME=$(mktemp -d)
mkdir -p $XDG_CONFIG_HOME/glib-2.0/settings
cat > $XDG_CONFIG_HOME/glib-2.0/settings/keyfile <<KF
[io/github/tcpassistant/TcpAssistant]
window-width=${WIDTH:-1100}
window-height=${HEIGHT:-720}
last-page='$PAGE'
KF
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("",0));print(s.getsockname()[1])')
env "$@" $B/src/tcp-assistant --listen=$PORT --connect=127.0.0.1:$PORT ${LOGF:+--log-file=$LOGF} ${SENDARG:+"--send=$SENDARG"} >"${APPLOG:-/dev/null}" 2>&1 &
APID=$!
sleep 2
timeout 20 /usr/bin/python3 - $PORT >/dev/null 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
cs = []
msgs = [[b"hello from sensor 1", "温度 21.5 度".encode("gbk")],
        [b"temperature=21.5\r\n", b"\x01\x02\x03\xff"],
        ["你好，服务器".encode("gbk"), b"status?"]]
for m in msgs:
    c = socket.create_connection(("127.0.0.1", port)); cs.append(c); time.sleep(0.2)
for i in range(2):
    for c, m in zip(cs, msgs):
        c.sendall(m[i]); time.sleep(0.3); c.recv(100)
time.sleep(15)
PY
PYPID=$!
sleep ${WAIT:-5}
if [ -n "$PRESHOT" ]; then bash -c "$PRESHOT"; sleep 1; fi
WID=$(timeout 5 xdotool search --onlyvisible --pid $APID | tail -1)
if [ -n "$WID" ]; then timeout 10 import -window "$WID" "$OUT"; else echo "no window" >&2; fi
kill $PYPID $APID 2>/dev/null
sleep 0.5
kill $XPID 2>/dev/null
wait 2>/dev/null
