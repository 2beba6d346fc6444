/* test-client.c: the client side against blackholes and Python peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ta-client.h"
#include "ta-codec.h"
#include "ta-file-sender.h"
#include "ta-log-store.h"
#include "tt-util.h"

typedef struct {
  char     *failure;
  gboolean  connected;
  gboolean  closed;
} Watch;

static void on_failed (TaClient *c, const char *m, GError *e, Watch *w) { g_free (w->failure); w->failure = g_strdup (m); }
static void on_connected (TaClient *c, TaConnection *conn, Watch *w) { w->connected = TRUE; }
static void on_closed (TaClient *c, TaConnection *conn, guint r, const char *m, Watch *w) { w->closed = TRUE; }

static gboolean
watch_settled (gpointer data)
{
  Watch *w = data;
  return w->connected || w->failure != NULL;
}

static TaClient *
watched_client (Watch *w)
{
  TaClient *client = ta_client_new ();

  g_signal_connect (client, "connect-failed", G_CALLBACK (on_failed), w);
  g_signal_connect (client, "connected", G_CALLBACK (on_connected), w);
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), w);
  return client;
}

static void
connect_or_fail (TaClient *client, Watch *w, guint16 port)
{
  ta_client_connect (client, "127.0.0.1", port, 5);
  g_assert_true (tt_wait_for (watch_settled, w, 5000));
  g_assert_null (w->failure);
}

static void
test_cancel_while_connecting (void)
{
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  TtBlackhole b;

  tt_blackhole_open (&b);
  ta_client_connect (client, "127.0.0.1", b.port, 30);
  tt_spin (300);
  g_assert_cmpuint (ta_client_get_state (client), ==, TA_CLIENT_CONNECTING);
  ta_client_cancel (client);
  g_assert_cmpuint (ta_client_get_state (client), ==, TA_CLIENT_DISCONNECTED);
  g_assert_cmpstr (w.failure, ==, "Connecting was cancelled.");
  tt_spin (100);
  g_assert_false (w.connected);
  tt_blackhole_close (&b);
  g_free (w.failure);
}

static void
test_connect_timeout (void)
{
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autofree char *expected = NULL;
  TtBlackhole b;
  gint64 start;

  tt_blackhole_open (&b);
  start = g_get_monotonic_time ();
  ta_client_connect (client, "127.0.0.1", b.port, 1);
  g_assert_true (tt_wait_for (watch_settled, &w, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  expected = g_strdup_printf ("No answer from 127.0.0.1 port %u within 1 second.", b.port);
  g_assert_true (g_str_has_prefix (w.failure, expected));
  tt_blackhole_close (&b);
  g_free (w.failure);
}

static void
test_unknown_host (void)
{
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);

  /* .invalid never resolves (RFC 2606); the resolver answers locally. */
  ta_client_connect (client, "no-such-host.invalid", 7788, 5);
  g_assert_true (tt_wait_for (watch_settled, &w, 10000));
  g_assert_nonnull (w.failure);
  g_assert_nonnull (strstr (w.failure, "could not be found"));
  g_free (w.failure);
}

/* A Python peer that decodes what it gets with Python's own codec and
 * sends the same text back, encoded again. */
static const char *codec_peer =
  "import socket, json\n"
  "l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(8)\n"
  "print('port', l.getsockname()[1])\n"
  "while True:\n"
  "    c, _ = l.accept()\n"
  "    data = b''\n"
  "    while b'\\n' not in data: data += c.recv(4096)\n"
  "    codec, rest = data.split(b'\\n', 1)\n"
  "    n = int(codec.split(b':')[1]); codec = codec.split(b':')[0].decode()\n"
  "    while len(rest) < n: rest += c.recv(4096)\n"
  "    text = rest.decode(codec)\n"
  "    print(json.dumps({'codec': codec, 'text': text}, ensure_ascii=False))\n"
  "    c.sendall(text.encode(codec)); c.close()\n";

static guint16
child_port (TtChild *child)
{
  const char *p;

  g_assert_true (tt_child_wait_output (child, "\n", 10000));
  p = strstr (child->out->str, "port ");
  g_assert_nonnull (p);
  return (guint16) g_ascii_strtoull (p + 5, NULL, 10);
}

