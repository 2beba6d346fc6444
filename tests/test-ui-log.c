/* test-ui-log.c: the log follows the end, whatever moves around it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (GDK_BACKEND=x11, GSK_RENDERER=cairo). Issue 12: the
 * view stopped following (and offered "Jump to latest (N new)") when the
 * layout above or below it changed although the user was at the end.
 * Rule tested here: if the view was at the end before a change, it is at
 * the end after it; only the user scrolling up stops following.
 *
 * Also how the log is read: one Tab stop, the rows' "Text and hex"
 * layout, the entry window (its size at 1280×800 and 360×640, Copy Text
 * and Copy Hex read back from the clipboard, and each way to open it).
 * Over 1,000 lines: these share the fixture and the row helpers; split
 * by concern (follow / keyboard / entry window) when it grows further.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "ta-client-page-private.h"
#include "ta-composer-private.h"
#include "ta-log-details.h"
#include "ta-ui-util.h"
#include "ta-server-page-private.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

typedef struct {
  TaWindow  *window;
  TaLogView *view;
  TaLogStore *store;
} Fixture;

static gboolean
view_at_end (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) &&
         gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

static GtkAdjustment *
vadj (Fixture *f)
{
  return gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (f->view));
}

static void
fill (Fixture    *f,
      const char *what)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *msg = g_strdup_printf ("%s filler %u", what, i);

      ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, msg);
    }
  ta_log_store_flush (f->store);
  g_assert_true (tt_ui_wait_for (view_at_end, vadj (f)));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (_ta_log_view_get_following (f->view));
}

/* After a layout change (and a few new entries, as traffic brings), the
 * view still follows, shows no jump button and is at the end. The
 * change has had time to settle: half a second of frames. */
static void
assert_still_following (Fixture    *f,
                        const char *change)
{
  GtkButton *jump = _ta_log_view_get_jump_button (f->view);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *msg = g_strdup_printf ("after %s %u", change, i);

      ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, msg);
      ta_log_store_flush (f->store);
      tt_ui_iterate_for (100 * 1000);
    }
  tt_ui_iterate_for (300 * 1000);
  if (!_ta_log_view_get_following (f->view) || gtk_widget_get_visible (GTK_WIDGET (jump)))
    g_error ("After %s the view stopped following (jump button “%s”, visible %d)", change,
             gtk_button_get_label (jump), gtk_widget_get_visible (GTK_WIDGET (jump)));
  if (!tt_ui_wait_for (view_at_end, vadj (f)))
    g_error ("After %s the view is not at the end: value %.0f + page %.0f < upper %.0f", change,
             gtk_adjustment_get_value (vadj (f)), gtk_adjustment_get_page_size (vadj (f)),
             gtk_adjustment_get_upper (vadj (f)));
}

static void
server_setup (Fixture       *f,
              gconstpointer  data)
{
  TaServerPage *page;

  f->window = tt_ui_new_window ();
  ta_window_show_page (f->window, "server");
  page = ta_window_get_server_page (f->window);
  f->view = _ta_server_page_get_log_view (page);
  f->store = ta_server_page_get_log_store (page);
  gtk_editable_set_text (_ta_log_view_get_search_entry (f->view), "");
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);
}

static void
client_setup (Fixture       *f,
              gconstpointer  data)
{
  TaClientPage *page;

  f->window = tt_ui_new_window ();
  ta_window_show_page (f->window, "client");
  page = ta_window_get_client_page (f->window);
  f->view = _ta_client_page_get_log_view (page);
  f->store = ta_client_page_get_log_store (page);
  gtk_editable_set_text (_ta_log_view_get_search_entry (f->view), "");
  gtk_drop_down_set_selected (_ta_log_view_get_kind_dropdown (f->view), 0);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  tt_ui_destroy_window (f->window);
}

/* An inline error appears under the port (a port out of range). */
static void
test_follow_inline_error (Fixture       *f,
                          gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  GtkLabel *error = _ta_server_page_get_port_error (page);

  fill (f, "error");
  gtk_editable_set_text (_ta_server_page_get_port_entry (page), "99999");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  assert_still_following (f, "the port error appeared");
  gtk_editable_set_text (_ta_server_page_get_port_entry (page), "7788");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));
  assert_still_following (f, "the port error went away");
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), type_name))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type_name);

      if (found)
        return found;
    }
  return NULL;
}

/* The file progress bar appears under the composer, below the log. */
static void
test_follow_file_bar (Fixture       *f,
                      gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  GtkWidget *bar = find_descendant (GTK_WIDGET (_ta_server_page_get_composer (page)), "TaFileBar");

  g_assert_nonnull (bar);
  fill (f, "file");
  gtk_widget_set_visible (bar, TRUE);
  assert_still_following (f, "the file bar appeared");
  gtk_widget_set_visible (bar, FALSE);
  assert_still_following (f, "the file bar went away");
}

