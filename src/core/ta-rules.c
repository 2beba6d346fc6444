/* ta-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's answers, as a device would give them: an ordered list of
 * rules, the first whose pattern matches a received message answers it.
 * Rules are immutable once made (so a bad pattern can never be half
 * applied); the editor replaces a rule to change it. Hit counts are kept
 * on the rule.
 *
 * A regular expression is compiled with PCRE2's (*LIMIT_MATCH) so that a
 * pattern which backtracks without end gives up within milliseconds
 * instead of freezing the main loop (GLib 2.74 has no API for it).
 *
 * Over 700 lines: the rule, the list and the file format are kept in one
 * file because matching and the file both need the rule's compiled
 * private state (encoded needle, regex, hex mask), which stays hidden.
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-rules.h"

G_DEFINE_QUARK (ta-rules-error-quark, ta_rules_error)

#define REGEX_LIMITS "(*LIMIT_MATCH=50000)(*LIMIT_DEPTH=10000)"
#define DESCRIBE_MAX_CHARS 24

struct _TaRule
{
  GObject       parent_instance;

  TaRuleMatch   match;
  char         *pattern;   /* as written: C escapes for text kinds */
  TaRuleReply   reply;
  char         *text;      /* as written: C escapes and {variables} */
  TaRuleEnding  ending;
  TaChecksum    checksum;  /* text and hex replies only; else none */
  guint         delay_ms;
  guint64       hits;

  /* Compiled for the charset below. */
  GRegex       *regex;
  GByteArray   *hex;       /* TA_RULE_MATCH_HEX: bytes and mask */
  GByteArray   *hex_mask;
  GBytes       *needle;    /* text kinds, encoded */
  char         *needle_charset;
};

G_DEFINE_FINAL_TYPE (TaRule, ta_rule, G_TYPE_OBJECT)

enum {
  RULE_PROP_0,
  RULE_PROP_HITS,
  RULE_N_PROPS
};

static GParamSpec *rule_properties[RULE_N_PROPS];

static void
ta_rule_finalize (GObject *object)
{
  TaRule *self = TA_RULE (object);

  g_free (self->pattern);
  g_free (self->text);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->hex, g_byte_array_unref);
  g_clear_pointer (&self->hex_mask, g_byte_array_unref);
  g_clear_pointer (&self->needle, g_bytes_unref);
  g_free (self->needle_charset);

  G_OBJECT_CLASS (ta_rule_parent_class)->finalize (object);
}

static void
ta_rule_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TaRule *self = TA_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_HITS:
      g_value_set_uint64 (value, self->hits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_rule_class_init (TaRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_rule_finalize;
  object_class->get_property = ta_rule_get_property;

  rule_properties[RULE_PROP_HITS] =
    g_param_spec_uint64 ("hits", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, RULE_N_PROPS, rule_properties);
}

static void
ta_rule_init (TaRule *self)
{
}

/* ---- escapes and variables ---- */

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

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
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
              hi = p[2] ? hex_digit (p[2]) : -1;
              lo = hi >= 0 && p[3] ? hex_digit (p[3]) : -1;
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

/* "AA ?? 0D 0a", "AA??0D0A" or "0xAA 0x??": bytes, ?? any byte. */
static gboolean
parse_hex_pattern (const char  *text,
                   GByteArray  *bytes,
                   GByteArray  *mask,
                   GError     **error)
{
  const char *p = text;

  while (*p)
    {
      guint8 b, m;

      if (*p == ' ' || *p == ',' || *p == '\t')
        {
          p++;
          continue;
        }
      if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        {
          p += 2;
          continue;
        }
      if (p[0] == '?' && p[1] == '?')
        b = 0, m = 0;
      else if (hex_digit (p[0]) >= 0 && p[1] != '\0' && hex_digit (p[1]) >= 0)
        b = hex_digit (p[0]) * 16 + hex_digit (p[1]), m = 0xFF;
      else
        {
          /* Up to two whole characters, as the user sees them. */
          const char *end = g_utf8_next_char (p);
          g_autofree char *what = NULL;

          if (*end != '\0')
            end = g_utf8_next_char (end);
          what = g_strndup (p, end - p);
          g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                       _("At position %ld, “%s” is not a hex byte: write two hex digits per byte, "
                         "or ?? for any byte, for example AA ?? 0D 0A."),
                       (long) g_utf8_pointer_to_offset (text, p) + 1, what);
          return FALSE;
        }
      g_byte_array_append (bytes, &b, 1);
      g_byte_array_append (mask, &m, 1);
      p += 2;
    }
  if (bytes->len == 0)
    {
      g_set_error_literal (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                           _("The hex pattern is empty: write the bytes to match, for example AA ?? 0D 0A."));
      return FALSE;
    }
  return TRUE;
}

