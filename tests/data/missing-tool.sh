#!/bin/sh
# missing-tool.sh TOOL PACKAGE: stands in for a check whose tool meson did
# not find, so the check is still counted: skipped, with the reason
# (build-aux/test-summary counts a skip as a failure when CI=true).
#
# SPDX-License-Identifier: GPL-3.0-or-later
echo "SKIP: $1 is not installed (Debian package $2; build-aux/deps --tests installs it)"
exit 77
