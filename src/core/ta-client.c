/* ta-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-address.h"
#include "ta-client.h"
#include "ta-tls-handshake.h"
#include "ta-netinfo.h"

typedef struct {
  TaClient     *self;        /* weak: cleared when the attempt is abandoned */
  GCancellable *cancellable;
  char         *host;
  guint16       port;
  guint         timeout_s;
  guint         timeout_id;
  gboolean      timed_out;
  GSocketConnection *tcp;    /* connected, during the TLS handshake */
} Attempt;

struct _TaClient
{
  GObject        parent_instance;

  Attempt       *attempt;
  TaConnection  *connection;
  char          *target;      /* "host:port" for the log */
  TaClientState  state;
  guint          next_id;

  /* TLS: off unless ta_client_set_tls() */
  gboolean              tls;
  char                 *tls_fingerprint;
  TaTrustStore         *trust;
  GTlsCertificate      *rejected;
  GTlsCertificateFlags  rejected_flags;

  /* The local side to connect from (ta_client_set_local) */
  GInetAddress  *local_address;   /* NULL: any */
  guint16        local_port;      /* 0: any */
  TaFrameSpec    framing;
};

G_DEFINE_FINAL_TYPE (TaClient, ta_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  CONNECTING,
  CONNECTED,
  CONNECT_FAILED,
  RECEIVED,
  SENT,
  CLOSED,
  NOTE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
attempt_free (Attempt *attempt)
{
  g_clear_handle_id (&attempt->timeout_id, g_source_remove);
  g_clear_object (&attempt->cancellable);
  g_clear_object (&attempt->tcp);
  g_free (attempt->host);
  g_free (attempt);
}

static void
abandon_attempt (TaClient *self)
{
  Attempt *attempt = g_steal_pointer (&self->attempt);

  if (attempt == NULL)
    return;
  /* The callback still runs later and frees it. */
  attempt->self = NULL;
  g_clear_handle_id (&attempt->timeout_id, g_source_remove);
  g_cancellable_cancel (attempt->cancellable);
}

static void
set_state (TaClient      *self,
           TaClientState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
ta_client_dispose (GObject *object)
{
  TaClient *self = TA_CLIENT (object);

  abandon_attempt (self);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      ta_connection_close (self->connection, TA_CLOSE_BY_USER, NULL);
      g_clear_object (&self->connection);
    }

  G_OBJECT_CLASS (ta_client_parent_class)->dispose (object);
}

static void
ta_client_finalize (GObject *object)
{
  TaClient *self = TA_CLIENT (object);

  g_free (self->target);
  g_free (self->tls_fingerprint);
  g_clear_object (&self->trust);
  g_clear_object (&self->rejected);
  g_clear_object (&self->local_address);

  G_OBJECT_CLASS (ta_client_parent_class)->finalize (object);
}

static void
ta_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaClient *self = TA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_client_class_init (TaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_client_dispose;
  object_class->finalize = ta_client_finalize;
  object_class->get_property = ta_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       TA_CLIENT_DISCONNECTED, TA_CLIENT_CONNECTED, TA_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* @target: "host:port" */
  signals[CONNECTING] =
    g_signal_new ("connecting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TA_TYPE_CONNECTION);
  /* @message: a sentence for the user; @error: the cause */
  signals[CONNECT_FAILED] =
    g_signal_new ("connect-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TA_TYPE_CONNECTION, G_TYPE_BYTES);
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  TA_TYPE_CONNECTION, G_TYPE_BYTES, G_TYPE_UINT);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  TA_TYPE_CONNECTION, G_TYPE_UINT, G_TYPE_STRING);
  /* @message: a sentence for the log, such as a message waiting for its end */
  signals[NOTE] =
    g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TA_TYPE_CONNECTION, G_TYPE_STRING);
}

static void
ta_client_init (TaClient *self)
{
  ta_frame_spec_init (&self->framing);
}

static void
on_connection_framing_note (TaClient     *self,
                            const char   *message,
                            TaConnection *connection)
{
  g_signal_emit (self, signals[NOTE], 0, connection, message);
}

/**
 * ta_client_set_framing:
 * @spec: (nullable): %NULL for one message per read
 *
 * How received bytes become messages in the log; applies at once.
 */
void
ta_client_set_framing (TaClient          *self,
                       const TaFrameSpec *spec)
{
  g_return_if_fail (TA_IS_CLIENT (self));

  if (spec != NULL)
    self->framing = *spec;
  else
    ta_frame_spec_init (&self->framing);
  if (self->connection != NULL)
    ta_connection_set_framing (self->connection, &self->framing);
}

