/* ta-history-popover.h: the messages sent recently, to send again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TA_TYPE_HISTORY_POPOVER (ta_history_popover_get_type ())

G_DECLARE_FINAL_TYPE (TaHistoryPopover, ta_history_popover, TA, HISTORY_POPOVER, GtkPopover)

void ta_history_popover_set_settings (TaHistoryPopover *self,
                                      GSettings        *settings);
void ta_history_popover_remember     (TaHistoryPopover *self,
                                      const char       *text,
                                      gboolean          hex);

G_END_DECLS
