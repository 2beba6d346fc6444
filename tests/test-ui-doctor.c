/* test-ui-doctor.c: the doctor, the self-test, the report and the guide
 * in the window (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-doctor-button.h"
#include "ta-help-window.h"
#include "ta-local-side.h"
#include "ta-self-test-window.h"
#include "ta-window-report.h"
#include "ta-ui-util.h"
#include "tt-ui.h"
#include "ta-client-page-private.h"
#include "ta-server-page-private.h"
#include "tt-util.h"

/* With TA_SHOT_DIR set, saves @widget's window as NAME.png there: how
 * the new windows were looked at, at default size and at 360x640. */

/* A port for the client to connect FROM: the test chooses it, so it has to
 * be free when the client binds it; the system picks one and lets it go
 * (the only place where a released port is used, on purpose). */
static guint16
released_port (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = tt_bound_port (&port);

  g_socket_close (socket, NULL);
  return port;
}

static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("TA_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  tt_ui_iterate_for (300 * 1000);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (texture, path);
}

static gboolean
log_contains (TaLogView  *view,
              const char *needle)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      if (text != NULL && strstr (text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
diagnosis_shown (gpointer data)
{
  TaDoctorButton *button = data;

  return gtk_widget_get_visible (GTK_WIDGET (button)) && ta_doctor_button_get_text (button) != NULL;
}

/* A refused connect: "Why did it fail?" appears, its popover and the log
 * say that nothing listens on the port; the next connect hides it. */
static void
test_refused_diagnosed (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  TaDoctorButton *button = ta_doctor_button_find (GTK_WIDGET (page));
  TaLogView *view = _ta_client_page_get_log_view (page);
  guint16 port;
  g_autoptr(GSocket) closed = tt_bound_port (&port); /* bound, not listening: refused */
  g_autofree char *sentence = NULL;

  ta_window_show_page (window, "client");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
  ta_doctor_button_set_probe_ms (button, 1000);
  ta_client_page_connect (page, "127.0.0.1", port, NULL);
  g_assert_true (tt_ui_wait_for (diagnosis_shown, button));

  sentence = g_strdup_printf ("127.0.0.1 is this computer, and nothing on it listens on port %u.", port);
  g_assert_nonnull (strstr (ta_doctor_button_get_text (button), sentence));
  ta_log_store_flush (ta_client_page_get_log_store (page));
  tt_ui_iterate_for (100 * 1000);
  maybe_screenshot (GTK_WIDGET (window), "client-diagnosis");

  /* The same failure again (as automatic reconnects do): the popover is
   * renewed, the log does not repeat the diagnosis. */
  {
    GListModel *model = G_LIST_MODEL (ta_client_page_get_log_store (page));
    guint before = g_list_model_get_n_items (model);

    ta_client_page_connect (page, "127.0.0.1", port, NULL);
    g_assert_false (diagnosis_shown (button));
    g_assert_true (tt_ui_wait_for (diagnosis_shown, button));
    ta_log_store_flush (ta_client_page_get_log_store (page));
    /* connecting + refused, no second "Why:" block */
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, before + 2);
  }
  if (!log_contains (view, sentence) || !log_contains (view, "Next step: Start the server first"))
    {
      tt_ui_dump_log ("client", view);
      g_error ("the diagnosis is not in the log");
    }

  tt_ui_destroy_window (window);
}

static gboolean
self_test_done (gpointer data)
{
  return ta_self_test_window_get_result (data) != NULL;
}

/* The window tests at once: one row per address, 127.0.0.1 reachable,
 * the summary shown; "Test Again" runs it again. */
static void
test_self_test_window (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaSelfTestWindow *test_window = TA_SELF_TEST_WINDOW (ta_self_test_window_new (GTK_WINDOW (window)));
  TaSelfTest *result;
  TaSelfTestRow *lo;

  gtk_window_present (GTK_WINDOW (test_window));
  g_assert_true (tt_ui_wait_for (self_test_done, test_window));
  result = ta_self_test_window_get_result (test_window);
  g_assert_true (result->loopback_ok);
  g_assert_cmpuint (ta_self_test_window_get_n_rows (test_window), ==, result->rows->len);
  lo = g_ptr_array_index (result->rows, 0);
  g_assert_true (lo->reachable);
  maybe_screenshot (GTK_WIDGET (test_window), "self-test");

  ta_self_test_window_run (test_window);
  g_assert_null (ta_self_test_window_get_result (test_window));
  g_assert_cmpuint (ta_self_test_window_get_n_rows (test_window), ==, 0);
  g_assert_true (tt_ui_wait_for (self_test_done, test_window));
  g_assert_cmpuint (ta_self_test_window_get_n_rows (test_window), ==,
                    ta_self_test_window_get_result (test_window)->rows->len);

  if (g_getenv ("TA_SHOT_DIR") != NULL)
    {
      GtkWidget *narrow = ta_self_test_window_new (GTK_WINDOW (window));

      gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 640);
      gtk_window_present (GTK_WINDOW (narrow));
      g_assert_true (tt_ui_wait_for (self_test_done, narrow));
      maybe_screenshot (narrow, "self-test-360");
      gtk_window_destroy (GTK_WINDOW (narrow));
    }

  /* Closed while testing: nothing runs into a freed window. */
  ta_self_test_window_run (test_window);
  gtk_window_destroy (GTK_WINDOW (test_window));
  tt_ui_iterate_for (2000 * 1000);
  tt_ui_destroy_window (window);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Saved;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saved *saved = user_data;

  saved->ok = ta_window_report_save_finish (result, &saved->error);
  saved->done = TRUE;
}

