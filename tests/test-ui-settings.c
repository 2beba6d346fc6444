/* test-ui-settings.c: what the user chose is there at the next start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A true persistence test: GSettings' keyfile backend in a temporary
 * XDG_CONFIG_HOME, and two separate processes (g_test_trap_subprocess).
 * The first changes the window's widgets as a user would and quits; the
 * second builds a new window and reads the widgets back.
 */
#include "config.h"

#include <adwaita.h>

#include "ta-client-page-private.h"
#include "ta-log-view.h"
#include "ta-composer-private.h"
#include "ta-core-enums.h"
#include "ta-settings.h"
#include "ta-server-page-private.h"
#include "ta-ui-util.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

#define REPLY_TEXT "收到 ok"

static gboolean
client_connected (gpointer data)
{
  return ta_client_get_state (ta_client_page_get_client (data)) == TA_CLIENT_CONNECTED;
}

static TaWindow *
new_plain_window (void)
{
  /* Not tt_ui_new_window: that one forces a size. */
  TaWindow *window = g_object_new (TA_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  tt_ui_iterate_for (100 * 1000);
  return window;
}

static void
phase_set (void)
{
  TaWindow *window;
  TaServerPage *server_page;
  TaClientPage *client_page;
  g_autofree char *port_text = NULL;
  g_autofree char *expect = NULL;

  window = new_plain_window ();
  server_page = ta_window_get_server_page (window);
  client_page = ta_window_get_client_page (window);

  /* Server: port (remembered when the server starts), reply, encodings */
  port_text = g_strdup_printf ("%u", tt_ui_start_server (server_page));
  gtk_editable_set_text (GTK_EDITABLE (_ta_server_page_get_reply_entry (server_page)), REPLY_TEXT);
  gtk_drop_down_set_selected (_ta_server_page_get_reply_ending_dropdown (server_page), 2);
  ta_charset_dropdown_set_id (_ta_server_page_get_charset_dropdown (server_page), "GBK");
  ta_charset_dropdown_set_id (_ta_log_view_get_charset_dropdown (_ta_server_page_get_log_view (server_page)),
                              "BIG5");

  /* Client: host and port are remembered when connecting */
  ta_window_show_page (window, "client");
  gtk_editable_set_text (_ta_client_page_get_host_entry (client_page), "localhost");
  gtk_editable_set_text (_ta_client_page_get_port_entry (client_page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (client_connected, client_page));

  /* Window size, saved when the window closes */
  gtk_window_set_default_size (GTK_WINDOW (window), 901, 651);
  tt_ui_iterate_for (100 * 1000);
  gtk_window_close (GTK_WINDOW (window));
  tt_ui_iterate_for (100 * 1000);
  g_settings_sync ();

  /* For the second process */
  expect = g_build_filename (g_get_user_config_dir (), "ta-test-port", NULL);
  g_assert_true (g_file_set_contents (expect, port_text, -1, NULL));
}

static void
phase_check (void)
{
  g_autofree char *expect = g_build_filename (g_get_user_config_dir (), "ta-test-port", NULL);
  g_autofree char *port_text = NULL;
  TaWindow *window;
  TaServerPage *server_page;
  TaClientPage *client_page;
  int width, height;

  g_assert_true (g_file_get_contents (expect, &port_text, NULL, NULL));
  window = new_plain_window ();
  server_page = ta_window_get_server_page (window);
  client_page = ta_window_get_client_page (window);

  g_assert_cmpstr (gtk_editable_get_text (_ta_server_page_get_port_entry (server_page)), ==, port_text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_ta_server_page_get_reply_entry (server_page))), ==, REPLY_TEXT);
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_server_page_get_reply_ending_dropdown (server_page)), ==, 2);
  g_assert_cmpstr (ta_charset_dropdown_get_id (_ta_server_page_get_charset_dropdown (server_page)), ==, "GBK");
  g_assert_cmpstr (ta_charset_dropdown_get_id (_ta_log_view_get_charset_dropdown (_ta_server_page_get_log_view (server_page))),
                   ==, "BIG5");
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_host_entry (client_page)), ==, "localhost");
  g_assert_cmpstr (gtk_editable_get_text (_ta_client_page_get_port_entry (client_page)), ==, port_text);
  /* The page shown last */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (client_page)));

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 901);
  g_assert_cmpint (height, ==, 651);

  tt_ui_destroy_window (window);
}

