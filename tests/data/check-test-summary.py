#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks build-aux/test-summary on made-up meson test logs: a TAP plan
whose sub-tests did not all run counts the missing ones as failed; skips
are counted with their reasons, and are failures with CI=true.

Usage: check-test-summary.py PATH/TO/build-aux/test-summary"""
import json
import os
import subprocess
import sys
import tempfile

summary = sys.argv[1]


def run(entries, ci=False):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        for e in entries:
            f.write(json.dumps(e) + "\n")
    env = dict(os.environ)
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    r = subprocess.run([sys.executable, summary, f.name], stdout=subprocess.PIPE,
                       universal_newlines=True, env=env)
    os.unlink(f.name)
    return r.returncode, r.stdout.splitlines()


def expect(what, entries, last, rc, ci=False, contains=None):
    got_rc, out = run(entries, ci)
    if out[-1] != last or got_rc != rc or (contains and not any(contains in o for o in out)):
        print("FAIL: %s: got %r (exit %d), expected %r (exit %d)%s"
              % (what, out, got_rc, last, rc, " with %r" % contains if contains else ""))
        sys.exit(1)
    print("ok: " + what)


crashed = {"name": "ui", "protocol": "tap", "result": "ERROR",
           "stdout": "1..4\nok 1 /a\nok 2 /b\nBail out! ERROR: x\n"}
expect("a crash after 2 of 4 planned sub-tests: 2 passed, 2 failed", [crashed],
       "2 passed, 2 failed, 0 skipped", 1, contains="2 of 4 planned sub-tests never ran")

whole = {"name": "core", "protocol": "tap", "result": "OK",
         "stdout": "1..3\nok 1 /a\nok 2 /b # SKIP nc is not installed\nnot ok 3 /c\n"}
expect("one failing sub-test, one skipped with its reason", [whole],
       "1 passed, 1 failed, 1 skipped", 1, contains="nc is not installed")

plain = [{"name": "validate", "result": "OK", "stdout": ""},
         {"name": "a11y", "result": "SKIP", "stdout": "SKIP: /usr/bin/python3 is missing\n"}]
expect("a plain test skipped with its reason", plain, "1 passed, 0 failed, 1 skipped", 0,
       contains="/usr/bin/python3 is missing")
expect("with CI=true a skip is a failure", plain, "1 passed, 1 failed, 0 skipped", 1, ci=True,
       contains="skipped in CI")

fine = {"name": "codec", "protocol": "tap", "result": "OK", "stdout": "1..2\nok 1 /a\nok 2 /b\n"}
expect("all planned sub-tests ran", [fine], "2 passed, 0 failed, 0 skipped", 0)
