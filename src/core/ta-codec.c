/* ta-codec.c
 *
 * Bytes and text: encoding what the user typed into a charset, the
 * streaming decoder that shows received bytes as text (incomplete
 * sequences held across reads, invalid bytes and control characters made
 * visible), hex parsing and formatting, and the escaping for display.
 *
 * Over 700 lines: the decoder and the display escaping share the rules of
 * what is "showable" (controls, bidi overrides, invalid bytes), which the
 * fuzzers check together. The next split is hex parsing and formatting
 * (ta_hex_*) into ta-hex.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"

G_DEFINE_QUARK (ta-codec-error-quark, ta_codec_error)

/* The curated list shown to users; filtered by what iconv here supports. */
static const TaCharsetInfo all_charsets[] = {
  { TA_CHARSET_AUTO, N_("Automatic (UTF-8 or GB18030)") },
  { "UTF-8", N_("UTF-8 (Unicode)") },
  { "GBK", N_("GBK (Simplified Chinese)") },
  { "GB18030", N_("GB18030 (Chinese)") },
  { "BIG5", N_("Big5 (Traditional Chinese)") },
  { "SHIFT_JIS", N_("Shift_JIS (Japanese)") },
  { "EUC-KR", N_("EUC-KR (Korean)") },
  { "ISO-8859-1", N_("ISO-8859-1 (Western European)") },
  { "WINDOWS-1252", N_("Windows-1252 (Western European)") },
};

static gboolean
is_utf8_name (const char *charset)
{
  return g_ascii_strcasecmp (charset, "UTF-8") == 0 ||
         g_ascii_strcasecmp (charset, "UTF8") == 0;
}

gboolean
ta_codec_is_supported (const char *charset)
{
  static GHashTable *cache;
  gpointer cached;
  gboolean ok;
  GIConv cd;

  g_return_val_if_fail (charset != NULL, FALSE);

  if (g_strcmp0 (charset, TA_CHARSET_AUTO) == 0 || is_utf8_name (charset))
    return TRUE;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (cache, charset, NULL, &cached))
    return GPOINTER_TO_INT (cached);

  cd = g_iconv_open ("UTF-8", charset);
  ok = cd != (GIConv) -1;
  if (ok)
    g_iconv_close (cd);
  g_hash_table_insert (cache, g_strdup (charset), GINT_TO_POINTER (ok));
  return ok;
}

/**
 * ta_codec_get_charsets:
 * @with_auto: include the "Automatic" entry (receive side only)
 * @n_charsets: (out): number of entries
 *
 * Returns: (transfer none): the curated charsets iconv supports here
 */
const TaCharsetInfo *
ta_codec_get_charsets (gboolean  with_auto,
                       guint    *n_charsets)
{
  static TaCharsetInfo supported[G_N_ELEMENTS (all_charsets)];
  static guint n_supported;
  guint first;

  if (n_supported == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (all_charsets); i++)
        if (ta_codec_is_supported (all_charsets[i].id))
          supported[n_supported++] = all_charsets[i];
    }

  first = with_auto ? 0 : 1;
  *n_charsets = n_supported - first;
  return &supported[first];
}

const char *
ta_codec_default_send_charset (void)
{
  const char * const *langs = g_get_language_names ();

  /* The tutorial encodes in GBK; Chinese users expect that by default. */
  if (langs[0] != NULL && g_str_has_prefix (langs[0], "zh") &&
      ta_codec_is_supported ("GBK"))
    return "GBK";
  return "UTF-8";
}

static void
set_unencodable_error (GError     **error,
                       const char  *charset,
                       const char  *text,
                       const char  *at)
{
  gunichar c = g_utf8_get_char_validated (at, -1);
  glong index = g_utf8_pointer_to_offset (text, at) + 1;
  char buf[8] = { 0 };

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNENCODABLE,
                   _("The text is not valid Unicode at character %ld."), index);
      return;
    }

  g_unichar_to_utf8 (c, buf);
  g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNENCODABLE,
               /* Translators: "The character “😀” (U+1F600, character 3) cannot be written in GBK." */
               _("The character “%s” (U+%04X, character %ld) cannot be written in %s. "
                 "Nothing was sent. Remove it or choose another encoding, such as UTF-8 or GB18030."),
               buf, c, index, charset);
}

