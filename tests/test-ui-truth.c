/* test-ui-truth.c: every text on the pages tells the current truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 13: each status line, counter and inline error is a function of
 * the current state, and actions do what their labels say. Runs under
 * Xvfb; peers are plain GSockets on 127.0.0.1 port 0; every wait is
 * bounded (tt_ui_wait_for, scaled by TA_TEST_SLOWDOWN).
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ta-application.h"
#include "ta-client-page-private.h"
#include "ta-server-page-private.h"
#include "ta-composer-private.h"
#include "ta-file-bar.h"
#include "ta-log-view.h"
#include "ta-saved-toast.h"
#include "ta-ui-util.h"
#include "ta-window.h"
#include "ta-window-report.h"
#include "tt-ui.h"
#include "tt-util.h"

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[] = { "client-host", "client-port", "send-encoding", "send-line-ending",
                         "send-mode", "close-after-send", "auto-reconnect", "repeat-interval",
                         "repeat-times", "send-checksum", "server-send-mode", NULL };

  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_string (settings, "send-encoding", "UTF-8");
}

static void
set_text (TaComposer *composer,
          const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_ta_composer_get_message_view (composer)), text, -1);
}

static char *
get_text (TaComposer *composer)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_ta_composer_get_message_view (composer));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The line under the message box, or NULL when it is hidden. */
static const char *
send_error (TaComposer *composer)
{
  GtkLabel *label = _ta_composer_get_send_error (composer);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
not_repeating (gpointer data)
{
  return !ta_composer_is_repeating (data);
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

/* Server page: a client that left, and the red "… has disconnected"
 * under the box, do not survive stopping and starting the server. */
static void
test_server_gone_target (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  TaComposer *composer = _ta_server_page_get_composer (page);
  GtkLabel *target = _ta_server_page_get_target_label (page);
  g_autoptr(TaConnection) conn = NULL;
  guint16 port;
  GSocket *s;

  reset_settings ();
  port = tt_ui_start_server (page);
  s = tt_connect ("127.0.0.1", port);
  tt_wait_clients (server, 1);
  conn = g_list_model_get_item (ta_server_get_clients (server), 0);
  _ta_server_page_select_client (page, conn);
  g_assert_nonnull (strstr (gtk_label_get_text (target), ta_connection_get_address (conn)));

  g_object_unref (s);
  tt_wait_clients (server, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (target), "(disconnected)"));
  set_text (composer, "lost");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_nonnull (send_error (composer));

  /* Stop: the gone client and the sentence about it go. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_false (ta_server_get_listening (server));
  g_assert_cmpstr (gtk_label_get_text (target), ==, "To all clients");
  g_assert_null (send_error (composer));

  /* Start again: still all clients, nothing stale. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_true (ta_server_get_listening (server));
  g_assert_cmpstr (gtk_label_get_text (target), ==, "To all clients");
  g_assert_null (send_error (composer));
  tt_ui_destroy_window (window);
}

/* Client page: no connection time before the first connection, ticking
 * while connected, said in the past after; "Not connected: …" goes on
 * connecting. */
static void
test_client_status (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  GtkLabel *counters;
  TtPeer peer;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  counters = _ta_client_page_get_counters_label (page);
  g_assert_null (strstr (gtk_label_get_text (counters), "Connected"));

  set_text (composer, "early");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_cmpstr (send_error (composer), ==, "Not connected: connect to a server first.");

  tt_ui_client_connect (page, &peer);
  g_assert_null (send_error (composer));
  g_assert_nonnull (strstr (gtk_label_get_text (counters), "Connected 00:0"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_null (strstr (gtk_label_get_text (counters), "Connected"));
  g_assert_nonnull (strstr (gtk_label_get_text (counters), "Lasted 00:0"));
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* An invalid hex digit is said in Hex; back in Text the letters are
 * just text and nothing is said. */
static void
test_hex_error_clears (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;

  reset_settings ();
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (composer), 1);
  set_text (composer, "zz");
  g_assert_nonnull (send_error (composer));
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (composer), 0);
  g_assert_null (send_error (composer));
  {
    g_autofree char *text = get_text (composer);

    g_assert_cmpstr (text, ==, "zz");
  }
  tt_ui_destroy_window (window);
}

/* Text <-> Hex converts: 你好 in GBK is C4 E3 BA C3 and back; bytes that
 * are not GBK text stay hex, and the line under the box says why. */
static void
test_text_hex_convert (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  GtkDropDown *mode;
  g_autofree char *hex = NULL;
  g_autofree char *back = NULL;
  g_autofree char *kept = NULL;

  reset_settings ();
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  mode = _ta_composer_get_mode_dropdown (composer);
  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (composer), "GBK");

  set_text (composer, "你好");
  gtk_drop_down_set_selected (mode, 1);
  hex = get_text (composer);
  g_assert_cmpstr (hex, ==, "C4 E3 BA C3");
  g_assert_null (send_error (composer));
  gtk_drop_down_set_selected (mode, 0);
  back = get_text (composer);
  g_assert_cmpstr (back, ==, "你好");

  gtk_drop_down_set_selected (mode, 1);
  set_text (composer, "FF FF");
  gtk_drop_down_set_selected (mode, 0);
  kept = get_text (composer);
  g_assert_cmpstr (kept, ==, "FF FF");
  g_assert_nonnull (send_error (composer));
  g_test_message ("why: %s", send_error (composer));
  g_assert_nonnull (strstr (send_error (composer), "not valid GBK"));
  tt_ui_destroy_window (window);
}

/* The seconds in "Sent 1 time · 00:01"; G_MAXUINT when there are none. */
static guint
shown_seconds (GtkLabel *label)
{
  const char *dot = strstr (gtk_label_get_text (label), " · ");
  guint m = 0, sec = 0;

  if (dot == NULL || sscanf (dot + strlen (" · "), "%u:%u", &m, &sec) != 2)
    return G_MAXUINT;
  return m * 60 + sec;
}

static gboolean
clock_ticked (gpointer data)
{
  guint s = shown_seconds (data);

  return s != G_MAXUINT && s >= 1;
}

/* While repeating, the count and the time since the start show: with 3 s
 * between sends the clock still ticks ("Sent 1 time · 00:01"); Stop
 * keeps both a moment, then they clear together (#13). */
static void
test_repeat_elapsed (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  GtkLabel *count;
 TtPeer peer;
  gint64 t0;
  guint shown;

  reset_settings ();
  _ta_set_result_shown_ms (300 * tt_slowdown ());
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  count = _ta_composer_get_repeat_count_label (composer);
  tt_ui_client_connect (page, &peer);

  gtk_spin_button_set_value (_ta_composer_get_repeat_spin (composer), 3000);
  gtk_spin_button_set_value (_ta_composer_get_times_spin (composer), 0);
  gtk_check_button_set_active (_ta_composer_get_repeat_check (composer), TRUE);
  set_text (composer, "e");
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_true (ta_composer_is_repeating (composer));
  g_assert_cmpstr (gtk_label_get_text (count), ==, "Sent 1 time · 00:00");

  g_assert_true (tt_ui_wait_for (clock_ticked, count));
  shown = shown_seconds (count);
  g_test_message ("shown: %s", gtk_label_get_text (count));
  g_assert_cmpuint (shown, <=, (g_get_monotonic_time () - t0) / G_USEC_PER_SEC + 1);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (count), "Sent "));

  /* Stop: the last count and time stay a moment, then clear. */
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_false (ta_composer_is_repeating (composer));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (count)));
  g_assert_cmpuint (shown_seconds (count), >=, shown);
  g_assert_true (tt_ui_wait_for (widget_hidden, count));
  g_assert_cmpstr (gtk_label_get_text (count), ==, "");

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* "Sent 3 times" and "File sent" show their result, then clear. */
static void
test_results_clear (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  GtkWidget *count;
  GtkWidget *bar;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) got = NULL;

  reset_settings ();
  _ta_set_result_shown_ms (300 * tt_slowdown ());
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  count = GTK_WIDGET (_ta_composer_get_repeat_count_label (composer));
  bar = gtk_widget_get_ancestor (GTK_WIDGET (_ta_composer_get_file_progress (composer)), TA_TYPE_FILE_BAR);
  tt_ui_client_connect (page, &peer);

  gtk_spin_button_set_value (_ta_composer_get_repeat_spin (composer), 10);
  gtk_spin_button_set_value (_ta_composer_get_times_spin (composer), 3);
  gtk_check_button_set_active (_ta_composer_get_repeat_check (composer), TRUE);
  set_text (composer, "r");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  got = tt_read_n (peer.conn, 3, 5000);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 3);
  g_assert_true (tt_ui_wait_for (not_repeating, composer));
  g_assert_true (gtk_widget_get_visible (count));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (count)), "Sent 3 times · "));
  g_assert_true (tt_ui_wait_for (widget_hidden, count));
  gtk_check_button_set_active (_ta_composer_get_repeat_check (composer), FALSE);

  dir = g_dir_make_tmp ("ta-ui-truth-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "small.txt", NULL);
  g_assert_true (g_file_set_contents (path, "file body", 9, &error));
  file = g_file_new_for_path (path);
  ta_composer_send_file (composer, file);
  g_clear_pointer (&got, g_bytes_unref);
  got = tt_read_n (peer.conn, 9, 5000);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 9);
  {
    LogWait w = { _ta_client_page_get_log_view (page), "File sent: small.txt (9 bytes)" };

    g_assert_true (tt_ui_wait_for (log_has, &w));
  }
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (tt_ui_wait_for (widget_hidden, bar));

  g_unlink (path);
  g_rmdir (dir);
  _ta_set_result_shown_ms (4000);
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* The tutorial's client in one click: with "Close after sending" on and
 * no connection, Send connects to the fields' address, sends, logs the
 * reply and closes. */
