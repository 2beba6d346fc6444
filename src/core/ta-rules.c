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
 * This file holds the rule (made and checked, with its compiled private
 * state: encoded needle, regex, hex mask), the list and matching. The
 * reply's bytes (escapes, {variables}, checksum, ending) are built in
 * ta-rules-reply.c, and the rules file is read and written in
 * ta-rules-file.c.
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-rules.h"
#include "ta-rules-private.h"

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
      else if (g_ascii_xdigit_value (p[0]) >= 0 && p[1] != '\0' && g_ascii_xdigit_value (p[1]) >= 0)
        b = g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]), m = 0xFF;
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

      if (!_ta_rules_render (self->text, "UTF-8", check, error))
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

/**
 * _ta_rules_take_all:
 * @rules: (transfer full) (element-type TaRule): the new list
 *
 * Replaces every rule at once (a file that loaded whole).
 */
void
_ta_rules_take_all (TaRules   *self,
                    GPtrArray *rules)
{
  guint old = self->rules->len;

  g_ptr_array_unref (self->rules);
  self->rules = rules;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->rules->len);
}
