/* ta-tls-handshake.c: wrap a TCP connection in TLS, with the user's trust
 *
 * The handshake runs asynchronously before the connection is handed to
 * TaConnection, which then reads and writes plaintext through the TLS
 * connection's pollable streams. A peer that stalls (a plain TCP client
 * that waits for us to speak first, a half-open socket) is cut after a
 * timeout, without blocking anything else.
 *
 * Client side, a certificate is accepted when the system trusts it, when
 * the user trusted this exact certificate for this host:port (TaTrustStore),
 * or when its fingerprint is the one given (--tls-fingerprint, which then
 * is the only one accepted). Otherwise the handshake fails with a sentence
 * saying why, and the rejected certificate is kept so the window can show
 * it and offer to trust it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-tls.h"
#include "ta-tls-handshake.h"

typedef struct {
  GTlsConnection       *tls;
  gboolean              server_side;
  char                 *host;
  guint16               port;
  char                 *fingerprint;
  TaTrustStore         *trust;
  GCancellable         *cancellable;   /* ours: cancelled by the caller's or the timeout */
  GCancellable         *outer;
  gulong                outer_id;
  GSource              *timeout;
  gboolean              timed_out;
  /* The certificate we refused, if we did */
  GTlsCertificate      *rejected;
  GTlsCertificateFlags  rejected_flags;
  TaTrustResult         trust_result;
  /* Server side: what the client sent first, before TLS read it */
  GSource              *peek_source;
  guint8                first[24];
  gssize                n_first;       /* -1 until peeked */
} Handshake;

static void
handshake_free (gpointer data)
{
  Handshake *h = data;

  if (h->timeout != NULL)
    {
      g_source_destroy (h->timeout);
      g_source_unref (h->timeout);
    }
  if (h->peek_source != NULL)
    {
      g_source_destroy (h->peek_source);
      g_source_unref (h->peek_source);
    }
  if (h->outer_id != 0)
    g_cancellable_disconnect (h->outer, h->outer_id);
  g_clear_object (&h->outer);
  g_clear_object (&h->tls);
  g_clear_object (&h->cancellable);
  g_clear_object (&h->trust);
  g_clear_object (&h->rejected);
  g_free (h->host);
  g_free (h->fingerprint);
  g_free (h);
}

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Handshake *h = user_data;
  g_autofree char *fingerprint = ta_tls_certificate_get_fingerprint (certificate);

  if (h->fingerprint != NULL)
    {
      if (g_ascii_strcasecmp (fingerprint, h->fingerprint) == 0)
        return TRUE;
      /* Given a fingerprint, the user wants that certificate and no other. */
      errors |= G_TLS_CERTIFICATE_GENERIC_ERROR;
    }
  else if (errors == 0)
    return TRUE;
  else if (h->trust != NULL)
    {
      h->trust_result = ta_trust_store_check (h->trust, h->host, h->port, fingerprint);
      if (h->trust_result == TA_TRUST_MATCH)
        return TRUE;
    }

  g_set_object (&h->rejected, certificate);
  h->rejected_flags = errors;
  return FALSE;
}

/* A TLS record starts with its type (22: handshake) and version 3.x. */
static gboolean
looks_like_tls (Handshake *h)
{
  return h->n_first >= 1 && h->first[0] == 0x16 && (h->n_first < 2 || h->first[1] == 0x03);
}

static char *
show_first_bytes (Handshake *h)
{
  GString *s = g_string_new (NULL);

  /* Peer bytes: printable ASCII as is, the rest as \xNN. */
  for (gssize i = 0; i < h->n_first; i++)
    {
      if (h->first[i] >= 0x20 && h->first[i] < 0x7f)
        g_string_append_c (s, (char) h->first[i]);
      else if (h->first[i] == '\r')
        g_string_append (s, "\\r");
      else if (h->first[i] == '\n')
        g_string_append (s, "\\n");
      else
        g_string_append_printf (s, "\\x%02X", h->first[i]);
    }
  if (h->n_first == (gssize) sizeof h->first)
    g_string_append (s, "…");
  return g_string_free (s, FALSE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Handshake *h = user_data;

  h->timed_out = TRUE;
  g_cancellable_cancel (h->cancellable);
  g_clear_pointer (&h->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
handshake_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Handshake *h = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (h->timeout != NULL)
    {
      g_source_destroy (h->timeout);
      g_clear_pointer (&h->timeout, g_source_unref);
    }

  /* The handler points at @h, which goes with the task. */
  g_signal_handlers_disconnect_by_func (source, accept_certificate_cb, h);

  if (g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      g_task_return_pointer (task, g_object_ref (h->tls), g_object_unref);
      return;
    }

  if (h->rejected != NULL)
    {
      g_autofree char *why = ta_tls_explain_flags (h->rejected_flags, h->host);

      if (h->fingerprint != NULL)
        g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                 _("The server's certificate is not the one with the fingerprint given."));
      else if (h->trust_result == TA_TRUST_CHANGED)
        g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                 _("The server's certificate changed since you trusted it: "
                                   "it was replaced, or someone is in the middle. %s"), why);
      else
        g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                 _("The server's certificate is not trusted. %s"), why);
      return;
    }

  if (h->timed_out)
    {
      g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "");
      g_autofree char *why = ta_tls_explain_handshake_error (timed_out, h->server_side);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s", why);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("TLS handshake failed: %s %d %s", g_quark_to_string (error->domain), error->code, error->message);
  if (h->server_side && h->n_first > 0 && !looks_like_tls (h))
    {
      g_autofree char *shown = show_first_bytes (h);

      g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS,
                               _("The client spoke plain TCP (or another protocol) to this TLS port: it sent “%s”."),
                               shown);
      return;
    }
  if (h->server_side && h->n_first > 0 &&
      (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
       g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)))
    {
      /* It started TLS properly and gave up once it saw our certificate. */
      g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "%s",
                               _("The client does not trust our certificate: it ended the TLS "
                                 "handshake after seeing it. Give the client our certificate or "
                                 "its fingerprint, or use a certificate it trusts."));
      return;
    }
  {
    g_autofree char *why = ta_tls_explain_handshake_error (error, h->server_side);

    g_task_return_new_error (task, error->domain, error->code, "%s", why);
  }
}

