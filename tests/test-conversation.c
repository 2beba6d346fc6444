/* test-conversation.c: the conversation model and the traffic sampler,
 * from scripted exchanges over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/socket.h>

#include "ta-client.h"
#include "ta-conversation.h"
#include "ta-log-store.h"
#include "ta-server.h"
#include "ta-traffic.h"
#include "tt-util.h"

typedef struct {
  TaServer       *server;
  TaLogStore     *log;
  TaConversation *conv;
  guint16         port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = ta_server_new ();
  f->log = ta_log_store_new (TA_LOG_ROLE_SERVER);
  ta_log_store_attach_server (f->log, f->server);
  f->conv = ta_conversation_new (f->log);
  g_assert_true (ta_server_start (f->server, TA_BIND_LOOPBACK, 0, &error));
  g_assert_no_error (error);
  f->port = ta_server_get_port (f->server);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ta_server_stop (f->server);
  ta_log_store_flush (f->log);
  g_assert_finalize_object (f->conv);
  g_clear_object (&f->log);
  g_assert_finalize_object (f->server);
  g_assert_cmpuint (ta_connection_get_n_alive (), ==, 0);
}

/* The id of the server's only client. */
static guint
only_client_id (TaServer *server)
{
  g_autoptr(TaConnection) c = NULL;

  tt_wait_clients (server, 1);
  c = g_list_model_get_item (ta_server_get_clients (server), 0);
  return ta_connection_get_id (c);
}

typedef struct {
  GListModel *model;
  guint       n;
  TaStepKind  last_kind;
} StepWait;

static gboolean
has_step_kind (gpointer data)
{
  StepWait *w = data;
  guint n = g_list_model_get_n_items (w->model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConversationStep) step = g_list_model_get_item (w->model, i);

      if (ta_conversation_step_get_kind (step) == w->last_kind)
        return TRUE;
    }
  return FALSE;
}

static void
wait_step (TaConversation *conv,
           TaStepKind      kind)
{
  StepWait w = { G_LIST_MODEL (conv), 0, kind };

  if (!tt_wait_for (has_step_kind, &w, 10000))
    g_error ("no step of kind %d among %u", kind, g_list_model_get_n_items (w.model));
}

/* The steps in one string: "connected|in:hello server|out:hello|closed". */
static char *
steps_summary (TaConversation *conv)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (conv));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaConversationStep) step = g_list_model_get_item (G_LIST_MODEL (conv), i);
      g_autofree char *preview = ta_conversation_step_dup_preview (step, 20);

      if (s->len > 0)
        g_string_append_c (s, '|');
      switch (ta_conversation_step_get_kind (step))
        {
        case TA_STEP_CONNECTED: g_string_append (s, "connected"); break;
        case TA_STEP_MESSAGE:
          g_string_append_printf (s, "%s:%s", ta_conversation_step_is_outgoing (step) ? "out" : "in",
                                  preview);
          break;
        case TA_STEP_PEER_FINISHED: g_string_append (s, "peer-finished"); break;
        case TA_STEP_WE_FINISHED: g_string_append (s, "we-finished"); break;
        case TA_STEP_CLOSED:
          g_string_append_printf (s, "closed:%u",
                                  ta_log_entry_get_close_reason (ta_conversation_step_get_entry (step)));
          break;
        case TA_STEP_GAP: g_string_append (s, "gap"); break;
        }
    }
  return g_string_free (s, FALSE);
}

/* The tutorial's exchange: connect, a request, "hello", the client closes. */
static void
test_exchange (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(TaConversationStep) first = NULL;
  g_autoptr(TaConversationStep) request = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *describe = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *local = NULL;
  guint id = only_client_id (f->server);

  ta_conversation_set_conn_id (f->conv, id);
  tt_send (s, "hello server", 12);
  reply = tt_read_n (s, 5, 5000);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), "hello", 5);
  g_socket_close (s, NULL);
  wait_step (f->conv, TA_STEP_CLOSED);

  summary = steps_summary (f->conv);
  g_assert_cmpstr (summary, ==, "connected|in:hello server|out:hello|closed:0");
  g_assert_cmpuint (ta_conversation_get_n_messages (f->conv), ==, 2);

  /* Who connected to whom, with both addresses and ports. */
  first = g_list_model_get_item (G_LIST_MODEL (f->conv), 0);
  local = g_strdup_printf ("127.0.0.1:%u", f->port);
  g_assert_cmpstr (ta_conversation_get_local (f->conv), ==, local);
  g_assert_true (g_str_has_prefix (ta_conversation_get_peer (f->conv), "127.0.0.1:"));
  title = ta_conversation_step_dup_title (first, TA_LOG_ROLE_SERVER);
  g_assert_nonnull (strstr (title, local));
  g_assert_nonnull (strstr (title, ta_conversation_get_peer (f->conv)));

  /* The screen reader's name: time, direction, size, text. */
  request = g_list_model_get_item (G_LIST_MODEL (f->conv), 1);
  describe = ta_conversation_step_describe (request, TA_LOG_ROLE_SERVER);
  g_assert_true (g_regex_match_simple ("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d, client to server, 12 bytes: hello server$",
                                       describe, 0, 0));
  detail = ta_conversation_step_dup_detail (request);
  g_assert_nonnull (strstr (detail, "12 bytes"));
}