static void
test_encodings_against_python (void)
{
  struct { const char *ours; const char *python; const char *text; } cases[] = {
    { "UTF-8", "utf-8", "你好 こんにちは 안녕 café" },
    { "GBK", "gbk", "你好 café" },
    { "GB18030", "gb18030", "你好 こんにちは 안녕 café" },
    { "BIG5", "big5", "你好" },
    { "SHIFT_JIS", "shift_jis", "こんにちは" },
    { "EUC-KR", "euc_kr", "안녕" },
    { "ISO-8859-1", "latin-1", "café" },
    { "WINDOWS-1252", "cp1252", "café €" },
  };
  TtChild *peer = tt_child_spawn_python (codec_peer);
  guint16 port = child_port (peer);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Watch w = { 0 };
      g_autoptr(TaClient) client = watched_client (&w);
      g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) payload = ta_codec_encode (cases[i].ours, cases[i].text, -1, &error);
      g_autofree char *header = NULL;
      g_autoptr(GBytes) head = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *received = NULL;

      g_assert_no_error (error);
      ta_log_store_attach_client (log, client);
      ta_log_store_set_receive_charset (log, cases[i].ours);
      connect_or_fail (client, &w, port);

      header = g_strdup_printf ("%s:%" G_GSIZE_FORMAT "\n", cases[i].python, g_bytes_get_size (payload));
      head = g_bytes_new (header, strlen (header));
      g_assert_true (ta_client_send (client, head, NULL));
      g_assert_true (ta_client_send (client, payload, NULL));

      /* Python read exactly our text... */
      printed = g_strdup_printf ("{\"codec\": \"%s\", \"text\": \"%s\"}", cases[i].python, cases[i].text);
      if (!tt_child_wait_output (peer, printed, 5000))
        g_error ("python printed: %s", peer->out->str);
      /* ... and we read its reply as the same text. */
      received = g_strdup_printf ("Received: %s", cases[i].text);
      tt_assert_log_eventually (log, received);
      g_free (w.failure);
    }
  tt_child_free (peer);
}

/* Reads everything, then prints its length and SHA-256; or closes early. */
static const char *sink_peer =
  "import socket, hashlib, sys\n"
  "limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0\n"
  "l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(1)\n"
  "print('port', l.getsockname()[1])\n"
  "c, _ = l.accept(); h = hashlib.sha256(); n = 0\n"
  "while True:\n"
  "    b = c.recv(1 << 20)\n"
  "    if not b: break\n"
  "    h.update(b); n += len(b)\n"
  "    if limit and n >= limit:\n"
  "        c.close(); print('closed early'); sys.exit(0)\n"
  "print('got', n, h.hexdigest())\n";

typedef struct {
  gboolean  finished;
  GError   *error;
} SendWatch;

static void
on_file_finished (TaFileSender *sender, GError *error, SendWatch *sw)
{
  sw->finished = TRUE;
  sw->error = error ? g_error_copy (error) : NULL;
}

static gboolean
send_finished (gpointer data)
{
  return ((SendWatch *) data)->finished;
}