/**
 * ta_codec_encode:
 *
 * Encodes UTF-8 @text into @charset. Fails, naming the character, when
 * @charset cannot represent a character of @text.
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
ta_codec_encode (const char  *charset,
                 const char  *text,
                 gssize       len,
                 GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  const char *end;
  char *in;
  gsize inleft;
  GIConv cd;

  g_return_val_if_fail (charset != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);

  if (!g_utf8_validate (text, len, &end))
    {
      set_unencodable_error (error, charset, text, end);
      return NULL;
    }

  if (is_utf8_name (charset) || g_strcmp0 (charset, TA_CHARSET_AUTO) == 0)
    return g_bytes_new (text, len);

  cd = g_iconv_open (charset, "UTF-8");
  if (cd == (GIConv) -1)
    {
      g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNSUPPORTED,
                   _("The encoding %s is not available on this computer."), charset);
      return NULL;
    }

  out = g_byte_array_sized_new (len + 16);
  in = (char *) text;
  inleft = len;

  while (inleft > 0)
    {
      char buf[4096];
      char *outp = buf;
      gsize outleft = sizeof buf;
      gsize r;
      int saved;

      r = g_iconv (cd, &in, &inleft, &outp, &outleft);
      saved = errno;
      g_byte_array_append (out, (guint8 *) buf, outp - buf);

      if (r != (gsize) -1 || saved == E2BIG)
        continue;

      g_iconv_close (cd);
      set_unencodable_error (error, charset, text, in);
      return NULL;
    }

  {
    char buf[64];
    char *outp = buf;
    gsize outleft = sizeof buf;

    /* Return to the initial shift state (stateful encodings). */
    g_iconv (cd, NULL, NULL, &outp, &outleft);
    g_byte_array_append (out, (guint8 *) buf, outp - buf);
  }

  g_iconv_close (cd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Streaming decoder. */

struct _TaDecoder {
  char    *charset;
  GIConv   cd;
  guint    is_auto : 1;
  guint    is_utf8 : 1;
  guint8   pending[8];
  gsize    n_pending;
};

TaDecoder *
ta_decoder_new (const char *charset)
{
  TaDecoder *self;
  const char *iconv_name;

  g_return_val_if_fail (charset != NULL, NULL);

  if (!ta_codec_is_supported (charset))
    return NULL;

  self = g_new0 (TaDecoder, 1);
  self->charset = g_strdup (charset);
  self->is_auto = g_strcmp0 (charset, TA_CHARSET_AUTO) == 0;
  self->is_utf8 = is_utf8_name (charset);
  self->cd = (GIConv) -1;

  /* In automatic mode most traffic is UTF-8 (or ASCII): open the GB18030
   * converter only when some input is not. A server keeps one decoder per
   * client, and a converter costs kilobytes. */
  iconv_name = self->is_auto ? "GB18030" : charset;
  if (!self->is_utf8 && !self->is_auto)
    self->cd = g_iconv_open ("UTF-8", iconv_name);

  return self;
}

void
ta_decoder_free (TaDecoder *self)
{
  if (self == NULL)
    return;
  if (self->cd != (GIConv) -1)
    g_iconv_close (self->cd);
  g_free (self->charset);
  g_free (self);
}

const char *
ta_decoder_get_charset (TaDecoder *self)
{
  return self->charset;
}

gsize
ta_decoder_get_pending (TaDecoder *self)
{
  return self->n_pending;
}

static inline void
append_escaped_byte (GString *out,
                     guint8   b)
{
  static const char hex[] = "0123456789ABCDEF";
  char esc[4] = { '\\', 'x', hex[b >> 4], hex[b & 0xf] };

  g_string_append_len (out, esc, 4);
}

/* Length of a UTF-8 sequence starting with @b, or 0 if @b cannot start one. */
static inline guint
utf8_seq_len (guint8 b)
{
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

/* Is [p, p+n) the start of a valid UTF-8 sequence that needs more bytes? */
static gboolean
utf8_incomplete_prefix (const guint8 *p,
                        gsize         n)
{
  guint need = utf8_seq_len (p[0]);

  if (need <= 1 || n >= need)
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;
  /* Reject overlong / surrogate / out-of-range second bytes early. */
  if (n >= 2)
    {
      if (p[0] == 0xE0 && p[1] < 0xA0) return FALSE;
      if (p[0] == 0xED && p[1] > 0x9F) return FALSE;
      if (p[0] == 0xF0 && p[1] < 0x90) return FALSE;
      if (p[0] == 0xF4 && p[1] > 0x8F) return FALSE;
    }
  return TRUE;
}

/* Returns the number of bytes kept back as an incomplete tail. */
static gsize
decode_utf8 (const guint8 *data,
             gsize         len,
             gboolean      flush,
             GString      *out)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate ((const char *) p, end - p, &valid_end))
        {
          g_string_append_len (out, (const char *) p, end - p);
          return 0;
        }

      /* g_utf8_validate stops at NUL too; NUL is a valid character. */
      g_string_append_len (out, (const char *) p, (const guint8 *) valid_end - p);
      p = (const guint8 *) valid_end;

      if (*p == 0)
        {
          g_string_append_c (out, '\0');
          p++;
          continue;
        }

      if (!flush && utf8_incomplete_prefix (p, end - p))
        return end - p;

      append_escaped_byte (out, *p);
      p++;
    }

  return 0;
}

