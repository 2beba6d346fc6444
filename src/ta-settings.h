/* ta-settings.h: the application's one GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *ta_settings_get (void);

G_END_DECLS
