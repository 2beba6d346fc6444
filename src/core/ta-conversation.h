/* ta-conversation.h: one connection's life, step by step, from the log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-log-store.h"

G_BEGIN_DECLS

typedef enum {
  TA_STEP_CONNECTED,      /* who connected to whom */
  TA_STEP_MESSAGE,        /* data, one direction */
  TA_STEP_PEER_FINISHED,  /* the other side finished sending (half-close) */
  TA_STEP_WE_FINISHED,    /* this computer finished sending (half-close) */
  TA_STEP_CLOSED,         /* who closed, or reset */
  TA_STEP_GAP,            /* nothing happened for more than a second */
} TaStepKind;

/* Longer than this without a step is drawn as a gap. */
#define TA_CONVERSATION_GAP_US (G_USEC_PER_SEC)

#define TA_TYPE_CONVERSATION_STEP (ta_conversation_step_get_type ())

G_DECLARE_FINAL_TYPE (TaConversationStep, ta_conversation_step, TA, CONVERSATION_STEP, GObject)

TaStepKind   ta_conversation_step_get_kind     (TaConversationStep *self);
TaLogEntry  *ta_conversation_step_get_entry    (TaConversationStep *self);
gboolean     ta_conversation_step_is_outgoing  (TaConversationStep *self);
gint64       ta_conversation_step_get_time     (TaConversationStep *self);
gint64       ta_conversation_step_get_duration (TaConversationStep *self);
char        *ta_conversation_step_dup_preview  (TaConversationStep *self,
                                                guint               max_chars);
char        *ta_conversation_step_dup_title    (TaConversationStep *self,
                                                TaLogRole           role);
char        *ta_conversation_step_dup_detail   (TaConversationStep *self);
char        *ta_conversation_step_describe     (TaConversationStep *self,
                                                TaLogRole           role);

#define TA_TYPE_CONVERSATION (ta_conversation_get_type ())

G_DECLARE_FINAL_TYPE (TaConversation, ta_conversation, TA, CONVERSATION, GObject)

TaConversation *ta_conversation_new          (TaLogStore     *store);
TaLogStore     *ta_conversation_get_store    (TaConversation *self);
void            ta_conversation_set_conn_id  (TaConversation *self,
                                              guint           conn_id);
guint           ta_conversation_get_conn_id  (TaConversation *self);
const char     *ta_conversation_get_peer     (TaConversation *self);
const char     *ta_conversation_get_local    (TaConversation *self);
guint           ta_conversation_get_n_messages (TaConversation *self);
char           *ta_conversation_dup_text     (TaConversation *self,
                                              TaLogRole       role,
                                              guint           max_steps);
const char     *ta_conversation_peer_name    (TaLogRole       role);
const char     *ta_conversation_local_name   (TaLogRole       role);

G_END_DECLS
