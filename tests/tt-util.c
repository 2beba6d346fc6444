/* tt-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "ta-log-store.h"
#include "ta-server.h"
#include "tt-util.h"

/* The CPU time the calling thread used, in µs. Gaps in a main loop
 * measured with it are the loop's own work: on a machine shared with
 * other jobs, wall-clock gaps also count the time the thread waited for a
 * CPU, which says nothing about the code under test. */
gint64
tt_thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Runs the main loop until @predicate holds or @timeout_ms passed. */
/* build-aux/sanitize runs the tests 3× (ASan) to 30× (valgrind) slower and
 * says so in TA_TEST_SLOWDOWN: waits for an event stretch accordingly. */
guint
tt_slowdown (void)
{
  const char *s = g_getenv ("TA_TEST_SLOWDOWN");
  guint64 v = s ? g_ascii_strtoull (s, NULL, 10) : 1;

  return (guint) CLAMP (v, 1, 100);
}

gboolean
tt_wait_for (TtPredicate predicate,
             gpointer    data,
             guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * tt_slowdown ();

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
tt_spin (guint ms)
{
  tt_wait_for (never, NULL, ms);
}

GSocket *
tt_connect (const char *ip,
            guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (ip);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  GSocket *socket;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* The kernel completes the handshake from the backlog: no accept needed. */
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

void
tt_send (GSocket    *socket,
         const void *data,
         gsize       len)
{
  g_autoptr(GError) error = NULL;
  gsize done = 0;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (done < len)
    {
      gssize n = g_socket_send (socket, (const char *) data + done, len - done, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&error);
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, FALSE);
          continue;
        }
      g_assert_no_error (error);
      done += n;
    }
}

typedef struct {
  GSocket    *socket;
  GByteArray *buf;
  gsize       want;
  gboolean    eof;
} ReadState;

static gboolean
read_some (gpointer data)
{
  ReadState *st = data;
  char chunk[65536];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (st->socket, chunk, sizeof chunk, NULL, &error);

      if (n > 0)
        {
          g_byte_array_append (st->buf, (guint8 *) chunk, n);
          continue;
        }
      if (n == 0)
        st->eof = TRUE;
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        st->eof = TRUE;
      break;
    }
  return st->eof || (st->want > 0 && st->buf->len >= st->want);
}

/* Reads until at least @n bytes arrived (all that is there then: maybe
 * more than @n); fails the test when the peer closed or @timeout_ms
 * (scaled) passed first. */
GBytes *
tt_read_n (GSocket *socket,
           gsize    n,
           guint    timeout_ms)
{
  ReadState st = { socket, g_byte_array_new (), n, FALSE };

  tt_wait_for (read_some, &st, timeout_ms);
  if (st.buf->len < n)
    g_error ("expected %" G_GSIZE_FORMAT " bytes, %u arrived%s", n, st.buf->len,
             st.eof ? " before the end of the stream" : " in time");
  return g_byte_array_free_to_bytes (st.buf);
}

/* Reads whatever arrives until nothing more came for @quiet_ms. */
GBytes *
tt_read_available (GSocket *socket,
                   guint    quiet_ms)
{
  ReadState st = { socket, g_byte_array_new (), 0, FALSE };
  guint last = 0;

  do
    {
      last = st.buf->len;
      tt_wait_for (read_some, &st, quiet_ms);
    }
  while (st.buf->len != last && !st.eof);

  return g_byte_array_free_to_bytes (st.buf);
}

gboolean
tt_read_eof (GSocket *socket,
             guint    timeout_ms)
{
  ReadState st = { socket, g_byte_array_new (), 0, FALSE };

  tt_wait_for (read_some, &st, timeout_ms);
  g_byte_array_unref (st.buf);
  return st.eof;
}

/* A socket bound to 127.0.0.1 on a port the system chose, not listening:
 * a connect to that port is refused, and no other program can take the
 * port while the test holds the socket (picking a free port and releasing
 * it before use races with everything else on the machine). */
GSocket *
tt_bound_port (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_cmpuint (*port, !=, 0);
  return socket;
}

