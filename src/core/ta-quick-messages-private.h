/* ta-quick-messages-private.h: shared by the list and its file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-quick-messages.h"

G_BEGIN_DECLS

gboolean _ta_quick_messages_take (TaQuickMessages  *self,
                                  GPtrArray        *parsed,
                                  gboolean          append,
                                  GError          **error);

G_END_DECLS
