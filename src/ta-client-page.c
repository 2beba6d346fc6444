/* ta-client-page.c: the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Host and port (pasting "host:port" splits itself), one button that is
 * Connect / Cancel / Disconnect / Stop Retrying, reconnecting
 * automatically with the core's TaReconnect back-off (1, 2, 4, 8, 16,
 * 30, then every 60 s, until stopped or the Preferences' limit), the
 * tutorial's one-shot "close after sending" (Send connects first),
 * counters with the connection time, Reset Counters and the live rate,
 * and the log. What to send is the TaComposer's (shared with the Server
 * page); this page only says where it goes: the client's connection.
 * Every status text is derived from the state when it changes (issue 13).
 *
 * Why ~1,000 lines: connecting, the status line, the counters (which
 * count a file as one message) and reconnecting share the client's state
 * machine. The composer has its own file, the reconnect policy is the
 * core's TaReconnect and the live rate is TaRateLabel (shared with the
 * Server page).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ta-settings.h"
#include "ta-address.h"
#include "ta-client-page.h"
#include "ta-client-page-private.h"
#include "ta-codec.h"
#include "ta-composer.h"
#include "ta-doctor-button.h"
#include "ta-local-side.h"
#include "ta-log-switcher.h"
#include "ta-recent-popover.h"
#include "ta-reconnect.h"
#include "ta-rate-label.h"
#include "ta-saved-connections-button.h"
#include "ta-traffic-graph.h"
#include "ta-certificate-dialog.h"
#include "ta-tls.h"
#include "ta-ui-util.h"

/* A connection that lived this long ends a streak of automatic tries. */
#define RECONNECT_STABLE_US (10 * G_USEC_PER_SEC)

struct _TaClientPage
{
  GtkWidget parent_instance;

  GtkWidget *controls;
  GtkEntry *host_entry;
  GtkEntry *port_entry;
  GtkButton *connect_button;
  GtkSpinner *spinner;
  GtkLabel *connect_label;
  GtkLabel *status_label;
  GtkLabel *address_error;
  TaLogSwitcher *log_switcher;
  TaLogView *log_view;
  GtkWidget *counters_box;
  GtkLabel *counters_label;
  TaTrafficGraph *traffic_graph;
  TaRateLabel *rate_label;
  TaComposer *composer;
  GtkCheckButton *close_check;
  GtkCheckButton *auto_check;
  GtkCheckButton *tls_check;
  TaSavedConnectionsButton *saved_button;

  GSettings *settings;
  TaClient *client;
  TaLogStore *store;
  TaTraffic *traffic;
  char *pending_send;
  char *closed_message;
  gint64 connect_started;
  guint connecting_id;
  guint counters_id;
  guint split_id;
  guint pending_id;

  /* The connection shown in the counters; kept after it closes. The
   * core counts each piece of a file as a message; a file counts as one. */
  TaConnection *shown_conn;
  guint64 file_pieces_out;
  guint64 files_out;
  gint64 shown_ended_at;
  guint clock_id;
  /* Reset Counters: what the connection had counted then. */
  guint64 base_in, base_out, base_mi, base_mo;


  /* Reconnect */
  char *last_host;
  guint16 last_port;
  TaReconnect *reconnect;

  /* TLS */
  char *tls_fingerprint;       /* --tls-fingerprint: the one certificate accepted */
  GtkWidget *cert_dialog;      /* asking whether to trust a certificate */
  /* Why the connection ended, said before "Retrying in 8 s…". */
  char *retry_why;
};

G_DEFINE_FINAL_TYPE (TaClientPage, ta_client_page, GTK_TYPE_WIDGET)

