/* test-robust.c: hostile peers and limits, over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "ta-log-store.h"
#include "ta-server.h"
#include "tt-util.h"

typedef struct {
  TaServer   *server;
  TaLogStore *log;
  guint16     port;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->server = ta_server_new ();
  f->log = ta_log_store_new (TA_LOG_ROLE_SERVER);
  ta_log_store_attach_server (f->log, f->server);
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, 0, &error));
  f->port = ta_server_get_port (f->server);
}

static gboolean
no_connection_alive (gpointer data)
{
  return ta_connection_get_n_alive () == 0;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ta_server_stop (f->server);
  g_clear_object (&f->log);
  /* Closing connections finish their callbacks on the loop. */
  tt_wait_for (no_connection_alive, NULL, 5000);
  g_assert_finalize_object (f->server);
  g_assert_cmpuint (ta_connection_get_n_alive (), ==, 0);
}

static TaConnection *
client_at (TaServer *server, guint i)
{
  return g_list_model_get_item (ta_server_get_clients (server), i);
}

static void
assert_greeted (GSocket *s)
{
  g_autoptr(GBytes) reply = NULL;

  tt_send (s, "?", 1);
  reply = tt_read_n (s, 5, 5000);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), "hello", 5);
}

/* Issue 3: max clients, send to one / all, drop one. */

/* How many of @socks the other side closed (end of stream read). */
typedef struct {
  GSocket **socks;
  guint     n;
  gboolean  eof[8];
  guint     n_eof;
} Closed;

static gboolean
two_closed (gpointer data)
{
  Closed *c = data;

  for (guint i = 0; i < c->n; i++)
    {
      char buf[64];

      if (!c->eof[i] && g_socket_receive (c->socks[i], buf, sizeof buf, NULL, NULL) == 0)
        c->eof[i] = TRUE, c->n_eof++;
    }
  return c->n_eof >= 2;
}

static void
test_max_clients (Fixture *f, gconstpointer data)
{
  GSocket *socks[5];
  guint n_refused = 0;
  Closed closed = { socks, 5, { FALSE }, 0 };

  ta_server_set_max_clients (f->server, 3);
  for (guint i = 0; i < 5; i++)
    socks[i] = tt_connect ("127.0.0.1", f->port);
  tt_wait_clients (f->server, 3);
  /* Two are closed by the server (whichever it accepted last); then no
   * third closes. */
  g_assert_true (tt_wait_for (two_closed, &closed, 10000));
  tt_spin (300);
  two_closed (&closed);
  n_refused = closed.n_eof;
  for (guint i = 0; i < 5; i++)
    g_object_unref (socks[i]);
  g_assert_cmpuint (n_refused, ==, 2);
  tt_assert_log_eventually (f->log, "the server already has the maximum number of clients");
  tt_assert_log_eventually (f->log, "The server allows at most 3 clients.");
}

typedef struct {
  TaConnection *conn;
  guint64       in, out;
} Counters;

static gboolean
counters_are (gpointer data)
{
  Counters *c = data;

  return ta_connection_get_bytes_in (c->conn) == c->in && ta_connection_get_bytes_out (c->conn) == c->out;
}

