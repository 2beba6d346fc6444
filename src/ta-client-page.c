/* ta-client-page.c: the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Host and port (pasting "host:port" splits itself), Connect / Cancel /
 * Disconnect, Reconnect (by hand, or automatically after 2 s with at most
 * 5 tries in a row), a multi-line message box where Enter sends, text or
 * hex, the send encoding and line ending, the tutorial's one-shot "close
 * after sending", the history of sent messages, repeated sending, sending
 * a file, counters with the connection time, and the log.
 *
 * History: the GSettings key "history" holds the last sent messages,
 * newest first, without duplicates, at most "history-size" of them. A hex
 * message is stored as "hex:" followed by what was typed; a text message
 * is stored as typed, except that one which itself starts with "hex:" or
 * "text:" gets a "text:" prefix, so every entry reads back unambiguously.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-client-page.h"
#include "ta-codec.h"
#include "ta-doctor-button.h"
#include "ta-local-side.h"
#include "ta-file-sender.h"
#include "ta-ui-util.h"

#define RECONNECT_DELAY_MS 2000
#define RECONNECT_MAX_TRIES 5
/* A connection that lived this long ends a streak of automatic tries. */
#define RECONNECT_STABLE_US (10 * G_USEC_PER_SEC)
/* Longer messages are sent but not remembered. */
#define HISTORY_MAX_CHARS 16384

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
  TaLogView *log_view;
  GtkLabel *counters_label;
  GtkWidget *send_area;
  GtkTextView *message_view;
  GtkButton *send_button;
  GtkWidget *send_options_box;
  GtkCheckButton *close_check;
  GtkLabel *send_error;
  GtkButton *reconnect_button;
  GtkCheckButton *auto_check;
  GtkMenuButton *history_button;
  GtkPopover *history_popover;
  GtkListBox *history_list;
  GtkButton *clear_history_button;
  GtkCheckButton *repeat_check;
  GtkSpinButton *repeat_spin;
  GtkLabel *repeat_count_label;
  GtkButton *send_file_button;
  GtkWidget *file_box;
  GtkLabel *file_label;
  GtkProgressBar *file_progress;
  GtkLabel *file_size_label;
  GtkButton *file_cancel_button;
  GtkButton *file_close_button;

  GtkDropDown *mode_dropdown;
  GtkDropDown *charset_dropdown;
  GtkDropDown *ending_dropdown;

  GSettings *settings;
  TaClient *client;
  TaLogStore *store;
  char *pending_send;
  char *closed_message;
  gint64 connect_started;
  guint connecting_id;
  guint counters_id;
  guint split_id;

  /* The connection shown in the counters; kept after it closes. The
   * core counts each piece of a file as a message; a file counts as one. */
  TaConnection *shown_conn;
  guint64 file_pieces_out;
  guint64 files_out;
  gint64 shown_ended_at;
  guint clock_id;

  /* Reconnect */
  char *last_host;
  guint16 last_port;
  gboolean can_reconnect;
  guint reconnect_id;
  guint reconnect_tries;
  guint reconnect_delay_ms;

  /* Repeat */
  guint repeat_id;
  guint repeat_count;
  gboolean repeat_guard;

  /* File */
  TaFileSender *file_sender;
  GCancellable *file_cancellable;
  GtkFileChooserNative *chooser;
  char *file_name;
  char *file_size_text;
};

G_DEFINE_FINAL_TYPE (TaClientPage, ta_client_page, GTK_TYPE_WIDGET)

static const char *mode_ids[] = { "text", "hex", NULL };
static const char *ending_ids[] = { "none", "lf", "crlf", NULL };

