/* test-ui-server.c: the Server page, driven from its widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo). Peers are raw
 * loopback sockets; the page is driven through its entries, dropdowns,
 * list rows and actions.
 */
#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <adwaita.h>

#include "ta-ui-util.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

typedef struct {
  TaServer *server;
  guint     n;
} ClientsWait;

static gboolean
n_clients_is (gpointer data)
{
  ClientsWait *w = data;
  return ta_server_get_n_clients (w->server) == w->n;
}

/* Types the port of a free one and presses Start. */
static guint16
start_from_page (TaServerPage *page)
{
  guint16 port = ta_server_find_free_port (22000 + g_random_int_range (0, 20000));
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));

  ta_window_show_page (TA_WINDOW (window), "server");
  gtk_editable_set_text (_ta_server_page_get_port_entry (page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_true (ta_server_get_listening (ta_server_page_get_server (page)));
  return port;
}

static char *
local_address_of (GSocket *socket)
{
  g_autoptr(GSocketAddress) addr = g_socket_get_local_address (socket, NULL);

  return ta_format_socket_address (addr);
}

/* The label of the row showing @text in the clients list, if drawn. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} FindWait;

static gboolean
label_shown (gpointer data)
{
  FindWait *w = data;
  return find_label (w->root, w->text) != NULL;
}

/* Clicks the row of the clients list whose first line is @text. */
static void
click_client_row (TaServerPage *page,
                  const char   *text)
{
  GtkWidget *view = GTK_WIDGET (_ta_server_page_get_clients_view (page));
  FindWait w = { view, text };
  GtkWidget *label;

  if (!tt_ui_wait_for (label_shown, &w))
    g_error ("No row “%s” in the clients list", text);
  label = find_label (view, text);
  /* What a click on a list row does. */
  g_assert_true (gtk_widget_activate_action (label, "listitem.select", "(bb)", FALSE, FALSE));
}

static guint
client_rows (TaServerPage *page)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_ta_server_page_get_clients_view (page)));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) obj = g_list_model_get_item (model, i);

      if (TA_IS_CONNECTION (obj))
        n++;
    }
  return n;
}

static void
send_from_page (TaServerPage *page,
                const char   *text)
{
  gtk_editable_set_text (_ta_server_page_get_message_entry (page), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.send", NULL));
}

/* Waits for @expected (bounded), then nothing more comes for 300 ms;
 * an empty @expected: nothing comes in 300 ms. */
static void
assert_gets (GSocket    *socket,
             const char *expected)
{
  g_autoptr(GBytes) got = *expected ? tt_read_n (socket, strlen (expected), 5000) : NULL;
  g_autoptr(GBytes) more = tt_read_available (socket, 300);
  g_autoptr(GString) text = g_string_new (NULL);

  if (got)
    g_string_append_len (text, g_bytes_get_data (got, NULL), g_bytes_get_size (got));
  g_string_append_len (text, g_bytes_get_data (more, NULL), g_bytes_get_size (more));
  g_assert_cmpstr (text->str, ==, expected);
}

typedef struct {
  TaLogView  *view;
  const char *body;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *w = data;
  return tt_ui_log_has (w->view, w->body);
}

/* Three peers. The second is clicked in the list: only it gets the
 * message. "All clients" is clicked: all three get it. The second is
 * disconnected from the page: only it sees EOF, the list shows two, the
 * log says why, and a message to it is refused instead of going to
 * someone else. */
static void
test_clients_list (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  GSocket *s[3];
  g_autofree char *addr_b = NULL;
  g_autofree char *bye = NULL;
  ClientsWait cw = { server, 3 };
  LogWait lw;

  for (guint i = 0; i < 3; i++)
    s[i] = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  addr_b = local_address_of (s[1]);

  /* One client */
  click_client_row (page, addr_b);
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_server_page_get_target_label (page)), addr_b));
  send_from_page (page, "only you");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ta_server_page_get_send_error (page))));
  assert_gets (s[1], "only you");
  assert_gets (s[0], "");
  assert_gets (s[2], "");

  /* All clients */
  click_client_row (page, "All clients");
  g_assert_cmpstr (gtk_label_get_text (_ta_server_page_get_target_label (page)), ==, "To all clients");
  send_from_page (page, "everyone");
  for (guint i = 0; i < 3; i++)
    assert_gets (s[i], "everyone");

  /* Disconnect the selected one */
  click_client_row (page, addr_b);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.disconnect-selected", NULL));
  g_assert_true (tt_read_eof (s[1], 2000));
  cw.n = 2;
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  g_assert_false (tt_read_eof (s[0], 200));
  g_assert_false (tt_read_eof (s[2], 200));
  g_assert_cmpuint (client_rows (page), ==, 2);
  bye = g_strdup_printf ("Client %s: Disconnected by you.", addr_b);
  lw = (LogWait) { _ta_server_page_get_log_view (page), bye };
  if (!tt_ui_wait_for (log_has, &lw))
    {
      tt_ui_dump_log ("server", lw.view);
      g_error ("Not in the log: %s", bye);
    }

  /* The gone client stays the target: nothing is sent to the others. */
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_server_page_get_target_label (page)), "disconnected"));
  send_from_page (page, "lost");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_server_page_get_send_error (page))));
  assert_gets (s[0], "");
  assert_gets (s[2], "");

  for (guint i = 0; i < 3; i++)
    g_object_unref (s[i]);
  tt_ui_destroy_window (window);
}

/* The reply chosen on the page reaches a client that is already
 * connected, byte for byte. */
