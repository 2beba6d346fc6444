/* ta-help-window.h: the in-app guide (F1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TA_TYPE_HELP_WINDOW (ta_help_window_get_type ())

G_DECLARE_FINAL_TYPE (TaHelpWindow, ta_help_window, TA, HELP_WINDOW, AdwWindow)

GtkWidget *ta_help_window_new (GtkWindow *parent);

G_END_DECLS