/* Two connections in one log: each conversation has only its own steps,
 * and a late choice gathers what happened before it. */
static void
test_two_clients (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) a = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GSocket) b = NULL;
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autofree char *summary_a = NULL;
  g_autofree char *summary_b = NULL;
  guint id_a = only_client_id (f->server), id_b;

  b = tt_connect ("127.0.0.1", f->port);
  tt_wait_clients (f->server, 2);
  {
    g_autoptr(TaConnection) c = g_list_model_get_item (ta_server_get_clients (f->server), 1);
    id_b = ta_connection_get_id (c);
  }
  tt_send (a, "A", 1);
  r1 = tt_read_n (a, 5, 5000);
  tt_send (b, "B", 1);
  r2 = tt_read_n (b, 5, 5000);
  ta_log_store_flush (f->log);

  ta_conversation_set_conn_id (f->conv, id_a);
  summary_a = steps_summary (f->conv);
  g_assert_cmpstr (summary_a, ==, "connected|in:A|out:hello");
  ta_conversation_set_conn_id (f->conv, id_b);
  summary_b = steps_summary (f->conv);
  g_assert_cmpstr (summary_b, ==, "connected|in:B|out:hello");
  ta_conversation_set_conn_id (f->conv, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->conv)), ==, 0);
}

/* The client finishes sending while the server still has data for it:
 * a half-close, then the close once everything went out. */
static void
test_half_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(TaConnection) c = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GBytes) chunk = NULL;
  const gsize total = 16 * 1024 * 1024, piece = 1024 * 1024;
  gsize got = 0;
  guint id;

  ta_server_set_queue_cap (f->server, 2 * total);
  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  id = only_client_id (f->server);
  c = g_list_model_get_item (ta_server_get_clients (f->server), 0);
  ta_conversation_set_conn_id (f->conv, id);

  /* More than the kernel buffers while the client does not read. */
  chunk = g_bytes_new_take (g_malloc0 (piece), piece);
  for (gsize sent = 0; sent < total; sent += piece)
    ta_server_send (f->server, c, chunk);
  g_assert_cmpuint (ta_connection_get_queued_bytes (c), >, 0);

  g_socket_shutdown (s, FALSE, TRUE, NULL);
  wait_step (f->conv, TA_STEP_PEER_FINISHED);

  /* Now read it all: the server closes when done. */
  g_socket_set_blocking (s, FALSE);
  while (got < total)
    {
      g_autoptr(GBytes) part = tt_read_available (s, 2000);

      g_assert_cmpuint (g_bytes_get_size (part), >, 0);
      got += g_bytes_get_size (part);
    }
  g_assert_true (tt_read_eof (s, 5000));
  wait_step (f->conv, TA_STEP_CLOSED);

  summary = steps_summary (f->conv);
  g_assert_true (g_str_has_prefix (summary, "connected|out:"));
  /* What was still queued goes out after the half-close. */
  g_assert_nonnull (strstr (summary, "|peer-finished|"));
  g_assert_true (g_str_has_suffix (summary, "|closed:0"));
}

