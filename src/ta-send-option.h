/* ta-send-option.h: --send with --hex, --encoding and --checksum
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-client.h"
#include "ta-log-store.h"

G_BEGIN_DECLS

gboolean ta_send_option_build               (GVariantDict  *options,
                                             GBytes       **bytes,
                                             const char   **charset,
                                             GError       **error);
void     ta_send_option_send_when_connected (TaClient      *client,
                                             TaLogStore    *store,
                                             GBytes        *bytes,
                                             const char    *charset);

G_END_DECLS
