/* tt-ui.c: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tt-ui.h"
#include "tt-util.h"

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

