/* tt-tls.c: certificates made at test time, and TLS peers nobody here wrote
 *
 * Certificates come from tls-make-cert.py (Python's cryptography: it can
 * set validity dates openssl's command line cannot, for an expired one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tt-tls.h"

static const char *
python (void)
{
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

/* Runs a program to its end; returns its stdout. */
char *
tt_tls_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

/**
 * tt_tls_make_cert:
 * @names: "localhost,127.0.0.1": DNS names and IP addresses, the first
 *   also the common name
 *
 * A self-signed certificate valid from @from_days to @to_days relative to
 * now, as @dir/@stem-cert.pem and @dir/@stem-key.pem.
 */
void
tt_tls_make_cert (const char  *dir,
                  const char  *stem,
                  const char  *names,
                  int          from_days,
                  int          to_days,
                  char       **cert,
                  char       **key)
{
  g_autofree char *c = g_strdup_printf ("%s/%s-cert.pem", dir, stem);
  g_autofree char *k = g_strdup_printf ("%s/%s-key.pem", dir, stem);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tls-make-cert.py", NULL);
  g_autofree char *from = g_strdup_printf ("%d", from_days);
  g_autofree char *to = g_strdup_printf ("%d", to_days);
  const char *argv[] = { python (), script, c, k, names, from, to, NULL };

  g_free (tt_tls_run (argv));
  *cert = g_steal_pointer (&c);
  *key = g_steal_pointer (&k);
}

/* What `openssl x509 -fingerprint -sha256` says: "AB:CD:…". */
char *
tt_tls_openssl_fingerprint (const char *cert)
{
  const char *argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert, NULL };
  g_autofree char *out = tt_tls_run (argv);

  return g_strstrip (g_strdup (strchr (out, '=') + 1));
}

/**
 * tt_tls_python_server:
 *
 * A Python ssl server on 127.0.0.1 (port chosen by the system): each
 * client gets "hello", then "echo:" and what it sent in one read.
 */
TtChild *
tt_tls_python_server (const char *cert,
                      const char *key,
                      guint16    *port)
{
  g_autofree char *qcert = g_shell_quote (cert);
  g_autofree char *qkey = g_shell_quote (key);
  g_autofree char *code = g_strdup_printf (
    "import socket, ssl\n"
    "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
    "ctx.load_cert_chain(%s, %s)\n"
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)\n"
    "print('PORT %%d' %% s.getsockname()[1], flush=True)\n"
    "while True:\n"
    "    c, _ = s.accept()\n"
    "    try:\n"
    "        t = ctx.wrap_socket(c, server_side=True)\n"
    "        t.sendall(b'hello')\n"
    "        d = t.recv(100)\n"
    "        t.sendall(b'echo:' + d)\n"
    "        t.close()\n"
    "    except Exception as e:\n"
    "        print('ERR', e, flush=True)\n"
    "        c.close()\n",
    qcert, qkey);
  TtChild *child = tt_child_spawn_python (code);
  const char *p;

  g_assert_true (tt_child_wait_output (child, "\n", 10000));
  p = strstr (child->out->str, "PORT ");
  g_assert_nonnull (p);
  *port = (guint16) atoi (p + 5);
  return child;
}

/* A port that was free a moment ago, for a program that must be told its
 * port (openssl s_server): callers retry if another program took it. */
guint16
tt_tls_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
