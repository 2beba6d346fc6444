/* test-ui-connections.c: the Client page's connection choices (issue 16):
 * recent servers, saved connections, the local side kept across runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. The peers are GSockets listening on 127.0.0.1 port 0;
 * the files live in temporary folders of this run (XDG_CONFIG_HOME,
 * XDG_DATA_HOME); every wait is bounded.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ta-client-page-private.h"
#include "ta-composer-private.h"
#include "ta-checksum.h"
#include "ta-local-side.h"
#include "ta-recent-popover.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

typedef struct {
  GSocket *listener;
  GSocket *conn;
  guint16  port;
} Peer;

static void
peer_open (Peer *p)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  memset (p, 0, sizeof *p);
  p->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (p->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (p->listener, NULL));
  g_socket_set_blocking (p->listener, FALSE);
  bound = g_socket_get_local_address (p->listener, NULL);
  p->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
peer_try_accept (gpointer data)
{
  Peer *p = data;
  GSocket *s = g_socket_accept (p->listener, NULL, NULL);

  if (s == NULL)
    return FALSE;
  g_clear_object (&p->conn);
  g_socket_set_blocking (s, FALSE);
  p->conn = s;
  return TRUE;
}

static void
peer_close (Peer *p)
{
  g_clear_object (&p->conn);
  g_clear_object (&p->listener);
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[] = { "client-host", "client-port", "send-encoding", "send-line-ending", "send-mode",
                         "send-checksum", "client-tls", "client-local-address", "client-local-port",
                         "close-after-send", "auto-reconnect", NULL };

  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_string (settings, "send-encoding", "UTF-8");
}

/* With TA_SHOT_DIR set, saves @widget (a window or a popover) as NAME.png
 * there: how the popovers were looked at. */
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
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (texture, path);
}

static TaClientState
page_state (TaClientPage *page)
{
  return ta_client_get_state (ta_client_page_get_client (page));
}

static gboolean is_connected (gpointer data) { return page_state (data) == TA_CLIENT_CONNECTED; }
static gboolean is_disconnected (gpointer data) { return page_state (data) == TA_CLIENT_DISCONNECTED; }

