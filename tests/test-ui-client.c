/* test-ui-client.c: the Client page, driven from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo). The peers are
 * plain GSockets listening on 127.0.0.1 port 0, accepted and read while
 * the main loop runs; every wait is bounded.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "ta-client-page-private.h"
#include "ta-checksum.h"
#include "ta-quick-messages.h"
#include "ta-composer-private.h"
#include "ta-ui-util.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

/* Settings are shared by every window of this process (memory backend). */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[] = { "client-host", "client-port", "send-encoding", "send-line-ending",
                         "send-mode", "history", "history-size", "close-after-send",
                         "auto-reconnect", "repeat-interval", "repeat-times", "send-checksum", NULL };

  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_string (settings, "send-encoding", "UTF-8");
}

static void
set_message (TaClientPage *page,
             const char   *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_ta_composer_get_message_view (_ta_client_page_get_composer (page))), text, -1);
}

static void
send_message (TaClientPage *page,
              const char   *text)
{
  set_message (page, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_ta_client_page_get_composer (page)), "composer.send", NULL));
}

static const char *
send_error (TaClientPage *page)
{
  GtkLabel *label = _ta_composer_get_send_error (_ta_client_page_get_composer (page));

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static void
assert_bytes (GBytes       *bytes,
              const guint8 *expected,
              gsize         len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
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
assert_log_has (TaClientPage *page,
                const char   *body)
{
  LogWait w = { _ta_client_page_get_log_view (page), body };

  if (!tt_ui_wait_for (log_has, &w))
    {
      tt_ui_dump_log ("client", w.view);
      g_error ("log has no line “%s”", body);
    }
}

static guint
count_log_prefix (TaClientPage *page,
                  const char   *prefix)
{
  TaLogView *view = _ta_client_page_get_log_view (page);
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model), count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      if (g_str_has_prefix (text, prefix))
        count++;
    }
  return count;
}

static guint
count_occurrences (GBytes     *bytes,
                   const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize nlen = strlen (needle);
  guint n = 0;

  for (gsize i = 0; i + nlen <= len; )
    {
      if (memcmp (data + i, needle, nlen) == 0)
        n++, i += nlen;
      else
        i++;
    }
  return n;
}

/* Optional screenshots for people looking at the page: TT_SCREENSHOT_DIR. */
static void
maybe_screenshot (const char *name)
{
  const char *dir = g_getenv ("TT_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;

  if (dir == NULL)
    return;
  tt_ui_iterate_for (300 * 1000);
  path = g_build_filename (dir, name, NULL);
  cmd = g_strdup_printf ("import -window root %s", path);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

/* Connecting to a port nothing listens on ends in a sentence in the log. */
static void
test_connect_refused (void)
{
  TaClientPage *page;
  TaWindow *window;
  guint16 port;
  g_autoptr(GSocket) held = tt_bound_port (&port);
  g_autofree char *expected = g_strdup_printf ("Connection refused: nothing is listening on 127.0.0.1 port %u. "
                                               "Check that the server is started and the port is right.", port);

  reset_settings ();
  window = tt_ui_new_client_window (&page);
  tt_ui_client_set_target (page, port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  assert_log_has (page, expected);
  tt_ui_destroy_window (window);
}

/* The entries' "changed" handlers come from the template: a pasted
 * "host:port" moves the port to its entry, a bad port shows an error under
 * the fields and goes away when it is fixed. */
static gboolean
host_split (gpointer data)
{
  return g_str_equal (gtk_editable_get_text (_ta_client_page_get_host_entry (data)), "127.0.0.1");
}

static void
test_entry_changed (void)
{
  TaClientPage *page;
  TaWindow *window;
  GtkEditable *port_entry;

  reset_settings ();
  window = tt_ui_new_client_window (&page);
  port_entry = _ta_client_page_get_port_entry (page);
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1:8081");
  g_assert_true (tt_ui_wait_for (host_split, page));
  g_assert_cmpstr (gtk_editable_get_text (port_entry), ==, "8081");

  gtk_editable_set_text (port_entry, "70000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (port_entry), "error"));
  gtk_editable_set_text (port_entry, "7000");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (port_entry), "error"));
  tt_ui_destroy_window (window);
}

/* The seconds of "Connected MM:SS" (or "Lasted MM:SS") in the counters, or -1. */
static gint64
counters_seconds (TaClientPage *page)
{
  const char *text = gtk_label_get_text (_ta_client_page_get_counters_label (page));
  const char *p = strstr (text, "Connected ");
  guint m, sec;

  /* After it ended: "Lasted MM:SS". */
  if (p == NULL && (p = strstr (text, "Lasted ")) != NULL)
    p += strlen ("Lasted ");
  else if (p != NULL)
    p += strlen ("Connected ");
  if (p == NULL || sscanf (p, "%u:%u", &m, &sec) != 2)
    return -1;
  return (gint64) m * 60 + sec;
}

static gboolean
counters_reached_2s (gpointer data)
{
  return counters_seconds (data) >= 2;
}

/* Connect, send, receive and disconnect with the page's actions; the
 * counters show the connection time. */
static void
test_connect_send_disconnect (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *stopped = NULL;
  const char *counters;
  gint64 t_connected;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  t_connected = g_get_monotonic_time ();
  tt_ui_client_connect (page, &peer);

  send_message (page, "hello");
  got = tt_read_n (peer.conn, 5, 5000);
  assert_bytes (got, (const guint8 *) "hello", 5);
  assert_log_has (page, "Sent: hello");

  tt_send (peer.conn, "hi there", 8);
  assert_log_has (page, "Received: hi there");

  counters = gtk_label_get_text (_ta_client_page_get_counters_label (page));
  g_assert_nonnull (strstr (counters, "Connected 00:0"));
  /* The clock ticks once a second: wait until it shows 2 s (however
   * late the machine lets it tick), and it never runs ahead of the time
   * that really passed since the connection was made. */
  g_assert_true (tt_ui_wait_for (counters_reached_2s, page));
  counters = gtk_label_get_text (_ta_client_page_get_counters_label (page));
  g_test_message ("counters: %s", counters);
  g_assert_cmpint (counters_seconds (page), >=, 2);
  g_assert_cmpint (counters_seconds (page), <=, (g_get_monotonic_time () - t_connected) / G_USEC_PER_SEC);
  g_assert_nonnull (strstr (counters, "Received 8 bytes in 1 message"));
  g_assert_nonnull (strstr (counters, "Sent 5 bytes in 1 message"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_true (tt_read_eof (peer.conn, 5000));
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_status_label (page)), ==, "Disconnected by you.");
  /* The time stops with the connection: over more than one tick of the
   * clock the label does not change. */
  stopped = g_strdup (gtk_label_get_text (_ta_client_page_get_counters_label (page)));
  g_assert_cmpint (counters_seconds (page), >=, 2);
  tt_ui_iterate_for (1500 * 1000);
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_counters_label (page)), ==, stopped);

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* Hex digits go out as exactly those bytes; no line ending is added. */
static void
test_send_hex (void)
{
  static const guint8 hello[] = { 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x0D, 0x0A };
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) more = NULL;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);

  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (_ta_client_page_get_composer (page)), 1);
  gtk_drop_down_set_selected (_ta_composer_get_ending_dropdown (_ta_client_page_get_composer (page)), 2);
  send_message (page, "48 65 6C 6C 6F 0D 0A");
  g_assert_null (send_error (page));
  got = tt_read_n (peer.conn, sizeof hello, 5000);
  assert_bytes (got, hello, sizeof hello);
  more = tt_read_available (peer.conn, 300);
  g_assert_cmpuint (g_bytes_get_size (more), ==, 0);

  /* A bad digit is named and nothing goes out. */
  send_message (page, "48 6G");
  g_assert_nonnull (send_error (page));
  g_clear_pointer (&more, g_bytes_unref);
  more = tt_read_available (peer.conn, 300);
  g_assert_cmpuint (g_bytes_get_size (more), ==, 0);

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* "你好" in GBK is C4 E3 BA C3; with \r\n chosen, 0D 0A follows. */
static void
test_send_gbk (void)
{
  static const guint8 nihao[] = { 0xC4, 0xE3, 0xBA, 0xC3 };
  static const guint8 nihao_crlf[] = { 0xC4, 0xE3, 0xBA, 0xC3, 0x0D, 0x0A };
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) got2 = NULL;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);

  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (_ta_client_page_get_composer (page)), "GBK");
  g_assert_cmpstr (ta_charset_dropdown_get_id (_ta_composer_get_charset_dropdown (_ta_client_page_get_composer (page))), ==, "GBK");
  gtk_drop_down_set_selected (_ta_composer_get_ending_dropdown (_ta_client_page_get_composer (page)), 0);
  send_message (page, "你好");
  got = tt_read_n (peer.conn, sizeof nihao, 5000);
  assert_bytes (got, nihao, sizeof nihao);

  gtk_drop_down_set_selected (_ta_composer_get_ending_dropdown (_ta_client_page_get_composer (page)), 2);
  send_message (page, "你好");
  got2 = tt_read_n (peer.conn, sizeof nihao_crlf, 5000);
  assert_bytes (got2, nihao_crlf, sizeof nihao_crlf);
  /* What was sent shows in the log as text again. */
  assert_log_has (page, "Sent: 你好");
  assert_log_has (page, "Sent: 你好\\r\\n");

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* An emoji cannot be written in GBK: the core's sentence shows under the
 * message box, nothing is sent, and a repeat does not start. */
