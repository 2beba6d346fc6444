/* ta-local-side.h: the local address and port to connect from, chosen
 * from an icon in the client's host field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-client.h"

G_BEGIN_DECLS

#define TA_TYPE_LOCAL_SIDE (ta_local_side_get_type ())

G_DECLARE_FINAL_TYPE (TaLocalSide, ta_local_side, TA, LOCAL_SIDE, GObject)

TaLocalSide *ta_local_side_attach (GtkEntry    *entry,
                                   TaClient    *client);
TaLocalSide *ta_local_side_get    (GtkEntry    *entry);

/* For tests */
void         _ta_local_side_open            (TaLocalSide *self);
GtkDropDown *_ta_local_side_get_address_dropdown (TaLocalSide *self);
GtkEditable *_ta_local_side_get_port_entry  (TaLocalSide *self);
GtkLabel    *_ta_local_side_get_error_label (TaLocalSide *self);

G_END_DECLS
