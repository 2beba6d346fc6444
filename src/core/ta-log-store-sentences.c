/* ta-log-store-sentences.c: what the server and the client do, as log lines
 *
 * ta_log_store_attach_server() and ta_log_store_attach_client(): the
 * tutorial's sentences ("New client connected: …", "Finished serving
 * client …") and every received and sent message, appended to a store
 * through its public API only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-log-store.h"
#include "ta-tls.h"

/* The server's sentences: the tutorial's, in order. */

/* What TLS protects a connection with, and (client side) whose certificate. */
static void
log_tls (TaLogStore   *self,
         TaConnection *connection,
         gboolean      show_peer)
{
  GTlsConnection *tls = ta_connection_get_tls (connection);
  g_autofree char *description = NULL;
  g_autofree char *message = NULL;
  GTlsCertificate *peer;

  if (tls == NULL)
    return;
  description = ta_tls_connection_describe (tls);
  message = g_strdup_printf (_("Encrypted with %s."), description);
  ta_log_store_append_event (self, TA_LOG_EVENT, ta_connection_get_address (connection), message);

  peer = g_tls_connection_get_peer_certificate (tls);
  if (show_peer && peer != NULL)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (peer);
      g_autofree char *fingerprint = ta_tls_certificate_get_fingerprint (peer);
      g_autofree char *line = g_strdup_printf (_("Server certificate: %s, SHA-256 fingerprint %s"),
                                               subject ? subject : _("unknown"), fingerprint);

      ta_log_store_append_event (self, TA_LOG_EVENT, ta_connection_get_address (connection), line);
    }
}

static void
on_server_listening (TaLogStore *self,
                     GParamSpec *pspec,
                     TaServer   *server)
{
  g_autofree char *message = NULL;

  if (ta_server_get_listening (server))
    {
      if (ta_server_get_scope (server) == TA_BIND_LOOPBACK)
        message = g_strdup_printf (_("Waiting for clients on port %u (this computer only)…"),
                                   ta_server_get_port (server));
      else
        /* Translators: the tutorial's "等待客户端连接..." */
        message = g_strdup_printf (_("Waiting for clients on port %u…"),
                                   ta_server_get_port (server));
      ta_log_store_append_event (self, TA_LOG_EVENT, NULL, message);
      if (ta_server_get_tls_certificate (server) != NULL)
        {
          g_autofree char *fingerprint = ta_tls_certificate_get_fingerprint (ta_server_get_tls_certificate (server));
          g_autofree char *tls = g_strdup_printf (_("TLS is on: clients must connect with TLS. They can check "
                                                    "our certificate by its SHA-256 fingerprint: %s"),
                                                  fingerprint);

          ta_log_store_append_event (self, TA_LOG_EVENT, NULL, tls);
        }
    }
  else
    ta_log_store_append_event (self, TA_LOG_EVENT, NULL, _("Server stopped."));
}

/* A half-close, while the other direction stays open. */
static void
on_finished_sending (TaLogStore   *self,
                     gboolean      by_peer,
                     TaConnection *connection)
{
  const char *address = ta_connection_get_address (connection);
  g_autofree char *message = NULL;

  if (!by_peer)
    message = g_strdup (_("This computer finished sending; waiting for the other side to close."));
  else if (ta_log_store_get_role (self) == TA_LOG_ROLE_SERVER)
    message = g_strdup_printf (_("Client %s finished sending; the reply still goes out."), address);
  else
    message = g_strdup (_("The server finished sending."));

  ta_log_store_append_stage (self, TA_LOG_EVENT, ta_connection_get_id (connection), address, message,
                             by_peer ? TA_LOG_STAGE_PEER_FINISHED : TA_LOG_STAGE_WE_FINISHED, 0, NULL);
}

static void
on_server_client_added (TaLogStore   *self,
                        TaConnection *client,
                        TaServer     *server)
{
  g_autofree char *message =
    /* Translators: the tutorial's "新的客户端已连接：%s" */
    g_strdup_printf (_("New client connected: %s"), ta_connection_get_address (client));
  g_autofree char *local = ta_connection_dup_local_address (client);

  ta_log_store_append_stage (self, TA_LOG_EVENT, ta_connection_get_id (client),
                             ta_connection_get_address (client), message,
                             TA_LOG_STAGE_CONNECTED, 0, local);
  g_signal_connect_object (client, "finished-sending", G_CALLBACK (on_finished_sending),
                           self, G_CONNECT_SWAPPED);
  log_tls (self, client, FALSE);
}