const TaFrameSpec *
ta_client_get_framing (TaClient *self)
{
  return &self->framing;
}

TaClient *
ta_client_new (void)
{
  return g_object_new (TA_TYPE_CLIENT, NULL);
}

static void
on_connection_received (TaClient     *self,
                        GBytes       *bytes,
                        TaConnection *connection)
{
  g_signal_emit (self, signals[RECEIVED], 0, connection, bytes);
}

static void
on_connection_sent (TaClient     *self,
                    GBytes       *bytes,
                    guint         flags,
                    TaConnection *connection)
{
  g_signal_emit (self, signals[SENT], 0, connection, bytes, flags);
}

static void
on_connection_closed (TaClient     *self,
                      guint         reason,
                      const char   *message,
                      TaConnection *connection)
{
  g_autoptr(TaConnection) hold G_GNUC_UNUSED = g_object_ref (connection); /* kept alive to the end */

  g_signal_handlers_disconnect_by_data (connection, self);
  if (self->connection == connection)
    g_clear_object (&self->connection);

  set_state (self, TA_CLIENT_DISCONNECTED);
  g_signal_emit (self, signals[CLOSED], 0, connection, reason, message);
}

/* A failure to bind the chosen local side, as a sentence; NULL when the
 * failure is not about the local side. */
static char *
describe_local_error (TaClient     *self,
                      const GError *error)
{
  g_autofree char *address = NULL;

  if (self->local_address == NULL && self->local_port == 0)
    return NULL;
  address = self->local_address ? g_inet_address_to_string (self->local_address) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    /* Translators: TIME_WAIT keeps a port for about a minute after a close */
    return g_strdup_printf (_("Local port %u is already in use on this computer (a port also stays taken for "
                              "about a minute after a connection from it closed): choose another local port, "
                              "or leave it empty."), self->local_port);
  /* The rest is about a chosen address. */
  if (address == NULL)
    return NULL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return g_strdup_printf (_("Cannot connect from the local address %s to this server: one is IPv4 and "
                              "the other IPv6. Choose a local address of the same kind as the server’s."),
                            address);
  if (strstr (error->message, address) != NULL)
    return g_strdup_printf (_("Cannot connect from the local address %s: %s"), address, error->message);
  return NULL;
}

/* Every way a connect ends without a connection: the state first, so a
 * handler that connects again starts from "disconnected". */
static void
connect_failed (TaClient     *self,
                const char   *message,
                const GError *error)
{
  set_state (self, TA_CLIENT_DISCONNECTED);
  g_signal_emit (self, signals[CONNECT_FAILED], 0, message, error);
}

static void
attach_connection (TaClient          *self,
                   GSocketConnection *connection,
                   GTlsConnection    *tls)
{
  self->connection = ta_connection_new (connection, ++self->next_id);
  if (tls != NULL)
    ta_connection_set_tls (self->connection, tls);
  g_signal_connect_swapped (self->connection, "received", G_CALLBACK (on_connection_received), self);
  g_signal_connect_swapped (self->connection, "sent", G_CALLBACK (on_connection_sent), self);
  g_signal_connect_swapped (self->connection, "closed", G_CALLBACK (on_connection_closed), self);
  g_signal_connect_swapped (self->connection, "framing-note", G_CALLBACK (on_connection_framing_note), self);
  ta_connection_set_framing (self->connection, &self->framing);
  set_state (self, TA_CLIENT_CONNECTED);
  g_signal_emit (self, signals[CONNECTED], 0, self->connection);
  if (self->connection != NULL)
    ta_connection_start (self->connection);
}

