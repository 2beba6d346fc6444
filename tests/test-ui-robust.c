/* test-ui-robust.c: what the window does when things go wrong (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording to a full disk stops with a sentence in the log and a toast
 * that offers to record again; Save Log through its dialog (text or raw),
 * asynchronously, and its failures.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "ta-window.h"
#include "tt-ui.h"
#include "ta-client-page-private.h"
#include "ta-server-page-private.h"
#include "tt-util.h"

/* The first widget under @root (depth first) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct {
  TaWindow  *window;
  TaLogView *view;
} Watch;

static gboolean
toast_shown (gpointer data)
{
  Watch *w = data;

  return find_widget (GTK_WIDGET (w->window), is_button_labelled, "_Record Again…") != NULL;
}

static gboolean
sentence_logged (gpointer data)
{
  Watch *w = data;
  GListModel *model = _ta_log_view_get_model (w->view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (w->view, i);

      if (g_str_has_prefix (text, "Recording stopped at ") && strstr (text, ": the disk is full."))
        return TRUE;
    }
  return FALSE;
}

static gboolean
record_dialog_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (w), "Record Log to File") == 0 && gtk_widget_get_visible (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

static void
test_record_disk_full (void)
{
  Watch w;
  TaServerPage *page;
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  g_autoptr(GError) error = NULL;
  GtkWidget *button, *label;

  w.window = tt_ui_new_window ();
  page = ta_window_get_server_page (w.window);
  w.view = _ta_server_page_get_log_view (page);

  g_assert_true (_ta_log_view_record_to_file (w.view, full, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_toggle_button_get_active (_ta_log_view_get_record_button (w.view)));

  /* "Waiting for clients…" is the first line written, and the flush fails. */
  g_assert_true (ta_server_page_start (page, 0));
  g_assert_true (tt_ui_wait_for (sentence_logged, &w));
  g_assert_true (tt_ui_wait_for (toast_shown, &w));
  label = find_widget (GTK_WIDGET (w.window), is_label_containing, "Recording stopped at ");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "the disk is full. Lines from then on are not in “full”."));
  g_assert_false (gtk_toggle_button_get_active (_ta_log_view_get_record_button (w.view)));

  /* The button offers to record again: the file chooser opens. */
  button = find_widget (GTK_WIDGET (w.window), is_button_labelled, "_Record Again…");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (tt_ui_wait_for (record_dialog_open, NULL));

  tt_ui_destroy_window (w.window);
}

typedef struct {
  TaLogView *view;
  GFile     *file;
} SaveWatch;

static gboolean
save_finished (gpointer data)
{
  SaveWatch *w = data;

  return !_ta_log_view_get_saving (w->view) && g_file_query_exists (w->file, NULL);
}

static gboolean
log_has_rows (gpointer data)
{
  SaveWatch *w = data;
  g_autofree char *all = NULL;
  GListModel *model = _ta_log_view_get_model (w->view);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (w->view, i);

      g_string_append_printf (s, "%s\n", text);
    }
  all = g_string_free (s, FALSE);
  return strstr (all, "Client request: AB") != NULL && strstr (all, "Replied: hello") != NULL;
}

static GtkFileChooser *
shown_chooser (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w) && g_strcmp0 (gtk_window_get_title (w), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_FILE_CHOOSER (w);
    }
  return NULL;
}

static gboolean
string_list_find (GListModel *model,
                  const char *text,
                  guint      *position)
{
  if (!GTK_IS_STRING_LIST (model))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_dropdown_with (GtkWidget *widget, gconstpointer label)
{
  guint position;

  return GTK_IS_DROP_DOWN (widget) &&
         string_list_find (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)), label, &position);
}