static void
toast (TaClientPage *self,
       const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* State */

static void stop_reconnecting (TaClientPage *self);

static char *
format_duration (gint64 us)
{
  guint secs = us > 0 ? (guint) (us / G_USEC_PER_SEC) : 0;

  if (secs >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", secs / 3600, (secs / 60) % 60, secs % 60);
  return g_strdup_printf ("%02u:%02u", secs / 60, secs % 60);
}

static void
update_counters (TaClientPage *self)
{
  TaConnection *conn = self->shown_conn;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *recv = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *time = NULL;
  g_autofree char *time_text = NULL;
  guint64 mi = 0, mo = 0;
  gint64 elapsed = 0;

  in = ta_format_size (conn ? ta_connection_get_bytes_in (conn) - self->base_in : 0);
  out = ta_format_size (conn ? ta_connection_get_bytes_out (conn) - self->base_out : 0);
  if (conn)
    {
      gint64 end = self->shown_ended_at ? self->shown_ended_at : g_get_real_time ();

      mi = ta_connection_get_messages_in (conn) - self->base_mi;
      mo = ta_connection_get_messages_out (conn);
      if (mo >= self->file_pieces_out)
        mo = mo - self->file_pieces_out + self->files_out;
      mo = mo >= self->base_mo ? mo - self->base_mo : 0;
      elapsed = end - ta_connection_get_connected_at (conn);
    }

  /* Translators: "Received 5 bytes in 1 message" */
  recv = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Received %s in %u message", "Received %s in %u messages", (gulong) mi),
                          in, (guint) mi);
  /* Translators: "Sent 6 bytes in 1 message" */
  sent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %s in %u message", "Sent %s in %u messages", (gulong) mo),
                          out, (guint) mo);
  /* The time is the connection's: none before the first one, ticking
   * while connected, and said in the past once it ended. */
  time = format_duration (elapsed);
  if (conn == NULL)
    time_text = NULL;
  else if (self->shown_ended_at == 0)
    /* Translators: how long the connection has lasted, as minutes:seconds, e.g. "Connected 03:25" */
    time_text = g_strdup_printf (_("Connected %s"), time);
  else
    /* Translators: how long the connection that ended lasted, as minutes:seconds, e.g. "Lasted 03:25" */
    time_text = g_strdup_printf (_("Lasted %s"), time);
  if (time_text != NULL)
    text = g_strdup_printf ("%s · %s · %s", recv, sent, time_text);
  else
    text = g_strdup_printf ("%s · %s", recv, sent);
  gtk_label_set_text (self->counters_label, text);
}

static gboolean
counters_cb (gpointer user_data)
{
  TaClientPage *self = user_data;

  self->counters_id = 0;
  update_counters (self);
  return G_SOURCE_REMOVE;
}

static void
queue_counters (TaClientPage *self)
{
  if (self->counters_id == 0)
    self->counters_id = g_timeout_add (250, counters_cb, self);
}

static void
reset_counters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);
  TaConnection *conn = self->shown_conn;
  guint64 mo;

  if (conn == NULL)
    return;
  mo = ta_connection_get_messages_out (conn);
  if (mo >= self->file_pieces_out)
    mo = mo - self->file_pieces_out + self->files_out;
  self->base_in = ta_connection_get_bytes_in (conn);
  self->base_out = ta_connection_get_bytes_out (conn);
  self->base_mi = ta_connection_get_messages_in (conn);
  self->base_mo = mo;
  ta_rate_label_reset (self->rate_label);
  update_counters (self);
}

static void
on_sent (TaClientPage *self,
         TaConnection *conn,
         GBytes       *bytes,
         guint         flags)
{
  if ((flags & TA_SEND_FILE) && conn == self->shown_conn)
    self->file_pieces_out++;
  queue_counters (self);
}

