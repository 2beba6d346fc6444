/* test-rules.c: reply rules: every match kind, variable, the file format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ta-message.h"
#include "ta-rules.h"

static TaRule *
rule (TaRuleMatch match, const char *pattern, TaRuleReply reply, const char *text)
{
  g_autoptr(GError) error = NULL;
  TaRule *r = ta_rule_new (match, pattern, reply, text, TA_RULE_ENDING_NONE, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* The position (from 1) of the rule answering @msg, 0 for none. */
static guint
answer (TaRules *rules, const char *msg, gssize len)
{
  guint position = 0;
  g_autofree char *note = NULL;
  TaRule *r = ta_rules_find (rules, (const guint8 *) msg, len < 0 ? strlen (msg) : (gsize) len,
                             &position, &note);

  g_assert_null (note);
  return r ? position + 1 : 0;
}

static char *
reply_text (TaRules *rules, guint position, const char *msg, const TaRuleVars *vars)
{
  TaRule *r = ta_rules_get_rule (rules, position - 1);
  g_autoptr(GBytes) bytes = ta_rules_build_reply (rules, r, (const guint8 *) msg, strlen (msg), vars);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

static void
test_default (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autofree char *r = NULL;

  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 1);
  g_assert_cmpuint (answer (rules, "anything", -1), ==, 1);
  r = reply_text (rules, 1, "x", NULL);
  g_assert_cmpstr (r, ==, "hello");
  g_assert_cmpuint (ta_rule_get_hits (ta_rules_get_rule (rules, 0)), ==, 1);
}

static void
add (TaRules *rules, TaRule *r)
{
  ta_rules_insert (rules, ta_rules_get_n_rules (rules), r);
  g_object_unref (r);
}

static void
test_match_kinds (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  const guint8 bin[] = { 0xAA, 0x01, 0x02, 0x55 };
  const guint8 bin2[] = { 0xAA, 0xFF, 0x02, 0x55 };
  const guint8 bin3[] = { 0xAB, 0x01, 0x02, 0x55 };

  ta_rules_clear (rules);
  add (rules, rule (TA_RULE_MATCH_EXACT, "PING", TA_RULE_REPLY_TEXT, "PONG"));       /* 1 */
  add (rules, rule (TA_RULE_MATCH_PREFIX, "GET ", TA_RULE_REPLY_TEXT, "200"));       /* 2 */
  add (rules, rule (TA_RULE_MATCH_SUFFIX, "?\\r\\n", TA_RULE_REPLY_TEXT, "query"));  /* 3 */
  add (rules, rule (TA_RULE_MATCH_CONTAINS, "STATUS", TA_RULE_REPLY_TEXT, "OK"));    /* 4 */
  add (rules, rule (TA_RULE_MATCH_REGEX, "^SET (\\d+)$", TA_RULE_REPLY_ECHO, ""));   /* 5 */
  add (rules, rule (TA_RULE_MATCH_HEX, "AA ?? 02 55", TA_RULE_REPLY_HEX, "06"));     /* 6 */
  add (rules, rule (TA_RULE_MATCH_EXACT, "你好", TA_RULE_REPLY_NONE, ""));            /* 7 */
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_CLOSE, ""));              /* 8 */

  g_assert_cmpuint (answer (rules, "PING", -1), ==, 1);
  g_assert_cmpuint (answer (rules, "PING!", -1), ==, 8);
  g_assert_cmpuint (answer (rules, "GET /", -1), ==, 2);
  g_assert_cmpuint (answer (rules, "xGET /", -1), ==, 8);
  g_assert_cmpuint (answer (rules, "who?\r\n", -1), ==, 3);
  g_assert_cmpuint (answer (rules, "who?\n", -1), ==, 8);
  g_assert_cmpuint (answer (rules, "a STATUS b", -1), ==, 4);
  g_assert_cmpuint (answer (rules, "SET 42", -1), ==, 5);
  g_assert_cmpuint (answer (rules, "SET x", -1), ==, 8);
  g_assert_cmpuint (answer (rules, (const char *) bin, 4), ==, 6);
  g_assert_cmpuint (answer (rules, (const char *) bin2, 4), ==, 6);
  g_assert_cmpuint (answer (rules, (const char *) bin3, 4), ==, 8);
  g_assert_cmpuint (answer (rules, (const char *) bin, 3), ==, 8);
  g_assert_cmpuint (answer (rules, "你好", -1), ==, 7);

  /* The same pattern in GBK: the message's bytes are GBK. */
  ta_rules_set_charset (rules, "GBK");
  g_assert_cmpuint (answer (rules, "\xC4\xE3\xBA\xC3", -1), ==, 7);
  g_assert_cmpuint (answer (rules, "你好", -1), ==, 8);

  /* First match wins, and each hit is counted. */
  g_assert_cmpuint (ta_rule_get_hits (ta_rules_get_rule (rules, 7)), ==, 7);
  g_assert_cmpuint (ta_rule_get_hits (ta_rules_get_rule (rules, 5)), ==, 2);
  ta_rules_reset_hits (rules);
  g_assert_cmpuint (ta_rule_get_hits (ta_rules_get_rule (rules, 7)), ==, 0);

  /* An empty list answers nothing. */
  ta_rules_clear (rules);
  g_assert_cmpuint (answer (rules, "PING", -1), ==, 0);
}