static void
test_unencodable (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  TaConnection *conn;
  const char *error;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);

  ta_charset_dropdown_set_id (_ta_composer_get_charset_dropdown (_ta_client_page_get_composer (page)), "GBK");
  send_message (page, "hi 😀");
  error = send_error (page);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error);
  g_assert_cmpstr (error, ==,
                   "The character “😀” (U+1F600, character 4) cannot be written in GBK. "
                   "Nothing was sent. Remove it or choose another encoding, such as UTF-8 or GB18030.");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_ta_composer_get_send_error (_ta_client_page_get_composer (page)))));

  gtk_check_button_set_active (_ta_composer_get_repeat_check (_ta_client_page_get_composer (page)), TRUE);
  send_message (page, "hi 😀");
  g_assert_false (ta_composer_is_repeating (_ta_client_page_get_composer (page)));
  g_assert_nonnull (send_error (page));

  got = tt_read_available (peer.conn, 400);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
  conn = ta_client_get_connection (ta_client_page_get_client (page));
  g_assert_cmpuint (ta_connection_get_messages_out (conn), ==, 0);
  /* Not remembered either. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_auto(GStrv) history = g_settings_get_strv (settings, "history");

    g_assert_cmpuint (g_strv_length (history), ==, 0);
  }

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* The peer reads until @want "ping"s arrived. */
typedef struct {
  TtPeer       *peer;
  GByteArray *got;
  guint       want;
} PingWait;

static gboolean
pings_arrived (gpointer data)
{
  PingWait *w = data;
  char chunk[4096];
  gssize n;
  g_autoptr(GBytes) bytes = NULL;

  while ((n = g_socket_receive (w->peer->conn, chunk, sizeof chunk, NULL, NULL)) > 0)
    g_byte_array_append (w->got, (guint8 *) chunk, n);
  bytes = g_bytes_new_static (w->got->data, w->got->len);
  return count_occurrences (bytes, "ping") >= w->want;
}

static guint
pings_label_count (TaClientPage *page)
{
  guint n = 0;

  g_assert_cmpint (sscanf (gtk_label_get_text (_ta_composer_get_repeat_count_label (_ta_client_page_get_composer (page))), "Sent %u time", &n), ==, 1);
  return n;
}

/* Repeat every 50 ms: Send starts it and becomes Stop; at least 5
 * messages, never more than one per 50 ms; stops with Stop and when the
 * connection ends, as the peer counts. */
