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

#include <glib/gstdio.h>
#include <string.h>

#include "ta-client-page-private.h"
#include "ta-preferences-window-private.h"
#include "ta-server-page-private.h"
#include "ta-composer-private.h"
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
  TaComposer *composer = _ta_server_page_get_composer (page);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_ta_composer_get_message_view (composer)), text, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
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
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ta_composer_get_send_error (_ta_server_page_get_composer (page)))));
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
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_composer_get_send_error (_ta_server_page_get_composer (page)))));
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

/* The list shows the server's clients, in order, once its batched
 * update ran: @data is the page. */
static gboolean
rows_match_server (gpointer data)
{
  TaServerPage *page = data;
  GListModel *clients = ta_server_get_clients (ta_server_page_get_server (page));
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (_ta_server_page_get_clients_view (page)));
  guint n = g_list_model_get_n_items (clients);
  g_autofree char *count = g_strdup_printf ("%u connected", n);

  if (g_list_model_get_n_items (rows) != n + 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (clients, i);
      g_autoptr(GObject) b = g_list_model_get_item (rows, i + 1);

      if (a != b)
        return FALSE;
    }
  /* The "All clients" row's count is exact. */
  return find_label (GTK_WIDGET (_ta_server_page_get_clients_view (page)), count) != NULL;
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  (*n_changes)++;
}

static gboolean
clients_are (gpointer data)
{
  gpointer *w = data;   /* page, then the expected addresses, NULL-terminated */
  GListModel *clients = ta_server_get_clients (ta_server_page_get_server (w[0]));
  guint n = 0;

  while (w[n + 1] != NULL)
    n++;
  if (g_list_model_get_n_items (clients) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConnection) conn = g_list_model_get_item (clients, i);

      if (g_strcmp0 (ta_connection_get_address (conn), w[i + 1]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The list is updated in batches (a connect/close storm costs the view a
 * few splices): after a storm of short clients, and after a client going
 * and another coming together, the rows are exactly the server's clients
 * in order, the count is exact, and the selected client stays selected. */
static void
test_clients_list_batched (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  GSocket *s[4];
  char *addr[4] = { NULL, };
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (_ta_server_page_get_clients_view (page)));
  ClientsWait cw = { server, 3 };
  gpointer expect[5];
  guint n_changes = 0;
  gulong handler;

  for (guint i = 0; i < 3; i++)
    {
      s[i] = tt_connect ("127.0.0.1", port);
      addr[i] = local_address_of (s[i]);
    }
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));

  /* A storm: 60 clients that connect and go, 6 at a time: 120 changes
   * to the server's list, far fewer to the view's. */
  g_assert_true (tt_ui_wait_for (rows_match_server, page));
  handler = g_signal_connect (selection, "items-changed", G_CALLBACK (count_changes), &n_changes);
  for (guint round = 0; round < 10; round++)
    {
      GSocket *burst[6];

      for (guint i = 0; i < G_N_ELEMENTS (burst); i++)
        burst[i] = tt_connect ("127.0.0.1", port);
      cw.n = 3 + G_N_ELEMENTS (burst);
      g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
      for (guint i = 0; i < G_N_ELEMENTS (burst); i++)
        g_object_unref (burst[i]);
    }
  cw.n = 3;
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  g_assert_true (tt_ui_wait_for (rows_match_server, page));
  g_signal_handler_disconnect (selection, handler);
  g_test_message ("%u list changes for 120 connects and closes", n_changes);
  g_assert_cmpuint (n_changes, <, 60);

  /* The second is selected; the first goes and a fourth comes at once. */
  click_client_row (page, addr[1]);
  {
    g_autoptr(GObject) second = g_list_model_get_item (ta_server_get_clients (server), 1);

    g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) second);
  }
  g_object_unref (s[0]);
  s[3] = tt_connect ("127.0.0.1", port);
  addr[3] = local_address_of (s[3]);
  expect[0] = page;
  expect[1] = addr[1];
  expect[2] = addr[2];
  expect[3] = addr[3];
  expect[4] = NULL;
  g_assert_true (tt_ui_wait_for (clients_are, expect));
  g_assert_true (tt_ui_wait_for (rows_match_server, page));
  {
    TaConnection *selected = gtk_single_selection_get_selected_item (selection);

    g_assert_true (TA_IS_CONNECTION (selected));
    g_assert_cmpstr (ta_connection_get_address (selected), ==, addr[1]);
  }
  g_assert_null (strstr (gtk_label_get_text (_ta_server_page_get_target_label (page)), "disconnected"));

  for (guint i = 1; i < 4; i++)
    g_object_unref (s[i]);
  for (guint i = 0; i < 4; i++)
    g_free (addr[i]);
  tt_ui_destroy_window (window);
}

