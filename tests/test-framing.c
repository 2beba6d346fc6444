/* test-framing.c: framing and reply rules over real loopback sockets,
 * with our own sockets, nc and a Python peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-client.h"
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
  g_assert_no_error (error);
  f->port = ta_server_get_port (f->server);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ta_server_stop (f->server);
  tt_spin (20);
  g_clear_object (&f->log);
  g_assert_finalize_object (f->server);
  g_assert_cmpuint (ta_connection_get_n_alive (), ==, 0);
}

static void
use_rules (Fixture *f, const char *frame, const char *rules_text)
{
  g_autoptr(GError) error = NULL;
  TaFrameSpec spec;

  g_assert_true (ta_frame_spec_parse (&spec, frame, &error));
  ta_server_set_framing (f->server, &spec);
  if (rules_text != NULL)
    {
      g_assert_true (ta_rules_load_data (ta_server_get_rules (f->server), rules_text, -1, &error));
      g_assert_no_error (error);
    }
  ta_server_set_reply (f->server, TA_REPLY_RULES, NULL);
}

typedef struct {
  TaServer *server;
  guint64   bytes;
} BytesIn;

static gboolean
server_got_bytes (gpointer data)
{
  BytesIn *b = data;
  GListModel *clients = ta_server_get_clients (b->server);
  g_autoptr(TaConnection) c = NULL;

  if (g_list_model_get_n_items (clients) == 0)
    return FALSE;
  c = g_list_model_get_item (clients, 0);
  return ta_connection_get_bytes_in (c) >= b->bytes;
}

/* Sends, then waits until the server has read it: the next send is another read. */
static void
send_piece (Fixture *f, GSocket *s, const char *text, guint64 *total)
{
  BytesIn b = { f->server, *total + strlen (text) };

  tt_send (s, text, strlen (text));
  g_assert_true (tt_wait_for (server_got_bytes, &b, 5000));
  *total = b.bytes;
}

static const char device_rules[] =
  "[Rule 1]\nmatch=exact\npattern=PING\nreply=text\ntext=PONG\\n\n"
  "[Status]\nmatch=prefix\npattern=STATUS\ntext=OK {counter} {len}\\r\\n\n"
  "[Bye]\nmatch=exact\npattern=BYE\nreply=close\n"
  "[Quiet]\nmatch=contains\npattern=psst\nreply=none\n"
  "[Other]\nmatch=any\ntext=ERR unknown: {message}\\n\n";

/* A device answering by line: sticky packets split, split ones joined. */
static void
test_rules_by_line (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) r1 = NULL, r2 = NULL, r3 = NULL, extra = NULL;
  guint64 total = 0;

  use_rules (f, "line", device_rules);

  /* Three messages in one write: three replies. */
  tt_send (s, "PING\nPING\r\nwhat\n", 16);
  r1 = tt_read_n (s, 5 + 5 + 18, 5000);
  g_assert_cmpmem (g_bytes_get_data (r1, NULL), g_bytes_get_size (r1),
                   "PONG\nPONG\nERR unknown: what\n", 28);
  total = 16;

  /* One message in three reads: one reply. */
  send_piece (f, s, "STA", &total);
  send_piece (f, s, "TUS", &total);
  send_piece (f, s, "?\r\n", &total);
  r2 = tt_read_n (s, 8, 5000);
  g_assert_cmpmem (g_bytes_get_data (r2, NULL), g_bytes_get_size (r2), "OK 4 7\r\n", 8);

  /* No reply for "none". */
  tt_send (s, "psst\nPING\n", 10);
  r3 = tt_read_n (s, 5, 5000);
  g_assert_cmpmem (g_bytes_get_data (r3, NULL), g_bytes_get_size (r3), "PONG\n", 5);
  extra = tt_read_available (s, 100);
  g_assert_cmpuint (g_bytes_get_size (extra), ==, 0);

  tt_assert_log_eventually (f->log, "Client request: STATUS?  (arrived in 3 pieces)");
  tt_assert_log_eventually (f->log, "Replied (rule 1, PING): PONG");
  tt_assert_log_eventually (f->log, "Replied (rule 2, STATUS): OK 4 7");
  tt_assert_log_eventually (f->log, "Replied (rule 5, any message): ERR unknown: what");
  g_assert_cmpuint (ta_rule_get_hits (ta_rules_get_rule (ta_server_get_rules (f->server), 0)), ==, 3);

  /* "close": the connection ends after what was queued. */
  tt_send (s, "BYE\n", 4);
  g_assert_true (tt_read_eof (s, 5000));
  tt_assert_log_eventually (f->log, "Rule 3 (BYE) closes the connection.");
}

/* The tutorial default, as rules: "hello" per chunk, byte-exact. */
static void
test_default_rules_per_chunk (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  guint64 total = 0;

  use_rules (f, "chunk", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) reply = NULL;

      send_piece (f, s, "a\nb\n", &total);
      reply = tt_read_n (s, 5, 5000);
      g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), "hello", 5);
    }
  {
    g_autoptr(GBytes) extra = tt_read_available (s, 100);
    g_assert_cmpuint (g_bytes_get_size (extra), ==, 0);
  }
}

