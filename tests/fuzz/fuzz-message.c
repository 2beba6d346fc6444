/* fuzz-message.c: libFuzzer harness for the message builder
 * (ta_message_build, ta_message_checksum_preview) and the composer's
 * Text ↔ Hex conversion (ta_message_text_to_hex, ta_message_hex_to_text)
 *
 * Byte 0: bit 0 the mode (text/hex), bits 1–2 the line ending, byte 1 mod 7
 * the checksum, byte 2 mod n the charset of ta_codec_get_charsets (FALSE);
 * the rest (up to its first NUL) is what the user typed.
 *
 * Invariants:
 *   1. no crash, no sanitizer report, no GLib critical or warning;
 *   2. build fails with an error of TA_CODEC_ERROR or TA_MESSAGE_ERROR
 *      (non-empty UTF-8 message), or gives bytes without an error;
 *   3. on success the bytes are payload + checksum + line ending: the
 *      line ending's bytes at the end, before them the checksum of what
 *      comes first (recomputed), and the checksum preview names them;
 *      nothing is ever empty; with a checksum, the preview fails exactly
 *      when the build does;
 *   4. the payload is ta_hex_parse() of the text in hex mode, the
 *      encoded text in text mode;
 *   5. text → hex succeeds exactly when encoding succeeds, and hex → text
 *      of it either fails with TA_MESSAGE_ERROR_NOT_TEXT or gives a text
 *      whose encoding is the same bytes (a round trip never changes what
 *      is sent); for UTF-8 it is the text itself;
 *   6. hex → text of the raw text either fails (bad hex, not text) or
 *      gives text that encodes back to the parsed bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-codec.h"
#include "ta-message.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (const GError *error,
             const char   *what)
{
  FUZZ_CHECK (error != NULL, "%s: NULL without an error", what);
  FUZZ_CHECK (error->domain == TA_CODEC_ERROR || error->domain == TA_MESSAGE_ERROR,
              "%s: error domain %s", what, g_quark_to_string (error->domain));
  FUZZ_CHECK (error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL),
              "%s: empty or invalid message", what);
}

static GBytes *
payload_of (const char    *text,
            TaMessageMode  mode,
            const char    *charset)
{
  return mode == TA_MESSAGE_MODE_HEX ? ta_hex_parse (text, NULL)
                                     : ta_codec_encode (charset, text, -1, NULL);
}

static void
check_hex_to_text (const char *hex,
                   const char *charset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ta_hex_parse (hex, NULL);
  g_autofree char *text = ta_message_hex_to_text (hex, charset, &error);

  if (text == NULL)
    {
      check_error (error, "hex to text");
      FUZZ_CHECK (bytes == NULL || g_error_matches (error, TA_MESSAGE_ERROR,
                                                    TA_MESSAGE_ERROR_NOT_TEXT),
                  "good hex failed otherwise: %s", error->message);
      return;
    }
  FUZZ_CHECK (bytes != NULL, "bad hex gave text");
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL), "text not UTF-8");
  {
    g_autoptr(GBytes) back = ta_codec_encode (charset, text, -1, NULL);

    FUZZ_CHECK (back != NULL && g_bytes_equal (back, bytes),
                "hex → text → bytes changed the bytes in %s", charset);
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) built = NULL;
  g_autofree char *text = NULL;
  const TaCharsetInfo *charsets;
  TaMessageMode mode;
  TaLineEnding ending;
  TaChecksum checksum;
  const char *charset;
  guint n_charsets;

  fuzz_init ();
  if (size < 3)
    return 0;

  charsets = ta_codec_get_charsets (FALSE, &n_charsets);
  mode = data[0] & 1 ? TA_MESSAGE_MODE_HEX : TA_MESSAGE_MODE_TEXT;
  ending = (data[0] >> 1) & 3;
  checksum = data[1] % TA_CHECKSUM_N_TYPES;
  charset = charsets[data[2] % n_charsets].id;
  text = g_strndup ((const char *) data + 3, size - 3);

  built = ta_message_build (text, mode, charset, ending, checksum, &error);
  if (built == NULL)
    {
      g_autoptr(GError) preview_error = NULL;
      g_autofree char *preview = NULL;

      check_error (error, "build");
      /* With a checksum, the preview fails whenever the build does. */
      preview = ta_message_checksum_preview (text, mode, charset, checksum, &preview_error);
      if (checksum == TA_CHECKSUM_NONE)
        FUZZ_CHECK (preview != NULL && *preview == '\0', "preview for none");
      else
        {
          FUZZ_CHECK (preview == NULL, "build failed (%s) but the preview gave “%s”",
                      error->message, preview);
          check_error (preview_error, "preview");
        }
    }
  else
    {
      g_autoptr(GBytes) payload = payload_of (text, mode, charset);
      g_autofree char *preview = NULL;
      const char *eol = ta_line_ending_get_bytes (ending);
      gsize eol_len = strlen (eol);
      gsize len, plen;
      const guint8 *bytes = g_bytes_get_data (built, &len);
      const guint8 *pbytes;
      guint8 sum[TA_CHECKSUM_MAX_SIZE];
      guint n_sum;

      FUZZ_CHECK (error == NULL, "bytes and an error");
      FUZZ_CHECK (len > 0, "empty message built");
      FUZZ_CHECK (payload != NULL, "built, but the payload alone fails");
      pbytes = g_bytes_get_data (payload, &plen);
      n_sum = ta_checksum_compute (checksum, pbytes, plen, sum);
      FUZZ_CHECK (checksum == TA_CHECKSUM_NONE || plen > 0, "checksum over nothing");
      FUZZ_CHECK (len == plen + n_sum + eol_len, "%zu bytes for %zu + %u + %zu",
                  len, plen, n_sum, eol_len);
      FUZZ_CHECK (plen == 0 || memcmp (bytes, pbytes, plen) == 0, "payload differs");
      FUZZ_CHECK (memcmp (bytes + plen, sum, n_sum) == 0, "checksum differs");
      FUZZ_CHECK (memcmp (bytes + plen + n_sum, eol, eol_len) == 0, "line ending differs");

      preview = ta_message_checksum_preview (text, mode, charset, checksum, &error);
      FUZZ_CHECK (preview != NULL, "preview failed: %s", error ? error->message : "");
      FUZZ_CHECK (strlen (preview) == (n_sum ? 1 + 3 * n_sum : 0), "preview “%s”", preview);
    }
  g_clear_error (&error);

  /* Text → Hex → Text */
  {
    g_autofree char *hex = ta_message_text_to_hex (text, charset, &error);
    g_autoptr(GBytes) encoded = ta_codec_encode (charset, text, -1, NULL);

    FUZZ_CHECK ((hex != NULL) == (encoded != NULL), "text to hex and encode disagree");
    if (hex == NULL)
      check_error (error, "text to hex");
    else
      {
        g_autofree char *back = NULL;
        g_autoptr(GError) back_error = NULL;

        check_hex_to_text (hex, charset);
        back = ta_message_hex_to_text (hex, charset, &back_error);
        if (back != NULL && g_ascii_strcasecmp (charset, "UTF-8") == 0)
          FUZZ_CHECK (strcmp (back, text) == 0, "UTF-8 text changed in a round trip");
      }
  }

  /* Hex → Text of whatever was typed */
  check_hex_to_text (text, charset);

  return 0;
}
