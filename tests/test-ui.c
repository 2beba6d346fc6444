/* test-ui.c: the window driven through its widgets and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo).
 */
#include "config.h"

#include <adwaita.h>

#include "ta-window.h"
#include "tt-ui.h"

typedef struct {
  TaWindow *window;
} Fixture;

static gboolean
client_connected (gpointer data)
{
  TaWindow *window = data;

  return ta_client_get_state (ta_client_page_get_client (ta_window_get_client_page (window))) == TA_CLIENT_CONNECTED;
}

static gboolean
hello_exchanged (gpointer data)
{
  TaWindow *window = data;

  return tt_ui_log_has (_ta_server_page_get_log_view (ta_window_get_server_page (window)), "Client request: 你好") &&
         tt_ui_log_has (_ta_client_page_get_log_view (ta_window_get_client_page (window)), "Received: hello");
}

/* The tutorial, from the window: server on a free port, the client
 * connects, sends 你好, and each log shows its side of the exchange. */
static void
test_roundtrip (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *client_page = ta_window_get_client_page (window);
  guint16 port = ta_server_find_free_port (21000);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GtkTextBuffer *buffer;

  g_assert_cmpuint (port, !=, 0);

  /* Server page: type the port, press Start. */
  gtk_editable_set_text (_ta_server_page_get_port_entry (server_page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_page), "server.toggle", NULL));
  g_assert_true (ta_server_get_listening (ta_server_page_get_server (server_page)));
  g_assert_cmpuint (ta_server_get_port (ta_server_page_get_server (server_page)), ==, port);

  /* Client page: host and port, Connect. */
  ta_window_show_page (window, "client");
  gtk_editable_set_text (_ta_client_page_get_host_entry (client_page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (client_page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (client_connected, window));

  /* Type 你好 and send. */
  buffer = gtk_text_view_get_buffer (_ta_client_page_get_message_view (client_page));
  gtk_text_buffer_set_text (buffer, "你好", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_page), "client.send", NULL));

  if (!tt_ui_wait_for (hello_exchanged, window))
    {
      tt_ui_dump_log ("server", _ta_server_page_get_log_view (server_page));
      tt_ui_dump_log ("client", _ta_client_page_get_log_view (client_page));
      g_assert_not_reached ();
    }

  /* Stop: the client is disconnected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_page), "server.toggle", NULL));
  g_assert_false (ta_server_get_listening (ta_server_page_get_server (server_page)));

  tt_ui_destroy_window (window);
}

/* Pasting "host:port" into the host entry splits it. */
static gboolean
host_split (gpointer data)
{
  TaClientPage *page = data;

  return g_strcmp0 (gtk_editable_get_text (_ta_client_page_get_port_entry (page)), "4567") == 0;
}

static void
test_host_port_split (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);

  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "192.168.1.5:4567");
  g_assert_true (tt_ui_wait_for (host_split, page));
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_host_entry (page)), ==, "192.168.1.5");

  tt_ui_destroy_window (window);
}

/* A port already in use: the sentence shows under the port entry. */
static void
test_port_in_use (void)
{
  g_autoptr(TaServer) other = ta_server_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = ta_server_find_free_port (22000);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  TaWindow *window;
  TaServerPage *page;
  GtkLabel *label;

  g_assert_true (ta_server_start (other, TA_BIND_ALL, port, &error));
  g_assert_no_error (error);

  window = tt_ui_new_window ();
  page = ta_window_get_server_page (window);
  gtk_editable_set_text (_ta_server_page_get_port_entry (page), port_text);
  gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL);

  g_assert_false (ta_server_get_listening (ta_server_page_get_server (page)));
  label = _ta_server_page_get_port_error (page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "already in use"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), port_text));

  tt_ui_destroy_window (window);
  ta_server_stop (other);
}

/* A bad port typed: the error shows as you type. */
static void
test_port_validation (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  GtkLabel *label = _ta_server_page_get_port_error (page);

  gtk_editable_set_text (_ta_server_page_get_port_entry (page), "70000");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  gtk_editable_set_text (_ta_server_page_get_port_entry (page), "7788");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));

  tt_ui_destroy_window (window);
}

/* 50,000 entries flooded into a log while the window keeps drawing. */
typedef struct {
  TaLogStore *store;
  guint appended;
  GArray *frames;   /* gint64 times of after-paint */
  gint64 busy;
} Flood;

#define FLOOD_TOTAL 50000
#define FLOOD_CHUNK 200

static void
on_after_paint (GdkFrameClock *clock,
                Flood         *flood)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (flood->frames, now);
}

static gboolean
flood_cb (gpointer data)
{
  Flood *flood = data;
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < FLOOD_CHUNK && flood->appended < FLOOD_TOTAL; i++, flood->appended++)
    {
      g_autofree char *msg = g_strdup_printf ("flood entry %u", flood->appended);

      ta_log_store_append_event (flood->store, TA_LOG_EVENT, "127.0.0.1:1", msg);
    }
  flood->busy += g_get_monotonic_time () - t0;
  return flood->appended < FLOOD_TOTAL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_flood_keeps_drawing (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaLogView *view = _ta_server_page_get_log_view (page);
  GdkFrameClock *clock;
  Flood flood = { 0 };
  gint64 start, end, last;
  gulong id;
  guint n_items;

  /* One entry first: the first row pays one-time costs (fonts). */
  ta_log_store_append_event (ta_server_page_get_log_store (page), TA_LOG_EVENT, NULL, "warm-up");
  tt_ui_iterate_for (300 * 1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);

  flood.store = ta_server_page_get_log_store (page);
  flood.frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &flood);

  start = g_get_monotonic_time ();
  /* Below redraw priority, as socket reads are. */
  g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 2, flood_cb, &flood, NULL);
  while (flood.appended < FLOOD_TOTAL)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  tt_ui_iterate_for (300 * 1000);

  g_test_message ("flood of %u entries took %.0f ms (%.0f ms appending), %u frames",
                  FLOOD_TOTAL, (end - start) / 1000.0, flood.busy / 1000.0, flood.frames->len);

  /* No 200 ms window of the flood without a frame. */
  g_assert_cmpuint (flood.frames->len, >, 0);
  last = start;
  for (guint i = 0; i < flood.frames->len; i++)
    {
      gint64 t = g_array_index (flood.frames, gint64, i);

      if (t > end)
        break;
      g_assert_cmpint (t - last, <, 200 * 1000);
      last = t;
    }
  g_assert_cmpint (end - last, <, 200 * 1000);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (flood.store));
  g_assert_cmpuint (n_items, >=, FLOOD_TOTAL);
  /* The view followed the end all along. */
  g_assert_true (_ta_log_view_get_following (view));
  g_assert_true (tt_ui_log_has (view, "flood entry 49999"));

  g_signal_handler_disconnect (clock, id);
  g_array_unref (flood.frames);
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/roundtrip", test_roundtrip);
  g_test_add_func ("/ui/host-port-split", test_host_port_split);
  g_test_add_func ("/ui/port-in-use", test_port_in_use);
  g_test_add_func ("/ui/port-validation", test_port_validation);
  g_test_add_func ("/ui/flood-keeps-drawing", test_flood_keeps_drawing);

  return g_test_run ();
}