static void
test_send_one_all_and_drop (Fixture *f, gconstpointer data)
{
  GSocket *socks[3];
  g_autoptr(GBytes) msg = g_bytes_new_static ("to you", 6);
  g_autoptr(GBytes) all = g_bytes_new_static ("to all", 6);
  g_autoptr(TaConnection) second = NULL;
  g_autoptr(TaConnection) first = NULL;

  for (guint i = 0; i < 3; i++)
    {
      socks[i] = tt_connect ("127.0.0.1", f->port);
      tt_wait_clients (f->server, i + 1);
    }

  second = client_at (f->server, 1);
  g_assert_cmpuint (ta_server_send (f->server, second, msg), ==, 1);
  {
    g_autoptr(GBytes) got = tt_read_n (socks[1], 6, 5000);
    g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "to you", 6);
  }
  /* The others got nothing (it would have come with the one above). */
  for (guint i = 0; i < 3; i += 2)
    {
      g_autoptr(GBytes) got = tt_read_available (socks[i], 150);
      g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
    }

  g_assert_cmpuint (ta_server_send (f->server, NULL, all), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) got = tt_read_n (socks[i], 6, 5000);
      g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "to all", 6);
    }

  /* Counters are exact after the exchange (write callbacks run later). */
  g_assert_true (tt_wait_for (counters_are, &(Counters) { second, 0, 12 }, 5000));
  g_assert_cmpuint (ta_connection_get_messages_out (second), ==, 2);
  tt_send (socks[1], "abc", 3);
  {
    g_autoptr(GBytes) got = tt_read_n (socks[1], 5, 5000);
    g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "hello", 5);
  }
  g_assert_true (tt_wait_for (counters_are, &(Counters) { second, 3, 17 }, 5000));

  first = client_at (f->server, 0);
  ta_connection_close (first, TA_CLOSE_BY_USER, NULL);
  tt_wait_clients (f->server, 2);
  g_assert_true (tt_read_eof (socks[0], 2000));
  assert_greeted (socks[1]);
  assert_greeted (socks[2]);
  tt_assert_log_eventually (f->log, "Disconnected by you.");

  for (guint i = 0; i < 3; i++)
    g_object_unref (socks[i]);
}

/* Issue 7: a peer that never reads is cut at the cap; others are served. */
static void
test_never_reading_peer (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) hog = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GSocket) good = tt_connect ("127.0.0.1", f->port);
  g_autoptr(TaConnection) hog_conn = NULL;
  static char block[64 * 1024];
  const gsize cap = 256 * 1024;
  gsize max_queued = 0;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  ta_server_set_reply (f->server, TA_REPLY_ECHO, NULL);
  ta_server_set_queue_cap (f->server, cap);
  tt_wait_clients (f->server, 2);
  hog_conn = client_at (f->server, 0);

  memset (block, 'x', sizeof block);
  /* Echoes pile up once the kernel buffers are full. */
  while (!ta_connection_is_closed (hog_conn))
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_socket_send (hog, block, sizeof block, NULL, &error);
      g_main_context_iteration (NULL, FALSE);
      max_queued = MAX (max_queued, ta_connection_get_queued_bytes (hog_conn));
    }

  g_assert_cmpuint (max_queued, <=, cap);
  tt_assert_log_eventually (f->log, "Disconnected because it stopped reading what was sent to it.");
  {
    g_autoptr(GBytes) echoed = NULL;
    tt_send (good, "still here", 10);
    echoed = tt_read_n (good, 10, 5000);
    g_assert_cmpmem (g_bytes_get_data (echoed, NULL), g_bytes_get_size (echoed), "still here", 10);
  }
}

/* Issue 7: 10,000 connect/close cycles leave no descriptor nor object behind. */
static void
count_added (TaServer *server, TaConnection *client, guint *n)
{
  (*n)++;
}

typedef struct { TaServer *server; guint *added; guint want; } CycleWait;

static gboolean
all_served (gpointer data)
{
  CycleWait *w = data;
  return *w->added >= w->want && ta_server_get_n_clients (w->server) == 0;
}

static gboolean
fds_are (gpointer data)
{
  return tt_count_fds () == *(guint *) data;
}

