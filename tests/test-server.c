/* test-server.c: TaServer, TaClient and TaLogStore over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ta-address.h"
#include "ta-client.h"
#include "ta-codec.h"
#include "ta-log-store.h"
#include "ta-server.h"
#include "tt-util.h"

typedef struct {
  TaServer   *server;
  TaLogStore *log;
  guint16     port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = ta_server_new ();
  f->log = ta_log_store_new (TA_LOG_ROLE_SERVER);
  ta_log_store_attach_server (f->log, f->server);
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, 0, &error));
  g_assert_no_error (error);
  f->port = ta_server_get_port (f->server);
  g_assert_cmpuint (f->port, >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ta_server_stop (f->server);
  tt_spin (20);
  g_clear_object (&f->log);
  g_assert_finalize_object (f->server);
  g_assert_cmpuint (ta_connection_get_n_alive (), ==, 0);
}

static void
assert_bytes (GBytes     *bytes,
              const void *expected,
              gsize       len)
{
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
}

static void
test_greets_each_chunk (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) reply = NULL;

      tt_send (s, "abc", 3);
      reply = tt_read_n (s, 5, 5000);
      assert_bytes (reply, "hello", 5);
    }
  {
    /* Nothing more than one hello per chunk. */
    g_autoptr(GBytes) extra = tt_read_available (s, 100);
    g_assert_cmpuint (g_bytes_get_size (extra), ==, 0);
  }
  tt_assert_log_eventually (f->log, "Waiting for clients on port");
  tt_assert_log_eventually (f->log, "New client connected: 127.0.0.1:");
  tt_assert_log_eventually (f->log, "Client request: abc");
  tt_assert_log_eventually (f->log, "Replied: hello");
}

static void
test_fifty_clients (Fixture *f, gconstpointer data)
{
  GSocket *socks[50];

  for (guint i = 0; i < 50; i++)
    socks[i] = tt_connect ("127.0.0.1", f->port);
  for (guint i = 0; i < 50; i++)
    tt_send (socks[i], "hi", 2);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GBytes) reply = tt_read_n (socks[i], 5, 5000);
      assert_bytes (reply, "hello", 5);
    }
  g_assert_cmpuint (ta_server_get_n_clients (f->server), ==, 50);
  for (guint i = 0; i < 50; i++)
    g_object_unref (socks[i]);
  tt_wait_clients (f->server, 0);
}

static void
test_client_close_detected (Fixture *f, gconstpointer data)
{
  GSocket *s = tt_connect ("127.0.0.1", f->port);

  tt_wait_clients (f->server, 1);
  g_socket_close (s, NULL);
  g_object_unref (s);
  tt_wait_clients (f->server, 0);
  tt_assert_log_eventually (f->log, "Finished serving client 127.0.0.1:");
}

static void
test_stop_closes_and_rebinds (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSocket *socks[5];

  for (guint i = 0; i < 5; i++)
    socks[i] = tt_connect ("127.0.0.1", f->port);
  tt_wait_clients (f->server, 5);

  g_assert_cmpuint (ta_server_stop (f->server), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (tt_read_eof (socks[i], 2000));
      g_object_unref (socks[i]);
    }

  /* The port is free again at once: same port, a new server. */
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, f->port, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
    g_autoptr(GBytes) reply = NULL;

    tt_send (s, "x", 1);
    reply = tt_read_n (s, 5, 5000);
    assert_bytes (reply, "hello", 5);
  }
  tt_assert_log_eventually (f->log, "Server stopped.");
}

static void
test_port_in_use (Fixture *f, gconstpointer data)
{
  g_autoptr(TaServer) other = ta_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("Port %u is already in use", f->port);

  g_assert_false (ta_server_start (other, TA_BIND_LOOPBACK, f->port, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "is free"));
  g_assert_false (ta_server_get_listening (other));
}