static char *
normalize_escaped (const char *text)
{
  GString *s = g_string_new (NULL);

  /* The stored form is one line: real line breaks become escapes. */
  for (const char *p = text ? text : ""; *p; p++)
    if (*p == '\n')
      g_string_append (s, "\\n");
    else if (*p == '\r')
      g_string_append (s, "\\r");
    else
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* Encodes a text pattern for @charset, once per charset. */
static gboolean
prepare_needle (TaRule      *self,
                const char  *charset,
                GError     **error)
{
  GBytes *needle;

  if (self->needle != NULL && g_strcmp0 (self->needle_charset, charset) == 0)
    return TRUE;
  needle = ta_rules_unescape (self->pattern, charset, error);
  if (needle == NULL)
    return FALSE;
  g_clear_pointer (&self->needle, g_bytes_unref);
  self->needle = needle;
  g_free (self->needle_charset);
  self->needle_charset = g_strdup (charset);
  return TRUE;
}

/**
 * ta_rule_new:
 *
 * ta_rule_new_full() without a checksum.
 */
TaRule *
ta_rule_new (TaRuleMatch    match,
             const char    *pattern,
             TaRuleReply    reply,
             const char    *text,
             TaRuleEnding   ending,
             guint          delay_ms,
             GError       **error)
{
  return ta_rule_new_full (match, pattern, reply, text, ending, TA_CHECKSUM_NONE, delay_ms, error);
}

/**
 * ta_rule_new_full:
 * @pattern: text with C escapes; a regular expression; or hex with ??
 * @text: the reply: text with C escapes and {variables}, or hex
 * @checksum: appended to a text or hex reply, computed over its bytes
 *   once the variables are filled in, before the line ending (as
 *   ta_message_build() orders them); ignored for other replies
 *
 * Returns: (transfer full) (nullable): the rule, or %NULL with a sentence
 *   saying what is wrong with the pattern or the reply
 */
TaRule *
ta_rule_new_full (TaRuleMatch    match,
                  const char    *pattern,
                  TaRuleReply    reply,
                  const char    *text,
                  TaRuleEnding   ending,
                  TaChecksum     checksum,
                  guint          delay_ms,
                  GError       **error)
{
  g_autoptr(TaRule) self = g_object_new (TA_TYPE_RULE, NULL);

  g_return_val_if_fail (match <= TA_RULE_MATCH_HEX, NULL);
  g_return_val_if_fail (reply <= TA_RULE_REPLY_CLOSE, NULL);
  g_return_val_if_fail (ending <= TA_RULE_ENDING_CR, NULL);
  g_return_val_if_fail ((guint) checksum < TA_CHECKSUM_N_TYPES, NULL);

  /* What is shown in the list and the log must be text. */
  if ((pattern != NULL && !g_utf8_validate (pattern, -1, NULL)) ||
      (text != NULL && !g_utf8_validate (text, -1, NULL)))
    {
      g_set_error_literal (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                           _("The pattern or the reply is not valid text (UTF-8): write other bytes as \\xNN."));
      return NULL;
    }

  self->match = match;
  self->pattern = normalize_escaped (match == TA_RULE_MATCH_ANY ? "" : pattern);
  self->reply = reply;
  self->text = normalize_escaped (text);
  self->ending = ending;
  self->checksum = reply == TA_RULE_REPLY_TEXT || reply == TA_RULE_REPLY_HEX ? checksum : TA_CHECKSUM_NONE;
  self->delay_ms = MIN (delay_ms, TA_RULES_MAX_DELAY_MS);

  switch (match)
    {
    case TA_RULE_MATCH_REGEX:
      {
        g_autofree char *limited = NULL;
        g_autoptr(GError) local = NULL;

        /* Compiled alone first: the error then speaks of what the user wrote. */
        self->regex = g_regex_new (self->pattern, 0, 0, &local);
        if (self->regex == NULL)
          {
            g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                         _("The regular expression is not valid: %s"), local->message);
            return NULL;
          }
        g_clear_pointer (&self->regex, g_regex_unref);
        limited = g_strconcat (REGEX_LIMITS, self->pattern, NULL);
        self->regex = g_regex_new (limited, 0, 0, error);
        if (self->regex == NULL)
          return NULL;
      }
      break;
    case TA_RULE_MATCH_HEX:
      self->hex = g_byte_array_new ();
      self->hex_mask = g_byte_array_new ();
      if (!parse_hex_pattern (self->pattern, self->hex, self->hex_mask, error))
        return NULL;
      break;
    case TA_RULE_MATCH_EXACT:
    case TA_RULE_MATCH_CONTAINS:
    case TA_RULE_MATCH_PREFIX:
    case TA_RULE_MATCH_SUFFIX:
      if (!prepare_needle (self, "UTF-8", error))
        return NULL;
      break;
    case TA_RULE_MATCH_ANY:
    default:
      break;
    }

  if (reply == TA_RULE_REPLY_TEXT)
    {
      g_autoptr(GByteArray) check = g_byte_array_new ();

      if (!render (self->text, "UTF-8", NULL, check, error))
        return NULL;
      if (check->len == 0 && self->checksum != TA_CHECKSUM_NONE)
        {
          g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                       /* Translators: %s is a checksum name such as CRC-16/Modbus */
                       _("A %s checksum needs bytes to cover: write the reply text, or choose no checksum."),
                       ta_checksum_get_label (self->checksum));
          return NULL;
        }
    }
  else if (reply == TA_RULE_REPLY_HEX)
    {
      g_autoptr(GBytes) bytes = ta_hex_parse (self->text, error);

      if (bytes == NULL)
        return NULL;
      if (g_bytes_get_size (bytes) == 0)
        {
          g_set_error_literal (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                               _("The hex reply is empty: write the bytes to send, for example 06."));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

TaRuleMatch ta_rule_get_match (TaRule *self) { return self->match; }
const char *ta_rule_get_pattern (TaRule *self) { return self->pattern; }
TaRuleReply ta_rule_get_reply (TaRule *self) { return self->reply; }
const char *ta_rule_get_text (TaRule *self) { return self->text; }
TaRuleEnding ta_rule_get_ending (TaRule *self) { return self->ending; }
TaChecksum ta_rule_get_checksum (TaRule *self) { return self->checksum; }
guint ta_rule_get_delay (TaRule *self) { return self->delay_ms; }
guint64 ta_rule_get_hits (TaRule *self) { return self->hits; }

void
ta_rule_reset_hits (TaRule *self)
{
  g_return_if_fail (TA_IS_RULE (self));
  if (self->hits == 0)
    return;
  self->hits = 0;
  g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_HITS]);
}

