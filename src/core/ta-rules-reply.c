/* ta-rules-reply.c: what a rule sends back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reply as the user writes it — text with C escapes (\n \r \t \\ \s
 * \xNN) and {variables} ({time} {date} {counter} {peer} {message} {len}),
 * or hex — turned into the bytes to send, in the page's send encoding,
 * with the rule's checksum and line ending; and the checksum preview
 * beside the rules editor's dropdown. Matching and the rule itself are in
 * ta-rules.c, the file format in ta-rules-file.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-rules.h"
#include "ta-rules-private.h"

typedef struct {
  const TaRuleVars *vars;
  const guint8     *data;
  gsize             len;
  const char       *charset;
} RenderCtx;

static gboolean
encode_run (GByteArray  *out,
            const char  *charset,
            GString     *run,
            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  gconstpointer data;

  if (run->len == 0)
    return TRUE;
  bytes = ta_codec_encode (charset, run->str, run->len, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  g_byte_array_append (out, data, size);
  g_string_truncate (run, 0);
  return TRUE;
}

static void
append_variable (GString         *run,
                 const char      *name,
                 const RenderCtx *ctx)
{
  const TaRuleVars *vars = ctx->vars;

  if (g_str_equal (name, "time") || g_str_equal (name, "date"))
    {
      gint64 t = vars && vars->time_us ? vars->time_us : g_get_real_time ();
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t / G_USEC_PER_SEC);
      g_autofree char *s = g_date_time_format (dt, g_str_equal (name, "time") ? "%H:%M:%S" : "%Y-%m-%d");

      g_string_append (run, s);
    }
  else if (g_str_equal (name, "counter"))
    g_string_append_printf (run, "%" G_GUINT64_FORMAT, vars ? vars->counter : 0);
  else if (g_str_equal (name, "peer"))
    g_string_append (run, vars && vars->peer ? vars->peer : "");
  else if (g_str_equal (name, "len"))
    g_string_append_printf (run, "%" G_GSIZE_FORMAT, ctx->len);
  else if (g_str_equal (name, "message"))
    {
      g_autofree char *text = ta_codec_decode (ctx->charset, ctx->data,
                                               MIN (ctx->len, TA_RULES_MAX_SUBJECT));
      g_string_append (run, text);
    }
}

static gboolean
is_variable (const char *name)
{
  static const char *names[] = { "time", "date", "counter", "peer", "message", "len" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

/* Text with C escapes (\n \r \t \\ \s \xNN) and, when @ctx is given,
 * {variables} → bytes: text in @charset, \xNN as the byte itself. */
static gboolean
render (const char       *text,
        const char       *charset,
        const RenderCtx  *ctx,
        GByteArray       *out,
        GError          **error)
{
  g_autoptr(GString) run = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '\\')
        {
          int hi, lo;

          switch (p[1])
            {
            case 'n': g_string_append_c (run, '\n'); p += 2; continue;
            case 'r': g_string_append_c (run, '\r'); p += 2; continue;
            case 't': g_string_append_c (run, '\t'); p += 2; continue;
            case 's': g_string_append_c (run, ' '); p += 2; continue;
            case '\\': g_string_append_c (run, '\\'); p += 2; continue;
            case 'x':
              hi = p[2] ? g_ascii_xdigit_value (p[2]) : -1;
              lo = hi >= 0 && p[3] ? g_ascii_xdigit_value (p[3]) : -1;
              if (hi >= 0 && lo >= 0)
                {
                  guint8 b = hi * 16 + lo;

                  if (!encode_run (out, charset, run, error))
                    return FALSE;
                  g_byte_array_append (out, &b, 1);
                  p += 4;
                  continue;
                }
              break;
            default:
              break;
            }
          {
            /* The backslash and the whole character after it. */
            g_autofree char *what = g_strndup (p, p[1] ? g_utf8_next_char (p + 1) - p : 1);

            g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                         _("At position %ld, “%s” is not an escape this program knows: "
                           "use \\n, \\r, \\t, \\\\ or \\x followed by two hex digits."),
                         (long) g_utf8_pointer_to_offset (text, p) + 1, what);
          }
          return FALSE;
        }
      if (*p == '{' && ctx != NULL)
        {
          const char *close = strchr (p, '}');

          if (close != NULL && close - p < 16)
            {
              g_autofree char *name = g_strndup (p + 1, close - p - 1);

              if (is_variable (name))
                {
                  append_variable (run, name, ctx);
                  p = close + 1;
                  continue;
                }
            }
        }
      g_string_append_c (run, *p);
      p++;
    }
  return encode_run (out, charset, run, error);
}