static void
toast (TaClientPage *self,
       const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static const char *
send_charset (TaClientPage *self)
{
  return ta_charset_dropdown_get_id (self->charset_dropdown);
}

/* State */

static void stop_repeat (TaClientPage *self);
static void stop_reconnecting (TaClientPage *self);

static gboolean
file_busy (TaClientPage *self)
{
  return self->file_sender != NULL || self->file_cancellable != NULL;
}

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

  in = ta_format_size (conn ? ta_connection_get_bytes_in (conn) : 0);
  out = ta_format_size (conn ? ta_connection_get_bytes_out (conn) : 0);
  if (conn)
    {
      gint64 end = self->shown_ended_at ? self->shown_ended_at : g_get_real_time ();

      mi = ta_connection_get_messages_in (conn);
      mo = ta_connection_get_messages_out (conn);
      if (mo >= self->file_pieces_out)
        mo = mo - self->file_pieces_out + self->files_out;
      elapsed = end - ta_connection_get_connected_at (conn);
    }

  /* Translators: "Received 5 bytes in 1 message" */
  recv = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Received %s in %u message", "Received %s in %u messages", (gulong) mi),
                          in, (guint) mi);
  /* Translators: "Sent 6 bytes in 1 message" */
  sent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %s in %u message", "Sent %s in %u messages", (gulong) mo),
                          out, (guint) mo);
  time = format_duration (elapsed);
  /* Translators: how long the connection has lasted, as minutes:seconds, e.g. "Connected 03:25" */
  time_text = g_strdup_printf (_("Connected %s"), time);
  text = g_strdup_printf ("%s · %s · %s", recv, sent, time_text);
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

static void
update_state (TaClientPage *self)
{
  TaClientState state = ta_client_get_state (self->client);
  GtkWidget *button = GTK_WIDGET (self->connect_button);
  gboolean idle = state == TA_CLIENT_DISCONNECTED;
  gboolean connected = state == TA_CLIENT_CONNECTED;

  gtk_widget_set_sensitive (GTK_WIDGET (self->host_entry), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == TA_CLIENT_CONNECTING);
  gtk_spinner_set_spinning (self->spinner, state == TA_CLIENT_CONNECTING);
  gtk_widget_remove_css_class (button, "suggested-action");
  gtk_widget_remove_css_class (button, "destructive-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");

  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button),
                          idle && self->can_reconnect && self->last_host != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.reconnect",
                                 idle && self->last_host != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.send-file",
                                 connected && !file_busy (self));

  if (state != TA_CLIENT_CONNECTING)
    g_clear_handle_id (&self->connecting_id, g_source_remove);
  if (!connected)
    {
      g_clear_handle_id (&self->clock_id, g_source_remove);
      stop_repeat (self);
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
      gtk_label_set_label (self->connect_label, _("Co_nnect"));
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_label_set_text (self->status_label,
                          self->closed_message ? self->closed_message : _("Not connected"));
      break;
    }
  update_counters (self);
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
  self->can_reconnect = FALSE;
  g_clear_pointer (&self->closed_message, g_free);
  ta_client_connect (self->client, host, port, g_settings_get_int (self->settings, "connect-timeout"));
}

static void
stop_reconnecting (TaClientPage *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_tries = 0;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  TaClientPage *self = user_data;

  self->reconnect_id = 0;
  if (ta_client_get_state (self->client) != TA_CLIENT_DISCONNECTED || self->last_host == NULL)
    return G_SOURCE_REMOVE;
  self->reconnect_tries++;
  start_connect (self, self->last_host, self->last_port);
  return G_SOURCE_REMOVE;
}

/* After the connection ended or a reconnect try failed: try again later
 * if the user asked for it, at most RECONNECT_MAX_TRIES in a row. */
static void
maybe_reconnect_later (TaClientPage *self,
                       const char   *why)
{
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  guint delay_s;

  if (!g_settings_get_boolean (self->settings, "auto-reconnect") || self->last_host == NULL)
    {
      self->reconnect_tries = 0;
      return;
    }

  if (self->reconnect_tries >= RECONNECT_MAX_TRIES)
    {
      /* Translators: %u is 5 */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Stopped reconnecting after %u try in a row.",
                                           "Stopped reconnecting after %u tries in a row.",
                                           RECONNECT_MAX_TRIES),
                              RECONNECT_MAX_TRIES);
      self->reconnect_tries = 0;
      ta_log_store_append_event (self->store, TA_LOG_ERROR, NULL, text);
      set_closed_message (self, text);
      return;
    }

  target = ta_format_host_port (self->last_host, self->last_port);
  delay_s = (self->reconnect_delay_ms + 999) / 1000;
  /* Translators: "Reconnecting to 127.0.0.1:7788 in 2 s (try 1 of 5)…" */
  text = g_strdup_printf (_("Reconnecting to %s in %u s (try %u of %u)…"),
                          target, delay_s, self->reconnect_tries + 1, RECONNECT_MAX_TRIES);
  ta_log_store_append_event (self->store, TA_LOG_EVENT, NULL, text);
  if (why != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s %s", why, text);

      set_closed_message (self, both);
    }
  else
    set_closed_message (self, text);

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (self->reconnect_delay_ms, reconnect_cb, self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  if (self->last_host == NULL || ta_client_get_state (self->client) != TA_CLIENT_DISCONNECTED)
    return;
  stop_reconnecting (self);
  ta_label_set_error (self->address_error, NULL);
  start_connect (self, self->last_host, self->last_port);
}

