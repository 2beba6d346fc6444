/* fuzz-hex.c: libFuzzer harness for the hex parser and formatters
 *
 * The input is used twice:
 *   a) as text (up to its first NUL) for ta_hex_parse(): it either fails
 *      with a TA_CODEC_ERROR_BAD_HEX error and a non-empty message, or
 *      succeeds without an error, giving at most strlen/2 bytes whose
 *      ta_hex_format() text parses back to the same bytes;
 *   b) as bytes for ta_hex_format(): "HH HH ..." of length 3n-1, which
 *      parses back to the input; and for ta_hex_dump(): printable ASCII,
 *      one line per 16 bytes, 62 + n characters for n bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-codec.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_roundtrip (const guint8 *bytes,
                 gsize         len,
                 const char   *what)
{
  g_autofree char *formatted = ta_hex_format (bytes, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  gsize again_len;
  const guint8 *again_data;

  FUZZ_CHECK (strlen (formatted) == (len == 0 ? 0 : 3 * len - 1),
              "%s: formatted length %zu for %zu bytes", what, strlen (formatted), len);
  again = ta_hex_parse (formatted, &error);
  FUZZ_CHECK (again != NULL && error == NULL, "%s: \"%s\" does not parse back: %s",
              what, formatted, error ? error->message : "(no error)");
  again_data = g_bytes_get_data (again, &again_len);
  FUZZ_CHECK (again_len == len && (len == 0 || memcmp (again_data, bytes, len) == 0),
              "%s: \"%s\" parses back to other bytes", what, formatted);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) parsed = NULL;
  g_autoptr(GString) dump = NULL;

  fuzz_init ();

  /* a) parse */
  text = g_strndup ((const char *) data, size);
  parsed = ta_hex_parse (text, &error);
  if (parsed == NULL)
    {
      FUZZ_CHECK (error != NULL, "NULL without an error");
      FUZZ_CHECK (g_error_matches (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX),
                  "unexpected error %s", error->message);
      FUZZ_CHECK (error->message != NULL && *error->message != '\0', "empty message");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8");
    }
  else
    {
      gsize len;
      const guint8 *bytes = g_bytes_get_data (parsed, &len);

      FUZZ_CHECK (error == NULL, "bytes and an error: %s", error->message);
      FUZZ_CHECK (len <= strlen (text) / 2, "%zu bytes from %zu characters",
                  len, strlen (text));
      check_roundtrip (bytes, len, "parsed");
    }

  /* b) format and dump the raw input */
  check_roundtrip (data, size, "raw");

  dump = g_string_new (NULL);
  ta_hex_dump (data, size, dump);
  FUZZ_CHECK (strlen (dump->str) == dump->len, "NUL in the dump");
  {
    gsize lines = size == 0 ? 0 : 1;

    for (gsize i = 0; i < dump->len; i++)
      {
        guchar c = dump->str[i];

        if (c == '\n')
          lines++;
        else
          FUZZ_CHECK (c >= 0x20 && c < 0x7f, "byte 0x%02X in the dump", c);
      }
    FUZZ_CHECK (lines == (size + 15) / 16, "%zu lines for %zu bytes", lines, size);
    /* "%08X  " + 16 x "HH " + 1 + " |" + ASCII + "|": 62 + n, n <= 16 */
    FUZZ_CHECK (dump->len == (size == 0 ? 0 : lines * 79 - 1 - (16 - ((size - 1) % 16 + 1))),
                "dump of %zu bytes is %zu characters", size, dump->len);
  }

  return 0;
}
