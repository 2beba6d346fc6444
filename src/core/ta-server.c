/* ta-server.c
 *
 * Over 700 lines: listening (both families, backlog, pausing at the
 * open-file limit), replies and rules, framing, and the TLS handshake of
 * each client before it is added are one object's state. The next split
 * would move the accept loop and the TLS handshake queue to their own file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>
#include <glib/gi18n-lib.h>

#include "ta-server.h"
#include "ta-tls.h"
#include "ta-tls-handshake.h"

/* File descriptors kept free for the rest of the app (log file, UI, client page). */
#define FD_RESERVE 32
#define DEFAULT_MAX_CLIENTS 1000
#define DEFAULT_QUEUE_CAP (4 * 1024 * 1024)
/* TLS handshakes in progress at once; more connects are closed at once. */
#define MAX_HANDSHAKES 256

struct _TaServer
{
  GObject          parent_instance;

  GSocketService  *service;   /* holds the listening sockets */
  GPtrArray       *sockets;   /* the listening GSockets */
  GPtrArray       *accept_sources;
  guint            retry_id;
  GListStore      *clients;
  GBytes          *reply_text;
  TaReplyMode      reply_mode;
  TaRules         *rules;
  TaFrameSpec      framing;
  GHashTable      *delayed;   /* source id → DelayedReply, for replies after a delay */
  TaBindScope      scope;
  guint            max_clients;
  gsize            queue_cap;
  guint            next_id;
  guint16          port;
  guint            listening : 1;
  guint            paused : 1;

  /* TLS: clients do the handshake before they are added */
  GTlsCertificate *tls_certificate;
  GCancellable    *tls_cancellable;   /* cancelled by stop */
  guint            tls_timeout_ms;
  guint            n_handshakes;      /* in progress */
};

G_DEFINE_FINAL_TYPE (TaServer, ta_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LISTENING,
  PROP_PORT,
  PROP_N_CLIENTS,
  N_PROPS
};

enum {
  CLIENT_ADDED,
  CLIENT_REMOVED,
  RECEIVED,
  SENT,
  ACCEPT_PAUSED,
  TLS_FAILED,
  NOTE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ta_server_dispose (GObject *object)
{
  TaServer *self = TA_SERVER (object);

  if (self->listening)
    ta_server_stop (self);

  g_clear_object (&self->clients);
  g_clear_pointer (&self->reply_text, g_bytes_unref);
  if (self->delayed != NULL)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, self->delayed);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_source_remove (GPOINTER_TO_UINT (id));
      g_clear_pointer (&self->delayed, g_hash_table_unref);
    }
  g_clear_object (&self->rules);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->accept_sources, g_ptr_array_unref);
  g_clear_object (&self->tls_certificate);
  g_clear_object (&self->tls_cancellable);

  G_OBJECT_CLASS (ta_server_parent_class)->dispose (object);
}

static void
ta_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaServer *self = TA_SERVER (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, self->listening);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_N_CLIENTS:
      g_value_set_uint (value, ta_server_get_n_clients (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_server_class_init (TaServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_server_dispose;
  object_class->get_property = ta_server_get_property;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_CLIENTS] =
    g_param_spec_uint ("n-clients", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLIENT_ADDED] =
    g_signal_new ("client-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TA_TYPE_CONNECTION);
  signals[CLIENT_REMOVED] =
    g_signal_new ("client-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  TA_TYPE_CONNECTION, G_TYPE_UINT, G_TYPE_STRING);
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TA_TYPE_CONNECTION, G_TYPE_BYTES);
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  TA_TYPE_CONNECTION, G_TYPE_BYTES, G_TYPE_UINT);
  /**
   * TaServer::accept-paused:
   * @paused: %TRUE when the system's limit of open files was reached
   *   and new clients wait; %FALSE when accepting again
   * @limit: the number of open files allowed
   */
  signals[ACCEPT_PAUSED] =
    g_signal_new ("accept-paused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_UINT);
  /**
   * TaServer::tls-failed:
   * @address: the client's address
   * @message: why its TLS handshake failed, for the log
   *
   * The client was never added; the others are not affected.
   */
  signals[TLS_FAILED] =
    g_signal_new ("tls-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * TaServer::note:
   * @client: the client it is about
   * @message: a sentence for the log: a message waiting for its end, a
   *   rule that gave up or closed the connection
   */
  signals[NOTE] =
    g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TA_TYPE_CONNECTION, G_TYPE_STRING);
}

static void
ta_server_init (TaServer *self)
{
  self->clients = g_list_store_new (TA_TYPE_CONNECTION);
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->accept_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->reply_mode = TA_REPLY_TEXT;
  self->reply_text = g_bytes_new_static ("hello", 5);
  self->rules = ta_rules_new ();
  ta_frame_spec_init (&self->framing);
  self->delayed = g_hash_table_new (NULL, NULL);
  self->max_clients = DEFAULT_MAX_CLIENTS;
  self->queue_cap = DEFAULT_QUEUE_CAP;
}

TaServer *
ta_server_new (void)
{
  return g_object_new (TA_TYPE_SERVER, NULL);
}

static guint
fd_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return G_MAXINT;
  return (guint) MIN (rl.rlim_cur, G_MAXINT);
}

static gboolean accept_ready (GSocket *socket, GIOCondition condition, gpointer user_data);

static void
start_accepting (TaServer *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSource *source = g_socket_create_source (self->sockets->pdata[i], G_IO_IN, NULL);

      g_source_set_callback (source, G_SOURCE_FUNC (accept_ready), self, NULL);
      g_source_attach (source, NULL);
      g_ptr_array_add (self->accept_sources, source);
    }
}