static void
on_auto_reconnect_changed (TaClientPage *self)
{
  if (!g_settings_get_boolean (self->settings, "auto-reconnect") && self->reconnect_id != 0)
    {
      stop_reconnecting (self);
      set_closed_message (self, _("Not connected"));
    }
}

/* Client signals */

static void
on_connected (TaClientPage *self,
              TaConnection *conn)
{
  ta_label_set_error (self->address_error, NULL);
  g_clear_pointer (&self->closed_message, g_free);
  g_set_object (&self->shown_conn, conn);
  self->shown_ended_at = 0;
  self->file_pieces_out = 0;
  self->files_out = 0;
  self->can_reconnect = FALSE;
  update_state (self);
  if (self->pending_send)
    {
      g_autofree char *pending = g_steal_pointer (&self->pending_send);

      ta_client_page_send_text (self, pending);
    }
}

static void
on_connect_failed (TaClientPage *self,
                   const char   *sentence,
                   GError       *error)
{
  gboolean automatic = self->reconnect_tries > 0;

  g_clear_pointer (&self->pending_send, g_free);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      stop_reconnecting (self);
      set_closed_message (self, sentence);
      return;
    }
  self->can_reconnect = TRUE;
  ta_label_set_error (self->address_error, sentence);
  if (automatic)
    maybe_reconnect_later (self, NULL);
  else
    {
      set_closed_message (self, _("Not connected"));
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
    self->reconnect_tries = 0;

  /* A whole sentence: "The server closed the connection." */
  text = g_strdup (ta_close_reason_describe (reason, FALSE));
  if (reason == TA_CLOSE_BY_USER)
    {
      stop_reconnecting (self);
      set_closed_message (self, text);
      return;
    }
  self->can_reconnect = TRUE;
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
  else if (self->reconnect_id != 0)
    {
      stop_reconnecting (self);
      set_closed_message (self, _("Reconnecting was cancelled."));
    }
  else if (self->repeat_id != 0)
    stop_repeat (self);
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

/* History */

static char *
history_entry_new (const char *text,
                   gboolean    hex)
{
  if (hex)
    return g_strconcat ("hex:", text, NULL);
  if (g_str_has_prefix (text, "hex:") || g_str_has_prefix (text, "text:"))
    return g_strconcat ("text:", text, NULL);
  return g_strdup (text);
}

static const char *
history_entry_parse (const char *entry,
                     gboolean   *hex)
{
  *hex = FALSE;
  if (g_str_has_prefix (entry, "hex:"))
    {
      *hex = TRUE;
      return entry + strlen ("hex:");
    }
  if (g_str_has_prefix (entry, "text:"))
    return entry + strlen ("text:");
  return entry;
}

static void
record_history (TaClientPage *self,
                const char   *text,
                gboolean      hex)
{
  int size = g_settings_get_int (self->settings, "history-size");
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) list = NULL;
  g_autofree char *entry = NULL;
  int n = 1;

  if (size <= 0 || *text == '\0' || g_utf8_strlen (text, -1) > HISTORY_MAX_CHARS)
    return;

  entry = history_entry_new (text, hex);
  old = g_settings_get_strv (self->settings, "history");
  if (old[0] != NULL && g_str_equal (old[0], entry))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, entry);
  for (guint i = 0; old[i] != NULL && n < size; i++)
    {
      if (g_str_equal (old[i], entry))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "history", (const char * const *) list);
}

