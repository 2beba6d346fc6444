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

/* For tests */
TaLogView  *_ta_server_page_get_log_view      (TaServerPage *self);
GtkEditable *_ta_server_page_get_port_entry   (TaServerPage *self);
GtkLabel   *_ta_server_page_get_port_error    (TaServerPage *self);
GtkEditable *_ta_server_page_get_message_entry (TaServerPage *self);
GtkListView *_ta_server_page_get_clients_view (TaServerPage *self);
GtkLabel   *_ta_server_page_get_send_error    (TaServerPage *self);
GtkLabel   *_ta_server_page_get_target_label  (TaServerPage *self);
GtkEntry   *_ta_server_page_get_reply_entry   (TaServerPage *self);
GtkDropDown *_ta_server_page_get_reply_mode_dropdown   (TaServerPage *self);
GtkWindow   *_ta_server_page_get_rules_editor        (TaServerPage *self);
GtkDropDown *_ta_server_page_get_reply_ending_dropdown (TaServerPage *self);
GtkDropDown *_ta_server_page_get_scope_dropdown        (TaServerPage *self);
GtkDropDown *_ta_server_page_get_charset_dropdown      (TaServerPage *self);
char       *_ta_server_page_dup_client_row_text (TaServerPage *self,
                                                 TaConnection *conn);
void        _ta_server_page_select_client     (TaServerPage *self,
                                               TaConnection *conn);

void         ta_server_page_show_rules               (TaServerPage *self);

G_END_DECLS