static void
stop_accepting (TaServer *self)
{
  for (guint i = 0; i < self->accept_sources->len; i++)
    g_source_destroy (self->accept_sources->pdata[i]);
  g_ptr_array_set_size (self->accept_sources, 0);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static void
set_paused (TaServer *self,
            gboolean  paused)
{
  if (self->paused == !!paused || !self->listening)
    return;

  self->paused = !!paused;
  /* Near the limit of open files we stop accepting rather than fail
   * accept() in a loop (GSocketService would retry at once, forever).
   * New clients wait in the backlog meanwhile. */
  if (paused)
    stop_accepting (self);
  else
    start_accepting (self);

  g_signal_emit (self, signals[ACCEPT_PAUSED], 0, (gboolean) self->paused, fd_limit ());
}

static gboolean
retry_accept_cb (gpointer user_data)
{
  TaServer *self = user_data;

  self->retry_id = 0;
  set_paused (self, FALSE);
  return G_SOURCE_REMOVE;
}

typedef struct {
  TaServer     *server;
  TaConnection *client;
  GBytes       *bytes;   /* NULL: close */
  guint         flags;
  guint         id;
} DelayedReply;

static void
delayed_reply_free (gpointer data)
{
  DelayedReply *d = data;

  g_object_unref (d->client);
  g_clear_pointer (&d->bytes, g_bytes_unref);
  g_free (d);
}

static void
send_reply (TaConnection *client,
            GBytes       *bytes,
            guint         flags)
{
  if (ta_connection_is_closed (client))
    return;
  if (bytes != NULL)
    ta_connection_send (client, bytes, flags, NULL);
  else
    ta_connection_close_when_sent (client);
}

static gboolean
delayed_reply_cb (gpointer user_data)
{
  DelayedReply *d = user_data;

  g_hash_table_remove (d->server->delayed, GUINT_TO_POINTER (d->id));
  send_reply (d->client, d->bytes, d->flags);
  return G_SOURCE_REMOVE;
}

/* The rules answer one framed message. */
static void
answer_by_rules (TaServer     *self,
                 TaConnection *client,
                 GBytes       *bytes)
{
  g_autofree char *note = NULL;
  g_autoptr(GBytes) reply = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint position = 0;
  TaRule *rule;
  TaRuleVars vars = { 0 };
  guint flags;

  rule = ta_rules_find (self->rules, data, size, &position, &note);
  if (note != NULL)
    g_signal_emit (self, signals[NOTE], 0, client, note);
  if (rule == NULL || ta_rule_get_reply (rule) == TA_RULE_REPLY_NONE)
    return;

  vars.peer = ta_connection_get_address (client);
  vars.counter = ta_connection_get_messages_in (client);
  reply = ta_rules_build_reply (self->rules, rule, data, size, &vars);
  flags = TA_SEND_REPLY | ((position + 1) << TA_SEND_RULE_SHIFT);

  if (ta_rule_get_reply (rule) == TA_RULE_REPLY_CLOSE)
    {
      g_autofree char *what = ta_rule_describe (rule);
      g_autofree char *message =
        g_strdup_printf (_("Rule %u (%s) closes the connection."), position + 1, what);

      g_signal_emit (self, signals[NOTE], 0, client, message);
    }

  if (ta_rule_get_delay (rule) == 0)
    send_reply (client, reply, flags);
  else if (g_hash_table_size (self->delayed) >= TA_SERVER_MAX_DELAYED)
    {
      g_autofree char *message =
        g_strdup_printf (_("Reply of rule %u not sent: %u replies are already waiting for their delay."),
                         position + 1, TA_SERVER_MAX_DELAYED);

      g_signal_emit (self, signals[NOTE], 0, client, message);
    }
  else
    {
      DelayedReply *d = g_new0 (DelayedReply, 1);

      d->server = self;
      d->client = g_object_ref (client);
      d->bytes = g_steal_pointer (&reply);
      d->flags = flags;
      d->id = g_timeout_add_full (G_PRIORITY_DEFAULT, ta_rule_get_delay (rule),
                                  delayed_reply_cb, d, delayed_reply_free);
      g_hash_table_add (self->delayed, GUINT_TO_POINTER (d->id));
    }
}

static void
on_client_received (TaServer     *self,
                    GBytes       *bytes,
                    TaConnection *client)
{
  g_signal_emit (self, signals[RECEIVED], 0, client, bytes);

  if (ta_connection_is_closed (client))
    return;

  /* One reply per message received (per chunk unless framed), as the
   * tutorial does. */
  switch (self->reply_mode)
    {
    case TA_REPLY_TEXT:
      ta_connection_send (client, self->reply_text, TA_SEND_REPLY, NULL);
      break;
    case TA_REPLY_ECHO:
      ta_connection_send (client, bytes, TA_SEND_REPLY, NULL);
      break;
    case TA_REPLY_RULES:
      answer_by_rules (self, client, bytes);
      break;
    case TA_REPLY_NONE:
    default:
      break;
    }
}

static void
on_client_framing_note (TaServer     *self,
                        const char   *message,
                        TaConnection *client)
{
  g_signal_emit (self, signals[NOTE], 0, client, message);
}

static void
on_client_sent (TaServer     *self,
                GBytes       *bytes,
                guint         flags,
                TaConnection *client)
{
  g_signal_emit (self, signals[SENT], 0, client, bytes, flags);
}

static void
on_client_closed (TaServer     *self,
                  guint         reason,
                  const char   *message,
                  TaConnection *client)
{
  g_autoptr(TaConnection) hold = g_object_ref (client);
  guint position;

  g_signal_handlers_disconnect_by_data (client, self);

  if (self->clients != NULL &&
      g_list_store_find (self->clients, client, &position))
    g_list_store_remove (self->clients, position);

  g_signal_emit (self, signals[CLIENT_REMOVED], 0, client, reason, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);

  if (self->paused && self->listening)
    set_paused (self, FALSE);
}

static void
add_client (TaServer          *self,
            GSocketConnection *connection,
            GTlsConnection    *tls)
{
  g_autoptr(TaConnection) client = NULL;

  client = ta_connection_new (connection, ++self->next_id);
  ta_connection_set_queue_cap (client, self->queue_cap);
  if (tls != NULL)
    ta_connection_set_tls (client, tls);

  g_signal_connect_swapped (client, "received", G_CALLBACK (on_client_received), self);
  g_signal_connect_swapped (client, "sent", G_CALLBACK (on_client_sent), self);
  g_signal_connect_swapped (client, "closed", G_CALLBACK (on_client_closed), self);
  g_signal_connect_swapped (client, "framing-note", G_CALLBACK (on_client_framing_note), self);
  ta_connection_set_framing (client, &self->framing);

  g_list_store_append (self->clients, client);
  g_signal_emit (self, signals[CLIENT_ADDED], 0, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > self->max_clients)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The server allows at most %u client.",
                                      "The server allows at most %u clients.",
                                      self->max_clients),
                         self->max_clients);
      ta_connection_close (client, TA_CLOSE_LIMIT, message);
    }
  else
    ta_connection_start (client);
}

