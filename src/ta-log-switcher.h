/* ta-log-switcher.h: a page's log area: the log or the conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-conversation-view.h"
#include "ta-log-view.h"

G_BEGIN_DECLS

#define TA_TYPE_LOG_SWITCHER (ta_log_switcher_get_type ())

G_DECLARE_FINAL_TYPE (TaLogSwitcher, ta_log_switcher, TA, LOG_SWITCHER, GtkWidget)

TaLogView          *ta_log_switcher_get_log_view          (TaLogSwitcher *self);
TaConversationView *ta_log_switcher_get_conversation_view (TaLogSwitcher *self);
void                ta_log_switcher_set_store             (TaLogSwitcher *self,
                                                           TaLogStore    *store);
void                ta_log_switcher_set_conn_id           (TaLogSwitcher *self,
                                                           guint          conn_id);
void                ta_log_switcher_show                  (TaLogSwitcher *self,
                                                           const char    *name);
const char         *ta_log_switcher_get_visible           (TaLogSwitcher *self);
void                ta_log_switcher_set_narrow            (TaLogSwitcher *self,
                                                           gboolean       narrow);

#define TA_LOG_SWITCHER_REPORT_STEPS 500

TaLogSwitcher      *ta_log_switcher_find                  (GtkWidget     *ancestor);
char               *ta_log_switcher_dup_conversation_text (TaLogSwitcher *self);

G_END_DECLS
