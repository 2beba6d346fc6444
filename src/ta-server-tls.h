/* ta-server-tls.h: "Use TLS" on the Server page, and its certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TA_TYPE_SERVER_TLS (ta_server_tls_get_type ())

G_DECLARE_FINAL_TYPE (TaServerTls, ta_server_tls, TA, SERVER_TLS, GtkBox)

gboolean         ta_server_tls_get_active      (TaServerTls  *self);
void             ta_server_tls_set_locked      (TaServerTls  *self,
                                                gboolean      locked);
gboolean         ta_server_tls_get_locked      (TaServerTls  *self);
void             ta_server_tls_set_active      (TaServerTls  *self,
                                                gboolean      active);
void             ta_server_tls_set_files       (TaServerTls  *self,
                                                const char   *cert_path,
                                                const char   *key_path);
GTlsCertificate *ta_server_tls_get_certificate (TaServerTls  *self,
                                                GError      **error);

G_END_DECLS
