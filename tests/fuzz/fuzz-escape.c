/* fuzz-escape.c: libFuzzer harness for the log's display escaping
 *
 * The input is made valid UTF-8 first (NUL kept as a character, each
 * invalid byte replaced by U+FFFD), then given to ta_display_escape()
 * with its length, and again (up to the first NUL) with -1.
 *
 * Invariants on the output:
 *   1. valid UTF-8, and no NUL byte at all;
 *   2. no C0 control (U+0000-U+001F, including tab and new line), no DEL,
 *      no C1 control (U+0080-U+009F);
 *   3. no bidirectional or line-breaking control: U+061C, U+200E, U+200F,
 *      U+202A-U+202E, U+2066-U+2069, U+2028, U+2029, U+FEFF;
 *   4. at most 4 x the input size (a 1-byte control becomes at most the
 *      4 bytes "\xNN", a 2- or 3-byte one the 6 bytes "\uXXXX");
 *   5. text without any such character comes out unchanged;
 *   6. appending: what was in the GString before is kept;
 *   7. len = -1 gives the same as len = strlen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-codec.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
is_forbidden (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

/* Valid UTF-8 with NULs kept and every invalid byte as U+FFFD. */
static GString *
make_valid (const guint8 *data,
            gsize         size)
{
  GString *s = g_string_sized_new (size + 1);
  const char *p = (const char *) data;
  const char *end = p + size;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        {
          g_string_append_len (s, p, end - p);
          break;
        }
      g_string_append_len (s, p, valid_end - p);
      if (*valid_end == '\0')
        g_string_append_c (s, '\0');
      else
        g_string_append_unichar (s, 0xFFFD);
      p = valid_end + 1;
    }
  return s;
}

static void
check_escaped (const GString *in,
               gsize          in_len,
               const char    *prefix,
               const GString *out)
{
  gsize plen = strlen (prefix);
  const char *p;
  const char *end = out->str + out->len;
  gboolean has_forbidden = FALSE;

  FUZZ_CHECK (out->len >= plen && memcmp (out->str, prefix, plen) == 0, "prefix lost");
  FUZZ_CHECK (g_utf8_validate_len (out->str, out->len, NULL),
              "output is not valid UTF-8 (or has a NUL)");
  FUZZ_CHECK (out->len - plen <= 4 * in_len,
              "%zu bytes from %zu", out->len - plen, in_len);

  for (p = out->str + plen; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      FUZZ_CHECK (!is_forbidden (c), "U+%04X at output byte %td", c, p - out->str);
    }

  for (p = in->str; p < in->str + in_len; p = g_utf8_next_char (p))
    if (*p == '\0' || is_forbidden (g_utf8_get_char (p)))
      {
        has_forbidden = TRUE;
        break;
      }
  if (!has_forbidden)
    FUZZ_CHECK (out->len - plen == in_len &&
                memcmp (out->str + plen, in->str, in_len) == 0,
                "clean text was changed");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GString) in = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) out_c = NULL;
  g_autoptr(GString) out_n = NULL;
  gsize clen;

  fuzz_init ();

  in = make_valid (data, size);

  out = g_string_new ("prefix:");
  ta_display_escape (in->str, in->len, out);
  check_escaped (in, in->len, "prefix:", out);

  clen = strlen (in->str);
  out_c = g_string_new (NULL);
  ta_display_escape (in->str, -1, out_c);
  out_n = g_string_new (NULL);
  ta_display_escape (in->str, clen, out_n);
  check_escaped (in, clen, "", out_c);
  FUZZ_CHECK (g_string_equal (out_c, out_n), "len -1 differs from len strlen");

  return 0;
}