static gboolean
clock_cb (gpointer user_data)
{
  update_counters (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_connecting_label (TaClientPage *self)
{
  g_autofree char *text = NULL;
  guint secs = (guint) ((g_get_monotonic_time () - self->connect_started) / G_USEC_PER_SEC);
  const char *target = ta_client_get_target (self->client);

  /* Translators: "Connecting to 192.168.1.5:7788 (3 s)" */
  text = g_strdup_printf (_("Connecting to %s (%u s)…"), target ? target : "", secs);
  gtk_label_set_text (self->status_label, text);
}

static gboolean
connecting_tick_cb (gpointer user_data)
{
  update_connecting_label (user_data);
  return G_SOURCE_CONTINUE;
}

/* "The server closed the connection. Retrying 10.0.0.5:502 in 8 s (try 4)…",
 * counting down. */
static char *
dup_retry_status (TaClientPage *self)
{
  g_autofree char *target = ta_format_host_port (self->last_host, self->last_port);
  g_autofree char *retry = NULL;
  guint attempt = ta_reconnect_get_attempt (self->reconnect);
  guint limit = ta_reconnect_get_max_attempts (self->reconnect);
  guint secs = ta_reconnect_get_remaining_seconds (self->reconnect);

  if (limit == 0)
    /* Translators: "Retrying 127.0.0.1:7788 in 8 s (try 4)…" */
    retry = g_strdup_printf (_("Retrying %s in %u s (try %u)…"), target, secs, attempt);
  else
    /* Translators: "Retrying 127.0.0.1:7788 in 8 s (try 4 of 10)…" */
    retry = g_strdup_printf (_("Retrying %s in %u s (try %u of %u)…"), target, secs, attempt, limit);
  if (self->retry_why == NULL)
    return g_steal_pointer (&retry);
  return g_strdup_printf ("%s %s", self->retry_why, retry);
}

/* What the empty log says is what is true now (after Clear too). */
static void
update_log_placeholder (TaClientPage *self)
{
  g_autofree char *text = NULL;
  const char *target = ta_client_get_target (self->client);

  if (target == NULL)
    target = "";
  switch (ta_client_get_state (self->client))
    {
    case TA_CLIENT_CONNECTED:
      /* Translators: %s is host:port; shown in the empty log */
      text = g_strdup_printf (_("Connected to %s — waiting for traffic"), target);
      break;
    case TA_CLIENT_CONNECTING:
      /* Translators: %s is host:port; shown in the empty log */
      text = g_strdup_printf (_("Connecting to %s…"), target);
      break;
    case TA_CLIENT_DISCONNECTED:
    default:
      text = g_strdup (_("Not connected. Type the server’s address and port, then Connect. "
                         "What you send and what the server answers is shown here."));
      break;
    }
  ta_log_view_set_placeholder (self->log_view, text);
}

static void
update_state (TaClientPage *self)
{
  TaClientState state = ta_client_get_state (self->client);
  GtkWidget *button = GTK_WIDGET (self->connect_button);
  gboolean idle = state == TA_CLIENT_DISCONNECTED;
  gboolean connected = state == TA_CLIENT_CONNECTED;

  gtk_widget_set_sensitive (GTK_WIDGET (self->host_entry), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tls_check), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == TA_CLIENT_CONNECTING);
  gtk_spinner_set_spinning (self->spinner, state == TA_CLIENT_CONNECTING);
  gtk_widget_remove_css_class (button, "suggested-action");
  gtk_widget_remove_css_class (button, "destructive-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");

  ta_composer_set_connected (self->composer, connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.reset-counters", self->shown_conn != NULL);

  if (state != TA_CLIENT_CONNECTING)
    g_clear_handle_id (&self->connecting_id, g_source_remove);
  if (!connected)
    {
      /* No connection, no rate: the last one would be a stale figure. */
      g_clear_handle_id (&self->clock_id, g_source_remove);
      ta_rate_label_reset (self->rate_label);
    }
  else if (self->clock_id == 0)
    self->clock_id = g_timeout_add (1000, clock_cb, self);

  switch (state)
    {
    case TA_CLIENT_CONNECTING:
      gtk_label_set_label (self->connect_label, _("Ca_ncel"));
      gtk_widget_set_tooltip_text (button, _("Stop trying to connect (Escape)"));
      self->connect_started = g_get_monotonic_time ();
      update_connecting_label (self);
      if (self->connecting_id == 0)
        self->connecting_id = g_timeout_add_seconds (1, connecting_tick_cb, self);
      break;

    case TA_CLIENT_CONNECTED:
      {
        g_autofree char *text = NULL;

        gtk_label_set_label (self->connect_label, _("Disco_nnect"));
        gtk_widget_set_tooltip_text (button, NULL);
        gtk_widget_add_css_class (button, "destructive-action");
        /* Translators: %s is host:port */
        text = g_strdup_printf (_("Connected to %s"), ta_client_get_target (self->client));
        gtk_label_set_text (self->status_label, text);
        gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
      }
      break;

    case TA_CLIENT_DISCONNECTED:
    default:
      if (ta_reconnect_get_waiting (self->reconnect))
        {
          g_autofree char *text = dup_retry_status (self);

          gtk_label_set_label (self->connect_label, _("_Stop Retrying"));
          gtk_widget_set_tooltip_text (button, _("Stop reconnecting (Escape)"));
          gtk_label_set_text (self->status_label, text);
          break;
        }
      gtk_label_set_label (self->connect_label, _("Co_nnect"));
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_label_set_text (self->status_label,
                          self->closed_message ? self->closed_message : _("Not connected"));
      break;
    }
  update_counters (self);
  update_log_placeholder (self);
}

static void
set_closed_message (TaClientPage *self,
                    const char   *message)
{
  g_free (self->closed_message);
  self->closed_message = g_strdup (message);
  update_state (self);
}

/* Reconnecting */

static void
start_connect (TaClientPage *self,
               const char   *host,
               guint16       port)
{
  if (host != self->last_host)
    {
      g_free (self->last_host);
      self->last_host = g_strdup (host);
    }
  self->last_port = port;
  g_clear_pointer (&self->closed_message, g_free);
  ta_client_set_tls (self->client, gtk_check_button_get_active (self->tls_check),
                     self->tls_fingerprint, ta_trust_store_get_default ());
  ta_client_connect (self->client, host, port, g_settings_get_int (self->settings, "connect-timeout"));
}

static void
stop_reconnecting (TaClientPage *self)
{
  ta_reconnect_stop (self->reconnect);
}

/* TaReconnect's time has come. */
static void
on_retry (TaClientPage *self)
{
  if (ta_client_get_state (self->client) != TA_CLIENT_DISCONNECTED || self->last_host == NULL)
    return;
  start_connect (self, self->last_host, self->last_port);
}

/* After the connection ended or a reconnect try failed: try again later
 * if the user asked for it, until stopped or the Preferences' limit. */
static void
maybe_reconnect_later (TaClientPage *self,
                       const char   *why)
{
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  guint attempt;
  guint limit = ta_reconnect_get_max_attempts (self->reconnect);

  if (!g_settings_get_boolean (self->settings, "auto-reconnect") || self->last_host == NULL)
    {
      ta_reconnect_stop (self->reconnect);
      return;
    }

  if (!ta_reconnect_schedule (self->reconnect))
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Stopped reconnecting after %u try in a row.",
                                           "Stopped reconnecting after %u tries in a row.",
                                           limit),
                              limit);
      ta_log_store_append_event (self->store, TA_LOG_ERROR, NULL, text);
      set_closed_message (self, text);
      return;
    }

  if (why != self->retry_why)
    {
      g_free (self->retry_why);
      self->retry_why = g_strdup (why);
    }
  target = ta_format_host_port (self->last_host, self->last_port);
  attempt = ta_reconnect_get_attempt (self->reconnect);
  if (limit == 0)
    /* Translators: "Reconnecting to 127.0.0.1:7788 in 2 s (try 1)…" */
    text = g_strdup_printf (_("Reconnecting to %s in %u s (try %u)…"),
                            target, ta_reconnect_delay_for_attempt (attempt), attempt);
  else
    /* Translators: "Reconnecting to 127.0.0.1:7788 in 2 s (try 1 of 5)…" */
    text = g_strdup_printf (_("Reconnecting to %s in %u s (try %u of %u)…"),
                            target, ta_reconnect_delay_for_attempt (attempt), attempt, limit);
  ta_log_store_append_event (self->store, TA_LOG_EVENT, NULL, text);
  update_state (self);
}