typedef struct {
  TaServer          *self;
  GSocketConnection *connection;
} PendingHandshake;

static void
tls_handshake_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PendingHandshake *pending = user_data;
  TaServer *self = pending->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsConnection) tls = ta_tls_handshake_finish (result, &error);

  self->n_handshakes--;
  if (tls != NULL && self->listening)
    add_client (self, pending->connection, tls);
  else
    {
      if (tls == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (pending->connection, NULL);
          g_autofree char *address = remote ? ta_format_socket_address (remote) : g_strdup (_("unknown address"));

          g_signal_emit (self, signals[TLS_FAILED], 0, address, error->message);
        }
      g_io_stream_close (G_IO_STREAM (pending->connection), NULL, NULL);
    }

  g_object_unref (pending->connection);
  g_object_unref (pending->self);
  g_free (pending);
}

static void
handle_incoming (TaServer          *self,
                 GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  int fd = g_socket_get_fd (socket);

  if (self->tls_certificate != NULL && self->n_handshakes >= MAX_HANDSHAKES)
    {
      g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
      g_autofree char *address = remote ? ta_format_socket_address (remote) : g_strdup (_("unknown address"));
      g_autofree char *message =
        g_strdup_printf (_("Closed at once: %u other clients are in their TLS handshake."), MAX_HANDSHAKES);

      /* Handshakes cost a thread each in glib-networking: a flood of
       * connects that never finish must not pile them up. */
      g_signal_emit (self, signals[TLS_FAILED], 0, address, message);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  else if (self->tls_certificate != NULL)
    {
      PendingHandshake *pending = g_new0 (PendingHandshake, 1);
      TaTlsOptions options = { .certificate = self->tls_certificate, .timeout_ms = self->tls_timeout_ms };

      /* Not a client until its handshake succeeds: one that fails or
       * stalls is logged and dropped, and nobody else waits for it. */
      pending->self = g_object_ref (self);
      pending->connection = g_object_ref (connection);
      self->n_handshakes++;
      g_socket_set_blocking (socket, FALSE);
      ta_tls_handshake_async (G_IO_STREAM (connection), TRUE, &options, self->tls_cancellable,
                              tls_handshake_cb, pending);
    }
  else
    add_client (self, connection, NULL);

  /* Descriptors are handed out lowest first, so the newest one tells how
   * close we are to the process limit. */
  if (self->listening && fd >= 0 && (guint) fd + FD_RESERVE >= fd_limit ())
    set_paused (self, TRUE);
}

/* Accepts every waiting client (up to a bound) in one dispatch: with
 * thousands of connections each main-loop iteration costs a pass over all
 * their sources, so one accept per iteration would be quadratic. */
static gboolean
accept_ready (GSocket      *socket,
              GIOCondition  condition,
              gpointer      user_data)
{
  TaServer *self = user_data;
  g_autoptr(TaServer) hold = g_object_ref (self);

  for (guint i = 0; i < 256 && self->listening && !self->paused; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = g_socket_accept (socket, NULL, &error);
      g_autoptr(GSocketConnection) connection = NULL;

      if (accepted == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
            {
              /* Out of descriptors after all: wait, and try again in a second
               * or when a client leaves. */
              set_paused (self, TRUE);
              self->retry_id = g_timeout_add_seconds (1, retry_accept_cb, self);
            }
          break;
        }

      connection = g_socket_connection_factory_create_connection (accepted);
      handle_incoming (self, connection);
    }

  return (self->listening && !self->paused) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
port_is_free (guint16 port)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) addr = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  if (sock != NULL)
    any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
  else
    {
      sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      if (sock == NULL)
        return FALSE;
      any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
    }
  addr = g_inet_socket_address_new (any, port);
  return g_socket_bind (sock, addr, TRUE, NULL);
}

