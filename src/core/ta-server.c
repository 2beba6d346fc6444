/* ta-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>
#include <glib/gi18n-lib.h>

#include "ta-server.h"

/* File descriptors kept free for the rest of the app (log file, UI, client page). */
#define FD_RESERVE 32
#define DEFAULT_MAX_CLIENTS 1000
#define DEFAULT_QUEUE_CAP (4 * 1024 * 1024)

struct _TaServer
{
  GObject          parent_instance;

  GSocketService  *service;
  GListStore      *clients;
  GBytes          *reply_text;
  TaReplyMode      reply_mode;
  TaBindScope      scope;
  guint            max_clients;
  gsize            queue_cap;
  guint            next_id;
  guint16          port;
  guint            listening : 1;
  guint            paused : 1;
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
}

static void
ta_server_init (TaServer *self)
{
  self->clients = g_list_store_new (TA_TYPE_CONNECTION);
  self->reply_mode = TA_REPLY_TEXT;
  self->reply_text = g_bytes_new_static ("hello", 5);
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

static void
set_paused (TaServer *self,
            gboolean  paused)
{
  if (self->paused == !!paused || self->service == NULL)
    return;

  self->paused = !!paused;
  /* GSocketService retries a failing accept() at once, forever: rather than
   * running into EMFILE we stop accepting while close to the limit. New
   * clients wait in the backlog meanwhile. */
  if (paused)
    g_socket_service_stop (self->service);
  else
    g_socket_service_start (self->service);

  g_signal_emit (self, signals[ACCEPT_PAUSED], 0, (gboolean) self->paused, fd_limit ());
}

static void
on_client_received (TaServer     *self,
                    GBytes       *bytes,
                    TaConnection *client)
{
  g_signal_emit (self, signals[RECEIVED], 0, client, bytes);

  if (ta_connection_is_closed (client))
    return;

  /* One reply per chunk received, as the tutorial does. */
  switch (self->reply_mode)
    {
    case TA_REPLY_TEXT:
      ta_connection_send (client, self->reply_text, TA_SEND_REPLY, NULL);
      break;
    case TA_REPLY_ECHO:
      ta_connection_send (client, bytes, TA_SEND_REPLY, NULL);
      break;
    case TA_REPLY_NONE:
    default:
      break;
    }
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

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  TaServer *self = user_data;
  g_autoptr(TaConnection) client = NULL;
  GSocket *socket = g_socket_connection_get_socket (connection);
  int fd = g_socket_get_fd (socket);

  client = ta_connection_new (connection, ++self->next_id);
  ta_connection_set_queue_cap (client, self->queue_cap);

  g_signal_connect_swapped (client, "received", G_CALLBACK (on_client_received), self);
  g_signal_connect_swapped (client, "sent", G_CALLBACK (on_client_sent), self);
  g_signal_connect_swapped (client, "closed", G_CALLBACK (on_client_closed), self);

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

  /* Descriptors are handed out lowest first, so the newest one tells how
   * close we are to the process limit. */
  if (self->listening && fd >= 0 && (guint) fd + FD_RESERVE >= fd_limit ())
    set_paused (self, TRUE);

  return TRUE;
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

static gboolean
add_loopback (GSocketListener  *listener,
              guint16          *port,
              GError          **error)
{
  g_autoptr(GInetAddress) lo4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) lo6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) addr4 = g_inet_socket_address_new (lo4, *port);
  g_autoptr(GSocketAddress) addr6 = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  if (!g_socket_listener_add_address (listener, addr4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;

  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  /* ::1 is a bonus: a machine without IPv6 still serves 127.0.0.1. */
  addr6 = g_inet_socket_address_new (lo6, *port);
  g_socket_listener_add_address (listener, addr6, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, NULL, NULL);
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
  GSocketListener *listener;
  gboolean ok;

  g_return_val_if_fail (TA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (!self->listening, FALSE);

  /* Created inactive: adding an address to an active service cancels its
   * pending accept, and GLib 2.74 then drops a client accepted by the
   * cancelled call (seen here: accept() then close() with no ::incoming). */
  self->service = g_object_new (G_TYPE_SOCKET_SERVICE, "active", FALSE, NULL);
  listener = G_SOCKET_LISTENER (self->service);
  g_socket_listener_set_backlog (listener, TA_SERVER_BACKLOG);

  if (scope == TA_BIND_LOOPBACK)
    ok = add_loopback (listener, &port, &local_error);
  else if (port == 0)
    ok = (port = g_socket_listener_add_any_inet_port (listener, NULL, &local_error)) != 0;
  else
    ok = g_socket_listener_add_inet_port (listener, port, NULL, &local_error);

  if (!ok)
    {
      set_start_error (error, local_error, port);
      g_socket_service_stop (self->service);
      g_socket_listener_close (listener);
      g_clear_object (&self->service);
      return FALSE;
    }

  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);

  self->scope = scope;
  self->port = port;
  self->listening = TRUE;
  self->paused = FALSE;
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

  /* Stop first (GIO-NOTES: closing an active service spins). */
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
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
