/* test-ui-conversation.c: the conversation view and the traffic graph
 * under Xvfb, fed by a real server over loopback
 *
 * Over 700 lines: the widgets alone (stages, export, graph, flood) and
 * both pages with the screenshots share the row-reading helpers here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ta-client-page-private.h"
#include "ta-conversation-row.h"
#include "ta-log-switcher.h"
#include "ta-server-page-private.h"
#include "ta-ui-util.h"
#include "ta-window-report.h"
#include "ta-conversation-view.h"
#include "ta-log-view.h"
#include "ta-server.h"
#include "ta-traffic-graph.h"
#include "tt-ui.h"
#include "tt-util.h"

typedef struct {
  GtkWindow          *window;
  TaServer           *server;
  TaLogStore         *store;
  TaTraffic          *traffic;
  TaLogView          *log_view;
  TaConversationView *view;
  TaTrafficGraph     *graph;
  guint16             port;
} Fixture;

static void
on_show_entry (TaConversationView *view,
               TaLogEntry         *entry,
               Fixture            *f)
{
  ta_log_view_show_entry (f->log_view, entry);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *stack = gtk_stack_new ();

  f->server = ta_server_new ();
  f->store = ta_log_store_new (TA_LOG_ROLE_SERVER);
  ta_log_store_attach_server (f->store, f->server);
  f->traffic = ta_traffic_new ();
  ta_traffic_attach_server (f->traffic, f->server);
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, 0, &error));
  f->port = ta_server_get_port (f->server);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  f->log_view = g_object_new (TA_TYPE_LOG_VIEW, "hexpand", TRUE, NULL);
  ta_log_view_set_store (f->log_view, f->store);
  f->view = g_object_new (TA_TYPE_CONVERSATION_VIEW, "hexpand", TRUE, NULL);
  ta_conversation_view_set_store (f->view, f->store);
  g_signal_connect (f->view, "show-entry", G_CALLBACK (on_show_entry), f);
  f->graph = TA_TRAFFIC_GRAPH (ta_traffic_graph_new ());
  ta_traffic_graph_set_traffic (f->graph, f->traffic, TRUE);
  /* As on the pages: the log and the conversation in a stack, the
   * conversation shown. */
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (f->log_view), "log");
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (f->view), "conversation");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "conversation");
  gtk_widget_set_hexpand (stack, TRUE);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->graph));
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ta_server_stop (f->server);
  gtk_window_destroy (f->window);
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&f->traffic);
  g_clear_object (&f->store);
  g_clear_object (&f->server);
}

static guint
only_client_id (TaServer *server)
{
  g_autoptr(TaConnection) c = NULL;

  tt_wait_clients (server, 1);
  c = g_list_model_get_item (ta_server_get_clients (server), 0);
  return ta_connection_get_id (c);
}

/* The accessible names of the rows the list shows now. */
static void
collect_rows (GtkWidget *widget,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (TA_IS_CONVERSATION_ROW (child) && gtk_widget_get_mapped (child) &&
          ta_conversation_row_get_step (TA_CONVERSATION_ROW (child)) != NULL)
        {
          const char *tip = ta_conversation_row_get_label (TA_CONVERSATION_ROW (child));

          g_string_append (out, tip);
          g_string_append_c (out, '\n');
        }
      collect_rows (child, out);
    }
}

typedef struct {
  Fixture    *f;
  const char *needle;
} RowWait;

static gboolean
rows_have (gpointer data)
{
  RowWait *w = data;
  g_autoptr(GString) s = g_string_new (NULL);

  collect_rows (GTK_WIDGET (_ta_conversation_view_get_list_view (w->f->view)), s);
  return g_regex_match_simple (w->needle, s->str, G_REGEX_MULTILINE, 0);
}

static void
assert_row (Fixture    *f,
            const char *regex)
{
  RowWait w = { f, regex };

  if (!tt_ui_wait_for (rows_have, &w))
    {
      g_autoptr(GString) s = g_string_new (NULL);

      collect_rows (GTK_WIDGET (_ta_conversation_view_get_list_view (f->view)), s);
      g_error ("no row matches /%s/ in:\n%s", regex, s->str);
    }
}