static void
on_reconnect_limit_changed (TaClientPage *self)
{
  ta_reconnect_set_max_attempts (self->reconnect, (guint) MAX (0, g_settings_get_int (self->settings, "reconnect-limit")));
}

static void
on_auto_reconnect_changed (TaClientPage *self)
{
  if (!g_settings_get_boolean (self->settings, "auto-reconnect") && ta_reconnect_get_waiting (self->reconnect))
    {
      stop_reconnecting (self);
      set_closed_message (self, _("Not connected"));
    }
}

/* Client signals */

/* The message to send once connected goes out from the main loop: the
 * client starts reading only after "connected" returns, and "close
 * after sending" must keep reading for the reply. */
static gboolean
send_pending_cb (gpointer user_data)
{
  TaClientPage *self = user_data;
  g_autofree char *pending = g_steal_pointer (&self->pending_send);

  self->pending_id = 0;
  if (pending != NULL && ta_client_get_state (self->client) == TA_CLIENT_CONNECTED)
    ta_client_page_send_text (self, pending);
  return G_SOURCE_REMOVE;
}

static void
on_connected (TaClientPage *self,
              TaConnection *conn)
{
  ta_label_set_error (self->address_error, NULL);
  g_clear_pointer (&self->closed_message, g_free);
  g_clear_pointer (&self->retry_why, g_free);
  g_set_object (&self->shown_conn, conn);
  /* The conversation shows this connection, and keeps it after it ends. */
  ta_log_switcher_set_conn_id (self->log_switcher, ta_connection_get_id (conn));
  self->shown_ended_at = 0;
  self->file_pieces_out = 0;
  self->files_out = 0;
  self->base_in = self->base_out = self->base_mi = self->base_mo = 0;
  ta_rate_label_reset (self->rate_label);
  update_state (self);
  if (self->pending_send && self->pending_id == 0)
    self->pending_id = g_idle_add (send_pending_cb, self);
}

