/* ta-client-page-private.h: what the tests reach inside the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-client-page.h"
#include "ta-rate-label.h"
#include "ta-composer.h"
#include "ta-saved-connections-button.h"

G_BEGIN_DECLS

TaLogView   *_ta_client_page_get_log_view        (TaClientPage *self);
GtkCheckButton *_ta_client_page_get_tls_check    (TaClientPage *self);
TaSavedConnectionsButton *_ta_client_page_get_saved_button (TaClientPage *self);
GtkWidget   *_ta_client_page_get_certificate_dialog (TaClientPage *self);
TaComposer  *_ta_client_page_get_composer        (TaClientPage *self);
GtkEditable *_ta_client_page_get_host_entry      (TaClientPage *self);
GtkEditable *_ta_client_page_get_port_entry      (TaClientPage *self);
GtkLabel    *_ta_client_page_get_status_label    (TaClientPage *self);
GtkLabel    *_ta_client_page_get_counters_label  (TaClientPage *self);
TaRateLabel *_ta_client_page_get_rate_label      (TaClientPage *self);
GtkWidget   *_ta_client_page_get_connect_button  (TaClientPage *self);
const char  *_ta_client_page_get_connect_label   (TaClientPage *self);
void         _ta_client_page_set_reconnect_unit  (TaClientPage *self,
                                                  guint         ms);

G_END_DECLS
