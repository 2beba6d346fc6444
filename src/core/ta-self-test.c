/* ta-self-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Test this computer": a temporary echo server on a port the system
 * chooses, on every interface ([::], which takes IPv4 too); then, all at
 * once, a connection to it through 127.0.0.1, ::1 and each address of
 * this computer, each sending one message and timing its echo. Every
 * probe has a deadline (1.5 s by default), so the whole run ends within
 * it; the server and every connection are closed before the result is
 * returned: nothing is left running.
 *
 * What the rows mean for a person is worded here, next to the facts.
 */
#include "config.h"

#include <string.h>
#include <net/if.h>
#include <glib/gi18n-lib.h>

#include "ta-netinfo.h"
#include "ta-self-test.h"

#define MESSAGE "TCP Assistant self-test 1234567890\n"

typedef struct {
  GSocketService *service;
  GCancellable   *server_cancellable;
  guint16         port;
  GPtrArray      *rows;
  guint           pending;
  gint64          started;
  guint           timeout_ms;
} Run;

typedef struct {
  GTask             *task;
  TaSelfTestRow     *row;         /* owned by the run */
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint              timeout_id;
  gint64             sent_at;
  GByteArray        *received;
  char              *failure;
} Probe;

/* The echo side of the temporary server */

typedef struct {
  GSocketConnection *connection;
  GCancellable      *cancellable;
  GBytes            *writing;     /* kept alive until its write ends */
} Echo;

static void echo_read (Echo *echo);

static void
echo_free (Echo *echo)
{
  g_io_stream_close (G_IO_STREAM (echo->connection), NULL, NULL);
  g_object_unref (echo->connection);
  g_object_unref (echo->cancellable);
  g_clear_pointer (&echo->writing, g_bytes_unref);
  g_free (echo);
}

static void
echo_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Echo *echo = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    echo_free (echo);
  else
    echo_read (echo);
}

static void
echo_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Echo *echo = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  GOutputStream *out;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      echo_free (echo);
      return;
    }
  out = g_io_stream_get_output_stream (G_IO_STREAM (echo->connection));
  g_clear_pointer (&echo->writing, g_bytes_unref);
  echo->writing = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (out, g_bytes_get_data (echo->writing, NULL), g_bytes_get_size (echo->writing),
                                   G_PRIORITY_DEFAULT, echo->cancellable, echo_written_cb, echo);
}

static void
echo_read (Echo *echo)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (echo->connection)),
                                   256, G_PRIORITY_DEFAULT, echo->cancellable, echo_read_cb, echo);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Run *run = user_data;
  Echo *echo = g_new0 (Echo, 1);

  echo->connection = g_object_ref (connection);
  echo->cancellable = g_object_ref (run->server_cancellable);
  echo_read (echo);
  return TRUE;
}

static void
stop_server (Run *run)
{
  if (run->service == NULL)
    return;
  /* GIO-NOTES: stop, then close the listener, then unref. */
  g_cancellable_cancel (run->server_cancellable);
  g_socket_service_stop (run->service);
  g_socket_listener_close (G_SOCKET_LISTENER (run->service));
  g_signal_handlers_disconnect_by_data (run->service, run);
  g_clear_object (&run->service);
}

static void
row_free (TaSelfTestRow *row)
{
  g_clear_object (&row->address);
  g_free (row->interface);
  g_free (row->meaning);
  g_free (row);
}

static void
run_free (Run *run)
{
  stop_server (run);
  g_clear_object (&run->server_cancellable);
  g_clear_pointer (&run->rows, g_ptr_array_unref);
  g_free (run);
}

void
ta_self_test_free (TaSelfTest *test)
{
  if (test == NULL)
    return;
  g_clear_pointer (&test->rows, g_ptr_array_unref);
  g_free (test->summary);
  g_free (test);
}

/* Meanings */

static gboolean
is_lan (TaSelfTestRow *row)
{
  return !g_inet_address_get_is_loopback (row->address);
}

