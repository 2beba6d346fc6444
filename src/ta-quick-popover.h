/* ta-quick-popover.h: the list of quick messages, sent with one click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-quick-messages.h"

G_BEGIN_DECLS

#define TA_TYPE_QUICK_POPOVER (ta_quick_popover_get_type ())

G_DECLARE_FINAL_TYPE (TaQuickPopover, ta_quick_popover, TA, QUICK_POPOVER, GtkPopover)

void             ta_quick_popover_set_model (TaQuickPopover  *self,
                                             TaQuickMessages *model);
TaQuickMessages *ta_quick_popover_get_model (TaQuickPopover  *self);

/* For tests */
void _ta_quick_popover_delete   (TaQuickPopover *self,
                                 guint           position);
void _ta_quick_popover_undo     (TaQuickPopover *self);
void _ta_quick_popover_move     (TaQuickPopover *self,
                                 guint           from,
                                 guint           to);
void _ta_quick_popover_import   (TaQuickPopover *self,
                                 GFile          *file);
void _ta_quick_popover_export   (TaQuickPopover *self,
                                 GFile          *file);

G_END_DECLS