static gboolean
conversation_closed (gpointer data)
{
  TaConversation *conv = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (conv));
  g_autoptr(TaConversationStep) last = n ? g_list_model_get_item (G_LIST_MODEL (conv), n - 1) : NULL;

  return last && ta_conversation_step_get_kind (last) == TA_STEP_CLOSED;
}

/* The tutorial's exchange: its client sends 你好 in GBK, the server says
 * hello, the client closes. */
static void
tutorial_exchange (Fixture *f)
{
  static const char nihao_gbk[] = "\xc4\xe3\xba\xc3";
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) reply = NULL;

  ta_conversation_view_set_conn_id (f->view, only_client_id (f->server));
  tt_send (s, nihao_gbk, 4);
  reply = tt_read_n (s, 5, 5000);
  g_socket_close (s, NULL);
  g_assert_true (tt_ui_wait_for (conversation_closed, ta_conversation_view_get_conversation (f->view)));
}

static void
test_stages (Fixture *f, gconstpointer data)
{
  tutorial_exchange (f);

  assert_row (f, "^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d, Client 127\\.0\\.0\\.1:\\d+ connected to 127\\.0\\.0\\.1:\\d+$");
  assert_row (f, "^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d, client to server, 4 bytes: 你好$");
  assert_row (f, "^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d, server to client, 5 bytes: hello$");
  assert_row (f, "^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d, The client closed the connection$");
}

/* Activating an arrow (click or Enter) selects its entry in the log. */
static void
test_activate_shows_entry (Fixture *f, gconstpointer data)
{
  GtkListView *list = _ta_conversation_view_get_list_view (f->view);
  GtkSelectionModel *selection;
  g_autoptr(TaConversationStep) step = NULL;
  g_autoptr(TaLogEntry) selected = NULL;
  GtkBitset *set;

  tutorial_exchange (f);
  step = g_list_model_get_item (G_LIST_MODEL (ta_conversation_view_get_conversation (f->view)), 1);
  g_assert_cmpint (ta_conversation_step_get_kind (step), ==, TA_STEP_MESSAGE);

  g_signal_emit_by_name (list, "activate", 1);
  selection = gtk_list_view_get_model (_ta_log_view_get_list_view (f->log_view));
  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  selected = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (set, 0));
  g_assert_true (selected == ta_conversation_step_get_entry (step));
  g_assert_false (_ta_log_view_get_following (f->log_view));
  gtk_bitset_unref (set);
}

/* Export Picture: the SVG parses and holds every stage in words; the PNG
 * loads. */