static void
test_gbk_split_and_invalid (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  const guint8 nihao[] = { 0xC4, 0xE3, 0xBA, 0xC3 };
  const guint8 bad[] = { 0xFF, 0xFF };
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;

  ta_log_store_set_receive_charset (f->log, "GBK");

  /* One GBK character cut in two TCP reads. */
  tt_send (s, nihao, 1);
  r1 = tt_read_n (s, 5, 5000);
  assert_bytes (r1, "hello", 5);
  tt_send (s, nihao + 1, 3);
  r2 = tt_read_n (s, 5, 5000);
  assert_bytes (r2, "hello", 5);
  /* The first read holds half a character: it shows when complete. */
  tt_assert_log_eventually (f->log, "Client request: 你好");
  {
    g_autofree char *text = tt_log_text (G_LIST_MODEL (f->log));
    g_assert_null (strstr (text, "\\x"));
  }

  tt_send (s, bad, 2);
  r3 = tt_read_n (s, 5, 5000);
  assert_bytes (r3, "hello", 5);
  tt_assert_log_eventually (f->log, "Client request: \\xFF\\xFF");
}

static void
test_reply_modes (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(GBytes) r3 = NULL;
  g_autoptr(GBytes) custom = g_bytes_new_static ("OK\r\n", 4);

  tt_send (s, "ping", 4);
  r1 = tt_read_n (s, 5, 5000);
  assert_bytes (r1, "hello", 5);

  /* Changes reach a client that is already connected. */
  ta_server_set_reply (f->server, TA_REPLY_ECHO, NULL);
  tt_send (s, "echo me", 7);
  r2 = tt_read_n (s, 7, 5000);
  assert_bytes (r2, "echo me", 7);

  ta_server_set_reply (f->server, TA_REPLY_TEXT, custom);
  tt_send (s, "x", 1);
  r3 = tt_read_n (s, 4, 5000);
  assert_bytes (r3, "OK\r\n", 4);

  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  tt_send (s, "quiet", 5);
  {
    g_autoptr(GBytes) none = tt_read_available (s, 200);
    g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  }
}

static void
test_half_close_gets_reply (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) reply = NULL;

  tt_send (s, "last words", 10);
  g_assert_true (g_socket_shutdown (s, FALSE, TRUE, NULL));
  reply = tt_read_n (s, 5, 5000);
  assert_bytes (reply, "hello", 5);
  g_assert_true (tt_read_eof (s, 5000));
  tt_wait_clients (f->server, 0);
}

/* Client side */

typedef struct {
  char     *failure;
  gboolean  connected;
  gboolean  closed;
} ClientWatch;

static void
on_failed (TaClient *client, const char *message, GError *error, ClientWatch *w)
{
  w->failure = g_strdup (message);
}

static void
on_connected (TaClient *client, TaConnection *c, ClientWatch *w)
{
  w->connected = TRUE;
}

static void
on_closed (TaClient *client, TaConnection *c, guint reason, const char *m, ClientWatch *w)
{
  w->closed = TRUE;
}

static gboolean
watch_done (gpointer data)
{
  ClientWatch *w = data;
  return w->failure != NULL || w->connected;
}

static gboolean
watch_closed (gpointer data)
{
  ClientWatch *w = data;
  return w->closed;
}

static TaClient *
watched_client (ClientWatch *w)
{
  TaClient *client = ta_client_new ();

  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), w);
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), w);
  return client;
}

static void
test_client_refused (void)
{
  ClientWatch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  guint16 port;
  g_autoptr(GSocket) held = tt_bound_port (&port);

  ta_client_connect (client, "127.0.0.1", port, 5);
  g_assert_cmpuint (ta_client_get_state (client), ==, TA_CLIENT_CONNECTING);
  g_assert_true (tt_wait_for (watch_done, &w, 5000));
  g_assert_nonnull (w.failure);
  g_assert_nonnull (strstr (w.failure, "Connection refused"));
  g_assert_cmpuint (ta_client_get_state (client), ==, TA_CLIENT_DISCONNECTED);
  g_free (w.failure);
}

