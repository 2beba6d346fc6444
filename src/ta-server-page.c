/* ta-server-page.c: the Server page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Port, scope and Start/Stop; the automatic reply, applied at once to live
 * connections; the machine's own addresses; the clients list; the
 * composer (shared with the Client page), which sends to the selected
 * client or to all; and the log.
 *
 * Why ~1,150 lines: the page's own addresses (getifaddrs), the port and
 * Start/Stop state, the reply (owned by the framing work; its settings
 * bind to the page's enum properties scope, reply-mode and
 * reply-line-ending) and the clients list's selection rules (where a
 * message goes) live together;
 * the composer, the clients list's rows and refresh (ta-server-clients.c)
 * and the client rows have their own files. The next split would be the
 * addresses box and the reply area into widgets of their own.
 */
#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <glib/gi18n.h>

#include "ta-settings.h"
#include "ta-codec.h"
#include "ta-address.h"
#include "ta-client-row.h"
#include "ta-composer.h"
#include "ta-log-switcher.h"
#include "ta-composer-private.h"
#include "ta-core-enums.h"
#include "ta-message.h"
#include "ta-rules-editor.h"
#include "ta-server-page.h"
#include "ta-server-clients.h"
#include "ta-server-page-private.h"
#include "ta-rate-label.h"
#include "ta-traffic-graph.h"
#include "ta-server-tls.h"
#include "ta-ui-util.h"

struct _TaServerPage
{
  GtkWidget parent_instance;

  GtkWidget *controls;
  GtkEntry *port_entry;
  GtkWidget *scope_box;
  GtkButton *start_button;
  GtkLabel *status_label;
  GtkLabel *port_error;
  TaServerTls *tls_row;
  GtkWidget *address_box;
  GtkLabel *address_label;
  GtkLabel *hint_label;
  GtkWidget *reply_mode_box;
  GtkEntry *reply_entry;
  GtkButton *rules_button;
  GtkWindow *rules_editor;
  GtkWidget *reply_options_box;
  GtkLabel *reply_error;
  GtkWidget *paned;
  GtkWidget *flap;             /* folds the clients list when narrow */
  GtkWidget *clients_button;
  GtkLabel *clients_label;
  GtkListView *clients_view;
  GtkLabel *clients_empty;
  TaLogSwitcher *log_switcher;
  TaLogView *log_view;
  TaTrafficGraph *traffic_graph;
  TaRateLabel *rate_label;
  TaComposer *composer;
  GtkLabel *target_label;

  GtkDropDown *scope_dropdown;
  GtkDropDown *reply_mode_dropdown;
  GtkDropDown *reply_ending_dropdown;
  GtkDropDown *charset_dropdown;

  GSettings *settings;
  TaServer *server;
  TaLogStore *store;
  TaTraffic *traffic;
  guint latest_conn_id;   /* the conversation's client while "All clients" is chosen */
  GtkSingleSelection *clients_selection;
  TaConnection *target;
  guint max_clients_override;
  TaServerClients *clients;    /* the list's rows (ta-server-clients.c) */
  char *copy_text;
};

G_DEFINE_FINAL_TYPE (TaServerPage, ta_server_page, GTK_TYPE_WIDGET)

static const char *scope_ids[] = { "all", "loopback", NULL };
static const char *reply_ids[] = { "text", "echo", "none", "rules", NULL };
static const char *ending_ids[] = { "none", "lf", "crlf", NULL };

/* The reply line ending dropdown's positions (no "\r" alone there). */
static const TaLineEnding ending_positions[] = {
  TA_LINE_ENDING_NONE, TA_LINE_ENDING_LF, TA_LINE_ENDING_CRLF,
};

/* Properties: the scope and reply dropdowns as enums, so their settings
 * (enum keys, nicks = the enums') bind to them with g_settings_bind. The
 * scope and reply mode dropdowns' positions are the enums' values. */
enum { PROP_0, PROP_SCOPE, PROP_REPLY_MODE, PROP_REPLY_LINE_ENDING, N_PROPS };
static GParamSpec *props[N_PROPS];

static TaLineEnding
reply_line_ending (TaServerPage *self)
{
  guint i = gtk_drop_down_get_selected (self->reply_ending_dropdown);

  return i < G_N_ELEMENTS (ending_positions) ? ending_positions[i] : TA_LINE_ENDING_NONE;
}

static void
set_reply_line_ending (TaServerPage *self,
                       TaLineEnding  ending)
{
  for (guint i = 0; i < G_N_ELEMENTS (ending_positions); i++)
    if (ending_positions[i] == ending)
      {
        gtk_drop_down_set_selected (self->reply_ending_dropdown, i);
        return;
      }
  /* "\r" alone, set by hand in dconf: the nearest the dropdown offers. */
  gtk_drop_down_set_selected (self->reply_ending_dropdown, 0);
}