static gboolean
saved_done (gpointer data)
{
  return ((Saved *) data)->done;
}

/* Save Report with the window's real content: a failed connect and its
 * diagnosis are in it; an unwritable place is a sentence. */
static void
test_save_report (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  TaDoctorButton *button = ta_doctor_button_find (GTK_WIDGET (page));
  g_autofree char *dir = g_dir_make_tmp ("ta-ui-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-directory/report.html");
  g_autofree char *html = NULL;
  Saved saved = { 0 }, failed = { 0 };
  guint16 port;
  g_autoptr(GSocket) closed = tt_bound_port (&port); /* bound, not listening: refused */

  ta_doctor_button_set_probe_ms (button, 1000);
  ta_client_page_connect (page, "127.0.0.1", port, NULL);
  g_assert_true (tt_ui_wait_for (diagnosis_shown, button));

  ta_window_report_save_async (window, file, NULL, saved_cb, &saved);
  g_assert_true (tt_ui_wait_for (saved_done, &saved));
  g_assert_no_error (saved.error);
  g_assert_true (saved.ok);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "TCP Assistant " PACKAGE_VERSION));
  g_assert_nonnull (strstr (html, "Diagnosis of the last failed connect"));
  g_assert_nonnull (strstr (html, "nothing on it listens on port"));
  g_assert_nonnull (strstr (html, "connect-timeout"));      /* the settings */
  g_assert_nonnull (strstr (html, "127.0.0.1/8"));          /* the addresses */
  g_assert_nonnull (strstr (html, "Connection refused"));   /* the error */
  g_assert_null (strstr (html, "<script"));

  ta_window_report_save_async (window, bad, NULL, saved_cb, &failed);
  g_assert_true (tt_ui_wait_for (saved_done, &failed));
  g_assert_false (failed.ok);
  g_assert_nonnull (strstr (failed.error->message, "Could not save the report to /nonexistent-directory/report.html"));
  g_clear_error (&failed.error);

  g_unlink (path);
  g_rmdir (dir);
  tt_ui_destroy_window (window);
}

static void
strip_underscore_into (GPtrArray  *names,
                       const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  g_ptr_array_add (names, g_string_free (s, FALSE));
}

static void
collect_menu (GMenuModel *menu,
              GPtrArray  *names)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        strip_underscore_into (names, label);
      if (section != NULL)
        collect_menu (section, names);
    }
}