static char *
write_test_file (gsize size, char **sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("ta-send-XXXXXX.bin", &io, &error);
  GOutputStream *out;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 block[65536];
  guint32 x = 12345;

  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (io));
  for (gsize done = 0; done < size; done += sizeof block)
    {
      gsize n = MIN (sizeof block, size - done);

      for (gsize i = 0; i < n; i++)
        {
          x = x * 1103515245 + 12345;
          block[i] = x >> 24;
        }
      g_checksum_update (sum, block, n);
      g_output_stream_write_all (out, block, n, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_io_stream_close (G_IO_STREAM (io), NULL, &error);
  g_assert_no_error (error);
  *sha256 = g_strdup (g_checksum_get_string (sum));
  return g_file_get_path (file);
}

static void
test_send_large_file (void)
{
  const gsize size = 100 * 1024 * 1024;
  g_autofree char *sha = NULL;
  g_autofree char *path = write_test_file (size, &sha);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TtChild *peer = tt_child_spawn_python (sink_peer);
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(TaFileSender) sender = NULL;
  g_autofree char *expected = g_strdup_printf ("got %" G_GSIZE_FORMAT " %s", size, sha);
  SendWatch sw = { 0 };
  gsize rss_before, peak = 0;
  gint64 deadline;

  ta_log_store_attach_client (log, client);
  connect_or_fail (client, &w, child_port (peer));
  rss_before = tt_rss_kb ("VmRSS");

  sender = ta_file_sender_new (ta_client_get_connection (client), file);
  g_signal_connect (sender, "finished", G_CALLBACK (on_file_finished), &sw);
  ta_file_sender_start (sender);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!sw.finished)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      peak = MAX (peak, tt_rss_kb ("VmRSS"));
    }
  g_assert_no_error (sw.error);
  g_assert_cmpuint (ta_file_sender_get_sent (sender), ==, size);
  ta_client_close_when_sent (client);

  if (!tt_child_wait_output (peer, expected, 30000))
    g_error ("peer printed %s, expected %s", peer->out->str, expected);
  g_test_message ("RSS before %" G_GSIZE_FORMAT " KiB, peak while sending %" G_GSIZE_FORMAT " KiB",
                  rss_before, peak);
  g_assert_cmpuint (peak, <, rss_before + 100 * 1024);
  /* The log has no line per 64 KiB piece. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <, 10);

  tt_child_free (peer);
  g_unlink (path);
  g_free (w.failure);
}

static void
test_file_vanished (void)
{
  TtChild *peer = tt_child_spawn_python (sink_peer);
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/ta-test-file");
  g_autoptr(TaFileSender) sender = NULL;
  SendWatch sw = { 0 };

  connect_or_fail (client, &w, child_port (peer));
  sender = ta_file_sender_new (ta_client_get_connection (client), file);
  g_signal_connect (sender, "finished", G_CALLBACK (on_file_finished), &sw);
  ta_file_sender_start (sender);
  g_assert_true (tt_wait_for (send_finished, &sw, 5000));
  g_assert_nonnull (sw.error);
  g_assert_nonnull (strstr (sw.error->message, "cannot be read"));
  g_assert_cmpuint (ta_file_sender_get_sent (sender), ==, 0);
  g_error_free (sw.error);
  tt_child_free (peer);
  g_free (w.failure);
}

static void
test_server_closes_mid_file (void)
{
  g_autofree char *sha = NULL;
  g_autofree char *path = write_test_file (32 * 1024 * 1024, &sha);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *code = g_strdup_printf ("import sys; sys.argv = ['x', '1048576']\n%s", sink_peer);
  TtChild *peer = tt_child_spawn_python (code);
  Watch w = { 0 };
  g_autoptr(TaClient) client = watched_client (&w);
  g_autoptr(TaFileSender) sender = NULL;
  SendWatch sw = { 0 };

  connect_or_fail (client, &w, child_port (peer));
  sender = ta_file_sender_new (ta_client_get_connection (client), file);
  g_signal_connect (sender, "finished", G_CALLBACK (on_file_finished), &sw);
  ta_file_sender_start (sender);
  g_assert_true (tt_wait_for (send_finished, &sw, 20000));
  g_assert_nonnull (sw.error);
  g_assert_nonnull (strstr (sw.error->message, "closed before the whole file was sent"));
  g_assert_true (w.closed);
  g_error_free (sw.error);
  tt_child_free (peer);
  g_unlink (path);
  g_free (w.failure);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/cancel-while-connecting", test_cancel_while_connecting);
  g_test_add_func ("/client/connect-timeout", test_connect_timeout);
  g_test_add_func ("/client/unknown-host", test_unknown_host);
  g_test_add_func ("/client/encodings-against-python", test_encodings_against_python);
  g_test_add_func ("/client/send-large-file", test_send_large_file);
  g_test_add_func ("/client/file-vanished", test_file_vanished);
  g_test_add_func ("/client/server-closes-mid-file", test_server_closes_mid_file);

  return g_test_run ();
}