static gboolean
save_dialog_gone (gpointer data)
{
  return _ta_log_view_get_save_dialog (data) == NULL;
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserTarget;

static gboolean
chooser_has_target (gpointer data)
{
  ChooserTarget *t = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (t->chooser);

  return file != NULL && g_file_equal (file, t->file);
}

/* Drives the Save Log dialog as a user does: the "Format" choice is picked
 * by the label the user reads, the response is the dialog's. Swapping the
 * two choices (ids, labels or what each writes) fails here. */
static void
answer_save_dialog (TaLogView  *view,
                    GFile      *file,
                    const char *choice_label)
{
  GtkNativeDialog *dialog;
  GtkFileChooser *shown;
  ChooserTarget target;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  const char *id = _ta_log_view_save_choice_for_label (choice_label);

  g_assert_nonnull (id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.save", NULL));
  dialog = _ta_log_view_get_save_dialog (view);
  g_assert_nonnull (dialog);
  shown = shown_chooser ("Save Log");
  if (shown != NULL)
    {
      /* GTK's own dialog (no portal here): the user picks the label in
       * the "Format" drop-down, names the file and presses Save. */
      GtkWidget *dropdown = find_widget (GTK_WIDGET (shown), is_dropdown_with, choice_label);
      guint position;

      g_assert_nonnull (dropdown);
      g_assert_true (string_list_find (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)), choice_label, &position));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
      /* The dialog opens in the current directory, which the test made
       * @dir: only the name is typed. (Changing folders in GTK 4.8's
       * dialog from code is asynchronous and not what is tested here.) */
      gtk_file_chooser_set_current_name (shown, name);
      target.chooser = shown;
      target.file = file;
      g_assert_true (tt_ui_wait_for (chooser_has_target, &target));
      gtk_dialog_response (GTK_DIALOG (shown), GTK_RESPONSE_ACCEPT);
    }
  else
    {
      /* A portal: set what it would return, and answer for it. */
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), dir, &error));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "format", id);
      g_signal_emit_by_name (dialog, "response", GTK_RESPONSE_ACCEPT);
    }
  g_assert_true (tt_ui_wait_for (save_dialog_gone, view));
}

static void
save_through_dialog (TaLogView  *view,
                     GFile      *dir,
                     const char *name,
                     const char *choice_label,
                     char      **contents,
                     gsize      *length)
{
  g_autoptr(GError) error = NULL;
  SaveWatch w = { view, g_file_get_child (dir, name) };

  answer_save_dialog (view, w.file, choice_label);
  g_assert_true (tt_ui_wait_for (save_finished, &w));
  g_assert_true (g_file_load_contents (w.file, NULL, contents, length, NULL, &error));
  g_assert_no_error (error);
  g_file_delete (w.file, NULL, NULL);
  g_object_unref (w.file);
}