/* The log's own note ("Display paused") appears below the list. */
static void
test_follow_note (Fixture       *f,
                  gconstpointer  data)
{
  fill (f, "note");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.pause", NULL));
  g_assert_true (ta_log_store_get_paused (f->store));
  tt_ui_iterate_for (200 * 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.pause", NULL));
  g_assert_false (ta_log_store_get_paused (f->store));
  assert_still_following (f, "the paused note came and went");
}

/* The Client page connects to a port nothing listens on: "connection
 * refused" in the log and in the status line above it. */
static gboolean
client_failed (gpointer data)
{
  TaClientPage *page = data;

  return ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_DISCONNECTED &&
         gtk_widget_get_sensitive (_ta_client_page_get_connect_button (page));
}

typedef struct {
  TaLogView *view;
  guint      n;
} CountWait;

static gboolean
more_entries (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (_ta_log_view_get_model (w->view)) > w->n;
}

static void
test_follow_refused (Fixture       *f,
                     gconstpointer  data)
{
  TaClientPage *page = ta_window_get_client_page (f->window);
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (closed, NULL, NULL);
  g_autofree char *text = g_strdup_printf ("%u", port);
  CountWait w = { f->view, 0 };

  g_assert_cmpuint (port, !=, 0);
  /* Now nothing listens there: the connect is refused. */
  g_socket_listener_close (closed);
  fill (f, "refused");
  w.n = g_list_model_get_n_items (_ta_log_view_get_model (f->view));
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  tt_ui_iterate_for (100 * 1000);
  g_assert_true (tt_ui_wait_for (client_failed, page));
  g_assert_true (tt_ui_wait_for (more_entries, &w));
  assert_still_following (f, "a refused connection");
}

/* A new client connects and talks: the clients list grows beside the log
 * and its traffic comes in. */
static void
test_follow_new_client (Fixture       *f,
                        gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autoptr(GSocket) a = NULL;
  g_autoptr(GSocket) b = NULL;
  g_autoptr(GBytes) reply = NULL;

  fill (f, "clients");
  a = tt_connect ("127.0.0.1", port);
  tt_send (a, "first", 5);
  reply = tt_read_n (a, 5, 3000);
  g_clear_pointer (&reply, g_bytes_unref);
  b = tt_connect ("127.0.0.1", port);
  tt_send (b, "second", 6);
  reply = tt_read_n (b, 5, 3000);
  assert_still_following (f, "new clients' traffic");
}

/* The error comes and goes while traffic arrives, in the same main loop
 * turns as the entries. */
static void
test_follow_error_during_traffic (Fixture       *f,
                                  gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);

  fill (f, "busy");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *msg = g_strdup_printf ("line %u\nsecond line\nthird", i);

      gtk_editable_set_text (_ta_server_page_get_port_entry (page), i % 2 ? "7788" : "99999");
      ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, msg);
      ta_log_store_flush (f->store);
      tt_ui_iterate_for (30 * 1000);
    }
  assert_still_following (f, "errors during traffic");
}

/* The window is made smaller and larger: the list's height changes. */
static void
test_follow_resize (Fixture       *f,
                    gconstpointer  data)
{
  fill (f, "resize");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 560);
  assert_still_following (f, "the window got shorter");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  assert_still_following (f, "the window got taller");
}

/* Traffic arrives while the other page is shown; back on the page, the
 * newest entries are on screen. */
static void
test_follow_hidden_page (Fixture       *f,
                         gconstpointer  data)
{
  fill (f, "hidden");
  ta_window_show_page (f->window, "client");
  tt_ui_iterate_for (100 * 1000);
  for (guint i = 0; i < 50; i++)
    ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, "while hidden");
  ta_log_store_flush (f->store);
  tt_ui_iterate_for (200 * 1000);
  ta_window_show_page (f->window, "server");
  assert_still_following (f, "the page was hidden");
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

/* The user scrolls up: following stops and "Jump to latest" counts what
 * came since; jumping resumes following. */
static void
test_user_scroll_stops (Fixture       *f,
                        gconstpointer  data)
{
  GtkButton *jump = _ta_log_view_get_jump_button (f->view);

  fill (f, "scroll");
  g_assert_true (tt_ui_wait_for (scrolled_up, f->view));
  ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, "while away");
  ta_log_store_flush (f->store);
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (jump)));
  g_assert_cmpstr (gtk_button_get_label (jump), ==, "Jump to latest (1 new)");
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj (f)), <, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.jump-to-end", NULL));
  g_assert_true (tt_ui_wait_for (view_at_end, vadj (f)));
  g_assert_true (_ta_log_view_get_following (f->view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (jump)));
  assert_still_following (f, "jumping to the latest");
}

static GtkLabel *
empty_label (TaLogView *view)
{
  /* The overlay's label over the list: the one that is not a row. */
  GtkWidget *overlay = gtk_widget_get_parent (GTK_WIDGET (_ta_log_view_get_scrolled_window (view)));

  for (GtkWidget *c = gtk_widget_get_first_child (overlay); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c))
      return GTK_LABEL (c);
  g_assert_not_reached ();
}

