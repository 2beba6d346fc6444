/* ta-connection.h: one TCP connection with a read loop and a bounded write queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-framer.h"

G_BEGIN_DECLS

typedef enum {
  TA_CLOSE_PEER_CLOSED,     /* the other side closed (EOF) */
  TA_CLOSE_BY_USER,         /* we closed it */
  TA_CLOSE_RESET,           /* reset by the other side */
  TA_CLOSE_ERROR,           /* another network error */
  TA_CLOSE_OVERFLOW,        /* the other side does not read; queue cap reached */
  TA_CLOSE_SERVER_STOPPED,  /* the server was stopped */
  TA_CLOSE_LIMIT,           /* over the maximum number of clients */
  TA_CLOSE_PEER_UNREAD,     /* reset by the other side, which closed with our data unread */
} TaCloseReason;

typedef enum {
  TA_SEND_DEFAULT = 0,
  TA_SEND_REPLY   = 1 << 0, /* an automatic reply, logged as such */
  TA_SEND_FILE    = 1 << 1, /* a piece of a file: counted, not logged one by one */
} TaSendFlags;

#define TA_TYPE_CONNECTION (ta_connection_get_type ())

G_DECLARE_FINAL_TYPE (TaConnection, ta_connection, TA, CONNECTION, GObject)

TaConnection *ta_connection_new              (GSocketConnection *connection,
                                              guint              id);
void          ta_connection_start            (TaConnection      *self);
guint         ta_connection_get_id           (TaConnection      *self);
const char   *ta_connection_get_address      (TaConnection      *self);
char         *ta_connection_dup_local_address (TaConnection     *self);
gint64        ta_connection_get_connected_at (TaConnection      *self);
guint64       ta_connection_get_bytes_in     (TaConnection      *self);
guint64       ta_connection_get_bytes_out    (TaConnection      *self);
guint64       ta_connection_get_messages_in  (TaConnection      *self);
guint64       ta_connection_get_messages_out (TaConnection      *self);
gsize         ta_connection_get_queued_bytes (TaConnection      *self);
void          ta_connection_set_queue_cap    (TaConnection      *self,
                                              gsize              cap);
gboolean      ta_connection_is_closed        (TaConnection      *self);
gboolean      ta_connection_send             (TaConnection      *self,
                                              GBytes            *bytes,
                                              TaSendFlags        flags,
                                              GError           **error);
void          ta_connection_close            (TaConnection      *self,
                                              TaCloseReason      reason,
                                              const char        *message);
void          ta_connection_close_when_sent  (TaConnection      *self);
void          ta_connection_set_framing      (TaConnection      *self,
                                              const TaFrameSpec *spec);
guint         ta_connection_get_last_pieces  (TaConnection      *self);
TaFrameFlags  ta_connection_get_last_frame_flags (TaConnection  *self);
void          ta_connection_set_tls          (TaConnection      *self,
                                              GTlsConnection    *tls);
GTlsConnection *ta_connection_get_tls        (TaConnection      *self);

char         *ta_format_socket_address       (GSocketAddress    *address);
const char   *ta_close_reason_describe       (TaCloseReason      reason,
                                              gboolean           server_side);
guint         ta_connection_get_n_alive      (void);

G_END_DECLS
