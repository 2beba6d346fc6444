/* ta-file-bar.h: sends a file to one or more connections, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-connection.h"
#include "ta-log-store.h"

G_BEGIN_DECLS

#define TA_TYPE_FILE_BAR (ta_file_bar_get_type ())

G_DECLARE_FINAL_TYPE (TaFileBar, ta_file_bar, TA, FILE_BAR, GtkWidget)

void     ta_file_bar_set_log_store (TaFileBar  *self,
                                    TaLogStore *store);
void     ta_file_bar_start         (TaFileBar  *self,
                                    GPtrArray  *connections,
                                    GFile      *file);
gboolean ta_file_bar_is_busy       (TaFileBar  *self);
void     ta_file_bar_cancel        (TaFileBar  *self);
void     ta_file_bar_choose        (TaFileBar  *self);

G_END_DECLS