/* Clear Log, then Undo from its toast: the entries come back, after the
 * one that arrived in between; the empty log says the server listens. */
static void
test_clear_undo (Fixture       *f,
                 gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autofree char *waiting = g_strdup_printf ("Listening on port %u — waiting for traffic", port);
  g_autofree char *last = NULL;
  AdwToast *toast;
  guint n;

  fill (f, "clear");
  n = g_list_model_get_n_items (_ta_log_view_get_model (f->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.clear", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (_ta_log_view_get_model (f->view)), ==, 0);
  tt_ui_iterate_for (100 * 1000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (empty_label (f->view))));
  g_assert_cmpstr (gtk_label_get_text (empty_label (f->view)), ==, waiting);
  toast = _ta_log_view_get_undo_toast (f->view);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");

  ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, "after the clear");
  ta_log_store_flush (f->store);
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_null (_ta_log_view_get_undo_toast (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (_ta_log_view_get_model (f->view)), ==, n + 1);
  last = _ta_log_view_dup_row_text (f->view, n);
  g_assert_cmpstr (last, ==, "after the clear");
  assert_still_following (f, "Undo");

  /* Once the toast is gone, Undo is no longer offered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "log.clear", NULL));
  toast = _ta_log_view_get_undo_toast (f->view);
  g_assert_nonnull (toast);
  adw_toast_dismiss (toast);
  g_assert_null (_ta_log_view_get_undo_toast (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (_ta_log_view_get_model (f->view)), ==, 0);
}

/* With TT_SCREENSHOT_DIR set, a picture of the screen (for the README). */
static void
maybe_screenshot (const char *name)
{
  const char *dir = g_getenv ("TT_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;

  if (dir == NULL)
    return;
  tt_ui_iterate_for (500 * 1000);
  path = g_build_filename (dir, name, NULL);
  cmd = g_strdup_printf ("import -window root %s", path);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

/* The hex dump: offsets, 16 bytes a line in two groups, the text column
 * beside; 8 a line when narrow. */
static void
test_hex_dump (void)
{
  static const guint8 data[] = "Hello, world!\n\x00\xff" "0123456789";
  g_autoptr(GString) s = g_string_new (NULL);

  ta_format_hex_dump (data, 26, 16, s);
  g_assert_cmpstr (s->str, ==,
                   "00000000  48 65 6C 6C 6F 2C 20 77  6F 72 6C 64 21 0A 00 FF  Hello, world!...\n"
                   "00000010  30 31 32 33 34 35 36 37  38 39                    0123456789");
  g_string_truncate (s, 0);
  ta_format_hex_dump (data, 10, 8, s);
  g_assert_cmpstr (s->str, ==,
                   "00000000  48 65 6C 6C 6F 2C 20 77  Hello, w\n"
                   "00000008  6F 72                    or");
}

static gboolean
peer_closed (gpointer data)
{
  GSocket *socket = data;
  char buf[16];
  gssize n = g_socket_receive_with_blocking (socket, buf, sizeof buf, FALSE, NULL, NULL);

  return n == 0;
}

/* Activating a row opens the whole entry: time with date, peer, size,
 * all of the text and the hex dump; Show Only This Client filters; on
 * the Server page Disconnect This Client closes that client. */
static void
test_row_details (Fixture       *f,
                  gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autoptr(GSocket) peer = tt_connect ("127.0.0.1", port);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (peer, NULL);
  g_autofree char *peer_addr = ta_format_socket_address (local);
  g_autoptr(GString) msg = g_string_new (NULL);
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *hex = NULL;
  GListModel *model = _ta_log_view_get_model (f->view);
  GtkWindow *details;
  CountWait w = { f->view, 0 };
  guint pos = G_MAXUINT;

  /* A long line that the row cuts with "…". */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (msg, "part %02u of a long message; ", i);
  tt_send (peer, msg->str, msg->len);
  reply = tt_read_n (peer, 5, 3000);
  g_assert_true (tt_ui_wait_for (more_entries, &w));
  for (guint i = 0; i < 100 && pos == G_MAXUINT; i++)
    {
      tt_ui_iterate_for (20 * 1000);
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(TaLogEntry) e = g_list_model_get_item (model, j);

          if (ta_log_entry_get_kind (e) == TA_LOG_RECEIVED &&
              ta_log_entry_get_full_size (e) == msg->len)
            pos = j;
        }
    }
  g_assert_cmpuint (pos, !=, G_MAXUINT);

  /* As Enter or a double-click does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_ta_log_view_get_list_view (f->view)),
                                             "list.activate-item", "u", pos));
  details = _ta_log_view_get_details (f->view);
  g_assert_nonnull (details);
  tt_ui_iterate_for (200 * 1000);
  maybe_screenshot ("log-details.png");
  if (g_getenv ("TT_SCREENSHOT_DIR"))
    {
      g_autofree char *narrow = NULL;

      gtk_window_set_default_size (details, 360, 640);
      tt_ui_iterate_for (500 * 1000);
      narrow = _ta_log_details_get_hex_text (details);
      g_assert_true (g_str_has_prefix (narrow, "00000000  70 61 72 74 20 30 30 20  part 00 \n"));
      maybe_screenshot ("log-details-360.png");
      gtk_window_set_default_size (details, 720, 560);
      tt_ui_iterate_for (500 * 1000);
    }
  hex = _ta_log_details_get_hex_text (details);
  g_assert_true (g_str_has_prefix (hex, "00000000  70 61 72 74 20 30 30 20  6F 66 20 61 20 6C 6F 6E  part 00 of a lon\n"));
  {
    g_auto(GStrv) lines = g_strsplit (hex, "\n", -1);

    g_test_message ("%u bytes, %u hex lines, first “%s”", (guint) msg->len, g_strv_length (lines), lines[0]);
    g_assert_cmpuint (g_strv_length (lines), ==, (msg->len + 15) / 16);
    for (guint i = 0; lines[i + 1] != NULL; i++)
      g_assert_cmpuint (strlen (lines[i]), ==, 76);
  }

  /* Show only this client: the filter is the peer. */
  ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, "not about the client");
  ta_log_store_flush (f->store);
  {
    GtkWidget *button = NULL;

    for (GtkWidget *c = GTK_WIDGET (details); c; )
      {
        if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), "_Disconnect This Client") == 0)
          button = c;
        if (gtk_widget_get_first_child (c))
          c = gtk_widget_get_first_child (c);
        else
          {
            while (c && !gtk_widget_get_next_sibling (c) && c != GTK_WIDGET (details))
              c = gtk_widget_get_parent (c);
            c = (c == NULL || c == GTK_WIDGET (details)) ? NULL : gtk_widget_get_next_sibling (c);
          }
      }
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_null (_ta_log_view_get_details (f->view));
  g_assert_true (tt_ui_wait_for (peer_closed, peer));

  details = _ta_log_view_show_details (f->view, pos);
  g_assert_nonnull (details);
  {
    GtkWidget *button = NULL;

    for (GtkWidget *c = GTK_WIDGET (details); c; )
      {
        if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), "Show _Only This Client") == 0)
          button = c;
        if (gtk_widget_get_first_child (c))
          c = gtk_widget_get_first_child (c);
        else
          {
            while (c && !gtk_widget_get_next_sibling (c) && c != GTK_WIDGET (details))
              c = gtk_widget_get_parent (c);
            c = (c == NULL || c == GTK_WIDGET (details)) ? NULL : gtk_widget_get_next_sibling (c);
          }
      }
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_cmpstr (gtk_editable_get_text (_ta_log_view_get_search_entry (f->view)), ==, peer_addr);
  g_assert_false (tt_ui_log_has (f->view, "not about the client"));
  for (guint j = 0; j < g_list_model_get_n_items (model); j++)
    {
      g_autoptr(TaLogEntry) e = g_list_model_get_item (model, j);

      g_assert_cmpstr (ta_log_entry_get_peer (e), ==, peer_addr);
    }
}