/**
 * ta_rule_describe:
 *
 * Returns: (transfer full): the pattern, shortened, for the log: "PING",
 *   or "any message"
 */
char *
ta_rule_describe (TaRule *self)
{
  g_return_val_if_fail (TA_IS_RULE (self), NULL);

  if (self->match == TA_RULE_MATCH_ANY)
    return g_strdup (_("any message"));
  if (g_utf8_strlen (self->pattern, -1) > DESCRIBE_MAX_CHARS)
    {
      g_autofree char *start = g_utf8_substring (self->pattern, 0, DESCRIBE_MAX_CHARS);
      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (self->pattern);
}

static const char *match_names[] = { "any", "exact", "contains", "prefix", "suffix", "regex", "hex" };
static const char *reply_names[] = { "text", "hex", "echo", "none", "close" };
static const char *ending_names[] = { "none", "lf", "crlf", "cr" };

const char *ta_rule_match_to_string (TaRuleMatch match) { return match_names[match]; }
const char *ta_rule_reply_to_string (TaRuleReply reply) { return reply_names[reply]; }
const char *ta_rule_ending_to_string (TaRuleEnding ending) { return ending_names[ending]; }

static int
lookup_name (const char *value,
             const char *names[],
             guint       n)
{
  g_autofree char *word = NULL;
  const char *end;

  if (value == NULL)
    return -1;
  /* The documented example has comments after the value: "contains   # any | …". */
  end = value;
  while (*end && !g_ascii_isspace (*end) && *end != '#')
    end++;
  word = g_ascii_strdown (value, end - value);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (word, names[i]))
      return i;
  return -1;
}