static void
test_repeat (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  GtkCheckButton *check;
  TaComposer *composer;
  g_autoptr(GBytes) during = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  PingWait pings = { &peer, got, 5 };
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) after_reconnect = NULL;
  g_autofree char *expected_label = NULL;
  gint64 t0, elapsed_ms;
  guint n;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);
  composer = _ta_client_page_get_composer (page);
  check = _ta_composer_get_repeat_check (composer);

  gtk_spin_button_set_value (_ta_composer_get_repeat_spin (_ta_client_page_get_composer (page)), 50);
  set_message (page, "ping");
  gtk_check_button_set_active (check, TRUE);
  g_assert_false (ta_composer_is_repeating (composer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (ta_composer_is_repeating (composer));
  g_assert_cmpstr (gtk_button_get_label (_ta_composer_get_send_button (composer)), ==, "_Stop");
  t0 = g_get_monotonic_time ();
  /* At least 5 arrive (however slow the machine), never faster than one
   * per 50 ms. */
  g_assert_true (tt_ui_wait_for (pings_arrived, &pings));
  /* Send is Stop now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_false (ta_composer_is_repeating (composer));
  g_assert_cmpstr (gtk_button_get_label (_ta_composer_get_send_button (composer)), ==, "Sen_d");
  elapsed_ms = (g_get_monotonic_time () - t0) / 1000;
  n = pings_label_count (page);
  g_test_message ("repeated %u times in %" G_GINT64_FORMAT " ms", n, elapsed_ms);
  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (n, <=, elapsed_ms / 50 + 3);
  /* What the label counts is what the peer gets. */
  pings.want = n;
  g_assert_true (tt_ui_wait_for (pings_arrived, &pings));
  during = g_bytes_new (pings.got->data, pings.got->len);
  g_assert_cmpuint (count_occurrences (during, "ping"), ==, n);
  expected_label = g_strdup_printf ("Sent %u times · ", n);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (_ta_composer_get_repeat_count_label (composer)), expected_label));

  /* Stopped: nothing more. */
  after = tt_read_available (peer.conn, 400);
  g_assert_cmpuint (g_bytes_get_size (after), ==, 0);

  /* On again, then the connection ends: it stops and stays stopped. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  second = tt_read_n (peer.conn, 4 * 3, 2000);
  g_assert_cmpuint (count_occurrences (second, "ping"), >=, 3);
  maybe_screenshot ("client-repeat.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_false (ta_composer_is_repeating (composer));

  tt_ui_client_connect (page, &peer);
  after_reconnect = tt_read_available (peer.conn, 400);
  g_assert_cmpuint (g_bytes_get_size (after_reconnect), ==, 0);

  /* Not connected: it does not start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_false (ta_composer_is_repeating (composer));
  g_assert_cmpstr (send_error (page), ==, "Not connected: connect to a server first.");

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

static guint
history_n_rows (TaClientPage *page)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (_ta_composer_get_history_list (_ta_client_page_get_composer (page)), n) != NULL)
    n++;
  return n;
}

static char *
history_row_text (TaClientPage *page,
                  guint         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (_ta_composer_get_history_list (_ta_client_page_get_composer (page)), index);

  g_assert_nonnull (row);
  return g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (row)));
}

/* Sent messages are remembered newest first, without duplicates, with
 * their mode, and are there again in a new window. */
static void
test_history (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) history = NULL;
  g_auto(GStrv) trimmed = NULL;
  const char *expected[] = { "text:hex:oops", "hex:41 42", "one", "two", NULL };
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *picked = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  g_assert_cmpuint (history_n_rows (page), ==, 0);
  tt_ui_client_connect (page, &peer);

  send_message (page, "two");
  send_message (page, "one");
  send_message (page, "two");
  send_message (page, "one");
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (_ta_client_page_get_composer (page)), 1);
  send_message (page, "41 42");
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (_ta_client_page_get_composer (page)), 0);
  send_message (page, "hex:oops");
  got = tt_read_n (peer.conn, 3 * 4 + 2 + 8, 5000);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 22);

  history = g_settings_get_strv (settings, "history");
  g_assert_cmpstrv (history, expected);
  g_assert_cmpuint (history_n_rows (page), ==, 4);
  {
    g_autofree char *r0 = history_row_text (page, 0);
    g_autofree char *r1 = history_row_text (page, 1);
    g_autofree char *r2 = history_row_text (page, 2);

    g_assert_cmpstr (r0, ==, "hex:oops");
    g_assert_cmpstr (r1, ==, "41 42");
    g_assert_cmpstr (r2, ==, "one");
  }
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);

  /* A new window has them, and picking one restores its mode. */
  window = tt_ui_new_client_window (&page);
  g_assert_cmpuint (history_n_rows (page), ==, 4);
  if (g_getenv ("TT_SCREENSHOT_DIR"))
    {
      GtkWidget *button = gtk_widget_get_next_sibling (gtk_widget_get_parent (GTK_WIDGET (_ta_composer_get_message_view (_ta_client_page_get_composer (page)))));
      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      maybe_screenshot ("client-history.png");
      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    }
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (_ta_client_page_get_composer (page)), 0);
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (_ta_composer_get_history_list (_ta_client_page_get_composer (page)), 1), "activate");
  buffer = gtk_text_view_get_buffer (_ta_composer_get_message_view (_ta_client_page_get_composer (page)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  picked = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (picked, ==, "41 42");
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_mode_dropdown (_ta_client_page_get_composer (page))), ==, 1);

  /* history-size bounds the list. */
  g_settings_set_int (settings, "history-size", 2);
  g_assert_cmpuint (history_n_rows (page), ==, 2);
  tt_peer_open (&peer);
  tt_ui_client_connect (page, &peer);
  send_message (page, "41 42");
  trimmed = g_settings_get_strv (settings, "history");
  g_assert_cmpuint (g_strv_length (trimmed), ==, 2);
  g_assert_cmpstr (trimmed[0], ==, "hex:41 42");
  g_assert_cmpstr (trimmed[1], ==, "text:hex:oops");

  /* Clearing empties it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (_ta_client_page_get_composer (page)), TA_TYPE_COMPOSER, "history_popover")), "history.clear", NULL));
  g_assert_cmpuint (history_n_rows (page), ==, 0);

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* A 5 MB file arrives byte-exact; the progress reaches 100 %; the window
 * keeps drawing meanwhile. */
