/* fuzz-rules.c: libFuzzer harness for the rules file, hex patterns with
 * ?? wildcards, and --frame values
 *
 * The input is used three ways:
 *   a) as a rules file: it loads, or fails with a TA_RULES_ERROR in valid
 *      UTF-8 and the list unchanged; once loaded, saving and loading again
 *      gives the same file, and every rule answers a few messages; a
 *      reply with a checksum ends with the checksum of the bytes before
 *      it (then the line ending of a text reply);
 *   b) up to its first newline, as a hex pattern: it is refused with a
 *      sentence, or it matches the bytes it names (?? replaced by any
 *      byte) and nothing one byte shorter;
 *   c) up to its first newline, as a --frame value: refused with a
 *      sentence, or written back to a value that parses to the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-framer.h"
#include "ta-rules.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The reply is body, checksum of body, line ending. */
static void
check_checksum (TaRule *rule, GBytes *reply)
{
  static const char *endings[] = { "", "\n", "\r\n", "\r" };
  TaChecksum checksum = ta_rule_get_checksum (rule);
  gsize size, n_end, n_sum;
  const guint8 *data;
  guint8 sum[TA_CHECKSUM_MAX_SIZE];

  if (checksum == TA_CHECKSUM_NONE)
    return;
  FUZZ_CHECK (ta_rule_get_reply (rule) == TA_RULE_REPLY_TEXT || ta_rule_get_reply (rule) == TA_RULE_REPLY_HEX,
              "checksum kept on a reply of kind %d", ta_rule_get_reply (rule));
  FUZZ_CHECK (reply != NULL, "no reply bytes for a checksummed reply");
  data = g_bytes_get_data (reply, &size);
  n_end = ta_rule_get_reply (rule) == TA_RULE_REPLY_TEXT ? strlen (endings[ta_rule_get_ending (rule)]) : 0;
  n_sum = ta_checksum_get_size (checksum);
  FUZZ_CHECK (size >= n_end + n_sum, "reply of %" G_GSIZE_FORMAT " bytes too short", size);
  FUZZ_CHECK (memcmp (data + size - n_end, endings[ta_rule_get_ending (rule)], n_end) == 0,
              "reply does not end with its line ending");
  ta_checksum_compute (checksum, data, size - n_end - n_sum, sum);
  FUZZ_CHECK (memcmp (data + size - n_end - n_sum, sum, n_sum) == 0, "wrong checksum bytes");
}

static void
check_file (const char *text, gsize len)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autoptr(GError) error = NULL;
  static const char *messages[] = { "", "PING", "hello world\r\n", "\xAA\x01\xFF", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" };

  if (!ta_rules_load_data (rules, text, len, &error))
    {
      FUZZ_CHECK (error != NULL && error->domain == TA_RULES_ERROR, "failed without a rules error");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "error not UTF-8: %s", error->message);
      FUZZ_CHECK (ta_rules_get_n_rules (rules) == 1, "half applied: %u rules", ta_rules_get_n_rules (rules));
      return;
    }

  {
    g_autoptr(TaRules) again = ta_rules_new ();
    g_autofree char *saved = ta_rules_to_data (rules, NULL);
    g_autofree char *saved2 = NULL;
    g_autoptr(GError) error2 = NULL;

    FUZZ_CHECK (ta_rules_load_data (again, saved, -1, &error2), "saved rules do not load: %s\n%s",
                error2 ? error2->message : "", saved);
    saved2 = ta_rules_to_data (again, NULL);
    FUZZ_CHECK (g_str_equal (saved, saved2), "save, load, save differs:\n%s\n---\n%s", saved, saved2);
  }

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      TaRuleVars vars = { "127.0.0.1:1", i + 1, 1 };
      g_autofree char *note = NULL;
      guint position;
      TaRule *rule = ta_rules_find (rules, (const guint8 *) messages[i], strlen (messages[i]), &position, &note);

      if (rule != NULL)
        {
          g_autoptr(GBytes) reply = ta_rules_build_reply (rules, rule, (const guint8 *) messages[i],
                                                         strlen (messages[i]), &vars);
          g_autofree char *what = ta_rule_describe (rule);

          FUZZ_CHECK (position < ta_rules_get_n_rules (rules), "position %u", position);
          FUZZ_CHECK (g_utf8_validate (what, -1, NULL), "description not UTF-8");
          check_checksum (rule, reply);
        }
    }
}

static void
check_hex (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaRule) rule = ta_rule_new (TA_RULE_MATCH_HEX, pattern, TA_RULE_REPLY_NONE, "",
                                        TA_RULE_ENDING_NONE, 0, &error);
  g_autoptr(TaRules) rules = NULL;
  g_autoptr(GByteArray) concrete = NULL;
  const char *p = pattern;

  if (rule == NULL)
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "hex refused without a sentence");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "error not UTF-8");
      return;
    }

  /* The bytes it names, ?? as 0x5A. */
  concrete = g_byte_array_new ();
  while (*p)
    {
      if (*p == ' ' || *p == ',' || *p == '\t')
        p++;
      else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p += 2;
      else
        {
          guint8 b = p[0] == '?' ? 0x5A : (guint8) g_ascii_strtoull ((char[]) { p[0], p[1], 0 }, NULL, 16);
          g_byte_array_append (concrete, &b, 1);
          p += 2;
        }
    }
  rules = ta_rules_new ();
  ta_rules_clear (rules);
  ta_rules_insert (rules, 0, rule);
  FUZZ_CHECK (ta_rules_find (rules, concrete->data, concrete->len, NULL, NULL) != NULL,
              "“%s” does not match its own bytes", pattern);
  FUZZ_CHECK (ta_rules_find (rules, concrete->data, concrete->len - 1, NULL, NULL) == NULL,
              "“%s” matches a shorter message", pattern);
}

static void
check_frame (const char *text)
{
  TaFrameSpec spec, again;
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;

  if (!ta_frame_spec_parse (&spec, text, &error))
    {
      FUZZ_CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL), "bad --frame sentence");
      return;
    }
  back = ta_frame_spec_to_string (&spec);
  FUZZ_CHECK (ta_frame_spec_parse (&again, back, NULL), "“%s” written back as “%s” does not parse", text, back);
  FUZZ_CHECK (ta_frame_spec_equal (&spec, &again), "“%s” → “%s” is another framing", text, back);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *line = NULL;

  fuzz_init ();

  check_file ((const char *) data, size);
  line = g_strndup (text, strcspn (text, "\n"));
  check_hex (line);
  check_frame (line);
  return 0;
}
