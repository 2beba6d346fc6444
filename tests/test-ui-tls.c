/* test-ui-tls.c: TLS from the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Server page with Use TLS (the certificate made for this computer, and
 * the user's own files) served to Python's ssl module and to plain TCP; the
 * Client page with TLS against it: the certificate dialog, Trust Once and
 * Trust Always, then the certificate listed in Preferences and forgotten.
 * XDG_DATA_HOME is a temporary folder: the generated certificate and the
 * trusted list never touch the user's.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ta-certificate-dialog.h"
#include "ta-client-page-private.h"
#include "ta-preferences-window.h"
#include "ta-server-page-private.h"
#include "ta-server-tls.h"
#include "ta-tls.h"
#include "ta-trusted-group.h"
#include "ta-window.h"
#include "tt-tls.h"
#include "tt-ui.h"
#include "tt-util.h"

static char *tmpdir;

typedef struct {
  TaLogView  *view;
  const char *needle;
} LogWait;

static gboolean
log_contains (gpointer data)
{
  LogWait *w = data;
  GListModel *model = _ta_log_view_get_model (w->view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (w->view, i);

      if (text != NULL && strstr (text, w->needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
assert_log_contains (const char *name,
                     TaLogView  *view,
                     const char *needle)
{
  LogWait w = { view, needle };

  if (!tt_ui_wait_for (log_contains, &w))
    {
      tt_ui_dump_log (name, view);
      g_error ("the %s log has no line with “%s”", name, needle);
    }
}

static char *
generated_cert_path (void)
{
  return g_build_filename (tmpdir, "tcp-assistant", "tls", "server-certificate.pem", NULL);
}

/* A Python ssl client that trusts @cafile: sends "ping", prints the reply. */
static TtChild *
python_client (guint16     port,
               const char *cafile)
{
  g_autofree char *qca = g_shell_quote (cafile);
  g_autofree char *code = g_strdup_printf (
    "import socket, ssl\n"
    "ctx = ssl.create_default_context(cafile=%s)\n"
    "with socket.create_connection(('127.0.0.1', %u)) as c:\n"
    "    with ctx.wrap_socket(c, server_hostname='localhost') as t:\n"
    "        t.sendall(b'ping')\n"
    "        print('GOT', t.recv(100).decode(), flush=True)\n",
    qca, port);

  return tt_child_spawn_python (code);
}

/* Use TLS on the Server page, with the generated certificate, then with
 * files of the user's; a plain TCP client is a sentence in the log. */
static void
test_server_tls (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServerTls *tls = ta_server_page_get_tls (page);
  TaLogView *log = _ta_server_page_get_log_view (page);
  g_autofree char *cafile = generated_cert_path ();
  g_autofree char *theirs = NULL;
  g_autofree char *fp_line = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSocket) plain = NULL;
  TtChild *python;
  guint16 port;

  ta_window_show_page (window, "server");
  ta_server_tls_set_active (tls, TRUE);
  port = tt_ui_start_server (page);
  g_assert_nonnull (ta_server_get_tls_certificate (ta_server_page_get_server (page)));

  /* The fingerprint the page shows is the file's, as openssl computes it. */
  theirs = tt_tls_openssl_fingerprint (cafile);
  fp_line = g_strconcat ("They can check our certificate by its SHA-256 fingerprint: ", theirs, NULL);
  assert_log_contains ("server", log, fp_line);

  python = python_client (port, cafile);
  g_assert_true (tt_child_wait_output (python, "\n", 10000));
  g_assert_cmpstr (python->out->str, ==, "GOT hello\n");
  tt_child_free (python);
  assert_log_contains ("server", log, "Encrypted with TLS 1.3, cipher TLS_");
  assert_log_contains ("server", log, "Client request: ping");

  plain = tt_connect ("127.0.0.1", port);
  tt_send (plain, "ping\n", 5);
  assert_log_contains ("server", log, "failed: The client spoke plain TCP (or another protocol) to this TLS port");

  /* TLS cannot change while the server runs; the fingerprint can be copied. */
  g_assert_true (ta_server_tls_get_locked (tls));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (tls)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_false (ta_server_tls_get_locked (tls));

  /* The user's own certificate files. */
  tt_tls_make_cert (tmpdir, "user", "localhost,127.0.0.1", -1, 30, &cert, &key);
  ta_server_tls_set_files (tls, cert, key);
  port = tt_ui_start_server (page);
  g_clear_pointer (&theirs, g_free);
  theirs = tt_tls_openssl_fingerprint (cert);
  {
    g_autofree char *mine = ta_tls_certificate_get_fingerprint (ta_server_get_tls_certificate (ta_server_page_get_server (page)));
    g_assert_cmpstr (mine, ==, theirs);
  }
  python = python_client (port, cert);
  g_assert_true (tt_child_wait_output (python, "\n", 10000));
  g_assert_cmpstr (python->out->str, ==, "GOT hello\n");
  tt_child_free (python);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));

  /* A key that is not there: nothing starts, and the page says why. */
  ta_server_tls_set_files (tls, cert, "/nonexistent/key.pem");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "server.toggle", NULL));
  g_assert_false (ta_server_get_listening (ta_server_page_get_server (page)));

  ta_server_tls_set_files (tls, NULL, NULL);
  ta_server_tls_set_active (tls, FALSE);
  tt_ui_destroy_window (window);
}

