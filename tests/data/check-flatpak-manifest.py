#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest of TCP Assistant.

Usage: check-flatpak-manifest.py [--builder] [MANIFEST]

Static checks with the json module only. With --builder, only runs
`flatpak-builder --show-manifest MANIFEST` and requires exit 0; exits 77
(skipped, with the reason) when flatpak-builder is not installed
(`build-aux/deps --tests` installs it), so a missing tool is counted as a
skip instead of passing unseen.
Prints one line per check; exits 1 on the first failure.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = "io.github.tcpassistant.TcpAssistant"
COMMAND = "tcp-assistant"
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def ok(message):
    print("ok: " + message)


def default_manifest():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    return os.path.join(root, "build-aux", "flatpak", APP_ID + ".json")


def show_manifest(path):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        print("SKIP: flatpak-builder is not installed (build-aux/deps --tests installs it)")
        return 77
    # Run in a scratch directory so no .flatpak-builder state lands in the tree.
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([builder, "--show-manifest", path], cwd=scratch,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stdout.write(result.stderr)
        fail("flatpak-builder --show-manifest exited with %d" % result.returncode)
    ok("flatpak-builder --show-manifest")
    return 0


def main(argv):
    args = argv[1:]
    builder = "--builder" in args
    args = [a for a in args if a != "--builder"]
    path = os.path.abspath(args[0] if args else default_manifest())
    if builder:
        return show_manifest(path)

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot read %s as JSON: %s" % (path, e))
    if not isinstance(manifest, dict):
        fail("the manifest is not a JSON object")
    ok("valid JSON: " + path)

    app_id = manifest.get("app-id", manifest.get("id"))
    if app_id != APP_ID:
        fail("app-id is %r, expected %r" % (app_id, APP_ID))
    ok("app-id " + APP_ID)

    if manifest.get("command") != COMMAND:
        fail("command is %r, expected %r" % (manifest.get("command"), COMMAND))
    ok("command " + COMMAND)

    for key in ("runtime", "sdk"):
        value = manifest.get(key)
        if not isinstance(value, str) or not value.startswith("org.gnome."):
            fail("%s is %r, expected org.gnome.*" % (key, value))
        ok("%s %s" % (key, value))
    if not isinstance(manifest.get("runtime-version"), str):
        fail("runtime-version must be a string")
    ok("runtime-version " + manifest["runtime-version"])

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list) or sorted(finish_args) != sorted(FINISH_ARGS) \
            or len(set(finish_args)) != len(finish_args):
        fail("finish-args are %r, expected exactly %r" % (finish_args, FINISH_ARGS))
    ok("finish-args " + " ".join(finish_args))

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        fail("no modules")
    manifest_dir = os.path.dirname(path)
    repo_root = os.path.realpath(os.path.join(manifest_dir, "..", ".."))
    found = False
    for module in modules:
        if not isinstance(module, dict) or module.get("buildsystem") != "meson":
            continue
        for source in module.get("sources", []):
            if not isinstance(source, dict) or source.get("type") != "dir":
                continue
            target = os.path.realpath(os.path.join(manifest_dir, source.get("path", "")))
            if target == repo_root:
                found = True
                ok("meson module %r builds the repository (%s)"
                   % (module.get("name"), source.get("path")))
    if not found:
        fail("no meson module with a \"dir\" source pointing at the repository root")

    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