static void
test_one_shot (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LogWait w;

  reset_settings ();
  g_settings_set_boolean (settings, "close-after-send", TRUE);
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  tt_ui_client_set_target (page, peer.port);
  set_text (composer, "ping");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_null (send_error (composer));
  g_assert_true (tt_ui_wait_for (tt_peer_try_accept, &peer));
  got = tt_read_n (peer.conn, 4, 5000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "ping", 4);
  /* The reply, as the tutorial's server sends it; the client has
   * half-closed after sending and still reads it. */
  tt_send (peer.conn, "hello", 5);
  w = (LogWait) { _ta_client_page_get_log_view (page), "Received: hello" };
  if (!tt_ui_wait_for (log_has, &w))
    {
      tt_ui_dump_log ("client", w.view);
      g_error ("the reply was not logged");
    }
  g_assert_true (tt_read_eof (peer.conn, 5000));
  g_clear_object (&peer.conn);
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* The About window's icon resolves without an installed icon theme:
 * GtkApplication adds <resource-base-path>/icons to the theme, and the
 * app's icon is in its resources (the README way runs from the build
 * tree, where no hicolor folder has it). */
static void
test_about_icon (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  gtk_icon_theme_add_resource_path (theme, APP_PATH "/icons");
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_test_message ("icon: %s", uri);
  g_assert_true (g_str_has_suffix (uri, APP_ID ".svg"));
}

