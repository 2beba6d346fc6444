/* test-framer.c: every framing mode, split at every byte position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <gio/gio.h>

#include "ta-framer.h"
#include "tt-util.h"

typedef struct {
  GPtrArray *messages;  /* of GBytes */
  GArray    *pieces;
  GArray    *flags;
  gsize      pending;
  guint      n_pending;
} Sink;

static void
sink_init (Sink *sink)
{
  sink->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sink->pieces = g_array_new (FALSE, FALSE, sizeof (guint));
  sink->flags = g_array_new (FALSE, FALSE, sizeof (guint));
  sink->pending = 0;
  sink->n_pending = 0;
}

static void
sink_clear (Sink *sink)
{
  g_ptr_array_unref (sink->messages);
  g_array_unref (sink->pieces);
  g_array_unref (sink->flags);
}

static void
on_message (const guint8 *data, gsize len, guint pieces, TaFrameFlags flags, gpointer user_data)
{
  Sink *sink = user_data;
  guint f = flags;

  g_ptr_array_add (sink->messages, g_bytes_new (data, len));
  g_array_append_val (sink->pieces, pieces);
  g_array_append_val (sink->flags, f);
}

static void
on_pending (gsize pending, gpointer user_data)
{
  Sink *sink = user_data;

  sink->pending = pending;
  sink->n_pending++;
}

static char *
joined (Sink *sink)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sink->messages->len; i++)
    {
      gsize size;
      const char *d = g_bytes_get_data (sink->messages->pdata[i], &size);

      if (i > 0)
        g_string_append_c (s, '|');
      for (gsize j = 0; j < size; j++)
        if (g_ascii_isprint (d[j]))
          g_string_append_c (s, d[j]);
        else
          g_string_append_printf (s, "\\x%02X", (guint8) d[j]);
    }
  return g_string_free (s, FALSE);
}

static TaFrameSpec
spec_of (const char *text)
{
  TaFrameSpec spec;
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_frame_spec_parse (&spec, text, &error));
  g_assert_no_error (error);
  return spec;
}

/* Feeds @stream whole, then split in two at every position, then one
 * byte at a time: the messages are always @expected ('|' between them).
 * Checks the piece counts of the two-way split too. */
static void
check_mode (const char *mode,
            const void *stream,
            gsize       len,
            const char *expected)
{
  TaFrameSpec spec = spec_of (mode);
  g_auto(GStrv) parts = g_strsplit (expected, "|", -1);
  guint n_expected = g_strv_length (parts);

  {
    Sink sink;
    g_autoptr(TaFramer) f = NULL;
    g_autofree char *got = NULL;

    sink_init (&sink);
    f = ta_framer_new (&spec, on_message, on_pending, &sink);
    ta_framer_feed (f, stream, len);
    got = joined (&sink);
    g_assert_cmpstr (got, ==, expected);
    for (guint i = 0; i < sink.pieces->len; i++)
      g_assert_cmpuint (g_array_index (sink.pieces, guint, i), ==, 1);
    g_assert_cmpuint (ta_framer_get_pending (f), ==, 0);
    sink_clear (&sink);
  }

  for (gsize cut = 1; cut < len; cut++)
    {
      Sink sink;
      g_autoptr(TaFramer) f = NULL;
      g_autofree char *got = NULL;
      guint n_two = 0;

      sink_init (&sink);
      f = ta_framer_new (&spec, on_message, on_pending, &sink);
      ta_framer_feed (f, stream, cut);
      ta_framer_feed (f, (const guint8 *) stream + cut, len - cut);
      got = joined (&sink);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpuint (sink.messages->len, ==, n_expected);
      for (guint i = 0; i < sink.pieces->len; i++)
        {
          guint p = g_array_index (sink.pieces, guint, i);
          g_assert_cmpuint (p, >=, 1);
          g_assert_cmpuint (p, <=, 2);
          n_two += p == 2;
        }
      /* At most one message straddles the cut. */
      g_assert_cmpuint (n_two, <=, 1);
      sink_clear (&sink);
    }

  {
    Sink sink;
    g_autoptr(TaFramer) f = NULL;
    g_autofree char *got = NULL;

    sink_init (&sink);
    f = ta_framer_new (&spec, on_message, on_pending, &sink);
    for (gsize i = 0; i < len; i++)
      ta_framer_feed (f, (const guint8 *) stream + i, 1);
    got = joined (&sink);
    g_assert_cmpstr (got, ==, expected);
    sink_clear (&sink);
  }
}

static void
test_chunk (void)
{
  TaFrameSpec spec = spec_of ("chunk");
  Sink sink;
  g_autoptr(TaFramer) f = NULL;
  g_autofree char *got = NULL;

  sink_init (&sink);
  f = ta_framer_new (&spec, on_message, on_pending, &sink);
  ta_framer_feed (f, (const guint8 *) "PING\nPI", 7);
  ta_framer_feed (f, (const guint8 *) "NG\n", 3);
  got = joined (&sink);
  g_assert_cmpstr (got, ==, "PING\\x0API|NG\\x0A");
  sink_clear (&sink);
}

