/* test-ui.c: the window driven through its widgets and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "ta-client-page-private.h"
#include "ta-server-page-private.h"
#include "ta-composer-private.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

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
  guint16 port;
  g_autofree char *port_text = NULL;
  GtkTextBuffer *buffer;

  /* Server page: type the port, press Start. */
  port = tt_ui_start_server (server_page);
  port_text = g_strdup_printf ("%u", port);

  /* Client page: host and port, Connect. */
  ta_window_show_page (window, "client");
  gtk_editable_set_text (_ta_client_page_get_host_entry (client_page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (client_page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (client_connected, window));

  /* Type 你好 and send. */
  buffer = gtk_text_view_get_buffer (_ta_composer_get_message_view (_ta_client_page_get_composer (client_page)));
  gtk_text_buffer_set_text (buffer, "你好", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_ta_client_page_get_composer (client_page)), "composer.send", NULL));

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

static gboolean last_row_visible (gpointer data);

/* 50,000 entries flooded into a log while the window keeps drawing. */
typedef struct {
  TaLogStore *store;
  guint appended;
  GArray *frames;   /* FrameTime of each after-paint */
  gint64 busy;
} Flood;

#define FLOOD_TOTAL 50000
#define FLOOD_CHUNK 200

typedef struct {
  gint64 wall;
  gint64 cpu;    /* this thread's CPU time (tt_thread_cpu_us) */
} FrameTime;

static void
on_after_paint (GdkFrameClock *clock,
                Flood         *flood)
{
  FrameTime now = { g_get_monotonic_time (), tt_thread_cpu_us () };

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
  gint64 start, end;
  FrameTime last, worst = { 0, 0 };
  gint64 end_cpu;
  gulong id;
  guint n_items;

  /* Shown: an earlier test may have left the Client page as the last one. */
  ta_window_show_page (window, "server");
  /* One entry first: the first row pays one-time costs (fonts). */
  ta_log_store_append_event (ta_server_page_get_log_store (page), TA_LOG_EVENT, NULL, "warm-up");
  tt_ui_iterate_for (300 * 1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);

  flood.store = ta_server_page_get_log_store (page);
  flood.frames = g_array_new (FALSE, FALSE, sizeof (FrameTime));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &flood);

  last = (FrameTime) { g_get_monotonic_time (), tt_thread_cpu_us () };
  start = last.wall;
  /* Below redraw priority, as socket reads are. */
  g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 2, flood_cb, &flood, NULL);
  while (flood.appended < FLOOD_TOTAL)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  end_cpu = tt_thread_cpu_us ();
  tt_ui_iterate_for (300 * 1000);

  g_test_message ("flood of %u entries took %.0f ms (%.0f ms appending), %u frames",
                  FLOOD_TOTAL, (end - start) / 1000.0, flood.busy / 1000.0, flood.frames->len);

  /* No 200 ms of the flood's own work without a frame: the gaps are
   * measured in this thread's CPU time, so other jobs on the machine
   * taking the CPU do not count (the wall-clock gap is reported). */
  g_assert_cmpuint (flood.frames->len, >, 0);
  for (guint i = 0; i <= flood.frames->len; i++)
    {
      FrameTime t = i < flood.frames->len ? g_array_index (flood.frames, FrameTime, i)
                                          : (FrameTime) { end, end_cpu };

      if (t.wall > end)
        t = (FrameTime) { end, end_cpu };
      worst.wall = MAX (worst.wall, t.wall - last.wall);
      worst.cpu = MAX (worst.cpu, t.cpu - last.cpu);
      last = t;
      if (t.wall == end)
        break;
    }
  g_test_message ("longest gap between frames: %.0f ms of CPU, %.0f ms of wall clock",
                  worst.cpu / 1000.0, worst.wall / 1000.0);
  g_assert_cmpint (worst.cpu, <, 200 * 1000 * (gint64) tt_slowdown ());

  n_items = g_list_model_get_n_items (G_LIST_MODEL (flood.store));
  g_assert_cmpuint (n_items, >=, FLOOD_TOTAL);
  /* The view followed the end all along. */
  g_assert_true (_ta_log_view_get_following (view));
  g_assert_true (tt_ui_log_has (view, "flood entry 49999"));
  /* On screen, not only in the model */
  g_assert_true (tt_ui_wait_for (last_row_visible, view));

  g_signal_handler_disconnect (clock, id);
  g_array_unref (flood.frames);
  tt_ui_destroy_window (window);
}