static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-conv-XXXXXX", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *png_path = g_build_filename (dir, "c.png", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "c.svg", NULL);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *out = NULL;
  const char *script =
    "import sys, xml.etree.ElementTree as ET\n"
    "root = ET.parse(sys.argv[1]).getroot()\n"
    "ns = '{http://www.w3.org/2000/svg}'\n"
    "assert root.tag == ns + 'svg', root.tag\n"
    "print(root.find(ns + 'title').text)\n"
    "print(root.find(ns + 'desc').text)\n"
    "print('drawn', len(list(root.iter())))\n";

  /* Nothing to export yet: a sentence, no file. */
  g_assert_false (ta_conversation_view_export (f->view, svg, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  tutorial_exchange (f);
  g_assert_true (ta_conversation_view_export (f->view, svg, &error));
  g_assert_no_error (error);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "/usr/bin/python3", "-c", script, svg_path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  g_test_message ("%s", out);
  g_assert_true (g_regex_match_simple ("^Server \\(this computer\\) 127\\.0\\.0\\.1:\\d+ — Client 127\\.0\\.0\\.1:\\d+$",
                                       out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple (", Client 127\\.0\\.0\\.1:\\d+ connected to 127\\.0\\.0\\.1:\\d+$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple (", client to server, 4 bytes: 你好$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple (", server to client, 5 bytes: hello$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple (", The client closed the connection$", out, G_REGEX_MULTILINE, 0));

  g_assert_true (ta_conversation_view_export (f->view, png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 100);

  /* A folder that does not exist: a sentence naming the file. */
  g_assert_false (ta_conversation_view_export (f->view, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "c.svg"));

  /* TA_PICTURES=dir keeps a copy to look at. */
  if (g_getenv ("TA_PICTURES") != NULL)
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TA_PICTURES"), "conversation-export.png", NULL);
      g_autoptr(GFile) keep_file = g_file_new_for_path (keep);

      g_assert_true (ta_conversation_view_export (f->view, keep_file, NULL));
    }
  g_unlink (svg_path);
  g_unlink (png_path);
  g_rmdir (dir);
}

/* The graph sleeps with no traffic, redraws once a second while traffic
 * flows, and stops once its minute has gone flat. */
typedef struct {
  TaTrafficGraph *graph;
  guint           n;
} DrawWait;

static gboolean
drawn_n (gpointer data)
{
  DrawWait *w = data;

  return _ta_traffic_graph_get_n_draws (w->graph) >= w->n;
}

static gboolean
graph_stopped (gpointer data)
{
  return !_ta_traffic_graph_is_ticking (data);
}

static void
test_graph_idle (Fixture *f, gconstpointer data)
{
  DrawWait draw_wait;
  guint draws;
  g_autoptr(GSocket) s = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *summary = NULL;

  tt_ui_iterate_for (300 * 1000);
  g_assert_false (_ta_traffic_graph_is_ticking (f->graph));
  draws = _ta_traffic_graph_get_n_draws (f->graph);
  tt_ui_iterate_for (1500 * 1000);
  g_assert_cmpuint (_ta_traffic_graph_get_n_draws (f->graph), ==, draws);

  s = tt_connect ("127.0.0.1", f->port);
  tt_send (s, "ping", 4);
  reply = tt_read_n (s, 5, 5000);
  g_assert_true (_ta_traffic_graph_is_ticking (f->graph));
  draw_wait.graph = f->graph;
  draw_wait.n = draws + 2;
  g_assert_true (tt_ui_wait_for (drawn_n, &draw_wait));
  summary = _ta_traffic_graph_dup_summary (f->graph);
  g_assert_true (g_str_has_prefix (summary, "Traffic in the last minute."));
  g_assert_nonnull (strstr (summary, "1 client"));

  /* The traffic stopped: the graph stops ticking a few seconds later,
   * and clients coming and going without traffic do not start it. */
  g_assert_true (tt_ui_wait_for (graph_stopped, f->graph));
  draws = _ta_traffic_graph_get_n_draws (f->graph);
  {
    g_autoptr(GSocket) quiet = tt_connect ("127.0.0.1", f->port);

    tt_wait_clients (f->server, 2);
  }
  tt_wait_clients (f->server, 1);
  tt_ui_iterate_for (1500 * 1000);
  g_assert_false (_ta_traffic_graph_is_ticking (f->graph));
  g_assert_cmpuint (_ta_traffic_graph_get_n_draws (f->graph), <=, draws + 2);
}


static void
on_toast (GSimpleAction *action,
          GVariant      *param,
          gpointer       data)
{
  char **last = data;

  g_free (*last);
  *last = g_variant_dup_string (param, NULL);
}

static gboolean
export_dialog_gone (gpointer data)
{
  return _ta_conversation_view_get_export_dialog (data) == NULL;
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserTarget;

static gboolean
chooser_has_target (gpointer data)
{
  ChooserTarget *t = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (t->chooser);

  return file != NULL && g_file_equal (file, t->file);
}

/* Export Picture… through its dialog: the response writes the file the
 * user named and says so in a toast. */
static void
test_export_dialog (Fixture *f, gconstpointer data)
{
  g_autofree char *dir_path = g_dir_make_tmp ("ta-conv-XXXXXX", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autofree char *path = g_build_filename (dir_path, "lesson.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) toast = g_simple_action_new ("toast", G_VARIANT_TYPE_STRING);
  g_autoptr(GError) error = NULL;
  g_autofree char *last_toast = NULL;
  g_autofree char *contents = NULL;
  GtkNativeDialog *dialog;
  GtkFileChooser *shown;

  g_signal_connect (toast, "activate", G_CALLBACK (on_toast), &last_toast);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (group));
  tutorial_exchange (f);

  g_assert_cmpint (g_chdir (dir_path), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "conversation.export", NULL));
  dialog = _ta_conversation_view_get_export_dialog (f->view);
  g_assert_nonnull (dialog);
  shown = tt_ui_shown_chooser ("Export Picture");
  if (shown != NULL)
    {
      /* GTK's own dialog (no portal here): it opens in the current
       * folder, the user types the name and presses Export. */
      ChooserTarget target = { shown, file };

      gtk_file_chooser_set_current_name (shown, "lesson.svg");
      g_assert_true (tt_ui_wait_for (chooser_has_target, &target));
      gtk_dialog_response (GTK_DIALOG (shown), GTK_RESPONSE_ACCEPT);
    }
  else
    {
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), dir, &error));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "lesson.svg");
      g_signal_emit_by_name (dialog, "response", GTK_RESPONSE_ACCEPT);
    }
  g_assert_true (tt_ui_wait_for (export_dialog_gone, f->view));
  g_assert_cmpint (g_chdir (old_cwd), ==, 0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "server to client, 5 bytes: hello"));
  g_assert_cmpstr (last_toast, ==, "Picture saved as “lesson.svg”.");
  g_unlink (path);
  g_rmdir (dir_path);
}

/* While the log display is paused the store keeps no data: the
 * conversation says so (it does not look as if nothing arrived), and
 * stops saying it on resume. */
static void
test_paused (Fixture *f, gconstpointer data)
{
  GtkWidget *label = GTK_WIDGET (_ta_conversation_view_get_paused_label (f->view));
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) reply = NULL;

  ta_conversation_view_set_conn_id (f->view, only_client_id (f->server));
  g_assert_false (gtk_widget_get_visible (label));
  ta_log_store_set_paused (f->store, TRUE);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "paused"));
  tt_send (s, "while paused", 12);
  reply = tt_read_n (s, 5, 5000);
  tt_ui_iterate_for (200 * 1000);
  ta_log_store_set_paused (f->store, FALSE);
  g_assert_false (gtk_widget_get_visible (label));
}

