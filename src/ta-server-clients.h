/* ta-server-clients.h: the Server page's list of clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-connection.h"
#include "ta-server.h"

G_BEGIN_DECLS

/* The item of the first row, "All clients". */
#define TA_TYPE_ALL_CLIENTS (ta_all_clients_get_type ())
G_DECLARE_FINAL_TYPE (TaAllClients, ta_all_clients, TA, ALL_CLIENTS, GObject)

#define TA_TYPE_SERVER_CLIENTS (ta_server_clients_get_type ())
G_DECLARE_FINAL_TYPE (TaServerClients, ta_server_clients, TA, SERVER_CLIENTS, GObject)

TaServerClients    *ta_server_clients_new             (TaServer        *server,
                                                       GtkListView     *view);
GtkSingleSelection *ta_server_clients_get_selection   (TaServerClients *self);
void                ta_server_clients_select          (TaServerClients *self,
                                                       TaConnection    *conn);
void                ta_server_clients_refresh         (TaServerClients *self);
void                ta_server_clients_refresh_all_row (TaServerClients *self);
char               *ta_server_clients_dup_row_text    (TaServerClients *self,
                                                       TaConnection    *conn);

G_END_DECLS