static void
test_replies (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autoptr(GError) error = NULL;
  TaRuleVars vars = { "127.0.0.1:5000", 7, 0 };
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL, *r5 = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  TaRule *r;

  ta_rules_clear (rules);
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT,
                    "#{counter} from {peer}: {message} ({len} bytes){unknown}\\x00\\t\\\\"));
  r1 = reply_text (rules, 1, "hi 你", &vars);
  g_assert_cmpstr (r1, ==, "#7 from 127.0.0.1:5000: hi 你 (6 bytes){unknown}");
  {
    TaRule *rr = ta_rules_get_rule (rules, 0);
    g_autoptr(GBytes) b = ta_rules_build_reply (rules, rr, (const guint8 *) "x", 1, &vars);
    gsize size;
    const char *d = g_bytes_get_data (b, &size);

    g_assert_cmpmem (d + size - 3, 3, "\0\t\\", 3);
  }

  ta_rules_clear (rules);
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT, "{date} {time}"));
  r2 = reply_text (rules, 1, "x", NULL);
  today = g_date_time_format (now, "%Y-%m-%d ");
  g_assert_true (g_str_has_prefix (r2, today));
  g_assert_cmpuint (strlen (r2), ==, 19);
  g_assert_cmpint (r2[13], ==, ':');

  /* Line ending and charset. */
  ta_rules_clear (rules);
  r = ta_rule_new (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT, "好", TA_RULE_ENDING_CRLF, 0, &error);
  g_assert_no_error (error);
  add (rules, r);
  ta_rules_set_charset (rules, "GBK");
  r3 = reply_text (rules, 1, "x", NULL);
  g_assert_cmpstr (r3, ==, "\xBA\xC3\r\n");

  /* Echo, hex, none, close. */
  ta_rules_clear (rules);
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_ECHO, ""));
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_HEX, "4F 4B"));
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_NONE, ""));
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_CLOSE, ""));
  r4 = reply_text (rules, 1, "same", NULL);
  g_assert_cmpstr (r4, ==, "same");
  r5 = reply_text (rules, 2, "x", NULL);
  g_assert_cmpstr (r5, ==, "OK");
  g_assert_null (reply_text (rules, 3, "x", NULL));
  g_assert_null (reply_text (rules, 4, "x", NULL));
}