static void
toast (TaServerPage *self,
       const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* Own addresses */

static GPtrArray *
list_own_addresses (void)
{
  GPtrArray *v4 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);
  struct ifaddrs *ifa_list = NULL;

  if (getifaddrs (&ifa_list) != 0)
    return v4;

  for (struct ifaddrs *ifa = ifa_list; ifa != NULL; ifa = ifa->ifa_next)
    {
      g_autoptr(GSocketAddress) sa = NULL;
      GInetAddress *inet;
      socklen_t len;
      char *s;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK))
        continue;
      if (ifa->ifa_addr->sa_family == AF_INET)
        len = sizeof (struct sockaddr_in);
      else if (ifa->ifa_addr->sa_family == AF_INET6)
        len = sizeof (struct sockaddr_in6);
      else
        continue;

      sa = g_socket_address_new_from_native (ifa->ifa_addr, len);
      if (sa == NULL || !G_IS_INET_SOCKET_ADDRESS (sa))
        continue;
      inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa));
      /* Link-local IPv6 needs a zone the other side cannot guess. */
      if (g_inet_address_get_is_loopback (inet) || g_inet_address_get_is_link_local (inet))
        continue;
      s = g_inet_address_to_string (inet);
      if (g_ptr_array_find_with_equal_func (v4, s, g_str_equal, NULL) ||
          g_ptr_array_find_with_equal_func (v6, s, g_str_equal, NULL))
        {
          g_free (s);
          continue;
        }
      g_ptr_array_add (ifa->ifa_addr->sa_family == AF_INET ? v4 : v6, s);
    }
  freeifaddrs (ifa_list);

  for (guint i = 0; i < v6->len; i++)
    g_ptr_array_add (v4, g_strdup (v6->pdata[i]));
  return v4;
}

/* What the empty log says is what is true now (after Clear too). */
static void
update_log_placeholder (TaServerPage *self)
{
  g_autofree char *text = NULL;

  if (ta_server_get_listening (self->server))
    /* Translators: %u is a port number; shown in the empty log */
    text = g_strdup_printf (_("Listening on port %u — waiting for traffic"), ta_server_get_port (self->server));
  ta_log_view_set_placeholder (self->log_view,
                               text ? text
                                    : _("Start the server, then connect to it from another machine, "
                                        "a device, or the Client page. Everything that happens is shown here."));
}

static void
update_state (TaServerPage *self)
{
  gboolean listening = ta_server_get_listening (self->server);
  guint16 port = ta_server_get_port (self->server);
  GtkWidget *button = GTK_WIDGET (self->start_button);

  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), !listening);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scope_dropdown), !listening);
  ta_server_tls_set_locked (self->tls_row, listening);

  if (listening)
    {
      g_autofree char *status = NULL;

      gtk_button_set_label (self->start_button, _("_Stop Server"));
      ta_accessible_name_from_label (GTK_WIDGET (self->start_button));
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
      /* Translators: %u is a port number */
      status = g_strdup_printf (_("Listening on port %u"), port);
      gtk_label_set_text (self->status_label, status);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      gtk_button_set_label (self->start_button, _("_Start Server"));
      ta_accessible_name_from_label (GTK_WIDGET (self->start_button));
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_label_set_text (self->status_label, _("Not running"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }

  g_clear_pointer (&self->copy_text, g_free);
  if (!listening)
    {
      gtk_widget_set_visible (self->address_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), FALSE);
    }
  else if (ta_server_get_scope (self->server) == TA_BIND_LOOPBACK)
    {
      g_autofree char *text = NULL;

      /* Translators: %u is a port number */
      text = g_strdup_printf (_("Only programs on this computer can connect: use address 127.0.0.1, port %u."), port);
      self->copy_text = g_strdup_printf ("127.0.0.1:%u", port);
      gtk_label_set_text (self->address_label, text);
      gtk_widget_set_visible (self->address_box, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), FALSE);
    }
  else
    {
      g_autoptr(GPtrArray) addrs = list_own_addresses ();
      g_autofree char *text = NULL;
      g_autofree char *hint = NULL;

      if (addrs->len == 0)
        {
          text = g_strdup_printf (_("This computer has no network address other than itself: "
                                    "other machines cannot reach it. Programs on this computer "
                                    "can connect to 127.0.0.1, port %u."), port);
          self->copy_text = g_strdup_printf ("127.0.0.1:%u", port);
        }
      else
        {
          g_autofree char *list = NULL;

          g_ptr_array_add (addrs, NULL);
          /* Translators: the separator between addresses */
          list = g_strjoinv (_(" or "), (char **) addrs->pdata);
          /* Translators: first %s is one or more addresses, %u a port */
          text = g_strdup_printf (_("Others can connect to %s, port %u"), list, port);
          self->copy_text = ta_format_host_port (addrs->pdata[0], port);
        }
      gtk_label_set_text (self->address_label, text);
      gtk_widget_set_visible (self->address_box, TRUE);

      hint = g_strdup_printf (_("If another machine cannot connect, check that a firewall on this computer "
                                "allows incoming TCP connections on port %u, and that both machines are on "
                                "the same network."), port);
      gtk_label_set_text (self->hint_label, hint);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), TRUE);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.copy-address", self->copy_text != NULL);
  update_log_placeholder (self);
}