/* Pixels of the messages' bars (orange or yellow: red above green above
 * blue) in the graph as drawn now. The byte lines are blue and green. */
static guint
count_bar_pixels (TaTrafficGraph *graph)
{
  GtkWidget *widget = GTK_WIDGET (graph);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  guint n = 0;

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return 0;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int i = 0; i < width * height; i++)
    {
      /* Cairo's ARGB32, little-endian: B, G, R, A */
      int b = pixels[i * 4], g = pixels[i * 4 + 1], r = pixels[i * 4 + 2];

      if (r > g + 20 && g > b + 40)
        n++;
    }
  return n;
}

/* Messages per second are drawn, not only said in the tooltip: bars
 * appear with the first message and are absent before. */
static void
test_graph_messages (Fixture *f, gconstpointer data)
{
  DrawWait draw_wait = { f->graph, 0 };
  g_autoptr(GSocket) s = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint before;

  tt_ui_iterate_for (200 * 1000);
  before = count_bar_pixels (f->graph);
  g_assert_cmpuint (before, ==, 0);
  s = tt_connect ("127.0.0.1", f->port);
  for (guint i = 0; i < 3; i++)
    {
      tt_send (s, "ping", 4);
      g_clear_pointer (&reply, g_bytes_unref);
      reply = tt_read_n (s, 5, 5000);
    }
  draw_wait.n = _ta_traffic_graph_get_n_draws (f->graph) + 2;
  g_assert_true (tt_ui_wait_for (drawn_n, &draw_wait));
  g_test_message ("bar pixels: %u", count_bar_pixels (f->graph));
  g_assert_cmpuint (count_bar_pixels (f->graph), >, 0);
}

/* 100,000 messages with the conversation open: the window keeps drawing
 * (no 200 ms of this thread's CPU without a frame) and the view follows
 * the end. */
#define FLOOD_TOTAL 100000
#define FLOOD_CHUNK 200

typedef struct {
  gint64 wall;
  gint64 cpu;
} FrameTime;

typedef struct {
  TaLogStore *store;
  guint       conn_id;
  guint       appended;
  GArray     *frames;
} Flood;

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

  for (guint i = 0; i < FLOOD_CHUNK && flood->appended < FLOOD_TOTAL; i++, flood->appended++)
    {
      g_autofree char *msg = g_strdup_printf ("message %u", flood->appended);
      g_autoptr(GBytes) bytes = g_bytes_new (msg, strlen (msg));

      ta_log_store_append_data (flood->store, flood->appended % 2 ? TA_LOG_REPLY : TA_LOG_RECEIVED,
                                flood->conn_id, "127.0.0.1:1", bytes);
    }
  return flood->appended < FLOOD_TOTAL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
