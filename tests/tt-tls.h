/* tt-tls.h: certificates made at test time, and TLS peers nobody here wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tt-util.h"

G_BEGIN_DECLS

char     *tt_tls_run                  (const char * const *argv);
void      tt_tls_make_cert            (const char  *dir,
                                       const char  *stem,
                                       const char  *names,
                                       int          from_days,
                                       int          to_days,
                                       char       **cert,
                                       char       **key);
char     *tt_tls_openssl_fingerprint  (const char  *cert);
TtChild  *tt_tls_python_server        (const char  *cert,
                                       const char  *key,
                                       guint16     *port);
guint16   tt_tls_free_port            (void);

G_END_DECLS