static void
tls_handshake_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Attempt *attempt = user_data;
  TaClient *self = attempt->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsConnection) tls = ta_tls_handshake_finish (result, &error);

  if (self == NULL)
    {
      attempt_free (attempt);
      return;
    }

  g_assert (self->attempt == attempt);
  self->attempt = NULL;

  if (tls == NULL)
    {
      GTlsCertificate *rejected = ta_tls_handshake_get_rejected (result, &self->rejected_flags);

      /* TCP connected: whatever went wrong (a timeout, a reset) went wrong
       * in TLS, and is said so — not taken for a network problem. */
      if (error->domain != G_TLS_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *tls_error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, error->message);

          g_clear_error (&error);
          error = tls_error;
        }
      g_set_object (&self->rejected, rejected);
      connect_failed (self, error->message, error);
    }
  else
    attach_connection (self, attempt->tcp, tls);

  attempt_free (attempt);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Attempt *attempt = user_data;
  TaClient *self = attempt->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);

  if (self == NULL)
    {
      /* Abandoned (cancelled by the user, or the client went away). */
      attempt_free (attempt);
      return;
    }

  g_assert (self->attempt == attempt);

  if (connection != NULL && self->tls)
    {
      TaTlsOptions options = {
        .host = attempt->host,
        .port = attempt->port,
        .fingerprint = self->tls_fingerprint,
        .trust = self->trust,
        .timeout_ms = attempt->timeout_s * 1000,
      };

      /* The handshake has its own deadline; the attempt goes on until it ends. */
      g_clear_handle_id (&attempt->timeout_id, g_source_remove);
      attempt->tcp = g_object_ref (connection);
      ta_tls_handshake_async (G_IO_STREAM (connection), FALSE, &options, attempt->cancellable,
                              tls_handshake_cb, attempt);
      return;
    }

  self->attempt = NULL;

  if (connection == NULL)
    {
      g_autofree char *message = NULL;

      if (attempt->timed_out)
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
        }
      /* The chosen local side first: "refused" would send the user the wrong way. */
      message = describe_local_error (self, error);
      if (message == NULL)
        message = ta_describe_connect_error (error, attempt->host, attempt->port, attempt->timeout_s);
      connect_failed (self, message, error);
    }
  else
    attach_connection (self, connection, NULL);

  attempt_free (attempt);
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->timeout_id = 0;
  attempt->timed_out = TRUE;
  g_cancellable_cancel (attempt->cancellable);
  return G_SOURCE_REMOVE;
}

/**
 * ta_client_connect:
 * @host: a host name or IP address (IPv6 without brackets)
 * @timeout_s: give up after this many seconds (0: never)
 *
 * Closes any current connection and starts connecting. Ends in
 * ::connected or ::connect-failed.
 */
void
ta_client_connect (TaClient   *self,
                   const char *host,
                   guint16     port,
                   guint       timeout_s)
{
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  Attempt *attempt;

  g_return_if_fail (TA_IS_CLIENT (self));
  g_return_if_fail (host != NULL);

  abandon_attempt (self);
  if (self->connection != NULL)
    ta_connection_close (self->connection, TA_CLOSE_BY_USER, NULL);

  g_free (self->target);
  self->target = ta_format_host_port (host, port);
  g_clear_object (&self->rejected);
  self->rejected_flags = 0;

  attempt = g_new0 (Attempt, 1);
  attempt->self = self;
  attempt->cancellable = g_cancellable_new ();
  attempt->host = g_strdup (host);
  attempt->port = port;
  attempt->timeout_s = timeout_s;
  if (timeout_s > 0)
    attempt->timeout_id = g_timeout_add_seconds (timeout_s, connect_timeout_cb, attempt);
  self->attempt = attempt;

  socket_client = g_socket_client_new ();
  /* A plain host:port; in Flatpak the proxy resolver would ask a portal. */
  g_socket_client_set_enable_proxy (socket_client, FALSE);
  if (self->local_address != NULL || self->local_port != 0)
    {
      g_autoptr(GInetAddress) any = NULL;
      g_autoptr(GSocketAddress) local = NULL;
      g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (host);

      /* A port alone: bind the wildcard of the target's family (IPv4 for
       * a name). */
      if (self->local_address == NULL)
        any = g_inet_address_new_any (literal ? g_inet_address_get_family (literal) : G_SOCKET_FAMILY_IPV4);
      local = g_inet_socket_address_new (self->local_address ? self->local_address : any, self->local_port);
      g_socket_client_set_local_address (socket_client, local);
    }
  address = g_network_address_new (host, port);

  set_state (self, TA_CLIENT_CONNECTING);
  g_signal_emit (self, signals[CONNECTING], 0, self->target);

  g_socket_client_connect_async (socket_client, address, attempt->cancellable,
                                 connect_cb, attempt);
}

/**
 * ta_client_cancel:
 *
 * Stops connecting; emits ::connect-failed with a "cancelled" sentence.
 */
void
ta_client_cancel (TaClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TA_IS_CLIENT (self));

  if (self->attempt == NULL)
    return;

  abandon_attempt (self);
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  connect_failed (self, _("Connecting was cancelled."), error);
}