static void
start_handshake (GTask *task)
{
  Handshake *h = g_task_get_task_data (task);

  g_tls_connection_handshake_async (h->tls, G_PRIORITY_DEFAULT, h->cancellable,
                                    handshake_done_cb, task);
}

static gboolean
peek_ready_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  GTask *task = user_data;
  Handshake *h = g_task_get_task_data (task);
  GInputVector vector = { h->first, sizeof h->first };
  int flags = G_SOCKET_MSG_PEEK;

  /* Cancelled (timeout or caller): the handshake reports it. */
  if (!g_cancellable_is_cancelled (h->cancellable))
    {
      h->n_first = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);
      if (h->n_first < 0)
        h->n_first = 0;
    }
  g_clear_pointer (&h->peek_source, g_source_unref);
  start_handshake (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/**
 * ta_tls_handshake_async:
 * @base: the TCP connection
 * @server_side: %TRUE to present @options->certificate to a client
 *
 * Wraps @base in TLS and performs the handshake.
 */
void
ta_tls_handshake_async (GIOStream           *base,
                        gboolean             server_side,
                        const TaTlsOptions  *options,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (base, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  GIOStream *tls = NULL;
  Handshake *h;

  g_task_set_source_tag (task, ta_tls_handshake_async);

  h = g_new0 (Handshake, 1);
  h->server_side = server_side;
  h->host = g_strdup (options->host);
  h->port = options->port;
  h->fingerprint = options->fingerprint ? g_strdup (options->fingerprint) : NULL;
  h->trust = options->trust ? g_object_ref (options->trust) : NULL;
  h->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, h, handshake_free);

  if (!ta_tls_is_available (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (server_side)
    /* No certificate database: we do not ask clients for certificates,
     * and glib-networking 2.74 would otherwise load the system's whole CA
     * list for every connection (60–150 ms of the main loop each, measured
     * here; 0.1 ms without). */
    tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                          NULL, &error,
                          "base-io-stream", base,
                          "certificate", options->certificate,
                          "database", NULL,
                          NULL);
  else
    {
      g_autoptr(GSocketConnectable) identity = NULL;

      /* The host field: for the server name indication and the name check. */
      if (options->host != NULL)
        identity = g_network_address_new (options->host, options->port);
      tls = g_tls_client_connection_new (base, identity, &error);
    }
  if (tls == NULL)
    {
      g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                               _("Could not start TLS: %s"), error->message);
      return;
    }
  h->tls = G_TLS_CONNECTION (tls);

  /* Many devices close without TLS's close_notify: that is an end, not an attack. */
  g_tls_connection_set_require_close_notify (h->tls, FALSE);
  if (!server_side)
    g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), h);

  if (cancellable != NULL)
    {
      h->outer = g_object_ref (cancellable);
      h->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                           g_object_ref (h->cancellable), g_object_unref);
    }
  h->timeout = g_timeout_source_new (options->timeout_ms ? options->timeout_ms : TA_TLS_HANDSHAKE_TIMEOUT_MS);
  g_source_set_callback (h->timeout, timeout_cb, h, NULL);
  g_source_attach (h->timeout, g_main_context_get_thread_default ());

  h->n_first = -1;
  if (server_side && G_IS_SOCKET_CONNECTION (base))
    {
      /* Look at what the client sends first (without taking it), to tell
       * a plain TCP client from one that refuses our certificate. */
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (base));

      h->peek_source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, h->cancellable);
      g_source_set_callback (h->peek_source, G_SOURCE_FUNC (peek_ready_cb), g_steal_pointer (&task), g_object_unref);
      g_source_attach (h->peek_source, g_main_context_get_thread_default ());
      return;
    }
  start_handshake (g_steal_pointer (&task));
}

/**
 * ta_tls_handshake_finish:
 *
 * Returns: (transfer full): the TLS connection, ready for plaintext; or
 *   %NULL with a sentence for the user in @error (%G_TLS_ERROR_BAD_CERTIFICATE
 *   when we refused the server's certificate: see
 *   ta_tls_handshake_get_rejected())
 */
GTlsConnection *
ta_tls_handshake_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ta_tls_handshake_get_rejected:
 * @flags: (out) (optional): what was wrong with it
 *
 * Returns: (transfer none) (nullable): the server certificate we refused
 */
GTlsCertificate *
ta_tls_handshake_get_rejected (GAsyncResult         *result,
                               GTlsCertificateFlags *flags)
{
  Handshake *h = g_task_get_task_data (G_TASK (result));

  if (flags != NULL)
    *flags = h->rejected_flags;
  return h->rejected;
}