/* Valid UTF-8 apart from an incomplete sequence at the very end? */
static gboolean
looks_like_utf8 (const guint8 *data,
                 gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate ((const char *) p, end - p, &valid_end))
        return TRUE;
      p = (const guint8 *) valid_end;
      if (*p == 0)
        {
          p++;
          continue;
        }
      return utf8_incomplete_prefix (p, end - p);
    }
  return TRUE;
}

static gsize
decode_iconv (TaDecoder    *self,
              const guint8 *data,
              gsize         len,
              gboolean      flush,
              GString      *out)
{
  char *in = (char *) data;
  gsize inleft = len;

  if (self->cd == (GIConv) -1)
    self->cd = g_iconv_open ("UTF-8", "GB18030");
  if (self->cd == (GIConv) -1)
    return decode_utf8 (data, len, flush, out);  /* no GB18030 here: escapes */

  while (inleft > 0)
    {
      char buf[4096];
      char *outp = buf;
      gsize outleft = sizeof buf;
      gsize r;
      int saved;

      r = g_iconv (self->cd, &in, &inleft, &outp, &outleft);
      saved = errno;
      g_string_append_len (out, buf, outp - buf);

      if (r != (gsize) -1)
        break;

      if (saved == E2BIG)
        continue;

      if (saved == EINVAL && !flush && inleft < sizeof self->pending)
        return inleft;

      /* EILSEQ, or an incomplete sequence at the end of the stream. */
      g_iconv (self->cd, NULL, NULL, NULL, NULL);
      append_escaped_byte (out, (guint8) *in);
      in++;
      inleft--;
    }

  return 0;
}

/* Would this character show as something other than a box? Core cannot
 * ask the UI font, so this rejects what no font draws as a glyph of its
 * own: unassigned code points, private use (GBK's user-defined areas map
 * there), surrogates and noncharacters. */
static gboolean
is_showable (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
      return FALSE;
    default:
      break;
    }
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
    return FALSE;
  return TRUE;
}

static inline gboolean in_range (guint8 b, guint8 lo, guint8 hi) { return b >= lo && b <= hi; }

/* Automatic mode, input that is not UTF-8: GB18030, one character at a time.
 * GB18030 maps almost any byte pair to some character, so random bytes
 * (or another encoding) would show as boxes: a character that cannot be
 * shown (is_showable()) is written as the \xNN escapes of its bytes
 * instead. Returns the number of bytes kept back as an incomplete tail. */