static void
explain_row (TaSelfTestRow *row,
             const char    *failure)
{
  g_autofree char *text = g_inet_address_to_string (row->address);
  gboolean v6 = g_inet_address_get_family (row->address) == G_SOCKET_FAMILY_IPV6;

  if (g_inet_address_get_is_loopback (row->address))
    {
      if (row->reachable && !v6)
        row->meaning = g_strdup (_("Programs on this computer can reach a server here through 127.0.0.1."));
      else if (row->reachable)
        row->meaning = g_strdup (_("IPv6 works inside this computer (::1; “localhost” may mean this address)."));
      else if (!v6)
        row->meaning = g_strdup_printf (_("This computer cannot reach itself through 127.0.0.1 (%s): a security "
                                          "program or a broken network setup blocks it."), failure);
      else
        row->meaning = g_strdup_printf (_("IPv6 does not work inside this computer (%s): use 127.0.0.1 rather than "
                                          "::1 or “localhost”."), failure);
    }
  else if (g_inet_address_get_is_link_local (row->address))
    {
      if (row->reachable)
        row->meaning = g_strdup_printf (_("Only computers on the same cable or Wi-Fi as %s can use this address "
                                          "(IPv6 link-local)."), row->interface);
      else
        row->meaning = g_strdup_printf (_("This link-local address does not answer (%s)."), failure);
    }
  else if (row->reachable)
    row->meaning = g_strdup_printf (_("Others on your network can reach you at %s, unless a firewall blocks "
                                      "them on the way."), text);
  else
    row->meaning = g_strdup_printf (_("A server here does not answer on %s (%s): a firewall on this computer "
                                      "may block it."), text, failure);
}

/**
 * ta_self_test_summarize:
 *
 * Returns: one sentence about @test's rows (also when there is no
 * network at all)
 */
char *
ta_self_test_summarize (TaSelfTest *test)
{
  const char *lan_ok = NULL;
  g_autofree char *lan_text = NULL;
  gboolean any_lan = FALSE;

  for (guint i = 0; i < test->rows->len; i++)
    {
      TaSelfTestRow *row = g_ptr_array_index (test->rows, i);

      if (!is_lan (row) || g_inet_address_get_is_link_local (row->address))
        continue;
      any_lan = TRUE;
      if (row->reachable && lan_text == NULL)
        lan_text = g_inet_address_to_string (row->address);
    }
  lan_ok = lan_text;

  if (!test->loopback_ok)
    return g_strdup (_("This computer cannot even reach itself: a security program or a broken network "
                       "setup blocks connections inside it."));
  if (!any_lan)
    return g_strdup (_("Connections inside this computer work, but it has no network address: connect it "
                       "to a network (cable or Wi-Fi) so that other computers can reach it."));
  if (lan_ok == NULL)
    return g_strdup (_("Connections inside this computer work, but none of its network addresses answers: "
                       "a firewall on this computer probably blocks them."));
  return g_strdup_printf (_("A server on this computer works. Tell the other side to connect to %s."), lan_ok);
}

/* Probes */

static void
finish_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TaSelfTest *test;

  stop_server (run);
  test = g_new0 (TaSelfTest, 1);
  test->port = run->port;
  test->rows = g_steal_pointer (&run->rows);
  test->elapsed_us = g_get_monotonic_time () - run->started;
  for (guint i = 0; i < test->rows->len; i++)
    {
      TaSelfTestRow *row = g_ptr_array_index (test->rows, i);

      if (row->reachable && g_inet_address_get_is_loopback (row->address))
        test->loopback_ok = TRUE;
    }
  test->summary = ta_self_test_summarize (test);
  g_task_return_pointer (task, test, (GDestroyNotify) ta_self_test_free);
}

static void
probe_done (Probe *probe)
{
  GTask *task = probe->task;
  Run *run = g_task_get_task_data (task);

  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (probe->connection), NULL, NULL);
      g_clear_object (&probe->connection);
    }
  explain_row (probe->row, probe->failure ? probe->failure : "?");
  g_clear_object (&probe->cancellable);
  g_byte_array_unref (probe->received);
  g_free (probe->failure);
  g_free (probe);

  if (--run->pending == 0)
    finish_run (task);
  g_object_unref (task);
}

