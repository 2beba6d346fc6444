/* ta-saved-connections.h: named connections ("Lab PLC — 10.0.0.7:502,
 * GBK, CRC-16/Modbus") that set the target and the composer in one pick
 *
 * TaSavedConnection is one (name, host, port, TLS, and what the composer
 * sends with: text/hex, encoding, line ending, checksum);
 * TaSavedConnections the GListModel of them, in the user's order, kept in
 * a GKeyFile:
 *
 *   path = ta_saved_connections_get_default_path ();
 *   if (!ta_saved_connections_open (list, path, &error))   // never loses a file
 *     toast (error->message);
 *   g_signal_connect (list, "changed", save_soon, …);     // ta_saved_connections_save ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-checksum.h"
#include "ta-message.h"

G_BEGIN_DECLS

#define TA_SAVED_CONNECTIONS_VERSION 1
#define TA_SAVED_CONNECTIONS_MAX_COUNT 500
#define TA_SAVED_CONNECTIONS_MAX_FILE_SIZE (256 * 1024)
#define TA_SAVED_CONNECTIONS_MAX_NAME 200

#define TA_TYPE_SAVED_CONNECTION (ta_saved_connection_get_type ())
G_DECLARE_FINAL_TYPE (TaSavedConnection, ta_saved_connection, TA, SAVED_CONNECTION, GObject)

#define TA_TYPE_SAVED_CONNECTIONS (ta_saved_connections_get_type ())
G_DECLARE_FINAL_TYPE (TaSavedConnections, ta_saved_connections, TA, SAVED_CONNECTIONS, GObject)

TaSavedConnection  *ta_saved_connection_new           (const char         *name,
                                                       const char         *host,
                                                       guint16             port,
                                                       gboolean            tls,
                                                       TaMessageMode       mode,
                                                       const char         *charset,
                                                       TaLineEnding        ending,
                                                       TaChecksum          checksum);
const char         *ta_saved_connection_get_name      (TaSavedConnection  *self);
const char         *ta_saved_connection_get_host      (TaSavedConnection  *self);
guint16             ta_saved_connection_get_port      (TaSavedConnection  *self);
gboolean            ta_saved_connection_get_tls       (TaSavedConnection  *self);
TaMessageMode       ta_saved_connection_get_mode      (TaSavedConnection  *self);
const char         *ta_saved_connection_get_charset   (TaSavedConnection  *self);
TaLineEnding        ta_saved_connection_get_line_ending (TaSavedConnection *self);
TaChecksum          ta_saved_connection_get_checksum  (TaSavedConnection  *self);
char               *ta_saved_connection_dup_summary   (TaSavedConnection  *self);

TaSavedConnections *ta_saved_connections_new          (void);
TaSavedConnection  *ta_saved_connections_get          (TaSavedConnections *self,
                                                       guint               position);
gint                ta_saved_connections_find         (TaSavedConnections *self,
                                                       const char         *name);
guint               ta_saved_connections_put          (TaSavedConnections *self,
                                                       TaSavedConnection  *connection);
void                ta_saved_connections_insert       (TaSavedConnections *self,
                                                       guint               position,
                                                       TaSavedConnection  *connection);
TaSavedConnection  *ta_saved_connections_remove       (TaSavedConnections *self,
                                                       guint               position);
gboolean            ta_saved_connections_rename       (TaSavedConnections *self,
                                                       guint               position,
                                                       const char         *name,
                                                       GError            **error);
gboolean            ta_saved_connections_check_name   (TaSavedConnections *self,
                                                       const char         *name,
                                                       gint                except,
                                                       GError            **error);
char               *ta_saved_connections_get_default_path (void);
gboolean            ta_saved_connections_open         (TaSavedConnections *self,
                                                       const char         *path,
                                                       GError            **error);
gboolean            ta_saved_connections_save         (TaSavedConnections *self,
                                                       const char         *path,
                                                       GError            **error);

G_END_DECLS