/* Every entry's body, one per line, after flushing the store. */
char *
tt_log_text (GListModel *model)
{
  TaLogStore *store = TA_LOG_STORE (model);
  GString *s = g_string_new (NULL);
  guint n;

  ta_log_store_flush (store);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (model, i);

      ta_log_entry_format_body (entry, ta_log_store_get_role (store), TA_LOG_SHOW_TEXT, s);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

guint
tt_count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void child_read_cb (GObject *object, GAsyncResult *result, gpointer data);

static void
child_read_next (TtChild *child)
{
  g_data_input_stream_read_line_async (child->in, G_PRIORITY_DEFAULT, NULL, child_read_cb, child);
}

static void
child_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  TtChild *child = data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (child->in, result, NULL, NULL);

  if (line == NULL)
    {
      child->eof = TRUE;
      return;
    }
  g_string_append (child->out, line);
  g_string_append_c (child->out, '\n');
  child_read_next (child);
}

TtChild *
tt_child_spawn_python (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                       ? "/usr/bin/python3" : "python3";
  TtChild *child = g_new0 (TtChild, 1);

  g_subprocess_launcher_setenv (launcher, "PYTHONIOENCODING", "utf-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONUNBUFFERED", "1", TRUE);
  child->proc = g_subprocess_launcher_spawn (launcher, &error, python, "-c", code, NULL);
  g_assert_no_error (error);
  child->in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->proc));
  child->out = g_string_new (NULL);
  child_read_next (child);
  return child;
}

typedef struct {
  TtChild    *child;
  const char *needle;
} ChildWait;

static gboolean
child_has (gpointer data)
{
  ChildWait *w = data;
  return strstr (w->child->out->str, w->needle) != NULL;
}

gboolean
tt_child_wait_output (TtChild    *child,
                      const char *needle,
                      guint       timeout_ms)
{
  ChildWait w = { child, needle };

  return tt_wait_for (child_has, &w, timeout_ms);
}

static gboolean
child_eof (gpointer data)
{
  return ((TtChild *) data)->eof;
}

void
tt_child_free (TtChild *child)
{
  g_subprocess_force_exit (child->proc);
  g_subprocess_wait (child->proc, NULL, NULL);
  /* Let the pending line read finish before freeing what it uses. */
  tt_wait_for (child_eof, child, 2000);
  g_object_unref (child->in);
  g_object_unref (child->proc);
  g_string_free (child->out, TRUE);
  g_free (child);
}

/* A line of /proc/self/status, such as "VmRSS" or "VmHWM", in KiB. */
gsize
tt_rss_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat (field, ":", NULL);
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, key);
  if (p == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (key), NULL, 10);
}

static gboolean
n_clients_is (gpointer data)
{
  gpointer *args = data;
  return ta_server_get_n_clients (args[0]) == GPOINTER_TO_UINT (args[1]);
}

void
tt_wait_clients (gpointer server,
                 guint    n)
{
  gpointer args[2] = { server, GUINT_TO_POINTER (n) };

  if (!tt_wait_for (n_clients_is, args, 10000))
    g_error ("expected %u clients, have %u", n, ta_server_get_n_clients (server));
}

typedef struct {
  TaLogStore *log;
  const char *needle;
} LogWait;

static gboolean
log_has (gpointer data)
{
  LogWait *w = data;
  g_autofree char *text = tt_log_text (G_LIST_MODEL (w->log));

  return strstr (text, w->needle) != NULL;
}

void
tt_assert_log_eventually (gpointer    log,
                          const char *needle)
{
  LogWait w = { log, needle };

  if (!tt_wait_for (log_has, &w, 10000))
    {
      g_autofree char *text = tt_log_text (G_LIST_MODEL (log));
      g_error ("log lacks “%s”; it reads:\n%s", needle, text);
    }
}

void
tt_blackhole_open (TtBlackhole *b)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  b->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (b->listener, any, TRUE, NULL));
  g_socket_set_listen_backlog (b->listener, 0);
  g_assert_true (g_socket_listen (b->listener, NULL));
  bound = g_socket_get_local_address (b->listener, NULL);
  b->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  b->filler = tt_connect ("127.0.0.1", b->port);
}

void
tt_blackhole_close (TtBlackhole *b)
{
  g_clear_object (&b->filler);
  g_clear_object (&b->listener);
}
