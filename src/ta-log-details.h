/* ta-log-details.h: the whole of one log entry, in its own window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-log-entry.h"

G_BEGIN_DECLS

typedef enum {
  TA_LOG_DETAILS_SHOW_ONLY,
  TA_LOG_DETAILS_SEND_TO,
  TA_LOG_DETAILS_DISCONNECT,
} TaLogDetailsAction;

typedef void (*TaLogDetailsActions) (TaLogEntry        *entry,
                                     TaLogDetailsAction action,
                                     gpointer           user_data);

GtkWindow *ta_log_details_new     (GtkWindow           *parent,
                                   TaLogEntry          *entry,
                                   gboolean             server,
                                   TaLogDetailsActions  actions,
                                   gpointer             user_data);
char      *_ta_log_details_get_hex_text (GtkWindow     *window);

G_END_DECLS
