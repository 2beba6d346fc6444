/* test-connections.c: recent servers and saved connections (core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files live in a temporary folder of this run.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-recent-targets.h"
#include "ta-saved-connections.h"

static char *dir;

static char *
path_in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_recent_order_dedupe_cap (void)
{
  g_autoptr(TaRecentTargets) r = ta_recent_targets_new ();

  ta_recent_targets_record_at (r, "10.0.0.7", 502, 100);
  ta_recent_targets_record_at (r, "example.org", 80, 200);
  ta_recent_targets_record_at (r, "EXAMPLE.org", 80, 300);   /* same host, any case */
  ta_recent_targets_record_at (r, "10.0.0.7", 503, 400);     /* another port: another target */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r)), ==, 3);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (r, 0)), ==, "10.0.0.7");
  g_assert_cmpuint (ta_recent_target_get_port (ta_recent_targets_get (r, 0)), ==, 503);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (r, 1)), ==, "EXAMPLE.org");
  g_assert_cmpint (ta_recent_target_get_last_used (ta_recent_targets_get (r, 1)), ==, 300);
  g_assert_cmpuint (ta_recent_target_get_port (ta_recent_targets_get (r, 2)), ==, 502);

  /* Nonsense is not recorded. */
  ta_recent_targets_record_at (r, "", 80, 1);
  ta_recent_targets_record_at (r, "a b", 80, 1);
  ta_recent_targets_record_at (r, "host", 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r)), ==, 3);

  /* At most 20, the oldest dropped. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *host = g_strdup_printf ("192.168.1.%u", i);

      ta_recent_targets_record_at (r, host, 7788, 1000 + i);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r)), ==, TA_RECENT_TARGETS_MAX);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (r, 0)), ==, "192.168.1.29");
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (r, 19)), ==, "192.168.1.10");

  /* Forget one. */
  ta_recent_targets_forget (r, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r)), ==, TA_RECENT_TARGETS_MAX - 1);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (r, 0)), ==, "192.168.1.28");
}

static void
test_recent_matches (void)
{
  g_autoptr(TaRecentTargets) r = ta_recent_targets_new ();
  g_autofree char *label = NULL;

  ta_recent_targets_record_at (r, "::1", 7788, 1);
  ta_recent_targets_record_at (r, "Lab-PLC.local", 502, 2);
  label = ta_recent_target_dup_label (ta_recent_targets_get (r, 1));
  g_assert_cmpstr (label, ==, "[::1]:7788");
  g_assert_true (ta_recent_target_matches (ta_recent_targets_get (r, 0), "lab"));
  g_assert_true (ta_recent_target_matches (ta_recent_targets_get (r, 0), ":502"));
  g_assert_true (ta_recent_target_matches (ta_recent_targets_get (r, 0), ""));
  g_assert_false (ta_recent_target_matches (ta_recent_targets_get (r, 0), "10.0"));
}

