/* ta-log-recorder-private.h: what the log stores use of the recorder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-log-store.h"

G_BEGIN_DECLS

void     ta_log_recorder_write (TaLogRecorder *recorder,
                                GString       *line,
                                gint64         time_us);
void     ta_log_recorder_flush (TaLogRecorder *recorder);
gboolean ta_log_recorder_tell  (TaLogRecorder *recorder);

G_END_DECLS