static void
test_save_dialog_choices (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaLogView *view = _ta_server_page_get_log_view (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_path = g_dir_make_tmp ("ta-save-XXXXXX", &error);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  static const char sent[] = "AB\x01\xff\r\n";
  g_autofree char *text = NULL, *raw = NULL;
  gsize text_len, raw_len;
  GSocket *s;
  SaveWatch w = { view, NULL };
  g_autofree char *cwd = g_get_current_dir ();

  g_assert_cmpint (g_chdir (dir_path), ==, 0);
  g_assert_true (ta_server_page_start (page, 0));
  s = tt_connect ("127.0.0.1", ta_server_get_port (ta_server_page_get_server (page)));
  tt_send (s, sent, sizeof sent - 1);
  g_assert_true (tt_ui_wait_for (log_has_rows, &w));

  save_through_dialog (view, dir, "raw.bin", "Received bytes only (raw)", &raw, &raw_len);
  g_assert_cmpmem (raw, raw_len, sent, sizeof sent - 1);

  save_through_dialog (view, dir, "log.txt", "Log as shown (text)", &text, &text_len);
  g_assert_nonnull (strstr (text, "Waiting for clients on port "));
  g_assert_nonnull (strstr (text, "Client request: AB\\x01\\xFF\\r\\n"));
  g_assert_nonnull (strstr (text, "Replied: hello"));

  g_object_unref (s);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_rmdir (dir_path);
  tt_ui_destroy_window (window);
}

typedef struct {
  TaLogView *view;
  gint64     last;
  gint64     worst;
} GapProbe;

static gboolean
gap_probe_cb (gpointer data)
{
  GapProbe *p = data;
  gint64 now = g_get_monotonic_time ();

  if (p->last != 0 && now - p->last > p->worst)
    p->worst = now - p->last;
  p->last = now;
  return G_SOURCE_CONTINUE;
}

typedef struct {
  TaLogView  *view;
  TaLogStore *store;
  guint       added;
  gboolean    shown_while_saving;
} Traffic;

/* A peer keeps talking while the file is written: this runs only if the
 * save lets the main loop run (a save on the main thread would not). */
static gboolean
traffic_cb (gpointer data)
{
  Traffic *t = data;

  if (_ta_log_view_get_saving (t->view))
    {
      ta_log_store_append_event (t->store, TA_LOG_EVENT, NULL, "while saving");
      /* Shown at once (the store would batch it for 30 ms, longer than
       * the whole save may take here). */
      ta_log_store_flush (t->store);
      t->added++;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Traffic    *t)
{
  if (added > 0 && _ta_log_view_get_saving (t->view))
    t->shown_while_saving = TRUE;
}

/* A long save runs in slices: the log keeps updating while it is written,
 * the file has exactly what was shown when it started, and the main loop
 * is never held for long. */
static void
test_save_async (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaLogView *view = _ta_server_page_get_log_view (page);
  TaLogStore *store = ta_log_view_get_store (view);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_path = g_dir_make_tmp ("ta-save-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir_path, "big.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  GListModel *model = _ta_log_view_get_model (view);
  const guint n = 50000;  /* half the default cap: nothing dropped meanwhile */
  guint n_before, lines = 0, traffic_id;
  gulong changed_id;
  Traffic traffic = { 0 };
  GapProbe probe = { view, 0, 0 };
  guint probe_id;
  gint64 t0;
  g_autofree char *cwd = g_get_current_dir ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *msg = g_strdup_printf ("line %u of a long log", i);

      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, msg);
    }
  ta_log_store_flush (store);
  n_before = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_before, ==, n);

  g_assert_cmpint (g_chdir (dir_path), ==, 0);
  probe_id = g_timeout_add (5, gap_probe_cb, &probe);
  t0 = g_get_monotonic_time ();
  traffic.view = view;
  traffic.store = store;
  traffic_id = g_timeout_add (1, traffic_cb, &traffic);
  changed_id = g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &traffic);
  answer_save_dialog (view, file, "Log as shown (text)");
  while (_ta_log_view_get_saving (view))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC * tt_slowdown ());
    }
  g_source_remove (traffic_id);
  g_signal_handler_disconnect (store, changed_id);
  g_source_remove (probe_id);
  g_test_message ("Save dialog answered and 50,000 entries saved in %.0f ms; worst main-loop gap meanwhile %.1f ms",
                  (g_get_monotonic_time () - t0) / 1000.0, probe.worst / 1000.0);
  g_test_message ("%u messages arrived while saving", traffic.added);
  /* Traffic meanwhile reached the log before the save ended. */
  g_assert_cmpuint (traffic.added, >, 0);
  g_assert_true (traffic.shown_while_saving);
  g_assert_cmpint (probe.worst, <, 250 * 1000 * tt_slowdown ());

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  for (const char *p = contents; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  /* Plus one "-- 2026-11-28 --" date line (issue 13), or two if the
   * entries were made across midnight. */
  g_assert_cmpuint (lines, >=, n + 1);
  g_assert_cmpuint (lines, <=, n + 2);
  g_assert_true (g_str_has_prefix (contents, "-- "));
  g_assert_nonnull (strstr (contents, "line 49999 of a long log\n"));
  g_assert_null (strstr (contents, "while saving"));

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_unlink (path);
  g_rmdir (dir_path);
  tt_ui_destroy_window (window);
}

static gboolean
save_failed_toast (gpointer data)
{
  return find_widget (GTK_WIDGET (data), is_label_containing, "Could not save the log to ") != NULL;
}

/* A save that cannot be written is a sentence in the window. */
static void
test_save_fails (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaLogView *view = _ta_server_page_get_log_view (ta_window_get_server_page (window));
  g_autoptr(GFile) bad = g_file_new_for_path ("/proc/ta-no-such-dir/log.txt");
  g_autoptr(GError) error = NULL;

  g_assert_false (_ta_log_view_save_to_file (view, bad, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the log to “/proc/ta-no-such-dir/log.txt”: "));
  g_assert_true (tt_ui_wait_for (save_failed_toast, window));
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-robust/record-disk-full", test_record_disk_full);
  g_test_add_func ("/ui-robust/save-dialog-choices", test_save_dialog_choices);
  g_test_add_func ("/ui-robust/save-async", test_save_async);
  g_test_add_func ("/ui-robust/save-fails", test_save_fails);

  return g_test_run ();
}