static void
test_bad_rules (void)
{
  struct { TaRuleMatch m; const char *p; TaRuleReply r; const char *t; const char *in; } bad[] = {
    { TA_RULE_MATCH_REGEX, "(unclosed", TA_RULE_REPLY_TEXT, "x", "regular expression" },
    { TA_RULE_MATCH_HEX, "AA G1", TA_RULE_REPLY_TEXT, "x", "position 4" },
    { TA_RULE_MATCH_HEX, "AA ?", TA_RULE_REPLY_TEXT, "x", "hex byte" },
    { TA_RULE_MATCH_HEX, "", TA_RULE_REPLY_TEXT, "x", "empty" },
    { TA_RULE_MATCH_EXACT, "a\\q", TA_RULE_REPLY_TEXT, "x", "\\q" },
    { TA_RULE_MATCH_EXACT, "a", TA_RULE_REPLY_TEXT, "bad \\x4", "escape" },
    { TA_RULE_MATCH_EXACT, "a", TA_RULE_REPLY_HEX, "4G", "hex digit" },
    { TA_RULE_MATCH_EXACT, "a", TA_RULE_REPLY_HEX, "", "empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      TaRule *r = ta_rule_new (bad[i].m, bad[i].p, bad[i].r, bad[i].t, TA_RULE_ENDING_NONE, 0, &error);

      g_assert_null (r);
      g_assert_nonnull (error);
      if (strstr (error->message, bad[i].in) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, bad[i].in);
    }
}

static const char example[] =
  "[Rule 1]\n"
  "match=contains        # any | exact | contains | prefix | suffix | regex | hex\n"
  "pattern=PING\n"
  "reply=text            # text | hex | echo | none | close\n"
  "text=PONG\\n           \n"
  "colour=blue\n"
  "[Status]\n"
  "match=regex\n"
  "pattern=^STATUS\\?$\n"
  "text=OK {counter}\\r\\n\n"
  "delay=250\n"
  "[Bytes]\n"
  "match=hex\n"
  "pattern=01 ?? FF\n"
  "reply=hex\n"
  "text=06\n"
  "[Fallback]\n"
  "match=any\n"
  "reply=echo\n";

static void
test_file (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autoptr(TaRules) again = ta_rules_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *data2 = NULL, *pong = NULL;
  g_autofree char *path = NULL;
  gsize len;

  g_assert_true (ta_rules_load_data (rules, example, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 4);
  g_assert_cmpuint (answer (rules, "PING", -1), ==, 1);
  pong = reply_text (rules, 1, "PING", NULL);
  g_assert_cmpstr (pong, ==, "PONG\n");
  g_assert_cmpuint (answer (rules, "STATUS?", -1), ==, 2);
  g_assert_cmpuint (ta_rule_get_delay (ta_rules_get_rule (rules, 1)), ==, 250);
  g_assert_cmpuint (answer (rules, "\x01\x33\xFF", 3), ==, 3);
  g_assert_cmpuint (answer (rules, "other", -1), ==, 4);

  /* Saved and read back: the same rules. */
  data = ta_rules_to_data (rules, &len);
  g_assert_true (ta_rules_load_data (again, data, len, &error));
  g_assert_no_error (error);
  data2 = ta_rules_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);

  path = g_build_filename (g_get_tmp_dir (), "test-rules-XXXXXX.ini", NULL);
  g_close (g_mkstemp (path), NULL);
  g_assert_true (ta_rules_save_file (rules, path, &error));
  g_assert_no_error (error);
  g_assert_true (ta_rules_load_file (again, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ta_rules_get_n_rules (again), ==, 4);
  g_unlink (path);

  /* Missing file: said so, nothing changed. */
  g_assert_false (ta_rules_load_file (again, path, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (ta_rules_get_n_rules (again), ==, 4);
}

static void
test_bad_file (void)
{
  const char *bad[] = {
    "[Rule 1]\nmatch=exact\npattern=A\ntext=a\n[Broken]\nmatch=regex\npattern=(x\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\nmatch=sometimes\npattern=x\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\nmatch=hex\npattern=0G\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\nreply=later\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\ndelay=soon\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\nmatch=exact\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\ntext=\\q\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\ntext=a\nchecksum=crc99\n",
    "[Rule 1]\nmatch=exact\npattern=A\n[Broken]\ntext=\nchecksum=crc8\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TaRules) rules = ta_rules_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (ta_rules_load_data (rules, bad[i], -1, &error));
      g_assert_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID);
      if (strstr (error->message, "[Broken]") == NULL)
        g_error ("case %u: “%s” does not name the group", i, error->message);
      /* Not half-applied: still the default list. */
      g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 1);
      g_assert_cmpuint (ta_rule_get_match (ta_rules_get_rule (rules, 0)), ==, TA_RULE_MATCH_ANY);
    }

  {
    g_autoptr(TaRules) rules = ta_rules_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (ta_rules_load_data (rules, "not a key file\x01", -1, &error));
    g_assert_nonnull (error);
    g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 1);
  }
}

/* A pattern that backtracks without end gives up quickly; the next rule answers. */
static void
test_slow_regex (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autofree char *msg = g_strnfill (5000, 'a');
  g_autofree char *note = NULL;
  guint position = 99;
  gint64 start;
  TaRule *r;

  ta_rules_clear (rules);
  add (rules, rule (TA_RULE_MATCH_REGEX, "^(a+)+$x", TA_RULE_REPLY_TEXT, "slow"));
  add (rules, rule (TA_RULE_MATCH_REGEX, "(.*a){30}z", TA_RULE_REPLY_TEXT, "slow"));
  add (rules, rule (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT, "fallback"));

  start = g_get_monotonic_time ();
  for (int i = 0; i < 10; i++)
    {
      g_clear_pointer (&note, g_free);
      r = ta_rules_find (rules, (const guint8 *) msg, strlen (msg), &position, &note);
      g_assert_nonnull (r);
      g_assert_cmpuint (position, ==, 2);
    }
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "too long"));
  /* Ten messages, two pathological patterns each: well under a second. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

static GBytes *
build (TaRules *rules, guint position, const char *msg, const TaRuleVars *vars)
{
  return ta_rules_build_reply (rules, ta_rules_get_rule (rules, position - 1),
                               (const guint8 *) msg, strlen (msg), vars);
}

/* A checksum on text and hex replies: over the bytes once the variables
 * are filled in, before the line ending, as the composer builds them. */
