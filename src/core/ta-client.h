/* ta-client.h: the TCP client of the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-connection.h"
#include "ta-trust-store.h"

G_BEGIN_DECLS

typedef enum {
  TA_CLIENT_DISCONNECTED,
  TA_CLIENT_CONNECTING,
  TA_CLIENT_CONNECTED,
} TaClientState;

#define TA_CLIENT_DEFAULT_TIMEOUT 10

#define TA_TYPE_CLIENT (ta_client_get_type ())

G_DECLARE_FINAL_TYPE (TaClient, ta_client, TA, CLIENT, GObject)

TaClient      *ta_client_new             (void);
void           ta_client_connect         (TaClient    *self,
                                          const char  *host,
                                          guint16      port,
                                          guint        timeout_s);
void           ta_client_cancel          (TaClient    *self);
void           ta_client_disconnect      (TaClient    *self);
gboolean       ta_client_send            (TaClient    *self,
                                          GBytes      *bytes,
                                          GError     **error);
void           ta_client_close_when_sent (TaClient    *self);
TaClientState  ta_client_get_state       (TaClient    *self);
TaConnection  *ta_client_get_connection  (TaClient    *self);
const char    *ta_client_get_target      (TaClient    *self);
gboolean       ta_client_set_local       (TaClient    *self,
                                          const char  *address,
                                          guint16      port,
                                          GError     **error);
void           ta_client_set_framing     (TaClient    *self,
                                          const TaFrameSpec *spec);
const TaFrameSpec *ta_client_get_framing (TaClient    *self);
void           ta_client_set_tls         (TaClient     *self,
                                          gboolean      enabled,
                                          const char   *fingerprint,
                                          TaTrustStore *trust);
gboolean       ta_client_get_tls         (TaClient    *self);
GTlsCertificate *ta_client_get_rejected_certificate (TaClient             *self,
                                                     GTlsCertificateFlags *flags);

G_END_DECLS
