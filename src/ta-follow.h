/* ta-follow.h: moving a list view to its end, at a bearable pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*TaFollowingFunc) (gpointer data);
typedef void     (*TaScrollToEndFunc) (gpointer data);

typedef struct {
  /*< private >*/
  GtkWidget         *list;
  GtkScrolledWindow *scrolled;
  TaFollowingFunc    following;
  TaScrollToEndFunc  scroll_to_end;
  gpointer           data;
  guint              tick_id;
  guint              delay_id;
  gint64             last_follow;
} TaFollow;

void ta_follow_init  (TaFollow          *follow,
                      GtkWidget         *list,
                      GtkScrolledWindow *scrolled,
                      TaFollowingFunc    following,
                      TaScrollToEndFunc  scroll_to_end,
                      gpointer           data);
void ta_follow_soon  (TaFollow          *follow);
void ta_follow_clear (TaFollow          *follow);

gboolean ta_follow_list_has_rows (GtkWidget *list);

G_END_DECLS