/* Runs this test again in a subprocess that does @phase: the phases are
 * not tests of their own, so nothing is reported as skipped in the parent
 * ("0 skipped" means nothing was skipped). The subprocess inherits
 * TA_TEST_PHASE from the environment. */
static void
run_phase (const char *phase)
{
  g_setenv ("TA_TEST_PHASE", phase, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("TA_TEST_PHASE");
  g_test_trap_assert_passed ();
}

static void
test_round_trip (void)
{
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *contents = NULL;

  if (g_test_subprocess ())
    {
      const char *phase = g_getenv ("TA_TEST_PHASE");

      if (g_strcmp0 (phase, "set") == 0)
        phase_set ();
      else if (g_strcmp0 (phase, "check") == 0)
        phase_check ();
      else
        g_error ("unknown TA_TEST_PHASE “%s”", phase ? phase : "");
      return;
    }

  run_phase ("set");

  /* Written to disk, not only kept in memory */
  g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
  g_test_message ("%s", contents);
  g_assert_nonnull (strstr (contents, "reply-text="));

  run_phase ("check");
}

/* The composer's enum keys are bound straight to its enum properties:
 * a choice in the window reaches the key (stored as the same nick as
 * when the keys were strings, so existing users' values keep working),
 * and a key changed elsewhere (Preferences, dconf) reaches the window. */
static void
test_enum_keys (void)
{
  GSettings *settings = ta_settings_get ();
  TaWindow *window = tt_ui_new_window ();
  TaComposer *client = _ta_client_page_get_composer (ta_window_get_client_page (window));
  TaComposer *server = _ta_server_page_get_composer (ta_window_get_server_page (window));
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *nick = NULL;
  const char *keys[] = { "send-mode", "send-line-ending", "send-checksum", "server-send-mode",
                         "server-send-line-ending", "server-send-checksum", NULL };

  /* Window -> key */
  gtk_drop_down_set_selected (_ta_composer_get_ending_dropdown (client), 2);
  g_assert_cmpint (g_settings_get_enum (settings, "send-line-ending"), ==, TA_LINE_ENDING_CRLF);
  gtk_drop_down_set_selected (_ta_composer_get_checksum_dropdown (server), TA_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpint (g_settings_get_enum (settings, "server-send-checksum"), ==, TA_CHECKSUM_CRC16_MODBUS);
  gtk_drop_down_set_selected (_ta_composer_get_mode_dropdown (client), 1);
  nick = g_settings_get_string (settings, "send-mode");
  g_assert_cmpstr (nick, ==, "hex");
  /* The other page's keys are its own. */
  g_assert_cmpint (g_settings_get_enum (settings, "server-send-line-ending"), ==, TA_LINE_ENDING_NONE);
  g_assert_cmpint (g_settings_get_enum (settings, "send-checksum"), ==, TA_CHECKSUM_NONE);

  g_settings_sync ();
  g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "send-line-ending='crlf'"));
  g_assert_nonnull (strstr (contents, "server-send-checksum='crc16-modbus'"));

  /* Key -> window, by enum and by nick */
  g_assert_true (g_settings_set_enum (settings, "send-checksum", TA_CHECKSUM_CRC32));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_checksum_dropdown (client)), ==, TA_CHECKSUM_CRC32);
  g_assert_true (g_settings_set_string (settings, "server-send-mode", "hex"));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_mode_dropdown (server)), ==, 1);
  /* "\r" alone, a value the old string key did not offer, has its place. */
  g_assert_true (g_settings_set_enum (settings, "server-send-line-ending", TA_LINE_ENDING_CR));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_ending_dropdown (server)), ==, 3);
  g_assert_true (g_settings_set_string (settings, "send-line-ending", "lf"));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_composer_get_ending_dropdown (client)), ==, 1);

  tt_ui_destroy_window (window);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

/* The server's scope and reply, and the log's display and timestamps:
 * enum keys too (nicks = the strings they held before), bound to enum
 * properties of the page and of the log view, both directions. */