static GtkWidget *
history_row_new (const char *entry)
{
  gboolean hex;
  const char *text = history_entry_parse (entry, &hex);
  g_autoptr(GString) shown = g_string_new (NULL);
  GtkWidget *row, *box, *label;
  glong len = g_utf8_strlen (text, -1);

  /* Show line breaks and control characters as the log does (\n, \r). */
  if (len > 200)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 200);

      ta_display_escape (start, -1, shown);
      g_string_append (shown, "…");
    }
  else
    ta_display_escape (text, -1, shown);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  label = gtk_label_new (shown->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);
  if (hex)
    {
      /* Translators: a tag on a remembered message sent as hexadecimal bytes */
      GtkWidget *tag = gtk_label_new (_("Hex"));

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (tag, "caption");
      gtk_box_append (GTK_BOX (box), tag);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, text);
  g_object_set_data_full (G_OBJECT (row), "ta-history-entry", g_strdup (entry), g_free);
  return row;
}

static void
rebuild_history (TaClientPage *self)
{
  g_auto(GStrv) list = g_settings_get_strv (self->settings, "history");
  int size = g_settings_get_int (self->settings, "history-size");
  GtkWidget *child;
  GtkWidget *placeholder;
  int n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  for (guint i = 0; list[i] != NULL && n < size; i++, n++)
    gtk_list_box_append (self->history_list, history_row_new (list[i]));

  placeholder = gtk_label_new (size <= 0 ? _("The history is turned off.")
                                         : _("Messages you send are remembered here."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->history_list, placeholder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.clear-history", n > 0);
}

static void
on_history_row_activated (TaClientPage  *self,
                          GtkListBoxRow *row)
{
  const char *entry = g_object_get_data (G_OBJECT (row), "ta-history-entry");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter end;
  gboolean hex;
  const char *text;

  if (entry == NULL)
    return;
  text = history_entry_parse (entry, &hex);
  gtk_drop_down_set_selected (self->mode_dropdown, hex ? 1 : 0);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_popover_popdown (self->history_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->message_view));
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  g_settings_reset (self->settings, "history");
}

/* Sending */

static char *
dup_message_text (TaClientPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
send_message (TaClientPage *self,
              const char   *text,
              gboolean      remember)
{
  gboolean hex = gtk_drop_down_get_selected (self->mode_dropdown) == 1;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (ta_client_get_state (self->client) != TA_CLIENT_CONNECTED)
    {
      ta_label_set_error (self->send_error, _("Not connected: connect to a server first."));
      return FALSE;
    }
  if (self->file_sender != NULL)
    {
      ta_label_set_error (self->send_error, _("A file is being sent. Wait until it is sent, or cancel it."));
      return FALSE;
    }

  bytes = ta_make_message (text, hex, send_charset (self),
                           ta_choice_dropdown_get_id (self->ending_dropdown), &error);
  if (bytes == NULL)
    {
      ta_label_set_error (self->send_error, error->message);
      return FALSE;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      ta_label_set_error (self->send_error, _("Type a message first."));
      return FALSE;
    }

  ta_log_store_set_send_charset (self->store, send_charset (self));
  if (!ta_client_send (self->client, bytes, &error))
    {
      ta_label_set_error (self->send_error, error->message);
      return FALSE;
    }
  if (gtk_check_button_get_active (self->close_check))
    ta_client_close_when_sent (self->client);

  ta_label_set_error (self->send_error, NULL);
  queue_counters (self);
  if (remember)
    record_history (self, text, hex);
  return TRUE;
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

  return send_message (self, text, TRUE);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);
  g_autofree char *text = dup_message_text (self);

  ta_client_page_send_text (self, text);
}

/* Repeat */

static void
update_repeat_count (TaClientPage *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->repeat_count_label), self->repeat_count > 0);
  /* Translators: how many times a repeated message went out */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %u time", "Sent %u times", self->repeat_count),
                          self->repeat_count);
  gtk_label_set_text (self->repeat_count_label, text);
}

static void
set_repeat_active (TaClientPage *self,
                   gboolean      active)
{
  self->repeat_guard = TRUE;
  gtk_check_button_set_active (self->repeat_check, active);
  self->repeat_guard = FALSE;
}

static void
stop_repeat (TaClientPage *self)
{
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  if (gtk_check_button_get_active (self->repeat_check))
    set_repeat_active (self, FALSE);
}

/* One tick: at most one repeated message waits in the queue at a time;
 * while the previous one has not gone out, this tick is skipped. */
