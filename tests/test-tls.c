/* test-tls.c: certificates, trust and handshakes over real loopback sockets,
 * against Python's ssl module and openssl's command line
 *
 * Certificates are made at test time: by our generator, by openssl, and
 * by tls-make-cert.py (Python's cryptography, for dates openssl's command
 * line cannot set). Over 700 lines: each peer (Python ssl, openssl
 * s_server/s_client, plain TCP, a silent client) needs its few lines of
 * set-up; TaServer/TaClient over TLS are in test-tls-connection.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-tls.h"
#include "ta-tls-handshake.h"
#include "ta-trust-store.h"
#include "tt-tls.h"
#include "tt-util.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
make_cert (const char *stem,
           const char *names,
           int         from_days,
           int         to_days,
           char      **cert,
           char      **key)
{
  tt_tls_make_cert (tmpdir, stem, names, from_days, to_days, cert, key);
}

#define run tt_tls_run
#define openssl_fingerprint tt_tls_openssl_fingerprint

/* ------------------------------------------------------------------ */

static void
test_fingerprint_parse (void)
{
  const char *want = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                     "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  const char *good[] = {
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
    "SHA256:abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789",
    "sha256 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\n",
    " ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ",
  };
  const char *bad[] = {
    "", "AB:CD", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890a",
    "xyzdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *fp = ta_tls_fingerprint_parse (good[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fp, ==, want);
      g_assert_cmpuint (strlen (fp), ==, TA_TLS_FINGERPRINT_LEN);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *fp = ta_tls_fingerprint_parse (bad[i], &error);

      g_assert_null (fp);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "64 hexadecimal"));
    }
}

static void
test_generated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path ("generated");
  g_autofree char *cert_path = g_build_filename (dir, "server-certificate.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "server-key.pem", NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GTlsCertificate) again = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  GStatBuf st_buf;
  GStatBuf *st = &st_buf;
  g_auto(GStrv) names = ta_tls_local_names ();

  g_assert_true (g_strv_contains ((const char * const *) names, "localhost"));
  g_assert_true (g_strv_contains ((const char * const *) names, "127.0.0.1"));
  g_assert_true (g_strv_contains ((const char * const *) names, "::1"));

  cert = ta_tls_get_generated_certificate (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);

  /* The same fingerprint as openssl computes from the file. */
  fp = ta_tls_certificate_get_fingerprint (cert);
  theirs = openssl_fingerprint (cert_path);
  g_assert_cmpstr (fp, ==, theirs);

  /* The key is the user's alone. */
  g_assert_cmpint (g_stat (key_path, st), ==, 0);
  g_assert_cmpint (st->st_mode & 0777, ==, 0600);

  subject = g_tls_certificate_get_subject_name (cert);
  g_assert_nonnull (strstr (subject, "TCP Assistant"));
  text = ta_tls_certificate_describe (cert);
  g_assert_nonnull (strstr (text, fp));
  g_assert_nonnull (strstr (text, "localhost"));
  g_assert_nonnull (strstr (text, "127.0.0.1"));
  g_assert_nonnull (strstr (text, "Valid until: "));

  /* Kept: the second call loads the same one. */
  again = ta_tls_get_generated_certificate (dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_certificate_is_same (cert, again));
}

static void
test_load_user_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *p12 = tmp_path ("user.p12");
  g_autofree char *both = tmp_path ("both.pem");
  g_autofree char *missing = tmp_path ("missing.pem");
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GTlsCertificate) from_p12 = NULL;
  g_autoptr(GTlsCertificate) from_both = NULL;
  g_autoptr(GTlsCertificate) none = NULL;
  g_autofree char *cert_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *combined = NULL;

  make_cert ("user", "device.example,127.0.0.1", -1, 30, &cert_path, &key_path);

  cert = ta_tls_certificate_load (cert_path, key_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);

  /* Certificate and key in one PEM file. */
  g_file_get_contents (cert_path, &cert_text, NULL, NULL);
  g_file_get_contents (key_path, &key_text, NULL, NULL);
  combined = g_strconcat (cert_text, key_text, NULL);
  g_file_set_contents (both, combined, -1, &error);
  g_assert_no_error (error);
  from_both = ta_tls_certificate_load (both, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_certificate_is_same (cert, from_both));

  /* A certificate without its key cannot serve: said so. */
  none = ta_tls_certificate_load (cert_path, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "user-cert.pem"));
  g_clear_error (&error);

  none = ta_tls_certificate_load (missing, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* PKCS#12 with a password, as openssl exports it. */
  {
    const char *argv[] = { "openssl", "pkcs12", "-export", "-in", cert_path, "-inkey", key_path,
                           "-out", p12, "-passout", "pass:s3cret", NULL };
    g_free (run (argv));
  }
  from_p12 = ta_tls_certificate_load (p12, NULL, "s3cret", &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_certificate_is_same (cert, from_p12));

  none = ta_tls_certificate_load (p12, NULL, "wrong", &error);
  g_assert_null (none);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE_PASSWORD);
  g_assert_nonnull (strstr (error->message, "user.p12"));
}

