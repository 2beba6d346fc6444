/* ta-client-row.h: one row of the Server page's clients list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-connection.h"

G_BEGIN_DECLS

#define TA_TYPE_CLIENT_ROW (ta_client_row_get_type ())

G_DECLARE_FINAL_TYPE (TaClientRow, ta_client_row, TA, CLIENT_ROW, GtkWidget)

GtkWidget *ta_client_row_new             (void);
void       ta_client_row_show_all        (TaClientRow  *self,
                                          guint         n_clients);
void       ta_client_row_show_connection (TaClientRow  *self,
                                          TaConnection *conn);
char      *ta_client_row_dup_text        (TaClientRow  *self);

void         ta_client_row_reset_counters (TaConnection *conn);

G_END_DECLS