static gboolean
repeat_cb (gpointer user_data)
{
  TaClientPage *self = user_data;
  TaConnection *conn = ta_client_get_connection (self->client);
  g_autofree char *text = NULL;

  if (ta_client_get_state (self->client) != TA_CLIENT_CONNECTED || conn == NULL)
    {
      self->repeat_id = 0;
      stop_repeat (self);
      return G_SOURCE_REMOVE;
    }
  if (ta_connection_get_queued_bytes (conn) > 0)
    return G_SOURCE_CONTINUE;

  text = dup_message_text (self);
  if (!send_message (self, text, FALSE))
    {
      self->repeat_id = 0;
      stop_repeat (self);
      return G_SOURCE_REMOVE;
    }
  self->repeat_count++;
  update_repeat_count (self);
  return G_SOURCE_CONTINUE;
}

static void
start_repeat_timer (TaClientPage *self)
{
  guint interval = (guint) CLAMP (gtk_spin_button_get_value_as_int (self->repeat_spin), 10, 3600000);

  g_clear_handle_id (&self->repeat_id, g_source_remove);
  self->repeat_id = g_timeout_add (interval, repeat_cb, self);
}

static void
on_repeat_toggled (TaClientPage *self)
{
  g_autofree char *text = NULL;

  if (self->repeat_guard)
    return;
  if (!gtk_check_button_get_active (self->repeat_check))
    {
      g_clear_handle_id (&self->repeat_id, g_source_remove);
      return;
    }

  /* The first one goes out at once, and is remembered. */
  text = dup_message_text (self);
  self->repeat_count = 0;
  if (!send_message (self, text, TRUE))
    {
      set_repeat_active (self, FALSE);
      update_repeat_count (self);
      return;
    }
  self->repeat_count = 1;
  update_repeat_count (self);
  start_repeat_timer (self);
}

static void
on_repeat_interval_changed (TaClientPage *self)
{
  if (self->repeat_id != 0)
    start_repeat_timer (self);
}

/* Sending a file */

static void
file_show_finished (TaClientPage *self,
                    const char   *label)
{
  gtk_label_set_text (self->file_label, label);
  gtk_widget_set_visible (GTK_WIDGET (self->file_cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->file_close_button), TRUE);
}

static void
on_file_progress (TaClientPage *self,
                  guint64       sent,
                  guint64       total)
{
  g_autofree char *sent_text = ta_format_size (sent);
  g_autofree char *total_text = ta_format_size (total);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->file_progress,
                                 total > 0 ? MIN (1.0, (double) sent / (double) total) : 0.0);
  /* Translators: "1.2 MiB of 5.0 MiB" */
  text = g_strdup_printf (_("%s of %s"), sent_text, total_text);
  gtk_label_set_text (self->file_size_label, text);
  queue_counters (self);
}

