/* ta-tls-handshake.h: wrap a TCP connection in TLS, with the user's trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-trust-store.h"

G_BEGIN_DECLS

/* The quarter of a minute a peer gets to finish a handshake. */
#define TA_TLS_HANDSHAKE_TIMEOUT_MS 15000

typedef struct {
  /* Client side */
  const char      *host;           /* for SNI and the name check */
  guint16          port;
  const char      *fingerprint;    /* (nullable): the one certificate to accept */
  TaTrustStore    *trust;          /* (nullable): certificates the user trusted */
  /* Server side */
  GTlsCertificate *certificate;    /* the server's, with its key */
  /* Both */
  guint            timeout_ms;     /* 0: TA_TLS_HANDSHAKE_TIMEOUT_MS */
} TaTlsOptions;

void             ta_tls_handshake_async  (GIOStream            *base,
                                          gboolean              server_side,
                                          const TaTlsOptions   *options,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GTlsConnection  *ta_tls_handshake_finish (GAsyncResult         *result,
                                          GError              **error);
GTlsCertificate *ta_tls_handshake_get_rejected (GAsyncResult         *result,
                                                GTlsCertificateFlags *flags);

G_END_DECLS
