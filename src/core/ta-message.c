/* ta-message.c: text or hex + charset + checksum + line ending → bytes
 *
 * The composer, the quick messages and the command line all build what
 * they send here, so a message means the same bytes wherever it is typed.
 * Encoding and hex parsing are TaCodec's; this file only assembles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-message.h"

G_DEFINE_QUARK (ta-message-error-quark, ta_message_error)

static const struct {
  const char *label;  /* untranslated */
  const char *bytes;
} line_endings[TA_LINE_ENDING_N_TYPES] = {
  [TA_LINE_ENDING_NONE] = { N_("No line ending"), "" },
  /* Translators: the line ending \n, shown in a dropdown */
  [TA_LINE_ENDING_LF] = { N_("LF (\\n)"), "\n" },
  /* Translators: the line ending \r, shown in a dropdown */
  [TA_LINE_ENDING_CR] = { N_("CR (\\r)"), "\r" },
  /* Translators: the line ending \r\n, shown in a dropdown */
  [TA_LINE_ENDING_CRLF] = { N_("CRLF (\\r\\n)"), "\r\n" },
};

/**
 * ta_line_ending_get_label:
 *
 * Returns: (transfer none): the translated name shown to users
 */
const char *
ta_line_ending_get_label (TaLineEnding ending)
{
  g_return_val_if_fail ((guint) ending < TA_LINE_ENDING_N_TYPES, NULL);

  return _(line_endings[ending].label);
}

/**
 * ta_line_ending_get_bytes:
 *
 * Returns: (transfer none): the bytes of @ending as a string ("" for none)
 */
const char *
ta_line_ending_get_bytes (TaLineEnding ending)
{
  g_return_val_if_fail ((guint) ending < TA_LINE_ENDING_N_TYPES, NULL);

  return line_endings[ending].bytes;
}

/**
 * ta_message_mode_get_label:
 *
 * Returns: (transfer none): "Text" or "Hex", translated
 */
const char *
ta_message_mode_get_label (TaMessageMode mode)
{
  switch (mode)
    {
    case TA_MESSAGE_MODE_TEXT:
      return _("Text");
    case TA_MESSAGE_MODE_HEX:
      return _("Hex");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ta_message_find_charset:
 * @name: an encoding name as a user types it ("gbk", "utf-8")
 *
 * Looks @name up among the encodings the composer offers
 * (ta_codec_get_charsets() without "Automatic"), ignoring case.
 *
 * Returns: (transfer none) (nullable): the canonical id ("GBK"), or %NULL
 */
const char *
ta_message_find_charset (const char *name)
{
  const TaCharsetInfo *charsets;
  guint n;

  if (name == NULL)
    return NULL;
  charsets = ta_codec_get_charsets (FALSE, &n);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (charsets[i].id, name) == 0)
      return charsets[i].id;
  return NULL;
}

/**
 * ta_message_list_charsets:
 *
 * Returns: (transfer full): the ids of the encodings the composer offers,
 *   comma separated, for an error message ("UTF-8, GBK, GB18030, …")
 */
char *
ta_message_list_charsets (void)
{
  const TaCharsetInfo *charsets;
  GString *s = g_string_new (NULL);
  guint n;

  charsets = ta_codec_get_charsets (FALSE, &n);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, charsets[i].id);
    }
  return g_string_free (s, FALSE);
}

