/* ta-recent-popover.h: the recent servers under the Client page's host
 * field, offered as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-client.h"
#include "ta-recent-targets.h"

G_BEGIN_DECLS

#define TA_TYPE_RECENT_POPOVER (ta_recent_popover_get_type ())

G_DECLARE_FINAL_TYPE (TaRecentPopover, ta_recent_popover, TA, RECENT_POPOVER, GObject)

TaRecentTargets *ta_recent_store_get       (void);
const char      *ta_recent_store_get_error (void);

TaRecentPopover *ta_recent_popover_attach  (GtkEntry        *host_entry,
                                            GtkEntry        *port_entry,
                                            TaClient        *client);
TaRecentPopover *ta_recent_popover_get     (GtkEntry        *host_entry);

/* For tests */
void             _ta_recent_store_reload   (void);
gboolean         _ta_recent_popover_key    (TaRecentPopover *self,
                                            guint            keyval,
                                            GdkModifierType  state);
GListModel      *_ta_recent_popover_get_offered (TaRecentPopover *self);
gboolean         _ta_recent_popover_is_open (TaRecentPopover *self);
guint            _ta_recent_popover_get_selected (TaRecentPopover *self);
void             _ta_recent_popover_forget (TaRecentPopover *self,
                                            guint            position);
GtkLabel        *_ta_recent_popover_get_error_label (TaRecentPopover *self);
GtkWidget       *_ta_recent_popover_get_popover (TaRecentPopover *self);

G_END_DECLS