/* The log view (issue 5): what it shows, filters, copies and saves.
 * Data comes over a real loopback socket into the Server page. */

typedef struct {
  TaWindow     *window;
  TaServerPage *page;
  TaLogView    *view;
  GSocket      *peer;
  char         *peer_addr;
} LogFixture;

static gboolean
rows_match_model (gpointer data);

static GPtrArray *
shown_rows (TaLogView *view)
{
  GtkWidget *list = GTK_WIDGET (_ta_log_view_get_list_view (view));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  /* Children of the list view are its row widgets, in order. */
  for (GtkWidget *item = gtk_widget_get_first_child (list); item; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *box = gtk_widget_get_first_child (item);
      GString *line;

      if (box == NULL || !gtk_widget_get_visible (item) || g_object_get_data (G_OBJECT (box), "ta-row") == NULL)
        continue;
      line = g_string_new (NULL);
      for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
        {
          const char *text = NULL;

          if (!gtk_widget_get_visible (c))
            continue;
          if (GTK_IS_LABEL (c))
            text = gtk_label_get_text (GTK_LABEL (c));
          else if (GTK_IS_INSCRIPTION (c))
            text = gtk_inscription_get_text (GTK_INSCRIPTION (c));
          if (text == NULL || *text == '\0')
            continue;
          if (line->len)
            g_string_append_c (line, ' ');
          g_string_append (line, text);
        }
      g_ptr_array_add (rows, g_string_free (line, FALSE));
    }
  return rows;
}

static gboolean
rows_match_model (gpointer data)
{
  TaLogView *view = data;
  g_autoptr(GPtrArray) rows = shown_rows (view);

  return rows->len == g_list_model_get_n_items (_ta_log_view_get_model (view));
}

static void
wait_rows (TaLogView *view)
{
  tt_ui_iterate_for (50 * 1000);
  if (!tt_ui_wait_for (rows_match_model, view))
    g_error ("The list does not show the %u entries of its model",
             g_list_model_get_n_items (_ta_log_view_get_model (view)));
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

static void
peer_says (LogFixture *f,
           const void *data,
           gsize       len)
{
  g_autoptr(GBytes) reply = NULL;
  gsize n;
  const char *got;

  /* "hello" once per chunk the server read: loopback may deliver the
   * message in more than one, and a late reply may come with the next. */
  tt_send (f->peer, data, len);
  reply = tt_read_n (f->peer, 5, 3000);
  got = g_bytes_get_data (reply, &n);
  g_assert_cmpuint (n % 5, ==, 0);
  for (gsize i = 0; i < n; i += 5)
    g_assert_cmpmem (got + i, 5, "hello", 5);
}

static void
log_setup (LogFixture    *f,
           gconstpointer  data)
{
  guint16 port;
  g_autoptr(GSocketAddress) local = NULL;
  LogWait w;

  f->window = tt_ui_new_window ();
  f->page = ta_window_get_server_page (f->window);
  /* An earlier test may have left the Client page as the last one. */
  ta_window_show_page (f->window, "server");
  f->view = _ta_server_page_get_log_view (f->page);
  gtk_drop_down_set_selected (_ta_log_view_get_time_dropdown (f->view), 1);
  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), 0);
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);
  gtk_editable_set_text (_ta_log_view_get_search_entry (f->view), "");

  port = tt_ui_start_server (f->page);
  f->peer = tt_connect ("127.0.0.1", port);
  local = g_socket_get_local_address (f->peer, NULL);
  f->peer_addr = ta_format_socket_address (local);

  peer_says (f, "apple pie", 9);
  peer_says (f, "banana split", 12);
  peer_says (f, "<b>x</b>", 8);
  peer_says (f, "AB\0", 3);
  ta_log_store_append_event (ta_server_page_get_log_store (f->page), TA_LOG_ERROR, NULL, "a test error");
  w = (LogWait) { f->view, "a test error" };
  g_assert_true (tt_ui_wait_for (log_has, &w));
  wait_rows (f->view);
}