static void
test_pending_and_incomplete (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);

  use_rules (f, "line", "[Echo]\nreply=echo\n");
  tt_send (s, "HALF", 4);
  tt_assert_log_eventually (f->log, "Part of a message (4 bytes) has waited more than a second for its end.");
  g_socket_shutdown (s, FALSE, TRUE, NULL);
  tt_assert_log_eventually (f->log, "Client request: HALF  (incomplete: the connection ended before its end)");
}

/* Changing the framing mid-message: what waited goes out as it is. */
static void
test_change_framing (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autofree char *text = NULL;
  guint64 total = 0;
  TaFrameSpec chunk;

  use_rules (f, "line", "[None]\nreply=none\n");
  send_piece (f, s, "WAITING", &total);
  ta_frame_spec_init (&chunk);
  ta_server_set_framing (f->server, &chunk);
  tt_assert_log_eventually (f->log, "Client request: WAITING");
  send_piece (f, s, "a\nb\n", &total);
  tt_assert_log_eventually (f->log, "Client request: a\\nb\\n");
  text = tt_log_text (G_LIST_MODEL (f->log));
  g_assert_null (strstr (text, "incomplete"));
}

static void
test_length_prefix_and_hex (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  const guint8 msgs[] = { 0, 3, 0x01, 0x7F, 0xFF, 0, 2, 'h', 'i' };
  g_autoptr(GBytes) r = NULL;
  guint64 total = 0;

  use_rules (f, "prefix:2be",
             "[Ack]\nmatch=hex\npattern=01 ?? FF\nreply=hex\ntext=06\n"
             "[Echo]\nreply=echo\n");
  /* Byte by byte: every message arrives in pieces. */
  for (gsize i = 0; i < sizeof msgs; i++)
    {
      BytesIn b = { f->server, total + 1 };

      tt_send (s, msgs + i, 1);
      g_assert_true (tt_wait_for (server_got_bytes, &b, 5000));
      total++;
    }
  r = tt_read_n (s, 3, 5000);
  g_assert_cmpmem (g_bytes_get_data (r, NULL), g_bytes_get_size (r), "\x06hi", 3);
  tt_assert_log_eventually (f->log, "Client request: hi  (arrived in 4 pieces)");
}

/* A Modbus-like device: replies carry their CRC, byte-exact, and a text
 * reply's checksum covers the text with its variables filled in. Two
 * requests in one write: two replies. */
static void
test_checksum_replies (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  /* Read 10 holding registers from 0 (the specification's example,
   * CRC C5 CD), then an 8-byte text command. */
  const guint8 requests[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD,
                              'S', 'T', 'A', 'T', 'U', 'S', '?', '\n' };
  /* 01 03 04 00 2A 00 07, CRC-16/Modbus 9A 39 low byte first (computed by
   * hand); "OK2" XOR-8 = 0x36 ('6'), then CRLF. */
  const guint8 expected[] = { 0x01, 0x03, 0x04, 0x00, 0x2A, 0x00, 0x07, 0x9A, 0x39,
                              'O', 'K', '2', 0x36, '\r', '\n' };
  g_autoptr(GBytes) r = NULL;

  use_rules (f, "length:8",
             "[Read]\nmatch=hex\npattern=01 03 00 00 00 0A ?? ??\nreply=hex\n"
             "text=01 03 04 00 2A 00 07\nchecksum=crc16-modbus\n"
             "[Status]\nmatch=exact\npattern=STATUS?\\n\ntext=OK{counter}\nchecksum=xor8\nending=crlf\n");
  tt_send (s, requests, sizeof requests);
  r = tt_read_n (s, sizeof expected, 5000);
  g_assert_cmpmem (g_bytes_get_data (r, NULL), g_bytes_get_size (r), expected, sizeof expected);
  tt_assert_log_eventually (f->log, "Replied (rule 1, 01 03 00 00 00 0A ?? ?\?)");
  tt_assert_log_eventually (f->log, "Replied (rule 2, STATUS?");
}

static void
test_delay (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) r = NULL;
  gint64 start;

  use_rules (f, "line", "[Slow]\ntext=late\ndelay=300\n");
  start = g_get_monotonic_time ();
  tt_send (s, "x\n", 2);
  r = tt_read_n (s, 4, 5000);
  g_assert_cmpmem (g_bytes_get_data (r, NULL), g_bytes_get_size (r), "late", 4);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

/* A regular expression that backtracks without end must not freeze the
 * loop: a hundred messages are still answered quickly. */
static void
test_slow_regex (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GString) burst = g_string_new (NULL);
  g_autoptr(GBytes) r = NULL;
  gint64 start;

  use_rules (f, "line", "[Evil]\nmatch=regex\npattern=^(a|aa)+$\ntext=never\n[Ok]\ntext=ok\n");
  for (int i = 0; i < 100; i++)
    {
      g_string_append_len (burst, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 48);
      g_string_append (burst, "!\n");
    }
  start = g_get_monotonic_time ();
  tt_send (s, burst->str, burst->len);
  r = tt_read_n (s, 200, 20000);
  g_assert_cmpuint (g_bytes_get_size (r), ==, 200);
  g_test_message ("100 pathological messages answered in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC * tt_slowdown ());
  tt_assert_log_eventually (f->log, "Rule 1 gave up on this message");
}