/* The bytes the user typed, before checksum and line ending. */
static GBytes *
build_payload (const char     *text,
               TaMessageMode   mode,
               const char     *charset,
               GError        **error)
{
  switch (mode)
    {
    case TA_MESSAGE_MODE_TEXT:
      return ta_codec_encode (charset, text, -1, error);
    case TA_MESSAGE_MODE_HEX:
      return ta_hex_parse (text, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
check_checksum_input (GBytes      *payload,
                      TaChecksum   checksum,
                      GError     **error)
{
  if (checksum != TA_CHECKSUM_NONE && g_bytes_get_size (payload) == 0)
    {
      g_set_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_CHECKSUM_EMPTY,
                   /* Translators: %s is a checksum name such as CRC-16/Modbus */
                   _("There is nothing to compute %s over: type the message first, "
                     "or choose no checksum."),
                   ta_checksum_get_label (checksum));
      return FALSE;
    }
  return TRUE;
}

/**
 * ta_message_build:
 * @text: what the user typed (UTF-8): text, or hex digits in hex mode
 * @mode: text or hex
 * @charset: the encoding of @text in text mode (ignored in hex mode), one
 *   of ta_codec_get_charsets()
 * @ending: appended last, in both modes
 * @checksum: computed over the typed bytes only, and appended after them,
 *   before the line ending: `payload checksum ending`, as text protocols
 *   with a checksum (NMEA, many sensors) frame a line
 *
 * Returns: (transfer full) (nullable): the bytes to send, or %NULL with an
 *   error whose message is a sentence for the window: %TA_CODEC_ERROR_BAD_HEX
 *   (with the position), %TA_CODEC_ERROR_UNENCODABLE (with the character),
 *   %TA_CODEC_ERROR_UNSUPPORTED, %TA_MESSAGE_ERROR_CHECKSUM_EMPTY or
 *   %TA_MESSAGE_ERROR_EMPTY. Nothing should be sent on error.
 */
GBytes *
ta_message_build (const char     *text,
                  TaMessageMode   mode,
                  const char     *charset,
                  TaLineEnding    ending,
                  TaChecksum      checksum,
                  GError        **error)
{
  g_autoptr(GBytes) payload = NULL;
  guint8 sum[TA_CHECKSUM_MAX_SIZE];
  const guint8 *data;
  const char *eol;
  gsize len, eol_len;
  guint n_sum;
  GByteArray *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (mode == TA_MESSAGE_MODE_HEX || charset != NULL, NULL);
  g_return_val_if_fail ((guint) ending < TA_LINE_ENDING_N_TYPES, NULL);
  g_return_val_if_fail ((guint) checksum < TA_CHECKSUM_N_TYPES, NULL);

  payload = build_payload (text, mode, charset, error);
  if (payload == NULL)
    return NULL;
  if (!check_checksum_input (payload, checksum, error))
    return NULL;

  data = g_bytes_get_data (payload, &len);
  eol = line_endings[ending].bytes;
  eol_len = strlen (eol);

  if (len == 0 && eol_len == 0)
    {
      g_set_error_literal (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_EMPTY,
                           mode == TA_MESSAGE_MODE_HEX
                           ? _("The message is empty: type the bytes to send in hex, "
                               "for example 48 65 6C 6C 6F.")
                           : _("The message is empty: type something to send."));
      return NULL;
    }

  n_sum = ta_checksum_compute (checksum, data, len, sum);
  if (n_sum == 0 && eol_len == 0)
    return g_steal_pointer (&payload);

  out = g_byte_array_sized_new (len + n_sum + eol_len);
  if (len > 0)
    g_byte_array_append (out, data, len);
  g_byte_array_append (out, sum, n_sum);
  g_byte_array_append (out, (const guint8 *) eol, eol_len);
  return g_byte_array_free_to_bytes (out);
}

/**
 * ta_message_checksum_preview:
 *
 * The checksum bytes ta_message_build() would add, for a label next to
 * the composer, updated as the user types.
 *
 * Returns: (transfer full) (nullable): "+ C5 CD"; "" for
 *   %TA_CHECKSUM_NONE; %NULL with the error ta_message_build() would give
 *   about the typed bytes (bad hex, unencodable, nothing to compute over)
 */
char *
ta_message_checksum_preview (const char     *text,
                             TaMessageMode   mode,
                             const char     *charset,
                             TaChecksum      checksum,
                             GError        **error)
{
  g_autoptr(GBytes) payload = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (mode == TA_MESSAGE_MODE_HEX || charset != NULL, NULL);
  g_return_val_if_fail ((guint) checksum < TA_CHECKSUM_N_TYPES, NULL);

  if (checksum == TA_CHECKSUM_NONE)
    return g_strdup ("");

  payload = build_payload (text, mode, charset, error);
  if (payload == NULL || !check_checksum_input (payload, checksum, error))
    return NULL;

  data = g_bytes_get_data (payload, &len);
  return ta_checksum_preview (checksum, data, len);
}

/**
 * ta_message_text_to_hex:
 *
 * Text → Hex in the composer: @text encoded in @charset, as hex
 * (你好 in GBK → "C4 E3 BA C3"). "" gives "".
 *
 * Returns: (transfer full) (nullable): the hex, or %NULL with the codec's
 *   error naming a character @charset cannot encode
 */
char *
ta_message_text_to_hex (const char  *text,
                        const char  *charset,
                        GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (charset != NULL, NULL);

  bytes = ta_codec_encode (charset, text, -1, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return ta_hex_format (data, len);
}

static gboolean
is_typeable (gunichar c)
{
  if (c == '\t' || c == '\n' || c == '\r')
    return TRUE;
  return !(c < 0x20 || (c >= 0x7F && c <= 0x9F));
}

typedef enum {
  NOT_TEXT_INVALID,
  NOT_TEXT_INCOMPLETE,
  NOT_TEXT_NUL,
  NOT_TEXT_CONTROL,
} NotTextReason;

static void
set_not_text_error (GError        **error,
                    const guint8   *data,
                    gsize           at,
                    const char     *charset,
                    NotTextReason   reason)
{
  guint pos = (guint) MIN (at + 1, G_MAXUINT);
  guint b = data[at];

  switch (reason)
    {
    case NOT_TEXT_INVALID:
      g_set_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_NOT_TEXT,
                   /* Translators: "Byte 3 (FF) is not valid GBK. …" */
                   _("Byte %u (%02X) is not valid %s. "
                     "The message stays in hex."),
                   pos, b, charset);
      break;
    case NOT_TEXT_INCOMPLETE:
      g_set_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_NOT_TEXT,
                   /* Translators: "Byte 5 (C4) starts a character … in GBK. …" */
                   _("Byte %u (%02X) starts a character that the message "
                     "does not finish in %s. The message stays in hex."),
                   pos, b, charset);
      break;
    case NOT_TEXT_NUL:
      g_set_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_NOT_TEXT,
                   _("Byte %u is 00 (NUL), which a text box cannot hold. "
                     "The message stays in hex."),
                   pos);
      break;
    case NOT_TEXT_CONTROL:
    default:
      g_set_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_NOT_TEXT,
                   _("Byte %u (%02X) is a control character that cannot be "
                     "typed as text. The message stays in hex."),
                   pos, b);
      break;
    }
}