static void
update_clients_label (TaServerPage *self)
{
  guint n = ta_server_get_n_clients (self->server);

  /* The count itself is on the "All clients" row and the page's badge. */
  gtk_label_set_text (self->clients_label, _("Clients"));
  gtk_widget_set_visible (GTK_WIDGET (self->clients_empty), n == 0);
  if (self->clients != NULL)
    ta_server_clients_refresh_all_row (self->clients);
}

/* Port */

static gboolean
read_port (TaServerPage *self,
           guint16      *port)
{
  g_autoptr(GError) error = NULL;

  if (!ta_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), port, &error))
    {
      ta_label_set_error (self->port_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->port_entry), "error");
      return FALSE;
    }
  ta_label_set_error (self->port_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->port_entry), "error");
  return TRUE;
}

static void
on_port_changed (TaServerPage *self)
{
  guint16 port;

  if (!ta_server_get_listening (self->server))
    read_port (self, &port);
}

/**
 * ta_server_page_start:
 * @port: the port, or 0 for one the system picks
 *
 * Starts the server with the page's scope. Errors are shown under the
 * port and in a toast.
 *
 * Returns: whether the server listens
 */
gboolean
ta_server_page_start (TaServerPage *self,
                      guint16       port)
{
  g_autoptr(GError) error = NULL;
  TaBindScope scope;

  g_return_val_if_fail (TA_IS_SERVER_PAGE (self), FALSE);

  if (ta_server_get_listening (self->server))
    return TRUE;

  /* TLS: the certificate is loaded (or made) now; a file that cannot be
   * used is said under the TLS row, and nothing starts. */
  {
    g_autoptr(GTlsCertificate) certificate = ta_server_tls_get_certificate (self->tls_row, &error);

    if (certificate == NULL && error != NULL)
      {
        toast (self, error->message);
        return FALSE;
      }
    ta_server_set_tls_certificate (self->server, certificate);
  }

  scope = gtk_drop_down_get_selected (self->scope_dropdown) == TA_BIND_LOOPBACK ? TA_BIND_LOOPBACK : TA_BIND_ALL;
  if (!ta_server_start (self->server, scope, port, &error))
    {
      ta_label_set_error (self->port_error, error->message);
      toast (self, error->message);
      return FALSE;
    }

  ta_label_set_error (self->port_error, NULL);
  if (port != 0)
    g_settings_set_int (self->settings, "server-port", port);
  {
    g_autofree char *text = g_strdup_printf ("%u", ta_server_get_port (self->server));

    gtk_editable_set_text (GTK_EDITABLE (self->port_entry), text);
  }
  return TRUE;
}

void
ta_server_page_stop (TaServerPage *self)
{
  guint n;

  g_return_if_fail (TA_IS_SERVER_PAGE (self));

  if (!ta_server_get_listening (self->server))
    return;

  n = ta_server_stop (self->server);
  if (n > 0)
    {
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Server stopped; %u client was disconnected",
                                                           "Server stopped; %u clients were disconnected",
                                                           n), n);
      toast (self, msg);
    }
  else
    toast (self, _("Server stopped"));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaServerPage *self = TA_SERVER_PAGE (widget);
  guint16 port;

  if (ta_server_get_listening (self->server))
    ta_server_page_stop (self);
  else if (read_port (self, &port))
    ta_server_page_start (self, port);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->port_entry));
}

static void
copy_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TaServerPage *self = TA_SERVER_PAGE (widget);

  if (self->copy_text)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->copy_text);
      toast (self, _("Address copied"));
    }
}

/* Reply */

/**
 * ta_server_page_show_rules:
 *
 * Opens the rules editor (one per page) over the server's rules.
 */
void
ta_server_page_show_rules (TaServerPage *self)
{
  if (self->rules_editor == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      self->rules_editor = GTK_WINDOW (ta_rules_editor_new (ta_server_get_rules (self->server)));
      g_object_add_weak_pointer (G_OBJECT (self->rules_editor), (gpointer *) &self->rules_editor);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (self->rules_editor, GTK_WINDOW (root));
      gtk_window_set_hide_on_close (self->rules_editor, TRUE);
    }
  gtk_window_present (self->rules_editor);
}