static void
log_teardown (LogFixture    *f,
              gconstpointer  data)
{
  g_object_unref (f->peer);
  g_free (f->peer_addr);
  tt_ui_destroy_window (f->window);
}

static guint
n_shown (LogFixture *f)
{
  return g_list_model_get_n_items (_ta_log_view_get_model (f->view));
}

typedef struct {
  LogFixture *f;
  guint       n;
} ShownWait;

/* The search entry filters after a short delay. */
static gboolean
n_shown_is (gpointer data)
{
  ShownWait *w = data;

  return n_shown (w->f) == w->n;
}

static void
test_log_filter (LogFixture    *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint all = n_shown (f);

  /* Waiting, connected, 4 requests, 4 replies, the error */
  g_assert_cmpuint (all, ==, 11);

  /* Text (the search entry filters after a short delay) */
  gtk_editable_set_text (_ta_log_view_get_search_entry (f->view), "APPLE");
  g_assert_true (tt_ui_wait_for (n_shown_is, &(ShownWait) { f, 1 }));
  wait_rows (f->view);
  rows = shown_rows (f->view);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (rows->pdata[0], "Client request: apple pie"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  gtk_editable_set_text (_ta_log_view_get_search_entry (f->view), "");
  g_assert_true (tt_ui_wait_for (n_shown_is, &(ShownWait) { f, all }));

  /* Data only */
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 1);
  wait_rows (f->view);
  rows = shown_rows (f->view);
  g_assert_cmpuint (rows->len, ==, 8);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (strstr (rows->pdata[i], "Client request: ") || strstr (rows->pdata[i], "Replied: "));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Events and errors */
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 2);
  wait_rows (f->view);
  rows = shown_rows (f->view);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (rows->pdata[i], "Client request: "));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Errors only */
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 3);
  wait_rows (f->view);
  rows = shown_rows (f->view);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (rows->pdata[0], "a test error"));

  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* Clicks the row widget at @index with Ctrl held. */
static void
ctrl_click_row (TaLogView *view,
                guint      index)
{
  GtkWidget *list = GTK_WIDGET (_ta_log_view_get_list_view (view));
  guint i = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (list); item; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *box = gtk_widget_get_first_child (item);

      if (box == NULL || g_object_get_data (G_OBJECT (box), "ta-row") == NULL)
        continue;
      if (i++ == index)
        {
          g_assert_true (gtk_widget_activate_action (box, "listitem.select", "(bb)", TRUE, FALSE));
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_log_copy (LogFixture    *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = shown_rows (f->view);
  g_autofree char *expected = NULL;
  char *got = NULL;

  ctrl_click_row (f->view, 2);
  ctrl_click_row (f->view, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->view)), NULL, on_text_read, &got);
  g_assert_true (tt_ui_wait_for (is_set, &got));

  expected = g_strdup_printf ("%s\n%s\n", (char *) rows->pdata[2], (char *) rows->pdata[5]);
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static char *
join_rows (GPtrArray *rows)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (s, "%s\n", (char *) rows->pdata[i]);
  return g_string_free (s, FALSE);
}