/* A reset: the close step says so. */
static void
test_reset (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  struct linger lg = { 1, 0 };
  g_autofree char *summary = NULL;
  g_autofree char *expected = g_strdup_printf ("connected|in:x|closed:%u", TA_CLOSE_RESET);

  /* No reply: a reset after one is taken for a peer that did not read it
   * (TA_CLOSE_PEER_UNREAD), a calmer story. */
  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  ta_conversation_set_conn_id (f->conv, only_client_id (f->server));
  tt_send (s, "x", 1);
  tt_assert_log_eventually (f->log, "Client request: x");
  /* A zero linger time: the close is an abortive one (RST). */
  setsockopt (g_socket_get_fd (s), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  g_socket_close (s, NULL);
  wait_step (f->conv, TA_STEP_CLOSED);

  summary = steps_summary (f->conv);
  g_assert_cmpstr (summary, ==, expected);
}

/* Our client closes after sending: this computer finished sending first. */
static void
test_we_finish (Fixture *f, gconstpointer data)
{
  g_autoptr(TaClient) client = ta_client_new ();
  g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(TaConversation) conv = ta_conversation_new (log);
  g_autoptr(GBytes) msg = g_bytes_new_static ("hi", 2);
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;

  ta_log_store_attach_client (log, client);
  ta_client_connect (client, "127.0.0.1", f->port, 5);
  tt_wait_clients (f->server, 1);
  while (ta_client_get_state (client) != TA_CLIENT_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  ta_conversation_set_conn_id (conv, ta_connection_get_id (ta_client_get_connection (client)));
  g_assert_true (ta_client_send (client, msg, &error));
  ta_client_close_when_sent (client);
  wait_step (conv, TA_STEP_CLOSED);

  summary = steps_summary (conv);
  g_assert_cmpstr (summary, ==, "connected|out:hi|we-finished|in:hello|closed:1");
  g_clear_object (&conv);
  g_clear_object (&log);
}

/* A pause longer than a second is a gap with its length. */
static void
test_gap (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  g_autoptr(TaConversationStep) gap = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;

  ta_conversation_set_conn_id (f->conv, only_client_id (f->server));
  tt_send (s, "a", 1);
  r1 = tt_read_n (s, 5, 5000);
  tt_spin (1300);   /* the pause itself is what is tested */
  tt_send (s, "b", 1);
  r2 = tt_read_n (s, 5, 5000);
  ta_log_store_flush (f->log);

  summary = steps_summary (f->conv);
  g_assert_cmpstr (summary, ==, "connected|in:a|out:hello|gap|in:b|out:hello");
  gap = g_list_model_get_item (G_LIST_MODEL (f->conv), 3);
  g_assert_cmpint (ta_conversation_step_get_duration (gap), >=, 1300 * 1000);
  title = ta_conversation_step_dup_title (gap, TA_LOG_ROLE_SERVER);
  g_assert_true (g_str_has_suffix (title, " s without traffic"));
}

/* Binary data is previewed as hex. */
static void
test_binary_preview (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(TaConversationStep) step = NULL;
  g_autoptr(GBytes) r = NULL;
  g_autofree char *preview = NULL;
  const guint8 bin[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd };

  ta_conversation_set_conn_id (f->conv, only_client_id (f->server));
  tt_send (s, bin, sizeof bin);
  r = tt_read_n (s, 5, 5000);
  ta_log_store_flush (f->log);
  step = g_list_model_get_item (G_LIST_MODEL (f->conv), 1);
  preview = ta_conversation_step_dup_preview (step, 100);
  g_assert_cmpstr (preview, ==, "01 03 00 00 00 0A C5 CD");
}

static gboolean
conn_got_2 (gpointer data)
{
  return ta_connection_get_bytes_in (data) >= 2;
}

/* Framing by line: a message that came in two reads is one step, and
 * says so. */
static void
test_framed (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  g_autoptr(TaConnection) c = NULL;
  g_autoptr(TaConversationStep) step = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *describe = NULL;
  TaFrameSpec spec;

  g_assert_true (ta_frame_spec_parse (&spec, "line", NULL));
  ta_server_set_framing (f->server, &spec);
  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  ta_conversation_set_conn_id (f->conv, only_client_id (f->server));
  c = g_list_model_get_item (ta_server_get_clients (f->server), 0);

  tt_send (s, "AB", 2);
  g_assert_true (tt_wait_for (conn_got_2, c, 5000));
  tt_send (s, "C\n", 2);
  tt_assert_log_eventually (f->log, "Client request: ABC");
  ta_log_store_flush (f->log);

  summary = steps_summary (f->conv);
  g_assert_cmpstr (summary, ==, "connected|in:ABC");
  step = g_list_model_get_item (G_LIST_MODEL (f->conv), 1);
  detail = ta_conversation_step_dup_detail (step);
  g_assert_true (g_str_has_suffix (detail, " · arrived in 2 pieces"));
  describe = ta_conversation_step_describe (step, TA_LOG_ROLE_SERVER);
  g_assert_true (g_str_has_suffix (describe, ", client to server, 3 bytes: ABC (arrived in 2 pieces)"));
}

/* The store drops its oldest entries: the model drops their steps and
 * stays no bigger than the store. Appends are looked at once each. */
static void
test_bounded (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) s = tt_connect ("127.0.0.1", f->port);
  guint id = only_client_id (f->server);
  const guint max = 1000;

  ta_log_store_set_max_entries (f->log, max);
  ta_server_set_reply (f->server, TA_REPLY_NONE, NULL);
  ta_conversation_set_conn_id (f->conv, id);
  for (guint i = 0; i < 20; i++)
    {
      for (guint j = 0; j < 500; j++)
        {
          g_autoptr(GBytes) msg = g_bytes_new_static ("m", 1);
          TaConnection *c = g_list_model_get_item (ta_server_get_clients (f->server), 0);

          ta_server_send (f->server, c, msg);
          g_object_unref (c);
        }
      ta_log_store_flush (f->log);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->conv)), <=,
                        g_list_model_get_n_items (G_LIST_MODEL (f->log)));
    }
  g_assert_cmpuint (ta_log_store_get_n_dropped (f->log), >, 0);
  g_assert_cmpuint (ta_conversation_get_n_messages (f->conv), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (f->conv)));
  ta_log_store_clear (f->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->conv)), ==, 0);
  g_assert_cmpuint (ta_conversation_get_n_messages (f->conv), ==, 0);
}