/**
 * ta_server_find_free_port:
 *
 * Returns: the first port above @after that nothing listens on, or 0
 */
guint16
ta_server_find_free_port (guint16 after)
{
  for (guint p = (guint) after + 1; p <= 65535 && p <= (guint) after + 200; p++)
    if (port_is_free ((guint16) p))
      return (guint16) p;
  return 0;
}

static void
set_start_error (GError      **error,
                 const GError *cause,
                 guint16       port)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      guint16 free_port = ta_server_find_free_port (port);

      if (free_port != 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _("Port %u is already in use by another program. Stop that program, "
                       "or choose another port: %u is free."),
                     port, free_port);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _("Port %u is already in use by another program. Stop that program, "
                       "or choose another port."),
                     port);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) && port < 1024)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("Port %u needs administrator rights: ports below 1024 are reserved. "
                   "Choose a port from 1024 to 65535, for example 7788."),
                 port);
  else
    g_set_error (error, cause->domain, cause->code,
                 _("The server could not start on port %u: %s"), port, cause->message);
}

static GSocket *
open_listener (GSocketFamily   family,
               gboolean        loopback,
               guint16         port,
               GError        **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  inet = loopback ? g_inet_address_new_loopback (family) : g_inet_address_new_any (family);
  address = g_inet_socket_address_new (inet, port);
  g_socket_set_listen_backlog (socket, TA_SERVER_BACKLOG);
  g_socket_set_blocking (socket, FALSE);

  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint16
socket_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);

  return local ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : 0;
}