static TaWindow *
new_client_window (TaClientPage **page)
{
  TaWindow *window = tt_ui_new_window ();

  *page = ta_window_get_client_page (window);
  ta_window_show_page (window, "client");
  return window;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static TaRecentPopover *
recent_of (TaClientPage *page)
{
  return ta_recent_popover_get (GTK_ENTRY (_ta_client_page_get_host_entry (page)));
}

static gint
offered_index (TaRecentPopover *recent,
               const char      *label)
{
  GListModel *offered = _ta_recent_popover_get_offered (recent);

  for (guint i = 0; i < g_list_model_get_n_items (offered); i++)
    {
      g_autoptr(TaRecentTarget) t = g_list_model_get_item (offered, i);
      g_autofree char *text = ta_recent_target_dup_label (t);

      if (g_str_equal (text, label))
        return (gint) i;
    }
  return -1;
}

/* Connect → recorded → a restart reads it back → typing offers it →
 * Down, Enter picks it and connects; Forget removes it for good. */
static void
test_recent_servers (void)
{
  TaClientPage *page;
  TaWindow *window;
  TaRecentPopover *recent;
  Peer peer;
  g_autofree char *label = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr(TaRecentTargets) on_disk = ta_recent_targets_new ();
  g_autofree char *path = ta_recent_targets_get_default_path ();

  reset_settings ();
  peer_open (&peer);
  label = g_strdup_printf ("127.0.0.1:%u", peer.port);
  port_text = g_strdup_printf ("%u", peer.port);

  window = new_client_window (&page);
  ta_client_page_connect (page, "127.0.0.1", peer.port, NULL);
  g_assert_true (tt_ui_wait_for (peer_try_accept, &peer));
  g_assert_true (tt_ui_wait_for (is_connected, page));
  /* Recorded, first, and written to the file. */
  {
    g_autofree char *first = ta_recent_target_dup_label (ta_recent_targets_get (ta_recent_store_get (), 0));

    g_assert_cmpstr (first, ==, label);
  }
  g_assert_true (ta_recent_targets_load (on_disk, path, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), >=, 1);
  ta_client_disconnect (ta_client_page_get_client (page));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));
  tt_ui_destroy_window (window);
  g_clear_object (&peer.conn);

  /* As after a restart: the list read again from its file. */
  ta_recent_targets_clear (ta_recent_store_get ());
  _ta_recent_store_reload ();
  window = new_client_window (&page);
  g_assert_true (tt_ui_wait_for (is_mapped, window));
  recent = recent_of (page);
  g_assert_nonnull (recent);
  gtk_widget_grab_focus (GTK_WIDGET (_ta_client_page_get_host_entry (page)));
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), "1");
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "");
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0");
  /* Typing offers what matches (the field has the keyboard). */
  g_assert_cmpint (offered_index (recent, label), >=, 0);
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "no-such-host");
  g_assert_cmpint (offered_index (recent, label), ==, -1);

  /* Down opens the whole list, Down selects the first, Escape closes. */
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Down, 0));
  g_assert_true (_ta_recent_popover_is_open (recent));
  g_assert_cmpint (offered_index (recent, label), ==, 0);
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Down, 0));
  g_assert_cmpuint (_ta_recent_popover_get_selected (recent), ==, 0);
  maybe_screenshot (_ta_recent_popover_get_popover (recent), "recent-servers");
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Escape, 0));
  g_assert_false (_ta_recent_popover_is_open (recent));
  /* Escape and Enter with the list closed are the field's. */
  g_assert_false (_ta_recent_popover_key (recent, GDK_KEY_Escape, 0));

  /* Down, Down, Enter: host and port filled, connected. */
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Down, 0));
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Down, 0));
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Return, 0));
  g_assert_false (_ta_recent_popover_is_open (recent));
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_host_entry (page)), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_port_entry (page)), ==, port_text);
  g_assert_true (tt_ui_wait_for (peer_try_accept, &peer));
  g_assert_true (tt_ui_wait_for (is_connected, page));
  ta_client_disconnect (ta_client_page_get_client (page));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));

  /* Forget: gone from the list and from the file. */
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  g_assert_cmpint (offered_index (recent, label), >=, 0);
  _ta_recent_popover_forget (recent, (guint) offered_index (recent, label));
  g_assert_cmpint (offered_index (recent, label), ==, -1);
  g_assert_true (ta_recent_targets_load (on_disk, path, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (on_disk)); i++)
    {
      g_autofree char *text = ta_recent_target_dup_label (ta_recent_targets_get (on_disk, i));

      g_assert_cmpstr (text, !=, label);
    }

  tt_ui_destroy_window (window);
  peer_close (&peer);
}

/* A file that is not ours: the list says so, and it is set aside. */
static void
test_recent_bad_file (void)
{
  g_autofree char *path = ta_recent_targets_get_default_path ();
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  TaClientPage *page;
  TaWindow *window;
  TaRecentPopover *recent;
  GtkLabel *error;

  reset_settings ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "garbage\n", -1, NULL));
  _ta_recent_store_reload ();
  window = new_client_window (&page);
  g_assert_true (tt_ui_wait_for (is_mapped, window));
  recent = recent_of (page);
  gtk_widget_grab_focus (GTK_WIDGET (_ta_client_page_get_host_entry (page)));
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Down, 0));
  error = _ta_recent_popover_get_error_label (recent);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "unreadable"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_true (_ta_recent_popover_key (recent, GDK_KEY_Escape, 0));
  tt_ui_destroy_window (window);
  g_unlink (backup);
  _ta_recent_store_reload ();
}

static guint16
released_port (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = tt_bound_port (&port);

  g_socket_close (socket, NULL);
  return port;
}

