/* ta-file-sender.h: streams a file into a connection, a piece at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-connection.h"

G_BEGIN_DECLS

#define TA_TYPE_FILE_SENDER (ta_file_sender_get_type ())

G_DECLARE_FINAL_TYPE (TaFileSender, ta_file_sender, TA, FILE_SENDER, GObject)

TaFileSender *ta_file_sender_new       (TaConnection *connection,
                                        GFile        *file);
void          ta_file_sender_start     (TaFileSender *self);
void          ta_file_sender_cancel    (TaFileSender *self);
guint64       ta_file_sender_get_sent  (TaFileSender *self);
guint64       ta_file_sender_get_total (TaFileSender *self);
gboolean      ta_file_sender_is_done   (TaFileSender *self);
GFile        *ta_file_sender_get_file  (TaFileSender *self);

G_END_DECLS