static void
on_server_tls_failed (TaLogStore *self,
                      const char *address,
                      const char *reason,
                      TaServer   *server)
{
  g_autofree char *message = g_strdup_printf (_("TLS handshake with %s failed: %s"), address, reason);

  ta_log_store_append_event (self, TA_LOG_ERROR, address, message);
}

static gboolean
reason_is_error (TaCloseReason reason)
{
  return reason == TA_CLOSE_RESET || reason == TA_CLOSE_ERROR ||
         reason == TA_CLOSE_OVERFLOW || reason == TA_CLOSE_LIMIT;
}

static void
on_server_client_removed (TaLogStore   *self,
                          TaConnection *client,
                          guint         reason,
                          const char   *detail,
                          TaServer     *server)
{
  const char *address = ta_connection_get_address (client);
  g_autofree char *message = NULL;

  if (reason == TA_CLOSE_PEER_CLOSED)
    /* Translators: the tutorial's "已为客户服务完成" */
    message = g_strdup_printf (_("Finished serving client %s"), address);
  else if (reason == TA_CLOSE_PEER_UNREAD)
    message = g_strdup_printf (_("Client %s closed the connection before reading our last reply."), address);
  else if (detail != NULL)
    message = g_strdup_printf (_("Client %s: %s %s"), address,
                               ta_close_reason_describe (reason, TRUE), detail);
  else
    message = g_strdup_printf (_("Client %s: %s"), address,
                               ta_close_reason_describe (reason, TRUE));

  ta_log_store_append_stage (self, reason_is_error (reason) ? TA_LOG_ERROR : TA_LOG_EVENT,
                             ta_connection_get_id (client), address, message,
                             TA_LOG_STAGE_CLOSED, reason, NULL);
  ta_log_store_connection_closed (self, ta_connection_get_id (client));
}

static void
on_server_received (TaLogStore   *self,
                    TaConnection *client,
                    GBytes       *bytes,
                    TaServer     *server)
{
  g_autofree char *note = ta_frame_describe (ta_connection_get_last_pieces (client),
                                             ta_connection_get_last_frame_flags (client));

  ta_log_store_append_data_noted (self, TA_LOG_RECEIVED, ta_connection_get_id (client),
                                  ta_connection_get_address (client), bytes, note);
}

static void
on_server_sent (TaLogStore   *self,
                TaConnection *client,
                GBytes       *bytes,
                guint         flags,
                TaServer     *server)
{
  g_autofree char *note = NULL;
  guint rule_position = TA_SEND_FLAGS_RULE (flags);

  if (flags & TA_SEND_FILE)
    return;
  if (rule_position > 0)
    {
      TaRule *rule = ta_rules_get_rule (ta_server_get_rules (server), rule_position - 1);
      g_autofree char *what = rule ? ta_rule_describe (rule) : NULL;

      /* Translators: which rule sent a reply: "rule 2, PING" */
      note = what ? g_strdup_printf (_("rule %u, %s"), rule_position, what)
                  : g_strdup_printf (_("rule %u"), rule_position);
    }
  ta_log_store_append_data_noted (self, (flags & TA_SEND_REPLY) ? TA_LOG_REPLY : TA_LOG_SENT,
                                  ta_connection_get_id (client),
                                  ta_connection_get_address (client), bytes, note);
}

static void
on_server_note (TaLogStore   *self,
                TaConnection *client,
                const char   *message,
                TaServer     *server)
{
  ta_log_store_append_event (self, TA_LOG_EVENT, ta_connection_get_address (client), message);
}

static void
on_server_accept_paused (TaLogStore *self,
                         gboolean    paused,
                         guint       limit,
                         TaServer   *server)
{
  g_autofree char *message = NULL;

  if (paused)
    {
      message = g_strdup_printf (_("This computer allows this program only %u open connections and files. "
                                   "New clients wait until others leave."), limit);
      ta_log_store_append_event (self, TA_LOG_ERROR, NULL, message);
    }
  else
    ta_log_store_append_event (self, TA_LOG_EVENT, NULL, _("Accepting new clients again."));
}

/**
 * ta_log_store_attach_server:
 *
 * Logs what @server does, in the tutorial's sentences.
 */