typedef struct {
  gint64 last;
  gint64 max_gap;
  gint64 last_cpu;     /* this thread's CPU time: the loop's own work */
  gint64 max_gap_cpu;
  guint  runs;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer data)
{
  Heartbeat *h = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = tt_thread_cpu_us ();

  h->max_gap = MAX (h->max_gap, now - h->last);
  h->max_gap_cpu = MAX (h->max_gap_cpu, cpu - h->last_cpu);
  h->last = now;
  h->last_cpu = cpu;
  h->runs++;
  return G_SOURCE_CONTINUE;
}

typedef struct {
  guint n_partial;   /* values strictly between 0 and 1 */
} FractionWatch;

static void
on_fraction (GtkProgressBar *bar,
             GParamSpec     *pspec,
             FractionWatch  *w)
{
  double f = gtk_progress_bar_get_fraction (bar);

  if (f > 0.0 && f < 1.0)
    w->n_partial++;
}

static gboolean
not_sending_file (gpointer data)
{
  return !ta_composer_is_sending_file (_ta_client_page_get_composer (data));
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

/* "Send File…" as a user does it: the file bar's chooser opens, a file
 * is picked and accepted, and its bytes reach the peer (the "chosen"
 * signal is wired to the composer in its template). */
static void
test_send_file_chooser (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaComposer *composer;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) got = NULL;
  GtkFileChooser *shown;
  ChooserTarget target;

  reset_settings ();
  dir = g_dir_make_tmp ("ta-ui-client-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "picked.txt", NULL);
  g_assert_true (g_file_set_contents (path, "picked body", -1, &error));
  file = g_file_new_for_path (path);
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  tt_ui_client_connect (page, &peer);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-file", NULL));
  shown = tt_ui_shown_chooser ("Send a File");
  g_assert_nonnull (shown);
  g_assert_true (gtk_file_chooser_set_file (shown, file, &error));
  g_assert_no_error (error);
  target.chooser = shown;
  target.file = file;
  g_assert_true (tt_ui_wait_for (chooser_has_target, &target));
  gtk_dialog_response (GTK_DIALOG (shown), GTK_RESPONSE_ACCEPT);
  got = tt_read_n (peer.conn, strlen ("picked body"), 5000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "picked body", strlen ("picked body"));
  g_assert_true (tt_ui_wait_for (not_sending_file, page));

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_send_file (void)
{
  const gsize size = 5 * 1000 * 1000;
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *data = g_malloc (size);
  g_autofree char *want_sum = NULL;
  g_autofree char *got_sum = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *start_line = NULL;
  g_autofree char *end_line = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GRand *rand = g_rand_new_with_seed (42);
  Heartbeat beat = { 0 };
  FractionWatch fractions = { 0 };
  gulong fraction_id;
  guint beat_id;
  double mid_fraction;

  reset_settings ();
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  dir = g_dir_make_tmp ("ta-ui-client-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "five-megabytes.bin", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  want_sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  file = g_file_new_for_path (path);

  tt_peer_open (&peer);
  /* A small receive buffer, so the file cannot all sit in the kernel. */
  g_socket_set_option (peer.listener, SOL_SOCKET, SO_RCVBUF, 32 * 1024, NULL);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);
  set_message (page, "");
  fraction_id = g_signal_connect (_ta_composer_get_file_progress (_ta_client_page_get_composer (page)), "notify::fraction",
                                  G_CALLBACK (on_fraction), &fractions);

  /* Gaps count from the start, so a beat that never ran fails too. */
  beat.last = g_get_monotonic_time ();
  beat.last_cpu = tt_thread_cpu_us ();
  beat_id = g_timeout_add (10, heartbeat_cb, &beat);
  ta_composer_send_file (_ta_client_page_get_composer (page), file);
  g_assert_true (ta_composer_is_sending_file (_ta_client_page_get_composer (page)));
  /* The peer reads slowly at first: the file waits, partly sent. */
  first = tt_read_n (peer.conn, 256 * 1024, 5000);
  g_checksum_update (sum, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  maybe_screenshot ("client-file.png");
  mid_fraction = gtk_progress_bar_get_fraction (_ta_composer_get_file_progress (_ta_client_page_get_composer (page)));
  g_test_message ("progress while the peer is not reading: %.2f", mid_fraction);

  /* Sending a message meanwhile would mix it into the file. */
  if (ta_composer_is_sending_file (_ta_client_page_get_composer (page)))
    {
      send_message (page, "between");
      g_assert_cmpstr (send_error (page), ==, "A file is being sent. Wait until it is sent, or cancel it.");
    }

  rest = tt_read_n (peer.conn, size - g_bytes_get_size (first), 20000);
  g_checksum_update (sum, g_bytes_get_data (rest, NULL), g_bytes_get_size (rest));
  g_assert_cmpuint (g_bytes_get_size (first) + g_bytes_get_size (rest), ==, size);
  got_sum = g_strdup (g_checksum_get_string (sum));
  g_assert_cmpstr (got_sum, ==, want_sum);

  g_assert_true (tt_ui_wait_for (not_sending_file, page));
  g_source_remove (beat_id);
  heartbeat_cb (&beat);
  g_test_message ("longest main loop gap while sending: %" G_GINT64_FORMAT " ms of CPU, %"
                  G_GINT64_FORMAT " ms of wall clock (%u beats)",
                  beat.max_gap_cpu / 1000, beat.max_gap / 1000, beat.runs);
  g_assert_cmpuint (beat.runs, >=, 3);
  g_assert_cmpint (beat.max_gap_cpu, <, 500 * 1000 * (gint64) tt_slowdown ());
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (_ta_composer_get_file_progress (_ta_client_page_get_composer (page))), ==, 1.0);
  g_test_message ("%u progress steps between 0 and 100 %%", fractions.n_partial);
  g_assert_cmpuint (fractions.n_partial, >=, 2);
  g_signal_handler_disconnect (_ta_composer_get_file_progress (_ta_client_page_get_composer (page)), fraction_id);

  size_text = ta_format_size (size);
  start_line = g_strdup_printf ("Sending file five-megabytes.bin (%s)…", size_text);
  end_line = g_strdup_printf ("File sent: five-megabytes.bin (%s)", size_text);
  assert_log_has (page, start_line);
  assert_log_has (page, end_line);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_composer_get_file_progress (_ta_client_page_get_composer (page)))));
  tt_ui_iterate_for (300 * 1000);
  /* The file counts as one message, not one per piece. */
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_client_page_get_counters_label (page)), "in 1 message"));
  maybe_screenshot ("client-file-done.png");

  /* Nothing more than the file came. */
  g_clear_pointer (&rest, g_bytes_unref);
  rest = tt_read_available (peer.conn, 200);
  g_assert_cmpuint (g_bytes_get_size (rest), ==, 0);

  /* A file that does not exist: a sentence, nothing sent. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.bin", NULL);
    g_autoptr(GFile) gone = g_file_new_for_path (missing);
    g_autoptr(GBytes) none = NULL;

    ta_composer_send_file (_ta_client_page_get_composer (page), gone);
    g_assert_true (tt_ui_wait_for (not_sending_file, page));
    g_assert_nonnull (send_error (page));
    g_assert_nonnull (strstr (send_error (page), "missing.bin"));
    none = tt_read_available (peer.conn, 200);
    g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  }

  /* A few exchanges, for the screenshot. */
  send_message (page, "hello after the file");
  tt_send (peer.conn, "hello", 5);
  assert_log_has (page, "Received: hello");
  maybe_screenshot ("client-exchanges.png");

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
file_started (gpointer data)
{
  return gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (_ta_composer_get_file_progress (_ta_client_page_get_composer (data)))));
}

