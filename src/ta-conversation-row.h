/* ta-conversation-row.h: one drawn step of the conversation view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-conversation.h"

G_BEGIN_DECLS

#define TA_TYPE_CONVERSATION_ROW (ta_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (TaConversationRow, ta_conversation_row, TA, CONVERSATION_ROW, GtkWidget)

GtkWidget          *ta_conversation_row_new      (TaLogRole           role);
void                ta_conversation_row_set_step (TaConversationRow  *self,
                                                  TaConversationStep *step);
TaConversationStep *ta_conversation_row_get_step (TaConversationRow  *self);
const char         *ta_conversation_row_get_label (TaConversationRow *self);

G_END_DECLS