/* The client page frames too: a length-prefixed stream from the server. */
static void
test_client_framing (Fixture *f, gconstpointer data)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(TaLogStore) clog = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(GBytes) reply = g_bytes_new_static ("\0\3abc\0\2de", 9);
  g_autoptr(GBytes) go = g_bytes_new_static ("go", 2);
  TaFrameSpec spec;

  ta_server_set_reply (f->server, TA_REPLY_TEXT, reply);
  g_assert_true (ta_frame_spec_parse (&spec, "prefix:2be", NULL));
  ta_client_set_framing (client, &spec);
  ta_log_store_attach_client (clog, client);
  ta_client_connect (client, "127.0.0.1", f->port, 5);
  tt_assert_log_eventually (clog, "Connected");
  ta_client_send (client, go, NULL);
  tt_assert_log_eventually (clog, "Received: abc");
  tt_assert_log_eventually (clog, "Received: de");
  ta_client_disconnect (client);
  tt_spin (20);
}

/* The example: nc sends lines, gets PONG. */
static void
test_netcat (Fixture *f, gconstpointer data)
{
  g_autofree char *nc = g_find_program_in_path ("nc");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_s = NULL;
  g_autofree char *out = NULL;
  GCancellable *cancellable = NULL;

  if (nc == NULL)
    {
      g_test_skip ("nc (netcat-openbsd) is not installed");
      return;
    }
  use_rules (f, "line", device_rules);
  port_s = g_strdup_printf ("%u", f->port);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  proc = g_subprocess_launcher_spawn (launcher, &error, nc, "-N", "127.0.0.1", port_s, NULL);
  g_assert_no_error (error);
  {
    TtChild child = { 0 };
    (void) child;
  }
  /* nc sends, half-closes, prints what came back until we close. */
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (proc);
    GInputStream *o = g_subprocess_get_stdout_pipe (proc);
    g_autoptr(GByteArray) got = g_byte_array_new ();
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC * tt_slowdown ();

    g_assert_true (g_output_stream_write_all (in, "PING\nSTATUS\n", 12, NULL, cancellable, &error));
    g_output_stream_close (in, NULL, NULL);
    g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (o));
    while (got->len < 5 + 10 && g_get_monotonic_time () < deadline)
      {
        guint8 buf[64];
        gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (o), buf, sizeof buf,
                                                             NULL, NULL);
        if (n > 0)
          g_byte_array_append (got, buf, n);
        else if (n == 0)
          break;
        else
          g_main_context_iteration (NULL, FALSE);
      }
    out = g_strndup ((char *) got->data, got->len);
  }
  g_assert_cmpstr (out, ==, "PONG\nOK 2 6\r\n");
  g_subprocess_force_exit (proc);
}

/* A Python peer sends length-prefixed frames in pieces. */
static void
test_python_peer (Fixture *f, gconstpointer data)
{
  g_autofree char *code = NULL;
  TtChild *child;

  use_rules (f, "prefix:2le", "[Rule 1]\nmatch=regex\npattern=^GET (\\w+)$\ntext=VALUE {message}\\n\n");
  code = g_strdup_printf ("import socket, struct, time\n"
                          "s = socket.create_connection(('127.0.0.1', %u))\n"
                          "m = b'GET temp'\n"
                          "f = struct.pack('<H', len(m)) + m\n"
                          "s.sendall(f[:3]); time.sleep(0.2); s.sendall(f[3:] + f)\n"
                          "buf = b''\n"
                          "while buf.count(b'\\n') < 2:\n"
                          "    buf += s.recv(100)\n"
                          "print(buf.decode())\n"
                          "s.close()\n", f->port);
  child = tt_child_spawn_python (code);
  g_assert_true (tt_child_wait_output (child, "VALUE GET temp\nVALUE GET temp\n", 10000));
  tt_child_free (child);
  tt_assert_log_eventually (f->log, "Client request: GET temp  (arrived in 2 pieces)");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/framing/rules-by-line", test_rules_by_line);
  ADD ("/framing/default-rules-per-chunk", test_default_rules_per_chunk);
  ADD ("/framing/pending-and-incomplete", test_pending_and_incomplete);
  ADD ("/framing/change-framing", test_change_framing);
  ADD ("/framing/length-prefix-and-hex", test_length_prefix_and_hex);
  ADD ("/framing/delay", test_delay);
  ADD ("/framing/checksum-replies", test_checksum_replies);
  ADD ("/framing/slow-regex", test_slow_regex);
  ADD ("/framing/client", test_client_framing);
  ADD ("/framing/netcat", test_netcat);
  ADD ("/framing/python-peer", test_python_peer);
#undef ADD

  return g_test_run ();
}