/* Switching connections finds each one's entries from where it starts in
 * the store: entries from before the model existed, a connection not seen
 * yet, one whose first entry the store dropped, and one whose start the
 * model forgot among thousands of others. */
static void
add_entries (TaLogStore *log, guint conn_id, const char *text)
{
  g_autoptr(GBytes) msg = g_bytes_new (text, strlen (text));

  ta_log_store_append_stage (log, TA_LOG_EVENT, conn_id, "peer", "Connected", TA_LOG_STAGE_CONNECTED, 0, NULL);
  ta_log_store_append_data (log, TA_LOG_RECEIVED, conn_id, "peer", msg);
}

static guint
conv_n_for (TaConversation *conv, guint conn_id)
{
  ta_conversation_set_conn_id (conv, 0);
  ta_conversation_set_conn_id (conv, conn_id);
  return g_list_model_get_n_items (G_LIST_MODEL (conv));
}

static void
test_switch (void)
{
  g_autoptr(TaLogStore) log = ta_log_store_new (TA_LOG_ROLE_SERVER);
  g_autoptr(TaConversation) conv = NULL;
  g_autoptr(GBytes) late = g_bytes_new_static ("z", 1);

  add_entries (log, 1, "a");
  ta_log_store_flush (log);
  conv = ta_conversation_new (log);
  add_entries (log, 2, "b");
  ta_log_store_append_data (log, TA_LOG_RECEIVED, 1, "peer", late);
  ta_log_store_flush (log);
  g_assert_cmpuint (conv_n_for (conv, 1), ==, 3);
  g_assert_cmpuint (conv_n_for (conv, 2), ==, 2);
  g_assert_cmpuint (conv_n_for (conv, 3), ==, 0);
  add_entries (log, 3, "c");
  ta_log_store_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conv)), ==, 2);

  /* Connection 4 starts; among 3,100 others that come and go (the model
   * forgets their starts as the store drops them) it says one more thing:
   * its start is gone from the store, its last entry not. */
  ta_log_store_set_max_entries (log, 1000);
  add_entries (log, 4, "d");
  for (guint id = 10; id < 3110; id++)
    {
      add_entries (log, id, "x");
      if (id == 2800)
        ta_log_store_append_data (log, TA_LOG_RECEIVED, 4, "peer", late);
      if (id % 100 == 0)
        ta_log_store_flush (log);
    }
  ta_log_store_flush (log);
  g_assert_cmpuint (conv_n_for (conv, 4), ==, 1);
  g_assert_cmpuint (conv_n_for (conv, 3109), ==, 2);
  g_assert_cmpuint (conv_n_for (conv, 1), ==, 0);
}