static void
test_page_enum_keys (void)
{
  GSettings *settings = ta_settings_get ();
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaLogView *server_log = _ta_server_page_get_log_view (server_page);
  TaLogView *client_log = _ta_client_page_get_log_view (ta_window_get_client_page (window));
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *contents = NULL;
  const char *keys[] = { "server-scope", "reply-mode", "reply-line-ending", "log-display", "log-timestamps",
                         "last-page", NULL };
  TaLogDisplay display;

  /* Window -> key */
  gtk_drop_down_set_selected (_ta_server_page_get_scope_dropdown (server_page), 1);
  g_assert_cmpint (g_settings_get_enum (settings, "server-scope"), ==, TA_BIND_LOOPBACK);
  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (server_page), 1);
  g_assert_cmpint (g_settings_get_enum (settings, "reply-mode"), ==, TA_REPLY_ECHO);
  gtk_drop_down_set_selected (_ta_server_page_get_reply_ending_dropdown (server_page), 2);
  g_assert_cmpint (g_settings_get_enum (settings, "reply-line-ending"), ==, TA_LINE_ENDING_CRLF);
  gtk_drop_down_set_selected (_ta_log_view_get_display_dropdown (server_log), 2);
  g_assert_cmpint (g_settings_get_enum (settings, "log-display"), ==, TA_LOG_SHOW_BOTH);
  gtk_drop_down_set_selected (_ta_log_view_get_time_dropdown (server_log), 2);
  g_assert_cmpint (g_settings_get_enum (settings, "log-timestamps"), ==, TA_LOG_TIME_MS);
  /* Both pages' logs follow the one key. */
  g_object_get (client_log, "display", &display, NULL);
  g_assert_cmpint (display, ==, TA_LOG_SHOW_BOTH);

  g_settings_sync ();
  g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "server-scope='loopback'"));
  g_assert_nonnull (strstr (contents, "reply-mode='echo'"));
  g_assert_nonnull (strstr (contents, "log-display='both'"));
  g_assert_nonnull (strstr (contents, "log-timestamps='ms'"));

  /* Key -> window, by nick (the stored strings of earlier versions) and by enum */
  g_assert_true (g_settings_set_string (settings, "server-scope", "all"));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_server_page_get_scope_dropdown (server_page)), ==, 0);
  g_assert_true (g_settings_set_string (settings, "reply-mode", "rules"));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_server_page_get_reply_mode_dropdown (server_page)), ==, 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ta_server_page_get_reply_entry (server_page))));
  g_assert_true (g_settings_set_enum (settings, "reply-line-ending", TA_LINE_ENDING_LF));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_server_page_get_reply_ending_dropdown (server_page)), ==, 1);
  g_assert_true (g_settings_set_string (settings, "log-timestamps", "time"));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_log_view_get_time_dropdown (client_log)), ==, 1);
  g_assert_true (g_settings_set_enum (settings, "log-display", TA_LOG_SHOW_HEX));
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_log_view_get_display_dropdown (client_log)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (_ta_log_view_get_display_dropdown (server_log)), ==, 1);

  /* The page shown last: an enum key too (TaLogRole's nicks), which the
   * window still reads and writes by nick. */
  ta_window_show_page (window, "client");
  tt_ui_iterate_for (10 * 1000);
  g_assert_cmpint (g_settings_get_enum (settings, "last-page"), ==, TA_LOG_ROLE_CLIENT);
  ta_window_show_page (window, "server");
  tt_ui_iterate_for (10 * 1000);
  g_assert_cmpint (g_settings_get_enum (settings, "last-page"), ==, TA_LOG_ROLE_SERVER);

  tt_ui_destroy_window (window);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* The parent makes the configuration directory; the two phases run
   * as its subprocesses and inherit it. */
  if (g_getenv ("TA_TEST_CONFIG_HOME") == NULL)
    {
      dir = g_dir_make_tmp ("ta-settings-XXXXXX", NULL);
      g_assert_nonnull (dir);
      g_setenv ("TA_TEST_CONFIG_HOME", dir, TRUE);
    }
  g_setenv ("XDG_CONFIG_HOME", g_getenv ("TA_TEST_CONFIG_HOME"), TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-settings/round-trip", test_round_trip);
  g_test_add_func ("/ui-settings/enum-keys", test_enum_keys);
  g_test_add_func ("/ui-settings/page-enum-keys", test_page_enum_keys);

  status = g_test_run ();
  if (dir)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", dir);
    }
  return status;
}
