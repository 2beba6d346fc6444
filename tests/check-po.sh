#!/usr/bin/env bash
# Checks the translations of TCP Assistant.
#
# Usage: tests/check-po.sh [SRCROOT [BUILDDIR]]
#   SRCROOT   the source tree (default: the folder above this script)
#   BUILDDIR  a configured meson build dir (default: SRCROOT/build); only used
#             as a fallback when xgettext cannot extract some file type
#
# It can be run from any folder. It fails (exit 1) when:
#   (a) msgfmt --check rejects any po/*.po;
#   (b) a po/*.po, merged against a fresh template extracted with xgettext from
#       the files in po/POTFILES.in, has an untranslated or fuzzy message
#       (each one is printed), or a file listed in POTFILES.in is missing;
#   (c) a git-tracked src/**/*.c or src/**/*.ui file with translatable strings
#       (_( N_( C_( NC_( g_dngettext translatable="yes") is not listed in
#       po/POTFILES.in.
# Exit 0 only when all pass; 77 (skip) when the gettext tools are missing.

set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
srcroot="$(cd "${1:-$here/..}" && pwd)" || { echo "check-po: no source root ${1:-}" >&2; exit 1; }
builddir="${2:-$srcroot/build}"
case "$builddir" in /*) ;; *) builddir="$PWD/$builddir" ;; esac
potfiles="$srcroot/po/POTFILES.in"

for tool in msgfmt msgmerge xgettext msgattrib msgcat; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-po: SKIP: $tool not found (install gettext)" >&2
    exit 77
  fi
done

if [ ! -f "$potfiles" ]; then
  echo "check-po: FAIL: $potfiles does not exist" >&2
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

failed=0
fail () { echo "check-po: FAIL: $*" >&2; failed=1; }

shopt -s nullglob
pos=("$srcroot"/po/*.po)
shopt -u nullglob

# Files listed in POTFILES.in: comments and blank lines are skipped.
listed="$tmp/listed"
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$potfiles" | grep -v '^$' | sort -u > "$listed"

# --- (a) msgfmt --check on every catalog ----------------------------------
echo "== (a) msgfmt --check"
if [ ${#pos[@]} -eq 0 ]; then
  fail "no po/*.po files in $srcroot/po"
fi
for po in "${pos[@]}"; do
  if out="$(msgfmt --check --check-accelerators=_ --statistics -o /dev/null "$po" 2>&1)"; then
    echo "  ${po#"$srcroot"/}: $out" | tail -n 1
  else
    echo "$out" >&2
    fail "msgfmt --check rejects ${po#"$srcroot"/}"
  fi
done

# --- (b) every message of a fresh template is translated ------------------
echo "== (b) translations complete against a fresh template"
missing=0
while IFS= read -r f; do
  if [ ! -e "$srcroot/$f" ]; then
    fail "po/POTFILES.in lists $f, which does not exist"
    missing=1
  fi
done < "$listed"

pot="$tmp/fresh.pot"
have_pot=0
if [ "$missing" -eq 0 ]; then
  # The keywords and flags of meson's i18n 'glib' preset; the flags mark
  # printf formats so that msgfmt --check compares them, and make xgettext
  # warn about a msgid cut short by a macro such as G_GSIZE_FORMAT.
  if xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dngettext:2,3 --keyword=g_dcgettext:2 --keyword=g_dpgettext2:2c,3 --add-comments \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
       --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
       -f "$listed" -D "$srcroot" -o "$pot" 2> "$tmp/xgettext.err"; then
    have_pot=1
  else
    cat "$tmp/xgettext.err" >&2
    echo "  xgettext could not extract every file; falling back to meson's template" >&2
  fi
  # Warnings are shown, not fatal: e.g. a G_GSIZE_FORMAT macro inside a
  # msgid cuts the string short, so its translation is never looked up.
  if [ -s "$tmp/xgettext.err" ] && [ "$have_pot" -eq 1 ]; then
    sed 's/^/  WARNING (not fatal): xgettext: /' "$tmp/xgettext.err" >&2
  fi
fi
if [ "$have_pot" -eq 0 ] && [ "$missing" -eq 0 ]; then
  # meson's i18n target writes po/<domain>.pot in the source tree.
  if [ -f "$builddir/build.ninja" ] && command -v meson >/dev/null 2>&1; then
    target="$(sed -n "s/^build \([A-Za-z0-9_.-]*-pot\): .*/\1/p" "$builddir/build.ninja" | head -n 1)"
    if [ -n "$target" ] && meson compile -C "$builddir" "$target" >"$tmp/meson.log" 2>&1 \
       && [ -f "$srcroot/po/${target%-pot}.pot" ]; then
      cp "$srcroot/po/${target%-pot}.pot" "$pot" && have_pot=1
    else
      cat "$tmp/meson.log" >&2 2>/dev/null
    fi
  fi
  [ "$have_pot" -eq 1 ] || fail "no template could be made (xgettext failed and no usable build dir at $builddir)"
