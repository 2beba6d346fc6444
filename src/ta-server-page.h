/* ta-server-page.h: the Server page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-log-store.h"
#include "ta-log-view.h"
#include "ta-server.h"

G_BEGIN_DECLS

#define TA_TYPE_SERVER_PAGE (ta_server_page_get_type ())

G_DECLARE_FINAL_TYPE (TaServerPage, ta_server_page, TA, SERVER_PAGE, GtkWidget)

TaServer   *ta_server_page_get_server    (TaServerPage *self);
TaLogStore *ta_server_page_get_log_store (TaServerPage *self);
gboolean    ta_server_page_start         (TaServerPage *self,
                                          guint16       port);
void        ta_server_page_stop          (TaServerPage *self);
void        ta_server_page_set_max_clients (TaServerPage *self,
                                            guint         max_clients);

void         ta_server_page_show_rules (TaServerPage *self);

/* The Use TLS row (for the command line): see ta-server-tls.h */
typedef struct _TaServerTls TaServerTls;
TaServerTls *ta_server_page_get_tls (TaServerPage *self);

G_END_DECLS