void
ta_client_disconnect (TaClient *self)
{
  g_return_if_fail (TA_IS_CLIENT (self));

  if (self->attempt != NULL)
    ta_client_cancel (self);
  else if (self->connection != NULL)
    ta_connection_close (self->connection, TA_CLOSE_BY_USER, NULL);
}

gboolean
ta_client_send (TaClient  *self,
                GBytes    *bytes,
                GError   **error)
{
  g_return_val_if_fail (TA_IS_CLIENT (self), FALSE);

  if (self->connection == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Not connected: connect to a server first."));
      return FALSE;
    }
  return ta_connection_send (self->connection, bytes, TA_SEND_DEFAULT, error);
}

void
ta_client_close_when_sent (TaClient *self)
{
  g_return_if_fail (TA_IS_CLIENT (self));

  if (self->connection != NULL)
    ta_connection_close_when_sent (self->connection);
}

TaClientState ta_client_get_state (TaClient *self) { return self->state; }

/**
 * ta_client_get_connection:
 *
 * Returns: (transfer none) (nullable): the live connection
 */
TaConnection *
ta_client_get_connection (TaClient *self)
{
  return self->connection;
}

/**
 * ta_client_get_target:
 *
 * Returns: (nullable): "host:port" of the last connect
 */
const char *
ta_client_get_target (TaClient *self)
{
  return self->target;
}

/**
 * ta_client_set_tls:
 * @enabled: wrap the next connections in TLS
 * @fingerprint: (nullable): accept only the certificate with this SHA-256
 *   fingerprint (as ta_tls_fingerprint_parse() returns it)
 * @trust: (nullable): certificates the user trusted per host:port
 *
 * Takes effect at the next ta_client_connect().
 */
void
ta_client_set_tls (TaClient     *self,
                   gboolean      enabled,
                   const char   *fingerprint,
                   TaTrustStore *trust)
{
  g_return_if_fail (TA_IS_CLIENT (self));

  self->tls = enabled;
  g_free (self->tls_fingerprint);
  self->tls_fingerprint = g_strdup (fingerprint);
  g_set_object (&self->trust, trust);
}

gboolean
ta_client_get_tls (TaClient *self)
{
  g_return_val_if_fail (TA_IS_CLIENT (self), FALSE);
  return self->tls;
}

/**
 * ta_client_get_rejected_certificate:
 * @flags: (out) (optional): what was wrong with it
 *
 * Returns: (transfer none) (nullable): the server certificate the last
 *   connect refused (::connect-failed with %G_TLS_ERROR_BAD_CERTIFICATE),
 *   for the user to look at and perhaps trust
 */
GTlsCertificate *
ta_client_get_rejected_certificate (TaClient             *self,
                                    GTlsCertificateFlags *flags)
{
  g_return_val_if_fail (TA_IS_CLIENT (self), NULL);

  if (flags != NULL)
    *flags = self->rejected_flags;
  return self->rejected;
}

/**
 * ta_client_set_local:
 * @address: (nullable): an IP address of this computer to connect from,
 *   or NULL (or "") for any
 * @port: the local port to connect from, or 0 for any
 *
 * Chooses the local side of the next connects (some devices accept only
 * a known source port or network card). Fails, with a sentence in
 * @error, when @address is not an IP address of this computer.
 */
gboolean
ta_client_set_local (TaClient    *self,
                     const char  *address,
                     guint16      port,
                     GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *text = g_strstrip (g_strdup (address ? address : ""));

  g_return_val_if_fail (TA_IS_CLIENT (self), FALSE);

  if (*text != '\0')
    {
      g_autoptr(GPtrArray) locals = NULL;

      /* "[::1]" as typed in host fields */
      if (text[0] == '[' && text[strlen (text) - 1] == ']')
        {
          memmove (text, text + 1, strlen (text));
          text[strlen (text) - 1] = '\0';
        }
      inet = g_inet_address_new_from_string (text);
      if (inet != NULL)
        locals = ta_netinfo_local_addresses ();
      if (inet == NULL || (!ta_netinfo_is_local (inet, locals) && !g_inet_address_get_is_any (inet)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       inet == NULL
                       ? _("“%s” is not an IP address. Type one of this computer’s addresses, such as "
                           "192.168.1.20, or leave the local address empty.")
                       : _("%s is not an address of this computer: a connection can only start from one "
                           "of its own addresses (“Test This Computer” in the main menu lists them)."),
                       text);
          return FALSE;
        }
    }

  g_set_object (&self->local_address, inet);
  self->local_port = port;
  return TRUE;
}
