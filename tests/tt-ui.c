/* tt-ui.c: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tt-ui.h"
#include "tt-util.h"
#include "ta-server-page-private.h"

TaWindow *
tt_ui_new_window (void)
{
  TaWindow *window = g_object_new (TA_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
tt_ui_destroy_window (TaWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
tt_ui_iterate_for (gint64 us)
{
  gint64 end = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}


gboolean
tt_ui_wait_for (TtUiCondition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + WAIT_US * tt_slowdown ();

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
tt_ui_log_has (TaLogView  *view,
         const char *body)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      if (g_strcmp0 (text, body) == 0)
        return TRUE;
    }
  return FALSE;
}

void
tt_ui_dump_log (const char *name,
          TaLogView  *view)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      g_test_message ("%s log %u: %s", name, i, text);
    }
}


/* Starts the Server page through its port entry and Start action, as a
 * user does, on a port nothing listens on. Other programs on the machine
 * (other test runs) may take that port between the look-up and the start,
 * so a few tries; a failed start shows inline and in a toast, not in the
 * log. Returns the port. */
guint16
tt_ui_start_server (TaServerPage *page)
{
  TaServer *server = ta_server_page_get_server (page);

  for (guint tries = 0; tries < 10; tries++)
    {
      guint16 port = ta_server_find_free_port ((guint16) g_random_int_range (20000, 60000));
      g_autofree char *text = g_strdup_printf ("%u", port);

      if (port == 0)
        continue;
      gtk_editable_set_text (_ta_server_page_get_port_entry (page), text);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
      if (ta_server_get_listening (server))
        {
          g_assert_cmpuint (ta_server_get_port (server), ==, port);
          return port;
        }
      g_test_message ("port %u was taken before the server started; another", port);
    }
  g_error ("the Server page did not start on a free port in 10 tries");
}

/**
 * tt_ui_shown_chooser:
 *
 * Returns: (transfer none) (nullable): GTK's own file chooser window
 * titled @title, when it is shown (no portal), or %NULL
 */
GtkFileChooser *
tt_ui_shown_chooser (const char *title)
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