static void
on_certificate_response (AdwMessageDialog *dialog,
                         const char       *response,
                         TaClientPage     *self)
{
  g_autoptr(GError) error = NULL;
  gboolean trusted = ta_certificate_dialog_apply (dialog, response, ta_trust_store_get_default (), &error);

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->cert_dialog);
  self->cert_dialog = NULL;
  if (error != NULL)
    toast (self, error->message);
  else if (trusted && self->last_host != NULL &&
           ta_client_get_state (self->client) == TA_CLIENT_DISCONNECTED)
    start_connect (self, self->last_host, self->last_port);
}

/* The server's certificate was refused: show it, and let the user trust
 * it for this host:port (then connect again) — as SSH does for host keys. */
static gboolean
ask_about_certificate (TaClientPage *self,
                       const char   *sentence)
{
  GTlsCertificate *certificate = ta_client_get_rejected_certificate (self->client, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (certificate == NULL || self->last_host == NULL || self->tls_fingerprint != NULL)
    return FALSE;
  if (self->cert_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cert_dialog, self);
      g_object_remove_weak_pointer (G_OBJECT (self->cert_dialog), (gpointer *) &self->cert_dialog);
      gtk_window_destroy (GTK_WINDOW (self->cert_dialog));
    }
  self->cert_dialog = ta_certificate_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 self->last_host, self->last_port, certificate, sentence);
  g_object_add_weak_pointer (G_OBJECT (self->cert_dialog), (gpointer *) &self->cert_dialog);
  g_signal_connect (self->cert_dialog, "response", G_CALLBACK (on_certificate_response), self);
  gtk_window_present (GTK_WINDOW (self->cert_dialog));
  return TRUE;
}

static void
on_connect_failed (TaClientPage *self,
                   const char   *sentence,
                   GError       *error)
{
  gboolean automatic = ta_reconnect_get_attempt (self->reconnect) > 0;

  g_clear_pointer (&self->pending_send, g_free);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      stop_reconnecting (self);
      set_closed_message (self, sentence);
      return;
    }
  ta_label_set_error (self->address_error, sentence);
  if (automatic)
    maybe_reconnect_later (self, self->retry_why);
  else
    {
      set_closed_message (self, _("Not connected"));
      if (!g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
          !ask_about_certificate (self, sentence))
        toast (self, sentence);
    }
}

static void
on_closed (TaClientPage *self,
           TaConnection *conn,
           guint         reason,
           const char   *message)
{
  g_autofree char *text = NULL;

  self->shown_ended_at = g_get_real_time ();
  if (self->shown_ended_at - ta_connection_get_connected_at (conn) >= RECONNECT_STABLE_US)
    ta_reconnect_reset (self->reconnect);

  /* A whole sentence: "The server closed the connection." */
  text = g_strdup (ta_close_reason_describe (reason, FALSE));
  if (reason == TA_CLOSE_BY_USER)
    {
      stop_reconnecting (self);
      set_closed_message (self, text);
      return;
    }
  set_closed_message (self, text);
  maybe_reconnect_later (self, text);
}

/* Connecting */

static gboolean
read_target (TaClientPage *self,
             char        **host,
             guint16      *port)
{
  g_autoptr(GError) error = NULL;
  guint16 host_port = 0;

  if (!ta_parse_host (gtk_editable_get_text (GTK_EDITABLE (self->host_entry)), host, &host_port, &error) ||
      (host_port == 0 && !ta_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), port, &error)))
    {
      ta_label_set_error (self->address_error, error->message);
      return FALSE;
    }
  if (host_port != 0)
    *port = host_port;
  ta_label_set_error (self->address_error, NULL);
  return TRUE;
}

/**
 * ta_client_page_connect:
 * @host: (nullable): the host, or %NULL for what the entries say
 * @send_when_connected: (nullable): text to send once connected
 */
void
ta_client_page_connect (TaClientPage *self,
                        const char   *host,
                        guint16       port,
                        const char   *send_when_connected)
{
  g_autofree char *h = NULL;
  guint16 p = port;

  g_return_if_fail (TA_IS_CLIENT_PAGE (self));

  if (host != NULL)
    {
      g_autofree char *port_text = g_strdup_printf ("%u", port);

      gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host);
      gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
    }
  if (!read_target (self, &h, &p))
    return;
  stop_reconnecting (self);
  if (ta_client_get_state (self->client) != TA_CLIENT_DISCONNECTED)
    ta_client_disconnect (self->client);

  g_free (self->pending_send);
  self->pending_send = g_strdup (send_when_connected);
  g_settings_set_string (self->settings, "client-host", h);
  g_settings_set_int (self->settings, "client-port", p);
  start_connect (self, h, p);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  switch (ta_client_get_state (self->client))
    {
    case TA_CLIENT_CONNECTING:
      ta_client_cancel (self->client);
      break;
    case TA_CLIENT_CONNECTED:
      stop_reconnecting (self);
      ta_client_disconnect (self->client);
      break;
    case TA_CLIENT_DISCONNECTED:
    default:
      if (ta_reconnect_get_waiting (self->reconnect))
        {
          stop_reconnecting (self);
          set_closed_message (self, _("Reconnecting was cancelled."));
        }
      else
        ta_client_page_connect (self, NULL, 0, NULL);
      break;
    }
}