static void
test_explain (void)
{
  g_autofree char *all = ta_tls_explain_flags (G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY |
                                               G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_REVOKED,
                                               "device.local");
  g_autofree char *none = ta_tls_explain_flags (0, NULL);

  g_assert_nonnull (strstr (all, "not signed by an authority"));
  g_assert_nonnull (strstr (all, "“device.local”"));
  g_assert_nonnull (strstr (all, "expired"));
  g_assert_nonnull (strstr (all, "revoked"));
  g_assert_nonnull (strstr (none, "could not be checked"));
}

static gboolean changed_seen;

static void
on_changed (TaTrustStore *store,
            gpointer      data)
{
  changed_seen = TRUE;
}

static void
test_trust_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("trust/trusted.ini");
  g_autoptr(TaTrustStore) store = ta_trust_store_new (path);
  g_autoptr(TaTrustStore) other = NULL;
  g_auto(GStrv) list = NULL;
  g_autofree char *saved = NULL;
  const char *a = "AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA";
  const char *b = "BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB";

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), NULL);
  g_assert_cmpint (ta_trust_store_check (store, "Device.local", 8883, a), ==, TA_TRUST_UNKNOWN);

  /* Once: in this store only, not in the file. */
  g_assert_true (ta_trust_store_add (store, "Device.local", 8883, a, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (changed_seen);
  g_assert_cmpint (ta_trust_store_check (store, "device.local", 8883, a), ==, TA_TRUST_MATCH);
  g_assert_cmpint (ta_trust_store_check (store, "device.local", 8884, a), ==, TA_TRUST_UNKNOWN);
  g_assert_cmpint (ta_trust_store_check (store, "device.local", 8883, b), ==, TA_TRUST_CHANGED);
  list = ta_trust_store_list (store);
  g_assert_cmpuint (g_strv_length (list), ==, 0);
  g_clear_pointer (&list, g_strfreev);

  /* Always: kept in the file, seen by another store (another run). */
  g_assert_true (ta_trust_store_add (store, "::1", 443, b, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ta_trust_store_add (store, "127.0.0.1", 7788, a, TRUE, &error));
  other = ta_trust_store_new (path);
  g_assert_cmpint (ta_trust_store_check (other, "::1", 443, b), ==, TA_TRUST_MATCH);
  g_assert_cmpint (ta_trust_store_check (other, "device.local", 8883, a), ==, TA_TRUST_UNKNOWN);
  list = ta_trust_store_list (other);
  g_assert_cmpuint (g_strv_length (list), ==, 2);
  g_assert_cmpstr (list[0], ==, "127.0.0.1:7788");
  g_assert_cmpstr (list[1], ==, "[::1]:443");
  saved = ta_trust_store_get_fingerprint (other, "[::1]:443");
  g_assert_cmpstr (saved, ==, b);

  /* Removed in one, gone for the other. */
  g_assert_true (ta_trust_store_remove (other, "[::1]:443", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ta_trust_store_check (store, "::1", 443, b), ==, TA_TRUST_MATCH); /* still trusted once here */
  g_clear_object (&other);
  other = ta_trust_store_new (path);
  g_assert_cmpint (ta_trust_store_check (other, "::1", 443, b), ==, TA_TRUST_UNKNOWN);
  g_clear_pointer (&list, g_strfreev);
  list = ta_trust_store_list (other);
  g_assert_cmpuint (g_strv_length (list), ==, 1);
}

/* ------------------------------------------------------------------ */
/* Handshakes */

typedef struct {
  gboolean         done;
  GTlsConnection  *tls;
  GError          *error;
  GTlsCertificate *rejected;
  GTlsCertificateFlags flags;
} Result;

static void
result_clear (Result *r)
{
  g_clear_object (&r->tls);
  g_clear_error (&r->error);
  g_clear_object (&r->rejected);
  memset (r, 0, sizeof *r);
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *r = user_data;

  r->tls = ta_tls_handshake_finish (result, &r->error);
  r->rejected = ta_tls_handshake_get_rejected (result, &r->flags);
  if (r->rejected)
    g_object_ref (r->rejected);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static GSocketConnection *
connect_to (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *conn;

  g_socket_client_set_enable_proxy (client, FALSE);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

static void
client_handshake (guint16       port,
                  const char   *host,
                  const char   *fingerprint,
                  TaTrustStore *trust,
                  guint         timeout_ms,
                  Result       *r)
{
  g_autoptr(GSocketConnection) conn = connect_to (port);
  TaTlsOptions options = { .host = host, .port = port, .fingerprint = fingerprint,
                           .trust = trust, .timeout_ms = timeout_ms };

  result_clear (r);
  ta_tls_handshake_async (G_IO_STREAM (conn), FALSE, &options, NULL, handshake_done, r);
  g_assert_true (tt_wait_for (result_done, r, 10000));
}

static char *
read_some (GTlsConnection *tls,
           gsize           want)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (tls));
  g_autoptr(GError) error = NULL;
  char buf[256];
  gsize got = 0;

  g_input_stream_read_all (in, buf, MIN (want, sizeof buf - 1), &got, NULL, &error);
  g_assert_no_error (error);
  buf[got] = '\0';
  return g_strdup (buf);
}

static void
test_client_self_signed (void)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *store_path = tmp_path ("client-trust.ini");
  g_autoptr(TaTrustStore) trust = ta_trust_store_new (store_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *fp = NULL;
  Result r = { 0 };
  TtChild *server;
  guint16 port;

  make_cert ("selfsigned", "localhost,127.0.0.1", -1, 30, &cert, &key);
  theirs = openssl_fingerprint (cert);
  server = tt_tls_python_server (cert, key, &port);

  /* Untrusted: refused, with the reason and the certificate to show. */
  client_handshake (port, "127.0.0.1", NULL, trust, 0, &r);
  g_assert_null (r.tls);
  g_assert_error (r.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (r.error->message, "not signed by an authority"));
  g_assert_nonnull (r.rejected);
  g_assert_cmpuint (r.flags & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
  g_assert_cmpuint (r.flags & G_TLS_CERTIFICATE_BAD_IDENTITY, ==, 0);
  fp = ta_tls_certificate_get_fingerprint (r.rejected);
  g_assert_cmpstr (fp, ==, theirs);

  /* Trusted once for this host:port: accepted, and plaintext flows. */
  ta_trust_store_add (trust, "127.0.0.1", port, fp, FALSE, &error);
  g_assert_no_error (error);
  client_handshake (port, "127.0.0.1", NULL, trust, 0, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.tls);
  {
    g_autofree char *hello = read_some (r.tls, 5);
    g_autofree char *echo = NULL;
    g_autofree char *desc = ta_tls_connection_describe (r.tls);

    g_assert_cmpstr (hello, ==, "hello");
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (r.tls)), "abc", 3, NULL, NULL, &error);
    g_assert_no_error (error);
    echo = read_some (r.tls, 8);
    g_assert_cmpstr (echo, ==, "echo:abc");
    g_assert_true (g_str_has_prefix (desc, "TLS 1.3, cipher TLS_") || g_str_has_prefix (desc, "TLS 1.2, cipher "));
  }

  /* The fingerprint given on the command line, with no trust store. */
  client_handshake (port, "127.0.0.1", theirs, NULL, 0, &r);
  g_assert_no_error (r.error);

  /* Another fingerprint: refused even though it is just "self-signed". */
  client_handshake (port, "127.0.0.1",
                    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
                    NULL, 0, &r);
  g_assert_error (r.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (r.error->message, "not the one with the fingerprint"));

  /* A different certificate trusted for this host:port: a change, said so. */
  ta_trust_store_add (trust, "127.0.0.1", port,
                      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
                      FALSE, NULL);
  client_handshake (port, "127.0.0.1", NULL, trust, 0, &r);
  g_assert_error (r.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (r.error->message, "changed since you trusted it"));

  result_clear (&r);
  tt_child_free (server);
}

static void
test_client_wrong_host (void)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  Result r = { 0 };
  TtChild *server;
  guint16 port;

  make_cert ("wronghost", "other.example", -1, 30, &cert, &key);
  server = tt_tls_python_server (cert, key, &port);
  client_handshake (port, "localhost", NULL, NULL, 0, &r);
  g_assert_error (r.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (r.flags & G_TLS_CERTIFICATE_BAD_IDENTITY, !=, 0);
  g_assert_nonnull (strstr (r.error->message, "not made out for “localhost”"));
  result_clear (&r);
  tt_child_free (server);
}

/* openssl s_server presents an expired certificate. */
static void
test_client_expired (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *port_s = NULL;
  Result r = { 0 };
  guint16 port = 0;

  make_cert ("expired", "localhost,127.0.0.1", -30, -2, &cert, &key);
  /* s_server needs a port: take one the system gives, then free it. */
  for (int attempt = 0; attempt < 5 && port == 0; attempt++)
    {
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GSocketClient) client = g_socket_client_new ();

      port = tt_tls_free_port ();
      port_s = g_strdup_printf ("%u", port);
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                               G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                               "openssl", "s_server", "-accept", port_s, "-4", "-cert", cert, "-key", key,
                               "-quiet", NULL);
      g_assert_no_error (error);
      /* Wait until it listens. */
      for (int i = 0; i < 100 * (int) tt_slowdown () && conn == NULL; i++)
        {
          conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
          if (conn == NULL)
            tt_spin (50);
        }
      if (conn == NULL)
        {
          g_subprocess_force_exit (proc);
          g_clear_object (&proc);
          g_clear_pointer (&port_s, g_free);
          port = 0;
        }
    }
  g_assert_cmpuint (port, !=, 0);

  client_handshake (port, "localhost", NULL, NULL, 0, &r);
  g_assert_error (r.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (r.flags & G_TLS_CERTIFICATE_EXPIRED, !=, 0);
  g_assert_nonnull (strstr (r.error->message, "has expired"));
  result_clear (&r);
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
}

/* A plain TCP server: greets in plain text. */
static void
test_client_plain_server (void)
{
  TtChild *server = tt_child_spawn_python (
    "import socket\n"
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)\n"
    "print('PORT %d' % s.getsockname()[1], flush=True)\n"
    "while True:\n"
    "    c, _ = s.accept()\n"
    "    c.recv(4096)\n"
    "    c.sendall(b'HTTP/1.0 400 Bad Request\\r\\n\\r\\n')\n"
    "    c.close()\n");
  Result r = { 0 };
  guint16 port;

  g_assert_true (tt_child_wait_output (server, "\n", 10000));
  port = (guint16) atoi (strstr (server->out->str, "PORT ") + 5);
  client_handshake (port, "127.0.0.1", NULL, NULL, 0, &r);
  g_assert_nonnull (r.error);
  g_assert_nonnull (strstr (r.error->message, "does not speak TLS"));
  result_clear (&r);
  tt_child_free (server);
}

