/* ta-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-client-page.h"
#include "ta-server-page.h"

G_BEGIN_DECLS

#define TA_TYPE_WINDOW (ta_window_get_type ())

G_DECLARE_FINAL_TYPE (TaWindow, ta_window, TA, WINDOW, AdwApplicationWindow)

TaWindow     *ta_window_new             (GtkApplication *application);
TaServerPage *ta_window_get_server_page (TaWindow       *self);
TaClientPage *ta_window_get_client_page (TaWindow       *self);
void          ta_window_show_page       (TaWindow       *self,
                                         const char     *name);
void          ta_window_add_toast       (TaWindow       *self,
                                         const char     *message);

G_END_DECLS