static void
probe_fail (Probe        *probe,
            const GError *error)
{
  if (probe->failure == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        probe->failure = g_strdup (_("no answer in time"));
      else
        probe->failure = g_strdup (error->message);
    }
  probe_done (probe);
}

static void probe_read (Probe *probe);

static void
probe_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (bytes == NULL)
    {
      probe_fail (probe, error);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      probe->failure = g_strdup (_("the connection was closed before the message came back"));
      probe_done (probe);
      return;
    }
  g_byte_array_append (probe->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (probe->received->len < strlen (MESSAGE))
    {
      probe_read (probe);
      return;
    }
  probe->row->rtt_us = g_get_monotonic_time () - probe->sent_at;
  probe->row->reachable = probe->received->len == strlen (MESSAGE) &&
                          memcmp (probe->received->data, MESSAGE, strlen (MESSAGE)) == 0;
  if (!probe->row->reachable)
    probe->failure = g_strdup (_("the message came back changed"));
  probe_done (probe);
}

static void
probe_read (Probe *probe)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (probe->connection)),
                                   strlen (MESSAGE) - probe->received->len + 16, G_PRIORITY_DEFAULT,
                                   probe->cancellable, probe_read_cb, probe);
}

static void
probe_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    probe_fail (probe, error);
  else
    probe_read (probe);
}

static void
probe_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  probe->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (probe->connection == NULL)
    {
      probe_fail (probe, error);
      return;
    }
  probe->sent_at = g_get_monotonic_time ();
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (probe->connection)),
                                   MESSAGE, strlen (MESSAGE), G_PRIORITY_DEFAULT, probe->cancellable,
                                   probe_written_cb, probe);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout_id = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
add_row (Run          *run,
         GInetAddress *address,
         const char   *interface)
{
  TaSelfTestRow *row;

  for (guint i = 0; i < run->rows->len; i++)
    if (g_inet_address_equal (((TaSelfTestRow *) g_ptr_array_index (run->rows, i))->address, address))
      return;
  row = g_new0 (TaSelfTestRow, 1);
  row->address = g_object_ref (address);
  row->interface = g_strdup (interface);
  g_ptr_array_add (run->rows, row);
}

static void
start_probe (GTask         *task,
             TaSelfTestRow *row)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = NULL;
  Probe *probe = g_new0 (Probe, 1);
  guint scope = 0;

  if (g_inet_address_get_is_link_local (row->address) && row->interface != NULL)
    scope = if_nametoindex (row->interface);
  address = g_object_new (G_TYPE_INET_SOCKET_ADDRESS, "address", row->address, "port", run->port,
                          "scope-id", scope, NULL);

  probe->task = g_object_ref (task);
  probe->row = row;
  probe->cancellable = g_cancellable_new ();
  probe->received = g_byte_array_new ();
  probe->timeout_id = g_timeout_add (run->timeout_ms, probe_timeout_cb, probe);
  run->pending++;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), probe->cancellable,
                                 probe_connected_cb, probe);
}

/**
 * ta_self_test_run_async:
 * @timeout_ms: the deadline of each connection (0: 1.5 s)
 *
 * Runs the self-test. Fails only when the temporary server cannot start
 * (the error is a sentence).
 */
void
ta_self_test_run_async (guint                timeout_ms,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) locals = ta_netinfo_local_addresses ();
  g_autoptr(GInetAddress) lo4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) lo6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_task_set_source_tag (task, ta_self_test_run_async);
  run->started = g_get_monotonic_time ();
  run->timeout_ms = timeout_ms > 0 ? timeout_ms : TA_SELF_TEST_DEFAULT_TIMEOUT_MS;
  run->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  run->server_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  run->service = g_socket_service_new ();
  run->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (run->service), NULL, &error);
  if (run->port == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not start a test server on this computer: %s"), error->message);
      return;
    }
  g_signal_connect (run->service, "incoming", G_CALLBACK (on_incoming), run);
  g_socket_service_start (run->service);

  add_row (run, lo4, "lo");
  add_row (run, lo6, "lo");
  for (guint i = 0; i < locals->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (locals, i);

      add_row (run, local->address, local->interface);
    }

  for (guint i = 0; i < run->rows->len; i++)
    start_probe (task, g_ptr_array_index (run->rows, i));
}

