/* test-doctor.c: the connection doctor over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ta-client.h"
#include "ta-doctor.h"
#include "ta-netinfo.h"
#include "tt-util.h"

typedef struct {
  TaDiagnosis *diagnosis;
  gboolean     done;
} Result;

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;
  g_autoptr(GError) error = NULL;

  r->diagnosis = ta_doctor_diagnose_finish (result, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static TaDiagnosis *
diagnose (const char   *host,
          guint16       port,
          const GError *error,
          guint         probe_ms)
{
  Result r = { 0 };
  g_autofree char *text = NULL;

  ta_doctor_diagnose_async (host, port, error, probe_ms, NULL, diagnosed_cb, &r);
  g_assert_true (tt_wait_for (result_done, &r, probe_ms + 5000));
  g_assert_nonnull (r.diagnosis);
  g_assert_nonnull (r.diagnosis->summary);
  g_assert_nonnull (r.diagnosis->next_step);
  text = ta_diagnosis_to_text (r.diagnosis);
  g_test_message ("%s", text);
  return r.diagnosis;
}

static void
assert_says (TaDiagnosis *d,
             const char  *needle)
{
  g_autofree char *text = ta_diagnosis_to_text (d);

  if (strstr (text, needle) == NULL)
    g_error ("diagnosis lacks “%s”:\n%s", needle, text);
}

/* A listening GSocket on @ip, port chosen by the system. */
static GSocket *
listen_on (const char *ip,
           guint16    *port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (ip);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  g_assert_true (g_socket_listen (socket, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* What TaClient itself reports, then the doctor on it. */
typedef struct {
  GError   *error;
  gboolean  failed;
} Failure;

static void
on_failed (TaClient   *client,
           const char *message,
           GError     *error,
           Failure    *f)
{
  f->error = g_error_copy (error);
  f->failed = TRUE;
}

static gboolean
failure_seen (gpointer data)
{
  return ((Failure *) data)->failed;
}

static GError *
client_failure (const char *host,
                guint16     port,
                guint       timeout_s)
{
  g_autoptr(TaClient) client = ta_client_new ();
  Failure f = { 0 };

  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), &f);
  ta_client_connect (client, host, port, timeout_s);
  g_assert_true (tt_wait_for (failure_seen, &f, timeout_s * 1000 + 5000));
  return f.error;
}

static void
test_closed_port (void)
{
  guint16 port;
  g_autoptr(GSocket) closed = tt_bound_port (&port); /* bound, not listening: refused */
  g_autoptr(GError) error = client_failure ("127.0.0.1", port, 5);
  g_autoptr(TaDiagnosis) d = NULL;
  g_autofree char *probe = NULL;

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  d = diagnose ("127.0.0.1", port, error, 1000);
  g_assert_cmpint (d->cause, ==, TA_DOCTOR_REFUSED);
  assert_says (d, "nothing on it listens on port");
  probe = g_strdup_printf ("127.0.0.1: refused after");
  assert_says (d, probe);
  assert_says (d, "Start the server first");
}

static GInetAddress *
lan_ipv4 (void)
{
  g_autoptr(GPtrArray) locals = ta_netinfo_local_addresses ();

  for (guint i = 0; i < locals->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (locals, i);

      if (g_inet_address_get_family (local->address) == G_SOCKET_FAMILY_IPV4 &&
          !g_inet_address_get_is_loopback (local->address))
        return g_object_ref (local->address);
    }
  return NULL;
}

static void
test_loopback_only_through_lan (void)
{
  g_autoptr(GInetAddress) lan = lan_ipv4 ();
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDiagnosis) d = NULL;
  g_autofree char *lan_text = NULL;
  g_autofree char *fact = NULL;
  guint16 port;

  if (lan == NULL)
    {
      g_test_skip ("this machine has no IPv4 address besides loopback");
      return;
    }
  lan_text = g_inet_address_to_string (lan);
  listener = listen_on ("127.0.0.1", &port);
  error = client_failure (lan_text, port, 5);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  d = diagnose (lan_text, port, error, 1000);
  g_assert_cmpint (d->cause, ==, TA_DOCTOR_WRONG_ADDRESS);
  fact = g_strdup_printf ("This app listens on port %u on 127.0.0.1 (this computer only).", port);
  assert_says (d, fact);
  assert_says (d, "Connect to 127.0.0.1");
  /* Ours and loopback only: point at the Server page's choice. */
  assert_says (d, "All network interfaces");
}

static void
test_unresolvable (void)
{
  g_autoptr(GError) error = client_failure ("no-such-host.invalid", 7788, 10);
  g_autoptr(TaDiagnosis) d = diagnose ("no-such-host.invalid", 7788, error, 1000);

  g_assert_cmpint (d->cause, ==, TA_DOCTOR_NAME_NOT_FOUND);
  assert_says (d, "“no-such-host.invalid” could not be turned into an address");
  assert_says (d, "“.invalid” are reserved");
  assert_says (d, "Check the spelling");
}