static gboolean
counters_has_rate (gpointer data)
{
  return strstr (_ta_rate_label_get_text (data), "/s") != NULL;
}

typedef struct {
  GtkLabel   *label;
  const char *needle;
} LabelWait;

static gboolean
label_has (gpointer data)
{
  LabelWait *w = data;

  return strstr (gtk_label_get_text (w->label), w->needle) != NULL;
}

/* Reset Counters counts from zero again and clears the rate; while bytes
 * flow the rate shows beside the counters, and goes once they stop. */
static void
test_counters_reset_rate (void)
{
  TaClientPage *page;
  TaWindow *window;
  GtkLabel *counters;
  TaRateLabel *rate;
  TtPeer peer;
  LabelWait w;
  char chunk[1000];

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  counters = _ta_client_page_get_counters_label (page);
  rate = _ta_client_page_get_rate_label (page);
  tt_ui_client_connect (page, &peer);
  g_assert_false (counters_has_rate (rate));

  memset (chunk, 'x', sizeof chunk);
  tt_send (peer.conn, chunk, sizeof chunk);
  w = (LabelWait) { counters, "Received 1000 bytes in 1 message" };
  g_assert_true (tt_ui_wait_for (label_has, &w));
  g_assert_true (tt_ui_wait_for (counters_has_rate, rate));
  g_test_message ("with traffic: %s", _ta_rate_label_get_text (rate));
  g_assert_true (g_str_has_prefix (_ta_rate_label_get_text (rate), "↓ 1000 bytes/s ↑ "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.reset-counters", NULL));
  g_assert_nonnull (strstr (gtk_label_get_text (counters), "Received 0 bytes in 0 messages"));
  g_assert_nonnull (strstr (gtk_label_get_text (counters), "Sent 0 bytes in 0 messages"));
  g_assert_false (counters_has_rate (rate));

  /* Quiet: the rate stays away (its timer stopped). */
  tt_ui_iterate_for (1200 * 1000);
  g_assert_false (counters_has_rate (rate));
  g_assert_false (_ta_rate_label_is_ticking (rate));
  tt_send (peer.conn, "abc", 3);
  w = (LabelWait) { counters, "Received 3 bytes in 1 message" };
  g_assert_true (tt_ui_wait_for (label_has, &w));

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

typedef struct {
  TaServerPage *page;
  TaConnection *conn;
  const char   *needle;
} RowWait;

static gboolean
row_has (gpointer data)
{
  RowWait *w = data;
  g_autofree char *text = _ta_server_page_dup_client_row_text (w->page, w->conn);

  return text != NULL && strstr (text, w->needle) != NULL;
}

/* The Server page's Reset Counters: every client row counts from zero. */
static void
test_server_reset_counters (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  g_autoptr(TaConnection) conn = NULL;
  GSocket *s;
  RowWait w;

  reset_settings ();
  s = tt_connect ("127.0.0.1", tt_ui_start_server (page));
  tt_wait_clients (server, 1);
  conn = g_list_model_get_item (ta_server_get_clients (server), 0);
  tt_send (s, "12345", 5);
  w = (RowWait) { page, conn, "In 5 bytes · 1 message" };
  g_assert_true (tt_ui_wait_for (row_has, &w));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.reset-counters", NULL));
  w.needle = "In 0 bytes · 0 messages";
  g_assert_true (row_has (&w));
  tt_send (s, "ab", 2);
  w.needle = "In 2 bytes · 1 message";
  g_assert_true (tt_ui_wait_for (row_has, &w));
  g_object_unref (s);
  tt_ui_destroy_window (window);
}

static gboolean
rate_is_quiet (gpointer data)
{
  return !counters_has_rate (data) && !_ta_rate_label_is_ticking (data);
}

/* The Server page's live rate, as the Client page's: "↓ X/s ↑ Y/s" while
 * bytes move (here 2,000 bytes in and "hello" out, "↓ 2.0 KiB/s ↑ 5 bytes/s"
 * unless a second's edge splits them), cleared by Reset Counters, gone
 * with its timer when quiet. */
static void
test_server_rate (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  TaRateLabel *rate = _ta_server_page_get_rate_label (page);
  g_autoptr(GSocket) s = NULL;
  g_autoptr(GBytes) reply = NULL;
  char chunk[2000];

  reset_settings ();
  ta_window_show_page (window, "server");
  s = tt_connect ("127.0.0.1", tt_ui_start_server (page));
  tt_wait_clients (server, 1);
  g_assert_false (counters_has_rate (rate));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rate)));

  memset (chunk, 'y', sizeof chunk);
  tt_send (s, chunk, sizeof chunk);
  reply = tt_read_n (s, 5, 5000);
  g_assert_true (tt_ui_wait_for (counters_has_rate, rate));
  g_test_message ("Server page rate: %s", _ta_rate_label_get_text (rate));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (rate)));
  g_assert_true (g_regex_match_simple ("^↓ [0-9][0-9.,]*\\s(bytes|KiB)/s ↑ [0-9]+ bytes/s$", _ta_rate_label_get_text (rate), 0, 0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.reset-counters", NULL));
  g_assert_false (counters_has_rate (rate));

  tt_send (s, "more", 4);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = tt_read_n (s, 5, 5000);
  g_assert_true (tt_ui_wait_for (counters_has_rate, rate));
  /* Quiet: the rate goes, and its timer with it (no wake-ups). */
  g_assert_true (tt_ui_wait_for (rate_is_quiet, rate));
  tt_ui_destroy_window (window);
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

static gboolean
report_toast_shown (gpointer data)
{
  return g_strcmp0 (_ta_saved_toast_get_last_title (), data) == 0;
}

/* Save Report… says where the report went with "Open Folder", as Save Log
 * does: through its dialog's response, as a user saves it. */
static void
test_report_open_folder (void)
{
  TaWindow *window = tt_ui_new_window ();
  g_autofree char *dir = g_dir_make_tmp ("ta-ui-truth-report-XXXXXX", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson-report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  GtkFileChooser *shown;
  ChooserTarget target;

  reset_settings ();
  g_assert_cmpint (g_chdir (dir), ==, 0);
  ta_window_report_choose_and_save (window);
  shown = tt_ui_shown_chooser ("Save Report");
  if (shown == NULL)
    {
      g_assert_cmpint (g_chdir (old_cwd), ==, 0);
      tt_ui_destroy_window (window);
      g_test_skip ("The file chooser is a portal here: its answer cannot be given");
      return;
    }
  /* GTK's own dialog opens in the current folder: the user types the
   * name and presses Save. */
  gtk_file_chooser_set_current_name (shown, "lesson-report.html");
  target = (ChooserTarget) { shown, file };
  g_assert_true (tt_ui_wait_for (chooser_has_target, &target));
  gtk_dialog_response (GTK_DIALOG (shown), GTK_RESPONSE_ACCEPT);
  g_assert_cmpint (g_chdir (old_cwd), ==, 0);

  g_assert_true (tt_ui_wait_for (report_toast_shown, (gpointer) "Report saved as lesson-report.html"));
  g_assert_cmpstr (_ta_saved_toast_get_last_button (), ==, "_Open Folder");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<html"));
  g_unlink (path);
  g_rmdir (dir);
  tt_ui_destroy_window (window);
}

/* Saving the log says where the file went (with Open Folder), and the
 * text has the date with the times. */
static void
test_save_says_where (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-ui-truth-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);
  {
    LogWait lw = { _ta_client_page_get_log_view (page), NULL };
    g_autofree char *connected = g_strdup_printf ("Connected to 127.0.0.1:%u.", peer.port);

    lw.body = connected;
    g_assert_true (tt_ui_wait_for (log_has, &lw));
  }
  g_assert_true (_ta_log_view_save_to_file (_ta_client_page_get_log_view (page), file, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("Saved as %s", path);
  g_assert_cmpstr (_ta_saved_toast_get_last_title (), ==, expected);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  today = g_date_time_format (now, "-- %Y-%m-%d --\n");
  g_test_message ("%s", contents);
  g_assert_true (g_str_has_prefix (contents, today));
  g_unlink (path);
  g_rmdir (dir);
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

static gboolean
window_gone (gpointer data)
{
  return gtk_application_get_active_window (data) == NULL;
}

/* Ctrl+Q (app.quit) and closing the window with three clients connected
 * ask first, with Quit as the destructive answer; Cancel keeps
 * everything. (Scripted runs and SIGTERM/SIGINT, which do not ask, are
 * tests/test-exit.sh: they would hang there if they asked.) */
static void
test_quit_asks (void)
{
  g_autoptr(TaApplication) app = ta_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  TaServerPage *page;
  TaServer *server;
  AdwMessageDialog *dialog;
  GSocket *s[3];
  guint16 port;

  reset_settings ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (TA_IS_WINDOW (window));
  g_assert_null (ta_application_dup_quit_warning (app));

  page = ta_window_get_server_page (TA_WINDOW (window));
  server = ta_server_page_get_server (page);
  port = tt_ui_start_server (page);
  for (guint i = 0; i < 3; i++)
    s[i] = tt_connect ("127.0.0.1", port);
  tt_wait_clients (server, 3);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = _ta_application_get_quit_dialog (app);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "3 clients are connected. Quit anyway?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "quit"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  tt_ui_iterate_for (100 * 1000);
  g_assert_null (_ta_application_get_quit_dialog (app));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);
  g_assert_cmpuint (ta_server_get_n_clients (server), ==, 3);

  /* The window's close button asks the same. */
  gtk_window_close (window);
  dialog = _ta_application_get_quit_dialog (app);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  adw_message_dialog_response (dialog, "quit");
  g_assert_true (tt_ui_wait_for (window_gone, app));
  for (guint i = 0; i < 3; i++)
    g_assert_true (tt_read_eof (s[i], 5000));

  for (guint i = 0; i < 3; i++)
    g_object_unref (s[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("ta-ui-truth-config-XXXXXX", NULL);

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-truth/server-gone-target", test_server_gone_target);
  g_test_add_func ("/ui-truth/client-status", test_client_status);
  g_test_add_func ("/ui-truth/hex-error-clears", test_hex_error_clears);
  g_test_add_func ("/ui-truth/text-hex-convert", test_text_hex_convert);
  g_test_add_func ("/ui-truth/results-clear", test_results_clear);
  g_test_add_func ("/ui-truth/repeat-elapsed", test_repeat_elapsed);
  g_test_add_func ("/ui-truth/one-shot", test_one_shot);
  g_test_add_func ("/ui-truth/about-icon", test_about_icon);
  g_test_add_func ("/ui-truth/counters-reset-rate", test_counters_reset_rate);
  g_test_add_func ("/ui-truth/server-rate", test_server_rate);
  g_test_add_func ("/ui-truth/report-open-folder", test_report_open_folder);
  g_test_add_func ("/ui-truth/server-reset-counters", test_server_reset_counters);
  g_test_add_func ("/ui-truth/save-says-where", test_save_says_where);
  g_test_add_func ("/ui-truth/quit-asks", test_quit_asks);
  return g_test_run ();
}