/**
 * ta_self_test_run_finish:
 *
 * Returns: (transfer full): the result
 */
TaSelfTest *
ta_self_test_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * ta_self_test_run_sync:
 *
 * Runs the self-test in a context of its own (for the command line).
 *
 * Returns: (transfer full) (nullable): the result, or NULL with the
 * reason printed when the temporary server could not start
 */
TaSelfTest *
ta_self_test_run_sync (guint timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TaSelfTest *test;

  g_main_context_push_thread_default (context);
  ta_self_test_run_async (timeout_ms, NULL, sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  test = ta_self_test_run_finish (result, &error);
  /* Let the closed connections' last callbacks run before leaving. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  if (test == NULL)
    g_printerr ("%s\n", error->message);
  return test;
}

/**
 * ta_self_test_format_address:
 *
 * Returns: "192.168.1.20 (eth0)"
 */
char *
ta_self_test_format_address (TaSelfTestRow *row)
{
  g_autofree char *text = g_inet_address_to_string (row->address);

  return g_strdup_printf ("%s (%s)", text, row->interface);
}

char *
ta_self_test_format_rtt (TaSelfTestRow *row)
{
  if (!row->reachable)
    return g_strdup ("–");
  /* Translators: a round trip time in milliseconds */
  return g_strdup_printf (_("%.2f ms"), row->rtt_us / 1000.0);
}

/* Columns on a terminal: CJK characters take two cells. */
static glong
text_width (const char *text)
{
  glong width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
pad (GString    *out,
     const char *text,
     glong       width)
{
  g_string_append (out, text);
  for (glong n = text_width (text); n < width; n++)
    g_string_append_c (out, ' ');
}

/**
 * ta_self_test_to_text:
 *
 * Returns: the table as plain text (address, reachable, round trip,
 * meaning), then the summary
 */
char *
ta_self_test_to_text (TaSelfTest *test)
{
  GString *out = g_string_new (NULL);
  const char *h_address = _("Address"), *h_reachable = _("Reachable"), *h_rtt = _("Round trip");
  glong w_address = text_width (h_address), w_reachable = text_width (h_reachable);
  glong w_rtt = text_width (h_rtt);

  for (guint i = 0; i < test->rows->len; i++)
    {
      TaSelfTestRow *row = g_ptr_array_index (test->rows, i);
      g_autofree char *address = ta_self_test_format_address (row);
      g_autofree char *rtt = ta_self_test_format_rtt (row);

      w_address = MAX (w_address, text_width (address));
      w_rtt = MAX (w_rtt, text_width (rtt));
      w_reachable = MAX (w_reachable, text_width (row->reachable ? _("yes") : _("no")));
    }

  pad (out, h_address, w_address + 2);
  pad (out, h_reachable, w_reachable + 2);
  pad (out, h_rtt, w_rtt + 2);
  g_string_append_printf (out, "%s\n", _("Meaning"));
  for (guint i = 0; i < test->rows->len; i++)
    {
      TaSelfTestRow *row = g_ptr_array_index (test->rows, i);
      g_autofree char *address = ta_self_test_format_address (row);
      g_autofree char *rtt = ta_self_test_format_rtt (row);

      pad (out, address, w_address + 2);
      pad (out, row->reachable ? _("yes") : _("no"), w_reachable + 2);
      pad (out, rtt, w_rtt + 2);
      g_string_append_printf (out, "%s\n", row->meaning);
    }
  g_string_append_printf (out, "\n%s\n", test->summary);
  /* Translators: %u is the temporary server's port, %.2f seconds */
  g_string_append_printf (out, _("(Temporary server on port %u; the test took %.2f s and left nothing running.)\n"),
                          test->port, test->elapsed_us / 1e6);
  return g_string_free (out, FALSE);
}