/* Every text a person can see on a control of @widget and below. */
static void
collect_names (GtkWidget *widget,
               GPtrArray *names)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (names, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (gtk_widget_get_tooltip_text (widget) != NULL)   /* icon buttons */
    g_ptr_array_add (names, g_strdup (gtk_widget_get_tooltip_text (widget)));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    collect_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), names);
  if (GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))))
    {
      GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        g_ptr_array_add (names, g_strdup (gtk_string_list_get_string (list, i)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_names (child, names);
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* The guide opens, fits 360 px without a horizontal scroll bar, and each
 * control it names in quotes is a real control of the window. */
static void
test_guide (void)
{
  TaWindow *window = tt_ui_new_window ();
  GtkWidget *guide = ta_help_window_new (GTK_WINDOW (window));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) guide_text = g_ptr_array_new_with_free_func (g_free);
  const char *controls[] = {
    "Start Server", "Copy address and port", "All network interfaces", "This computer only",
    "Connect", "Send", "Port", "Server", "Text and hex",
    "Test This Computer", "Save Report…", "Guide",
  };
  int min_width = 0;

  gtk_window_set_default_size (GTK_WINDOW (guide), 360, 640);
  gtk_window_present (GTK_WINDOW (guide));
  tt_ui_iterate_for (200 * 1000);
  gtk_widget_measure (GTK_WIDGET (guide), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (guide)), <=, 360);
  maybe_screenshot (guide, "guide-360");

  collect_names (guide, guide_text);
  g_assert_true (has_name (guide_text, "Why messages arrive in pieces"));
  g_assert_true (has_name (guide_text, "Refused or timed out?"));

  /* The page's own button says "Connect" when idle. */
  collect_names (GTK_WIDGET (window), names);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      gboolean in_guide = FALSE;
      g_autofree char *quoted = g_strdup_printf ("“%s”", controls[i]);

      for (guint j = 0; j < guide_text->len; j++)
        if (strstr (g_ptr_array_index (guide_text, j), quoted) != NULL)
          in_guide = TRUE;
      if (g_str_equal (controls[i], "Guide"))
        in_guide = TRUE;   /* the menu item that opens it */
      g_assert_true (in_guide);
      if (!has_name (names, controls[i]))
        g_error ("the guide names “%s”, which is no control of the window", controls[i]);
    }

  gtk_window_destroy (GTK_WINDOW (guide));
  tt_ui_destroy_window (window);
}

static gboolean
page_settled (gpointer data)
{
  TaClient *client = data;

  return ta_client_get_state (client) != TA_CLIENT_CONNECTING;
}

/* The host field's icon: a port that is no number and a port in use are
 * sentences; 127.0.0.1 and a free port reach the server from that port. */