/* The local address and port chosen in an earlier run are used again. */
static void
test_local_side_kept (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TaClientPage *page;
  TaWindow *window;
  TaLocalSide *side;
  GtkDropDown *dropdown;
  Peer peer;
  guint16 local_port;
  g_autofree char *port_text = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  GListModel *items;

  reset_settings ();
  peer_open (&peer);

  /* Chosen in the popover: kept in the settings. */
  window = new_client_window (&page);
  side = ta_local_side_get (GTK_ENTRY (_ta_client_page_get_host_entry (page)));
  dropdown = _ta_local_side_get_address_dropdown (side);
  items = gtk_drop_down_get_model (dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (items), i), "127.0.0.1 (lo)"))
      gtk_drop_down_set_selected (dropdown, i);
  local_port = released_port ();
  port_text = g_strdup_printf ("%u", local_port);
  gtk_editable_set_text (_ta_local_side_get_port_entry (side), port_text);
  tt_ui_destroy_window (window);
  {
    g_autofree char *kept = g_settings_get_string (settings, "client-local-address");

    g_assert_cmpstr (kept, ==, "127.0.0.1");
    g_assert_cmpint (g_settings_get_int (settings, "client-local-port"), ==, local_port);
  }

  /* The next run: restored, and the connection comes from there. */
  window = new_client_window (&page);
  side = ta_local_side_get (GTK_ENTRY (_ta_client_page_get_host_entry (page)));
  dropdown = _ta_local_side_get_address_dropdown (side);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)),
                                               gtk_drop_down_get_selected (dropdown)), ==, "127.0.0.1 (lo)");
  g_assert_cmpstr (gtk_editable_get_text (_ta_local_side_get_port_entry (side)), ==, port_text);
  ta_client_page_connect (page, "127.0.0.1", peer.port, NULL);
  g_assert_true (tt_ui_wait_for (peer_try_accept, &peer));
  g_assert_true (tt_ui_wait_for (is_connected, page));
  remote = g_socket_get_remote_address (peer.conn, NULL);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)), ==, local_port);
  ta_client_disconnect (ta_client_page_get_client (page));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));
  tt_ui_destroy_window (window);

  /* An address that is no longer this computer's: any, and a sentence. */
  g_settings_set_string (settings, "client-local-address", "192.0.2.55");
  g_settings_set_int (settings, "client-local-port", 0);
  window = new_client_window (&page);
  side = ta_local_side_get (GTK_ENTRY (_ta_client_page_get_host_entry (page)));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_local_side_get_address_dropdown (side)), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_local_side_get_error_label (side))));
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_local_side_get_error_label (side)), "192.0.2.55"));
  tt_ui_destroy_window (window);

  reset_settings ();
  peer_close (&peer);
}


