/* test-tls-connection.c: TaServer and TaClient over TLS, with real loopback
 * sockets, against Python's ssl module and each other
 *
 * Everything above TLS sees plaintext: the replies, the byte counts, the
 * write queue with back-pressure, close after sending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-client.h"
#include "ta-log-store.h"
#include "ta-server.h"
#include "ta-tls.h"
#include "ta-trust-store.h"
#include "tt-tls.h"
#include "tt-util.h"

static char *tmpdir;

static GTlsCertificate *
generated_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmpdir, "generated", NULL);
  GTlsCertificate *cert = ta_tls_get_generated_certificate (dir, &error);

  g_assert_no_error (error);
  return cert;
}

static char *
generated_cert_path (void)
{
  return g_build_filename (tmpdir, "generated", "server-certificate.pem", NULL);
}

/* ------------------------------------------------------------------ */
/* Server */

typedef struct {
  GString *received;
  GPtrArray *failures;   /* "address: message" */
  guint n_added;
  guint n_removed;
} ServerWatch;

static void
on_server_received (TaServer *server, TaConnection *client, GBytes *bytes, ServerWatch *w)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (w->received, data, len);
}

static void
on_tls_failed (TaServer *server, const char *address, const char *message, ServerWatch *w)
{
  g_ptr_array_add (w->failures, g_strdup_printf ("%s: %s", address, message));
}

static void on_added (TaServer *s, TaConnection *c, ServerWatch *w) { w->n_added++; }
static void on_removed (TaServer *s, TaConnection *c, guint r, const char *m, ServerWatch *w) { w->n_removed++; }

static gboolean
has_failures (gpointer data)
{
  ServerWatch *w = data;
  return w->failures->len > 0;
}

static TaServer *
tls_server (ServerWatch *w,
            TaLogStore  *log)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = generated_certificate ();
  TaServer *server = ta_server_new ();

  w->received = g_string_new (NULL);
  w->failures = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (server, "received", G_CALLBACK (on_server_received), w);
  g_signal_connect (server, "tls-failed", G_CALLBACK (on_tls_failed), w);
  g_signal_connect (server, "client-added", G_CALLBACK (on_added), w);
  g_signal_connect (server, "client-removed", G_CALLBACK (on_removed), w);
  ta_server_set_tls_certificate (server, cert);
  if (log != NULL)
    ta_log_store_attach_server (log, server);
  g_assert_true (ta_server_start (server, TA_BIND_LOOPBACK, 0, &error));
  g_assert_no_error (error);
  return server;
}

static void
server_watch_clear (ServerWatch *w)
{
  g_string_free (w->received, TRUE);
  g_ptr_array_unref (w->failures);
}

/* Sends "ping" and prints the reply; then prints what else comes. */
static TtChild *
python_tls_client (guint16 port)
{
  g_autofree char *cafile = generated_cert_path ();
  g_autofree char *qca = g_shell_quote (cafile);
  g_autofree char *code = g_strdup_printf (
    "import socket, ssl\n"
    "ctx = ssl.create_default_context(cafile=%s)\n"
    "with socket.create_connection(('127.0.0.1', %u)) as c:\n"
    "    with ctx.wrap_socket(c, server_hostname='localhost') as t:\n"
    "        t.sendall(b'ping')\n"
    "        print('GOT', t.recv(100).decode(), flush=True)\n"
    "        print('GOT2', t.recv(100).decode(), flush=True)\n",
    qca, port);

  return tt_child_spawn_python (code);
}

/* Their client, our TLS server with the generated certificate; plain TCP and
 * a silent client at the same port are logged and do not disturb it. */
