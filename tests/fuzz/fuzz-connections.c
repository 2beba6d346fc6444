/* fuzz-connections.c: libFuzzer harness for the two files of the Client
 * page's connection choices: saved connections (ta_saved_connections_open)
 * and recent servers (ta_recent_targets_load)
 *
 * Byte 0 bit 0 picks the reader (0 saved, 1 recent); the rest is the file,
 * written to a temporary folder (the readers take a path: a file that
 * cannot be read is set aside, which is part of what is checked).
 *
 * Invariants:
 *   1. no crash, no sanitizer report, no GLib critical or warning;
 *   2. saved, on failure: FALSE with a non-empty UTF-8 sentence, the list
 *      as before (one connection), and the file set aside (not lost);
 *      on success: at most TA_SAVED_CONNECTIONS_MAX_COUNT connections,
 *      and saving then reading again gives the same fields;
 *   3. recent: at most TA_RECENT_TARGETS_MAX targets, each with a host and
 *      a port; saving then reading again gives the same list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-recent-targets.h"
#include "ta-saved-connections.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *dir;

/* The temporary folder goes with the process. */
static void
remove_dir (void)
{
  g_rmdir (dir);
}

static gboolean
same_connection (TaSavedConnection *a,
                 TaSavedConnection *b)
{
  return g_strcmp0 (ta_saved_connection_get_name (a), ta_saved_connection_get_name (b)) == 0 &&
         g_strcmp0 (ta_saved_connection_get_host (a), ta_saved_connection_get_host (b)) == 0 &&
         ta_saved_connection_get_port (a) == ta_saved_connection_get_port (b) &&
         ta_saved_connection_get_tls (a) == ta_saved_connection_get_tls (b) &&
         ta_saved_connection_get_mode (a) == ta_saved_connection_get_mode (b) &&
         g_strcmp0 (ta_saved_connection_get_charset (a), ta_saved_connection_get_charset (b)) == 0 &&
         ta_saved_connection_get_line_ending (a) == ta_saved_connection_get_line_ending (b) &&
         ta_saved_connection_get_checksum (a) == ta_saved_connection_get_checksum (b);
}

static void
fuzz_saved (const char *path)
{
  g_autoptr(TaSavedConnections) list = ta_saved_connections_new ();
  g_autoptr(TaSavedConnections) again = ta_saved_connections_new ();
  g_autoptr(TaSavedConnection) first = ta_saved_connection_new ("before", "h", 1, FALSE, TA_MESSAGE_MODE_TEXT,
                                                                "UTF-8", TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  guint n;

  ta_saved_connections_put (list, first);
  if (!ta_saved_connections_open (list, path, &error))
    {
      FUZZ_CHECK (error != NULL, "FALSE without an error");
      FUZZ_CHECK (error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL),
                  "empty or invalid sentence");
      FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (list)) == 1 &&
                  ta_saved_connections_get (list, 0) == first, "the list changed on error: %s", error->message);
      FUZZ_CHECK (g_file_test (backup, G_FILE_TEST_IS_REGULAR), "the unreadable file was not set aside");
      g_unlink (backup);
      return;
    }
  FUZZ_CHECK (error == NULL, "TRUE with an error");
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  FUZZ_CHECK (n <= TA_SAVED_CONNECTIONS_MAX_COUNT, "%u connections", n);
  FUZZ_CHECK (ta_saved_connections_save (list, path, &error), "save: %s", error->message);
  FUZZ_CHECK (ta_saved_connections_open (again, path, &error), "read back: %s", error->message);
  FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (again)) == n, "a different count read back");
  for (guint i = 0; i < n; i++)
    FUZZ_CHECK (same_connection (ta_saved_connections_get (list, i), ta_saved_connections_get (again, i)),
                "connection %u differs when read back", i);
}

static void
fuzz_recent (const char *path)
{
  g_autoptr(TaRecentTargets) list = ta_recent_targets_new ();
  g_autoptr(TaRecentTargets) again = ta_recent_targets_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  guint n;

  if (!ta_recent_targets_load (list, path, &error))
    {
      FUZZ_CHECK (error != NULL && error->message[0] != '\0' && g_utf8_validate (error->message, -1, NULL),
                  "FALSE without a sentence");
      FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0, "a list from an unreadable file");
      g_unlink (backup);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  FUZZ_CHECK (n <= TA_RECENT_TARGETS_MAX, "%u targets", n);
  for (guint i = 0; i < n; i++)
    {
      TaRecentTarget *t = ta_recent_targets_get (list, i);

      FUZZ_CHECK (ta_recent_target_get_host (t)[0] != '\0' && ta_recent_target_get_port (t) != 0,
                  "target %u without host or port", i);
    }
  FUZZ_CHECK (ta_recent_targets_save (list, path, &error), "save: %s", error->message);
  FUZZ_CHECK (ta_recent_targets_load (again, path, &error), "read back: %s", error->message);
  FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (again)) == n, "a different count read back");
  for (guint i = 0; i < n; i++)
    {
      TaRecentTarget *a = ta_recent_targets_get (list, i);
      TaRecentTarget *b = ta_recent_targets_get (again, i);

      FUZZ_CHECK (g_strcmp0 (ta_recent_target_get_host (a), ta_recent_target_get_host (b)) == 0 &&
                  ta_recent_target_get_port (a) == ta_recent_target_get_port (b) &&
                  ta_recent_target_get_last_used (a) == ta_recent_target_get_last_used (b),
                  "target %u differs when read back", i);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *path = NULL;

  fuzz_init ();
  if (size == 0)
    return 0;
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("fuzz-connections-XXXXXX", NULL);
      FUZZ_CHECK (dir != NULL, "no temporary folder");
      atexit (remove_dir);
    }
  path = g_build_filename (dir, "file.ini", NULL);
  FUZZ_CHECK (g_file_set_contents (path, (const char *) data + 1, (gssize) size - 1, NULL), "cannot write %s", path);
  if (data[0] & 1)
    fuzz_recent (path);
  else
    fuzz_saved (path);
  g_unlink (path);
  return 0;
}