static void
on_file_finished (TaClientPage *self,
                  GError       *error)
{
  g_autoptr(TaFileSender) sender = g_steal_pointer (&self->file_sender);
  g_autofree char *text = NULL;

  g_signal_handlers_disconnect_by_data (sender, self);

  if (error == NULL)
    {
      gtk_progress_bar_set_fraction (self->file_progress, 1.0);
      /* Translators: "File sent: photo.jpg (2.1 MiB)" */
      text = g_strdup_printf (_("File sent: %s (%s)"), self->file_name, self->file_size_text);
      ta_log_store_append_event (self->store, TA_LOG_EVENT, NULL, text);
      file_show_finished (self, text);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ta_log_store_append_event (self->store, TA_LOG_EVENT, NULL, error->message);
      file_show_finished (self, error->message);
    }
  else
    {
      ta_log_store_append_event (self->store, TA_LOG_ERROR, NULL, error->message);
      ta_label_set_error (self->send_error, error->message);
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Not sent: %s"), self->file_name);
      file_show_finished (self, text);
    }
  update_state (self);
  queue_counters (self);
}

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TaClientPage) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *text = NULL;
  GFile *file = G_FILE (object);
  TaConnection *conn;

  info = g_file_query_info_finish (file, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cancellable = g_steal_pointer (&self->file_cancellable);

  if (info == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      text = g_strdup_printf (_("The file “%s” cannot be read: %s"), name, error->message);
      ta_label_set_error (self->send_error, text);
      update_state (self);
      return;
    }

  g_free (self->file_name);
  self->file_name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      text = g_strdup_printf (_("“%s” is a folder. Choose a file."), self->file_name);
      ta_label_set_error (self->send_error, text);
      update_state (self);
      return;
    }

  conn = ta_client_get_connection (self->client);
  if (conn == NULL || ta_client_get_state (self->client) != TA_CLIENT_CONNECTED)
    {
      ta_label_set_error (self->send_error, _("Not connected: connect to a server first."));
      update_state (self);
      return;
    }

  g_free (self->file_size_text);
  self->file_size_text = ta_format_size (g_file_info_get_size (info));

  ta_label_set_error (self->send_error, NULL);
  /* Translators: "Sending file photo.jpg (2.1 MiB)…" */
  text = g_strdup_printf (_("Sending file %s (%s)…"), self->file_name, self->file_size_text);
  ta_log_store_append_event (self->store, TA_LOG_EVENT, NULL, text);

  gtk_label_set_text (self->file_label, text);
  gtk_progress_bar_set_fraction (self->file_progress, 0.0);
  on_file_progress (self, 0, g_file_info_get_size (info));
  gtk_widget_set_visible (GTK_WIDGET (self->file_cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->file_close_button), FALSE);
  gtk_widget_set_visible (self->file_box, TRUE);

  self->files_out++;
  self->file_sender = ta_file_sender_new (conn, file);
  g_signal_connect_swapped (self->file_sender, "progress", G_CALLBACK (on_file_progress), self);
  g_signal_connect_swapped (self->file_sender, "finished", G_CALLBACK (on_file_finished), self);
  update_state (self);
  ta_file_sender_start (self->file_sender);
}

/**
 * _ta_client_page_send_file:
 *
 * Sends the bytes of @file over the connection, with progress under the
 * message box and a line in the log when it starts and ends. What the
 * "Send File…" button does once a file is chosen.
 */
void
_ta_client_page_send_file (TaClientPage *self,
                           GFile        *file)
{
  g_return_if_fail (TA_IS_CLIENT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (ta_client_get_state (self->client) != TA_CLIENT_CONNECTED)
    {
      ta_label_set_error (self->send_error, _("Not connected: connect to a server first."));
      return;
    }
  if (file_busy (self))
    {
      ta_label_set_error (self->send_error, _("A file is being sent. Wait until it is sent, or cancel it."));
      return;
    }
  /* The file's bytes must not be mixed with repeated messages. */
  stop_repeat (self);

  self->file_cancellable = g_cancellable_new ();
  update_state (self);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->file_cancellable, file_info_cb, g_object_ref (self));
}

static void
on_file_chosen (TaClientPage         *self,
                int                   response,
                GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) hold = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        _ta_client_page_send_file (self, file);
    }
}

static void
send_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Send a File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Send"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  if (self->file_sender != NULL)
    ta_file_sender_cancel (self->file_sender);
  else if (self->file_cancellable != NULL)
    {
      /* Still looking at the file: nothing was sent yet. */
      g_cancellable_cancel (self->file_cancellable);
      g_clear_object (&self->file_cancellable);
      update_state (self);
    }
  else
    gtk_widget_set_visible (self->file_box, FALSE);
}

/* Message box */