static const char *
send_charset (TaServerPage *self)
{
  return ta_charset_dropdown_get_id (self->charset_dropdown);
}

static void
apply_reply (TaServerPage *self)
{
  TaReplyMode mode = gtk_drop_down_get_selected (self->reply_mode_dropdown);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (mode > TA_REPLY_RULES)
    mode = TA_REPLY_TEXT;

  /* Rules: the text entry gives way to the button opening the rules. */
  gtk_widget_set_visible (GTK_WIDGET (self->reply_entry), mode != TA_REPLY_RULES);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_button), mode == TA_REPLY_RULES);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_ending_dropdown), mode != TA_REPLY_RULES);
  ta_rules_set_charset (ta_server_get_rules (self->server), send_charset (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reply_entry), mode == TA_REPLY_TEXT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reply_ending_dropdown), mode == TA_REPLY_TEXT);

  ta_log_store_set_send_charset (self->store, send_charset (self));

  if (mode == TA_REPLY_TEXT)
    {
      bytes = ta_make_message (gtk_editable_get_text (GTK_EDITABLE (self->reply_entry)), FALSE,
                               send_charset (self),
                               ta_choice_dropdown_get_id (self->reply_ending_dropdown), &error);
      if (bytes == NULL)
        {
          ta_label_set_error (self->reply_error, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->reply_entry), "error");
          return;
        }
    }
  ta_label_set_error (self->reply_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reply_entry), "error");
  ta_server_set_reply (self->server, mode, bytes);
}

static void
on_charset_changed (TaServerPage *self)
{
  g_settings_set_string (self->settings, "send-encoding", send_charset (self));
  apply_reply (self);
}

static void
apply_limits (TaServerPage *self)
{
  ta_server_set_max_clients (self->server, self->max_clients_override
                                           ? self->max_clients_override
                                           : (guint) g_settings_get_int (self->settings, "max-clients"));
  ta_server_set_queue_cap (self->server, (gsize) g_settings_get_int (self->settings, "queue-cap-kib") * 1024);
  ta_log_store_set_max_entries (self->store, g_settings_get_int (self->settings, "log-max-entries"));
}

/* A value from the command line wins until the user changes the preference. */
static void
on_max_clients_changed (TaServerPage *self)
{
  self->max_clients_override = 0;
  apply_limits (self);
}

/**
 * ta_server_page_set_max_clients:
 * @max_clients: 1 to 100000, or 0 to use the preference again
 *
 * Sets the maximum number of clients for this run only (the
 * --max-clients command-line option), without changing the preference.
 */
void
ta_server_page_set_max_clients (TaServerPage *self,
                                guint         max_clients)
{
  g_return_if_fail (TA_IS_SERVER_PAGE (self));

  self->max_clients_override = max_clients;
  apply_limits (self);
}

/* Clients
 *
 * The list starts with an "All clients" row, selected by default; then one
 * row per connection. The message goes to what is selected. When the
 * selected client disconnects the selection is NOT moved to another row
 * (that would send the next message to someone else): the target stays
 * on the gone client, the send area says so and sending is refused until
 * the user picks a row.
 */

static void
reset_counters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TaServerPage *self = TA_SERVER_PAGE (widget);
  GListModel *clients = ta_server_get_clients (self->server);
  guint n = g_list_model_get_n_items (clients);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConnection) conn = g_list_model_get_item (clients, i);

      ta_client_row_reset_counters (conn);
    }
  ta_rate_label_reset (self->rate_label);
  ta_server_clients_refresh (self->clients);
}

static void
update_target (TaServerPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *placeholder = NULL;
  gboolean gone = self->target != NULL && ta_connection_is_closed (self->target);

  if (self->target == NULL)
    {
      text = g_strdup (_("To all clients"));
      placeholder = g_strdup (_("Message to all clients"));
    }
  else if (gone)
    {
      /* Translators: %s is a client address that has disconnected */
      text = g_strdup_printf (_("To %s (disconnected)"), ta_connection_get_address (self->target));
      placeholder = g_strdup (_("Select a client or All clients in the list"));
    }
  else
    {
      /* Translators: %s is a client address */
      text = g_strdup_printf (_("To %s"), ta_connection_get_address (self->target));
      /* Translators: %s is a client address */
      placeholder = g_strdup_printf (_("Message to %s"), ta_connection_get_address (self->target));
    }

  gtk_label_set_text (self->target_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_label),
                               _("Where messages go: select All clients or one client in the list"));
  ta_composer_set_message_label (self->composer, placeholder);
  if (gone)
    gtk_widget_add_css_class (GTK_WIDGET (self->target_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "warning");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.disconnect-selected",
                                 self->target != NULL && !gone);
}

static void set_target (TaServerPage *self, TaConnection *conn);

