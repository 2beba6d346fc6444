/* ta-tls.h: certificates for people — fingerprints, descriptions, the
 * reasons a certificate or a handshake failed, and the server's own
 * certificate (loaded from the user's files or generated for this machine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Length of "AB:CD:…" for a SHA-256 fingerprint, without the NUL. */
#define TA_TLS_FINGERPRINT_LEN (32 * 3 - 1)

gboolean         ta_tls_is_available                 (GError              **error);

char            *ta_tls_certificate_get_fingerprint  (GTlsCertificate      *certificate);
char            *ta_tls_fingerprint_parse            (const char           *text,
                                                      GError              **error);
char            *ta_tls_certificate_describe         (GTlsCertificate      *certificate);
char            *ta_tls_certificate_describe_one     (GTlsCertificate      *certificate);
char            *ta_tls_explain_flags                (GTlsCertificateFlags  flags,
                                                      const char           *host);
char            *ta_tls_explain_handshake_error      (const GError         *error,
                                                      gboolean              server_side);
char            *ta_tls_connection_describe          (GTlsConnection       *connection);

GTlsCertificate *ta_tls_certificate_load             (const char           *cert_path,
                                                      const char           *key_path,
                                                      const char           *password,
                                                      GError              **error);
char           **ta_tls_local_names                  (void);
gboolean         ta_tls_generate_self_signed         (const char           *cert_path,
                                                      const char           *key_path,
                                                      const char * const   *names,
                                                      GError              **error);
char            *ta_tls_default_directory            (void);
GTlsCertificate *ta_tls_get_generated_certificate    (const char           *directory,
                                                      GError              **error);

G_END_DECLS