last_message_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GString) s = g_string_new (NULL);

  collect_rows (GTK_WIDGET (_ta_conversation_view_get_list_view (f->view)), s);
  return strstr (s->str, "bytes: message 99999\n") != NULL;
}

static void
test_flood (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  GdkFrameClock *clock;
  Flood flood = { 0 };
  FrameTime last, worst = { 0, 0 };
  gint64 start, end, end_cpu;
  TaConversation *conv = ta_conversation_view_get_conversation (f->view);
  gulong id;

  flood.store = f->store;
  flood.conn_id = only_client_id (f->server);
  ta_conversation_view_set_conn_id (f->view, flood.conn_id);
  tt_ui_iterate_for (300 * 1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
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

  for (guint i = 0; i < flood.frames->len; i++)
    {
      FrameTime t = g_array_index (flood.frames, FrameTime, i);

      if (t.wall > end)
        break;
      worst.wall = MAX (worst.wall, t.wall - last.wall);
      worst.cpu = MAX (worst.cpu, t.cpu - last.cpu);
      last = t;
    }
  worst.wall = MAX (worst.wall, end - last.wall);
  worst.cpu = MAX (worst.cpu, end_cpu - last.cpu);
  g_test_message ("flood of %u messages took %.0f ms, %u frames; longest gap: %.0f ms of CPU, %.0f ms of wall clock",
                  FLOOD_TOTAL, (end - start) / 1000.0, flood.frames->len, worst.cpu / 1000.0, worst.wall / 1000.0);
  g_assert_cmpuint (flood.frames->len, >, 0);
  g_assert_cmpint (worst.cpu, <, 200 * 1000 * (gint64) tt_slowdown ());

  /* The model kept up, bounded by the store; the view shows the end. */
  ta_log_store_flush (f->store);
  g_assert_cmpuint (ta_conversation_get_n_messages (conv), <=,
                    g_list_model_get_n_items (G_LIST_MODEL (f->store)));
  g_assert_cmpuint (ta_conversation_get_n_messages (conv), >=, FLOOD_TOTAL * 9 / 10 - 10);
  if (!tt_ui_wait_for (last_message_shown, f))
    {
      g_autoptr(GString) rows = g_string_new (NULL);
      GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (_ta_conversation_view_get_list_view (f->view)));

      collect_rows (GTK_WIDGET (_ta_conversation_view_get_list_view (f->view)), rows);
      for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (_ta_conversation_view_get_list_view (f->view))); c; c = gtk_widget_get_next_sibling (c))
        {
          GtkWidget *row = gtk_widget_get_first_child (c);
          graphene_rect_t b = { 0 };

          if (row && TA_IS_CONVERSATION_ROW (row))
            {
              (void) !gtk_widget_compute_bounds (c, GTK_WIDGET (_ta_conversation_view_get_list_view (f->view)), &b);
              g_test_message ("item mapped %d step %p y %.0f h %.0f %s", gtk_widget_get_mapped (row),
                              ta_conversation_row_get_step (TA_CONVERSATION_ROW (row)), b.origin.y, b.size.height,
                              ta_conversation_row_get_label (TA_CONVERSATION_ROW (row)));
            }
        }
      g_test_message ("list mapped %d view mapped %d window mapped %d visible %d n %u",
                      gtk_widget_get_mapped (GTK_WIDGET (_ta_conversation_view_get_list_view (f->view))),
                      gtk_widget_get_mapped (GTK_WIDGET (f->view)), gtk_widget_get_mapped (GTK_WIDGET (f->window)),
                      gtk_widget_get_visible (GTK_WIDGET (f->window)),
                      g_list_model_get_n_items (G_LIST_MODEL (conv)));
      g_error ("the last message is not shown; value %.0f upper %.0f page %.0f; rows:\n%s",
               gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
               gtk_adjustment_get_page_size (adj), rows->str);
    }

  g_signal_handler_disconnect (clock, id);
  g_array_unref (flood.frames);

  /* Its picture in a report is capped: the first
   * TA_PICTURE_MAX_STEPS_REPORT steps, then how many were left out. */
  {
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr(GBytes) svg = ta_conversation_to_svg (conv, TA_LOG_ROLE_SERVER, TA_PICTURE_MAX_STEPS_REPORT);
    g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
    g_autofree char *text = NULL;
    g_autofree char *html = NULL;
    guint n = g_list_model_get_n_items (G_LIST_MODEL (conv)), lines = 0;
    g_autofree char *more = g_strdup_printf ("… and %u more steps, not drawn\n</desc>", n - TA_PICTURE_MAX_STEPS_REPORT);

    g_assert_nonnull (svg);
    text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
    for (const char *p = text; (p = strstr (p, ", client to server, ")) != NULL; p++)
      lines++;
    g_test_message ("picture of %u steps: %lu bytes in %.0f ms", n, (gulong) g_bytes_get_size (svg),
                    (g_get_monotonic_time () - t0) / 1000.0);
    g_assert_cmpuint (n, >, TA_PICTURE_MAX_STEPS_REPORT);
    g_assert_cmpuint (lines, <=, TA_PICTURE_MAX_STEPS_REPORT);
    g_assert_nonnull (strstr (text, more));
    g_assert_cmpuint (g_bytes_get_size (svg), <, 8 * 1024 * 1024);
    ta_report_add_picture (report, "Conversation", "Picture", svg);
    html = ta_report_to_html (report);
    g_assert_nonnull (strstr (html, "<img alt=\"Picture\" src=\"data:image/svg+xml;base64,"));
  }
}