/**
 * ta_message_bytes_to_text:
 *
 * Decodes @data strictly: unlike the log's decoder, which shows invalid
 * bytes as `\xNN`, any byte that is not text in @charset is an error, so a
 * round trip text → bytes → text never changes what is sent.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with
 *   %TA_MESSAGE_ERROR_NOT_TEXT naming the first bad byte and why
 */
char *
ta_message_bytes_to_text (const guint8  *data,
                          gsize          len,
                          const char    *charset,
                          GError       **error)
{
  g_autoptr(GError) conv_error = NULL;
  g_autofree char *text = NULL;
  const char *iconv_name = charset;
  gsize bytes_read = 0, text_len = 0;
  const char *p;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (charset != NULL, NULL);

  if (len == 0)
    return g_strdup ("");

  if (g_strcmp0 (charset, TA_CHARSET_AUTO) == 0)
    iconv_name = "UTF-8";
  if (!ta_codec_is_supported (iconv_name))
    {
      g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNSUPPORTED,
                   _("The encoding %s is not available on this computer."), charset);
      return NULL;
    }

  text = g_convert ((const char *) data, len, "UTF-8", iconv_name,
                    &bytes_read, &text_len, &conv_error);
  /* g_convert() succeeds on a character cut at the end, reading less. */
  if (text != NULL && bytes_read < len)
    {
      g_clear_pointer (&text, g_free);
      g_set_error_literal (&conv_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT, "");
    }
  if (text == NULL)
    {
      if (bytes_read >= len)
        bytes_read = len - 1;
      set_not_text_error (error, data, bytes_read, charset,
                          g_error_matches (conv_error, G_CONVERT_ERROR,
                                           G_CONVERT_ERROR_PARTIAL_INPUT)
                          ? NOT_TEXT_INCOMPLETE : NOT_TEXT_INVALID);
      return NULL;
    }

  /* A text box cannot hold NUL or show other control characters. */
  for (p = text; p < text + text_len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_typeable (c))
        {
          g_autoptr(GBytes) before = NULL;
          gsize at = 0;

          /* The byte offset of the character in @data: encode what comes
           * before it back (stateless for the charsets offered). */
          before = ta_codec_encode (iconv_name, text, p - text, NULL);
          if (before != NULL && g_bytes_get_size (before) < len)
            at = g_bytes_get_size (before);
          set_not_text_error (error, data, at, charset,
                              c == 0 ? NOT_TEXT_NUL : NOT_TEXT_CONTROL);
          return NULL;
        }
    }

  return g_steal_pointer (&text);
}

/**
 * ta_message_hex_to_text:
 *
 * Hex → Text in the composer: "C4 E3 BA C3" in GBK → 你好.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with
 *   %TA_CODEC_ERROR_BAD_HEX (position) or %TA_MESSAGE_ERROR_NOT_TEXT
 *   (which byte, and why); the composer then keeps the hex
 */
char *
ta_message_hex_to_text (const char  *hex,
                        const char  *charset,
                        GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (hex != NULL, NULL);
  g_return_val_if_fail (charset != NULL, NULL);

  bytes = ta_hex_parse (hex, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return ta_message_bytes_to_text (data, len, charset, error);
}