/* The position of the received entry of @size bytes, once it is shown. */
static guint
wait_received (Fixture *f,
               gsize    size)
{
  GListModel *model = _ta_log_view_get_model (f->view);
  gint64 end = g_get_monotonic_time () + WAIT_US * tt_slowdown ();

  while (g_get_monotonic_time () < end)
    {
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(TaLogEntry) e = g_list_model_get_item (model, j);

          if (ta_log_entry_get_kind (e) == TA_LOG_RECEIVED && ta_log_entry_get_full_size (e) == size)
            return j;
        }
      tt_ui_iterate_for (20 * 1000);
    }
  g_error ("No received entry of %u bytes", (guint) size);
  return 0;
}

typedef struct {
  TaLogView  *view;
  guint       position;
  const char *expected;
} RowWait;

static const char *
row_body (TaLogView *view,
          guint      position)
{
  GtkWidget *row = _ta_log_view_get_row_widget (view, position);
  GtkWidget *body = row ? gtk_widget_get_last_child (row) : NULL;

  return body && GTK_IS_INSCRIPTION (body) ? gtk_inscription_get_text (GTK_INSCRIPTION (body)) : NULL;
}

static gboolean
row_shows (gpointer data)
{
  RowWait *w = data;

  return g_strcmp0 (row_body (w->view, w->position), w->expected) == 0;
}

typedef struct {
  TaLogView  *view;
  guint       position;
  const char *narrow;    /* 8 a line */
  const char *narrower;  /* 4 a line */
} NarrowWait;

