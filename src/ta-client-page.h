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

/* For tests */
TaLogView   *_ta_client_page_get_log_view     (TaClientPage *self);
GtkEditable *_ta_client_page_get_host_entry   (TaClientPage *self);
GtkEditable *_ta_client_page_get_port_entry   (TaClientPage *self);
GtkTextView *_ta_client_page_get_message_view (TaClientPage *self);
GtkLabel    *_ta_client_page_get_send_error   (TaClientPage *self);
GtkLabel    *_ta_client_page_get_status_label (TaClientPage *self);
GtkLabel    *_ta_client_page_get_counters_label (TaClientPage *self);
GtkCheckButton *_ta_client_page_get_repeat_check (TaClientPage *self);
GtkSpinButton  *_ta_client_page_get_repeat_spin  (TaClientPage *self);
GtkLabel    *_ta_client_page_get_repeat_count_label (TaClientPage *self);
GtkListBox  *_ta_client_page_get_history_list (TaClientPage *self);
GtkProgressBar *_ta_client_page_get_file_progress (TaClientPage *self);
GtkDropDown *_ta_client_page_get_mode_dropdown (TaClientPage *self);
GtkDropDown *_ta_client_page_get_charset_dropdown (TaClientPage *self);
GtkDropDown *_ta_client_page_get_ending_dropdown (TaClientPage *self);
GtkWidget   *_ta_client_page_get_connect_button (TaClientPage *self);
GtkWidget   *_ta_client_page_get_reconnect_button (TaClientPage *self);
gboolean     _ta_client_page_is_sending_file  (TaClientPage *self);
void         _ta_client_page_set_reconnect_delay (TaClientPage *self,
                                                  guint         ms);
void         _ta_client_page_send_file        (TaClientPage *self,
                                               GFile        *file);

G_END_DECLS