static void
on_target_closed (TaServerPage *self)
{
  /* Closed because the server stopped: not a client to point at. */
  if (!ta_server_get_listening (self->server))
    {
      set_target (self, NULL);
      return;
    }
  update_target (self);
}

static void
set_target (TaServerPage *self,
            TaConnection *conn)
{
  if (self->target == conn)
    {
      update_target (self);
      return;
    }
  if (self->target)
    g_signal_handlers_disconnect_by_data (self->target, self);
  g_set_object (&self->target, conn);
  if (conn)
    g_signal_connect_object (conn, "closed", G_CALLBACK (on_target_closed), self, G_CONNECT_SWAPPED);
  update_target (self);
  /* "… has disconnected" was about the previous target. */
  ta_composer_refresh_error (self->composer);
}

static void
update_selection (TaServerPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->clients_selection);

  if (item == NULL)
    {
      /* The selected client went away: keep it as the target, shown as gone. */
      update_target (self);
      return;
    }
  set_target (self, TA_IS_CONNECTION (item) ? item : NULL);
  /* The conversation: the chosen client, or with "All clients" the latest
   * one (a one-shot client such as the tutorial's is gone before anyone
   * could choose it). */
  ta_log_switcher_set_conn_id (self->log_switcher,
                               TA_IS_CONNECTION (item) ? ta_connection_get_id (item) : self->latest_conn_id);
}

static void
on_client_added (TaServerPage *self,
                 TaConnection *client,
                 TaServer     *server)
{
  self->latest_conn_id = ta_connection_get_id (client);
  if (TA_IS_ALL_CLIENTS (gtk_single_selection_get_selected_item (self->clients_selection)))
    ta_log_switcher_set_conn_id (self->log_switcher, self->latest_conn_id);
}

/**
 * _ta_server_page_select_client:
 * @conn: (nullable): a connected client, or %NULL for all clients
 *
 * Selects a row of the clients list, as a click would.
 */
void
_ta_server_page_select_client (TaServerPage *self,
                               TaConnection *conn)
{
  ta_server_clients_select (self->clients, conn);
}

/* "Send to this client" / "Disconnect this client" from a log entry's
 * window: the client by its connection id, if it is still connected. */
static TaConnection *
find_open_client (TaServerPage *self,
                  guint         conn_id,
                  const char   *peer)
{
  GListModel *clients = ta_server_get_clients (self->server);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(TaConnection) conn = g_list_model_get_item (clients, i);

      if (ta_connection_get_id (conn) == conn_id && !ta_connection_is_closed (conn))
        return conn;
    }
  {
    /* Translators: %s is a client address */
    g_autofree char *msg = g_strdup_printf (_("%s is no longer connected."), peer ? peer : "");

    toast (self, msg);
  }
  return NULL;
}

static void
on_log_send_to_peer (TaServerPage *self,
                     guint         conn_id,
                     const char   *peer)
{
  TaConnection *conn = find_open_client (self, conn_id, peer);

  if (conn == NULL)
    return;
  _ta_server_page_select_client (self, conn);
  gtk_widget_grab_focus (GTK_WIDGET (_ta_composer_get_message_view (self->composer)));
}

static void
on_log_disconnect_peer (TaServerPage *self,
                        guint         conn_id,
                        const char   *peer)
{
  TaConnection *conn = find_open_client (self, conn_id, peer);

  if (conn != NULL)
    ta_connection_close (conn, TA_CLOSE_BY_USER, NULL);
}

static void
disconnect_selected_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  TaServerPage *self = TA_SERVER_PAGE (widget);

  if (self->target != NULL && !ta_connection_is_closed (self->target))
    ta_connection_close (self->target, TA_CLOSE_BY_USER, NULL);
}

/* Sending */

/* The composer sends to the selected client or to all of them. */
static GPtrArray *
composer_targets (gpointer   user_data,
                  char     **why_not)
{
  TaServerPage *self = user_data;
  GListModel *clients = ta_server_get_clients (self->server);
  GPtrArray *targets;
  guint n;

  if (ta_server_get_n_clients (self->server) == 0)
    {
      *why_not = g_strdup (ta_server_get_listening (self->server)
                           ? _("No client is connected yet.")
                           : _("Start the server and wait for a client first."));
      return NULL;
    }
  if (self->target != NULL && ta_connection_is_closed (self->target))
    {
      /* Translators: %s is a client address */
      *why_not = g_strdup_printf (_("%s has disconnected. Select another client, or All clients, in the list."),
                                  ta_connection_get_address (self->target));
      return NULL;
    }

  targets = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->target != NULL)
    g_ptr_array_add (targets, g_object_ref (self->target));
  else
    {
      n = g_list_model_get_n_items (clients);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (targets, g_list_model_get_item (clients, i));
    }
  return targets;
}

