/* ta-log-saver.h: writes log entries to a file without blocking the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-log-entry.h"

G_BEGIN_DECLS

/**
 * TaLogSaverDone:
 * @widget: the widget given to ta_log_saver_start()
 * @file: the file written
 * @error: (nullable): why the file could not be written (the old file,
 *   if any, is left as it was)
 * @n_cut: raw saves: how many messages were longer than an entry keeps
 */
typedef void (*TaLogSaverDone) (GtkWidget    *widget,
                                GFile        *file,
                                const GError *error,
                                guint         n_cut,
                                gpointer      user_data);

void ta_log_saver_start (GtkWidget       *widget,
                         GListModel      *entries,
                         GFile           *file,
                         gboolean         raw,
                         TaLogRole        role,
                         TaLogTimestamps  timestamps,
                         TaLogDisplay     display,
                         TaLogSaverDone   done,
                         gpointer         user_data);

G_END_DECLS