/* ---- TaRules: the ordered list ---- */

struct _TaRules
{
  GObject    parent_instance;

  GPtrArray *rules;    /* of TaRule */
  char      *charset;
};

static void ta_rules_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaRules, ta_rules, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ta_rules_list_model_init))

static GType
ta_rules_get_item_type (GListModel *model)
{
  return TA_TYPE_RULE;
}

static guint
ta_rules_get_n_items (GListModel *model)
{
  return TA_RULES (model)->rules->len;
}

static gpointer
ta_rules_get_item (GListModel *model,
                   guint       position)
{
  TaRules *self = TA_RULES (model);

  if (position >= self->rules->len)
    return NULL;
  return g_object_ref (self->rules->pdata[position]);
}

static void
ta_rules_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ta_rules_get_item_type;
  iface->get_n_items = ta_rules_get_n_items;
  iface->get_item = ta_rules_get_item;
}

static void
ta_rules_finalize (GObject *object)
{
  TaRules *self = TA_RULES (object);

  g_ptr_array_unref (self->rules);
  g_free (self->charset);

  G_OBJECT_CLASS (ta_rules_parent_class)->finalize (object);
}

static void
ta_rules_class_init (TaRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_rules_finalize;
}

static void
ta_rules_init (TaRules *self)
{
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
  self->charset = g_strdup ("UTF-8");
}

/**
 * ta_rules_new:
 *
 * Returns: (transfer full): the tutorial's list: any message → "hello"
 */
TaRules *
ta_rules_new (void)
{
  TaRules *self = g_object_new (TA_TYPE_RULES, NULL);

  ta_rules_set_default (self);
  return self;
}

void
ta_rules_set_default (TaRules *self)
{
  guint old = self->rules->len;

  g_ptr_array_set_size (self->rules, 0);
  g_ptr_array_add (self->rules, ta_rule_new (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT,
                                             "hello", TA_RULE_ENDING_NONE, 0, NULL));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 1);
}

/* Text patterns and replies are in this charset (the page's send encoding). */
void
ta_rules_set_charset (TaRules    *self,
                      const char *charset)
{
  g_return_if_fail (TA_IS_RULES (self));
  g_return_if_fail (charset != NULL);

  if (g_strcmp0 (charset, TA_CHARSET_AUTO) == 0 || !ta_codec_is_supported (charset))
    charset = "UTF-8";
  g_free (self->charset);
  self->charset = g_strdup (charset);
}

const char *ta_rules_get_charset (TaRules *self) { return self->charset; }
guint ta_rules_get_n_rules (TaRules *self) { return self->rules->len; }

/**
 * ta_rules_get_rule:
 *
 * Returns: (transfer none) (nullable):
 */
TaRule *
ta_rules_get_rule (TaRules *self,
                   guint    position)
{
  g_return_val_if_fail (TA_IS_RULES (self), NULL);
  return position < self->rules->len ? self->rules->pdata[position] : NULL;
}