/* Escape: stop connecting, stop waiting to reconnect, stop repeating. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  if (ta_client_get_state (self->client) == TA_CLIENT_CONNECTING)
    ta_client_cancel (self->client);
  else if (ta_reconnect_get_waiting (self->reconnect))
    {
      stop_reconnecting (self);
      set_closed_message (self, _("Reconnecting was cancelled."));
    }
  else
    ta_composer_stop_repeat (self->composer);
}

/* Pasting "host:port" into the host entry moves the port to its entry. */
static gboolean
split_host_cb (gpointer user_data)
{
  TaClientPage *self = user_data;
  g_autofree char *host = NULL;
  guint16 port = 0;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));

  self->split_id = 0;
  if (ta_parse_host (text, &host, &port, NULL) && port != 0)
    {
      g_autofree char *port_text = g_strdup_printf ("%u", port);

      gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
      gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host);
      gtk_editable_set_position (GTK_EDITABLE (self->host_entry), -1);
    }
  return G_SOURCE_REMOVE;
}

static void
on_host_changed (TaClientPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  const char *colon = strrchr (text, ':');

  ta_label_set_error (self->address_error, NULL);
  /* Only "a.b.c.d:port", "name:port" or "[v6]:port", not a bare IPv6 address. */
  if (colon && colon[1] != '\0' && (text[0] == '[' || strchr (text, ':') == colon) && self->split_id == 0)
    self->split_id = g_idle_add (split_host_cb, self);
}

static void
on_port_changed (TaClientPage *self)
{
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (!ta_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), &port, &error))
    {
      ta_label_set_error (self->address_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->port_entry), "error");
    }
  else
    {
      ta_label_set_error (self->address_error, NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->port_entry), "error");
    }
}

/* A recent server was picked: its host and port are in the fields. */
static void
on_recent_picked (TaClientPage *self)
{
  ta_client_page_connect (self, NULL, 0, NULL);
}

/* Sending: the composer builds the bytes, the client's connection takes them. */

static GPtrArray *
composer_targets (gpointer   user_data,
                  char     **why_not)
{
  TaClientPage *self = user_data;
  TaConnection *conn = ta_client_get_connection (self->client);
  GPtrArray *targets;

  if (ta_client_get_state (self->client) == TA_CLIENT_DISCONNECTED &&
      gtk_check_button_get_active (self->close_check) &&
      ta_composer_get_sending_text (self->composer) != NULL)
    {
      g_autofree char *text = g_strdup (ta_composer_get_sending_text (self->composer));

      /* The tutorial's one-shot client: connect to the address in the
       * fields, send this once connected; "close after sending" then
       * half-closes and the reply is still received and logged. An
       * address error is said under the fields. */
      ta_client_page_connect (self, NULL, 0, text);
      *why_not = g_strdup ("");
      return NULL;
    }
  if (ta_client_get_state (self->client) != TA_CLIENT_CONNECTED || conn == NULL)
    {
      *why_not = g_strdup (_("Not connected: connect to a server first."));
      return NULL;
    }
  targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (targets, g_object_ref (conn));
  return targets;
}

static void
on_composer_sent (TaClientPage *self,
                  GBytes       *bytes)
{
  if (gtk_check_button_get_active (self->close_check))
    ta_client_close_when_sent (self->client);
  queue_counters (self);
}

static void
on_file_started (TaClientPage *self,
                 guint         n_connections)
{
  self->files_out++;
  queue_counters (self);
}

/**
 * ta_client_page_send_text:
 *
 * Sends @text with the page's format, encoding and line ending, and
 * remembers it in the history; shows what went wrong under the message box.
 *
 * Returns: whether it was queued
 */
