/* ta-preferences-window-private.h: what the tests reach inside Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-preferences-window.h"

G_BEGIN_DECLS

GtkDropDown *_ta_preferences_window_get_encoding_dropdown (TaPreferencesWindow *self);

G_END_DECLS