static void
test_recent_file (void)
{
  g_autofree char *path = path_in_dir ("recent.ini");
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  g_autoptr(TaRecentTargets) r = ta_recent_targets_new ();
  g_autoptr(TaRecentTargets) again = ta_recent_targets_new ();
  g_autoptr(GError) error = NULL;

  /* No file yet: empty, fine. */
  g_assert_true (ta_recent_targets_load (again, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);

  ta_recent_targets_record_at (r, "10.0.0.7", 502, 100);
  ta_recent_targets_record_at (r, "::1", 7788, 200);
  g_assert_true (ta_recent_targets_save (r, path, &error));
  g_assert_no_error (error);
  g_assert_true (ta_recent_targets_load (again, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (again, 0)), ==, "::1");
  g_assert_cmpint (ta_recent_target_get_last_used (ta_recent_targets_get (again, 1)), ==, 100);

  /* Bad entries are skipped, the good ones kept. */
  g_assert_true (g_file_set_contents (path,
                                      "[Recent Servers]\nVersion=1\n"
                                      "[Server 1]\nHost=\nPort=1\n"
                                      "[Server 2]\nHost=ok.example\nPort=99999\n"
                                      "[Server 3]\nHost=good.example\nPort=23\n", -1, NULL));
  g_assert_true (ta_recent_targets_load (again, path, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_cmpstr (ta_recent_target_get_host (ta_recent_targets_get (again, 0)), ==, "good.example");

  /* Not ours: a sentence, set aside, empty list. */
  g_assert_true (g_file_set_contents (path, "\xff\xfe garbage", -1, NULL));
  g_assert_false (ta_recent_targets_load (again, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "recent servers"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_unlink (backup);
  g_unlink (path);
}

static TaSavedConnection *
lab_plc (const char *name)
{
  return ta_saved_connection_new (name, "10.0.0.7", 502, FALSE, TA_MESSAGE_MODE_HEX, "GBK",
                                  TA_LINE_ENDING_NONE, TA_CHECKSUM_CRC16_MODBUS);
}

static void
count_changed (gpointer  instance,
               guint    *n)
{
  (*n)++;
}

static void
test_saved_list (void)
{
  g_autoptr(TaSavedConnections) list = ta_saved_connections_new ();
  g_autoptr(TaSavedConnection) plc = lab_plc ("Lab PLC");
  g_autoptr(TaSavedConnection) again = lab_plc ("lab plc");
  g_autoptr(TaSavedConnection) web = ta_saved_connection_new ("  Web\n", "example.org", 443, TRUE,
                                                              TA_MESSAGE_MODE_TEXT, "UTF-8",
                                                              TA_LINE_ENDING_CRLF, TA_CHECKSUM_NONE);
  g_autoptr(TaSavedConnection) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint changes = 0;

  g_signal_connect (list, "changed", G_CALLBACK (count_changed), &changes);
  g_assert_cmpuint (ta_saved_connections_put (list, plc), ==, 0);
  g_assert_cmpuint (ta_saved_connections_put (list, web), ==, 1);
  g_assert_cmpstr (ta_saved_connection_get_name (web), ==, "Web");
  /* The same name (any case) replaces, where it was. */
  g_assert_cmpuint (ta_saved_connections_put (list, again), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (ta_saved_connections_get (list, 0) == again);
  g_assert_cmpuint (changes, ==, 3);

  summary = ta_saved_connection_dup_summary (plc);
  g_assert_cmpstr (summary, ==, "10.0.0.7:502 · Hex · CRC-16/Modbus");

  /* Rename: not empty, not another's name. */
  g_assert_false (ta_saved_connections_rename (list, 0, "  ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ta_saved_connections_rename (list, 0, "WEB", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (ta_saved_connections_rename (list, 0, "Lab PLC 2", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ta_saved_connection_get_name (ta_saved_connections_get (list, 0)), ==, "Lab PLC 2");
  /* Its own name in another case is fine. */
  g_assert_true (ta_saved_connections_rename (list, 0, "lab plc 2", NULL));

  /* Remove and Undo. */
  removed = ta_saved_connections_remove (list, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  ta_saved_connections_insert (list, 0, removed);
  g_assert_true (ta_saved_connections_get (list, 0) == removed);
}

static void
test_saved_file (void)
{
  g_autofree char *path = path_in_dir ("connections.ini");
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  g_autoptr(TaSavedConnections) list = ta_saved_connections_new ();
  g_autoptr(TaSavedConnections) again = ta_saved_connections_new ();
  g_autoptr(TaSavedConnection) plc = lab_plc ("Lab PLC — 车间 \\ 1");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  TaSavedConnection *c;

  g_assert_true (ta_saved_connections_open (again, path, &error));
  g_assert_no_error (error);

  ta_saved_connections_put (list, plc);
  g_assert_true (ta_saved_connections_save (list, path, &error));
  g_assert_no_error (error);
  g_assert_true (ta_saved_connections_open (again, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  c = ta_saved_connections_get (again, 0);
  g_assert_cmpstr (ta_saved_connection_get_name (c), ==, "Lab PLC — 车间 \\ 1");
  g_assert_cmpstr (ta_saved_connection_get_host (c), ==, "10.0.0.7");
  g_assert_cmpuint (ta_saved_connection_get_port (c), ==, 502);
  g_assert_false (ta_saved_connection_get_tls (c));
  g_assert_cmpint (ta_saved_connection_get_mode (c), ==, TA_MESSAGE_MODE_HEX);
  g_assert_cmpstr (ta_saved_connection_get_charset (c), ==, "GBK");
  g_assert_cmpint (ta_saved_connection_get_checksum (c), ==, TA_CHECKSUM_CRC16_MODBUS);

  /* Cut short: the list in memory is kept, the file set aside, a sentence. */
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  *strstr (data, "[End]") = '\0';
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
  g_assert_false (ta_saved_connections_open (again, path, &error));
  g_assert_nonnull (strstr (error->message, "cut short"));
  g_assert_nonnull (strstr (error->message, "unreadable"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_unlink (backup);

  /* A value that makes no sense names itself. */
  g_assert_true (g_file_set_contents (path,
                                      "[Saved Connections]\nVersion=1\n"
                                      "[Connection 1]\nName=x\nHost=h\nPort=1\nChecksum=crc99\n"
                                      "[End]\nConnections=1\n", -1, NULL));
  g_assert_false (ta_saved_connections_open (again, path, &error));
  g_assert_nonnull (strstr (error->message, "Checksum"));
  g_clear_error (&error);
  g_unlink (backup);

  /* From a newer version. */
  g_assert_true (g_file_set_contents (path, "[Saved Connections]\nVersion=9\n[End]\nConnections=0\n", -1, NULL));
  g_assert_false (ta_saved_connections_open (again, path, &error));
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_unlink (backup);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ta-connections-XXXXXX", NULL);

  g_test_add_func ("/connections/recent/order-dedupe-cap", test_recent_order_dedupe_cap);
  g_test_add_func ("/connections/recent/matches", test_recent_matches);
  g_test_add_func ("/connections/recent/file", test_recent_file);
  g_test_add_func ("/connections/saved/list", test_saved_list);
  g_test_add_func ("/connections/saved/file", test_saved_file);

  status = g_test_run ();
  g_rmdir (dir);
  g_free (dir);
  return status;
}
