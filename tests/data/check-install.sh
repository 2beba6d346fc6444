#!/usr/bin/env bash
# `meson install` into a scratch DESTDIR puts every file where GNOME finds
# it: the program, desktop entry, icons, metainfo, schema, translations.
# Usage: check-install.sh BUILD_DIR PREFIX
set -euo pipefail
build=$1
prefix=${2#/}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null

app=io.github.tcpassistant.TcpAssistant
missing=0
for f in \
  "bin/tcp-assistant" \
  "share/applications/$app.desktop" \
  "share/metainfo/$app.metainfo.xml" \
  "share/glib-2.0/schemas/$app.gschema.xml" \
  "share/glib-2.0/schemas/$app.enums.xml" \
  "share/icons/hicolor/scalable/apps/$app.svg" \
  "share/icons/hicolor/symbolic/apps/$app-symbolic.svg" \
  "share/locale/zh_CN/LC_MESSAGES/tcp-assistant.mo"; do
  if [[ -e "$dest/$prefix/$f" ]]; then
    echo "ok: $prefix/$f"
  else
    echo "MISSING: $prefix/$f"
    missing=1
  fi
done
# The desktop entry starts the installed program by name.
grep -qx "Exec=tcp-assistant" "$dest/$prefix/share/applications/$app.desktop" || { echo "desktop Exec is wrong"; missing=1; }
exit $missing