/* ------------------------------------------------------------------ */
/* Our server side, against their clients */

typedef struct {
  GSocketListener *listener;
  guint16          port;
  GTlsCertificate *certificate;
  guint            timeout_ms;
  Result           result;
} Server;

static void
accepted (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Server *s = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) conn = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), res, NULL, &error);
  TaTlsOptions options = { .certificate = s->certificate, .timeout_ms = s->timeout_ms };

  g_assert_no_error (error);
  ta_tls_handshake_async (G_IO_STREAM (conn), TRUE, &options, NULL, handshake_done, &s->result);
}

static void
server_accept_one (Server *s)
{
  result_clear (&s->result);
  g_socket_listener_accept_async (s->listener, NULL, accepted, s);
}

static void
server_start (Server          *s,
              GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;

  memset (s, 0, sizeof *s);
  s->listener = g_socket_listener_new ();
  s->port = g_socket_listener_add_any_inet_port (s->listener, NULL, &error);
  g_assert_no_error (error);
  s->certificate = g_object_ref (certificate);
}

static void
server_stop (Server *s)
{
  g_socket_listener_close (s->listener);
  g_clear_object (&s->listener);
  g_clear_object (&s->certificate);
  result_clear (&s->result);
}

static TtChild *
python_tls_client (guint16     port,
                   const char *cafile)
{
  g_autofree char *qca = cafile ? g_shell_quote (cafile) : NULL;
  g_autofree char *arg = cafile ? g_strdup_printf ("cafile=%s", qca) : g_strdup ("");
  g_autofree char *code = g_strdup_printf (
    "import socket, ssl\n"
    "ctx = ssl.create_default_context(%s)\n"
    "try:\n"
    "    with socket.create_connection(('127.0.0.1', %u)) as c:\n"
    "        with ctx.wrap_socket(c, server_hostname='localhost') as t:\n"
    "            t.sendall(b'ping')\n"
    "            print('GOT', t.recv(100).decode(), t.version(), flush=True)\n"
    "except Exception as e:\n"
    "    print('ERR', e, flush=True)\n",
    arg, port);

  return tt_child_spawn_python (code);
}