static void
test_checksum (void)
{
  g_autoptr(TaRules) rules = ta_rules_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) modbus = NULL, text = NULL, expected = NULL, gbk = NULL, echo = NULL;
  g_autofree char *data = NULL, *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL;
  TaRuleVars vars = { "127.0.0.1:5000", 7, 0 };
  TaRule *r;

  ta_rules_clear (rules);
  r = ta_rule_new_full (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_HEX, "01 03 00 00 00 0A",
                        TA_RULE_ENDING_NONE, TA_CHECKSUM_CRC16_MODBUS, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ta_rule_get_checksum (r), ==, TA_CHECKSUM_CRC16_MODBUS);
  add (rules, r);
  r = ta_rule_new_full (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT, "V{counter}=好",
                        TA_RULE_ENDING_CRLF, TA_CHECKSUM_CRC32, 0, &error);
  g_assert_no_error (error);
  add (rules, r);
  /* Ignored where there are no reply bytes of the rule's own. */
  r = ta_rule_new_full (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_ECHO, "",
                        TA_RULE_ENDING_NONE, TA_CHECKSUM_SUM8, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ta_rule_get_checksum (r), ==, TA_CHECKSUM_NONE);
  add (rules, r);

  /* The Modbus RTU specification's own example. */
  modbus = build (rules, 1, "x", NULL);
  g_assert_cmpmem (g_bytes_get_data (modbus, NULL), g_bytes_get_size (modbus),
                   "\x01\x03\x00\x00\x00\x0A\xC5\xCD", 8);

  /* Variables first, then the checksum, then the line ending: the composer's order. */
  text = build (rules, 2, "x", &vars);
  expected = ta_message_build ("V7=好", TA_MESSAGE_MODE_TEXT, "UTF-8", TA_LINE_ENDING_CRLF,
                               TA_CHECKSUM_CRC32, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (text, expected));
  g_assert_cmpuint (g_bytes_get_size (text), ==, 2 + 1 + 3 + 4 + 2);
  /* In the page's encoding: over the GBK bytes. */
  ta_rules_set_charset (rules, "GBK");
  gbk = build (rules, 2, "x", &vars);
  g_clear_pointer (&expected, g_bytes_unref);
  expected = ta_message_build ("V7=好", TA_MESSAGE_MODE_TEXT, "GBK", TA_LINE_ENDING_CRLF,
                               TA_CHECKSUM_CRC32, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (gbk, expected));
  ta_rules_set_charset (rules, "UTF-8");
  echo = build (rules, 3, "same", NULL);
  g_assert_cmpmem (g_bytes_get_data (echo, NULL), g_bytes_get_size (echo), "same", 4);

  /* Kept in the file by id, only where set. */
  data = ta_rules_to_data (rules, NULL);
  g_assert_nonnull (strstr (data, "checksum=crc16-modbus\n"));
  g_assert_nonnull (strstr (data, "checksum=crc32\n"));
  g_assert_null (strstr (data, "checksum=sum8"));
  {
    g_autoptr(TaRules) again = ta_rules_new ();
    g_autofree char *data2 = NULL;

    g_assert_true (ta_rules_load_data (again, "[M]\nreply=hex\ntext=01 03 00 00 00 0A\n"
                                       "checksum=CRC16_Modbus   # as the CLI's ids\n", -1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (ta_rule_get_checksum (ta_rules_get_rule (again, 0)), ==, TA_CHECKSUM_CRC16_MODBUS);
    g_assert_true (ta_rules_load_data (again, data, -1, &error));
    g_assert_no_error (error);
    data2 = ta_rules_to_data (again, NULL);
    g_assert_cmpstr (data, ==, data2);
  }

  /* A checksum over nothing is refused with a sentence. */
  g_assert_null (ta_rule_new_full (TA_RULE_MATCH_ANY, NULL, TA_RULE_REPLY_TEXT, "",
                                   TA_RULE_ENDING_LF, TA_CHECKSUM_XOR8, 0, &error));
  g_assert_error (error, TA_RULES_ERROR, TA_RULES_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "XOR-8"));
  g_clear_error (&error);

  /* The editor's preview. */
  p1 = ta_rules_checksum_preview (rules, TA_RULE_REPLY_HEX, "01 03 00 00 00 0A", TA_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpstr (p1, ==, "+ C5 CD");
  p2 = ta_rules_checksum_preview (rules, TA_RULE_REPLY_TEXT, "123456789", TA_CHECKSUM_CRC8);
  g_assert_cmpstr (p2, ==, "+ F4");
  p3 = ta_rules_checksum_preview (rules, TA_RULE_REPLY_TEXT, "N {counter}", TA_CHECKSUM_CRC8);
  g_assert_nonnull (strstr (p3, "each reply"));
  p4 = ta_rules_checksum_preview (rules, TA_RULE_REPLY_HEX, "0G", TA_CHECKSUM_CRC8);
  g_assert_cmpstr (p4, ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/default", test_default);
  g_test_add_func ("/rules/match-kinds", test_match_kinds);
  g_test_add_func ("/rules/replies", test_replies);
  g_test_add_func ("/rules/bad-rules", test_bad_rules);
  g_test_add_func ("/rules/file", test_file);
  g_test_add_func ("/rules/bad-file", test_bad_file);
  g_test_add_func ("/rules/slow-regex", test_slow_regex);
  g_test_add_func ("/rules/checksum", test_checksum);

  return g_test_run ();
}