/* Cancel stops a file half-way; what was queued still goes out, the
 * connection stays usable, and the log says so. */
static gboolean
file_progressed (gpointer data)
{
  return gtk_progress_bar_get_fraction (_ta_composer_get_file_progress (_ta_client_page_get_composer (data))) > 0.0;
}

/* The most a TCP socket here may buffer for sending (tcp_wmem's maximum). */
static gsize
max_send_buffer (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/sys/net/ipv4/tcp_wmem", &text, NULL, NULL))
    return 4 * 1024 * 1024;
  fields = g_strsplit_set (g_strstrip (text), " \t", -1);
  return g_ascii_strtoull (fields[g_strv_length (fields) - 1], NULL, 10);
}

static void
test_send_file_cancel (void)
{
  /* Twice what the send buffer can hold, plus the peer's small receive
   * buffer and our queue: the file cannot have all gone out when the
   * peer never read. */
  const gsize size = MAX (8 * 1000 * 1000, 2 * max_send_buffer ());
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = g_malloc0 (size);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) got = NULL;
  gsize len;
  const char *bytes;

  reset_settings ();
  dir = g_dir_make_tmp ("ta-ui-client-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "zeros.bin", NULL);
  g_assert_true (g_file_set_contents (path, data, size, &error));
  file = g_file_new_for_path (path);

  tt_peer_open (&peer);
  g_socket_set_option (peer.listener, SOL_SOCKET, SO_RCVBUF, 32 * 1024, NULL);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);

  ta_composer_send_file (_ta_client_page_get_composer (page), file);
  g_assert_true (tt_ui_wait_for (file_started, page));
  /* Some of it went out; the peer does not read, so the rest cannot
   * (the file is larger than every kernel buffer on the way). */
  g_assert_true (tt_ui_wait_for (file_progressed, page));
  g_assert_true (ta_composer_is_sending_file (_ta_client_page_get_composer (page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (_ta_client_page_get_composer (page)), TA_TYPE_COMPOSER, "file_bar")), "file-bar.cancel", NULL));
  g_assert_true (tt_ui_wait_for (not_sending_file, page));
  assert_log_has (page, "Sending the file was cancelled.");
  g_assert_true (tt_ui_client_is_connected (page));

  send_message (page, "after");
  g_assert_null (send_error (page));
  got = tt_read_available (peer.conn, 500);
  bytes = g_bytes_get_data (got, &len);
  g_test_message ("%" G_GSIZE_FORMAT " bytes arrived of %" G_GSIZE_FORMAT, len, size);
  g_assert_cmpuint (len, <, size);
  g_assert_cmpuint (len, >=, 5);
  g_assert_cmpmem (bytes + len - 5, 5, "after", 5);

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_cancelled (TaClientPage *page)
{
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_status_label (page)), ==, "Connecting was cancelled.");
  assert_log_has (page, "Connecting was cancelled.");
}

/* Escape (a real key press through the X server) and the Cancel button's
 * action both stop connecting to a blackhole. */
static void
test_cancel_connecting (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtBlackhole b;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  reset_settings ();
  tt_blackhole_open (&b);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_set_target (page, b.port);

  /* The button's action while connecting is Cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_connecting, page));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (tt_ui_client_is_connecting (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  assert_cancelled (page);

  /* Escape while the focus is in the page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_connecting, page));
  if (xdotool == NULL)
    {
      g_test_message ("xdotool is missing: Escape sent as the action");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.cancel", NULL));
    }
  else
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
      g_autofree char *focus_cmd = NULL;
      g_autofree char *cmd = NULL;

      g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (_ta_composer_get_message_view (_ta_client_page_get_composer (page)))));
      focus_cmd = g_strdup_printf ("%s windowfocus --sync %lu", xdotool, (gulong) gdk_x11_surface_get_xid (surface));
      g_assert_true (g_spawn_command_line_sync (focus_cmd, NULL, NULL, NULL, NULL));
      tt_ui_iterate_for (200 * 1000);
      cmd = g_strdup_printf ("%s key Escape", xdotool);
      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
    }
  assert_cancelled (page);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_ta_client_page_get_host_entry (page))));

  tt_ui_destroy_window (window);
  tt_blackhole_close (&b);
}

/* After the peer closes, one button: Connect connects again; with
 * automatic reconnect it comes back by itself, keeps retrying while the
 * server is away (no limit by default) showing "Retrying … in N s" and
 * "Stop Retrying", which stops it; a limit from Preferences ends it. */
typedef struct {
  TtPeer         *peer;
  TaClientPage *page;
} PeerPage;

static gboolean
accepted_and_connected (gpointer data)
{
  PeerPage *pp = data;

  if (pp->peer->conn == NULL)
    tt_peer_try_accept (pp->peer);
  return pp->peer->conn != NULL && tt_ui_client_is_connected (pp->page);
}

static gboolean
status_is_gave_up (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (_ta_client_page_get_status_label (data)),
                    "Stopped reconnecting after 3 tries in a row.") == 0;
}