static void
assert_save_matches (TaLogView *view)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-log-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  wait_rows (view);
  rows = shown_rows (view);
  g_assert_true (_ta_log_view_save_to_file (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  expected = join_rows (rows);
  {
    /* With times shown, the file also has a "-- 2026-11-28 --" line
     * before the first line and at each change of day (issue 13). */
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
    g_autoptr(GString) without = g_string_new (NULL);
    guint n_dates = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_regex_match_simple ("^-- \\d{4}-\\d{2}-\\d{2} --$", lines[i], 0, 0))
          {
            n_dates++;
            continue;
          }
        g_string_append (without, lines[i]);
        if (lines[i + 1] != NULL)
          g_string_append_c (without, '\n');
      }
    if (rows->len > 0 && g_ascii_isdigit (((char *) rows->pdata[0])[0]))
      g_assert_cmpuint (n_dates, >=, 1);
    g_assert_cmpstr (without->str, ==, expected);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_log_save (LogFixture    *f,
               gconstpointer  data)
{
  assert_save_matches (f->view);

  /* Only what the filter shows */
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 1);
  assert_save_matches (f->view);
  g_assert_cmpuint (n_shown (f), ==, 8);
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);
}

static char *
body_of_row_with (TaLogView  *view,
                  const char *needle)
{
  GListModel *model = _ta_log_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);
      g_autoptr(GPtrArray) rows = shown_rows (view);

      if (strstr (text, needle))
        {
          /* What the row widget shows, not only the model */
          g_assert_nonnull (strstr (rows->pdata[i], text));
          return g_steal_pointer (&text);
        }
    }
  return NULL;
}

static void
test_log_display (LogFixture    *f,
                  gconstpointer  data)
{
  g_autofree char *hex = NULL;
  g_autofree char *both = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *text = NULL;

  text = body_of_row_with (f->view, "Client request: AB");
  g_assert_cmpstr (text, ==, "Client request: AB\\0");

  /* Received markup is shown as typed */
  markup = body_of_row_with (f->view, "<b>");
  g_assert_cmpstr (markup, ==, "Client request: <b>x</b>");

  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), 1);
  wait_rows (f->view);
  hex = body_of_row_with (f->view, "Client request: 41 42");
  g_assert_cmpstr (hex, ==, "Client request: 41 42 00");

  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), 2);
  wait_rows (f->view);
  both = body_of_row_with (f->view, "Client request: AB");
  g_assert_nonnull (both);
  g_assert_true (g_str_has_prefix (both, "Client request: AB\\0\n"));
  g_assert_nonnull (strstr (both, "41 42 00"));

  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), 0);
}

/* Following the end: the newest row is on screen, not just below it. */
static gboolean
last_row_visible (gpointer data)
{
  TaLogView *view = data;
  GtkWidget *list = GTK_WIDGET (_ta_log_view_get_list_view (view));
  GtkWidget *scrolled = GTK_WIDGET (_ta_log_view_get_scrolled_window (view));
  guint n = g_list_model_get_n_items (_ta_log_view_get_model (view));
  /* The newest row by its position in the model: its text may be on
   * many rows ("Replied: hello"). */
  GtkWidget *box = n ? _ta_log_view_get_row_widget (view, n - 1) : NULL;
  GtkWidget *item, *paned;
  graphene_rect_t bounds, sb;

  /* No widget bound to it: far from the visible part. */
  if (box == NULL || !gtk_widget_get_mapped (box))
    return FALSE;
  item = gtk_widget_get_parent (box);
  g_assert_true (gtk_widget_get_parent (item) == list);
  if (!gtk_widget_compute_bounds (item, scrolled, &bounds))
    return FALSE;
  if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > gtk_widget_get_height (scrolled) + 1)
    return FALSE;
  /* And the scrolled window itself is not partly covered: on the Server
   * page it must end within the paned. */
  paned = gtk_widget_get_ancestor (scrolled, GTK_TYPE_PANED);
  if (paned && gtk_widget_compute_bounds (scrolled, paned, &sb) &&
      sb.origin.y + sb.size.height > gtk_widget_get_height (paned) + 1)
    {
      g_test_message ("log list ends at %.0f, below the paned's %d", sb.origin.y + sb.size.height,
                      gtk_widget_get_height (paned));
      return FALSE;
    }
  return TRUE;
}

