/* tt-ui.c: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tt-ui.h"
#include "tt-util.h"
#include "ta-client-page-private.h"
#include "ta-server-page-private.h"

/* GTK 4.8's list views warn "failed to scroll to given position.
 * Ignoring..." when their adjustment moves in the frame where rows were
 * added but not yet allocated (a following log does that; later GTK
 * versions drop the warning for the empty case). It changes nothing on
 * screen: not fatal in the tests. Every other warning still is. */
static gboolean
fatal_unless_gtk_scroll_warning (const char     *domain,
                                 GLogLevelFlags  level,
                                 const char     *message,
                                 gpointer        data)
{
  return !(g_strcmp0 (domain, "Gtk") == 0 && (level & G_LOG_LEVEL_WARNING) &&
           message != NULL && strstr (message, "failed to scroll to given position") != NULL);
}

TaWindow *
tt_ui_new_window (void)
{
  TaWindow *window;

  g_test_log_set_fatal_handler (fatal_unless_gtk_scroll_warning, NULL);
  window = g_object_new (TA_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
tt_ui_destroy_window (TaWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
tt_ui_iterate_for (gint64 us)
{
  gint64 end = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}


gboolean
tt_ui_wait_for (TtUiCondition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + WAIT_US * tt_slowdown ();

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
tt_ui_log_has (TaLogView  *view,
         const char *body)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      if (g_strcmp0 (text, body) == 0)
        return TRUE;
    }
  return FALSE;
}

void
tt_ui_dump_log (const char *name,
          TaLogView  *view)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      g_test_message ("%s log %u: %s", name, i, text);
    }
}


/* Starts the Server page through its port entry and Start action, as a
 * user does, on a port nothing listens on. Other programs on the machine
 * (other test runs) may take that port between the look-up and the start,
 * so a few tries; a failed start shows inline and in a toast, not in the
 * log. Returns the port. */
guint16
tt_ui_start_server (TaServerPage *page)
{
  TaServer *server = ta_server_page_get_server (page);

  for (guint tries = 0; tries < 10; tries++)
    {
      guint16 port = ta_server_find_free_port ((guint16) g_random_int_range (20000, 60000));
      g_autofree char *text = g_strdup_printf ("%u", port);

      if (port == 0)
        continue;
      gtk_editable_set_text (_ta_server_page_get_port_entry (page), text);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
      if (ta_server_get_listening (server))
        {
          g_assert_cmpuint (ta_server_get_port (server), ==, port);
          return port;
        }
      g_test_message ("port %u was taken before the server started; another", port);
    }
  g_error ("the Server page did not start on a free port in 10 tries");
}

/**
 * tt_ui_shown_chooser:
 *
 * Returns: (transfer none) (nullable): GTK's own file chooser window
 * titled @title, when it is shown (no portal), or %NULL
 */
GtkFileChooser *
tt_ui_shown_chooser (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w) && g_strcmp0 (gtk_window_get_title (w), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_FILE_CHOOSER (w);
    }
  return NULL;
}

/* A peer for the Client page: a listening socket on 127.0.0.1, port
 * chosen by the system; tt_peer_try_accept() takes its connection. */
void
tt_peer_open (TtPeer *p)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  memset (p, 0, sizeof *p);
  p->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (p->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (p->listener, NULL));
  g_socket_set_blocking (p->listener, FALSE);
  bound = g_socket_get_local_address (p->listener, NULL);
  p->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A TtUiCondition: a connection was accepted (it replaces the last). */
gboolean
tt_peer_try_accept (gpointer data)
{
  TtPeer *p = data;
  GSocket *s;

  if (p->listener == NULL)
    return FALSE;
  s = g_socket_accept (p->listener, NULL, NULL);
  if (s == NULL)
    return FALSE;
  g_clear_object (&p->conn);
  g_socket_set_blocking (s, FALSE);
  p->conn = s;
  p->n_accepted++;
  return TRUE;
}

void
tt_peer_close (TtPeer *p)
{
  g_clear_object (&p->conn);
  g_clear_object (&p->listener);
}

TaClientState
tt_ui_client_state (TaClientPage *page)
{
  return ta_client_get_state (ta_client_page_get_client (page));
}

gboolean tt_ui_client_is_connected (gpointer page) { return tt_ui_client_state (page) == TA_CLIENT_CONNECTED; }
gboolean tt_ui_client_is_connecting (gpointer page) { return tt_ui_client_state (page) == TA_CLIENT_CONNECTING; }
gboolean tt_ui_client_is_disconnected (gpointer page) { return tt_ui_client_state (page) == TA_CLIENT_DISCONNECTED; }

/* A window showing its Client page. */
TaWindow *
tt_ui_new_client_window (TaClientPage **page)
{
  TaWindow *window = tt_ui_new_window ();

  *page = ta_window_get_client_page (window);
  ta_window_show_page (window, "client");
  return window;
}

void
tt_ui_client_set_target (TaClientPage *page,
                         guint16       port)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), port_text);
}

/* Connects through the page's action and accepts at the peer. */
void
tt_ui_client_connect (TaClientPage *page,
                      TtPeer       *peer)
{
  tt_ui_client_set_target (page, peer->port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_peer_try_accept, peer));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_connected, page));
}