static gboolean
on_message_key_pressed (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        TaClientPage          *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "client.send", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
on_message_changed (TaClientPage *self)
{
  gboolean hex = gtk_drop_down_get_selected (self->mode_dropdown) == 1;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (!hex)
    {
      ta_label_set_error (self->send_error, NULL);
      return;
    }
  text = dup_message_text (self);
  bytes = ta_hex_parse (text, &error);
  ta_label_set_error (self->send_error, bytes ? NULL : error->message);
}

static void
on_charset_changed (TaClientPage *self)
{
  g_settings_set_string (self->settings, "send-encoding", send_charset (self));
  ta_log_store_set_send_charset (self->store, send_charset (self));
}

static void
on_send_encoding_setting (TaClientPage *self)
{
  g_autofree char *charset = g_settings_get_string (self->settings, "send-encoding");

  ta_charset_dropdown_set_id (self->charset_dropdown, *charset ? charset : ta_codec_default_send_charset ());
}

static void
ta_client_page_dispose (GObject *object)
{
  TaClientPage *self = TA_CLIENT_PAGE (object);

  g_clear_handle_id (&self->connecting_id, g_source_remove);
  g_clear_handle_id (&self->counters_id, g_source_remove);
  g_clear_handle_id (&self->split_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  if (self->file_cancellable)
    g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  if (self->file_sender)
    {
      g_signal_handlers_disconnect_by_data (self->file_sender, self);
      ta_file_sender_cancel (self->file_sender);
      g_clear_object (&self->file_sender);
    }
  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
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
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_send, g_free);
  g_clear_pointer (&self->closed_message, g_free);
  g_clear_pointer (&self->last_host, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->file_size_text, g_free);

  G_OBJECT_CLASS (ta_client_page_parent_class)->dispose (object);
}

static void
ta_client_page_class_init (TaClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_client_page_dispose;

  g_type_ensure (TA_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, controls);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, connect_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, address_error);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, log_view);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, counters_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, send_area);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, message_view);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, send_options_box);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, close_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, send_error);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, auto_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, history_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, history_popover);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, clear_history_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, repeat_check);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, repeat_spin);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, repeat_count_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, send_file_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_box);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_progress);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_size_label);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TaClientPage, file_close_button);

  gtk_widget_class_install_action (widget_class, "client.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "client.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "client.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "client.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "client.send-file", NULL, send_file_action);
  gtk_widget_class_install_action (widget_class, "client.cancel-file", NULL, cancel_file_action);
  gtk_widget_class_install_action (widget_class, "client.clear-history", NULL, clear_history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "client.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taclientpage");
}