/* Traffic: bytes and messages per second over the last minute. */
static void
test_traffic_window (void)
{
  g_autoptr(TaTraffic) t = ta_traffic_new ();
  TaTrafficSample w[TA_TRAFFIC_SECONDS];
  const gint64 s0 = 1000 * G_USEC_PER_SEC;

  ta_traffic_set_clients (t, s0, 2);
  ta_traffic_record (t, s0 + 100, 10, 0, 1, 0);
  ta_traffic_record (t, s0 + 900000, 5, 7, 1, 1);
  ta_traffic_record (t, s0 + 2 * G_USEC_PER_SEC, 0, 3, 0, 1);
  ta_traffic_set_clients (t, s0 + 2 * G_USEC_PER_SEC, 1);

  /* Two seconds later: s0 is 3 s ago, s0+2 is the last complete second. */
  ta_traffic_get_window (t, s0 + 3 * G_USEC_PER_SEC + 1, w);
  g_assert_cmpuint (w[59].bytes_out, ==, 3);
  g_assert_cmpuint (w[59].clients, ==, 2);  /* the peak of that second */
  g_assert_cmpuint (w[58].bytes_in, ==, 0);
  g_assert_cmpuint (w[58].clients, ==, 2);
  g_assert_cmpuint (w[57].bytes_in, ==, 15);
  g_assert_cmpuint (w[57].bytes_out, ==, 7);
  g_assert_cmpuint (w[57].messages_in, ==, 2);
  g_assert_cmpuint (w[57].messages_out, ==, 1);
  g_assert_cmpuint (w[57].clients, ==, 2);
  g_assert_cmpuint (w[56].clients, ==, 0);

  /* A minute on, it all slid out; the client count stays. */
  ta_traffic_get_window (t, s0 + 70 * G_USEC_PER_SEC, w);
  for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
    {
      g_assert_cmpuint (w[i].bytes_in + w[i].bytes_out, ==, 0);
      g_assert_cmpuint (w[i].clients, ==, 1);
    }
  /* The last traffic, not the last change of clients. */
  ta_traffic_set_clients (t, s0 + 5 * G_USEC_PER_SEC, 3);
  g_assert_cmpint (ta_traffic_get_last_change (t), ==, s0 + 2 * G_USEC_PER_SEC);
}

static void
count_activity (TaTraffic *t,
                guint     *n)
{
  (*n)++;
}

/* Over real sockets: the server's traffic and clients are counted, and
 * ::activity comes at most once per second. */
static void
test_traffic_server (Fixture *f, gconstpointer data)
{
  g_autoptr(TaTraffic) t = ta_traffic_new ();
  g_autoptr(GSocket) s = NULL;
  TaTrafficSample w[TA_TRAFFIC_SECONDS];
  guint64 in = 0, out = 0, msgs = 0;
  guint activity = 0, max_clients = 0;
  gint64 start = g_get_monotonic_time ();

  ta_traffic_attach_server (t, f->server);
  g_signal_connect (t, "activity", G_CALLBACK (count_activity), &activity);
  s = tt_connect ("127.0.0.1", f->port);
  tt_wait_clients (f->server, 1);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GBytes) r = NULL;

      tt_send (s, "0123456789", 10);
      r = tt_read_n (s, 5, 5000);
    }
  g_socket_close (s, NULL);
  tt_wait_clients (f->server, 0);

  ta_traffic_get_window (t, g_get_monotonic_time () + 2 * G_USEC_PER_SEC, w);
  for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
    {
      in += w[i].bytes_in;
      out += w[i].bytes_out;
      msgs += w[i].messages_out;
      max_clients = MAX (max_clients, w[i].clients);
    }
  g_assert_cmpuint (in, ==, 1000);
  g_assert_cmpuint (out, ==, 500);
  g_assert_cmpuint (msgs, ==, 100);
  g_assert_cmpuint (max_clients, ==, 1);
  ta_traffic_get_window (t, g_get_monotonic_time () + 3 * G_USEC_PER_SEC, w);
  g_assert_cmpuint (w[TA_TRAFFIC_SECONDS - 1].clients, ==, 0);
  g_assert_cmpuint (activity, >=, 1);
  g_assert_cmpuint (activity, <=, (g_get_monotonic_time () - start) / G_USEC_PER_SEC + 2);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/conversation/exchange", test_exchange);
  ADD ("/conversation/two-clients", test_two_clients);
  ADD ("/conversation/half-close", test_half_close);
  ADD ("/conversation/reset", test_reset);
  ADD ("/conversation/we-finish", test_we_finish);
  ADD ("/conversation/gap", test_gap);
  ADD ("/conversation/binary-preview", test_binary_preview);
  ADD ("/conversation/bounded", test_bounded);
  ADD ("/conversation/framed", test_framed);
  ADD ("/traffic/server", test_traffic_server);
#undef ADD
  g_test_add_func ("/traffic/window", test_traffic_window);
  g_test_add_func ("/conversation/switch", test_switch);

  return g_test_run ();
}