static void
test_client_talks_to_server (Fixture *f, gconstpointer data)
{
  ClientWatch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(TaLogStore) client_log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = ta_codec_encode ("GBK", "你好", -1, &error);

  ta_log_store_attach_client (client_log, client);
  ta_log_store_set_send_charset (client_log, "GBK");

  ta_client_connect (client, "localhost", f->port, 5);
  g_assert_true (tt_wait_for (watch_done, &w, 5000));
  g_assert_null (w.failure);
  g_assert_true (ta_client_send (client, message, &error));
  g_assert_no_error (error);

  tt_assert_log_eventually (f->log, "Client request: 你好");
  tt_assert_log_eventually (client_log, "Sent: 你好");
  tt_assert_log_eventually (client_log, "Received: hello");

  ta_client_disconnect (client);
  g_assert_true (tt_wait_for (watch_closed, &w, 5000));
  tt_assert_log_eventually (client_log, "Disconnected by you.");
  tt_wait_clients (f->server, 0);
}

static void
test_client_ipv6 (void)
{
  g_autoptr(TaServer) server = ta_server_new ();
  g_autoptr(GError) error = NULL;
  ClientWatch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_assert_true (ta_server_start (server, TA_BIND_LOOPBACK, 0, &error));
  {
    g_autofree char *typed = g_strdup_printf ("[::1]:%u", ta_server_get_port (server));
    g_assert_true (ta_parse_host (typed, &host, &port, &error));
  }
  g_assert_cmpstr (host, ==, "::1");
  g_assert_cmpuint (port, ==, ta_server_get_port (server));

  ta_client_connect (client, host, port, 5);
  g_assert_true (tt_wait_for (watch_done, &w, 5000));
  if (w.failure != NULL)
    {
      g_test_skip ("no IPv6 loopback here");
      g_free (w.failure);
      return;
    }
  g_assert_true (g_str_has_prefix (ta_connection_get_address (ta_client_get_connection (client)), "[::1]:"));
  ta_client_disconnect (client);
  ta_server_stop (server);
}

static void
test_client_close_when_sent (Fixture *f, gconstpointer data)
{
  ClientWatch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(TaLogStore) client_log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(GBytes) message = g_bytes_new_static ("one shot", 8);
  g_autofree char *text = NULL;

  ta_log_store_attach_client (client_log, client);
  ta_client_connect (client, "127.0.0.1", f->port, 5);
  g_assert_true (tt_wait_for (watch_done, &w, 5000));
  g_assert_true (ta_client_send (client, message, NULL));
  ta_client_close_when_sent (client);
  g_assert_true (tt_wait_for (watch_closed, &w, 5000));
  tt_assert_log_eventually (f->log, "Client request: one shot");
  tt_wait_clients (f->server, 0);
  /* Our side was shut, not closed: the server's reply was still read and
   * logged before the connection closed, and the server served the client
   * to the end instead of meeting a reset. */
  text = tt_log_text (G_LIST_MODEL (client_log));
  g_test_message ("client log:\n%s", text);
  g_assert_nonnull (strstr (text, "Received: hello"));
  tt_assert_log_eventually (f->log, "Finished serving client");
  g_free (w.failure);
}

static gboolean
reply_waiting (gpointer data)
{
  return g_socket_get_available_bytes (data) >= 5;
}

/* A client that closes with our reply unread makes its system send a
 * reset. Ordinary devices do that: a calm sentence, not a red error. */
static void
test_close_with_reply_unread (Fixture *f, gconstpointer data)
{
  GSocket *s = tt_connect ("127.0.0.1", f->port);
  GListModel *model = G_LIST_MODEL (f->log);
  gboolean found = FALSE;

  tt_wait_clients (f->server, 1);
  tt_send (s, "abc", 3);
  /* The reply has arrived, and is left unread. */
  g_assert_true (tt_wait_for (reply_waiting, s, 5000));
  g_socket_close (s, NULL);
  g_object_unref (s);
  tt_wait_clients (f->server, 0);
  tt_assert_log_eventually (f->log, "closed the connection before reading our last reply.");
  ta_log_store_flush (f->log);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (model, i);
      g_autofree char *line = ta_log_entry_format_line (entry, TA_LOG_ROLE_SERVER, TA_LOG_TIME_OFF, TA_LOG_SHOW_TEXT);

      g_assert_null (strstr (line, "crashed"));
      if (strstr (line, "before reading our last reply") != NULL)
        {
          found = TRUE;
          g_assert_cmpint (ta_log_entry_get_kind (entry), ==, TA_LOG_EVENT);
        }
    }
  g_assert_true (found);
}