static void
update_can_send (TaServerPage *self)
{
  ta_composer_set_connected (self->composer, ta_server_get_n_clients (self->server) > 0);
}

static void
on_send_encoding_setting (TaServerPage *self)
{
  g_autofree char *charset = g_settings_get_string (self->settings, "send-encoding");

  ta_charset_dropdown_set_id (self->charset_dropdown, *charset ? charset : ta_codec_default_send_charset ());
}

static void
on_listening_changed (TaServerPage *self)
{
  /* A client that left belongs to the run of the server it left: on
   * stop and on start, messages go to all clients again and what was
   * said about the old target goes. */
  if (self->target != NULL && ta_connection_is_closed (self->target))
    {
      set_target (self, NULL);
      _ta_server_page_select_client (self, NULL);
    }
  ta_composer_refresh_error (self->composer);
  update_state (self);
}

static void
ta_server_page_dispose (GObject *object)
{
  TaServerPage *self = TA_SERVER_PAGE (object);

  if (self->rules_editor)
    gtk_window_destroy (self->rules_editor);
  if (self->composer)
    ta_composer_cancel_all (self->composer);
  if (self->server)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      ta_server_stop (self->server);
    }
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_SERVER_PAGE);
  if (self->target)
    g_signal_handlers_disconnect_by_data (self->target, self);
  g_clear_object (&self->target);
  g_clear_object (&self->clients_selection);
  g_clear_object (&self->clients);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->traffic);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->copy_text, g_free);

  G_OBJECT_CLASS (ta_server_page_parent_class)->dispose (object);
}

static void
on_scope_selected (TaServerPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SCOPE]);
}

static void
on_reply_mode_selected (TaServerPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REPLY_MODE]);
}

static void
on_reply_ending_selected (TaServerPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REPLY_LINE_ENDING]);
}