static void
test_local_side (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  TaClient *client = ta_client_page_get_client (page);
  TaLocalSide *side = ta_local_side_get (GTK_ENTRY (_ta_client_page_get_host_entry (page)));
  GtkDropDown *dropdown;
  GtkLabel *error_label;
  GListModel *items;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocket) server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *expected = NULL;
  guint16 server_port, local_port;
  guint lo_index = G_MAXUINT;

  g_assert_nonnull (side);
  ta_window_show_page (window, "client");
  g_assert_true (g_socket_bind (server, any, FALSE, NULL));
  g_assert_true (g_socket_listen (server, NULL));
  bound = g_socket_get_local_address (server, NULL);
  server_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* Not popped up here: under Xvfb without a window manager the popup
   * may come before the window's first configure (no monitor yet). */
  _ta_local_side_open (side);
  if (g_getenv ("TA_SHOT_DIR") != NULL)
    {
      /* Only to look at it: give the window time to be placed first. */
      tt_ui_iterate_for (800 * 1000);
      g_signal_emit_by_name (_ta_client_page_get_host_entry (page), "icon-press", GTK_ENTRY_ICON_SECONDARY);
      maybe_screenshot (GTK_WIDGET (window), "local-side");
      for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (_ta_client_page_get_host_entry (page)));
           c != NULL; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_POPOVER (c))
          maybe_screenshot (c, "local-side-popover");
    }
  dropdown = _ta_local_side_get_address_dropdown (side);
  error_label = _ta_local_side_get_error_label (side);
  items = gtk_drop_down_get_model (dropdown);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), 0), ==, "Any address");
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (items), i), "127.0.0.1 (lo)"))
      lo_index = i;
  g_assert_cmpuint (lo_index, !=, G_MAXUINT);

  /* Not a number: a sentence in the popover. */
  gtk_editable_set_text (_ta_local_side_get_port_entry (side), "abc");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "“abc” is not a port number"));

  /* In use (the server's own port): the connect fails with a sentence. */
  port_text = g_strdup_printf ("%u", server_port);
  gtk_drop_down_set_selected (dropdown, lo_index);
  gtk_editable_set_text (_ta_local_side_get_port_entry (side), port_text);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  ta_client_page_connect (page, "127.0.0.1", server_port, NULL);
  g_assert_true (tt_ui_wait_for (page_settled, client));
  expected = g_strdup_printf ("Local port %u is already in use", server_port);
  ta_log_store_flush (ta_client_page_get_log_store (page));
  tt_ui_iterate_for (100 * 1000);
  if (!log_contains (_ta_client_page_get_log_view (page), expected))
    {
      tt_ui_dump_log ("client", _ta_client_page_get_log_view (page));
      g_error ("no “%s” in the log", expected);
    }

  /* A free port: the server sees the connection come from it. */
  local_port = released_port ();
  g_free (port_text);
  port_text = g_strdup_printf ("%u", local_port);
  gtk_editable_set_text (_ta_local_side_get_port_entry (side), port_text);
  ta_client_page_connect (page, "127.0.0.1", server_port, NULL);
  g_assert_true (tt_ui_wait_for (page_settled, client));
  g_assert_cmpint (ta_client_get_state (client), ==, TA_CLIENT_CONNECTED);
  accepted = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  remote = g_socket_get_remote_address (accepted, NULL);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)), ==, local_port);

  ta_client_disconnect (client);
  tt_ui_destroy_window (window);
  /* The choice is kept in the settings: not for the next tests' windows. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "client-local-address");
    g_settings_reset (settings, "client-local-port");
  }
}

typedef struct {
  TtBlackhole *hole;
  GSocket     *accepted;
} Unblock;

/* The scenario's delay, not a wait for a condition: free the full
 * backlog after 1.3 s so that the client's retried SYN gets in. */
static gboolean
unblock_cb (gpointer data)
{
  Unblock *u = data;

  u->accepted = g_socket_accept (u->hole->listener, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
client_connected (gpointer data)
{
  return ta_client_get_state (data) == TA_CLIENT_CONNECTED;
}

/* A connect that succeeds after more than a second says so in the log. */
static void
test_slow_connect (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  TaClient *client = ta_client_page_get_client (page);
  TtBlackhole hole;
  Unblock u = { &hole, NULL };

  tt_blackhole_open (&hole);
  ta_client_page_connect (page, "127.0.0.1", hole.port, NULL);
  g_timeout_add (1300, unblock_cb, &u);
  if (!tt_ui_wait_for (client_connected, client))
    {
      g_test_skip ("the freed backlog slot was not retried within the wait here");
      goto out;
    }
  ta_log_store_flush (ta_client_page_get_log_store (page));
  tt_ui_iterate_for (100 * 1000);
  if (!log_contains (_ta_client_page_get_log_view (page), "Connecting took "))
    {
      tt_ui_dump_log ("client", _ta_client_page_get_log_view (page));
      g_error ("no “Connecting took” line after a slow connect");
    }
  g_assert_true (log_contains (_ta_client_page_get_log_view (page), "the server is busy"));
  tt_ui_dump_log ("client", _ta_client_page_get_log_view (page));

out:
  ta_client_disconnect (client);
  g_clear_object (&u.accepted);
  tt_blackhole_close (&hole);
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* LANGUAGE=en from meson; LANGUAGE=zh_CN TA_LOCALEDIR=<build>/po with
   * TA_SHOT_DIR to look at the Chinese windows. */
  ta_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-doctor/refused-diagnosed", test_refused_diagnosed);
  g_test_add_func ("/ui-doctor/self-test-window", test_self_test_window);
  g_test_add_func ("/ui-doctor/save-report", test_save_report);
  g_test_add_func ("/ui-doctor/guide", test_guide);
  g_test_add_func ("/ui-doctor/local-side", test_local_side);
  g_test_add_func ("/ui-doctor/slow-connect", test_slow_connect);

  return g_test_run ();
}