/* Binds like g_socket_listener_add_inet_port(): [::] (which takes IPv4 too
 * on Linux) and 0.0.0.0 where IPv6 is missing or does not; or 127.0.0.1
 * and, if IPv6 works, ::1 for "this computer only". */
static gboolean
open_listeners (TaServer     *self,
                TaBindScope   scope,
                guint16      *port,
                GError      **error)
{
  gboolean loopback = scope == TA_BIND_LOOPBACK;
  GSocket *first;
  GSocket *second = NULL;

  if (loopback)
    {
      first = open_listener (G_SOCKET_FAMILY_IPV4, TRUE, *port, error);
      if (first == NULL)
        return FALSE;
      *port = socket_port (first);
      second = open_listener (G_SOCKET_FAMILY_IPV6, TRUE, *port, NULL);
    }
  else
    {
      first = open_listener (G_SOCKET_FAMILY_IPV6, FALSE, *port, NULL);
      if (first == NULL)
        {
          first = open_listener (G_SOCKET_FAMILY_IPV4, FALSE, *port, error);
          if (first == NULL)
            return FALSE;
        }
      *port = socket_port (first);
      if (g_socket_get_family (first) == G_SOCKET_FAMILY_IPV6 && !g_socket_speaks_ipv4 (first))
        {
          second = open_listener (G_SOCKET_FAMILY_IPV4, FALSE, *port, error);
          if (second == NULL)
            {
              g_object_unref (first);
              return FALSE;
            }
        }
    }

  g_ptr_array_add (self->sockets, first);
  if (second != NULL)
    g_ptr_array_add (self->sockets, second);
  return TRUE;
}

/**
 * ta_server_start:
 * @port: the port, or 0 to let the system choose (see ta_server_get_port())
 *
 * Starts listening with a backlog of 128. On failure @error holds a
 * sentence for the user.
 */
gboolean
ta_server_start (TaServer     *self,
                 TaBindScope   scope,
                 guint16       port,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  guint16 wanted = port;

  g_return_val_if_fail (TA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (!self->listening, FALSE);

  if (!open_listeners (self, scope, &port, &local_error))
    {
      set_start_error (error, local_error, wanted);
      g_ptr_array_set_size (self->sockets, 0);
      return FALSE;
    }

  /* The service owns the listening sockets (g_socket_listener_close()
   * closes them) but stays inactive: we accept ourselves, many clients per
   * wake-up, and pause near the open-file limit. An active GSocketService
   * accepts one client per main-loop iteration and busy-loops on EMFILE. */
  self->service = g_object_new (G_TYPE_SOCKET_SERVICE, "active", FALSE, NULL);
  for (guint i = 0; i < self->sockets->len; i++)
    g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), self->sockets->pdata[i], NULL, NULL);

  self->scope = scope;
  self->port = port;
  g_clear_object (&self->tls_cancellable);
  self->tls_cancellable = g_cancellable_new ();
  self->listening = TRUE;
  self->paused = FALSE;
  start_accepting (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);

  return TRUE;
}

/**
 * ta_server_stop:
 *
 * Closes every client and the listening socket, so the port can be bound
 * again at once.
 *
 * Returns: the number of clients that were closed
 */
guint
ta_server_stop (TaServer *self)
{
  guint n_closed = 0;

  g_return_val_if_fail (TA_IS_SERVER (self), 0);

  if (!self->listening)
    return 0;

  stop_accepting (self);
  if (self->tls_cancellable != NULL)
    g_cancellable_cancel (self->tls_cancellable);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_ptr_array_set_size (self->sockets, 0);
  self->listening = FALSE;
  self->paused = FALSE;

  while (self->clients != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > 0)
    {
      g_autoptr(TaConnection) client = g_list_model_get_item (G_LIST_MODEL (self->clients), 0);

      ta_connection_close (client, TA_CLOSE_SERVER_STOPPED, NULL);
      n_closed++;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
  return n_closed;
}

/**
 * ta_server_send:
 * @client: (nullable): one client, or %NULL for all
 *
 * Returns: how many clients the message was queued to
 */
guint
ta_server_send (TaServer     *self,
                TaConnection *client,
                GBytes       *bytes)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items;
  guint n_sent = 0;

  g_return_val_if_fail (TA_IS_SERVER (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);

  if (client != NULL)
    g_ptr_array_add (targets, g_object_ref (client));
  else
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (targets, g_list_model_get_item (G_LIST_MODEL (self->clients), i));
    }

  for (guint i = 0; i < targets->len; i++)
    if (ta_connection_send (targets->pdata[i], bytes, TA_SEND_DEFAULT, NULL))
      n_sent++;

  return n_sent;
}

