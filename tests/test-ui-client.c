/* test-ui-client.c: the Client page, driven from the window
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

static gboolean
refused_shown (gpointer data)
{
  TaClientPage *page = data;
  return ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_DISCONNECTED;
}

/* Connecting to a port nothing listens on ends in a sentence in the log. */
static void
test_connect_refused (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  guint16 port = tt_free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *expected = g_strdup_printf ("Connection refused: nothing is listening on 127.0.0.1 port %u. "
                                               "Check that the server is started and the port is right.", port);

  ta_window_show_page (window, "client");
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (refused_shown, page));
  tt_ui_iterate_for (200 * 1000);
  if (!tt_ui_log_has (_ta_client_page_get_log_view (page), expected))
    {
      tt_ui_dump_log ("client", _ta_client_page_get_log_view (page));
      g_assert_not_reached ();
    }
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-client/connect-refused", test_connect_refused);

  return g_test_run ();
}