gboolean
ta_client_page_send_text (TaClientPage *self,
                          const char   *text)
{
  g_return_val_if_fail (TA_IS_CLIENT_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return ta_composer_send_text (self->composer, text);
}

static void
ta_client_page_dispose (GObject *object)
{
  TaClientPage *self = TA_CLIENT_PAGE (object);

  g_clear_handle_id (&self->connecting_id, g_source_remove);
  g_clear_handle_id (&self->counters_id, g_source_remove);
  g_clear_handle_id (&self->split_id, g_source_remove);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->reconnect)
    {
      g_signal_handlers_disconnect_by_data (self->reconnect, self);
      ta_reconnect_stop (self->reconnect);
    }
  if (self->composer)
    ta_composer_cancel_all (self->composer);
  if (self->client)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      ta_client_disconnect (self->client);
    }
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_CLIENT_PAGE);
  g_clear_object (&self->shown_conn);
  g_clear_object (&self->client);
  g_clear_object (&self->reconnect);
  g_clear_object (&self->store);
  g_clear_object (&self->traffic);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_send, g_free);
  g_clear_pointer (&self->closed_message, g_free);
  g_clear_pointer (&self->last_host, g_free);
  g_clear_pointer (&self->tls_fingerprint, g_free);
  if (self->cert_dialog != NULL)
    {
      GtkWidget *dialog = self->cert_dialog;

      g_signal_handlers_disconnect_by_data (dialog, self);
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->cert_dialog);
      self->cert_dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_clear_pointer (&self->retry_why, g_free);

  G_OBJECT_CLASS (ta_client_page_parent_class)->dispose (object);
}

static void
ta_client_page_class_init (TaClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_client_page_dispose;

  g_type_ensure (TA_TYPE_LOG_SWITCHER);
  g_type_ensure (TA_TYPE_TRAFFIC_GRAPH);
  g_type_ensure (TA_TYPE_RATE_LABEL);
  g_type_ensure (TA_TYPE_COMPOSER);
  g_type_ensure (TA_TYPE_SAVED_CONNECTIONS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, controls);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, connect_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, address_error);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, log_switcher);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, counters_box);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, counters_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, traffic_graph);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, composer);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, close_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, auto_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, tls_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, saved_button);
  /* Enter in the host or port entry does what Connect does. */
  gtk_widget_class_bind_template_callback (widget_class, toggle_action);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_sent);
  gtk_widget_class_bind_template_callback (widget_class, on_file_started);
  gtk_widget_class_bind_template_callback (widget_class, on_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_port_changed);

  gtk_widget_class_install_action (widget_class, "client.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "client.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "client.reset-counters", NULL, reset_counters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "client.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taclientpage");
}