static void
test_connect_close_cycles (Fixture *f, gconstpointer data)
{
  guint baseline;
  guint added = 0;

  g_signal_connect (f->server, "client-added", G_CALLBACK (count_added), &added);

  baseline = tt_count_fds ();
  for (guint round = 0; round < 100; round++)
    {
      GSocket *socks[100];

      for (guint i = 0; i < 100; i++)
        socks[i] = tt_connect ("127.0.0.1", f->port);
      for (guint i = 0; i < 100; i++)
        g_object_unref (socks[i]);
      {
        CycleWait w = { f->server, &added, (round + 1) * 100 };
        g_assert_true (tt_wait_for (all_served, &w, 10000));
      }
    }
  g_assert_cmpuint (added, ==, 10000);
  if (!tt_wait_for (fds_are, &baseline, 5000))
    g_assert_cmpuint (tt_count_fds (), ==, baseline);
  ta_log_store_flush (f->log);
  g_assert_cmpuint (ta_connection_get_n_alive (), ==, 0);
}

/* Issue 7: RST in the middle of our write and of our read. Each case
 * is told apart by its own log line (the peer's port). */
typedef struct {
  TaConnection *conn;
  gsize         in;
} Progress;

static gboolean
echoes_queued (gpointer data)
{
  return ta_connection_get_queued_bytes (((Progress *) data)->conn) > 0;
}

static gboolean
read_all (gpointer data)
{
  Progress *p = data;

  return ta_connection_get_bytes_in (p->conn) == p->in;
}

static void
test_reset_mid_transfer (Fixture *f, gconstpointer data)
{
  struct linger lg = { 1, 0 };
  static char block[256 * 1024];
  const char *when[2] = { "while our echoes wait to be written", "while we wait to read" };

  ta_server_set_reply (f->server, TA_REPLY_ECHO, NULL);
  for (guint i = 0; i < 2; i++)
    {
      GSocket *s = tt_connect ("127.0.0.1", f->port);
      g_autoptr(GError) error = NULL;
      g_autoptr(TaConnection) conn = NULL;
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (s, NULL);
      /* We had echoed something it never read: its system resets the
       * connection, and the log says so calmly (not as a crash). */
      g_autofree char *line = g_strdup_printf ("Client 127.0.0.1:%u closed the connection before reading our last reply.",
                                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
      gssize sent;
      Progress p;

      tt_wait_clients (f->server, 1);
      conn = client_at (f->server, 0);
      if (i == 0)
        {
          /* We read nothing: once the kernel buffers are full, echoes
           * wait in the server's queue. */
          gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC * tt_slowdown ();

          p = (Progress) { conn, 0 };
          while (!echoes_queued (&p))
            {
              g_assert_cmpint (g_get_monotonic_time (), <, deadline);
              g_socket_send (s, block, sizeof block, NULL, NULL);
              g_main_context_iteration (NULL, FALSE);
            }
        }
      else
        {
          /* 100 bytes read and echoed; the server waits for more. */
          sent = g_socket_send (s, block, 100, NULL, &error);
          g_assert_cmpint (sent, ==, 100);
          p = (Progress) { conn, sent };
          g_assert_true (tt_wait_for (read_all, &p, 5000));
          g_assert_cmpuint (ta_connection_get_queued_bytes (conn), ==, 0);
        }
      g_test_message ("reset %s: %" G_GUINT64_FORMAT " bytes read, %" G_GSIZE_FORMAT " queued",
                      when[i], (guint64) ta_connection_get_bytes_in (conn), (gsize) ta_connection_get_queued_bytes (conn));
      setsockopt (g_socket_get_fd (s), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      g_socket_close (s, NULL);
      g_object_unref (s);
      tt_wait_clients (f->server, 0);
      tt_assert_log_eventually (f->log, line);
    }
  {
    g_autoptr(GSocket) after = tt_connect ("127.0.0.1", f->port);
    g_autoptr(GBytes) got = NULL;

    tt_send (after, "ok?", 3);
    got = tt_read_n (after, 3, 5000);
    g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "ok?", 3);
  }
}

/* Issue 7: one byte at a time, then 64 MiB in one write: every byte counted. */
static void
test_trickle_and_flood (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(TaConnection) conn = NULL;
  const gsize big = 64 * 1024 * 1024;
  g_autofree char *flood = g_malloc (big);
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;
  gsize trickled = 0;

  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  tt_wait_clients (f->server, 1);
  conn = client_at (f->server, 0);

  while (g_get_monotonic_time () < end)
    {
      tt_send (s, "z", 1);
      trickled++;
      tt_spin (2);
    }
  memset (flood, 'F', big);
  tt_send (s, flood, big);
  {
    gpointer args[2] = { conn, NULL };
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    (void) args;
    while (ta_connection_get_bytes_in (conn) < trickled + big)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
  }
  g_assert_cmpuint (ta_connection_get_bytes_in (conn), ==, trickled + big);
  /* The log keeps a bounded prefix of each message, whatever came in. */
  ta_log_store_flush (f->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->log)), <=, trickled + big / 1024 + 10);
}

