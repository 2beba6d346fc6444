/* ta-server.h: the TCP server of the Server page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-connection.h"
#include "ta-rules.h"

G_BEGIN_DECLS

/* Nicks (settings "server-scope"): "all", "loopback". */
typedef enum {
  TA_BIND_ALL,        /* every interface, IPv4 and IPv6 */
  TA_BIND_LOOPBACK,   /* this computer only */
} TaBindScope;

/* Nicks (settings "reply-mode"): "text", "echo", "none", "rules". */
typedef enum {
  TA_REPLY_TEXT,      /* fixed bytes, "hello" by default */
  TA_REPLY_ECHO,      /* what was received */
  TA_REPLY_NONE,
  TA_REPLY_RULES,     /* the first matching rule of ta_server_get_rules() */
} TaReplyMode;

/* A reply sent by a rule carries its position (from 1) in its send flags. */
#define TA_SEND_RULE_SHIFT 8
#define TA_SEND_FLAGS_RULE(flags) ((flags) >> TA_SEND_RULE_SHIFT)

/* Replies waiting for their rule's delay, at most, over all clients. */
#define TA_SERVER_MAX_DELAYED 10000

#define TA_SERVER_DEFAULT_PORT 7788
#define TA_SERVER_BACKLOG 128

#define TA_TYPE_SERVER (ta_server_get_type ())

G_DECLARE_FINAL_TYPE (TaServer, ta_server, TA, SERVER, GObject)

TaServer    *ta_server_new             (void);
gboolean     ta_server_start           (TaServer     *self,
                                        TaBindScope   scope,
                                        guint16       port,
                                        GError      **error);
guint        ta_server_stop            (TaServer     *self);
gboolean     ta_server_get_listening   (TaServer     *self);
guint16      ta_server_get_port        (TaServer     *self);
TaBindScope  ta_server_get_scope       (TaServer     *self);
guint        ta_server_get_n_clients   (TaServer     *self);
GListModel  *ta_server_get_clients     (TaServer     *self);
void         ta_server_set_reply       (TaServer     *self,
                                        TaReplyMode   mode,
                                        GBytes       *text);
TaReplyMode  ta_server_get_reply_mode  (TaServer     *self);
void         ta_server_set_max_clients (TaServer     *self,
                                        guint         max_clients);
guint        ta_server_get_max_clients (TaServer     *self);
void         ta_server_set_queue_cap   (TaServer     *self,
                                        gsize         cap);
guint        ta_server_send            (TaServer     *self,
                                        TaConnection *client,
                                        GBytes       *bytes);
guint16      ta_server_find_free_port  (guint16       after);
TaRules     *ta_server_get_rules       (TaServer     *self);
void         ta_server_set_framing     (TaServer     *self,
                                        const TaFrameSpec *spec);
const TaFrameSpec *ta_server_get_framing (TaServer   *self);
void         ta_server_set_tls_certificate (TaServer        *self,
                                            GTlsCertificate *certificate);
GTlsCertificate *ta_server_get_tls_certificate (TaServer    *self);
void         ta_server_set_tls_timeout (TaServer     *self,
                                        guint         timeout_ms);

G_END_DECLS