static void
test_line (void)
{
  const char any[] = "PING\r\nSTATUS?\nhello world\r\n\n";
  const char crlf[] = "a\nb\r\nc\r\n";

  check_mode ("line", any, strlen (any), "PING|STATUS?|hello world|");
  check_mode ("line:lf", any, strlen (any), "PING\\x0D|STATUS?|hello world\\x0D|");
  check_mode ("line:crlf", crlf, strlen (crlf), "a\\x0Ab|c");
}

static void
test_delimiter (void)
{
  const guint8 stream[] = { 0x02, 'A', 0x03, 0x0D, 0x0A, 'B', 'C', 0x03, 0x0D, 0x0A, 0x03, 0x0D, 0x0A };

  check_mode ("delimiter:030D0A", stream, sizeof stream, "\\x02A|BC|");
  check_mode ("delimiter:2C", "x,yy,,zzz,", 10, "x|yy||zzz");
}

static void
test_fixed (void)
{
  check_mode ("length:3", "abcdefghi", 9, "abc|def|ghi");
  check_mode ("length:1", "xyz", 3, "x|y|z");
}

static void
test_prefix (void)
{
  const guint8 be2[] = { 0, 4, 'P', 'I', 'N', 'G', 0, 0, 0, 2, 'o', 'k' };
  const guint8 le2[] = { 4, 0, 'P', 'I', 'N', 'G', 2, 0, 'o', 'k' };
  const guint8 one[] = { 1, 'a', 3, 'b', 'c', 'd' };
  const guint8 be4[] = { 0, 0, 0, 3, 'x', 'y', 'z', 0, 0, 0, 1, '!' };
  const guint8 le4[] = { 3, 0, 0, 0, 'x', 'y', 'z', 1, 0, 0, 0, '!' };

  check_mode ("prefix:2be", be2, sizeof be2, "PING||ok");
  check_mode ("prefix:2le", le2, sizeof le2, "PING|ok");
  check_mode ("prefix:1", one, sizeof one, "a|bcd");
  check_mode ("prefix:4be", be4, sizeof be4, "xyz|!");
  check_mode ("prefix:4le", le4, sizeof le4, "xyz|!");
}