static void
ta_client_page_init (TaClientPage *self)
{
  GtkEventController *keys;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  const char *mode_labels[] = { _("Text"), _("Hex"), NULL };
  const char *ending_labels[] = { _("No line ending"), _("Add \\n"), _("Add \\r\\n"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->reconnect_delay_ms = RECONNECT_DELAY_MS;
  self->settings = g_settings_new (APP_ID);
  self->client = ta_client_new ();
  self->store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  ta_log_store_attach_client (self->store, self->client);
  ta_frame_settings_follow (self->settings, "client-framing", G_OBJECT (self->client));
  ta_log_store_set_max_entries (self->store, g_settings_get_int (self->settings, "log-max-entries"));

  self->mode_dropdown = ta_choice_dropdown_new (mode_ids, mode_labels);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_dropdown),
                               _("Send the message as text, or as hexadecimal bytes such as 48 65 6C 6C 6F"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message format"), -1);
  ta_choice_dropdown_bind (self->mode_dropdown, self->settings, "send-mode");

  self->charset_dropdown = ta_charset_dropdown_new (FALSE);
  on_send_encoding_setting (self);

  self->ending_dropdown = ta_choice_dropdown_new (ending_ids, ending_labels);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ending_dropdown),
                               _("Added after each text message"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ending_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Line ending"), -1);
  ta_choice_dropdown_bind (self->ending_dropdown, self->settings, "send-line-ending");

  gtk_box_prepend (GTK_BOX (self->send_options_box), GTK_WIDGET (self->ending_dropdown));
  gtk_box_prepend (GTK_BOX (self->send_options_box), GTK_WIDGET (self->charset_dropdown));
  gtk_box_prepend (GTK_BOX (self->send_options_box), GTK_WIDGET (self->mode_dropdown));

  g_settings_bind (self->settings, "close-after-send", self->close_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-reconnect", self->auto_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "repeat-interval", self->repeat_spin, "value", G_SETTINGS_BIND_DEFAULT);

  host = g_settings_get_string (self->settings, "client-host");
  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host);
  port_text = g_strdup_printf ("%d", g_settings_get_int (self->settings, "client-port"));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);

  ta_log_view_set_store (self->log_view, self->store);
  ta_log_view_set_placeholder (self->log_view,
                               _("Type the server’s address and port, then Connect. "
                                 "What you send and what the server answers is shown here."));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_message_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->message_view), keys);

  g_signal_connect_swapped (self->host_entry, "changed", G_CALLBACK (on_host_changed), self);
  g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (on_port_changed), self);
  g_signal_connect_swapped (self->host_entry, "activate", G_CALLBACK (toggle_action), self);
  g_signal_connect_swapped (self->port_entry, "activate", G_CALLBACK (toggle_action), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->message_view), "changed",
                            G_CALLBACK (on_message_changed), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (on_message_changed), self);
  g_signal_connect_swapped (self->charset_dropdown, "notify::selected", G_CALLBACK (on_charset_changed), self);
  g_signal_connect_swapped (self->repeat_check, "toggled", G_CALLBACK (on_repeat_toggled), self);
  g_signal_connect_swapped (self->repeat_spin, "value-changed", G_CALLBACK (on_repeat_interval_changed), self);
  g_signal_connect_swapped (self->history_list, "row-activated", G_CALLBACK (on_history_row_activated), self);
  g_signal_connect_swapped (self->settings, "changed::send-encoding", G_CALLBACK (on_send_encoding_setting), self);
  g_signal_connect_swapped (self->settings, "changed::history", G_CALLBACK (rebuild_history), self);
  g_signal_connect_swapped (self->settings, "changed::history-size", G_CALLBACK (rebuild_history), self);
  g_signal_connect_swapped (self->settings, "changed::auto-reconnect", G_CALLBACK (on_auto_reconnect_changed), self);
  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->client, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect_swapped (self->client, "connect-failed", G_CALLBACK (on_connect_failed), self);
  g_signal_connect_swapped (self->client, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect_swapped (self->client, "received", G_CALLBACK (queue_counters), self);
  g_signal_connect_swapped (self->client, "sent", G_CALLBACK (on_sent), self);

  /* The local address and port to connect from: an icon in the host field. */
  ta_local_side_attach (GTK_ENTRY (self->host_entry), self->client);
  /* The connection doctor's "Why did it fail?" under the inline error. */
  gtk_widget_insert_after (ta_doctor_button_new (self->client, self->store),
                           gtk_widget_get_parent (GTK_WIDGET (self->address_error)),
                           GTK_WIDGET (self->address_error));

  ta_log_store_set_send_charset (self->store, send_charset (self));
  rebuild_history (self);
  update_repeat_count (self);
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

TaLogView *_ta_client_page_get_log_view (TaClientPage *self) { return self->log_view; }
GtkEditable *_ta_client_page_get_host_entry (TaClientPage *self) { return GTK_EDITABLE (self->host_entry); }
GtkEditable *_ta_client_page_get_port_entry (TaClientPage *self) { return GTK_EDITABLE (self->port_entry); }
GtkTextView *_ta_client_page_get_message_view (TaClientPage *self) { return self->message_view; }
GtkLabel *_ta_client_page_get_send_error (TaClientPage *self) { return self->send_error; }
GtkLabel *_ta_client_page_get_status_label (TaClientPage *self) { return self->status_label; }
GtkLabel *_ta_client_page_get_counters_label (TaClientPage *self) { return self->counters_label; }
GtkCheckButton *_ta_client_page_get_repeat_check (TaClientPage *self) { return self->repeat_check; }
GtkSpinButton *_ta_client_page_get_repeat_spin (TaClientPage *self) { return self->repeat_spin; }
GtkLabel *_ta_client_page_get_repeat_count_label (TaClientPage *self) { return self->repeat_count_label; }
GtkListBox *_ta_client_page_get_history_list (TaClientPage *self) { return self->history_list; }
GtkProgressBar *_ta_client_page_get_file_progress (TaClientPage *self) { return self->file_progress; }
GtkDropDown *_ta_client_page_get_mode_dropdown (TaClientPage *self) { return self->mode_dropdown; }
GtkDropDown *_ta_client_page_get_charset_dropdown (TaClientPage *self) { return self->charset_dropdown; }
GtkDropDown *_ta_client_page_get_ending_dropdown (TaClientPage *self) { return self->ending_dropdown; }
GtkWidget *_ta_client_page_get_connect_button (TaClientPage *self) { return GTK_WIDGET (self->connect_button); }
GtkWidget *_ta_client_page_get_reconnect_button (TaClientPage *self) { return GTK_WIDGET (self->reconnect_button); }
gboolean _ta_client_page_is_sending_file (TaClientPage *self) { return file_busy (self); }
void _ta_client_page_set_reconnect_delay (TaClientPage *self, guint ms) { self->reconnect_delay_ms = MAX (ms, 1); }
