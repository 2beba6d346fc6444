/* test-client-local.c: connecting from a chosen local address and port
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ta-client.h"
#include "tt-util.h"

typedef struct {
  char     *failure;
  GError   *error;
  gboolean  connected;
} Watch;


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
on_failed (TaClient   *client,
           const char *message,
           GError     *error,
           Watch      *w)
{
  w->failure = g_strdup (message);
  w->error = g_error_copy (error);
}

static void
on_connected (TaClient     *client,
              TaConnection *conn,
              Watch        *w)
{
  w->connected = TRUE;
}

static gboolean
settled (gpointer data)
{
  Watch *w = data;

  return w->connected || w->failure != NULL;
}

static void
watch_clear (Watch *w)
{
  g_free (w->failure);
  g_clear_error (&w->error);
  memset (w, 0, sizeof *w);
}

static GSocket *
listen_on (const char *ip,
           guint16     port,
           guint16    *bound_port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (ip);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  g_assert_true (g_socket_listen (socket, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* The server sees the connection come from the chosen address and port. */
static void
test_from_chosen_port (void)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *remote_ip = NULL;
  guint16 server_port, local_port = released_port ();
  Watch w = { 0 };

  server = listen_on ("127.0.0.1", 0, &server_port);
  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), &w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), &w);

  g_assert_true (ta_client_set_local (client, "127.0.0.1", local_port, &error));
  g_assert_no_error (error);
  ta_client_connect (client, "127.0.0.1", server_port, 5);
  g_assert_true (tt_wait_for (settled, &w, 5000));
  g_assert_null (w.failure);

  accepted = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  remote = g_socket_get_remote_address (accepted, &error);
  g_assert_no_error (error);
  remote_ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  g_assert_cmpstr (remote_ip, ==, "127.0.0.1");
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)), ==, local_port);

  /* A port alone, with any address. */
  ta_client_disconnect (client);
  watch_clear (&w);
  local_port = released_port ();
  g_assert_true (ta_client_set_local (client, NULL, local_port, &error));
  ta_client_connect (client, "127.0.0.1", server_port, 5);
  g_assert_true (tt_wait_for (settled, &w, 5000));
  g_assert_null (w.failure);
  g_clear_object (&accepted);
  g_clear_object (&remote);
  accepted = g_socket_accept (server, NULL, &error);
  remote = g_socket_get_remote_address (accepted, &error);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)), ==, local_port);

  ta_client_disconnect (client);
  watch_clear (&w);
}

/* A local port another socket holds: a sentence naming the port. */
static void
test_local_port_in_use (void)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint16 server_port, held_port;
  Watch w = { 0 };

  server = listen_on ("127.0.0.1", 0, &server_port);
  holder = listen_on ("127.0.0.1", 0, &held_port);
  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), &w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), &w);

  g_assert_true (ta_client_set_local (client, "127.0.0.1", held_port, &error));
  ta_client_connect (client, "127.0.0.1", server_port, 5);
  g_assert_true (tt_wait_for (settled, &w, 5000));
  g_assert_false (w.connected);
  expected = g_strdup_printf ("Local port %u is already in use on this computer", held_port);
  if (strstr (w.failure, expected) == NULL)
    g_error ("unexpected sentence: %s", w.failure);
  watch_clear (&w);
}

/* Addresses that are not this computer's, or not addresses: refused at
 * once with a sentence; the previous choice stays. */
static void
test_bad_local_address (void)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ta_client_set_local (client, "192.0.2.254", 0, &error));
  g_assert_nonnull (strstr (error->message, "192.0.2.254 is not an address of this computer"));
  g_clear_error (&error);

  g_assert_false (ta_client_set_local (client, "my-pc", 0, &error));
  g_assert_nonnull (strstr (error->message, "“my-pc” is not an IP address"));
  g_clear_error (&error);

  g_assert_true (ta_client_set_local (client, "[::1]", 0, &error));
  g_assert_true (ta_client_set_local (client, " ", 0, &error));
  g_assert_no_error (error);
}

/* An IPv6 local address towards an IPv4 server. */
static void
test_family_mismatch (void)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GError) error = NULL;
  guint16 server_port;
  Watch w = { 0 };

  server = listen_on ("127.0.0.1", 0, &server_port);
  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), &w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), &w);
  g_assert_true (ta_client_set_local (client, "::1", 0, &error));
  ta_client_connect (client, "127.0.0.1", server_port, 5);
  g_assert_true (tt_wait_for (settled, &w, 5000));
  g_assert_false (w.connected);
  g_test_message ("%s (%s)", w.failure, w.error->message);
  g_assert_nonnull (strstr (w.failure, "local address ::1"));
  watch_clear (&w);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-local/from-chosen-port", test_from_chosen_port);
  g_test_add_func ("/client-local/local-port-in-use", test_local_port_in_use);
  g_test_add_func ("/client-local/bad-local-address", test_bad_local_address);
  g_test_add_func ("/client-local/family-mismatch", test_family_mismatch);

  return g_test_run ();
}