static gboolean
row_shows_narrow (gpointer data)
{
  NarrowWait *w = data;
  const char *body = row_body (w->view, w->position);

  return g_strcmp0 (body, w->narrow) == 0 || g_strcmp0 (body, w->narrower) == 0;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* Every line of the row's body fits the width the row gives it: none is
 * wrapped. */
static void
assert_row_lines_fit (TaLogView *view,
                      guint      position)
{
  GtkWidget *body = gtk_widget_get_last_child (_ta_log_view_get_row_widget (view, position));
  g_auto(GStrv) lines = g_strsplit (gtk_inscription_get_text (GTK_INSCRIPTION (body)), "\n", -1);

  g_assert_true (tt_ui_wait_for (has_width, body));

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (body, lines[i]);
      int width = 0;

      pango_layout_get_pixel_size (layout, &width, NULL);
      if (width > gtk_widget_get_width (body))
        g_error ("The dump line “%s” is %d px wide in a %d px row body: it wraps", lines[i], width,
                 gtk_widget_get_width (body));
    }
}

/* "Text and hex" rows: the text, then the dump of the entry window (one
 * routine): 16 bytes a line in a wide log, 8 (or 4) in a narrow one; no
 * dump line is wider than the row leaves it (never wrapped mid-line). */
static void
test_row_hex_layout (Fixture       *f,
                     gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autoptr(GSocket) peer = tt_connect ("127.0.0.1", port);
  static const char msg[] = "Hello, hex rows!0123456789abcdefghij";
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(TaLogEntry) entry = NULL;
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GString) narrow = g_string_new (NULL);
  g_autoptr(GString) narrower = g_string_new (NULL);
  NarrowWait nw;
  GtkWidget *window;
  TaLogView *small;
  RowWait w;
  guint pos;

  tt_send (peer, msg, strlen (msg));
  reply = tt_read_n (peer, 5, 3000);
  pos = wait_received (f, strlen (msg));
  entry = g_list_model_get_item (_ta_log_view_get_model (f->view), pos);
  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), TA_LOG_SHOW_BOTH);

  ta_log_entry_format_body (entry, TA_LOG_ROLE_SERVER, TA_LOG_SHOW_TEXT, wide);
  g_string_append_c (wide, '\n');
  g_string_append (narrow, wide->str);
  g_string_append (narrower, wide->str);
  ta_format_hex_dump ((const guint8 *) msg, strlen (msg), 16, wide);
  ta_format_hex_dump ((const guint8 *) msg, strlen (msg), 8, narrow);
  ta_format_hex_dump ((const guint8 *) msg, strlen (msg), 4, narrower);
  g_assert_true (g_str_has_suffix (narrower->str, "\n00000020  67 68 69 6A  ghij"));
  g_assert_true (g_str_has_suffix (wide->str, "\n00000010  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  0123456789abcdef\n"
                                              "00000020  67 68 69 6A                                       ghij"));

  /* The same store in a wide log (1200 px) and a narrow one (360 px
   * asked; the log's toolbar keeps it wider today), the peer column
   * beside the body in both. */
  window = gtk_window_new ();
  small = g_object_new (TA_TYPE_LOG_VIEW, NULL);
  ta_log_view_set_store (small, f->store);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (small));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 640);
  gtk_window_present (GTK_WINDOW (window));
  w = (RowWait) { small, pos, wide->str };
  if (!tt_ui_wait_for (row_shows, &w))
    g_error ("The wide row shows “%s”, not “%s”", row_body (small, pos), wide->str);
  assert_row_lines_fit (small, pos);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  nw = (NarrowWait) { small, pos, narrow->str, narrower->str };
  if (!tt_ui_wait_for (row_shows_narrow, &nw))
    g_error ("The narrow row shows “%s”, not “%s”", row_body (small, pos), narrow->str);
  g_test_message ("narrow log %d px wide: %s a line", gtk_widget_get_width (GTK_WIDGET (small)),
                  g_strcmp0 (row_body (small, pos), narrow->str) == 0 ? "8" : "4");
  tt_ui_iterate_for (100 * 1000);
  assert_row_lines_fit (small, pos);
  maybe_screenshot ("log-rows-hex-360.png");
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (f->view), TA_LOG_SHOW_TEXT);
}

static void
xdotool (const char *args)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autofree char *cmd = g_strdup_printf ("%s %s", path, args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  tt_ui_iterate_for (50 * 1000);
}

static gboolean
focus_inside (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The model position of the row that has the focus, or -1. */
static int
focused_position (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  guint n = g_list_model_get_n_items (_ta_log_view_get_model (f->view));

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = _ta_log_view_get_row_widget (f->view, i);

      if (row != NULL && (row == focus || gtk_widget_get_parent (row) == focus))
        return i;
    }
  return -1;
}

typedef struct {
  Fixture *f;
  int      position;
} FocusWait;

typedef struct {
  GtkWidget *window;
  GtkWidget *before;
} FocusMove;

static gboolean
focus_moved (gpointer data)
{
  FocusMove *m = data;

  return gtk_root_get_focus (GTK_ROOT (m->window)) != m->before;
}