static void
test_reply_modes (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  ClientsWait cw = { server, 1 };
  GSocket *s;
  g_autoptr(GBytes) got = NULL;
  static const guint8 gbk_crlf[] = { 0xBA, 0xC3, '!', '\r', '\n' };  /* 好! in GBK */

  s = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));

  /* Default: hello */
  tt_send (s, "a", 1);
  assert_gets (s, "hello");

  /* Echo */
  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (page), 1);
  tt_send (s, "echo me\r\n", 9);
  assert_gets (s, "echo me\r\n");

  /* None */
  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (page), 2);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_ta_server_page_get_reply_entry (page))));
  tt_send (s, "quiet", 5);
  assert_gets (s, "");

  /* Text, GBK, \r\n */
  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (page), 0);
  ta_charset_dropdown_set_id (_ta_server_page_get_charset_dropdown (page), "GBK");
  gtk_editable_set_text (GTK_EDITABLE (_ta_server_page_get_reply_entry (page)), "好!");
  gtk_drop_down_set_selected (_ta_server_page_get_reply_ending_dropdown (page), 2);
  tt_send (s, "x", 1);
  got = tt_read_n (s, sizeof gbk_crlf, 5000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), gbk_crlf, sizeof gbk_crlf);

  g_object_unref (s);
  tt_ui_destroy_window (window);
}

/* An address of this machine other than loopback, or NULL. */
static GInetAddress *
find_other_address (void)
{
  struct ifaddrs *list = NULL;
  GInetAddress *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *ifa = list; ifa && !found; ifa = ifa->ifa_next)
    {
      g_autoptr(GSocketAddress) sa = NULL;
      GInetAddress *inet;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP) || ifa->ifa_addr->sa_family != AF_INET)
        continue;
      sa = g_socket_address_new_from_native (ifa->ifa_addr, sizeof (struct sockaddr_in));
      if (sa == NULL)
        continue;
      inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa));
      if (!g_inet_address_get_is_loopback (inet))
        found = g_object_ref (inet);
    }
  freeifaddrs (list);
  return found;
}

static gboolean
connect_ok (GInetAddress *inet,
            guint16       port)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GError) error = NULL;

  g_socket_set_timeout (socket, 2);
  return g_socket_connect (socket, address, NULL, &error);
}

/* "This computer only": the machine's other address is refused,
 * loopback is accepted; "All network interfaces" accepts both. */
static void
test_loopback_only (void)
{
  g_autoptr(GInetAddress) other = find_other_address ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  TaWindow *window;
  TaServerPage *page;
  guint16 port;
  g_autofree char *other_text = NULL;

  if (other == NULL)
    {
      g_test_skip ("This machine has no IPv4 address other than loopback to try");
      return;
    }
  other_text = g_inet_address_to_string (other);
  g_test_message ("Trying %s", other_text);

  window = tt_ui_new_window ();
  page = ta_window_get_server_page (window);

  gtk_drop_down_set_selected (_ta_server_page_get_scope_dropdown (page), 1);
  port = start_from_page (page);
  g_assert_cmpint (ta_server_get_scope (ta_server_page_get_server (page)), ==, TA_BIND_LOOPBACK);
  g_assert_false (connect_ok (other, port));
  g_assert_true (connect_ok (loopback, port));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));

  gtk_drop_down_set_selected (_ta_server_page_get_scope_dropdown (page), 0);
  port = start_from_page (page);
  g_assert_true (connect_ok (other, port));
  g_assert_true (connect_ok (loopback, port));

  tt_ui_destroy_window (window);
}

/* The Server tab shows the number of clients as a badge. */
static void
test_badge (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  AdwViewStackPage *stack_page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), GTK_WIDGET (page));
  guint16 port = start_from_page (page);
  ClientsWait cw = { server, 3 };
  FindWait fw = { GTK_WIDGET (window), "3" };
  GSocket *s[3];

  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 0);
  for (guint i = 0; i < 3; i++)
    s[i] = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 3);
  /* Drawn in the view switcher, not only a property. */
  g_assert_true (tt_ui_wait_for (label_shown, &fw));
  g_assert_nonnull (gtk_widget_get_ancestor (find_label (GTK_WIDGET (window), "3"), ADW_TYPE_VIEW_SWITCHER));

  g_object_unref (s[0]);
  cw.n = 2;
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (stack_page), ==, 2);

  g_object_unref (s[1]);
  g_object_unref (s[2]);
  tt_ui_destroy_window (window);
}

/* Two peers connect; stopping from the page closes both. */
static gboolean
stopped_logged (gpointer data)
{
  return tt_ui_log_has (_ta_server_page_get_log_view (data), "Server stopped.");
}

static void
test_stop_closes_clients (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  GSocket *a, *b;
  ClientsWait w = { server, 2 };

  a = tt_connect ("127.0.0.1", port);
  b = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &w));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_false (ta_server_get_listening (server));
  g_assert_true (tt_read_eof (a, 2000));
  g_assert_true (tt_read_eof (b, 2000));
  g_assert_true (tt_ui_wait_for (stopped_logged, page));

  g_object_unref (a);
  g_object_unref (b);
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-server/clients-list", test_clients_list);
  g_test_add_func ("/ui-server/reply-modes", test_reply_modes);
  g_test_add_func ("/ui-server/loopback-only", test_loopback_only);
  g_test_add_func ("/ui-server/badge", test_badge);
  g_test_add_func ("/ui-server/stop-closes-clients", test_stop_closes_clients);

  return g_test_run ();
}