static void
test_log_follows_end (LogFixture    *f,
                      gconstpointer  data)
{
  /* One exchange at a time, from a log that fits to one that scrolls:
   * after each, the newest row is on screen. The app's default size. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *msg = g_strdup_printf (i % 2 ? "你好 %u" : "message %u", i);

      peer_says (f, msg, strlen (msg));
      tt_ui_iterate_for (250 * 1000);
      g_assert_true (_ta_log_view_get_following (f->view));
      /* Not g_error: the tests after this one in the program still run. */
      if (!tt_ui_wait_for (last_row_visible, f->view))
        {
          g_test_fail_printf ("After exchange %u of 16, the newest row is not on screen while following the end", i);
          return;
        }
    }
}

typedef struct {
  GtkButton  *button;
  const char *label;
} JumpWait;

static gboolean
jump_label_is (gpointer data)
{
  JumpWait *w = data;

  return gtk_widget_get_visible (GTK_WIDGET (w->button)) &&
         g_strcmp0 (gtk_button_get_label (w->button), w->label) == 0;
}

static gboolean
view_at_end (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) &&
         gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

/* A user scrolling to the top: a scroll that lands while the rows are
 * still being measured counts as the content moving (the view then keeps
 * following), so the user scrolls again, as a person would. */
static gboolean
scrolled_up (gpointer data)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (data));

  if (!_ta_log_view_get_following (data))
    return TRUE;
  gtk_adjustment_set_value (adj, 0);
  return !_ta_log_view_get_following (data);
}

static void
test_log_jump (LogFixture    *f,
               gconstpointer  data)
{
  TaLogStore *store = ta_server_page_get_log_store (f->page);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (f->view));
  GtkButton *jump = _ta_log_view_get_jump_button (f->view);
  JumpWait w = { jump, "Jump to latest (6 new)" };

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *msg = g_strdup_printf ("filler %u", i);

      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, msg);
    }
  ta_log_store_flush (store);
  /* Let the view reach the end first (slower under the sanitizers). */
  g_assert_true (tt_ui_wait_for (view_at_end, adj));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (_ta_log_view_get_following (f->view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (jump)));

  /* The user scrolls up, then traffic arrives. */
  g_assert_true (tt_ui_wait_for (scrolled_up, f->view));
  peer_says (f, "one", 3);
  peer_says (f, "two", 3);
  peer_says (f, "three", 5);
  if (!tt_ui_wait_for (jump_label_is, &w))
    g_error ("Jump button: visible %d, “%s”", gtk_widget_get_visible (GTK_WIDGET (jump)),
             gtk_button_get_label (jump));
  /* The view stayed where the user put it. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.jump", NULL));
  g_assert_true (tt_ui_wait_for (view_at_end, adj));
  g_assert_true (_ta_log_view_get_following (f->view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (jump)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=,
                     gtk_adjustment_get_upper (adj) - 2);
}

/* Received entries shown, and their bytes */
static guint
n_received (TaLogView *view)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (model, i);

      if (ta_log_entry_get_kind (entry) == TA_LOG_RECEIVED)
        n++;
    }
  return n;
}

typedef struct {
  TaLogView *view;
  guint      n;
} CountWait;

static gboolean
received_at_least (gpointer data)
{
  CountWait *w = data;
  return n_received (w->view) >= w->n;
}

/* Save log, "Received bytes only": exactly the bytes received, in order,
 * 0x00 and 0xFF included; a message longer than an entry keeps is cut
 * and counted. */
/* The received entries count w->n bytes in all. */
static gboolean
received_bytes_are (gpointer data)
{
  CountWait *w = data;
  GListModel *model = _ta_log_view_get_model (w->view);
  gsize total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (model, i);

      if (ta_log_entry_get_kind (entry) == TA_LOG_RECEIVED)
        total += ta_log_entry_get_full_size (entry);
    }
  return total == w->n;
}