/* Issue 7: stop with 100 clients connected and sending, restart at once. */
static void
test_stop_while_busy (Fixture *f, gconstpointer data)
{
  GSocket *socks[100];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    socks[i] = tt_connect ("127.0.0.1", f->port);
  tt_wait_clients (f->server, 100);
  for (guint r = 0; r < 5; r++)
    for (guint i = 0; i < 100; i++)
      {
        g_autoptr(GError) e = NULL;
        g_socket_send (socks[i], "busy", 4, NULL, &e);
        g_main_context_iteration (NULL, FALSE);
      }

  g_assert_cmpuint (ta_server_stop (f->server), ==, 100);
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, f->port, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    g_object_unref (socks[i]);
  {
    g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
    assert_greeted (s);
  }
}

static gboolean
n_clients_at_least (gpointer data)
{
  Counters *c = data;

  return ta_server_get_n_clients ((TaServer *) c->conn) >= c->in;
}

/* Issue 7: out of file descriptors, the server waits instead of spinning. */
static void
test_fd_exhaustion (Fixture *f, gconstpointer data)
{
  struct rlimit saved, low;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GOutputStream *to_peer;
  struct rusage before, after;
  double cpu;
  guint n_before;

  getrlimit (RLIMIT_NOFILE, &saved);
  low = saved;
  low.rlim_cur = tt_count_fds () + 48;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);

  /* 60 clients from another process (its own descriptors), held open. */
  code = g_strdup_printf (
    "import resource, socket, sys\n"
    "resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))\n"
    "socks = [socket.create_connection(('127.0.0.1', %u)) for _ in range(60)]\n"
    "print('open', flush=True)\n"
    "for line in sys.stdin:\n"
    "    n = int(line)\n"
    "    for s in socks[:n]: s.close()\n"
    "    socks = socks[n:]\n"
    "    print('closed', flush=True)\n", f->port);
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           "python3", "-c", code, NULL);
  g_assert_no_error (error);
  to_peer = g_subprocess_get_stdin_pipe (peer);

  tt_assert_log_eventually (f->log, "New clients wait until others leave.");
  tt_spin (300);
  n_before = ta_server_get_n_clients (f->server);
  g_assert_cmpuint (n_before, <, 60);
  g_assert_cmpuint (n_before, >, 0);

  /* While paused nothing spins: one second costs little CPU. */
  getrusage (RUSAGE_SELF, &before);
  tt_spin (1000);
  getrusage (RUSAGE_SELF, &after);
  cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) + (after.ru_stime.tv_sec - before.ru_stime.tv_sec)
        + ((after.ru_utime.tv_usec - before.ru_utime.tv_usec) + (after.ru_stime.tv_usec - before.ru_stime.tv_usec)) / 1e6;
  g_test_message ("CPU while paused: %.3f s", cpu);
  /* Under valgrind even an idle loop costs CPU: the bound means nothing there. */
  if (tt_slowdown () == 1)
    g_assert_cmpfloat (cpu, <, 0.5);
  g_assert_cmpuint (ta_server_get_n_clients (f->server), ==, n_before);

  /* Some clients leave: the ones waiting get in. */
  g_output_stream_write_all (to_peer, "10\n", 3, NULL, NULL, &error);
  g_assert_no_error (error);
  tt_assert_log_eventually (f->log, "Accepting new clients again.");
  /* Ten left and (about) ten more came in from the backlog. */
  g_assert_true (tt_wait_for (n_clients_at_least, &(Counters) { (gpointer) f->server, n_before - 1, 0 }, 5000));

  g_subprocess_force_exit (peer);
  g_subprocess_wait (peer, NULL, NULL);
  tt_wait_clients (f->server, 0);
  ta_server_stop (f->server);
  tt_spin (50);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
}