/* The window: both pages have Log | Conversation; the Server page draws
 * the latest client while "All clients" is chosen, the Client page its
 * connection; an arrow shows its entry in the log. With
 * TA_SCREENSHOT_DIR set, screenshots of both views at the default size
 * and at 360 px, light or dark (TA_SCREENSHOT_DARK=1), in the language
 * the test runs in (TA_SCREENSHOT_SUFFIX names them). */

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("TA_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int w = 0, h = 0;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  /* Right after a restyle (dark) the paintable may be empty for a frame. */
  for (guint i = 0; i < 20 && node == NULL; i++)
    {
      tt_ui_iterate_for (250 * 1000);
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("nothing drawn for %s: %d × %d, mapped %d", name, w, h, gtk_widget_get_mapped (widget));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  file = g_strdup_printf ("%s%s.png", name, g_getenv ("TA_SCREENSHOT_SUFFIX") ? g_getenv ("TA_SCREENSHOT_SUFFIX") : "");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s: %d × %d", path, w, h);
}

static TaLogSwitcher *
switcher_of (TaLogView *log_view)
{
  return TA_LOG_SWITCHER (gtk_widget_get_ancestor (GTK_WIDGET (log_view), TA_TYPE_LOG_SWITCHER));
}

/* A peer's text that would end the picture and start a script if it
 * were not escaped, and control characters XML cannot hold even as
 * references. */
#define HOSTILE_TEXT "</svg><script>alert(1)</script>"
#define HOSTILE HOSTILE_TEXT "\x1b[1m\x01"

typedef struct {
  gboolean  done;
  GError   *error;
} Saved;

static void
report_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Saved *saved = user_data;

  ta_window_report_save_finish (result, &saved->error);
  saved->done = TRUE;
}

static gboolean
report_saved (gpointer data)
{
  return ((Saved *) data)->done;
}

/* tests/check-report.py: pictures decoded and parsed, nothing active. */
static void
check_report (const char  *path,
              const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-report.py", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, "-");
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the report failed its check: %s", out);
}

typedef struct {
  TaConversation *conv;
  guint           n_messages;
  TaStepKind      last;
} ConvWait;

static gboolean
conversation_reached (gpointer data)
{
  ConvWait *w = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (w->conv));
  g_autoptr(TaConversationStep) last = n ? g_list_model_get_item (G_LIST_MODEL (w->conv), n - 1) : NULL;

  return last && ta_conversation_get_n_messages (w->conv) >= w->n_messages &&
         ta_conversation_step_get_kind (last) == w->last;
}

static void
rows_of (TaConversationView *view,
         GString            *out)
{
  g_string_truncate (out, 0);
  collect_rows (GTK_WIDGET (_ta_conversation_view_get_list_view (view)), out);
}

static gboolean
rows_mention (TaConversationView *view,
              const char         *a,
              const char         *b)
{
  g_autoptr(GString) s = g_string_new (NULL);

  rows_of (view, s);
  return strstr (s->str, a) != NULL && strstr (s->str, b) != NULL;
}