static gint
saved_rows (TaSavedConnectionsButton *button)
{
  GtkListBox *list = _ta_saved_connections_button_get_list (button);
  gint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
save_as (TaSavedConnectionsButton *button,
         const char               *name)
{
  _ta_saved_connections_button_start_save (button);
  gtk_editable_set_text (_ta_saved_connections_button_get_name_entry (button), name);
  g_signal_emit_by_name (_ta_saved_connections_button_get_name_entry (button), "activate");
}

/* "Save This Connection…" keeps the target and the composer's hex +
 * CRC-16/Modbus; picking it later sets them again and the bytes the peer
 * reads are exact. Rename, delete with Undo, and the file. */
static void
test_saved_connection (void)
{
  static const guint8 modbus[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TaSavedConnections) on_disk = ta_saved_connections_new ();
  g_autofree char *path = ta_saved_connections_get_default_path ();
  g_autofree char *port_text = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) got = NULL;
  TaSavedConnectionsButton *button;
  TaClientPage *page;
  TaComposer *composer;
  TaWindow *window;
  GtkListBox *list;
  Peer peer;

  reset_settings ();
  peer_open (&peer);
  port_text = g_strdup_printf ("%u", peer.port);
  window = new_client_window (&page);
  button = _ta_client_page_get_saved_button (page);
  composer = _ta_client_page_get_composer (page);
  g_assert_nonnull (button);
  g_assert_cmpint (saved_rows (button), ==, 0);

  /* Saved: what the fields and the composer say. */
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), port_text);
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (composer), 1);
  gtk_drop_down_set_selected (_ta_composer_get_checksum_dropdown (composer), TA_CHECKSUM_CRC16_MODBUS);
  save_as (button, "");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_saved_connections_button_get_name_error (button))));
  save_as (button, "Lab PLC");
  g_assert_cmpint (saved_rows (button), ==, 1);
  g_assert_true (ta_saved_connections_open (on_disk, path, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), ==, 1);
  g_assert_cmpint (ta_saved_connection_get_checksum (ta_saved_connections_get (on_disk, 0)), ==,
                   TA_CHECKSUM_CRC16_MODBUS);
  if (g_getenv ("TA_SHOT_DIR") != NULL)
    {
      g_assert_true (tt_ui_wait_for (is_mapped, window));
      gtk_popover_popup (_ta_saved_connections_button_get_popover (button));
      tt_ui_iterate_for (G_USEC_PER_SEC);
      maybe_screenshot (GTK_WIDGET (_ta_saved_connections_button_get_popover (button)), "saved-connections");
      gtk_popover_popdown (_ta_saved_connections_button_get_popover (button));
    }

  /* Everything elsewhere; then the pick sets it all again. */
  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "example.invalid");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), "1");
  g_settings_set_string (settings, "send-mode", "text");
  g_settings_set_string (settings, "send-checksum", "none");
  list = _ta_saved_connections_button_get_list (button);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_host_entry (page)), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_port_entry (page)), ==, port_text);
  mode = g_settings_get_string (settings, "send-mode");
  checksum = g_settings_get_string (settings, "send-checksum");
  g_assert_cmpstr (mode, ==, "hex");
  g_assert_cmpstr (checksum, ==, "crc16-modbus");
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_mode_dropdown (composer)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_checksum_dropdown (composer)), ==,
                    TA_CHECKSUM_CRC16_MODBUS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (peer_try_accept, &peer));
  g_assert_true (tt_ui_wait_for (is_connected, page));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (_ta_composer_get_message_view (composer)), "01 03 00 00 00 0A", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  got = tt_read_n (peer.conn, sizeof modbus, 5000);
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), modbus, sizeof modbus);
  ta_client_disconnect (ta_client_page_get_client (page));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));

  /* Rename: not to nothing; then to a new name, kept in the file. */
  _ta_saved_connections_button_start_rename (button, 0);
  g_assert_cmpstr (gtk_editable_get_text (_ta_saved_connections_button_get_name_entry (button)), ==, "Lab PLC");
  gtk_editable_set_text (_ta_saved_connections_button_get_name_entry (button), " ");
  g_signal_emit_by_name (_ta_saved_connections_button_get_name_entry (button), "activate");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_saved_connections_button_get_name_error (button))));
  gtk_editable_set_text (_ta_saved_connections_button_get_name_entry (button), "Lab PLC 2");
  g_signal_emit_by_name (_ta_saved_connections_button_get_name_entry (button), "activate");
  g_assert_true (ta_saved_connections_open (on_disk, path, NULL));
  g_assert_cmpstr (ta_saved_connection_get_name (ta_saved_connections_get (on_disk, 0)), ==, "Lab PLC 2");

  /* Delete, then Undo. */
  _ta_saved_connections_button_delete (button, 0);
  g_assert_cmpint (saved_rows (button), ==, 0);
  _ta_saved_connections_button_undo (button);
  g_assert_cmpint (saved_rows (button), ==, 1);
  g_assert_true (ta_saved_connections_open (on_disk, path, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), ==, 1);

  tt_ui_destroy_window (window);
  peer_close (&peer);
}

/* A file cut short: a sentence in the popover, the file set aside. */
static void
test_saved_bad_file (void)
{
  g_autofree char *path = ta_saved_connections_get_default_path ();
  g_autofree char *backup = g_strconcat (path, ".unreadable", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  TaClientPage *page;
  TaWindow *window;
  GtkLabel *error;

  reset_settings ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "[Saved Connections]\nVersion=1\n[Connection 1]\nName=x\n", -1, NULL));
  _ta_saved_store_reload ();
  window = new_client_window (&page);
  error = _ta_saved_connections_button_get_error (_ta_client_page_get_saved_button (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "cut short"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  tt_ui_destroy_window (window);
  g_unlink (backup);
  g_unlink (path);
  _ta_saved_store_reload ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  if (d == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("ta-ui-connections-config-XXXXXX", NULL);
  g_autofree char *data = g_dir_make_tmp ("ta-ui-connections-data-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-connections/recent-servers", test_recent_servers);
  g_test_add_func ("/ui-connections/recent-bad-file", test_recent_bad_file);
  g_test_add_func ("/ui-connections/local-side-kept", test_local_side_kept);
  g_test_add_func ("/ui-connections/saved-connection", test_saved_connection);
  g_test_add_func ("/ui-connections/saved-bad-file", test_saved_bad_file);

  status = g_test_run ();
  remove_tree (config);
  remove_tree (data);
  return status;
}