/* More tries than the old fixed limit of 5, and waiting for the next. */
static gboolean
retried_7_times (gpointer data)
{
  return count_log_prefix (data, "Connecting to ") >= 7 + 3 &&
         g_strcmp0 (_ta_client_page_get_connect_label (data), "_Stop Retrying") == 0 &&
         strstr (gtk_label_get_text (_ta_client_page_get_status_label (data)), " Retrying ") != NULL;
}

static void
test_reconnect (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  PeerPage pp = { &peer, NULL };
  g_autofree char *target = NULL;
  g_autofree char *retrying = NULL;
  guint tries_before;

  reset_settings ();
  g_settings_reset (settings, "reconnect-limit");
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  pp.page = page;
  tt_ui_client_connect (page, &peer);
  target = g_strdup_printf ("127.0.0.1:%u", peer.port);
  g_assert_cmpstr (ta_client_get_target (ta_client_page_get_client (page)), ==, target);

  /* The peer closes: the one button says Connect, and connects again. */
  g_clear_object (&peer.conn);
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_status_label (page)), ==,
                   "The server closed the connection.");
  g_assert_cmpstr (_ta_client_page_get_connect_label (page), ==, "Co_nnect");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (accepted_and_connected, &pp));
  g_assert_cmpstr (ta_client_get_target (ta_client_page_get_client (page)), ==, target);

  /* Automatically, after the back-off's first delay (its second is
   * 100 ms here instead of 1 s). */
  g_settings_set_boolean (settings, "auto-reconnect", TRUE);
  _ta_client_page_set_reconnect_unit (page, 100);
  g_clear_object (&peer.conn);
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  retrying = g_strdup_printf ("The server closed the connection. Retrying %s in 1 s (try 1)…", target);
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_status_label (page)), ==, retrying);
  g_assert_cmpstr (_ta_client_page_get_connect_label (page), ==, "_Stop Retrying");
  g_assert_true (tt_ui_wait_for (accepted_and_connected, &pp));
  g_assert_cmpstr (ta_client_get_target (ta_client_page_get_client (page)), ==, target);

  /* The server goes away: no limit by default, it keeps trying (past the
   * old 5) until Stop Retrying. Its "second" is 10 ms here. */
  _ta_client_page_set_reconnect_unit (page, 10);
  tt_peer_close (&peer);
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  if (!tt_ui_wait_for (retried_7_times, page))
    {
      tt_ui_dump_log ("client", _ta_client_page_get_log_view (page));
      g_error ("did not keep retrying");
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_cmpstr (gtk_label_get_text (_ta_client_page_get_status_label (page)), ==, "Reconnecting was cancelled.");
  g_assert_cmpstr (_ta_client_page_get_connect_label (page), ==, "Co_nnect");
  /* The log view shows what was logged one frame later. */
  tt_ui_iterate_for (200 * 1000);
  tries_before = count_log_prefix (page, "Connecting to ");
  tt_ui_iterate_for (1000 * 1000);
  g_assert_cmpuint (count_log_prefix (page, "Connecting to "), ==, tries_before);

  /* A limit set in Preferences: it says so and stops. */
  g_settings_set_int (settings, "reconnect-limit", 3);
  tt_peer_open (&peer);
  pp.peer = &peer;
  tt_ui_client_connect (page, &peer);
  tt_peer_close (&peer);
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  g_assert_true (tt_ui_wait_for (status_is_gave_up, page));
  assert_log_has (page, "Stopped reconnecting after 3 tries in a row.");
  tries_before = count_log_prefix (page, "Connecting to ");
  tt_ui_iterate_for (500 * 1000);
  g_assert_cmpuint (count_log_prefix (page, "Connecting to "), ==, tries_before);
  g_assert_cmpstr (_ta_client_page_get_connect_label (page), ==, "Co_nnect");
  maybe_screenshot ("client-gave-up.png");

  /* The user disconnecting does not bring it back. */
  tt_peer_open (&peer);
  pp.peer = &peer;
  tt_ui_client_connect (page, &peer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (tt_ui_client_is_disconnected, page));
  tt_ui_iterate_for (800 * 1000);
  g_assert_false (tt_peer_try_accept (&peer));
  g_assert_true (tt_ui_client_is_disconnected (page));

  g_settings_reset (settings, "reconnect-limit");
  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

static char *
dup_message (TaClientPage *page)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_ta_composer_get_message_view (_ta_client_page_get_composer (page)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
xdotool (const char *args)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autofree char *cmd = g_strdup_printf ("%s %s", path, args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  tt_ui_iterate_for (100 * 1000);
}

static gboolean
message_is_ni (gpointer data)
{
  g_autofree char *text = dup_message (data);
  return g_strcmp0 (text, "你") == 0;
}

/* Enter goes through the input method first. Real key presses through
 * the X server into GTK's own input method (the one that reads
 * Ctrl+Shift+U and hex digits, as IBus reads pinyin): the first Enter
 * ends the composition, the character lands in the box and nothing is
 * sent; the second Enter sends it. */
static void
test_enter_input_method (void)
{
  TaClientPage *page;
  TaWindow *window;
  TtPeer peer;
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autofree char *focus = NULL;
  g_autoptr(GBytes) during = NULL;
  g_autoptr(GBytes) got = NULL;
  static const guint8 ni_utf8[] = { 0xE4, 0xBD, 0xA0 };

  if (path == NULL)
    {
      g_test_skip ("xdotool is missing");
      return;
    }
  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  tt_ui_client_connect (page, &peer);
  set_message (page, "");

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (_ta_composer_get_message_view (_ta_client_page_get_composer (page)))));
  focus = g_strdup_printf ("windowfocus --sync %lu",
                           (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  xdotool (focus);
  xdotool ("key ctrl+shift+u");
  xdotool ("type 4f60");
  xdotool ("key Return");
  g_assert_true (tt_ui_wait_for (message_is_ni, page));
  during = tt_read_available (peer.conn, 300);
  g_assert_cmpuint (g_bytes_get_size (during), ==, 0);
  g_assert_null (send_error (page));

  xdotool ("key Return");
  got = tt_read_n (peer.conn, 3, 5000);
  assert_bytes (got, ni_utf8, sizeof ni_utf8);

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

/* CRC-16/Modbus chosen in the composer: the preview shows the two bytes
 * before sending, and the peer gets the frame with them, low byte first;
 * a text message gets its checksum before the line ending. */
static void
test_checksum (void)
{
  static const guint8 modbus[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD };
  static const guint8 text_sum8[] = { 'A', 'B', 0x83, '\r', '\n' };
  TaClientPage *page;
  TaComposer *composer;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) got_text = NULL;
  g_autoptr(GBytes) more = NULL;
  GtkLabel *preview;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  preview = _ta_composer_get_checksum_preview (composer);
  tt_ui_client_connect (page, &peer);

  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (composer), 1);
  gtk_drop_down_set_selected (_ta_composer_get_checksum_dropdown (composer), TA_CHECKSUM_CRC16_MODBUS);
  set_message (page, "01 03 00 00 00 0A");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "+ C5 CD");
  maybe_screenshot ("client-checksum.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_null (send_error (page));
  got = tt_read_n (peer.conn, sizeof modbus, 5000);
  assert_bytes (got, modbus, sizeof modbus);

  /* Text, Sum-8 of "AB" is 0x83, then \r\n. */
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (composer), 0);
  gtk_drop_down_set_selected (_ta_composer_get_ending_dropdown (composer), 2);
  gtk_drop_down_set_selected (_ta_composer_get_checksum_dropdown (composer), TA_CHECKSUM_SUM8);
  send_message (page, "AB");
  got_text = tt_read_n (peer.conn, sizeof text_sum8, 5000);
  assert_bytes (got_text, text_sum8, sizeof text_sum8);

  /* No checksum over nothing: a sentence, nothing sent. */
  send_message (page, "");
  g_assert_nonnull (send_error (page));
  more = tt_read_available (peer.conn, 300);
  g_assert_cmpuint (g_bytes_get_size (more), ==, 0);

  /* The choice is kept. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *id = g_settings_get_string (settings, "send-checksum");

    g_assert_cmpstr (id, ==, "sum8");
  }

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
}

static guint
quick_count (TaQuickPopover *popover)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ta_quick_popover_get_model (popover)));
}

static const char *
quick_name (TaQuickPopover *popover,
            guint           position)
{
  g_autoptr(TaQuickMessage) message = g_list_model_get_item (G_LIST_MODEL (ta_quick_popover_get_model (popover)),
                                                             position);
  /* The model holds it. */
  return ta_quick_message_get_name (message);
}