static gboolean
not_sending_file (gpointer data)
{
  return !ta_composer_is_sending_file (data);
}

/* Send File… on the Server page with All clients selected: each of two
 * clients gets the whole file, byte for byte, and the log says so. */
static void
test_send_file_to_all (void)
{
  const gsize size = 1000 * 1000;
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaComposer *composer = _ta_server_page_get_composer (page);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  ClientsWait cw = { server, 2 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GFile) file = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  GSocket *s[2];

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  dir = g_dir_make_tmp ("ta-ui-server-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "one-megabyte.bin", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  file = g_file_new_for_path (path);

  for (guint i = 0; i < 2; i++)
    s[i] = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (composer),
                                                                                     TA_TYPE_COMPOSER,
                                                                                     "send_file_button"))));

  ta_composer_send_file (composer, file);
  g_assert_true (ta_composer_is_sending_file (composer));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) got = tt_read_n (s[i], size, 20000);

      g_assert_cmpuint (g_bytes_get_size (got), ==, size);
      g_assert_true (memcmp (g_bytes_get_data (got, NULL), data, size) == 0);
    }
  g_assert_true (tt_ui_wait_for (not_sending_file, composer));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (_ta_composer_get_file_progress (composer)), ==, 1.0);
  tt_assert_log_eventually (ta_server_page_get_log_store (page), "File sent: one-megabyte.bin (");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ta_composer_get_send_error (composer))));
  /* Nothing more than the file. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) more = tt_read_available (s[i], 200);

      g_assert_cmpuint (g_bytes_get_size (more), ==, 0);
    }

  for (guint i = 0; i < 2; i++)
    g_object_unref (s[i]);
  g_unlink (path);
  g_rmdir (dir);
  tt_ui_destroy_window (window);
}

static gboolean
not_repeating (gpointer data)
{
  return !ta_composer_is_repeating (data);
}

/* Repeat on the Server page, to the selected client only: Send becomes
 * Stop, 4 times then it stops by itself; the client gets exactly four
 * "tick"s, the other client none. Then Stop ends an endless one. */
static void
test_repeat (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaComposer *composer = _ta_server_page_get_composer (page);
  TaServer *server = ta_server_page_get_server (page);
  guint16 port = start_from_page (page);
  ClientsWait cw = { server, 2 };
  g_autofree char *addr = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) more = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GBytes) endless = NULL;
  GSocket *s[2];

  for (guint i = 0; i < 2; i++)
    s[i] = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  addr = local_address_of (s[0]);
  click_client_row (page, addr);

  gtk_check_button_set_active (_ta_composer_get_repeat_check (composer), TRUE);
  gtk_spin_button_set_value (_ta_composer_get_repeat_spin (composer), 20);
  gtk_spin_button_set_value (_ta_composer_get_times_spin (composer), 4);
  send_from_page (page, "tick");
  g_assert_true (ta_composer_is_repeating (composer));
  g_assert_cmpstr (gtk_button_get_label (_ta_composer_get_send_button (composer)), ==, "_Stop");
  g_assert_true (tt_ui_wait_for (not_repeating, composer));
  g_assert_cmpstr (gtk_button_get_label (_ta_composer_get_send_button (composer)), ==, "Sen_d");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (_ta_composer_get_repeat_count_label (composer)), "Sent 4 times · "));
  got = tt_read_n (s[0], 16, 5000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "ticktickticktick", 16);
  more = tt_read_available (s[0], 200);
  g_assert_cmpuint (g_bytes_get_size (more), ==, 0);
  other = tt_read_available (s[1], 200);
  g_assert_cmpuint (g_bytes_get_size (other), ==, 0);

  /* 0 times: until Stop (the same button). */
  gtk_spin_button_set_value (_ta_composer_get_times_spin (composer), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  endless = tt_read_n (s[0], 4 * 6, 5000);
  g_assert_cmpuint (g_bytes_get_size (endless), ==, 24);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_false (ta_composer_is_repeating (composer));
  /* Escape's action stops one too (when nothing repeats it is off, and
   * Escape goes on to the page: /ui-client/cancel-connecting). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (ta_composer_is_repeating (composer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.stop", NULL));
  g_assert_false (ta_composer_is_repeating (composer));
  {
    /* At most the one already queued may still arrive. */
    g_autoptr(GBytes) tail = tt_read_available (s[0], 300);
    g_autoptr(GBytes) none = NULL;

    g_assert_cmpuint (g_bytes_get_size (tail), <=, 4);
    none = tt_read_available (s[0], 300);
    g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  }

  for (guint i = 0; i < 2; i++)
    g_object_unref (s[i]);
  tt_ui_destroy_window (window);
}

