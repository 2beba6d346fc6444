/* ta-client-page.h: the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-client.h"
#include "ta-log-store.h"
#include "ta-log-view.h"

G_BEGIN_DECLS

#define TA_TYPE_CLIENT_PAGE (ta_client_page_get_type ())

G_DECLARE_FINAL_TYPE (TaClientPage, ta_client_page, TA, CLIENT_PAGE, GtkWidget)

TaClient   *ta_client_page_get_client    (TaClientPage *self);
TaLogStore *ta_client_page_get_log_store (TaClientPage *self);
void        ta_client_page_connect       (TaClientPage *self,
                                          const char   *host,
                                          guint16       port,
                                          const char   *send_when_connected);
gboolean    ta_client_page_send_text     (TaClientPage *self,
                                          const char   *text);
void        ta_client_page_set_tls       (TaClientPage *self,
                                          gboolean      enabled,
                                          const char   *fingerprint);

G_END_DECLS
