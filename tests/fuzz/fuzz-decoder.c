/* fuzz-decoder.c: libFuzzer harness for the streaming decoder
 *
 * Input layout:
 *   byte 0        charset: index into ta_codec_get_charsets (TRUE, ...)
 *                 (the curated list, "auto" first), modulo its length
 *   byte 1        number of chunk lengths that follow, modulo 16
 *   next N bytes  chunk lengths (0..255; 0 = an empty, non-flushing call)
 *   the rest      the received bytes; what the chunk lengths do not cover
 *                 is the last chunk, then a flush with no data
 *
 * Invariants (see README.md):
 *   1. no crash, no sanitizer report, no GLib critical;
 *   2. the text is valid UTF-8 (NUL allowed as a character);
 *   3. its size is at most 4 x input + 16 bytes;
 *   4. nothing is pending after the flush, and at most 7 bytes before it;
 *   5. for every charset but "auto", the streamed text equals the one-shot
 *      ta_codec_decode() of the same bytes, wherever the chunks are cut;
 *   6. for "auto" and "UTF-8", bytes that are valid UTF-8 come out unchanged,
 *      wherever the chunks are cut;
 *   7. for "auto", a single chunk gives the one-shot text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-codec.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
nonnull_flush (void)
{
  static int cached = -1;

  if (cached < 0)
    cached = g_strcmp0 (g_getenv ("TA_FUZZ_NONNULL_FLUSH"), "1") == 0;
  return cached;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const TaCharsetInfo *charsets;
  guint n_charsets;
  const char *charset;
  guint n_cuts;
  const guint8 *cuts;
  const guint8 *payload;
  gsize payload_len;
  g_autoptr(TaDecoder) decoder = NULL;
  g_autoptr(GString) streamed = NULL;
  g_autoptr(GString) whole = NULL;
  g_autofree char *oneshot = NULL;
  gsize off = 0;
  gboolean is_auto, is_utf8;

  fuzz_init ();

  if (size < 2)
    return 0;

  charsets = ta_codec_get_charsets (TRUE, &n_charsets);
  FUZZ_CHECK (n_charsets >= 2, "only %u charsets", n_charsets);
  charset = charsets[data[0] % n_charsets].id;
  is_auto = strcmp (charset, TA_CHARSET_AUTO) == 0;
  is_utf8 = strcmp (charset, "UTF-8") == 0;

  n_cuts = data[1] % 16;
  if ((gsize) n_cuts > size - 2)
    n_cuts = size - 2;
  cuts = data + 2;
  payload = data + 2 + n_cuts;
  payload_len = size - 2 - n_cuts;

  decoder = ta_decoder_new (charset);
  FUZZ_CHECK (decoder != NULL, "ta_decoder_new (\"%s\") failed", charset);
  FUZZ_CHECK (strcmp (ta_decoder_get_charset (decoder), charset) == 0, "%s", charset);

  streamed = g_string_new (NULL);
  for (guint i = 0; i < n_cuts; i++)
    {
      gsize n = MIN ((gsize) cuts[i], payload_len - off);

      ta_decoder_decode (decoder, payload + off, n, FALSE, streamed);
      off += n;
      FUZZ_CHECK (ta_decoder_get_pending (decoder) < 8,
                  "%s: %" G_GSIZE_FORMAT " bytes pending", charset,
                  ta_decoder_get_pending (decoder));
    }
  ta_decoder_decode (decoder, payload + off, payload_len - off, FALSE, streamed);
  /* The flush as TaLogStore does it at the end of a stream: (NULL, 0).
   * TA_FUZZ_NONNULL_FLUSH=1 flushes with a non-NULL empty buffer instead,
   * to fuzz past the NULL + 0 bug (see README.md) until it is fixed. */
  ta_decoder_decode (decoder, nonnull_flush () ? payload + payload_len : NULL, 0, TRUE, streamed);
  FUZZ_CHECK (ta_decoder_get_pending (decoder) == 0, "%s: pending after flush", charset);

  FUZZ_CHECK (fuzz_utf8_valid_with_nul (streamed->str, streamed->len),
              "%s: streamed text is not valid UTF-8", charset);
  FUZZ_CHECK (streamed->len <= 4 * payload_len + 16,
              "%s: %" G_GSIZE_FORMAT " bytes of text from %" G_GSIZE_FORMAT,
              charset, streamed->len, payload_len);

  /* One-shot: one flushing call on a fresh decoder (this is what
   * ta_codec_decode does; it returns a C string, so compare that up to
   * its first NUL). */
  {
    g_autoptr(TaDecoder) single = ta_decoder_new (charset);
    gsize oneshot_len;

    whole = g_string_new (NULL);
    ta_decoder_decode (single, payload, payload_len, TRUE, whole);
    FUZZ_CHECK (ta_decoder_get_pending (single) == 0, "%s", charset);
    FUZZ_CHECK (fuzz_utf8_valid_with_nul (whole->str, whole->len),
                "%s: one-shot text is not valid UTF-8", charset);

    oneshot = ta_codec_decode (charset, payload, payload_len);
    oneshot_len = strlen (oneshot);
    FUZZ_CHECK (oneshot_len <= whole->len &&
                memcmp (oneshot, whole->str, oneshot_len) == 0 &&
                (oneshot_len == whole->len || whole->str[oneshot_len] == '\0'),
                "%s: ta_codec_decode differs from one decoder call", charset);
  }

  if (!is_auto || n_cuts == 0)
    FUZZ_CHECK (whole->len == streamed->len &&
                memcmp (whole->str, streamed->str, streamed->len) == 0,
                "%s: streamed text (%" G_GSIZE_FORMAT " bytes) differs from the "
                "one-shot text (%" G_GSIZE_FORMAT " bytes)",
                charset, streamed->len, whole->len);

  if ((is_auto || is_utf8) &&
      fuzz_utf8_valid_with_nul ((const char *) payload, payload_len))
    FUZZ_CHECK (streamed->len == payload_len &&
                memcmp (streamed->str, payload, payload_len) == 0,
                "%s: valid UTF-8 was altered", charset);

  return 0;
}