static void
serve_one_echo (Server *s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *reply = NULL;

  g_assert_no_error (s->result.error);
  got = read_some (s->result.tls, 4);
  reply = g_strconcat ("pong:", got, NULL);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (s->result.tls)),
                             reply, strlen (reply), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_server_generated_python_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path ("server-generated");
  g_autofree char *cert_path = g_build_filename (dir, "server-certificate.pem", NULL);
  g_autoptr(GTlsCertificate) cert = ta_tls_get_generated_certificate (dir, &error);
  Server s;
  TtChild *client;

  g_assert_no_error (error);
  server_start (&s, cert);

  /* A client that knows our certificate (the user passed it the file). */
  server_accept_one (&s);
  client = python_tls_client (s.port, cert_path);
  g_assert_true (tt_wait_for (result_done, &s.result, 10000));
  serve_one_echo (&s);
  g_assert_true (tt_child_wait_output (client, "\n", 10000));
  g_assert_cmpstr (client->out->str, ==, "GOT pong:ping TLSv1.3\n");
  tt_child_free (client);

  /* A client that does not: it refuses, and we say why. */
  server_accept_one (&s);
  client = python_tls_client (s.port, NULL);
  g_assert_true (tt_wait_for (result_done, &s.result, 10000));
  g_assert_nonnull (s.result.error);
  g_test_message ("server side: %s", s.result.error->message);
  g_assert_nonnull (strstr (s.result.error->message, "does not trust our certificate"));
  g_assert_true (tt_child_wait_output (client, "\n", 10000));
  g_assert_true (g_str_has_prefix (client->out->str, "ERR"));
  g_assert_nonnull (strstr (client->out->str, "CERTIFICATE_VERIFY_FAILED"));
  tt_child_free (client);

  server_stop (&s);
}