void
ta_rules_insert (TaRules *self,
                 guint    position,
                 TaRule  *rule)
{
  g_return_if_fail (TA_IS_RULES (self));
  g_return_if_fail (TA_IS_RULE (rule));

  position = MIN (position, self->rules->len);
  g_ptr_array_insert (self->rules, position, g_object_ref (rule));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
ta_rules_replace (TaRules *self,
                  guint    position,
                  TaRule  *rule)
{
  g_return_if_fail (TA_IS_RULES (self));
  g_return_if_fail (TA_IS_RULE (rule));
  g_return_if_fail (position < self->rules->len);

  g_object_ref (rule);
  g_object_unref (self->rules->pdata[position]);
  self->rules->pdata[position] = rule;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

void
ta_rules_remove (TaRules *self,
                 guint    position)
{
  g_return_if_fail (TA_IS_RULES (self));
  g_return_if_fail (position < self->rules->len);

  g_ptr_array_remove_index (self->rules, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
ta_rules_move (TaRules *self,
               guint    from,
               guint    to)
{
  TaRule *rule;

  g_return_if_fail (TA_IS_RULES (self));
  g_return_if_fail (from < self->rules->len && to < self->rules->len);

  if (from == to)
    return;
  rule = g_ptr_array_steal_index (self->rules, from);
  g_ptr_array_insert (self->rules, to, rule);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
}

void
ta_rules_clear (TaRules *self)
{
  guint old = self->rules->len;

  g_return_if_fail (TA_IS_RULES (self));
  g_ptr_array_set_size (self->rules, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
}

void
ta_rules_reset_hits (TaRules *self)
{
  for (guint i = 0; i < self->rules->len; i++)
    ta_rule_reset_hits (self->rules->pdata[i]);
}

static gboolean
rule_matches (TaRules      *self,
              TaRule       *rule,
              guint         position,
              const guint8 *data,
              gsize         len,
              char        **note)
{
  gsize n = 0;
  const guint8 *needle = NULL;

  if (rule->needle != NULL || rule->match == TA_RULE_MATCH_EXACT ||
      rule->match == TA_RULE_MATCH_CONTAINS || rule->match == TA_RULE_MATCH_PREFIX ||
      rule->match == TA_RULE_MATCH_SUFFIX)
    {
      if (!prepare_needle (rule, self->charset, NULL))
        return FALSE;  /* the pattern has no form in this charset */
      needle = g_bytes_get_data (rule->needle, &n);
    }

  switch (rule->match)
    {
    case TA_RULE_MATCH_ANY:
      return TRUE;
    case TA_RULE_MATCH_EXACT:
      return len == n && (n == 0 || memcmp (data, needle, n) == 0);
    case TA_RULE_MATCH_CONTAINS:
      return n == 0 || memmem (data, len, needle, n) != NULL;
    case TA_RULE_MATCH_PREFIX:
      return len >= n && (n == 0 || memcmp (data, needle, n) == 0);
    case TA_RULE_MATCH_SUFFIX:
      return len >= n && (n == 0 || memcmp (data + len - n, needle, n) == 0);
    case TA_RULE_MATCH_HEX:
      if (len != rule->hex->len)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if ((data[i] & rule->hex_mask->data[i]) != rule->hex->data[i])
          return FALSE;
      return TRUE;
    case TA_RULE_MATCH_REGEX:
      {
        g_autofree char *subject = ta_codec_decode (self->charset, data,
                                                    MIN (len, TA_RULES_MAX_SUBJECT));
        g_autoptr(GError) error = NULL;
        gboolean matched = g_regex_match_full (rule->regex, subject, -1, 0, 0, NULL, &error);

        if (error != NULL && note != NULL && *note == NULL)
          *note = g_strdup_printf (_("Rule %u gave up on this message: its regular expression "
                                     "took too long (it backtracks too much). The next rules were tried."),
                                   position + 1);
        return matched;
      }
    default:
      return FALSE;
    }
}

/**
 * ta_rules_find:
 * @position: (out) (optional): where the rule is, from 0
 * @note: (out) (optional) (transfer full): a sentence for the log when a
 *   rule could not decide (a regular expression that gave up)
 *
 * Counts a hit on the rule found.
 *
 * Returns: (transfer none) (nullable): the first rule matching the message
 */
TaRule *
ta_rules_find (TaRules      *self,
               const guint8 *data,
               gsize         len,
               guint        *position,
               char        **note)
{
  g_return_val_if_fail (TA_IS_RULES (self), NULL);

  for (guint i = 0; i < self->rules->len; i++)
    {
      TaRule *rule = self->rules->pdata[i];

      if (rule_matches (self, rule, i, data, len, note))
        {
          rule->hits++;
          g_object_notify_by_pspec (G_OBJECT (rule), rule_properties[RULE_PROP_HITS]);
          if (position)
            *position = i;
          return rule;
        }
    }
  return NULL;
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
  RenderCtx ctx = { vars, data, len, self->charset };
  static const char *endings[] = { "", "\n", "\r\n", "\r" };

  g_return_val_if_fail (TA_IS_RULES (self), NULL);
  g_return_val_if_fail (TA_IS_RULE (rule), NULL);

  switch (rule->reply)
    {
    case TA_RULE_REPLY_TEXT:
      out = g_byte_array_new ();
      if (!render (rule->text, self->charset, &ctx, out, NULL))
        {
          /* Not encodable in the charset (a variable's value): send UTF-8. */
          g_byte_array_set_size (out, 0);
          ctx.charset = "UTF-8";
          render (rule->text, "UTF-8", &ctx, out, NULL);
        }
      append_checksum (out, rule->checksum);
      g_byte_array_append (out, (const guint8 *) endings[rule->ending], strlen (endings[rule->ending]));
      return g_byte_array_free_to_bytes (g_steal_pointer (&out));
    case TA_RULE_REPLY_HEX:
      {
        g_autoptr(GBytes) bytes = ta_hex_parse (rule->text, NULL);

        return bytes ? ta_checksum_append (rule->checksum, bytes) : NULL;
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
                                     : ta_rules_unescape (text, self->charset, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return g_strdup ("");
  data = g_bytes_get_data (bytes, &len);
  return ta_checksum_preview (checksum, data, len);
}

/* ---- the file ---- */

/* Values end at trailing white space, or at a comment after two or more
 * spaces ("text=PONG\n      # C escapes"), as the documented example
 * writes them. A trailing space that matters is written \s or \x20. */
static char *
get_value (GKeyFile   *file,
           const char *group,
           const char *key)
{
  char *value = g_key_file_get_value (file, group, key, NULL);
  char *p;

  if (value == NULL)
    return NULL;
  for (p = value; *p; p++)
    if ((p[0] == ' ' || p[0] == '\t') && (p[1] == ' ' || p[1] == '\t'))
      {
        char *q = p;

        while (*q == ' ' || *q == '\t')
          q++;
        if (*q == '#')
          {
            *p = '\0';
            break;
          }
      }
  return g_strchomp (value);
}

/* A value quoted in an error sentence: valid UTF-8 whatever the file holds. */
static const char *
shown (const char  *value,
       char       **store)
{
  g_free (*store);
  *store = g_utf8_make_valid (value, -1);
  return *store;
}

static TaRule *
rule_from_group (GKeyFile    *file,
                 const char  *group,
                 GError     **error)
{
  g_autofree char *match_s = get_value (file, group, "match");
  g_autofree char *pattern = get_value (file, group, "pattern");
  g_autofree char *reply_s = get_value (file, group, "reply");
  g_autofree char *text = get_value (file, group, "text");
  g_autofree char *ending_s = get_value (file, group, "ending");
  g_autofree char *delay_s = get_value (file, group, "delay");
  g_autofree char *checksum_s = get_value (file, group, "checksum");
  g_autoptr(GError) local = NULL;
  g_autofree char *group_v = g_utf8_make_valid (group, -1);
  g_autofree char *shown_match_s = NULL, *shown_reply_s = NULL, *shown_ending_s = NULL, *shown_delay_s = NULL;
  g_autofree char *shown_checksum_s = NULL;
  int match = match_s ? lookup_name (match_s, match_names, G_N_ELEMENTS (match_names)) : TA_RULE_MATCH_ANY;
  int reply = reply_s ? lookup_name (reply_s, reply_names, G_N_ELEMENTS (reply_names)) : TA_RULE_REPLY_TEXT;
  int ending = ending_s ? lookup_name (ending_s, ending_names, G_N_ELEMENTS (ending_names)) : TA_RULE_ENDING_NONE;
  guint64 delay = 0;
  TaChecksum checksum = TA_CHECKSUM_NONE;
  TaRule *rule;

  if (match < 0)
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("[%s]: match=%s is not a kind of match. Use any, exact, contains, prefix, suffix, regex or hex."),
                   group_v, shown (match_s, &shown_match_s));
      return NULL;
    }
  if (reply < 0)
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("[%s]: reply=%s is not a kind of reply. Use text, hex, echo, none or close."),
                   group_v, shown (reply_s, &shown_reply_s));
      return NULL;
    }
  if (ending < 0)
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("[%s]: ending=%s is not a line ending. Use none, lf, crlf or cr."),
                   group_v, shown (ending_s, &shown_ending_s));
      return NULL;
    }
  if (delay_s != NULL)
    {
      g_autofree char *word = g_strndup (delay_s, strcspn (delay_s, " \t#"));

      if (!g_ascii_string_to_unsigned (word, 10, 0, TA_RULES_MAX_DELAY_MS, &delay, NULL))
        {
          g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                       _("[%s]: delay=%s is not a delay: give milliseconds, from 0 to %u."),
                       group_v, shown (delay_s, &shown_delay_s), TA_RULES_MAX_DELAY_MS);
          return NULL;
        }
    }
  if (checksum_s != NULL)
    {
      /* One word, as match= and reply= (a comment may follow). */
      g_autofree char *word = g_strndup (checksum_s, strcspn (checksum_s, " \t#"));

      if (!ta_checksum_from_id (word, &checksum))
        {
          g_autofree char *ids = ta_checksum_list_ids ();

          g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                       _("[%s]: checksum=%s is not a checksum. Use %s."),
                       group_v, shown (checksum_s, &shown_checksum_s), ids);
          return NULL;
        }
    }
  if (match != TA_RULE_MATCH_ANY && pattern == NULL)
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("[%s]: the rule has no pattern= to match."), group_v);
      return NULL;
    }

  rule = ta_rule_new_full (match, pattern, reply, text ? text : "", ending, checksum, delay, &local);
  if (rule == NULL)
    g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID, "[%s]: %s", group_v, local->message);
  return rule;
}