fi

if [ "$have_pot" -eq 1 ]; then
  echo "  fresh template: $(grep -c '^msgid ' "$pot") entries (header included)"
  for po in "${pos[@]}"; do
    name="${po#"$srcroot"/}"
    merged="$tmp/$(basename "$po")"
    if ! msgmerge --quiet --no-fuzzy-matching --no-location -o "$merged" "$po" "$pot" 2>"$tmp/msgmerge.err"; then
      cat "$tmp/msgmerge.err" >&2
      fail "msgmerge failed for $name"
      continue
    fi
    if ! out="$(msgfmt --check -o /dev/null "$merged" 2>&1)"; then
      printf '%s\n' "$out" | sed "s|$tmp/|merged |" >&2
      fail "$name: msgfmt --check rejects it once merged with the fresh template"
    fi
    # msgfmt --statistics counts; msgattrib lists them (minus the header).
    stats="$(LC_ALL=C msgfmt --statistics -o /dev/null "$merged" 2>&1 | tail -n 1)"
    n_fuzzy="$(printf '%s\n' "$stats" | sed -n 's/.* \([0-9][0-9]*\) fuzzy translation.*/\1/p')"
    n_untrans="$(printf '%s\n' "$stats" | sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p')"
    n_fuzzy="${n_fuzzy:-0}"; n_untrans="${n_untrans:-0}"
    entries () { awk 'BEGIN { RS = ""; ORS = "\n\n" } !/(^|\n)msgid ""\n/' ; }
    if [ "$n_untrans" -gt 0 ]; then
      fail "$name: $n_untrans untranslated message(s):"
      msgattrib --untranslated --no-obsolete --no-wrap "$merged" | entries >&2
    fi
    if [ "$n_fuzzy" -gt 0 ]; then
      fail "$name: $n_fuzzy fuzzy message(s):"
      msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" | entries >&2
    fi
    if [ "$n_untrans" -eq 0 ] && [ "$n_fuzzy" -eq 0 ]; then
      echo "  $name: complete: $stats"
    fi
  done
fi

# --- (c) source files with translatable strings are in POTFILES.in --------
echo "== (c) source files with translatable strings are listed in po/POTFILES.in"
if git -C "$srcroot" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$srcroot" ls-files -z -- 'src/*.c' 'src/*.ui' | tr '\0' '\n' > "$tmp/sources"
else
  echo "  (not a git checkout: checking every src/**/*.c and *.ui)"
  (cd "$srcroot" && find src -type f \( -name '*.c' -o -name '*.ui' \) | sort) > "$tmp/sources"
fi
unlisted=0
while IFS= read -r f; do
  [ -n "$f" ] && [ -f "$srcroot/$f" ] || continue
  if grep -Eq '(^|[^[:alnum:]_])(N|C|NC)?_[[:space:]]*\(|g_dn?p?gettext[[:space:]]*\(|translatable="yes"' "$srcroot/$f"; then
    if ! grep -qxF -- "$f" "$listed"; then
      fail "$f has translatable strings but is not in po/POTFILES.in"
      unlisted=1
    fi
  fi
done < "$tmp/sources"
[ "$unlisted" -eq 0 ] && echo "  all $(wc -l < "$tmp/sources") tracked src/*.c and src/*.ui files checked"

if [ "$failed" -ne 0 ]; then
  echo "check-po: FAILED" >&2
  exit 1
fi
echo "check-po: all checks passed"
exit 0