/* "arrived in 3 pieces": one message over three reads. */
static void
test_pieces (void)
{
  TaFrameSpec spec = spec_of ("line");
  Sink sink;
  g_autoptr(TaFramer) f = NULL;

  sink_init (&sink);
  f = ta_framer_new (&spec, on_message, on_pending, &sink);
  ta_framer_feed (f, (const guint8 *) "one\ntw", 6);
  ta_framer_feed (f, (const guint8 *) "o-", 2);
  ta_framer_feed (f, (const guint8 *) "two\nthree\nfo", 12);
  g_assert_cmpuint (sink.messages->len, ==, 3);
  g_assert_cmpuint (g_array_index (sink.pieces, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (sink.pieces, guint, 1), ==, 3);
  g_assert_cmpuint (g_array_index (sink.pieces, guint, 2), ==, 1);
  g_assert_cmpuint (ta_framer_get_pending (f), ==, 2);

  /* The end of the stream delivers the rest, marked incomplete. */
  ta_framer_finish (f);
  g_assert_cmpuint (sink.messages->len, ==, 4);
  g_assert_cmpuint (g_array_index (sink.flags, guint, 3), ==, TA_FRAME_FLAG_INCOMPLETE);
  sink_clear (&sink);
}

/* Over the limit: cut and flagged; memory held stays at the limit. */
static void
test_limit (void)
{
  TaFrameSpec spec = spec_of ("line");
  Sink sink;
  g_autoptr(TaFramer) f = NULL;
  g_autofree char *got = NULL;
  g_autofree guint8 *big = g_malloc (1000);

  memset (big, 'x', 1000);
  spec.max_frame = 64;
  sink_init (&sink);
  f = ta_framer_new (&spec, on_message, on_pending, &sink);
  for (int i = 0; i < 10; i++)
    {
      ta_framer_feed (f, big, 1000);
      g_assert_cmpuint (ta_framer_get_pending (f), <=, 64);
    }
  ta_framer_feed (f, (const guint8 *) "\nok\n", 4);
  g_assert_cmpuint (sink.messages->len, ==, 10000 / 64 + 2);
  for (guint i = 0; i + 1 < sink.messages->len; i++)
    {
      g_assert_cmpuint (g_array_index (sink.flags, guint, i), ==, TA_FRAME_FLAG_CUT);
      g_assert_cmpuint (g_bytes_get_size (sink.messages->pdata[i]), <=, 64);
    }
  g_assert_cmpuint (g_array_index (sink.flags, guint, sink.messages->len - 1), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (sink.messages->pdata[sink.messages->len - 1]), ==, 2);
  sink_clear (&sink);

  /* A length prefix announcing more than the limit. */
  {
    const guint8 head[] = { 0, 0, 0x01, 0x00 }; /* 256 bytes */
    Sink s2;
    g_autoptr(TaFramer) f2 = NULL;
    TaFrameSpec p = spec_of ("prefix:4be");

    p.max_frame = 100;
    sink_init (&s2);
    f2 = ta_framer_new (&p, on_message, on_pending, &s2);
    ta_framer_feed (f2, head, 4);
    ta_framer_feed (f2, big, 256);
    ta_framer_feed (f2, (const guint8 *) "\0\0\0\1z", 5);
    g_assert_cmpuint (s2.messages->len, ==, 4);
    g_assert_cmpuint (g_array_index (s2.flags, guint, 2), ==, TA_FRAME_FLAG_CUT);
    g_assert_cmpuint (g_bytes_get_size (s2.messages->pdata[2]), ==, 56);
    got = joined (&s2);
    g_assert_true (g_str_has_suffix (got, "|z"));
    sink_clear (&s2);
  }
}

static gboolean
has_one_message (gpointer data)
{
  Sink *sink = data;
  return sink->messages->len >= 1;
}

static gboolean
has_n_messages (gpointer data)
{
  Sink *sink = data;
  return sink->messages->len >= 2;
}

static gboolean
has_pending (gpointer data)
{
  Sink *sink = data;
  return sink->n_pending > 0;
}

static void
test_idle (void)
{
  TaFrameSpec spec = spec_of ("idle:50");
  Sink sink;
  g_autoptr(TaFramer) f = NULL;
  g_autofree char *got = NULL;

  sink_init (&sink);
  f = ta_framer_new (&spec, on_message, on_pending, &sink);
  ta_framer_feed (f, (const guint8 *) "AB", 2);
  ta_framer_feed (f, (const guint8 *) "C", 1);
  g_assert_cmpuint (sink.messages->len, ==, 0);
  /* Wait out the gap, then a second message. */
  g_assert_true (tt_wait_for (has_one_message, &sink, 5000));
  g_assert_cmpuint (sink.n_pending, ==, 0);
  ta_framer_feed (f, (const guint8 *) "D", 1);
  g_assert_true (tt_wait_for (has_n_messages, &sink, 5000));
  got = joined (&sink);
  g_assert_cmpstr (got, ==, "ABC|D");
  g_assert_cmpuint (g_array_index (sink.pieces, guint, 0), ==, 2);
  sink_clear (&sink);
}

static void
test_pending_notice (void)
{
  TaFrameSpec spec = spec_of ("line");
  Sink sink;
  g_autoptr(TaFramer) f = NULL;

  sink_init (&sink);
  f = ta_framer_new (&spec, on_message, on_pending, &sink);
  ta_framer_feed (f, (const guint8 *) "STATUS", 6);
  g_assert_true (tt_wait_for (has_pending, &sink, 5000));
  g_assert_cmpuint (sink.pending, ==, 6);
  g_assert_cmpuint (sink.n_pending, ==, 1);
  ta_framer_feed (f, (const guint8 *) "\n", 1);
  g_assert_cmpuint (sink.messages->len, ==, 1);
  sink_clear (&sink);
}

static void
test_spec_parse (void)
{
  const char *good[] = { "chunk", "line", "line:lf", "line:crlf", "delimiter:0D0A", "length:8",
                         "prefix:1", "prefix:2be", "prefix:2le", "prefix:4be", "prefix:4le", "idle:100" };
  const char *bad[] = { "", "lines", "line:cr", "delimiter:", "delimiter:zz", "delimiter:0",
                        "length:0", "length:-1", "length:x", "prefix:3", "prefix:", "idle:0",
                        "idle:99999999", "chunk:1", "delimiter:00112233445566778899AABBCCDDEEFF00" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      TaFrameSpec spec;
      g_autofree char *back = NULL;

      g_assert_true (ta_frame_spec_parse (&spec, good[i], NULL));
      back = ta_frame_spec_to_string (&spec);
      g_assert_cmpstr (back, ==, good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      TaFrameSpec spec;
      g_autoptr(GError) error = NULL;

      g_assert_false (ta_frame_spec_parse (&spec, bad[i], &error));
      g_assert_error (error, TA_FRAME_ERROR, TA_FRAME_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "”"));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framer/spec", test_spec_parse);
  g_test_add_func ("/framer/chunk", test_chunk);
  g_test_add_func ("/framer/line", test_line);
  g_test_add_func ("/framer/delimiter", test_delimiter);
  g_test_add_func ("/framer/fixed", test_fixed);
  g_test_add_func ("/framer/prefix", test_prefix);
  g_test_add_func ("/framer/pieces", test_pieces);
  g_test_add_func ("/framer/limit", test_limit);
  g_test_add_func ("/framer/idle", test_idle);
  g_test_add_func ("/framer/pending", test_pending_notice);

  return g_test_run ();
}
