/* ta-server-page-private.h: what the tests reach inside the Server page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-composer.h"
#include "ta-rate-label.h"
#include "ta-server-page.h"

G_BEGIN_DECLS

TaLogView   *_ta_server_page_get_log_view        (TaServerPage *self);
TaRateLabel *_ta_server_page_get_rate_label      (TaServerPage *self);
TaComposer  *_ta_server_page_get_composer        (TaServerPage *self);
GtkEditable *_ta_server_page_get_port_entry      (TaServerPage *self);
GtkLabel    *_ta_server_page_get_port_error      (TaServerPage *self);
GtkListView *_ta_server_page_get_clients_view    (TaServerPage *self);
GtkLabel    *_ta_server_page_get_target_label    (TaServerPage *self);
GtkEntry    *_ta_server_page_get_reply_entry     (TaServerPage *self);
GtkDropDown *_ta_server_page_get_reply_mode_dropdown   (TaServerPage *self);
GtkDropDown *_ta_server_page_get_reply_ending_dropdown (TaServerPage *self);
GtkWindow   *_ta_server_page_get_rules_editor        (TaServerPage *self);
GtkDropDown *_ta_server_page_get_scope_dropdown        (TaServerPage *self);
GtkDropDown *_ta_server_page_get_charset_dropdown      (TaServerPage *self);
char        *_ta_server_page_dup_client_row_text (TaServerPage *self,
                                                  TaConnection *conn);
void         _ta_server_page_select_client       (TaServerPage *self,
                                                  TaConnection *conn);

G_END_DECLS
