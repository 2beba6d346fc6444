/* fuzz-framer.c: libFuzzer harness for TaFramer with random splits
 *
 * Byte 0 picks a framing (chunk, line, line:lf, line:crlf, delimiter 1–3
 * bytes, length, prefix 1/2be/2le/4be/4le), byte 1 the message limit
 * (1–256 bytes), bytes 2–3 seed the cut points; the rest is the stream.
 * The stream is fed whole, then in random pieces, then byte by byte:
 *   - the three runs give the same messages with the same flags;
 *   - no message is longer than the limit, nor is more held;
 *   - pieces are between 1 and the number of reads;
 *   - a message not cut never holds its delimiter;
 *   - as received, the messages joined are the stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>

#include "ta-framer.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char *specs[] = {
  "chunk", "line", "line:lf", "line:crlf", "delimiter:0A", "delimiter:0D0A", "delimiter:AABBAA",
  "length:1", "length:7", "prefix:1", "prefix:2be", "prefix:2le", "prefix:4be", "prefix:4le",
};

typedef struct {
  GString   *joined;    /* every message, each followed by its flags and length */
  guint      n;
  gsize      max;
  guint      reads;
  const TaFrameSpec *spec;
  const guint8 *delimiter;  /* what may not be inside a whole message */
  gsize      delimiter_len;
} Sink;

static void
on_message (const guint8 *data, gsize len, guint pieces, TaFrameFlags flags, gpointer user_data)
{
  Sink *s = user_data;

  FUZZ_CHECK (len <= s->max, "message of %zu bytes over the limit %zu", len, s->max);
  FUZZ_CHECK (pieces >= 1 && pieces <= s->reads, "%u pieces after %u reads", pieces, s->reads);
  if (!(flags & TA_FRAME_FLAG_CUT) && s->delimiter_len > 0 && len >= s->delimiter_len)
    FUZZ_CHECK (memmem (data, len, s->delimiter, s->delimiter_len) == NULL,
                "a message holds its delimiter");
  g_string_append_len (s->joined, (const char *) data, len);
  g_string_append_printf (s->joined, "<%u:%zu>", (guint) flags, len);
  s->n++;
}

static char *
run (const TaFrameSpec *spec, const guint8 *data, gsize size, guint32 seed, int how, guint *n)
{
  Sink sink = { g_string_new (NULL), 0, spec->max_frame, 0, spec, NULL, 0 };
  TaFramer *f = ta_framer_new (spec, on_message, NULL, &sink);
  /* A fixed length raises the limit to itself. */
  sink.max = ta_framer_get_spec (f)->max_frame;
  GRand *rand = g_rand_new_with_seed (seed);
  gsize at = 0;

  if (spec->mode == TA_FRAME_DELIMITER)
    sink.delimiter = spec->delimiter, sink.delimiter_len = spec->delimiter_len;
  else if (spec->mode == TA_FRAME_LINE)
    {
      sink.delimiter = (const guint8 *) (spec->line_end == TA_LINE_CRLF ? "\r\n" : "\n");
      sink.delimiter_len = spec->line_end == TA_LINE_CRLF ? 2 : 1;
    }

  while (at < size)
    {
      gsize take = how == 0 ? size - at : how == 1 ? 1 : (gsize) g_rand_int_range (rand, 1, 64);

      take = MIN (take, size - at);
      sink.reads++;
      ta_framer_feed (f, data + at, take);
      FUZZ_CHECK (ta_framer_get_pending (f) <= sink.max + 4, "%zu bytes held over the limit %zu",
                  ta_framer_get_pending (f), sink.max);
      at += take;
    }
  sink.reads++;
  ta_framer_finish (f);
  ta_framer_free (f);
  g_rand_free (rand);
  *n = sink.n;
  return g_string_free (sink.joined, FALSE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  TaFrameSpec spec;
  g_autofree char *whole = NULL, *random = NULL, *bytewise = NULL;
  guint n_whole, n_random, n_bytewise;
  guint32 seed;

  fuzz_init ();
  if (size < 4)
    return 0;

  FUZZ_CHECK (ta_frame_spec_parse (&spec, specs[data[0] % G_N_ELEMENTS (specs)], NULL), "spec");
  spec.max_frame = 1 + data[1];
  seed = data[2] | (data[3] << 8);
  data += 4;
  size -= 4;

  whole = run (&spec, data, size, seed, 0, &n_whole);
  random = run (&spec, data, size, seed, 2, &n_random);
  bytewise = run (&spec, data, size, seed, 1, &n_bytewise);

  if (spec.mode != TA_FRAME_CHUNK)
    {
      FUZZ_CHECK (g_str_equal (whole, random), "random cuts change the messages:\n%s\n---\n%s", whole, random);
      FUZZ_CHECK (g_str_equal (whole, bytewise), "byte-by-byte reads change the messages:\n%s\n---\n%s", whole, bytewise);
    }
  else
    {
      /* As received: one message per read. */
      FUZZ_CHECK (n_bytewise == size, "%u messages from %zu one-byte reads", n_bytewise, size);
    }
  return 0;
}