typedef struct {
  TaConversationView *view;
  const char         *a;
  const char         *b;
} MentionWait;

static gboolean
mention_cb (gpointer data)
{
  MentionWait *w = data;

  return rows_mention (w->view, w->a, w->b);
}

static void
test_pages (void)
{
  static const char nihao_gbk[] = "\xc4\xe3\xba\xc3";
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *client_page = ta_window_get_client_page (window);
  TaLogSwitcher *server_switcher = switcher_of (_ta_server_page_get_log_view (server_page));
  TaLogSwitcher *client_switcher = switcher_of (_ta_client_page_get_log_view (client_page));
  TaConversationView *server_conv = ta_log_switcher_get_conversation_view (server_switcher);
  TaConversationView *client_conv = ta_log_switcher_get_conversation_view (client_switcher);
  g_autoptr(GSocket) s = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(TaLogEntry) selected = NULL;
  g_autoptr(TaConversationStep) step = NULL;
  GtkSelectionModel *selection;
  GtkBitset *set;
  ConvWait wait;
  MentionWait mention;
  guint first_message;
  guint16 port;

  if (g_strcmp0 (g_getenv ("TA_SCREENSHOT_DARK"), "1") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  ta_window_show_page (window, "server");
  port = tt_ui_start_server (server_page);

  /* The tutorial's client, on the Server page with "All clients" chosen. */
  ta_log_switcher_show (server_switcher, "conversation");
  s = tt_connect ("127.0.0.1", port);
  tt_send (s, nihao_gbk, 4);
  reply = tt_read_n (s, 5, 5000);
  g_socket_close (s, NULL);
  wait = (ConvWait) { ta_conversation_view_get_conversation (server_conv), 2, TA_STEP_CLOSED };
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  mention = (MentionWait) { server_conv, "你好", "hello" };
  g_assert_true (tt_ui_wait_for (mention_cb, &mention));
  save_screenshot (GTK_WIDGET (window), "conversation-server");

  /* The Client page's connection, with a reply and a second message. */
  ta_window_show_page (window, "client");
  ta_log_switcher_show (client_switcher, "conversation");
  ta_client_page_connect (client_page, "127.0.0.1", port, "GET /status");
  wait = (ConvWait) { ta_conversation_view_get_conversation (client_conv), 2, TA_STEP_MESSAGE };
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  g_assert_true (ta_client_page_send_text (client_page, "temperature?"));
  wait.n_messages = 4;
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  mention = (MentionWait) { client_conv, "GET /status", "temperature?" };
  g_assert_true (tt_ui_wait_for (mention_cb, &mention));
  if (g_getenv ("TA_SCREENSHOT_DIR") != NULL)
    {
      /* For the pictures: a pause (a gap) and a few seconds of traffic
       * for the graph. */
      tt_ui_iterate_for (1500 * 1000);
      for (guint i = 0; i < 12; i++)
        {
          g_autofree char *text = g_strdup_printf ("reading %u: 21.%u °C", i, i % 10);

          g_assert_true (ta_client_page_send_text (client_page, text));
          tt_ui_iterate_for ((150 + 60 * (i % 4)) * 1000);
        }
      tt_ui_iterate_for (1200 * 1000);
    }
  save_screenshot (GTK_WIDGET (window), "conversation-client");

  /* 360 px wide (the pages themselves are wider today: the view alone
   * in a narrow window): every arrow still drawn, its text cut. */
  {
    GtkWindow *narrow = GTK_WINDOW (gtk_window_new ());
    TaConversationView *view = g_object_new (TA_TYPE_CONVERSATION_VIEW, NULL);

    ta_conversation_view_set_store (view, ta_client_page_get_log_store (client_page));
    ta_conversation_view_set_conn_id (view, ta_conversation_get_conn_id (ta_conversation_view_get_conversation (client_conv)));
    gtk_window_set_child (narrow, GTK_WIDGET (view));
    gtk_window_set_default_size (narrow, 360, 560);
    gtk_window_present (narrow);
    mention = (MentionWait) { view, "GET /status", "temperature?" };
    g_assert_true (tt_ui_wait_for (mention_cb, &mention));
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), <=, 360);
    save_screenshot (GTK_WIDGET (narrow), "conversation-360");
    gtk_window_destroy (narrow);
  }

  /* An arrow shows its entry in the log: the first message (on a slow
   * run a gap of over a second may come before it). */
  {
    GListModel *steps = G_LIST_MODEL (ta_conversation_view_get_conversation (client_conv));

    for (first_message = 1; first_message < g_list_model_get_n_items (steps); first_message++)
      {
        g_clear_object (&step);
        step = g_list_model_get_item (steps, first_message);
        if (ta_conversation_step_get_kind (step) != TA_STEP_GAP)
          break;
      }
  }
  g_assert_nonnull (step);
  g_assert_cmpint (ta_conversation_step_get_kind (step), ==, TA_STEP_MESSAGE);
  g_signal_emit_by_name (_ta_conversation_view_get_list_view (client_conv), "activate", first_message);
  g_assert_cmpstr (ta_log_switcher_get_visible (client_switcher), ==, "log");
  selection = gtk_list_view_get_model (_ta_log_view_get_list_view (_ta_client_page_get_log_view (client_page)));
  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  selected = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (set, 0));
  g_assert_true (selected == ta_conversation_step_get_entry (step));
  gtk_bitset_unref (set);
  save_screenshot (GTK_WIDGET (window), "conversation-shown-in-log");

  /* The report (Save Report…, the same code as the dialog's) has both
   * conversations as pictures and in words; a peer's markup stays text
   * in both. */
  g_assert_true (ta_client_page_send_text (client_page, HOSTILE));
  wait = (ConvWait) { ta_conversation_view_get_conversation (client_conv), 6, TA_STEP_MESSAGE };
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  ta_client_disconnect (ta_client_page_get_client (client_page));
  wait = (ConvWait) { ta_conversation_view_get_conversation (client_conv), 6, TA_STEP_CLOSED };
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  wait = (ConvWait) { ta_conversation_view_get_conversation (server_conv), 6, TA_STEP_CLOSED };
  g_assert_true (tt_ui_wait_for (conversation_reached, &wait));
  {
    g_autofree char *dir = g_dir_make_tmp ("ta-conv-report-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "report.html", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *html = NULL;
    Saved saved = { 0 };

    ta_window_report_save_async (window, file, NULL, report_saved_cb, &saved);
    g_assert_true (tt_ui_wait_for (report_saved, &saved));
    g_assert_no_error (saved.error);
    g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "Conversation of the Client page’s connection"));
    g_assert_nonnull (strstr (html, "Conversation of the Server page’s client"));
    g_assert_nonnull (strstr (html, ", client to server, 11 bytes: GET /status\n"));
    /* "All clients": the Server page draws its latest client, the Client page. */
    g_assert_nonnull (strstr (html, ", server to client, 5 bytes: hello\n"));
    check_report (path, (const char *[]) {
      "--pictures=2",
      "--picture-text=Connected from 127.0.0.1:",                 /* the Client page's */
      "--picture-text=connected to 127.0.0.1:",                   /* the Server page's */
      "--each-picture=, client to server, 11 bytes: GET /status",
      "--each-picture=, server to client, 5 bytes: hello",
      "--each-picture=" HOSTILE_TEXT,
      "--each-picture=closed the connection",
      "--picture-text=This computer closed the connection",       /* the Client page's */
      "--picture-text=The client closed the connection",          /* the Server page's */
      NULL });
    if (g_getenv ("TA_PICTURES") != NULL)
      {
        g_autofree char *keep = g_build_filename (g_getenv ("TA_PICTURES"), "report.html", NULL);

        g_assert_true (g_file_set_contents (keep, html, -1, NULL));
      }
    g_unlink (path);
    g_rmdir (dir);
  }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  tt_ui_destroy_window (window);
}

int
main (int argc, char **argv)
{
  ta_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ui/conversation/stages", test_stages);
  ADD ("/ui/conversation/activate-shows-entry", test_activate_shows_entry);
  ADD ("/ui/conversation/export", test_export);
  ADD ("/ui/conversation/export-dialog", test_export_dialog);
  ADD ("/ui/conversation/paused", test_paused);
  ADD ("/ui/conversation/graph-idle", test_graph_idle);
  ADD ("/ui/conversation/graph-messages", test_graph_messages);
  ADD ("/ui/conversation/flood", test_flood);
#undef ADD
  g_test_add_func ("/ui/conversation/pages", test_pages);

  return g_test_run ();
}