/* A peer flooding us must not starve what runs at GTK's redraw priority. */
/* Gaps in this thread's CPU time: the loop's own work, not the time other
 * jobs on the machine held the CPU (the wall-clock gap is reported). */
typedef struct {
  gint64 last, last_cpu;
  gint64 worst, worst_cpu;
  guint  runs;
} Probe;

static gboolean
probe_cb (gpointer data)
{
  Probe *p = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = tt_thread_cpu_us ();

  p->worst = MAX (p->worst, now - p->last);
  p->worst_cpu = MAX (p->worst_cpu, cpu - p->last_cpu);
  p->last = now;
  p->last_cpu = cpu;
  p->runs++;
  return G_SOURCE_CONTINUE;
}

static void
test_flood_leaves_room_for_redraw (Fixture *f, gconstpointer data)
{
  g_autofree char *code = NULL;
  TtChild *peer;
  Probe probe = { 0 };
  guint probe_id;
  g_autoptr(TaConnection) conn = NULL;
  gint64 deadline;
  const guint64 total = 1024 * 1024 * 1024;

  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  code = g_strdup_printf ("import socket\n"
                          "s = socket.create_connection(('127.0.0.1', %u))\n"
                          "b = b'x' * (1 << 20)\n"
                          "for _ in range(1024): s.sendall(b)\n"
                          "s.close()\n", f->port);
  peer = tt_child_spawn_python (code);
  tt_wait_clients (f->server, 1);
  conn = client_at (f->server, 0);

  /* GTK redraws at G_PRIORITY_HIGH_IDLE + 20. */
  probe.last = g_get_monotonic_time ();
  probe.last_cpu = tt_thread_cpu_us ();
  probe_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 20, 10, probe_cb, &probe, NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (ta_connection_get_bytes_in (conn) < total)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (probe_id);
  probe_cb (&probe);
  g_test_message ("1 GiB flood: probe ran %u times, worst gap %.1f ms of CPU, %.1f ms of wall clock",
                  probe.runs, probe.worst_cpu / 1000.0, probe.worst / 1000.0);
  g_assert_cmpuint (ta_connection_get_bytes_in (conn), ==, total);
  /* A probe that ran once or never measured no gap at all. */
  g_assert_cmpuint (probe.runs, >=, 10);
  g_assert_cmpint (probe.worst_cpu, <, 100 * 1000 * (gint64) tt_slowdown ());
  tt_child_free (peer);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/max-clients", test_max_clients);
  ADD ("/server/send-one-all-and-drop", test_send_one_all_and_drop);
  ADD ("/robust/never-reading-peer", test_never_reading_peer);
  ADD ("/robust/connect-close-cycles", test_connect_close_cycles);
  ADD ("/robust/reset-mid-transfer", test_reset_mid_transfer);
  ADD ("/robust/trickle-and-flood", test_trickle_and_flood);
  ADD ("/robust/stop-while-busy", test_stop_while_busy);
  ADD ("/robust/fd-exhaustion", test_fd_exhaustion);
  ADD ("/robust/flood-leaves-room-for-redraw", test_flood_leaves_room_for_redraw);
#undef ADD

  return g_test_run ();
}