static void
test_server_user_cert_openssl_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *connect = NULL;
  g_autofree char *out = NULL;
  Server s;

  make_cert ("server-user", "localhost,127.0.0.1", -1, 30, &cert_path, &key_path);
  cert = ta_tls_certificate_load (cert_path, key_path, NULL, &error);
  g_assert_no_error (error);
  server_start (&s, cert);
  server_accept_one (&s);

  connect = g_strdup_printf ("127.0.0.1:%u", s.port);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                           "openssl", "s_client", "-connect", connect, "-servername", "localhost",
                           "-CAfile", cert_path, "-verify_return_error", "-verify_hostname", "localhost",
                           "-quiet", NULL);
  g_assert_no_error (error);
  g_assert_true (tt_wait_for (result_done, &s.result, 10000));
  g_assert_no_error (s.result.error);
  {
    g_autofree char *desc = ta_tls_connection_describe (s.result.tls);
    g_assert_true (g_str_has_prefix (desc, "TLS 1.3"));
  }
  /* openssl sends "ping" from its stdin; we answer; it prints the answer. */
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (proc);
    g_output_stream_write_all (in, "ping", 4, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  serve_one_echo (&s);
  g_io_stream_close (G_IO_STREAM (s.result.tls), NULL, NULL);
  g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL);
  {
    GInputStream *pout = g_subprocess_get_stdout_pipe (proc);
    char buf[4096];
    gsize got = 0;

    g_input_stream_read_all (pout, buf, sizeof buf - 1, &got, NULL, &error);
    g_assert_no_error (error);
    buf[got] = '\0';
    g_test_message ("openssl: %s", buf);
    g_assert_nonnull (strstr (buf, "pong:ping"));
    g_assert_null (strstr (buf, "verify error"));
  }
  g_subprocess_wait (proc, NULL, NULL);
  server_stop (&s);
}