/* ::1 while another program (a Python peer) listens on 127.0.0.1 only. */
static void
test_ipv6_only_name (void)
{
  TtChild *child = tt_child_spawn_python (
    "import socket, sys\n"
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
    "print('port', s.getsockname()[1], flush=True)\n"
    "import time; time.sleep(60)\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDiagnosis) d = NULL;
  const char *port_text;
  guint16 port;

  g_assert_true (tt_child_wait_output (child, "\n", 10000));
  port_text = strstr (child->out->str, "port ");
  g_assert_nonnull (port_text);
  port = (guint16) atoi (port_text + 5);

  error = client_failure ("::1", port, 5);
  d = diagnose ("::1", port, error, 1000);
  g_assert_cmpint (d->cause, ==, TA_DOCTOR_WRONG_ADDRESS);
  assert_says (d, "::1 is an IPv6 address; the server listens only on IPv4.");
  assert_says (d, "by python3 (process");
  assert_says (d, "Connect to 127.0.0.1 instead");
  tt_child_free (child);

  /* The name form, where /etc/hosts has one. */
  {
    g_autoptr(GResolver) resolver = g_resolver_get_default ();
    GList *list = g_resolver_lookup_by_name (resolver, "ip6-localhost", NULL, NULL);

    if (list == NULL)
      g_test_message ("no “ip6-localhost” in /etc/hosts here: only the ::1 literal was tried");
    g_resolver_free_addresses (list);
  }
}

static void
test_blackholed (void)
{
  TtBlackhole b;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDiagnosis) d = NULL;
  g_autofree char *fact = NULL;

  tt_blackhole_open (&b);
  error = client_failure ("127.0.0.1", b.port, 1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  d = diagnose ("127.0.0.1", b.port, error, 300);
  g_assert_cmpint (d->cause, ==, TA_DOCTOR_NOT_ACCEPTING);
  assert_says (d, "does not accept connections");
  fact = g_strdup_printf ("This app listens on port %u on 127.0.0.1", b.port);
  assert_says (d, fact);
  assert_says (d, "127.0.0.1: no answer within");
  tt_blackhole_close (&b);
}

static void
test_works_now (void)
{
  guint16 port;
  g_autoptr(GSocket) listener = listen_on ("127.0.0.1", &port);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  g_autoptr(TaDiagnosis) d = diagnose ("localhost", port, error, 1000);

  g_assert_cmpint (d->cause, ==, TA_DOCTOR_WORKS_NOW);
  assert_says (d, "“localhost” gave");
  assert_says (d, "127.0.0.1 (IPv4)");
  assert_says (d, "a test connection now succeeds");
}

static void
test_same_network (void)
{
  g_autoptr(GPtrArray) locals = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_local_address_free);
  TaLocalAddress *eth = g_new0 (TaLocalAddress, 1);
  g_autoptr(GInetAddress) near = g_inet_address_new_from_string ("192.168.1.77");
  g_autoptr(GInetAddress) far = g_inet_address_new_from_string ("192.168.2.7");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("fd00::9");

  eth->interface = g_strdup ("eth0");
  eth->address = g_inet_address_new_from_string ("192.168.1.20");
  eth->prefix = 24;
  g_ptr_array_add (locals, eth);

  g_assert_true (ta_netinfo_same_network (near, locals) == eth);
  g_assert_null (ta_netinfo_same_network (far, locals));
  g_assert_null (ta_netinfo_same_network (v6, locals));
  g_assert_true (ta_netinfo_is_local (eth->address, locals));
  g_assert_false (ta_netinfo_is_local (near, locals));
}

/* This machine's own listeners are seen, with this process as owner. */
static void
test_listeners_seen (void)
{
  guint16 port;
  g_autoptr(GSocket) listener = listen_on ("::", &port);
  g_autoptr(GPtrArray) listeners = ta_netinfo_listeners (port, TRUE);
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("127.0.0.1");
  TaListener *l;

  g_assert_cmpuint (listeners->len, ==, 1);
  l = g_ptr_array_index (listeners, 0);
  g_assert_cmpuint (l->port, ==, port);
  g_assert_true (g_inet_address_get_is_any (l->address));
  g_assert_cmpint (l->pid, ==, getpid ());
  {
    /* "test-doctor", or the tool's name under valgrind */
    g_autofree char *comm = NULL;

    g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
    g_assert_cmpstr (l->program, ==, g_strstrip (comm));
  }
  /* [::] takes IPv4 too (dual stack). */
  g_assert_true (ta_netinfo_listener_accepts (l, v4));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doctor/closed-port", test_closed_port);
  g_test_add_func ("/doctor/loopback-only-through-lan", test_loopback_only_through_lan);
  g_test_add_func ("/doctor/unresolvable", test_unresolvable);
  g_test_add_func ("/doctor/ipv6-only", test_ipv6_only_name);
  g_test_add_func ("/doctor/blackholed", test_blackholed);
  g_test_add_func ("/doctor/works-now", test_works_now);
  g_test_add_func ("/doctor/same-network", test_same_network);
  g_test_add_func ("/doctor/listeners-seen", test_listeners_seen);

  return g_test_run ();
}
