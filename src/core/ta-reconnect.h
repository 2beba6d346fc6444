/* ta-reconnect.h: when to try connecting again (back-off), GTK-free
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TA_TYPE_RECONNECT (ta_reconnect_get_type ())
G_DECLARE_FINAL_TYPE (TaReconnect, ta_reconnect, TA, RECONNECT, GObject)

TaReconnect *ta_reconnect_new                   (void);
gboolean     ta_reconnect_schedule              (TaReconnect *self);
void         ta_reconnect_stop                  (TaReconnect *self);
void         ta_reconnect_reset                 (TaReconnect *self);
gboolean     ta_reconnect_get_waiting           (TaReconnect *self);
guint        ta_reconnect_get_attempt           (TaReconnect *self);
guint        ta_reconnect_get_remaining_seconds (TaReconnect *self);
guint        ta_reconnect_get_max_attempts      (TaReconnect *self);
void         ta_reconnect_set_max_attempts      (TaReconnect *self,
                                                 guint        max_attempts);
guint        ta_reconnect_get_unit_ms           (TaReconnect *self);
void         ta_reconnect_set_unit_ms           (TaReconnect *self,
                                                 guint        unit_ms);
guint        ta_reconnect_delay_for_attempt     (guint        attempt);

G_END_DECLS
