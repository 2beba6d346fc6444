/* ta-conversation-view.h: one connection drawn as a sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-conversation.h"
#include "ta-conversation-draw.h"

G_BEGIN_DECLS

#define TA_TYPE_CONVERSATION_VIEW (ta_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (TaConversationView, ta_conversation_view, TA, CONVERSATION_VIEW, GtkWidget)

void            ta_conversation_view_set_store       (TaConversationView *self,
                                                      TaLogStore         *store);
void            ta_conversation_view_set_conn_id     (TaConversationView *self,
                                                      guint               conn_id);
TaConversation *ta_conversation_view_get_conversation (TaConversationView *self);
void            ta_conversation_view_set_placeholder (TaConversationView *self,
                                                      const char         *text);
gboolean        ta_conversation_view_export          (TaConversationView *self,
                                                      GFile              *file,
                                                      GError            **error);

/* For tests */
GtkListView    *_ta_conversation_view_get_list_view  (TaConversationView *self);
GtkButton      *_ta_conversation_view_get_export_button (TaConversationView *self);
GtkLabel       *_ta_conversation_view_get_paused_label (TaConversationView *self);
GtkNativeDialog *_ta_conversation_view_get_export_dialog (TaConversationView *self);

G_END_DECLS
