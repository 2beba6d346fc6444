/* ta-address.h: checking what the user typed as host and port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  ta_parse_port      (const char  *text,
                              guint16     *port,
                              GError     **error);
gboolean  ta_parse_host      (const char  *text,
                              char       **host,
                              guint16     *port,
                              GError     **error);
char     *ta_describe_connect_error (const GError *error,
                                     const char   *host,
                                     guint16       port,
                                     guint         timeout_s);
char     *ta_format_host_port (const char *host,
                               guint16     port);

G_END_DECLS