static gsize
decode_auto_gb18030 (TaDecoder    *self,
                     const guint8 *data,
                     gsize         len,
                     gboolean      flush,
                     GString      *out)
{
  gsize i = 0;

  if (self->cd == (GIConv) -1)
    self->cd = g_iconv_open ("UTF-8", "GB18030");
  if (self->cd == (GIConv) -1)
    return decode_utf8 (data, len, flush, out);  /* no GB18030 here: escapes */

  while (i < len)
    {
      guint8 b = data[i];
      gsize need, left = len - i;
      char buf[16];
      char *in, *outp = buf;
      gsize inleft, outleft = sizeof buf;
      gboolean showable = TRUE;

      if (b < 0x80)
        {
          g_string_append_c (out, (char) b);
          i++;
          continue;
        }
      if (!in_range (b, 0x81, 0xFE))
        goto escape_one;
      if (left < 2)
        goto incomplete;
      if (in_range (data[i + 1], 0x30, 0x39))
        {
          need = 4;
          if (left >= 3 && !in_range (data[i + 2], 0x81, 0xFE))
            goto escape_one;
          if (left < 4)
            goto incomplete;
          if (!in_range (data[i + 3], 0x30, 0x39))
            goto escape_one;
        }
      else if (in_range (data[i + 1], 0x40, 0x7E) || in_range (data[i + 1], 0x80, 0xFE))
        need = 2;
      else
        goto escape_one;

      in = (char *) data + i;
      inleft = need;
      if (g_iconv (self->cd, &in, &inleft, &outp, &outleft) == (gsize) -1 || inleft != 0)
        {
          g_iconv (self->cd, NULL, NULL, NULL, NULL);
          goto escape_one;
        }
      for (const char *c = buf; c < outp; c = g_utf8_next_char (c))
        showable &= is_showable (g_utf8_get_char (c));
      if (showable)
        g_string_append_len (out, buf, outp - buf);
      else
        for (gsize k = 0; k < need; k++)
          append_escaped_byte (out, data[i + k]);
      i += need;
      continue;

    incomplete:
      if (!flush)
        return left;
    escape_one:
      append_escaped_byte (out, b);
      i++;
    }

  return 0;
}

/**
 * ta_decoder_decode:
 * @flush: %TRUE at the end of the stream: nothing is kept back
 *
 * Appends the text of @data to @out. A multibyte character cut at the end
 * of @data is kept and completed by the next call; bytes that are not
 * valid in the charset become `\xNN`. The output is valid UTF-8 but may
 * contain NUL and control characters: see ta_display_escape().
 */
void
ta_decoder_decode (TaDecoder    *self,
                   const guint8 *data,
                   gsize         len,
                   gboolean      flush,
                   GString      *out)
{
  g_autofree guint8 *joined = NULL;
  const guint8 *buf = data;
  gsize buf_len = len;
  gsize kept;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  if (self->n_pending > 0)
    {
      joined = g_malloc (self->n_pending + len);
      memcpy (joined, self->pending, self->n_pending);
      if (len > 0)
        memcpy (joined + self->n_pending, data, len);
      buf = joined;
      buf_len = self->n_pending + len;
      self->n_pending = 0;
    }

  /* Nothing to decode (a flush with nothing kept back). */
  if (buf_len == 0)
    return;

  if (self->is_utf8 || (self->is_auto && looks_like_utf8 (buf, buf_len)))
    kept = decode_utf8 (buf, buf_len, flush, out);
  else if (self->is_auto)
    kept = decode_auto_gb18030 (self, buf, buf_len, flush, out);
  else
    kept = decode_iconv (self, buf, buf_len, flush, out);

  g_assert (kept < sizeof self->pending);
  memcpy (self->pending, buf + buf_len - kept, kept);
  self->n_pending = kept;
}

/**
 * ta_codec_decode:
 *
 * Returns: (transfer full): the text of a complete message
 */
char *
ta_codec_decode (const char   *charset,
                 const guint8 *data,
                 gsize         len)
{
  g_autoptr(TaDecoder) decoder = ta_decoder_new (charset);
  GString *out = g_string_sized_new (len + 1);

  if (decoder == NULL)
    decoder = ta_decoder_new ("UTF-8");
  ta_decoder_decode (decoder, data, len, TRUE, out);
  return g_string_free (out, FALSE);
}

/* Hex */