static void
ta_server_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TaServerPage *self = TA_SERVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SCOPE:
      g_value_set_enum (value, gtk_drop_down_get_selected (self->scope_dropdown) == TA_BIND_LOOPBACK
                               ? TA_BIND_LOOPBACK : TA_BIND_ALL);
      break;
    case PROP_REPLY_MODE:
      g_value_set_enum (value, MIN (gtk_drop_down_get_selected (self->reply_mode_dropdown), TA_REPLY_RULES));
      break;
    case PROP_REPLY_LINE_ENDING:
      g_value_set_enum (value, reply_line_ending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_server_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TaServerPage *self = TA_SERVER_PAGE (object);

  /* The dropdowns' notify::selected handlers notify the properties. */
  switch (prop_id)
    {
    case PROP_SCOPE:
      gtk_drop_down_set_selected (self->scope_dropdown, g_value_get_enum (value));
      break;
    case PROP_REPLY_MODE:
      gtk_drop_down_set_selected (self->reply_mode_dropdown, g_value_get_enum (value));
      break;
    case PROP_REPLY_LINE_ENDING:
      set_reply_line_ending (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_server_page_class_init (TaServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_server_page_dispose;
  object_class->get_property = ta_server_page_get_property;
  object_class->set_property = ta_server_page_set_property;

  /**
   * TaServerPage:scope:
   *
   * Who may connect (the setting "server-scope").
   */
  props[PROP_SCOPE] = g_param_spec_enum ("scope", NULL, NULL, TA_TYPE_BIND_SCOPE, TA_BIND_ALL,
                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TaServerPage:reply-mode:
   *
   * The automatic reply (the setting "reply-mode").
   */
  props[PROP_REPLY_MODE] = g_param_spec_enum ("reply-mode", NULL, NULL, TA_TYPE_REPLY_MODE, TA_REPLY_TEXT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                              G_PARAM_STATIC_STRINGS);
  /**
   * TaServerPage:reply-line-ending:
   *
   * The line ending after the reply text (the setting "reply-line-ending").
   */
  props[PROP_REPLY_LINE_ENDING] = g_param_spec_enum ("reply-line-ending", NULL, NULL, TA_TYPE_LINE_ENDING,
                                                     TA_LINE_ENDING_NONE,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (TA_TYPE_LOG_SWITCHER);
  g_type_ensure (TA_TYPE_TRAFFIC_GRAPH);
  g_type_ensure (TA_TYPE_RATE_LABEL);
  g_type_ensure (TA_TYPE_COMPOSER);
  g_type_ensure (TA_TYPE_SERVER_TLS);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, controls);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, port_entry);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, scope_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, port_error);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, tls_row);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, address_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, reply_mode_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, rules_button);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, reply_options_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, reply_error);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, paned);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, flap);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, clients_button);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, clients_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, clients_view);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, clients_empty);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, log_switcher);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, traffic_graph);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, composer);
  gtk_widget_class_bind_template_child (widget_class, TaServerPage, target_label);

  /* Enter in the port entry does what Start/Stop does. */
  gtk_widget_class_bind_template_callback (widget_class, toggle_action);
  gtk_widget_class_bind_template_callback (widget_class, ta_server_page_show_rules);
  gtk_widget_class_bind_template_callback (widget_class, on_port_changed);
  gtk_widget_class_bind_template_callback (widget_class, apply_reply);

  gtk_widget_class_install_action (widget_class, "server.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "server.copy-address", NULL, copy_address_action);
  gtk_widget_class_install_action (widget_class, "server.disconnect-selected", NULL, disconnect_selected_action);
  gtk_widget_class_install_action (widget_class, "server.reset-counters", NULL, reset_counters_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taserverpage");
}

static void
ta_server_page_init (TaServerPage *self)
{
  g_autofree char *port_text = NULL;
  g_autofree char *reply_text = NULL;
  const char *scope_labels[] = { _("All network interfaces"), _("This computer only"), NULL };
  const char *reply_labels[] = { _("Reply with text"), _("Echo it back"), _("Don’t reply"),
                                 _("Answer by rules"), NULL };
  const char *ending_labels[] = { _("No line ending"), _("Add \\n"), _("Add \\r\\n"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->log_view = ta_log_switcher_get_log_view (self->log_switcher);

  self->settings = g_object_ref (ta_settings_get ());
  self->server = ta_server_new ();
  self->store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  ta_log_store_attach_server (self->store, self->server);
  self->traffic = ta_traffic_new ();
  ta_traffic_attach_server (self->traffic, self->server);
  ta_traffic_graph_set_traffic (self->traffic_graph, self->traffic, TRUE);
  ta_rate_label_set_traffic (self->rate_label, self->traffic);
  g_signal_connect_swapped (self->server, "client-added", G_CALLBACK (on_client_added), self);
  ta_frame_settings_follow (self->settings, "server-framing", G_OBJECT (self->server));
  ta_rules_settings_follow (ta_server_get_rules (self->server), self->settings, "reply-rules");

  /* Dropdowns */
  self->scope_dropdown = ta_choice_dropdown_new (scope_ids, scope_labels);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scope_dropdown),
                               _("Who may connect: other machines on the network, or only programs on this computer"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Accept connections from"), -1);
  gtk_box_append (GTK_BOX (self->scope_box), GTK_WIDGET (self->scope_dropdown));

  self->reply_mode_dropdown = ta_choice_dropdown_new (reply_ids, reply_labels);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reply_mode_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Automatic reply"), -1);
  gtk_box_append (GTK_BOX (self->reply_mode_box), GTK_WIDGET (self->reply_mode_dropdown));

  self->reply_ending_dropdown = ta_choice_dropdown_new (ending_ids, ending_labels);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reply_ending_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reply line ending"), -1);
  gtk_box_append (GTK_BOX (self->reply_options_box), GTK_WIDGET (self->reply_ending_dropdown));
  g_signal_connect_swapped (self->scope_dropdown, "notify::selected", G_CALLBACK (on_scope_selected), self);
  g_signal_connect_swapped (self->reply_mode_dropdown, "notify::selected", G_CALLBACK (on_reply_mode_selected),
                            self);
  g_signal_connect_swapped (self->reply_ending_dropdown, "notify::selected", G_CALLBACK (on_reply_ending_selected),
                            self);
  /* Enum keys bound to enum properties: the keys' nicks are the enums'. */
  g_settings_bind (self->settings, "server-scope", self, "scope", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reply-mode", self, "reply-mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reply-line-ending", self, "reply-line-ending", G_SETTINGS_BIND_DEFAULT);

  self->charset_dropdown = ta_charset_dropdown_new (FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->charset_dropdown),
                               _("Encoding of the reply text and of messages sent to clients"));
  gtk_box_append (GTK_BOX (self->reply_options_box), GTK_WIDGET (self->charset_dropdown));
  on_send_encoding_setting (self);

  ta_composer_setup (self->composer, self->settings, "server-send-mode", "server-send-line-ending",
                      "server-send-checksum", self->store);
  ta_composer_set_targets_func (self->composer, composer_targets, self);

  /* Entries. Their "changed" handlers are connected by the template:
   * blocked while the saved texts are put back, as the page is not whole
   * yet (apply_reply runs once at the end of init). */
  g_signal_handlers_block_by_func (self->port_entry, on_port_changed, self);
  g_signal_handlers_block_by_func (self->reply_entry, apply_reply, self);
  port_text = g_strdup_printf ("%d", g_settings_get_int (self->settings, "server-port"));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
  reply_text = g_settings_get_string (self->settings, "reply-text");
  gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), reply_text);
  g_settings_bind (self->settings, "reply-text", self->reply_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_handlers_unblock_by_func (self->reply_entry, apply_reply, self);
  g_signal_handlers_unblock_by_func (self->port_entry, on_port_changed, self);

  /* Clients: "All clients", then each client (ta-server-clients.c) */
  self->clients = ta_server_clients_new (self->server, self->clients_view);
  self->clients_selection = g_object_ref (ta_server_clients_get_selection (self->clients));

  ta_log_switcher_set_store (self->log_switcher, self->store);
  update_log_placeholder (self);
  g_signal_connect_swapped (self->log_view, "send-to-peer", G_CALLBACK (on_log_send_to_peer), self);
  g_signal_connect_swapped (self->log_view, "disconnect-peer", G_CALLBACK (on_log_disconnect_peer), self);

  g_signal_connect_swapped (self->reply_mode_dropdown, "notify::selected", G_CALLBACK (apply_reply), self);
  g_signal_connect_swapped (self->reply_ending_dropdown, "notify::selected", G_CALLBACK (apply_reply), self);
  g_signal_connect_swapped (self->charset_dropdown, "notify::selected", G_CALLBACK (on_charset_changed), self);
  g_signal_connect_swapped (self->server, "notify::listening", G_CALLBACK (on_listening_changed), self);
  g_signal_connect_swapped (self->server, "notify::port", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->server, "notify::n-clients", G_CALLBACK (update_clients_label), self);
  g_signal_connect_swapped (self->server, "notify::n-clients", G_CALLBACK (update_can_send), self);
  g_signal_connect_swapped (self->settings, "changed::send-encoding", G_CALLBACK (on_send_encoding_setting), self);
  g_signal_connect_swapped (self->clients_selection, "notify::selected", G_CALLBACK (update_selection), self);
  g_signal_connect_swapped (self->settings, "changed::max-clients", G_CALLBACK (on_max_clients_changed), self);
  g_signal_connect_swapped (self->settings, "changed::queue-cap-kib", G_CALLBACK (apply_limits), self);
  g_signal_connect_swapped (self->settings, "changed::log-max-entries", G_CALLBACK (apply_limits), self);

  apply_limits (self);
  apply_reply (self);
  update_state (self);
  update_clients_label (self);
  update_selection (self);
  update_can_send (self);
}

/**
 * ta_server_page_get_server:
 *
 * Returns: (transfer none): the page's server
 */
TaServer *
ta_server_page_get_server (TaServerPage *self)
{
  g_return_val_if_fail (TA_IS_SERVER_PAGE (self), NULL);
  return self->server;
}

/**
 * ta_server_page_get_log_store:
 *
 * Returns: (transfer none): the page's log
 */
TaLogStore *
ta_server_page_get_log_store (TaServerPage *self)
{
  g_return_val_if_fail (TA_IS_SERVER_PAGE (self), NULL);
  return self->store;
}

TaLogView *_ta_server_page_get_log_view (TaServerPage *self) { return self->log_view; }
TaRateLabel *_ta_server_page_get_rate_label (TaServerPage *self) { return self->rate_label; }
TaServerTls *ta_server_page_get_tls (TaServerPage *self) { return self->tls_row; }
TaComposer *_ta_server_page_get_composer (TaServerPage *self) { return self->composer; }
GtkEditable *_ta_server_page_get_port_entry (TaServerPage *self) { return GTK_EDITABLE (self->port_entry); }
GtkLabel *_ta_server_page_get_port_error (TaServerPage *self) { return self->port_error; }
GtkListView *_ta_server_page_get_clients_view (TaServerPage *self) { return self->clients_view; }
GtkLabel *_ta_server_page_get_target_label (TaServerPage *self) { return self->target_label; }
GtkEntry *_ta_server_page_get_reply_entry (TaServerPage *self) { return self->reply_entry; }
GtkDropDown *_ta_server_page_get_reply_mode_dropdown (TaServerPage *self) { return self->reply_mode_dropdown; }
GtkWindow *_ta_server_page_get_rules_editor (TaServerPage *self) { return self->rules_editor; }
GtkDropDown *_ta_server_page_get_reply_ending_dropdown (TaServerPage *self) { return self->reply_ending_dropdown; }
GtkDropDown *_ta_server_page_get_scope_dropdown (TaServerPage *self) { return self->scope_dropdown; }
GtkDropDown *_ta_server_page_get_charset_dropdown (TaServerPage *self) { return self->charset_dropdown; }

/**
 * _ta_server_page_dup_client_row_text:
 * @conn: a client in the list
 *
 * Returns: (transfer full) (nullable): the lines of the client's row as
 *   shown (address, since, in, out), one per line, or %NULL when the row
 *   is not on screen
 */
char *
_ta_server_page_dup_client_row_text (TaServerPage *self,
                                     TaConnection *conn)
{
  return ta_server_clients_dup_row_text (self->clients, conn);
}