gboolean ta_server_get_listening (TaServer *self) { return self->listening; }
guint16 ta_server_get_port (TaServer *self) { return self->port; }
TaBindScope ta_server_get_scope (TaServer *self) { return self->scope; }
TaReplyMode ta_server_get_reply_mode (TaServer *self) { return self->reply_mode; }
guint ta_server_get_max_clients (TaServer *self) { return self->max_clients; }

guint
ta_server_get_n_clients (TaServer *self)
{
  return self->clients ? g_list_model_get_n_items (G_LIST_MODEL (self->clients)) : 0;
}

/**
 * ta_server_get_clients:
 *
 * Returns: (transfer none): a list model of #TaConnection
 */
GListModel *
ta_server_get_clients (TaServer *self)
{
  return G_LIST_MODEL (self->clients);
}

/**
 * ta_server_set_reply:
 * @text: (nullable): the bytes of %TA_REPLY_TEXT
 *
 * Applies to connected clients at once.
 */
void
ta_server_set_reply (TaServer    *self,
                     TaReplyMode  mode,
                     GBytes      *text)
{
  g_return_if_fail (TA_IS_SERVER (self));

  self->reply_mode = mode;
  if (text != NULL)
    {
      g_bytes_ref (text);
      g_clear_pointer (&self->reply_text, g_bytes_unref);
      self->reply_text = text;
    }
}

void
ta_server_set_max_clients (TaServer *self,
                           guint     max_clients)
{
  g_return_if_fail (TA_IS_SERVER (self));
  self->max_clients = MAX (max_clients, 1);
}

void
ta_server_set_queue_cap (TaServer *self,
                         gsize     cap)
{
  guint n;

  g_return_if_fail (TA_IS_SERVER (self));

  self->queue_cap = MAX (cap, 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConnection) c = g_list_model_get_item (G_LIST_MODEL (self->clients), i);
      ta_connection_set_queue_cap (c, self->queue_cap);
    }
}

/**
 * ta_server_set_tls_certificate:
 * @certificate: (nullable): the certificate, with its key, to present to
 *   clients; %NULL for plain TCP
 *
 * Applies to clients that connect from now on.
 */
void
ta_server_set_tls_certificate (TaServer        *self,
                               GTlsCertificate *certificate)
{
  g_return_if_fail (TA_IS_SERVER (self));
  g_set_object (&self->tls_certificate, certificate);
}

/**
 * ta_server_get_tls_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate, when serving TLS
 */
GTlsCertificate *
ta_server_get_tls_certificate (TaServer *self)
{
  g_return_val_if_fail (TA_IS_SERVER (self), NULL);
  return self->tls_certificate;
}

/* For tests: how long a client gets for its handshake (0: the default). */
void
ta_server_set_tls_timeout (TaServer *self,
                           guint     timeout_ms)
{
  g_return_if_fail (TA_IS_SERVER (self));
  self->tls_timeout_ms = timeout_ms;
}

/**
 * ta_server_get_rules:
 *
 * The rules %TA_REPLY_RULES answers with; edit them in place.
 *
 * Returns: (transfer none):
 */
TaRules *
ta_server_get_rules (TaServer *self)
{
  g_return_val_if_fail (TA_IS_SERVER (self), NULL);
  return self->rules;
}

/**
 * ta_server_set_framing:
 * @spec: (nullable): %NULL for one message per read
 *
 * How received bytes become messages for replies and the log; applies to
 * connected clients at once.
 */
void
ta_server_set_framing (TaServer          *self,
                       const TaFrameSpec *spec)
{
  guint n;

  g_return_if_fail (TA_IS_SERVER (self));

  if (spec != NULL)
    self->framing = *spec;
  else
    ta_frame_spec_init (&self->framing);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConnection) c = g_list_model_get_item (G_LIST_MODEL (self->clients), i);
      ta_connection_set_framing (c, &self->framing);
    }
}

const TaFrameSpec *
ta_server_get_framing (TaServer *self)
{
  return &self->framing;
}