/* Presses @key and waits until the focus moved: on a loaded machine a
 * press is handled late, and two handled together skipped the log. */
static void
press_moving_focus (Fixture    *f,
                    const char *key)
{
  FocusMove m = { GTK_WIDGET (f->window), gtk_root_get_focus (GTK_ROOT (f->window)) };
  g_autofree char *cmd = g_strdup_printf ("key %s", key);

  xdotool (cmd);
  if (!tt_ui_wait_for (focus_moved, &m))
    g_test_message ("%s did not move the focus", key);
}

static gboolean
focus_is_at (gpointer data)
{
  FocusWait *w = data;

  return focused_position (w->f) == w->position;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
        return c;
      if ((found = find_button (c, label)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
details_open (gpointer data)
{
  return _ta_log_view_get_details (data) != NULL;
}

static void
close_details (Fixture *f)
{
  gtk_window_destroy (_ta_log_view_get_details (f->view));
  g_assert_null (_ta_log_view_get_details (f->view));
}

typedef struct {
  char    *text;
  gboolean done;
} ClipRead;

static void
on_clipboard_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  ClipRead *r = data;

  r->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  r->done = TRUE;
}

static gboolean
clip_done (gpointer data)
{
  return ((ClipRead *) data)->done;
}

/* Clicks @label in the entry window and reads the clipboard back. */
static char *
copy_with (GtkWindow  *details,
           const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (details), label);
  ClipRead r = { NULL, FALSE };

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (button), NULL, on_clipboard_read, &r);
  g_assert_true (tt_ui_wait_for (clip_done, &r));
  return r.text;
}

/* Whether @widget lies inside @window's @width × @height. */
static void
assert_inside (GtkWidget  *widget,
               GtkWindow  *window,
               const char *what)
{
  graphene_rect_t b;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &b));
  if (b.origin.x < 0 || b.origin.y < 0 || b.size.height < 1 ||
      b.origin.x + b.size.width > gtk_widget_get_width (GTK_WIDGET (window)) + 0.5 ||
      b.origin.y + b.size.height > gtk_widget_get_height (GTK_WIDGET (window)) + 0.5)
    g_error ("%s at %.0f,%.0f %.0f×%.0f is outside the %d×%d window", what, b.origin.x, b.origin.y,
             b.size.width, b.size.height, gtk_widget_get_width (GTK_WIDGET (window)),
             gtk_widget_get_height (GTK_WIDGET (window)));
}

typedef struct {
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

static gboolean
size_is (gpointer data)
{
  SizeWait *w = data;

  /* The default size counts the client-side decorations: a few pixels
   * less is the size asked for. */
  return gtk_widget_get_width (w->widget) > w->width - 20 && gtk_widget_get_width (w->widget) <= w->width &&
         gtk_widget_get_height (w->widget) > w->height - 20 && gtk_widget_get_height (w->widget) <= w->height;
}

/* The entry window of a long message fits a 1280×800 screen and a
 * 360×640 phone: never larger than the main window, its buttons inside
 * it (the text and hex scroll); Copy Text and Copy Hex put the entry on
 * the clipboard. */
static void
test_details_fit_and_copy (Fixture       *f,
                           gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autoptr(GSocket) peer = tt_connect ("127.0.0.1", port);
  g_autoptr(GString) msg = g_string_new (NULL);
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hex = NULL;
  GtkWindow *details;
  SizeWait w;
  guint pos;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (msg, "line %03u of a long message; ", i);
  tt_send (peer, msg->str, msg->len);
  reply = tt_read_n (peer, 5, 3000);
  pos = wait_received (f, msg->len);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  w = (SizeWait) { GTK_WIDGET (f->window), 1280, 800 };
  if (!tt_ui_wait_for (size_is, &w))
    g_error ("The main window asked for 1280×800 is %d×%d", gtk_widget_get_width (GTK_WIDGET (f->window)),
             gtk_widget_get_height (GTK_WIDGET (f->window)));
  details = _ta_log_view_show_details (f->view, pos);
  g_assert_nonnull (details);
  tt_ui_iterate_for (300 * 1000);
  g_test_message ("Entry window at 1280×800: %d×%d", gtk_widget_get_width (GTK_WIDGET (details)),
                  gtk_widget_get_height (GTK_WIDGET (details)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (details)), <=, 1280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (details)), <=, 800);
  assert_inside (find_button (GTK_WIDGET (details), "_Disconnect This Client"), details, "Disconnect This Client");

  /* A phone's screen: the window takes it, not more. */
  gtk_window_set_default_size (details, 360, 640);
  w = (SizeWait) { GTK_WIDGET (details), 360, 640 };
  if (!tt_ui_wait_for (size_is, &w))
    g_error ("The entry window asked for 360×640 is %d×%d", gtk_widget_get_width (GTK_WIDGET (details)),
             gtk_widget_get_height (GTK_WIDGET (details)));
  tt_ui_iterate_for (300 * 1000);
  g_assert_true (size_is (&w));
  for (const char * const *l = (const char *[]) { "Copy _Text", "Copy _Hex", "Show _Only This Client",
                                                  "_Send to This Client", "_Disconnect This Client", NULL }; *l; l++)
    assert_inside (find_button (GTK_WIDGET (details), *l), details, *l);
  maybe_screenshot ("log-details-360.png");

  text = copy_with (details, "Copy _Text");
  g_assert_cmpstr (text, ==, msg->str);
  hex = copy_with (details, "Copy _Hex");
  g_assert_true (g_str_has_prefix (hex, "6C 69 6E 65 20 30 30 30 20 6F 66"));
  g_assert_cmpuint (strlen (hex), ==, msg->len * 3 - 1);
  close_details (f);
}

