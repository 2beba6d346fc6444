/* ta-client-page.c: the Client page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Host and port (pasting "host:port" splits itself), Connect / Cancel /
 * Disconnect, a multi-line message box where Enter sends, text or hex,
 * the send encoding and line ending, the tutorial's one-shot "close after
 * sending", counters, and the log.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-client-page.h"
#include "ta-codec.h"
#include "ta-ui-util.h"

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

static void
update_counters (TaClientPage *self)
{
  TaConnection *conn = ta_client_get_connection (self->client);
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  guint64 mi = 0, mo = 0;

  in = ta_format_size (conn ? ta_connection_get_bytes_in (conn) : 0);
  out = ta_format_size (conn ? ta_connection_get_bytes_out (conn) : 0);
  if (conn)
    {
      mi = ta_connection_get_messages_in (conn);
      mo = ta_connection_get_messages_out (conn);
    }
  {
    g_autofree char *recv = NULL;
    g_autofree char *sent = NULL;

    /* Translators: "Received 5 bytes in 1 message" */
    recv = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Received %s in %u message", "Received %s in %u messages", (gulong) mi),
                            in, (guint) mi);
    /* Translators: "Sent 6 bytes in 1 message" */
    sent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %s in %u message", "Sent %s in %u messages", (gulong) mo),
                            out, (guint) mo);
    text = g_strdup_printf ("%s · %s", recv, sent);
  }
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

  gtk_widget_set_sensitive (GTK_WIDGET (self->host_entry), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == TA_CLIENT_CONNECTING);
  gtk_spinner_set_spinning (self->spinner, state == TA_CLIENT_CONNECTING);
  gtk_widget_remove_css_class (button, "suggested-action");
  gtk_widget_remove_css_class (button, "destructive-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");

  if (state != TA_CLIENT_CONNECTING)
    g_clear_handle_id (&self->connecting_id, g_source_remove);

  switch (state)
    {
    case TA_CLIENT_CONNECTING:
      gtk_label_set_label (self->connect_label, _("_Cancel"));
      gtk_widget_set_tooltip_text (button, _("Stop trying to connect (Escape)"));
      self->connect_started = g_get_monotonic_time ();
      update_connecting_label (self);
      if (self->connecting_id == 0)
        self->connecting_id = g_timeout_add_seconds (1, connecting_tick_cb, self);
      break;

    case TA_CLIENT_CONNECTED:
      {
        g_autofree char *text = NULL;

        gtk_label_set_label (self->connect_label, _("_Disconnect"));
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
      gtk_label_set_label (self->connect_label, _("_Connect"));
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_label_set_text (self->status_label,
                          self->closed_message ? self->closed_message : _("Not connected"));
      break;
    }
  update_counters (self);
}

static void
on_connected (TaClientPage *self,
              TaConnection *conn)
{
  g_autofree char *text = NULL;

  ta_label_set_error (self->address_error, NULL);
  g_clear_pointer (&self->closed_message, g_free);
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
  g_clear_pointer (&self->pending_send, g_free);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (self->closed_message);
      self->closed_message = g_strdup (_("Not connected (cancelled)"));
      update_state (self);
      return;
    }
  ta_label_set_error (self->address_error, sentence);
  toast (self, sentence);
}

static void
on_closed (TaClientPage *self,
           TaConnection *conn,
           guint         reason,
           const char   *message)
{
  g_free (self->closed_message);
  /* Translators: %s is why, such as "the server closed the connection" */
  self->closed_message = g_strdup_printf (_("Disconnected: %s"), ta_close_reason_describe (reason, FALSE));
  update_state (self);
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
  if (ta_client_get_state (self->client) != TA_CLIENT_DISCONNECTED)
    ta_client_disconnect (self->client);

  g_free (self->pending_send);
  self->pending_send = g_strdup (send_when_connected);
  g_clear_pointer (&self->closed_message, g_free);
  g_settings_set_string (self->settings, "client-host", h);
  g_settings_set_int (self->settings, "client-port", p);
  ta_client_connect (self->client, h, p, g_settings_get_int (self->settings, "connect-timeout"));
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
      ta_client_disconnect (self->client);
      break;
    case TA_CLIENT_DISCONNECTED:
    default:
      ta_client_page_connect (self, NULL, 0, NULL);
      break;
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaClientPage *self = TA_CLIENT_PAGE (widget);

  if (ta_client_get_state (self->client) == TA_CLIENT_CONNECTING)
    ta_client_cancel (self->client);
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

/* Sending */

static char *
dup_message_text (TaClientPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * ta_client_page_send_text:
 *
 * Sends @text with the page's format, encoding and line ending; shows
 * what went wrong under the message box.
 *
 * Returns: whether it was queued
 */
gboolean
ta_client_page_send_text (TaClientPage *self,
                          const char   *text)
{
  gboolean hex = gtk_drop_down_get_selected (self->mode_dropdown) == 1;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TA_IS_CLIENT_PAGE (self), FALSE);

  if (ta_client_get_state (self->client) != TA_CLIENT_CONNECTED)
    {
      ta_label_set_error (self->send_error, _("Not connected: connect to a server first."));
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
  return TRUE;
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
  if (self->client)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      ta_client_disconnect (self->client);
    }
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_CLIENT_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_send, g_free);
  g_clear_pointer (&self->closed_message, g_free);

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

  gtk_widget_class_install_action (widget_class, "client.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "client.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "client.send", NULL, send_action);
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

  self->settings = g_settings_new (APP_ID);
  self->client = ta_client_new ();
  self->store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  ta_log_store_attach_client (self->store, self->client);
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
  g_signal_connect_swapped (self->settings, "changed::send-encoding", G_CALLBACK (on_send_encoding_setting), self);
  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->client, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect_swapped (self->client, "connect-failed", G_CALLBACK (on_connect_failed), self);
  g_signal_connect_swapped (self->client, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect_swapped (self->client, "received", G_CALLBACK (queue_counters), self);
  g_signal_connect_swapped (self->client, "sent", G_CALLBACK (queue_counters), self);

  ta_log_store_set_send_charset (self->store, send_charset (self));
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