static GtkWidget *
quick_row (TaQuickPopover *popover,
           guint           position)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (popover), TA_TYPE_QUICK_POPOVER, "list"));

  return GTK_WIDGET (gtk_list_box_get_row_at_index (list, (int) position));
}

static gpointer
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;  /* the widget holds it */
    }
  return NULL;
}

/* A user's drag of row @from onto row @to, as it ends: the dragged row's
 * drag source makes the content (what a drag carries between widgets),
 * its value is read as GTK reads it, and the row under the pointer's
 * drop target gets it. Returns whether the drop was taken. */
static gboolean
drag_row (TaQuickPopover *popover,
          guint           from,
          guint           to)
{
  GtkDragSource *source = find_controller (quick_row (popover, from), GTK_TYPE_DRAG_SOURCE);
  GtkDropTarget *target = find_controller (quick_row (popover, to), GTK_TYPE_DROP_TARGET);
  g_autoptr(GdkContentProvider) content = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  gboolean accepted = FALSE;

  g_assert_nonnull (source);
  g_assert_nonnull (target);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_MOVE);
  g_signal_emit_by_name (source, "prepare", 8.0, 8.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_UINT);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (target, "drop", &value, 8.0, 8.0, &accepted);
  return accepted;
}

/* Quick messages: a new user has the examples; the current message is
 * added, moved (with the row menu, and dragged as a user drags a row), sent with
 * Ctrl+1 (a real key press) and with a click, deleted and brought back
 * with Undo, kept in the file across a reload, and a file is imported;
 * a broken file is refused with a sentence and the list stays. */
