/* fuzz-quick-messages.c: libFuzzer harness for the quick-messages file
 * reader (ta_quick_messages_load_data) and writer (…_to_data)
 *
 * Byte 0 bit 0 picks replace (0) or append (1); the rest is the file.
 * The list starts with the two examples.
 *
 * Invariants:
 *   1. no crash, no sanitizer report, no GLib critical or warning;
 *   2. on failure: FALSE with a TA_QUICK_MESSAGES_ERROR whose message is
 *      non-empty UTF-8, and the list exactly as before (same objects);
 *   3. on success: at most TA_QUICK_MESSAGES_MAX_COUNT messages, the
 *      examples kept in front when appending; writing the list and
 *      reading it back gives the same fields, and writing that again
 *      gives the same file (the format is a fixed point).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-quick-messages.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
same_message (TaQuickMessage *a,
              TaQuickMessage *b)
{
  return g_strcmp0 (ta_quick_message_get_name (a), ta_quick_message_get_name (b)) == 0 &&
         g_strcmp0 (ta_quick_message_get_content (a), ta_quick_message_get_content (b)) == 0 &&
         ta_quick_message_get_mode (a) == ta_quick_message_get_mode (b) &&
         g_strcmp0 (ta_quick_message_get_charset (a), ta_quick_message_get_charset (b)) == 0 &&
         ta_quick_message_get_line_ending (a) == ta_quick_message_get_line_ending (b) &&
         ta_quick_message_get_checksum (a) == ta_quick_message_get_checksum (b);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(TaQuickMessages) list = NULL;
  g_autoptr(GError) error = NULL;
  TaQuickMessage *before[2];
  gboolean append;
  guint n;

  fuzz_init ();
  if (size == 0)
    return 0;

  append = data[0] & 1;
  list = ta_quick_messages_new ();
  ta_quick_messages_add_examples (list);
  before[0] = ta_quick_messages_get (list, 0);
  before[1] = ta_quick_messages_get (list, 1);

  if (!ta_quick_messages_load_data (list, (const char *) data + 1, size - 1, append, &error))
    {
      FUZZ_CHECK (error != NULL, "FALSE without an error");
      FUZZ_CHECK (error->domain == TA_QUICK_MESSAGES_ERROR, "error domain %s: %s",
                  g_quark_to_string (error->domain), error->message);
      FUZZ_CHECK (error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL),
                  "empty or invalid message");
      FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (list)) == 2 &&
                  ta_quick_messages_get (list, 0) == before[0] &&
                  ta_quick_messages_get (list, 1) == before[1],
                  "the list changed on error: %s", error->message);
      return 0;
    }

  FUZZ_CHECK (error == NULL, "TRUE with an error");
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  FUZZ_CHECK (n <= TA_QUICK_MESSAGES_MAX_COUNT, "%u messages", n);
  if (append)
    FUZZ_CHECK (n >= 2 && ta_quick_messages_get (list, 0) == before[0] &&
                ta_quick_messages_get (list, 1) == before[1], "append lost the examples");

  {
    g_autoptr(TaQuickMessages) again = ta_quick_messages_new ();
    g_autofree char *written = NULL;
    g_autofree char *rewritten = NULL;
    gsize len, len2;

    written = ta_quick_messages_to_data (list, &len);
    FUZZ_CHECK (ta_quick_messages_load_data (again, written, len, FALSE, &error),
                "what was written does not read back: %s\n%s",
                error ? error->message : "", written);
    FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (again)) == n, "count changed");
    for (guint i = 0; i < n; i++)
      FUZZ_CHECK (same_message (ta_quick_messages_get (list, i), ta_quick_messages_get (again, i)),
                  "message %u changed in a round trip", i + 1);
    rewritten = ta_quick_messages_to_data (again, &len2);
    FUZZ_CHECK (len == len2 && memcmp (written, rewritten, len) == 0,
                "the file is not a fixed point");
  }

  return 0;
}