static void
click_row (Fixture    *f,
           guint       position,
           const char *button)
{
  GtkWidget *row = _ta_log_view_get_row_widget (f->view, position);
  graphene_point_t p;
  double sx = 0, sy = 0;
  g_autofree char *cmd = NULL;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (40, 5), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &sx, &sy);
  cmd = g_strdup_printf ("mousemove --window %lu %d %d click %s",
                         (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))),
                         (int) (p.x + sx), (int) (p.y + sy), button);
  xdotool (cmd);
}

/* Right-click, long-press, the Menu key and Shift+F10 on a row open that
 * row's entry. Long-press is touch only: X cannot make a touch, so its
 * gesture's "pressed" is emitted over the row. */
static void
test_details_paths (Fixture       *f,
                    gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  guint16 port = tt_ui_start_server (page);
  g_autoptr(GSocket) peer = tt_connect ("127.0.0.1", port);
  static const char msg[] = "open me";
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *focus = NULL;
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autoptr(GListModel) controllers = NULL;
  GtkWidget *list = GTK_WIDGET (_ta_log_view_get_list_view (f->view));
  GtkGesture *long_press = NULL;
  g_autofree char *hex = NULL;
  guint pos;

  if (path == NULL)
    {
      g_test_skip ("xdotool is missing");
      return;
    }
  tt_send (peer, msg, strlen (msg));
  reply = tt_read_n (peer, 5, 3000);
  pos = wait_received (f, strlen (msg));
  g_assert_true (tt_ui_wait_for (view_at_end, vadj (f)) || g_list_model_get_n_items (_ta_log_view_get_model (f->view)) < 20);
  tt_ui_iterate_for (200 * 1000);
  focus = g_strdup_printf ("windowfocus --sync %lu",
                           (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  xdotool (focus);

  /* Right-click */
  click_row (f, pos, "3");
  if (!tt_ui_wait_for (details_open, f->view))
    g_error ("A right-click on the row opened no entry window");
  hex = _ta_log_details_get_hex_text (_ta_log_view_get_details (f->view));
  g_assert_true (g_str_has_prefix (hex, "00000000  6F 70 65 6E 20 6D 65"));
  close_details (f);

  /* Menu and Shift+F10 on the focused row */
  for (const char * const *key = (const char *[]) { "Menu", "shift+F10", NULL }; *key; key++)
    {
      g_autofree char *cmd = g_strdup_printf ("key %s", *key);
      g_autofree char *dump = NULL;

      xdotool (focus);
      g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (_ta_log_view_get_row_widget (f->view, pos))));
      tt_ui_iterate_for (50 * 1000);
      xdotool (cmd);
      if (!tt_ui_wait_for (details_open, f->view))
        g_error ("%s on the focused row opened no entry window (focus %s)", *key,
                 G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f->window))));
      dump = _ta_log_details_get_hex_text (_ta_log_view_get_details (f->view));
      g_assert_cmpstr (dump, ==, hex);
      close_details (f);
    }

  /* Long-press */
  controllers = gtk_widget_observe_controllers (list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_LONG_PRESS (c))
        long_press = GTK_GESTURE (c);
    }
  g_assert_nonnull (long_press);
  {
    graphene_point_t p;

    g_assert_true (gtk_widget_compute_point (_ta_log_view_get_row_widget (f->view, pos), list,
                                             &GRAPHENE_POINT_INIT (40, 5), &p));
    g_signal_emit_by_name (long_press, "pressed", (double) p.x, (double) p.y);
  }
  g_assert_true (details_open (f->view));
  {
    g_autofree char *dump = _ta_log_details_get_hex_text (_ta_log_view_get_details (f->view));

    g_assert_cmpstr (dump, ==, hex);
  }
  close_details (f);
}

/* The log is one Tab stop: with 1,000 entries, real Tab presses from the
 * filter reach the message box in at most 15; inside the log, arrows
 * move between rows and Tab leaves it. */