static void
test_server_python_client (void)
{
  ServerWatch w = { 0 };
  g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(TaServer) server = tls_server (&w, log);
  guint16 port = ta_server_get_port (server);
  g_autoptr(GSocket) plain = NULL;
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(TaConnection) client = NULL;
  g_autoptr(GTlsCertificate) cert = generated_certificate ();
  g_autofree char *fp = ta_tls_certificate_get_fingerprint (cert);
  g_autofree char *fp_line = NULL;
  TtChild *python;

  ta_server_set_tls_timeout (server, 1000 * tt_slowdown ());
  python = python_tls_client (port);
  g_assert_true (tt_child_wait_output (python, "GOT ", 10000));
  g_assert_true (tt_child_wait_output (python, "\n", 10000));
  g_assert_cmpstr (python->out->str, ==, "GOT hello\n");
  g_assert_cmpstr (w.received->str, ==, "ping");
  g_assert_cmpuint (ta_server_get_n_clients (server), ==, 1);
  client = g_list_model_get_item (ta_server_get_clients (server), 0);
  /* Plaintext counted, not TLS records. */
  g_assert_cmpuint (ta_connection_get_bytes_in (client), ==, 4);
  g_assert_cmpuint (ta_connection_get_bytes_out (client), ==, 5);
  g_assert_nonnull (ta_connection_get_tls (client));
  tt_assert_log_eventually (log, "Encrypted with TLS 1.3, cipher TLS_");
  fp_line = g_strconcat ("They can check our certificate by its SHA-256 fingerprint: ", fp, NULL);
  tt_assert_log_eventually (log, fp_line);

  /* A plain TCP client and a silent one: each logged with its reason. */
  plain = tt_connect ("127.0.0.1", port);
  tt_send (plain, "hello\n", 6);
  g_assert_true (tt_wait_for (has_failures, &w, 10000));
  g_assert_nonnull (strstr (w.failures->pdata[0], "spoke plain TCP"));
  g_assert_nonnull (strstr (w.failures->pdata[0], "“hello\\n”"));
  g_assert_true (tt_read_eof (plain, 5000));

  silent = tt_connect ("127.0.0.1", port);
  g_ptr_array_set_size (w.failures, 0);
  g_assert_true (tt_wait_for (has_failures, &w, 10000));
  g_assert_nonnull (strstr (w.failures->pdata[0], "did not complete the TLS handshake in time"));
  g_assert_cmpuint (w.n_added, ==, 1);
  tt_assert_log_eventually (log, "failed: The client spoke plain TCP (or another protocol) to this TLS port: it sent “hello\\n”.");
  tt_assert_log_eventually (log, "failed: The client did not complete the TLS handshake in time.");

  /* The TLS client is still served. */
  {
    g_autoptr(GBytes) more = g_bytes_new_static ("more", 4);

    g_assert_cmpuint (ta_server_send (server, client, more), ==, 1);
    g_assert_true (tt_child_wait_output (python, "GOT2 more\n", 10000));
  }
  tt_child_free (python);
  g_clear_object (&client);
  ta_server_stop (server);
  server_watch_clear (&w);
}

/* 256 silent connects hold every handshake place: the next one is closed
 * at once with a sentence, instead of piling up. */
static void
test_server_handshake_cap (void)
{
  ServerWatch w = { 0 };
  g_autoptr(TaServer) server = tls_server (&w, NULL);
  guint16 port = ta_server_get_port (server);
  g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocket) extra = NULL;

  ta_server_set_tls_timeout (server, 60000);
  /* In batches under the backlog of 128, letting the server accept. */
  for (guint i = 0; i < 256; i++)
    {
      g_ptr_array_add (silent, tt_connect ("127.0.0.1", port));
      if (i % 32 == 31)
        tt_spin (100);
    }
  /* All accepted and waiting before the next one. */
  tt_spin (300);
  g_assert_cmpuint (w.failures->len, ==, 0);
  extra = tt_connect ("127.0.0.1", port);
  g_assert_true (tt_wait_for (has_failures, &w, 10000));
  g_assert_nonnull (strstr (w.failures->pdata[0], "256 other clients are in their TLS handshake"));
  g_assert_true (tt_read_eof (extra, 5000));

  /* Stop cancels the handshakes in progress. */
  ta_server_stop (server);
  g_ptr_array_set_size (silent, 0);
  server_watch_clear (&w);
}

/* ------------------------------------------------------------------ */
/* Client */

typedef struct {
  char     *failure;
  GError   *error;
  gboolean  connected;
  gboolean  closed;
  guint     close_reason;
  GString  *received;
} Watch;

static void
on_failed (TaClient *c, const char *m, GError *e, Watch *w)
{
  g_free (w->failure);
  w->failure = g_strdup (m);
  g_clear_error (&w->error);
  w->error = g_error_copy (e);
}

