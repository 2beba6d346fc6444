/* ta-window-report.h: the report of what the window shows, and saving it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-report.h"
#include "ta-window.h"

G_BEGIN_DECLS

TaReport *ta_window_report_build       (TaWindow            *window);
void      ta_window_report_save_async  (TaWindow            *window,
                                        GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  ta_window_report_save_finish (GAsyncResult        *result,
                                        GError             **error);
void      ta_window_report_choose_and_save (TaWindow        *window);

G_END_DECLS