/**
 * ta_rules_load_data:
 *
 * Replaces the rules with those of a rules file (GKeyFile, one group per
 * rule, in order). Nothing changes when any rule is bad: the error names
 * its group.
 */
gboolean
ta_rules_load_data (TaRules     *self,
                    const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) groups = NULL;
  guint old;

  g_return_val_if_fail (TA_IS_RULES (self), FALSE);

  if (!g_key_file_load_from_data (file, data, len, G_KEY_FILE_NONE, &local))
    {
      g_autofree char *why = g_utf8_make_valid (local->message, -1);

      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("This is not a rules file: %s"), why);
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      TaRule *rule = rule_from_group (file, groups[i], error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (rules, rule);
    }

  old = self->rules->len;
  g_ptr_array_unref (self->rules);
  self->rules = g_steal_pointer (&rules);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->rules->len);
  return TRUE;
}

gboolean
ta_rules_load_file (TaRules     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("Could not read the rules file: %s"), local->message);
      return FALSE;
    }
  if (!ta_rules_load_data (self, contents, len, &local))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("%s: %s — nothing was changed."), name, local->message);
      return FALSE;
    }
  return TRUE;
}

/* GKeyFile drops leading and trailing white space of values: keep the
 * spaces that are part of a pattern or reply as \s. */
