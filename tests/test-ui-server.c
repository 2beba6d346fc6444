/* test-ui-server.c: the Server page and the log view, driven from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo).
 */
#include "config.h"

#include <adwaita.h>

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
  guint16 port = ta_server_find_free_port (22000);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GSocket *a, *b;
  ClientsWait w = { server, 2 };

  gtk_editable_set_text (_ta_server_page_get_port_entry (page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
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

  g_test_add_func ("/ui-server/stop-closes-clients", test_stop_closes_clients);

  return g_test_run ();
}
