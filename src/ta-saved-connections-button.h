/* ta-saved-connections-button.h: named connections by the Client page's
 * host field ("Lab PLC — 10.0.0.7:502, GBK, CRC-16/Modbus")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-composer.h"
#include "ta-saved-connections.h"

G_BEGIN_DECLS

#define TA_TYPE_SAVED_CONNECTIONS_BUTTON (ta_saved_connections_button_get_type ())

G_DECLARE_FINAL_TYPE (TaSavedConnectionsButton, ta_saved_connections_button, TA, SAVED_CONNECTIONS_BUTTON, GtkWidget)

TaSavedConnections *ta_saved_store_get                 (void);

void                ta_saved_connections_button_setup  (TaSavedConnectionsButton *self,
                                                        GtkEditable              *host_entry,
                                                        GtkEditable              *port_entry,
                                                        GtkCheckButton           *tls_check,
                                                        TaComposer               *composer,
                                                        GSettings                *settings);

/* For tests: what the popover's buttons and rows do */
void                _ta_saved_store_reload             (void);
void                _ta_saved_connections_button_start_save   (TaSavedConnectionsButton *self);
void                _ta_saved_connections_button_start_rename (TaSavedConnectionsButton *self,
                                                               guint                     position);
GtkEditable        *_ta_saved_connections_button_get_name_entry (TaSavedConnectionsButton *self);
GtkLabel           *_ta_saved_connections_button_get_name_error (TaSavedConnectionsButton *self);
GtkLabel           *_ta_saved_connections_button_get_error (TaSavedConnectionsButton *self);
GtkListBox         *_ta_saved_connections_button_get_list (TaSavedConnectionsButton *self);
GtkPopover         *_ta_saved_connections_button_get_popover (TaSavedConnectionsButton *self);
void                _ta_saved_connections_button_delete (TaSavedConnectionsButton *self,
                                                         guint                     position);
void                _ta_saved_connections_button_undo  (TaSavedConnectionsButton *self);

G_END_DECLS
