/* ta-composer.h: the message composer of both pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-connection.h"
#include "ta-log-store.h"

G_BEGIN_DECLS

#define TA_TYPE_COMPOSER (ta_composer_get_type ())

G_DECLARE_FINAL_TYPE (TaComposer, ta_composer, TA, COMPOSER, GtkWidget)

/**
 * TaComposerTargetsFunc:
 * @why_not: (out): when there is nowhere to send, a sentence for the user
 *
 * Asked before each message and file: where it goes now.
 *
 * Returns: (transfer full) (element-type TaConnection) (nullable): the
 *   live connections, at least one, or %NULL with @why_not set
 */
typedef GPtrArray *(*TaComposerTargetsFunc) (gpointer   user_data,
                                             char     **why_not);

void        ta_composer_setup            (TaComposer            *self,
                                          GSettings             *settings,
                                          const char            *mode_key,
                                          const char            *ending_key,
                                          const char            *checksum_key,
                                          TaLogStore            *store);
void        ta_composer_set_targets_func (TaComposer            *self,
                                          TaComposerTargetsFunc  func,
                                          gpointer               user_data);
void        ta_composer_set_connected    (TaComposer            *self,
                                          gboolean               connected);
gboolean    ta_composer_send_text        (TaComposer            *self,
                                          const char            *text);
void        ta_composer_send_file        (TaComposer            *self,
                                          GFile                 *file);
gboolean    ta_composer_is_sending_file  (TaComposer            *self);
gboolean    ta_composer_is_repeating     (TaComposer            *self);
void        ta_composer_stop_repeat      (TaComposer            *self);
void        ta_composer_cancel_all       (TaComposer            *self);
void        ta_composer_show_error       (TaComposer            *self,
                                          const char            *message);
void        ta_composer_refresh_error    (TaComposer            *self);
const char *ta_composer_get_sending_text (TaComposer            *self);
void        ta_composer_set_message_label (TaComposer           *self,
                                          const char           *label);
const char *ta_composer_get_charset      (TaComposer            *self);

G_END_DECLS