static void
ta_client_page_init (TaClientPage *self)
{
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->log_view = ta_log_switcher_get_log_view (self->log_switcher);

  self->reconnect = ta_reconnect_new ();
  g_signal_connect_swapped (self->reconnect, "retry", G_CALLBACK (on_retry), self);
  g_signal_connect_swapped (self->reconnect, "notify::remaining-seconds", G_CALLBACK (update_state), self);
  self->settings = g_object_ref (ta_settings_get ());
  on_reconnect_limit_changed (self);
  self->client = ta_client_new ();
  self->store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  ta_log_store_attach_client (self->store, self->client);
  self->traffic = ta_traffic_new ();
  ta_traffic_attach_client (self->traffic, self->client);
  ta_traffic_graph_set_traffic (self->traffic_graph, self->traffic, FALSE);
  ta_rate_label_set_traffic (self->rate_label, self->traffic);
  ta_frame_settings_follow (self->settings, "client-framing", G_OBJECT (self->client));
  ta_log_store_set_max_entries (self->store, g_settings_get_int (self->settings, "log-max-entries"));

  ta_composer_setup (self->composer, self->settings, "send-mode", "send-line-ending", "send-checksum",
                      self->store);
  ta_composer_set_targets_func (self->composer, composer_targets, self);

  g_settings_bind (self->settings, "close-after-send", self->close_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-reconnect", self->auto_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "client-tls", self->tls_check, "active", G_SETTINGS_BIND_DEFAULT);

  /* The entries' "changed" handlers are connected by the template:
   * blocked while the saved texts are put back (a saved host is never
   * split, a saved port is valid). */
  g_signal_handlers_block_by_func (self->host_entry, on_host_changed, self);
  g_signal_handlers_block_by_func (self->port_entry, on_port_changed, self);
  host = g_settings_get_string (self->settings, "client-host");
  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host);
  port_text = g_strdup_printf ("%d", g_settings_get_int (self->settings, "client-port"));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
  g_signal_handlers_unblock_by_func (self->port_entry, on_port_changed, self);
  g_signal_handlers_unblock_by_func (self->host_entry, on_host_changed, self);

  ta_log_switcher_set_store (self->log_switcher, self->store);
  update_log_placeholder (self);

  g_signal_connect_swapped (self->settings, "changed::auto-reconnect", G_CALLBACK (on_auto_reconnect_changed), self);
  g_signal_connect_swapped (self->settings, "changed::reconnect-limit", G_CALLBACK (on_reconnect_limit_changed), self);
  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->client, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect_swapped (self->client, "connect-failed", G_CALLBACK (on_connect_failed), self);
  g_signal_connect_swapped (self->client, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect_swapped (self->client, "received", G_CALLBACK (queue_counters), self);
  g_signal_connect_swapped (self->client, "sent", G_CALLBACK (on_sent), self);

  /* The local address and port to connect from: an icon in the host field. */
  ta_local_side_attach (GTK_ENTRY (self->host_entry), self->client);
  /* Recent servers under the host field (its other icon, Down, typing). */
  g_signal_connect_swapped (ta_recent_popover_attach (self->host_entry, self->port_entry, self->client),
                            "picked", G_CALLBACK (on_recent_picked), self);
  /* Saved named connections: fill the fields and set the composer. */
  ta_saved_connections_button_setup (self->saved_button, GTK_EDITABLE (self->host_entry),
                                     GTK_EDITABLE (self->port_entry), self->tls_check,
                                     self->composer, self->settings);
  /* The connection doctor's "Why did it fail?" under the inline error. */
  gtk_widget_insert_after (ta_doctor_button_new (self->client, self->store),
                           gtk_widget_get_parent (GTK_WIDGET (self->address_error)),
                           GTK_WIDGET (self->address_error));
  update_state (self);
}

/**
 * ta_client_page_get_client:
 *
 * Returns: (transfer none): the page's client
 */
TaClient *
ta_client_page_get_client (TaClientPage *self)
{
  g_return_val_if_fail (TA_IS_CLIENT_PAGE (self), NULL);
  return self->client;
}

/**
 * ta_client_page_get_log_store:
 *
 * Returns: (transfer none): the page's log
 */
TaLogStore *
ta_client_page_get_log_store (TaClientPage *self)
{
  g_return_val_if_fail (TA_IS_CLIENT_PAGE (self), NULL);
  return self->store;
}

/**
 * ta_client_page_set_tls:
 * @fingerprint: (nullable): accept only the server certificate with this
 *   SHA-256 fingerprint, without asking (--tls-fingerprint)
 *
 * For the command line: TLS on or off for the next connects.
 */
void
ta_client_page_set_tls (TaClientPage *self,
                        gboolean      enabled,
                        const char   *fingerprint)
{
  g_return_if_fail (TA_IS_CLIENT_PAGE (self));

  gtk_check_button_set_active (self->tls_check, enabled);
  g_free (self->tls_fingerprint);
  self->tls_fingerprint = g_strdup (fingerprint);
}

TaLogView *_ta_client_page_get_log_view (TaClientPage *self) { return self->log_view; }
GtkCheckButton *_ta_client_page_get_tls_check (TaClientPage *self) { return self->tls_check; }
TaSavedConnectionsButton *_ta_client_page_get_saved_button (TaClientPage *self) { return self->saved_button; }
GtkWidget *_ta_client_page_get_certificate_dialog (TaClientPage *self) { return self->cert_dialog; }
TaComposer *_ta_client_page_get_composer (TaClientPage *self) { return self->composer; }
GtkEditable *_ta_client_page_get_host_entry (TaClientPage *self) { return GTK_EDITABLE (self->host_entry); }
GtkEditable *_ta_client_page_get_port_entry (TaClientPage *self) { return GTK_EDITABLE (self->port_entry); }
GtkLabel *_ta_client_page_get_status_label (TaClientPage *self) { return self->status_label; }
GtkLabel *_ta_client_page_get_counters_label (TaClientPage *self) { return self->counters_label; }
TaRateLabel *_ta_client_page_get_rate_label (TaClientPage *self) { return self->rate_label; }
GtkWidget *_ta_client_page_get_connect_button (TaClientPage *self) { return GTK_WIDGET (self->connect_button); }
const char *_ta_client_page_get_connect_label (TaClientPage *self) { return gtk_label_get_label (self->connect_label); }
void _ta_client_page_set_reconnect_unit (TaClientPage *self, guint ms) { ta_reconnect_set_unit_ms (self->reconnect, MAX (ms, 1)); }