static void
test_log_save_raw (LogFixture    *f,
                   gconstpointer  data)
{
  static const guint8 blob[] = { 0x00, 0x01, 'x', 0xFF, 0xFE, 0x80, '\r', '\n', 0x00 };
  g_autofree char *dir = g_dir_make_tmp ("ta-raw-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "raw.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (TA_LOG_ENTRY_MAX_DATA + 904);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  guint n_cut = 99, want_cut = 0;
  CountWait w = { f->view, 6 };

  for (gsize i = 0; i < TA_LOG_ENTRY_MAX_DATA + 904; i++)
    big[i] = 'a' + i % 26;
  peer_says (f, blob, sizeof blob);
  peer_says (f, big, TA_LOG_ENTRY_MAX_DATA + 904);
  g_assert_true (tt_ui_wait_for (received_at_least, &w));
  g_byte_array_append (sent, (const guint8 *) "apple piebanana split<b>x</b>AB\0", 32);
  g_byte_array_append (sent, blob, sizeof blob);
  g_byte_array_append (sent, (const guint8 *) big, TA_LOG_ENTRY_MAX_DATA + 904);
  w.n = sent->len;
  g_assert_true (tt_ui_wait_for (received_bytes_are, &w));

  /* Each received entry's bytes, cut at TA_LOG_ENTRY_MAX_DATA: from what
   * the peer sent and how the server read it (the 5,000 bytes come in one
   * read on loopback almost always, but nothing promises it). */
  for (guint i = 0, off = 0; i < g_list_model_get_n_items (_ta_log_view_get_model (f->view)); i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (_ta_log_view_get_model (f->view), i);
      gsize size;

      if (ta_log_entry_get_kind (entry) != TA_LOG_RECEIVED)
        continue;
      size = ta_log_entry_get_full_size (entry);
      g_byte_array_append (expected, sent->data + off, MIN (size, TA_LOG_ENTRY_MAX_DATA));
      if (size > TA_LOG_ENTRY_MAX_DATA)
        want_cut++;
      off += size;
    }
  g_test_message ("%u received entries, %u over %d bytes", n_received (f->view), want_cut, TA_LOG_ENTRY_MAX_DATA);
  if (n_received (f->view) == 6)
    g_assert_cmpuint (want_cut, ==, 1);

  g_assert_true (_ta_log_view_save_raw_to_file (f->view, file, &n_cut, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_cut, ==, want_cut);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, expected->data, expected->len);
  g_clear_pointer (&contents, g_free);

  /* What the filter shows: no data entries, an empty file */
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 2);
  g_assert_true (_ta_log_view_save_raw_to_file (f->view, file, &n_cut, &error));
  g_assert_cmpuint (n_cut, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 0);
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct {
  const char *path;
  const char *needle;
} FileWait;

/* Some row's body contains w->body */
static gboolean
log_contains (gpointer data)
{
  LogWait *w = data;
  GListModel *model = _ta_log_view_get_model (w->view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (w->view, i);

      if (strstr (text, w->body))
        return TRUE;
    }
  return FALSE;
}

static gboolean
file_has (gpointer data)
{
  FileWait *w = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (w->path, &contents, NULL, NULL) && strstr (contents, w->needle) != NULL;
}

/* Record to File: new entries are appended while it runs, whole; the
 * button and the bar show it; stopping (bar or button) stops it; a path
 * that cannot be written is refused with the core's sentence. */
static void
test_log_record (LogFixture    *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-rec-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rec.log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-ta-dir/rec.log");
  g_autoptr(GError) error = NULL;
  GtkToggleButton *button = _ta_log_view_get_record_button (f->view);
  GtkLabel *label = _ta_log_view_get_record_label (f->view);
  g_autofree char *contents = NULL;
  g_autofree char *big = g_malloc (6000);
  FileWait fw;
  LogWait lw;

  g_assert_false (gtk_toggle_button_get_active (button));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label))));

  g_assert_true (_ta_log_view_record_to_file (f->view, file, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_toggle_button_get_active (button));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label))));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "rec.log"));

  /* Earlier entries are not in the file; new ones are, while it runs. */
  peer_says (f, "recorded one", 12);
  fw = (FileWait) { path, "recorded one" };
  g_assert_true (tt_ui_wait_for (file_has, &fw));
  fw = (FileWait) { path, "[Server]" };
  g_assert_true (file_has (&fw));
  memset (big, 'q', 6000);
  memcpy (big + 5990, "END-OF-BIG", 10);
  peer_says (f, big, 6000);
  fw = (FileWait) { path, "END-OF-BIG" };
  g_assert_true (tt_ui_wait_for (file_has, &fw));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "apple pie"));
  g_clear_pointer (&contents, g_free);

  /* Stop with the button */
  gtk_toggle_button_set_active (button, FALSE);
  g_assert_false (gtk_toggle_button_get_active (button));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label))));
  peer_says (f, "not recorded", 12);
  lw = (LogWait) { f->view, "not recorded" };
  g_assert_true (tt_ui_wait_for (log_contains, &lw));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "not recorded"));
  g_clear_pointer (&contents, g_free);

  /* Again: appended, then stopped with the bar's button (the action) */
  g_assert_true (_ta_log_view_record_to_file (f->view, file, NULL));
  peer_says (f, "recorded two", 12);
  fw = (FileWait) { path, "recorded two" };
  g_assert_true (tt_ui_wait_for (file_has, &fw));
  fw = (FileWait) { path, "recorded one" };
  g_assert_true (file_has (&fw));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.stop-recording", NULL));
  g_assert_false (gtk_toggle_button_get_active (button));
  peer_says (f, "not recorded either", 19);
  lw = (LogWait) { f->view, "not recorded either" };
  g_assert_true (tt_ui_wait_for (log_contains, &lw));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "not recorded either"));

  /* A path that cannot be written */
  g_assert_false (_ta_log_view_record_to_file (f->view, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot be written"));
  g_assert_false (gtk_toggle_button_get_active (button));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label))));

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct {
  TaServerPage *page;
  TaConnection *conn;
  const char   *in;
  const char   *out;
  char         *last;
} RowWait;

