/* ta-preferences-window.h: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TA_TYPE_PREFERENCES_WINDOW (ta_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TaPreferencesWindow, ta_preferences_window, TA, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *ta_preferences_window_new (GtkWindow *parent);

G_END_DECLS