void
ta_log_store_attach_server (TaLogStore *self,
                            TaServer   *server)
{
  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (TA_IS_SERVER (server));

  g_signal_connect_object (server, "notify::listening", G_CALLBACK (on_server_listening),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "client-added", G_CALLBACK (on_server_client_added),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "client-removed", G_CALLBACK (on_server_client_removed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "received", G_CALLBACK (on_server_received),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "sent", G_CALLBACK (on_server_sent),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "accept-paused", G_CALLBACK (on_server_accept_paused),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "note", G_CALLBACK (on_server_note),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "tls-failed", G_CALLBACK (on_server_tls_failed),
                           self, G_CONNECT_SWAPPED);
}

/* The client's sentences. */

static void
on_client_connecting (TaLogStore *self,
                      const char *target,
                      TaClient   *client)
{
  g_autofree char *message = g_strdup_printf (_("Connecting to %s…"), target);

  ta_log_store_append_event (self, TA_LOG_EVENT, target, message);
}

static void
on_client_connected (TaLogStore   *self,
                     TaConnection *connection,
                     TaClient     *client)
{
  g_autofree char *message = g_strdup_printf (_("Connected to %s."), ta_connection_get_address (connection));
  g_autofree char *local = ta_connection_dup_local_address (connection);

  ta_log_store_append_stage (self, TA_LOG_EVENT, ta_connection_get_id (connection),
                             ta_connection_get_address (connection), message,
                             TA_LOG_STAGE_CONNECTED, 0, local);
  g_signal_connect_object (connection, "finished-sending", G_CALLBACK (on_finished_sending),
                           self, G_CONNECT_SWAPPED);
  log_tls (self, connection, TRUE);
}

static void
on_client_connect_failed (TaLogStore *self,
                          const char *message,
                          GError     *error,
                          TaClient   *client)
{
  ta_log_store_append_event (self, TA_LOG_ERROR, ta_client_get_target (client), message);
}

static void
on_client_received (TaLogStore   *self,
                    TaConnection *connection,
                    GBytes       *bytes,
                    TaClient     *client)
{
  g_autofree char *note = ta_frame_describe (ta_connection_get_last_pieces (connection),
                                             ta_connection_get_last_frame_flags (connection));

  ta_log_store_append_data_noted (self, TA_LOG_RECEIVED, ta_connection_get_id (connection),
                                  ta_connection_get_address (connection), bytes, note);
}

static void
on_client_note (TaLogStore   *self,
                TaConnection *connection,
                const char   *message,
                TaClient     *client)
{
  ta_log_store_append_event (self, TA_LOG_EVENT, ta_connection_get_address (connection), message);
}

static void
on_client_sent (TaLogStore   *self,
                TaConnection *connection,
                GBytes       *bytes,
                guint         flags,
                TaClient     *client)
{
  if (flags & TA_SEND_FILE)
    return;
  ta_log_store_append_data (self, TA_LOG_SENT, ta_connection_get_id (connection),
                            ta_connection_get_address (connection), bytes);
}

static void
on_client_closed (TaLogStore   *self,
                  TaConnection *connection,
                  guint         reason,
                  const char   *detail,
                  TaClient     *client)
{
  g_autofree char *message = NULL;

  if (detail != NULL)
    message = g_strdup_printf ("%s %s", ta_close_reason_describe (reason, FALSE), detail);
  else
    message = g_strdup (ta_close_reason_describe (reason, FALSE));

  ta_log_store_append_stage (self, reason_is_error (reason) ? TA_LOG_ERROR : TA_LOG_EVENT,
                             ta_connection_get_id (connection),
                             ta_connection_get_address (connection), message,
                             TA_LOG_STAGE_CLOSED, reason, NULL);
  ta_log_store_connection_closed (self, ta_connection_get_id (connection));
}

/**
 * ta_log_store_attach_client:
 *
 * Logs what @client does.
 */
void
ta_log_store_attach_client (TaLogStore *self,
                            TaClient   *client)
{
  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (TA_IS_CLIENT (client));

  g_signal_connect_object (client, "connecting", G_CALLBACK (on_client_connecting),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "connected", G_CALLBACK (on_client_connected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "connect-failed", G_CALLBACK (on_client_connect_failed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "received", G_CALLBACK (on_client_received),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "sent", G_CALLBACK (on_client_sent),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "closed", G_CALLBACK (on_client_closed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "note", G_CALLBACK (on_client_note),
                           self, G_CONNECT_SWAPPED);
}
