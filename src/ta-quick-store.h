/* ta-quick-store.h: the one list of quick messages both pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-quick-messages.h"

G_BEGIN_DECLS

TaQuickMessages *ta_quick_store_get           (void);
const char      *ta_quick_store_get_error     (void);
char            *ta_quick_store_take_startup_error (void);

G_END_DECLS