static void
test_keyboard_one_tab_stop (Fixture       *f,
                            gconstpointer  data)
{
  TaServerPage *page = ta_window_get_server_page (f->window);
  GtkWidget *message = GTK_WIDGET (_ta_composer_get_message_view (_ta_server_page_get_composer (page)));
  GtkWidget *list = GTK_WIDGET (_ta_log_view_get_list_view (f->view));
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autofree char *focus = NULL;
  guint presses = 0;
  gboolean in_list = FALSE;

  if (path == NULL)
    {
      g_test_skip ("xdotool is missing");
      return;
    }
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *msg = g_strdup_printf ("entry %u", i);

      ta_log_store_append_event (f->store, TA_LOG_EVENT, NULL, msg);
    }
  ta_log_store_flush (f->store);
  g_assert_true (tt_ui_wait_for (view_at_end, vadj (f)));

  focus = g_strdup_printf ("windowfocus --sync %lu",
                           (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  xdotool (focus);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (_ta_log_view_get_search_entry (f->view))));
  tt_ui_iterate_for (50 * 1000);
  while (!focus_inside (GTK_WIDGET (f->window), message) && presses < 40)
    {
      press_moving_focus (f, "Tab");
      presses++;
      if (focus_inside (GTK_WIDGET (f->window), list))
        in_list = TRUE;
    }
  g_test_message ("Tab presses from the filter to the message box: %u", presses);
  g_assert_true (in_list);
  g_assert_cmpuint (presses, <=, 15);

  /* Back into the log: Shift+Tab until the list has the focus, then Down
   * moves to another row and Tab leaves the list at once. */
  for (presses = 0; !focus_inside (GTK_WIDGET (f->window), list) && presses < 15; presses++)
    press_moving_focus (f, "shift+Tab");
  g_assert_true (focus_inside (GTK_WIDGET (f->window), list));
  {
    guint n = g_list_model_get_n_items (_ta_log_view_get_model (f->view));
    FocusWait w = { f, n - 1 };

    /* While following the end, the first arrow starts from the newest
     * row: Down stays on it, Up goes to the one before. */
    xdotool ("key Down");
    if (!tt_ui_wait_for (focus_is_at, &w))
      g_error ("After entering and Down the focused row is %d, not %d (following %d)",
               focused_position (f), w.position, _ta_log_view_get_following (f->view));
    xdotool ("key Up");
    xdotool ("key Up");
    w.position = n - 3;
    if (!tt_ui_wait_for (focus_is_at, &w))
      g_error ("After Down Up Up the focused row is %d, not %d", focused_position (f), w.position);
    g_assert_true (_ta_log_view_get_following (f->view));
    xdotool ("key Home");
    w.position = 0;
    g_assert_true (tt_ui_wait_for (focus_is_at, &w));
    xdotool ("key End");
    w.position = n - 1;
    if (!tt_ui_wait_for (focus_is_at, &w))
      g_error ("After End the focused row is %d, not %d", focused_position (f), w.position);
  }
  press_moving_focus (f, "Tab");
  g_assert_false (focus_inside (GTK_WIDGET (f->window), list));
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

  g_test_add ("/ui/log/follow/inline-error", Fixture, NULL, server_setup, test_follow_inline_error, teardown);
  g_test_add ("/ui/log/follow/file-bar", Fixture, NULL, server_setup, test_follow_file_bar, teardown);
  g_test_add ("/ui/log/follow/note", Fixture, NULL, server_setup, test_follow_note, teardown);
  g_test_add ("/ui/log/follow/refused", Fixture, NULL, client_setup, test_follow_refused, teardown);
  g_test_add ("/ui/log/follow/new-client", Fixture, NULL, server_setup, test_follow_new_client, teardown);
  g_test_add ("/ui/log/follow/error-during-traffic", Fixture, NULL, server_setup, test_follow_error_during_traffic, teardown);
  g_test_add ("/ui/log/follow/resize", Fixture, NULL, server_setup, test_follow_resize, teardown);
  g_test_add ("/ui/log/follow/hidden-page", Fixture, NULL, server_setup, test_follow_hidden_page, teardown);
  g_test_add ("/ui/log/keyboard/one-tab-stop", Fixture, NULL, server_setup, test_keyboard_one_tab_stop, teardown);
  g_test_add ("/ui/log/clear-undo", Fixture, NULL, server_setup, test_clear_undo, teardown);
  g_test_add_func ("/ui/log/hex-dump", test_hex_dump);
  g_test_add ("/ui/log/row-details", Fixture, NULL, server_setup, test_row_details, teardown);
  g_test_add ("/ui/log/row-hex-layout", Fixture, NULL, server_setup, test_row_hex_layout, teardown);
  g_test_add ("/ui/log/details/fit-and-copy", Fixture, NULL, server_setup, test_details_fit_and_copy, teardown);
  g_test_add ("/ui/log/details/paths", Fixture, NULL, server_setup, test_details_paths, teardown);
  g_test_add ("/ui/log/follow/user-scroll", Fixture, NULL, server_setup, test_user_scroll_stops, teardown);

  return g_test_run ();
}
