/* ta-log-entry.h: one line of the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  TA_LOG_RECEIVED,
  TA_LOG_SENT,
  TA_LOG_REPLY,
  TA_LOG_EVENT,
  TA_LOG_ERROR,
} TaLogKind;

/* Where an event stands in its connection's life, for the conversation view. */
typedef enum {
  TA_LOG_STAGE_NONE,
  TA_LOG_STAGE_CONNECTED,      /* peer = the other side, local = ours */
  TA_LOG_STAGE_PEER_FINISHED,  /* the other side shut its sending side */
  TA_LOG_STAGE_WE_FINISHED,    /* we shut ours, and wait for the reply */
  TA_LOG_STAGE_CLOSED,         /* close reason: a TaCloseReason */
} TaLogStage;

/* Nicks (settings "last-page": the page of that role): "server", "client". */
typedef enum {
  TA_LOG_ROLE_SERVER,
  TA_LOG_ROLE_CLIENT,
} TaLogRole;

/* Nicks (settings "log-display"): "text", "hex", "both". */
typedef enum {
  TA_LOG_SHOW_TEXT,
  TA_LOG_SHOW_HEX,
  TA_LOG_SHOW_BOTH,
} TaLogDisplay;

/* Nicks (settings "log-timestamps"): "off", "time", "ms". */
typedef enum {
  TA_LOG_TIME_OFF,
  TA_LOG_TIME_SECONDS, /*< nick=time >*/
  TA_LOG_TIME_MS,
} TaLogTimestamps;

/* What one entry keeps of a message; the rest is counted, not stored. */
#define TA_LOG_ENTRY_MAX_DATA 4096
#define TA_LOG_ENTRY_MAX_TEXT 4096

#define TA_TYPE_LOG_ENTRY (ta_log_entry_get_type ())

G_DECLARE_FINAL_TYPE (TaLogEntry, ta_log_entry, TA, LOG_ENTRY, GObject)

TaLogEntry  *ta_log_entry_new_event     (TaLogKind        kind,
                                         const char      *peer,
                                         const char      *message);
TaLogEntry  *ta_log_entry_new_data      (TaLogKind        kind,
                                         guint            conn_id,
                                         const char      *peer,
                                         GBytes          *data);
TaLogKind    ta_log_entry_get_kind      (TaLogEntry      *self);
gint64       ta_log_entry_get_time      (TaLogEntry      *self);
const char  *ta_log_entry_get_peer      (TaLogEntry      *self);
guint        ta_log_entry_get_conn_id   (TaLogEntry      *self);
GBytes      *ta_log_entry_get_data      (TaLogEntry      *self);
gsize        ta_log_entry_get_full_size (TaLogEntry      *self);
const char  *ta_log_entry_get_text      (TaLogEntry      *self);
void         ta_log_entry_set_text      (TaLogEntry      *self,
                                         const char      *text,
                                         gsize            len);
void         ta_log_entry_append_text   (TaLogEntry      *self,
                                         const char      *text);
void         ta_log_entry_set_stage     (TaLogEntry      *self,
                                         guint            conn_id,
                                         TaLogStage       stage,
                                         guint            close_reason,
                                         const char      *local);
TaLogStage   ta_log_entry_get_stage     (TaLogEntry      *self);
guint        ta_log_entry_get_close_reason (TaLogEntry   *self);
const char  *ta_log_entry_get_local     (TaLogEntry      *self);
void         ta_log_entry_set_note      (TaLogEntry      *self,
                                         const char      *note);
const char  *ta_log_entry_get_note      (TaLogEntry      *self);
gboolean     ta_log_entry_is_data       (TaLogEntry      *self);
gsize        ta_log_entry_get_mem_size  (TaLogEntry      *self);
void         ta_log_entry_format_time   (TaLogEntry      *self,
                                         TaLogTimestamps  timestamps,
                                         GString         *out);
void         ta_log_entry_format_body   (TaLogEntry      *self,
                                         TaLogRole        role,
                                         TaLogDisplay     display,
                                         GString         *out);
char        *ta_log_entry_format_line   (TaLogEntry      *self,
                                         TaLogRole        role,
                                         TaLogTimestamps  timestamps,
                                         TaLogDisplay     display);
const char  *ta_log_kind_describe       (TaLogKind        kind);
void         ta_log_format_date_change  (gint64           time_us,
                                         int             *last_day,
                                         GString         *out);
void         ta_log_format_wall_time    (gint64           time_us,
                                         gboolean         with_date,
                                         gboolean         with_ms,
                                         GString         *out);
const char  *ta_log_entry_get_data_format (TaLogKind      kind,
                                           TaLogRole      role);

G_END_DECLS