static int
hex_value (gunichar c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/**
 * ta_hex_parse:
 *
 * Parses hex such as "48 65 6c", "0x48 0x65", "48656C" (spaces, tabs,
 * new lines, commas and 0x prefixes are allowed between bytes).
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with an error
 *   naming the position of the first bad character
 */
GBytes *
ta_hex_parse (const char  *text,
              GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const char *p = text;
  glong pos = 0;
  int high = -1;
  glong high_pos = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX,
                           _("The hex text is not valid Unicode."));
      return NULL;
    }

  while (*p)
    {
      gunichar c = g_utf8_get_char (p);
      int v;

      pos++;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',')
        {
          if (high >= 0)
            goto odd;
          p = g_utf8_next_char (p);
          continue;
        }

      if (high < 0 && c == '0' && (p[1] == 'x' || p[1] == 'X'))
        {
          p += 2;
          pos++;
          continue;
        }

      v = hex_value (c);
      if (v < 0)
        {
          char buf[8] = { 0 };

          g_unichar_to_utf8 (c, buf);
          g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX,
                       /* Translators: "“g” at position 5 is not a hex digit." */
                       _("“%s” at position %ld is not a hex digit. Use 0–9 and A–F, "
                         "two digits per byte, for example 48 65 6C 6C 6F."),
                       buf, pos);
          return NULL;
        }

      if (high < 0)
        {
          high = v;
          high_pos = pos;
        }
      else
        {
          guint8 b = (guint8) (high << 4 | v);

          g_byte_array_append (out, &b, 1);
          high = -1;
        }
      p = g_utf8_next_char (p);
    }

  if (high < 0)
    return g_byte_array_free_to_bytes (g_steal_pointer (&out));

odd:
  g_set_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX,
               _("The digit at position %ld has no partner: each byte needs two hex digits "
                 "(write 0A, not A)."),
               high_pos);
  return NULL;
}

/**
 * ta_hex_format:
 *
 * Returns: (transfer full): "48 65 6C 6C 6F"
 */
char *
ta_hex_format (const guint8 *data,
               gsize         len)
{
  static const char hex[] = "0123456789ABCDEF";
  char *out = g_malloc (len * 3 + 1);
  char *o = out;

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        *o++ = ' ';
      *o++ = hex[data[i] >> 4];
      *o++ = hex[data[i] & 0xf];
    }
  *o = '\0';
  return out;
}

/**
 * ta_hex_dump:
 *
 * Appends a classic dump to @out: offset, 16 bytes in hex, the printable
 * ASCII column; lines separated by '\n', no trailing new line.
 */
void
ta_hex_dump (const guint8 *data,
             gsize         len,
             GString      *out)
{
  static const char hex[] = "0123456789ABCDEF";

  for (gsize off = 0; off < len; off += 16)
    {
      gsize n = MIN (16, len - off);

      if (off > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "X  ", off);
      for (gsize i = 0; i < 16; i++)
        {
          if (i < n)
            {
              g_string_append_c (out, hex[data[off + i] >> 4]);
              g_string_append_c (out, hex[data[off + i] & 0xf]);
              g_string_append_c (out, ' ');
            }
          else
            g_string_append (out, "   ");
          if (i == 7)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, " |");
      for (gsize i = 0; i < n; i++)
        {
          guint8 b = data[off + i];
          g_string_append_c (out, (b >= 0x20 && b < 0x7f) ? (char) b : '.');
        }
      g_string_append_c (out, '|');
    }
}

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

/**
 * ta_display_escape:
 * @utf8: valid UTF-8, possibly with NUL bytes inside
 * @len: length in bytes, or -1 if NUL-terminated
 *
 * Appends @utf8 to @out with every control character made visible (\0 \t
 * \n \r, other C0 controls and DEL as \xNN, C1 and bidirectional or
 * line-separator controls as \uXXXX), so received bytes can never reorder
 * or hide text in the log. ASCII escapes need no special glyphs in the
 * monospace font, unlike the control pictures (U+2400…).
 */
void
ta_display_escape (const char *utf8,
                   gssize      len,
                   GString    *out)
{
  const char *p = utf8;
  const char *end;
  const char *run = utf8;

  if (len < 0)
    len = strlen (utf8);
  end = utf8 + len;

  while (p < end)
    {
      guchar b = (guchar) *p;

      if (b >= 0x20 && b < 0x7f)
        {
          p++;
          continue;
        }

      if (b < 0x80)
        {
          g_string_append_len (out, run, p - run);
          switch (b)
            {
            case '\0': g_string_append (out, "\\0"); break;
            case '\t': g_string_append (out, "\\t"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            default: append_escaped_byte (out, b); break;
            }
          p++;
          run = p;
          continue;
        }

      {
        gunichar c = g_utf8_get_char (p);
        const char *next = g_utf8_next_char (p);

        if ((c >= 0x80 && c <= 0x9f) || is_bidi_control (c))
          {
            g_string_append_len (out, run, p - run);
            g_string_append_printf (out, "\\u%04X", c);
            run = next;
          }
        p = next;
      }
    }

  g_string_append_len (out, run, p - run);
}
