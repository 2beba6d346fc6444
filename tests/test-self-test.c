/* test-self-test.c: "Test this computer" over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ta-netinfo.h"
#include "ta-self-test.h"
#include "tt-util.h"

typedef struct {
  TaSelfTest *test;
  gboolean    done;
} Result;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;
  g_autoptr(GError) error = NULL;

  r->test = ta_self_test_run_finish (result, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static TaSelfTestRow *
find_row (TaSelfTest *test,
          const char *ip)
{
  for (guint i = 0; i < test->rows->len; i++)
    {
      TaSelfTestRow *row = g_ptr_array_index (test->rows, i);
      g_autofree char *text = g_inet_address_to_string (row->address);

      if (g_str_equal (text, ip))
        return row;
    }
  return NULL;
}

/* Loopback answers, every local address has a row with a meaning, it
 * takes under 2 s, and nothing is left listening or open. */
static void
test_run (void)
{
  Result r = { 0 };
  guint fds_before;
  g_autoptr(GPtrArray) locals = ta_netinfo_local_addresses ();
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *text = NULL;
  TaSelfTestRow *lo;

  /* A first run warms up what GIO opens once (the resolver, the
   * network monitor) so that the descriptor count compares like with like. */
  {
    g_autoptr(TaSelfTest) warm = ta_self_test_run_sync (0);
  }
  fds_before = tt_count_fds ();

  ta_self_test_run_async (0, NULL, done_cb, &r);
  g_assert_true (tt_wait_for (is_done, &r, 5000));
  g_assert_nonnull (r.test);
  text = ta_self_test_to_text (r.test);
  g_test_message ("\n%s", text);

  g_assert_true (r.test->loopback_ok);
  lo = find_row (r.test, "127.0.0.1");
  g_assert_nonnull (lo);
  g_assert_true (lo->reachable);
  g_assert_cmpint (lo->rtt_us, >, 0);
  g_assert_nonnull (strstr (lo->meaning, "through 127.0.0.1"));
  g_assert_nonnull (find_row (r.test, "::1"));
  for (guint i = 0; i < locals->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (locals, i);
      g_autofree char *ip = g_inet_address_to_string (local->address);
      TaSelfTestRow *row = find_row (r.test, ip);

      g_assert_nonnull (row);
      g_assert_nonnull (row->meaning);
    }
  g_assert_cmpint (r.test->elapsed_us, <, 2 * G_USEC_PER_SEC * tt_slowdown ());
  g_assert_nonnull (strstr (text, "127.0.0.1 (lo)"));
  g_assert_nonnull (strstr (text, "Reachable"));

  /* Nothing left: the port is free again and no descriptor stays open. */
  tt_spin (50);
  left = ta_netinfo_listeners (r.test->port, FALSE);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpuint (tt_count_fds (), ==, fds_before);
  ta_self_test_free (r.test);
}

/* The sentences when there is no network, or a LAN address is blocked. */
static void
test_summaries (void)
{
  g_autoptr(TaSelfTest) test = g_new0 (TaSelfTest, 1);
  g_autofree char *none = NULL, *blocked = NULL, *ok = NULL, *broken = NULL;
  TaSelfTestRow *lo = g_new0 (TaSelfTestRow, 1);
  TaSelfTestRow *lan = g_new0 (TaSelfTestRow, 1);

  test->rows = g_ptr_array_new ();
  lo->address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  lo->reachable = TRUE;
  lan->address = g_inet_address_new_from_string ("192.168.1.20");
  g_ptr_array_add (test->rows, lo);
  test->loopback_ok = TRUE;
  none = ta_self_test_summarize (test);
  g_assert_nonnull (strstr (none, "it has no network address"));

  g_ptr_array_add (test->rows, lan);
  blocked = ta_self_test_summarize (test);
  g_assert_nonnull (strstr (blocked, "a firewall on this computer"));

  lan->reachable = TRUE;
  ok = ta_self_test_summarize (test);
  g_assert_nonnull (strstr (ok, "connect to 192.168.1.20"));

  test->loopback_ok = FALSE;
  broken = ta_self_test_summarize (test);
  g_assert_nonnull (strstr (broken, "cannot even reach itself"));

  g_object_unref (lo->address);
  g_object_unref (lan->address);
  g_free (lo);
  g_free (lan);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/self-test/run", test_run);
  g_test_add_func ("/self-test/summaries", test_summaries);

  return g_test_run ();
}