static void on_connected (TaClient *c, TaConnection *conn, Watch *w) { w->connected = TRUE; }
static void on_closed (TaClient *c, TaConnection *conn, guint r, const char *m, Watch *w) { w->closed = TRUE; w->close_reason = r; }

static void
on_received (TaClient *c, TaConnection *conn, GBytes *bytes, Watch *w)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (w->received, data, len);
}

static gboolean
watch_settled (gpointer data)
{
  Watch *w = data;
  return w->connected || w->failure != NULL;
}

static void
watch_reset (Watch *w)
{
  g_clear_pointer (&w->failure, g_free);
  g_clear_error (&w->error);
  w->connected = w->closed = FALSE;
  if (w->received == NULL)
    w->received = g_string_new (NULL);
  g_string_truncate (w->received, 0);
}

static TaClient *
watched_client (Watch *w)
{
  TaClient *client = ta_client_new ();

  watch_reset (w);
  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), w);
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), w);
  g_signal_connect (client, "received", G_CALLBACK (on_received), w);
  return client;
}

typedef struct {
  Watch      *w;
  const char *needle;
} Want;

static gboolean
received_has (gpointer data)
{
  Want *want = data;
  return strstr (want->w->received->str, want->needle) != NULL;
}

static void
wait_received (Watch      *w,
               const char *needle)
{
  Want want = { w, needle };

  g_assert_true (tt_wait_for (received_has, &want, 10000));
}

/* Our client against a Python ssl server with a self-signed certificate:
 * refused with the certificate to show; trusted once, it connects. */
static void
test_client_python_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *store_path = g_build_filename (tmpdir, "trust.ini", NULL);
  g_autoptr(TaTrustStore) trust = ta_trust_store_new (store_path);
  g_autofree char *fp = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GBytes) abc = g_bytes_new_static ("abc", 3);
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autofree char *cert_line = NULL;
  GTlsCertificate *rejected;
  GTlsCertificateFlags flags = 0;
  TtChild *server;
  guint16 port;

  tt_tls_make_cert (tmpdir, "py", "localhost,127.0.0.1", -1, 30, &cert, &key);
  theirs = tt_tls_openssl_fingerprint (cert);
  server = tt_tls_python_server (cert, key, &port);

  ta_log_store_attach_client (log, client);
  ta_client_set_tls (client, TRUE, NULL, trust);
  ta_client_connect (client, "localhost", port, 5);
  g_assert_true (tt_wait_for (watch_settled, &w, 10000));
  g_assert_false (w.connected);
  g_assert_error (w.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (w.failure, "not signed by an authority"));
  rejected = ta_client_get_rejected_certificate (client, &flags);
  g_assert_nonnull (rejected);
  g_assert_cmpuint (flags & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
  fp = ta_tls_certificate_get_fingerprint (rejected);
  g_assert_cmpstr (fp, ==, theirs);
  g_assert_cmpint (ta_client_get_state (client), ==, TA_CLIENT_DISCONNECTED);

  /* The user trusts it once, and connects again. */
  g_assert_true (ta_trust_store_add (trust, "localhost", port, fp, FALSE, &error));
  watch_reset (&w);
  ta_client_connect (client, "localhost", port, 5);
  g_assert_true (tt_wait_for (watch_settled, &w, 10000));
  g_assert_null (w.failure);
  g_assert_null (ta_client_get_rejected_certificate (client, NULL));
  g_assert_nonnull (ta_connection_get_tls (ta_client_get_connection (client)));
  wait_received (&w, "hello");
  tt_assert_log_eventually (log, "The server's certificate is not trusted.");
  tt_assert_log_eventually (log, "Encrypted with TLS 1.3, cipher TLS_");
  cert_line = g_strconcat ("Server certificate: CN=localhost, SHA-256 fingerprint ", fp, NULL);
  tt_assert_log_eventually (log, cert_line);
  g_assert_true (ta_client_send (client, abc, &error));
  g_assert_no_error (error);
  wait_received (&w, "helloecho:abc");
  g_assert_cmpuint (ta_connection_get_bytes_in (ta_client_get_connection (client)), ==, 13);
  g_assert_cmpuint (ta_connection_get_bytes_out (ta_client_get_connection (client)), ==, 3);

  ta_client_disconnect (client);
  g_clear_pointer (&w.failure, g_free);
  g_clear_error (&w.error);
  g_string_free (w.received, TRUE);
  tt_child_free (server);
}