static gboolean
client_row_shows (gpointer data)
{
  RowWait *w = data;

  g_free (w->last);
  w->last = _ta_server_page_dup_client_row_text (w->page, w->conn);
  return w->last && strstr (w->last, w->in) && strstr (w->last, w->out);
}

/* The clients list counts bytes and messages each way: the fixture's peer
 * sent 4 messages (32 bytes) and got 4 replies of "hello". */
/* The send queue limit comes from the settings, in KiB: a client that
 * never reads is cut once more than that waits for it. The real default
 * (4096 KiB = 4 MiB), then a changed preference applied to the running
 * server. */
static gsize
fill_until_cut (LogFixture *f)
{
  static char block[64 * 1024];
  TaServer *server = ta_server_page_get_server (f->page);
  g_autoptr(GSocket) hog = tt_connect ("127.0.0.1", ta_server_get_port (server));
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (hog, NULL);
  g_autofree char *address = ta_format_socket_address (local);
  g_autoptr(GBytes) bytes = g_bytes_new_static (block, sizeof block);
  g_autoptr(TaConnection) conn = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC * tt_slowdown ();
  gsize max_queued = 0;

  /* Its connection on the server, found by its address. */
  while (conn == NULL)
    {
      GListModel *clients = ta_server_get_clients (server);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (clients) && conn == NULL; i++)
        {
          g_autoptr(TaConnection) c = g_list_model_get_item (clients, i);

          if (g_strcmp0 (ta_connection_get_address (c), address) == 0)
            conn = g_steal_pointer (&c);
        }
    }
  /* The hog never reads: once the kernel buffers are full, what we send
   * waits in the queue until the limit cuts the client. */
  while (!ta_connection_is_closed (conn))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ta_server_send (server, conn, bytes);
      max_queued = MAX (max_queued, ta_connection_get_queued_bytes (conn));
      g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("cut with %" G_GSIZE_FORMAT " bytes waiting", max_queued);
  return max_queued;
}

