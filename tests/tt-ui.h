/* tt-ui.h: helpers shared by the UI tests (run under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-window.h"

G_BEGIN_DECLS

#define WAIT_US (5 * G_USEC_PER_SEC)

typedef gboolean (*TtUiCondition) (gpointer data);

TaWindow *tt_ui_new_window     (void);
void      tt_ui_destroy_window (TaWindow   *window);
void      tt_ui_iterate_for    (gint64      us);
gboolean  tt_ui_wait_for       (TtUiCondition cond,
                                gpointer    data);
gboolean  tt_ui_log_has        (TaLogView  *view,
                                const char *body);
void      tt_ui_dump_log       (const char *name,
                                TaLogView  *view);
guint16   tt_ui_start_server   (TaServerPage *page);
GtkFileChooser *tt_ui_shown_chooser (const char *title);

G_END_DECLS
