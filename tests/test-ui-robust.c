/* test-ui-robust.c: what the window does when things go wrong (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording to a full disk stops with a sentence in the log and a toast
 * that offers to record again.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "ta-window.h"
#include "tt-ui.h"
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-robust/record-disk-full", test_record_disk_full);

  return g_test_run ();
}