static void
test_queue_cap_from_settings (LogFixture    *f,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gsize max_queued;

  g_settings_reset (settings, "queue-cap-kib");
  g_assert_cmpint (g_settings_get_int (settings, "queue-cap-kib"), ==, 4096);
  max_queued = fill_until_cut (f);
  /* Within one 64 KiB block below the limit. */
  g_assert_cmpuint (max_queued, <=, 4 * 1024 * 1024);
  g_assert_cmpuint (max_queued, >, 4 * 1024 * 1024 - 64 * 1024);

  g_settings_set_int (settings, "queue-cap-kib", 512);
  max_queued = fill_until_cut (f);
  g_assert_cmpuint (max_queued, <=, 512 * 1024);
  g_assert_cmpuint (max_queued, >, 512 * 1024 - 64 * 1024);
  g_settings_reset (settings, "queue-cap-kib");
}

static void
test_clients_counters (LogFixture    *f,
                       gconstpointer  data)
{
  GListModel *clients = ta_server_get_clients (ta_server_page_get_server (f->page));
  g_autoptr(TaConnection) conn = NULL;
  RowWait w = { f->page, NULL, "In 32 bytes · 4 messages", "Out 20 bytes · 4 messages", NULL };
  gboolean ok;

  g_assert_cmpuint (g_list_model_get_n_items (clients), ==, 1);
  conn = g_list_model_get_item (clients, 0);
  w.conn = conn;
  ok = tt_ui_wait_for (client_row_shows, &w);
  g_test_message ("client row: %s", w.last ? w.last : "(not bound)");
  g_assert_true (ok);

  peer_says (f, "x", 1);
  w.in = "In 33 bytes · 5 messages";
  w.out = "Out 25 bytes · 5 messages";
  ok = tt_ui_wait_for (client_row_shows, &w);
  g_test_message ("client row: %s", w.last ? w.last : "(not bound)");
  g_assert_true (ok);
  g_free (w.last);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* As the application does: row padding changes the list's geometry. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, APP_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/roundtrip", test_roundtrip);
  g_test_add_func ("/ui/host-port-split", test_host_port_split);
  g_test_add_func ("/ui/port-in-use", test_port_in_use);
  g_test_add_func ("/ui/port-validation", test_port_validation);
  g_test_add_func ("/ui/flood-keeps-drawing", test_flood_keeps_drawing);
  g_test_add ("/ui/log/filter", LogFixture, NULL, log_setup, test_log_filter, log_teardown);
  g_test_add ("/ui/log/copy", LogFixture, NULL, log_setup, test_log_copy, log_teardown);
  g_test_add ("/ui/log/save", LogFixture, NULL, log_setup, test_log_save, log_teardown);
  g_test_add ("/ui/log/save-raw", LogFixture, NULL, log_setup, test_log_save_raw, log_teardown);
  g_test_add ("/ui/log/record-to-file", LogFixture, NULL, log_setup, test_log_record, log_teardown);
  g_test_add ("/ui/server/clients-counters", LogFixture, NULL, log_setup, test_clients_counters, log_teardown);
  g_test_add ("/ui/log/display", LogFixture, NULL, log_setup, test_log_display, log_teardown);
  g_test_add ("/ui/log/follows-end", LogFixture, NULL, log_setup, test_log_follows_end, log_teardown);
  g_test_add ("/ui/log/jump-to-latest", LogFixture, NULL, log_setup, test_log_jump, log_teardown);
  g_test_add ("/ui/server/queue-cap-from-settings", LogFixture, NULL, log_setup, test_queue_cap_from_settings, log_teardown);

  return g_test_run ();
}