static gboolean
dialog_shown (gpointer data)
{
  return _ta_client_page_get_certificate_dialog (data) != NULL &&
         gtk_widget_get_mapped (_ta_client_page_get_certificate_dialog (data));
}

static gboolean
is_connected (gpointer data)
{
  return ta_client_get_state (ta_client_page_get_client (data)) == TA_CLIENT_CONNECTED;
}

static gboolean
is_disconnected (gpointer data)
{
  return ta_client_get_state (ta_client_page_get_client (data)) == TA_CLIENT_DISCONNECTED;
}

static void
connect_from_page (TaClientPage *page,
                   guint16       port)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  gtk_editable_set_text (_ta_client_page_get_host_entry (page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
}

static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (g_strcmp0 (tooltip, label) == 0)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_with_label (c, label);

      if (found)
        return found;
    }
  return NULL;
}

/* The Client page with TLS against our TLS server: the certificate is shown
 * and trusted once, then (on another port) always; Preferences lists it
 * and forgets it. */
static void
test_client_tls (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *page = ta_window_get_client_page (window);
  TaLogView *log = _ta_client_page_get_log_view (page);
  TaTrustStore *trust = ta_trust_store_get_default ();
  g_autofree char *cafile = generated_cert_path ();
  g_autofree char *fp = NULL;
  g_autofree char *key = NULL;
  g_autofree char *forget = NULL;
  g_auto(GStrv) keys = NULL;
  GtkWidget *dialog;
  GtkWidget *prefs;
  GtkWidget *button;
  guint16 port;

  ta_server_tls_set_active (ta_server_page_get_tls (server_page), TRUE);
  port = tt_ui_start_server (server_page);
  fp = tt_tls_openssl_fingerprint (cafile);

  ta_window_show_page (window, "client");
  gtk_check_button_set_active (_ta_client_page_get_tls_check (page), TRUE);
  connect_from_page (page, port);
  g_assert_true (tt_ui_wait_for (dialog_shown, page));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));
  assert_log_contains ("client", log, "The server's certificate is not trusted.");
  dialog = _ta_client_page_get_certificate_dialog (page);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "not signed by an authority"));
  /* TCP worked: the connection doctor has nothing to say about the network. */
  tt_ui_iterate_for (500 * 1000);
  {
    LogWait doctor = { log, "Next step" };
    g_assert_false (log_contains (&doctor));
  }

  /* Trust Once: connected at once, encrypted, and the exchange works. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), TA_CERTIFICATE_RESPONSE_ONCE);
  g_assert_true (tt_ui_wait_for (is_connected, page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (_ta_client_page_get_tls_check (page))));
  assert_log_contains ("client", log, "Encrypted with TLS 1.3");
  assert_log_contains ("client", log, fp);
  g_assert_true (ta_client_page_send_text (page, "hi"));
  assert_log_contains ("client", log, "hello");
  assert_log_contains ("server", _ta_server_page_get_log_view (server_page), "Client request: hi");
  keys = ta_trust_store_list (trust);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);  /* once: not kept */
  g_clear_pointer (&keys, g_strfreev);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));

  /* Another port, Trust Always: kept, listed in Preferences, forgotten there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_page), "server.toggle", NULL));
  port = tt_ui_start_server (server_page);
  connect_from_page (page, port);
  g_assert_true (tt_ui_wait_for (dialog_shown, page));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (_ta_client_page_get_certificate_dialog (page)),
                               TA_CERTIFICATE_RESPONSE_ALWAYS);
  g_assert_true (tt_ui_wait_for (is_connected, page));
  keys = ta_trust_store_list (trust);
  g_assert_cmpuint (g_strv_length (keys), ==, 1);
  key = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (keys[0], ==, key);

  prefs = ta_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  forget = g_strdup_printf ("Forget the certificate of %s", key);
  button = find_button_with_label (prefs, forget);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_clear_pointer (&keys, g_strfreev);
  keys = ta_trust_store_list (trust);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_assert_null (find_button_with_label (prefs, forget));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* Cancel: nothing trusted, nothing connected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (is_disconnected, page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_page), "server.toggle", NULL));
  port = tt_ui_start_server (server_page);
  connect_from_page (page, port);
  g_assert_true (tt_ui_wait_for (dialog_shown, page));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (_ta_client_page_get_certificate_dialog (page)),
                               TA_CERTIFICATE_RESPONSE_CANCEL);
  tt_ui_iterate_for (200 * 1000);
  g_assert_true (is_disconnected (page));
  g_assert_null (_ta_client_page_get_certificate_dialog (page));

  gtk_check_button_set_active (_ta_client_page_get_tls_check (page), FALSE);
  ta_server_tls_set_active (ta_server_page_get_tls (server_page), FALSE);
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("test-ui-tls-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-tls/server", test_server_tls);
  g_test_add_func ("/ui-tls/client", test_client_tls);

  ret = g_test_run ();

  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
