/* ta-log-store.h: the bounded, batched list of log entries of one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-client.h"
#include "ta-log-entry.h"
#include "ta-server.h"

G_BEGIN_DECLS

#define TA_LOG_STORE_DEFAULT_MAX_ENTRIES 100000
#define TA_LOG_STORE_MAX_BYTES (64 * 1024 * 1024)

typedef struct _TaLogRecorder TaLogRecorder;

TaLogRecorder *ta_log_recorder_open  (const char     *path,
                                      GError        **error);
TaLogRecorder *ta_log_recorder_ref   (TaLogRecorder  *recorder);
void           ta_log_recorder_unref (TaLogRecorder  *recorder);
const char    *ta_log_recorder_get_path (TaLogRecorder *recorder);
const char    *ta_log_recorder_get_failure (TaLogRecorder *recorder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaLogRecorder, ta_log_recorder_unref)

#define TA_TYPE_LOG_STORE (ta_log_store_get_type ())

G_DECLARE_FINAL_TYPE (TaLogStore, ta_log_store, TA, LOG_STORE, GObject)

TaLogStore  *ta_log_store_new                 (TaLogRole      role);
TaLogRole    ta_log_store_get_role            (TaLogStore    *self);
void         ta_log_store_append_event        (TaLogStore    *self,
                                               TaLogKind      kind,
                                               const char    *peer,
                                               const char    *message);
void         ta_log_store_append_stage        (TaLogStore    *self,
                                               TaLogKind      kind,
                                               guint          conn_id,
                                               const char    *peer,
                                               const char    *message,
                                               TaLogStage     stage,
                                               guint          close_reason,
                                               const char    *local);
void         ta_log_store_append_data         (TaLogStore    *self,
                                               TaLogKind      kind,
                                               guint          conn_id,
                                               const char    *peer,
                                               GBytes        *data);
void         ta_log_store_append_data_noted   (TaLogStore    *self,
                                               TaLogKind      kind,
                                               guint          conn_id,
                                               const char    *peer,
                                               GBytes        *data,
                                               const char    *note);
void         ta_log_store_connection_closed   (TaLogStore    *self,
                                               guint          conn_id);
void         ta_log_store_flush               (TaLogStore    *self);
void         ta_log_store_clear               (TaLogStore    *self);

typedef struct _TaLogCleared TaLogCleared;
TaLogCleared *ta_log_store_clear_for_undo     (TaLogStore    *self);
void         ta_log_store_restore             (TaLogStore    *self,
                                               TaLogCleared  *cleared);
guint        ta_log_cleared_get_n_entries     (TaLogCleared  *cleared);
void         ta_log_cleared_free              (TaLogCleared  *cleared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaLogCleared, ta_log_cleared_free)
void         ta_log_store_set_max_entries     (TaLogStore    *self,
                                               guint          max_entries);
guint        ta_log_store_get_max_entries     (TaLogStore    *self);
guint64      ta_log_store_get_n_dropped       (TaLogStore    *self);
void         ta_log_store_set_receive_charset (TaLogStore    *self,
                                               const char    *charset);
const char  *ta_log_store_get_receive_charset (TaLogStore    *self);
void         ta_log_store_set_send_charset    (TaLogStore    *self,
                                               const char    *charset);
void         ta_log_store_set_paused          (TaLogStore    *self,
                                               gboolean       paused);
gboolean     ta_log_store_get_paused          (TaLogStore    *self);
guint64      ta_log_store_get_n_paused        (TaLogStore    *self);
gboolean     ta_log_store_is_recording        (TaLogStore    *self);
void         ta_log_store_set_recorder        (TaLogStore    *self,
                                               TaLogRecorder *recorder,
                                               const char    *source_name);
void         ta_log_store_attach_server       (TaLogStore    *self,
                                               TaServer      *server);
void         ta_log_store_attach_client       (TaLogStore    *self,
                                               TaClient      *client);

G_END_DECLS