/* Voluntary context switches of every thread of this process: each one is
 * a sleep that ended, i.e. a wake-up. */
static guint64
count_wakeups (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint64 total = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "status", NULL);
      g_autofree char *text = NULL;
      const char *p;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      p = strstr (text, "\nvoluntary_ctxt_switches:");
      if (p != NULL)
        total += g_ascii_strtoull (p + strlen ("\nvoluntary_ctxt_switches:"), NULL, 10);
    }
  return total;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* A server with ten idle clients must let the process sleep: the fairness
 * heartbeat only runs while traffic flows (it ran every 20 ms while any
 * connection existed: 50 wake-ups a second). */
static void
test_idle_wakeups (Fixture *f, gconstpointer data)
{
  GSocket *socks[10];
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint64 before, woke;
  const guint seconds = 2;

  for (guint i = 0; i < G_N_ELEMENTS (socks); i++)
    {
      g_autoptr(GBytes) reply = NULL;

      socks[i] = tt_connect ("127.0.0.1", f->port);
      tt_send (socks[i], "hi", 2);
      reply = tt_read_n (socks[i], 5, 5000);
      assert_bytes (reply, "hello", 5);
    }
  tt_wait_clients (f->server, G_N_ELEMENTS (socks));
  tt_spin (500);   /* the traffic is over: the log flushed, the heartbeat stopped */

  before = count_wakeups ();
  g_timeout_add_seconds (seconds, quit_loop_cb, loop);
  g_main_loop_run (loop);
  woke = count_wakeups () - before;
  g_test_message ("%" G_GUINT64_FORMAT " wake-ups in %u s with 10 idle clients", woke, seconds);
  g_assert_cmpuint (woke, <=, 5 * seconds);

  for (guint i = 0; i < G_N_ELEMENTS (socks); i++)
    g_object_unref (socks[i]);
  tt_wait_clients (f->server, 0);
}

static void
test_address_parsing (void)
{
  struct { const char *in; const char *host; guint port; } ok[] = {
    { "192.168.1.5", "192.168.1.5", 0 },
    { " example.com ", "example.com", 0 },
    { "example.com:8080", "example.com", 8080 },
    { "[::1]:7788", "::1", 7788 },
    { "[fe80::1]", "fe80::1", 0 },
    { "::1", "::1", 0 },
  };
  const char *bad[] = { "", "   ", "a b", "[::1", "[::1]x", ":80", "host:0", "host:65536",
                        "host:abc", "bad!name", "1:2:zz" };
  const char *bad_ports[] = { "0", "65536", "-1", "abc", "", "7788x" };
  guint16 port;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;

      g_assert_true (ta_parse_host (ok[i].in, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, ok[i].host);
      g_assert_cmpuint (port, ==, ok[i].port);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;

      g_assert_false (ta_parse_host (bad[i], &host, &port, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_ports); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (ta_parse_port (bad_ports[i], &port, &error));
      g_assert_nonnull (error);
    }
  g_assert_true (ta_parse_port (" 7788 ", &port, NULL));
  g_assert_cmpuint (port, ==, 7788);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/greets-each-chunk", test_greets_each_chunk);
  ADD ("/server/fifty-clients", test_fifty_clients);
  ADD ("/server/client-close-detected", test_client_close_detected);
  ADD ("/server/stop-closes-and-rebinds", test_stop_closes_and_rebinds);
  ADD ("/server/port-in-use", test_port_in_use);
  ADD ("/server/gbk-split-and-invalid", test_gbk_split_and_invalid);
  ADD ("/server/reply-modes", test_reply_modes);
  ADD ("/server/half-close-gets-reply", test_half_close_gets_reply);
  ADD ("/client/talks-to-server", test_client_talks_to_server);
  ADD ("/client/close-when-sent", test_client_close_when_sent);
  ADD ("/server/idle-wakeups", test_idle_wakeups);
  ADD ("/server/close-with-reply-unread", test_close_with_reply_unread);
#undef ADD
  g_test_add_func ("/client/refused", test_client_refused);
  g_test_add_func ("/client/ipv6", test_client_ipv6);
  g_test_add_func ("/client/address-parsing", test_address_parsing);

  return g_test_run ();
}
