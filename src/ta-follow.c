/* ta-follow.c: moving a list view to its end, at a bearable pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the log and the conversation view: each decides whether it
 * follows the end (the user scrolling up stops it, a change of layout
 * does not: their rules differ a little), this moves it there.
 *
 * Following the end is done from a tick callback, at the start of a
 * frame, never from the adjustment's signals: those are emitted during
 * the list's size allocation, and a value set there is not laid out by
 * GtkListView 4.8 (its rows stay where they were; the newest row was
 * hidden below the view while the adjustment said "at the end").
 *
 * One tick at a time, only when the view is not at the end, and at most
 * about 5 times a second: moving to the end rebinds every row the list
 * keeps around its anchor (about 100 ms for 200 rows under Xvfb with the
 * cairo renderer), which during a flood would take all the main loop's
 * time from the socket reads waiting below redraw priority.
 */
#include "config.h"

#include "ta-follow.h"

#define FOLLOW_MIN_INTERVAL_US (200 * 1000)

/**
 * ta_follow_list_has_rows:
 *
 * Whether @list (a GtkListView) shows any row. GTK 4.8 warns "failed to
 * scroll to given position" when the adjustment moves over a list whose
 * model was just emptied (later GTK ignores that case): callers leave the
 * adjustment alone then.
 */
gboolean
ta_follow_list_has_rows (GtkWidget *list)
{
  GListModel *model;

  if (!GTK_IS_LIST_VIEW (list))
    return TRUE;
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static void
move_to_end (TaFollow *follow)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (follow->scrolled);

  if (!ta_follow_list_has_rows (follow->list))
    return;
  if (follow->scroll_to_end != NULL)
    follow->scroll_to_end (follow->data);
  else
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  TaFollow *follow = user_data;

  follow->tick_id = 0;
  if (follow->following (follow->data))
    {
      follow->last_follow = g_get_monotonic_time ();
      move_to_end (follow);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
delay_cb (gpointer user_data)
{
  TaFollow *follow = user_data;

  follow->delay_id = 0;
  if (follow->following (follow->data) && follow->tick_id == 0)
    follow->tick_id = gtk_widget_add_tick_callback (follow->list, tick_cb, follow, NULL);
  return G_SOURCE_REMOVE;
}

/**
 * ta_follow_init:
 * @following: whether the view follows the end now
 * @scroll_to_end: (nullable): how to get there; %NULL: the adjustment to
 *   its end
 */
void
ta_follow_init (TaFollow          *follow,
                GtkWidget         *list,
                GtkScrolledWindow *scrolled,
                TaFollowingFunc    following,
                TaScrollToEndFunc  scroll_to_end,
                gpointer           data)
{
  *follow = (TaFollow) { list, scrolled, following, scroll_to_end, data, 0, 0, 0 };
}

/**
 * ta_follow_soon:
 *
 * Moves the view to its end at the next allowed frame, if it follows and
 * is not there.
 */
void
ta_follow_soon (TaFollow *follow)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (follow->scrolled);
  gint64 since;

  if (follow->tick_id != 0 || follow->delay_id != 0 || !follow->following (follow->data))
    return;
  if (gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 0.5)
    return;
  since = g_get_monotonic_time () - follow->last_follow;
  if (since < FOLLOW_MIN_INTERVAL_US)
    follow->delay_id = g_timeout_add ((FOLLOW_MIN_INTERVAL_US - since) / 1000 + 1, delay_cb, follow);
  else
    follow->tick_id = gtk_widget_add_tick_callback (follow->list, tick_cb, follow, NULL);
}

/**
 * ta_follow_clear:
 *
 * Stops what is pending (at dispose).
 */
void
ta_follow_clear (TaFollow *follow)
{
  if (follow->tick_id != 0 && follow->list != NULL)
    gtk_widget_remove_tick_callback (follow->list, follow->tick_id);
  follow->tick_id = 0;
  g_clear_handle_id (&follow->delay_id, g_source_remove);
}