static void
test_quick_messages (void)
{
  static const guint8 modbus[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD };
  TaClientPage *page;
  TaComposer *composer;
  TaQuickPopover *popover;
  TaWindow *window;
  TtPeer peer;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ping = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) ping_key = NULL;
  g_autoptr(TaQuickMessages) reloaded = ta_quick_messages_new ();
  g_autoptr(TaQuickMessages) other = ta_quick_messages_new ();
  g_autoptr(TaQuickMessage) imported = NULL;
  g_autofree char *path = ta_quick_messages_get_default_path ();
  g_autofree char *dir = g_dir_make_tmp ("ta-quick-XXXXXX", NULL);
  g_autofree char *import_path = g_build_filename (dir, "from-a-colleague.ini", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "broken.ini", NULL);
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autoptr(GFile) import_file = g_file_new_for_path (import_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  GtkLabel *error_label;

  reset_settings ();
  tt_peer_open (&peer);
  window = tt_ui_new_client_window (&page);
  composer = _ta_client_page_get_composer (page);
  popover = _ta_composer_get_quick_popover (composer);
  error_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (popover), TA_TYPE_QUICK_POPOVER, "error_label"));
  tt_ui_client_connect (page, &peer);

  /* The examples: 你好 in GBK, the Modbus frame. */
  g_assert_cmpuint (quick_count (popover), ==, 2);

  set_message (page, "ping");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "quick.add", NULL));
  g_assert_cmpuint (quick_count (popover), ==, 3);
  g_assert_cmpstr (quick_name (popover, 2), ==, "ping");

  /* Reorder: to the top, down one with the row's menu, up again. */
  _ta_quick_popover_move (popover, 2, 0);
  g_assert_cmpstr (quick_name (popover, 0), ==, "ping");
  g_assert_true (gtk_widget_activate_action (quick_row (popover, 0), "row.move-down", NULL));
  g_assert_cmpstr (quick_name (popover, 1), ==, "ping");
  g_assert_true (gtk_widget_activate_action (quick_row (popover, 1), "row.move-up", NULL));
  g_assert_cmpstr (quick_name (popover, 0), ==, "ping");
  /* Dragged onto the last row, and back to the top; onto itself nothing moves. */
  g_assert_true (drag_row (popover, 0, 2));
  g_assert_cmpstr (quick_name (popover, 2), ==, "ping");
  g_assert_cmpstr (quick_name (popover, 0), !=, "ping");
  g_assert_false (drag_row (popover, 1, 1));
  g_assert_cmpstr (quick_name (popover, 2), ==, "ping");
  g_assert_true (drag_row (popover, 2, 0));
  g_assert_cmpstr (quick_name (popover, 0), ==, "ping");

  /* Ctrl+1 while the message box has the focus. */
  set_message (page, "");
  if (xdotool_path != NULL)
    {
      g_autofree char *focus = g_strdup_printf ("windowfocus --sync %lu",
                                                (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));

      g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (_ta_composer_get_message_view (composer))));
      xdotool (focus);
      xdotool ("key ctrl+1");
    }
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.quick-send", "u", 0));
  ping_key = tt_read_n (peer.conn, 4, 5000);
  assert_bytes (ping_key, (const guint8 *) "ping", 4);

  /* A click on the Modbus row: its own hex and checksum, not the composer's. */
  g_signal_emit_by_name (quick_row (popover, 2), "activate");
  frame = tt_read_n (peer.conn, sizeof modbus, 5000);
  assert_bytes (frame, modbus, sizeof modbus);
  g_assert_null (send_error (page));

  /* Kept in the file, in this order. */
  g_assert_true (ta_quick_messages_load (reloaded, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  {
    g_autoptr(TaQuickMessage) first = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);

    g_assert_cmpstr (ta_quick_message_get_content (first), ==, "ping");
  }

  /* Delete, then Undo puts it back where it was. */
  _ta_quick_popover_delete (popover, 0);
  g_assert_cmpuint (quick_count (popover), ==, 2);
  _ta_quick_popover_undo (popover);
  g_assert_cmpuint (quick_count (popover), ==, 3);
  g_assert_cmpstr (quick_name (popover, 0), ==, "ping");

  /* Import a colleague's file: added at the end. */
  imported = ta_quick_message_new ("imported", "AA BB", TA_MESSAGE_MODE_HEX, "UTF-8",
                                   TA_LINE_ENDING_NONE, TA_CHECKSUM_XOR8);
  ta_quick_messages_append (other, imported);
  g_assert_true (ta_quick_messages_save (other, import_path, &error));
  _ta_quick_popover_import (popover, import_file);
  g_assert_cmpuint (quick_count (popover), ==, 4);
  g_assert_cmpstr (quick_name (popover, 3), ==, "imported");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* A broken file: a sentence, and the list is as it was. */
  g_assert_true (g_file_set_contents (bad_path, "[Quick Messages]\nVersion=1\n[Message 1]\nName=cut", -1, &error));
  _ta_quick_popover_import (popover, bad_file);
  g_assert_cmpuint (quick_count (popover), ==, 4);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_test_message ("broken file: %s", gtk_label_get_text (error_label));

  tt_ui_destroy_window (window);
  tt_peer_close (&peer);
  g_unlink (import_path);
  g_unlink (bad_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  g_autofree char *quick_dir = NULL;
  g_autofree char *quick_file = NULL;
  int status;

  /* GTK's own input method, whatever the machine has: the Enter test
   * composes with it. */
  g_setenv ("GTK_IM_MODULE", "gtk-im-context-simple", TRUE);
  /* The quick messages go to a file of this run only. */
  quick_dir = g_dir_make_tmp ("ta-ui-client-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", quick_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What AdwApplication loads by itself, so the page looks as it does. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, APP_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/ui-client/connect-refused", test_connect_refused);
  g_test_add_func ("/ui-client/connect-send-disconnect", test_connect_send_disconnect);
  g_test_add_func ("/ui-client/send-hex", test_send_hex);
  g_test_add_func ("/ui-client/send-gbk", test_send_gbk);
  g_test_add_func ("/ui-client/unencodable", test_unencodable);
  g_test_add_func ("/ui-client/repeat", test_repeat);
  g_test_add_func ("/ui-client/history", test_history);
  g_test_add_func ("/ui-client/send-file", test_send_file);
  g_test_add_func ("/ui-client/send-file-chooser", test_send_file_chooser);
  g_test_add_func ("/ui-client/send-file-cancel", test_send_file_cancel);
  g_test_add_func ("/ui-client/cancel-connecting", test_cancel_connecting);
  g_test_add_func ("/ui-client/reconnect", test_reconnect);
  g_test_add_func ("/ui-client/enter-input-method", test_enter_input_method);
  g_test_add_func ("/ui-client/checksum", test_checksum);
  g_test_add_func ("/ui-client/quick-messages", test_quick_messages);
  g_test_add_func ("/ui-client/entry-changed", test_entry_changed);

  status = g_test_run ();
  quick_file = ta_quick_messages_get_default_path ();
  g_unlink (quick_file);
  g_free (g_steal_pointer (&quick_file));
  quick_file = g_build_filename (quick_dir, "tcp-assistant", NULL);
  g_rmdir (quick_file);
  g_rmdir (quick_dir);
  return status;
}
