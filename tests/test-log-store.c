/* test-log-store.c: the log's bounds, batching, escaping and recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ta-log-store.h"
#include "tt-util.h"

static void
count_changes (GListModel *model, guint position, guint removed, guint added, guint *n)
{
  (*n)++;
}

static void
test_coalescing (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  guint n_signals = 0;

  g_signal_connect (store, "items-changed", G_CALLBACK (count_changes), &n_signals);
  for (guint i = 0; i < 5000; i++)
    ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "event");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  tt_spin (300);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5000);
}

static void
test_cap_and_drop_count (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(GBytes) data = g_bytes_new_static ("0123456789", 10);
  guint n;

  ta_log_store_set_max_entries (store, 1000);
  /* Many rounds, so the dropped slots get compacted away more than once. */
  for (guint round = 0; round < 30; round++)
    {
      for (guint i = 0; i < 900; i++)
        ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "127.0.0.1:1", data);
      ta_log_store_flush (store);
      n = g_list_model_get_n_items (G_LIST_MODEL (store));
      /* At most the cap; when trimming, down to 90 % of it. */
      g_assert_cmpuint (n, <=, 1000);
      g_assert_cmpuint (n, >=, 900);
      g_assert_cmpuint (n + ta_log_store_get_n_dropped (store), ==, (round + 1) * 900);
    }
  {
    g_autoptr(TaLogEntry) last = g_list_model_get_item (G_LIST_MODEL (store), n - 1);
    g_assert_cmpstr (ta_log_entry_get_text (last), ==, "0123456789");
  }

  /* More at once than the cap: the newest stay. */
  for (guint i = 0; i < 2500; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, text);
    }
  ta_log_store_flush (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1000);
  {
    g_autoptr(TaLogEntry) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_assert_cmpstr (ta_log_entry_get_text (first), ==, "1500");
  }

  ta_log_store_set_max_entries (store, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10);
  ta_log_store_clear (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (ta_log_store_get_n_dropped (store), ==, 0);
}

static void
test_memory_bound (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autofree char *big = g_malloc (64 * 1024);
  g_autoptr(GBytes) data = NULL;

  memset (big, 'A', 64 * 1024);
  /* 24,576 reads of 64 KiB = 1.5 GiB received, each its own buffer as from
   * the socket: the store keeps a copy of the start of each, not the
   * buffer; 24,576 starts of 4 KiB are 100 MiB, over the 64 MiB bound. */
  for (guint i = 0; i < 24576; i++)
    {
      g_clear_pointer (&data, g_bytes_unref);
      data = g_bytes_new (big, 64 * 1024);
      ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "p", data);
      if (i % 1000 == 0)
        ta_log_store_flush (store);
    }
  ta_log_store_flush (store);
  {
    g_autoptr(TaLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_autoptr(GString) body = g_string_new (NULL);

    g_assert_cmpuint (g_bytes_get_size (ta_log_entry_get_data (entry)), ==, TA_LOG_ENTRY_MAX_DATA);
    ta_log_entry_format_body (entry, TA_LOG_ROLE_SERVER, TA_LOG_SHOW_TEXT, body);
    g_assert_true (g_str_has_suffix (body->str, " … (61440 more bytes)"));
  }
  /* The bound itself: what the entries hold stays within the documented
   * 64 MiB (the literal, not the macro: raising the macro must fail here)
   * and above half of it (it trims to 90 %, not to nothing); the oldest
   * were dropped and counted. */
  {
    GListModel *model = G_LIST_MODEL (store);
    guint n = g_list_model_get_n_items (model);
    gsize held = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(TaLogEntry) entry = g_list_model_get_item (model, i);

        held += ta_log_entry_get_mem_size (entry);
      }
    g_test_message ("%u entries hold %" G_GSIZE_FORMAT " bytes; %" G_GUINT64_FORMAT " dropped", n, held,
                    (guint64) ta_log_store_get_n_dropped (store));
    g_assert_cmpuint (held, <=, (gsize) 64 * 1024 * 1024);
    g_assert_cmpuint (held, >=, (gsize) 64 * 1024 * 1024 / 2);
    g_assert_cmpuint (ta_log_store_get_n_dropped (store), ==, (guint64) 24576 - n);
  }
  g_assert_cmpuint (tt_rss_kb ("VmRSS"), <, 200 * 1024);
}

