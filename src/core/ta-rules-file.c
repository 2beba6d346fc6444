/* ta-rules-file.c: the rules file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reply rules as a plain file a user can mail to a colleague (GKeyFile,
 * one group per rule, in order: match, pattern, reply, text, ending,
 * checksum, delay), the names of the kinds in it, and loading it whole
 * or not at all: a bad rule is a sentence naming its group, and the list
 * is left as it was. The rules themselves (compiling, matching, replies)
 * are in ta-rules.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-rules.h"
#include "ta-rules-private.h"

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

  _ta_rules_take_all (self, g_steal_pointer (&rules));
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

  g_return_val_if_fail (TA_IS_RULES (self), NULL);

  for (guint i = 0; i < ta_rules_get_n_rules (self); i++)
    {
      TaRule *rule = ta_rules_get_rule (self, i);
      TaRuleMatch match = ta_rule_get_match (rule);
      TaRuleReply reply = ta_rule_get_reply (rule);
      g_autofree char *group = g_strdup_printf ("Rule %u", i + 1);

      g_key_file_set_value (file, group, "match", match_names[match]);
      if (match != TA_RULE_MATCH_ANY)
        set_value (file, group, "pattern", ta_rule_get_pattern (rule));
      g_key_file_set_value (file, group, "reply", reply_names[reply]);
      if (reply == TA_RULE_REPLY_TEXT || reply == TA_RULE_REPLY_HEX)
        set_value (file, group, "text", ta_rule_get_text (rule));
      if (ta_rule_get_ending (rule) != TA_RULE_ENDING_NONE)
        g_key_file_set_value (file, group, "ending", ending_names[ta_rule_get_ending (rule)]);
      if (ta_rule_get_checksum (rule) != TA_CHECKSUM_NONE)
        g_key_file_set_value (file, group, "checksum", ta_checksum_get_id (ta_rule_get_checksum (rule)));
      if (ta_rule_get_delay (rule) > 0)
        {
          g_autofree char *delay = g_strdup_printf ("%u", ta_rule_get_delay (rule));
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
