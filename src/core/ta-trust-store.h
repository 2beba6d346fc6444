/* ta-trust-store.h: certificates the user chose to trust, per host:port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  TA_TRUST_UNKNOWN,   /* nothing recorded for this host:port */
  TA_TRUST_MATCH,     /* the fingerprint the user trusted */
  TA_TRUST_CHANGED,   /* another fingerprint was trusted here: the certificate changed */
} TaTrustResult;

#define TA_TYPE_TRUST_STORE (ta_trust_store_get_type ())

G_DECLARE_FINAL_TYPE (TaTrustStore, ta_trust_store, TA, TRUST_STORE, GObject)

TaTrustStore  *ta_trust_store_new        (const char    *path);
TaTrustStore  *ta_trust_store_get_default (void);
const char    *ta_trust_store_get_path   (TaTrustStore  *self);
TaTrustResult  ta_trust_store_check      (TaTrustStore  *self,
                                          const char    *host,
                                          guint16        port,
                                          const char    *fingerprint);
gboolean       ta_trust_store_add        (TaTrustStore  *self,
                                          const char    *host,
                                          guint16        port,
                                          const char    *fingerprint,
                                          gboolean       always,
                                          GError       **error);
gboolean       ta_trust_store_remove     (TaTrustStore  *self,
                                          const char    *key,
                                          GError       **error);
char         **ta_trust_store_list       (TaTrustStore  *self);
char          *ta_trust_store_get_fingerprint (TaTrustStore *self,
                                               const char   *key);

G_END_DECLS