static void
test_display_modes (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  const guint8 gbk[] = { 0xC4, 0xE3, 0xBA, 0xC3, '\r', '\n', '<', 'b', '>' };
  g_autoptr(GBytes) data = g_bytes_new (gbk, sizeof gbk);
  g_autoptr(TaLogEntry) entry = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *both = NULL;

  ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "127.0.0.1:5", data);
  ta_log_store_flush (store);
  entry = g_list_model_get_item (G_LIST_MODEL (store), 0);

  text = ta_log_entry_format_line (entry, TA_LOG_ROLE_SERVER, TA_LOG_TIME_OFF, TA_LOG_SHOW_TEXT);
  g_assert_cmpstr (text, ==, "127.0.0.1:5 Client request: 你好\\r\\n<b>");
  hex = ta_log_entry_format_line (entry, TA_LOG_ROLE_SERVER, TA_LOG_TIME_OFF, TA_LOG_SHOW_HEX);
  g_assert_cmpstr (hex, ==, "127.0.0.1:5 Client request: C4 E3 BA C3 0D 0A 3C 62 3E");
  both = ta_log_entry_format_line (entry, TA_LOG_ROLE_SERVER, TA_LOG_TIME_OFF, TA_LOG_SHOW_BOTH);
  g_assert_true (g_str_has_prefix (both, "127.0.0.1:5 Client request: 你好\\r\\n<b>\n00000000  C4 E3 BA C3"));

  /* A new receive encoding decodes the kept bytes again. */
  ta_log_store_set_receive_charset (store, "ISO-8859-1");
  g_assert_cmpstr (ta_log_entry_get_text (entry), ==, "ÄãºÃ\\r\\n<b>");
}

static void
test_record_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-log-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "traffic.log", NULL);
  g_autoptr(TaLogRecorder) recorder = ta_log_recorder_open (path, &error);
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("ping", 4);

  g_assert_no_error (error);
  ta_log_store_set_recorder (store, recorder, "Client");
  for (guint i = 0; i < 100000; i++)
    ta_log_store_append_data (store, TA_LOG_SENT, 1, "127.0.0.1:7788", data);
  ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "done");
  ta_log_store_flush (store);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 100002);
  g_assert_true (g_str_has_suffix (lines[0], " [Client] 127.0.0.1:7788 Sent: ping"));
  g_assert_true (g_str_has_suffix (lines[100000], " [Client] done"));

  g_unlink (path);
  g_rmdir (dir);

  /* A place that cannot be written: a sentence, no recorder. */
  g_clear_error (&error);
  g_assert_null (ta_log_recorder_open ("/proc/ta-no-such-dir/log.txt", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot be written"));
}

typedef struct {
  guint    n;
  guint    n_first;
  char    *message;
} Failed;

static void
on_recording_failed (TaLogStore *store,
                     const char *message,
                     gboolean    first,
                     Failed     *f)
{
  f->n++;
  f->n_first += first;
  g_free (f->message);
  f->message = g_strdup (message);
}

/* Recording to a full disk: the recording stops, both logs say from when
 * and why (the recorder is shared by both pages, one toast is asked for),
 * and the display goes on. */
static void
test_record_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaLogRecorder) recorder = ta_log_recorder_open ("/dev/full", &error);
  g_autoptr(TaLogStore) server = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(TaLogStore) client = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(GBytes) data = g_bytes_new_static ("ping", 4);
  g_autofree char *server_text = NULL;
  g_autofree char *client_text = NULL;
  Failed fs = { 0 }, fc = { 0 };

  g_assert_no_error (error);
  ta_log_store_set_recorder (server, recorder, "Server");
  ta_log_store_set_recorder (client, recorder, "Client");
  g_signal_connect (server, "recording-failed", G_CALLBACK (on_recording_failed), &fs);
  g_signal_connect (client, "recording-failed", G_CALLBACK (on_recording_failed), &fc);

  ta_log_store_append_event (server, TA_LOG_EVENT, NULL, "before");
  ta_log_store_flush (server);
  g_assert_cmpuint (fs.n, ==, 1);
  g_assert_cmpuint (fs.n_first, ==, 1);
  g_assert_true (g_str_has_prefix (fs.message, "Recording stopped at "));
  g_assert_nonnull (strstr (fs.message, ": the disk is full. Lines from then on are not in “full”."));
  g_assert_nonnull (ta_log_recorder_get_failure (recorder));

  /* The other page finds out on its next line, says it in its log, but
   * does not ask for a second toast. */
  ta_log_store_append_data (client, TA_LOG_SENT, 1, "127.0.0.1:7788", data);
  ta_log_store_flush (client);
  g_assert_cmpuint (fc.n, ==, 1);
  g_assert_cmpuint (fc.n_first, ==, 0);

  /* The display keeps going; nothing more is said. */
  for (guint i = 0; i < 100; i++)
    {
      ta_log_store_append_data (server, TA_LOG_RECEIVED, 1, "127.0.0.1:5000", data);
      ta_log_store_append_data (client, TA_LOG_SENT, 1, "127.0.0.1:7788", data);
    }
  ta_log_store_flush (server);
  ta_log_store_flush (client);
  g_assert_cmpuint (fs.n, ==, 1);
  g_assert_cmpuint (fc.n, ==, 1);

  server_text = tt_log_text (G_LIST_MODEL (server));
  client_text = tt_log_text (G_LIST_MODEL (client));
  g_assert_nonnull (strstr (server_text, "before"));
  g_assert_nonnull (strstr (server_text, fs.message));
  g_assert_nonnull (strstr (client_text, fs.message));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (server)), ==, 102);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (client)), ==, 102);
  g_free (fs.message);
  g_free (fc.message);
}