typedef struct {
  GtkDropDown *dropdown;
  const char  *id;
} CharsetWait;

static gboolean
charset_is (gpointer data)
{
  CharsetWait *w = data;
  return g_strcmp0 (ta_charset_dropdown_get_id (w->dropdown), w->id) == 0;
}

/* The send encoding has one owner: chosen on the Client page, the Server
 * page's composer and its reply follow at once (and the other way, and
 * from Preferences); a message from the Server page then goes out in
 * that encoding. */
static void
test_encoding_follows (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaComposer *server_composer = _ta_server_page_get_composer (page);
  TaComposer *client_composer = _ta_client_page_get_composer (ta_window_get_client_page (window));
  TaServer *server = ta_server_page_get_server (page);
  guint16 port;
  ClientsWait cw = { server, 1 };
  CharsetWait w;
  TaPreferencesWindow *prefs;
  GSocket *s;
  g_autoptr(GBytes) got = NULL;
  static const guint8 nihao_gbk[] = { 0xC4, 0xE3, 0xBA, 0xC3 };

  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (client_composer), "GBK");
  w = (CharsetWait) { _ta_composer_get_charset_dropdown (server_composer), "GBK" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));
  w = (CharsetWait) { _ta_server_page_get_charset_dropdown (page), "GBK" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));

  port = start_from_page (page);
  s = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_ui_wait_for (n_clients_is, &cw));
  send_from_page (page, "你好");
  got = tt_read_n (s, 4, 5000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), nihao_gbk, 4);

  /* And back, from the Server page. */
  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (server_composer), "UTF-8");
  w = (CharsetWait) { _ta_composer_get_charset_dropdown (client_composer), "UTF-8" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));

  /* And from Preferences: both pages follow; Preferences follows a page. */
  prefs = TA_PREFERENCES_WINDOW (ta_preferences_window_new (GTK_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (prefs));
  w = (CharsetWait) { _ta_preferences_window_get_encoding_dropdown (prefs), "UTF-8" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));
  ta_charset_dropdown_set_id (_ta_preferences_window_get_encoding_dropdown (prefs), "GB18030");
  w = (CharsetWait) { _ta_composer_get_charset_dropdown (client_composer), "GB18030" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));
  w = (CharsetWait) { _ta_composer_get_charset_dropdown (server_composer), "GB18030" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));
  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (client_composer), "GBK");
  w = (CharsetWait) { _ta_preferences_window_get_encoding_dropdown (prefs), "GBK" };
  g_assert_true (tt_ui_wait_for (charset_is, &w));
  gtk_window_destroy (GTK_WINDOW (prefs));

  g_object_unref (s);
  tt_ui_destroy_window (window);
}

/* Signals wired in the page's template: Enter in the port entry starts
 * and stops the server as Start/Stop does; "Edit Rules…" opens the
 * rules editor. */
static void
test_template_signals (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  GObject *rules_button = gtk_widget_get_template_child (GTK_WIDGET (page), TA_TYPE_SERVER_PAGE, "rules_button");
  guint16 port = tt_ui_start_server (page);

  g_signal_emit_by_name (_ta_server_page_get_port_entry (page), "activate");
  g_assert_false (ta_server_get_listening (server));
  g_signal_emit_by_name (_ta_server_page_get_port_entry (page), "activate");
  g_assert_true (ta_server_get_listening (server));
  g_assert_cmpuint (ta_server_get_port (server), ==, port);

  g_assert_nonnull (rules_button);
  g_assert_null (_ta_server_page_get_rules_editor (page));
  g_signal_emit_by_name (rules_button, "clicked");
  g_assert_nonnull (_ta_server_page_get_rules_editor (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_server_page_get_rules_editor (page))));

  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-server/clients-list", test_clients_list);
  g_test_add_func ("/ui-server/clients-list-batched", test_clients_list_batched);
  g_test_add_func ("/ui-server/reply-modes", test_reply_modes);
  g_test_add_func ("/ui-server/loopback-only", test_loopback_only);
  g_test_add_func ("/ui-server/badge", test_badge);
  g_test_add_func ("/ui-server/stop-closes-clients", test_stop_closes_clients);
  g_test_add_func ("/ui-server/send-file-to-all", test_send_file_to_all);
  g_test_add_func ("/ui-server/repeat", test_repeat);
  g_test_add_func ("/ui-server/template-signals", test_template_signals);
  g_test_add_func ("/ui-server/encoding-follows", test_encoding_follows);

  return g_test_run ();
}