/* Our client and our server, the fingerprint given: a 16 MiB message (more than the kernel's buffers take) goes
 * through the queue with back-pressure and is counted to the byte; close
 * after sending ends with TLS's close_notify, which the server reads as
 * the client closing. */
static gboolean
server_has_bytes (gpointer data)
{
  ServerWatch *w = data;
  return w->received->len >= 16 * 1024 * 1024;
}

static gboolean
client_closed (gpointer data)
{
  return ((Watch *) data)->closed;
}

static gboolean
server_removed (gpointer data)
{
  return ((ServerWatch *) data)->n_removed > 0;
}

static void
test_client_server_big (void)
{
  g_autoptr(GError) error = NULL;
  ServerWatch sw = { 0 };
  g_autoptr(TaServer) server = tls_server (&sw, NULL);
  g_autoptr(GTlsCertificate) cert = generated_certificate ();
  g_autofree char *fp = ta_tls_certificate_get_fingerprint (cert);
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  gsize size = 16 * 1024 * 1024;
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) big = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + (i >> 12));
  big = g_bytes_new_take (data, size);

  ta_server_set_reply (server, TA_REPLY_NONE, NULL);
  ta_client_set_tls (client, TRUE, fp, NULL);
  ta_client_connect (client, "127.0.0.1", ta_server_get_port (server), 5);
  g_assert_true (tt_wait_for (watch_settled, &w, 10000));
  g_assert_null (w.failure);
  ta_connection_set_queue_cap (ta_client_get_connection (client), 2 * size);

  g_assert_true (ta_client_send (client, big, &error));
  g_assert_no_error (error);
  /* The kernel did not take it all at once: the rest waits for writability. */
  g_assert_cmpuint (ta_connection_get_queued_bytes (ta_client_get_connection (client)), >, 0);
  g_assert_true (tt_wait_for (server_has_bytes, &sw, 30000));
  g_assert_cmpuint (sw.received->len, ==, size);
  g_assert_true (memcmp (sw.received->str, g_bytes_get_data (big, NULL), size) == 0);
  g_assert_cmpuint (ta_connection_get_bytes_out (ta_client_get_connection (client)), ==, size);

  ta_client_close_when_sent (client);
  g_assert_true (tt_wait_for (server_removed, &sw, 10000));
  g_assert_true (tt_wait_for (client_closed, &w, 10000));
  g_assert_cmpuint (sw.failures->len, ==, 0);

  ta_server_stop (server);
  server_watch_clear (&sw);
  g_clear_pointer (&w.failure, g_free);
  g_string_free (w.received, TRUE);
}

/* TLS asked of a plain server: a sentence, not garbage. */
static void
test_client_plain_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaServer) server = ta_server_new ();
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);

  g_assert_true (ta_server_start (server, TA_BIND_LOOPBACK, 0, &error));
  ta_client_set_tls (client, TRUE, NULL, NULL);
  ta_client_connect (client, "127.0.0.1", ta_server_get_port (server), 5);
  g_assert_true (tt_wait_for (watch_settled, &w, 10000));
  g_assert_false (w.connected);
  g_assert_nonnull (w.failure);
  g_test_message ("%s", w.failure);
  g_assert_nonnull (strstr (w.failure, "does not speak TLS"));

  ta_server_stop (server);
  g_clear_pointer (&w.failure, g_free);
  g_clear_error (&w.error);
  g_string_free (w.received, TRUE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("test-tls-connection-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/tls-connection/server/python-client", test_server_python_client);
  g_test_add_func ("/tls-connection/server/handshake-cap", test_server_handshake_cap);
  g_test_add_func ("/tls-connection/client/python-server", test_client_python_server);
  g_test_add_func ("/tls-connection/client/plain-server", test_client_plain_server);
  g_test_add_func ("/tls-connection/both/big-message-and-close", test_client_server_big);

  ret = g_test_run ();

  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