/* A real file system that fills up: a 64 KiB tmpfs (root only; skipped
 * with the reason otherwise). The recording stops once, with the reason,
 * the file is full, and the display keeps every line. */
static void
test_record_small_tmpfs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-tmpfs-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "traffic.log", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *err = NULL;
  g_autoptr(TaLogRecorder) recorder = NULL;
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(GBytes) data = g_bytes_new_static ("0123456789abcdefghijklmnopqrstuvwxyz", 36);
  g_autofree char *contents = NULL;
  gsize size = 0;
  int status = -1;
  Failed f = { 0 };
  guint i;

  g_assert_no_error (error);
  cmd = g_strdup_printf ("mount -t tmpfs -o size=64k ta-test-tmpfs %s", dir);
  if (!g_spawn_command_line_sync (cmd, NULL, &err, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *reason = g_strdup_printf ("cannot mount a tmpfs here (%s)", err ? g_strstrip (err) : "");

      g_rmdir (dir);
      g_test_skip (reason);
      return;
    }

  recorder = ta_log_recorder_open (path, &error);
  g_assert_no_error (error);
  ta_log_store_set_recorder (store, recorder, "Server");
  g_signal_connect (store, "recording-failed", G_CALLBACK (on_recording_failed), &f);
  for (i = 0; i < 10000 && f.n == 0; i++)
    {
      ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "127.0.0.1:5000", data);
      if (i % 100 == 99)
        ta_log_store_flush (store);
    }
  ta_log_store_flush (store);
  g_assert_cmpuint (f.n, ==, 1);
  g_assert_nonnull (strstr (f.message, ": the disk is full."));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, i + 1);

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 32 * 1024);
  g_assert_cmpuint (size, <=, 64 * 1024);

  g_clear_pointer (&recorder, ta_log_recorder_unref);
  g_clear_object (&store);
  g_free (cmd);
  cmd = g_strdup_printf ("umount %s", dir);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_rmdir (dir);
  g_free (f.message);
}

static void
test_pause_counts (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);

  ta_log_store_set_paused (store, TRUE);
  for (guint i = 0; i < 50; i++)
    ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "p", data);
  ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "still logged");
  ta_log_store_flush (store);
  g_assert_cmpuint (ta_log_store_get_n_paused (store), ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* A recording goes on while the display is paused. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("ta-pause-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "rec.log", NULL);
    g_autoptr(TaLogRecorder) recorder = ta_log_recorder_open (path, &error);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_no_error (error);
    ta_log_store_set_recorder (store, recorder, "Server");
    for (guint i = 0; i < 20; i++)
      ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "p", data);
    ta_log_store_flush (store);
    ta_log_store_set_recorder (store, NULL, NULL);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 21);
    g_assert_true (g_str_has_suffix (lines[0], "[Server] p Client request: x"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
    g_unlink (path);
    g_rmdir (dir);
  }
}

static char *
text_at (TaLogStore *store,
         guint       i)
{
  g_autoptr(TaLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (store), i);

  return g_strdup (ta_log_entry_get_text (entry));
}

/* Clear with Undo: the cleared entries come back before the ones that
 * arrived since, within the cap (the oldest dropped and counted). */
static void
test_clear_undo (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  TaLogCleared *cleared;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  ta_log_store_set_max_entries (store, 10);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *text = g_strdup_printf ("old %u", i);
      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, text);
    }
  cleared = ta_log_store_clear_for_undo (store);
  g_assert_cmpuint (ta_log_cleared_get_n_entries (cleared), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "new 0");
  ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "new 1");
  ta_log_store_append_event (store, TA_LOG_EVENT, NULL, "new 2");
  ta_log_store_restore (store, cleared);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10);
  g_assert_cmpuint (ta_log_store_get_n_dropped (store), ==, 1);
  first = text_at (store, 0);
  last = text_at (store, 9);
  g_assert_cmpstr (first, ==, "old 1");
  g_assert_cmpstr (last, ==, "new 2");

  /* Freed without restoring: nothing leaks, the store is untouched. */
  cleared = ta_log_store_clear_for_undo (store);
  ta_log_cleared_free (cleared);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-store/coalescing", test_coalescing);
  g_test_add_func ("/log-store/clear-undo", test_clear_undo);
  g_test_add_func ("/log-store/cap-and-drop-count", test_cap_and_drop_count);
  g_test_add_func ("/log-store/memory-bound", test_memory_bound);
  g_test_add_func ("/log-store/display-modes", test_display_modes);
  g_test_add_func ("/log-store/record-file", test_record_file);
  g_test_add_func ("/log-store/pause-counts", test_pause_counts);
  g_test_add_func ("/log-store/record-disk-full", test_record_disk_full);
  g_test_add_func ("/log-store/record-small-tmpfs", test_record_small_tmpfs);

  return g_test_run ();
}