static void
set_value (GKeyFile   *file,
           const char *group,
           const char *key,
           const char *value)
{
  GString *s = g_string_new (NULL);
  gsize len = strlen (value);
  gsize lead = 0, trail = 0;

  while (lead < len && value[lead] == ' ')
    lead++;
  while (trail < len - lead && value[len - 1 - trail] == ' ')
    trail++;
  for (gsize i = 0; i < lead; i++)
    g_string_append (s, "\\s");
  g_string_append_len (s, value + lead, len - lead - trail);
  for (gsize i = 0; i < trail; i++)
    g_string_append (s, "\\s");
  g_key_file_set_value (file, group, key, s->str);
  g_string_free (s, TRUE);
}

/**
 * ta_rules_to_data:
 *
 * Returns: (transfer full): the rules file text
 */
char *
ta_rules_to_data (TaRules *self,
                  gsize   *len)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  for (guint i = 0; i < self->rules->len; i++)
    {
      TaRule *rule = self->rules->pdata[i];
      g_autofree char *group = g_strdup_printf ("Rule %u", i + 1);

      g_key_file_set_value (file, group, "match", match_names[rule->match]);
      if (rule->match != TA_RULE_MATCH_ANY)
        set_value (file, group, "pattern", rule->pattern);
      g_key_file_set_value (file, group, "reply", reply_names[rule->reply]);
      if (rule->reply == TA_RULE_REPLY_TEXT || rule->reply == TA_RULE_REPLY_HEX)
        set_value (file, group, "text", rule->text);
      if (rule->ending != TA_RULE_ENDING_NONE)
        g_key_file_set_value (file, group, "ending", ending_names[rule->ending]);
      if (rule->checksum != TA_CHECKSUM_NONE)
        g_key_file_set_value (file, group, "checksum", ta_checksum_get_id (rule->checksum));
      if (rule->delay_ms > 0)
        {
          g_autofree char *delay = g_strdup_printf ("%u", rule->delay_ms);
          g_key_file_set_value (file, group, "delay", delay);
        }
    }
  return g_key_file_to_data (file, len, NULL);
}

gboolean
ta_rules_save_file (TaRules     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  data = ta_rules_to_data (self, &len);
  if (!g_file_set_contents (path, data, len, &local))
    {
      g_set_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID,
                   _("Could not save the rules: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}