static void
test_server_plain_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path ("server-generated");
  g_autoptr(GTlsCertificate) cert = ta_tls_get_generated_certificate (dir, &error);
  g_autoptr(GSocket) plain = NULL;
  Server s;

  g_assert_no_error (error);
  server_start (&s, cert);
  server_accept_one (&s);
  plain = tt_connect ("127.0.0.1", s.port);
  tt_send (plain, "GET / HTTP/1.0\r\n\r\n", 18);
  g_assert_true (tt_wait_for (result_done, &s.result, 10000));
  g_assert_nonnull (s.result.error);
  g_assert_error (s.result.error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS);
  g_assert_cmpstr (s.result.error->message, ==,
                   "The client spoke plain TCP (or another protocol) to this TLS port: "
                   "it sent “GET / HTTP/1.0\\r\\n\\r\\n”.");
  server_stop (&s);
}

static gboolean
tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* A client that connects and says nothing: cut after the timeout, and
 * the main loop keeps running meanwhile. */
static void
test_server_stalled_handshake (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path ("server-generated");
  g_autoptr(GTlsCertificate) cert = ta_tls_get_generated_certificate (dir, &error);
  g_autoptr(GSocket) silent = NULL;
  guint ticks = 0;
  guint tick_id;
  gint64 start;
  gint64 took;
  Server s;

  g_assert_no_error (error);
  server_start (&s, cert);
  s.timeout_ms = 500 * tt_slowdown ();
  server_accept_one (&s);
  silent = tt_connect ("127.0.0.1", s.port);
  tick_id = g_timeout_add (10, tick, &ticks);
  start = g_get_monotonic_time ();
  g_assert_true (tt_wait_for (result_done, &s.result, 10000));
  took = (g_get_monotonic_time () - start) / 1000;
  g_source_remove (tick_id);
  g_assert_error (s.result.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (s.result.error->message, "did not complete the TLS handshake in time"));
  g_assert_cmpint (took, >=, 400);
  /* ~50 ticks of 10 ms in 500 ms; at least a fifth of them ran. */
  g_test_message ("handshake timeout after %" G_GINT64_FORMAT " ms, %u ticks", took, ticks);
  g_assert_cmpuint (ticks, >=, 10);
  server_stop (&s);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("test-tls-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/tls/fingerprint-parse", test_fingerprint_parse);
  g_test_add_func ("/tls/explain", test_explain);
  g_test_add_func ("/tls/trust-store", test_trust_store);
  g_test_add_func ("/tls/generated", test_generated);
  g_test_add_func ("/tls/load-user-files", test_load_user_files);
  g_test_add_func ("/tls/client/self-signed-then-trusted", test_client_self_signed);
  g_test_add_func ("/tls/client/wrong-host", test_client_wrong_host);
  g_test_add_func ("/tls/client/expired", test_client_expired);
  g_test_add_func ("/tls/client/plain-server", test_client_plain_server);
  g_test_add_func ("/tls/server/generated-python-client", test_server_generated_python_client);
  g_test_add_func ("/tls/server/user-cert-openssl-client", test_server_user_cert_openssl_client);
  g_test_add_func ("/tls/server/plain-client", test_server_plain_client);
  g_test_add_func ("/tls/server/stalled-handshake", test_server_stalled_handshake);

  ret = g_test_run ();

  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