/**
 * ta_rules_unescape:
 *
 * Returns: (transfer full): the bytes of @text with C escapes, text in @charset
 */
GBytes *
ta_rules_unescape (const char  *text,
                   const char  *charset,
                   GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (!render (text, charset, NULL, out, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Text with C escapes, no variables (a rule checks its reply with it). */
gboolean
_ta_rules_render (const char  *text,
                  const char  *charset,
                  GByteArray  *out,
                  GError     **error)
{
  return render (text, charset, NULL, out, error);
}

static void
append_checksum (GByteArray *out,
                 TaChecksum  checksum)
{
  guint8 sum[TA_CHECKSUM_MAX_SIZE];
  guint n = ta_checksum_compute (checksum, out->data, out->len, sum);

  g_byte_array_append (out, sum, n);
}

/**
 * ta_rules_build_reply:
 * @data: the message being answered
 *
 * Returns: (transfer full) (nullable): the bytes to send, or %NULL when
 *   the rule sends nothing (no reply, close)
 */
GBytes *
ta_rules_build_reply (TaRules          *self,
                      TaRule           *rule,
                      const guint8     *data,
                      gsize             len,
                      const TaRuleVars *vars)
{
  g_autoptr(GByteArray) out = NULL;
  const char *charset = ta_rules_get_charset (self);
  RenderCtx ctx = { vars, data, len, charset };
  TaRuleEnding ending;
  static const char *endings[] = { "", "\n", "\r\n", "\r" };

  g_return_val_if_fail (TA_IS_RULES (self), NULL);
  g_return_val_if_fail (TA_IS_RULE (rule), NULL);

  switch (ta_rule_get_reply (rule))
    {
    case TA_RULE_REPLY_TEXT:
      out = g_byte_array_new ();
      if (!render (ta_rule_get_text (rule), charset, &ctx, out, NULL))
        {
          /* Not encodable in the charset (a variable's value): send UTF-8. */
          g_byte_array_set_size (out, 0);
          ctx.charset = "UTF-8";
          render (ta_rule_get_text (rule), "UTF-8", &ctx, out, NULL);
        }
      append_checksum (out, ta_rule_get_checksum (rule));
      ending = ta_rule_get_ending (rule);
      g_byte_array_append (out, (const guint8 *) endings[ending], strlen (endings[ending]));
      return g_byte_array_free_to_bytes (g_steal_pointer (&out));
    case TA_RULE_REPLY_HEX:
      {
        g_autoptr(GBytes) bytes = ta_hex_parse (ta_rule_get_text (rule), NULL);

        return bytes ? ta_checksum_append (ta_rule_get_checksum (rule), bytes) : NULL;
      }
    case TA_RULE_REPLY_ECHO:
      return g_bytes_new (data, len);
    case TA_RULE_REPLY_NONE:
    case TA_RULE_REPLY_CLOSE:
    default:
      return NULL;
    }
}

/* TRUE if @text names one of the {variables}: its bytes vary per reply. */
static gboolean
has_variables (const char *text)
{
  for (const char *p = strchr (text, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      const char *close = strchr (p, '}');

      if (close != NULL && close - p < 16)
        {
          g_autofree char *name = g_strndup (p + 1, close - p - 1);

          if (is_variable (name))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * ta_rules_checksum_preview:
 * @text: a reply as the editor holds it (text with escapes, or hex)
 *
 * What @checksum adds to the reply, for a label beside the editor's
 * dropdown: "+ C5 CD" when the bytes are known; a sentence when the text
 * has variables (computed for each reply); "" for no checksum or a
 * reply that is not valid yet (the form says why when it is saved).
 *
 * Returns: (transfer full): the preview
 */
char *
ta_rules_checksum_preview (TaRules     *self,
                           TaRuleReply  reply,
                           const char  *text,
                           TaChecksum   checksum)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (TA_IS_RULES (self), NULL);
  g_return_val_if_fail ((guint) checksum < TA_CHECKSUM_N_TYPES, NULL);

  if (checksum == TA_CHECKSUM_NONE || text == NULL ||
      (reply != TA_RULE_REPLY_TEXT && reply != TA_RULE_REPLY_HEX))
    return g_strdup ("");
  if (reply == TA_RULE_REPLY_TEXT && has_variables (text))
    return g_strdup (_("+ computed for each reply, over the text with its variables filled in"));
  bytes = reply == TA_RULE_REPLY_HEX ? ta_hex_parse (text, NULL)
                                     : ta_rules_unescape (text, ta_rules_get_charset (self), NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return g_strdup ("");
  data = g_bytes_get_data (bytes, &len);
  return ta_checksum_preview (checksum, data, len);
}

