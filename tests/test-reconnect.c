/* test-reconnect.c: the back-off schedule, limits, stop, and the
 * countdown, run with 20 ms "seconds"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ta-reconnect.h"
#include "tt-util.h"

#define UNIT_MS 20

typedef struct {
  guint   n_retry;
  guint   last_attempt;
  gint64  retry_at_us;
  guint   n_gave_up;
  guint   gave_up_after;
  GArray *countdown;  /* remaining-seconds values seen */
} Run;

static void
on_retry (TaReconnect *r,
          guint        attempt,
          Run         *run)
{
  run->n_retry++;
  run->last_attempt = attempt;
  run->retry_at_us = g_get_monotonic_time ();
  g_assert_false (ta_reconnect_get_waiting (r));
  g_assert_cmpuint (ta_reconnect_get_remaining_seconds (r), ==, 0);
}

static void
on_gave_up (TaReconnect *r,
            guint        attempts,
            Run         *run)
{
  run->n_gave_up++;
  run->gave_up_after = attempts;
}

static void
on_remaining (TaReconnect *r,
              GParamSpec  *pspec,
              Run         *run)
{
  guint v = ta_reconnect_get_remaining_seconds (r);

  g_array_append_val (run->countdown, v);
}

static TaReconnect *
new_reconnect (Run *run)
{
  TaReconnect *r = ta_reconnect_new ();

  run->countdown = g_array_new (FALSE, FALSE, sizeof (guint));
  ta_reconnect_set_unit_ms (r, UNIT_MS);
  g_signal_connect (r, "retry", G_CALLBACK (on_retry), run);
  g_signal_connect (r, "gave-up", G_CALLBACK (on_gave_up), run);
  g_signal_connect (r, "notify::remaining-seconds", G_CALLBACK (on_remaining), run);
  return r;
}

static gboolean
retried (gpointer data)
{
  Run *run = data;
  return run->n_retry > 0;
}

static void
test_delays (void)
{
  guint expected[] = { 1, 2, 4, 8, 16, 30, 60, 60, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (ta_reconnect_delay_for_attempt (i + 1), ==, expected[i]);
  g_assert_cmpuint (ta_reconnect_delay_for_attempt (1000), ==, 60);
}

/* Tries 1–4 come after 1, 2, 4, 8 units (never early), counting down. */
static void
test_schedule_and_countdown (void)
{
  Run run = { 0 };
  g_autoptr(TaReconnect) r = new_reconnect (&run);

  g_assert_false (ta_reconnect_get_waiting (r));
  for (guint attempt = 1; attempt <= 4; attempt++)
    {
      guint delay = ta_reconnect_delay_for_attempt (attempt);
      gint64 start = g_get_monotonic_time ();

      run.n_retry = 0;
      g_array_set_size (run.countdown, 0);
      g_assert_true (ta_reconnect_schedule (r));
      g_assert_true (ta_reconnect_get_waiting (r));
      g_assert_cmpuint (ta_reconnect_get_attempt (r), ==, attempt);
      g_assert_cmpuint (ta_reconnect_get_remaining_seconds (r), ==, delay);

      g_assert_true (tt_wait_for (retried, &run, 5000));
      g_assert_cmpuint (run.last_attempt, ==, attempt);
      g_assert_cmpint (run.retry_at_us - start, >=, (gint64) delay * UNIT_MS * 1000);

      /* delay, …, 1, 0 counting down (a loaded machine may skip a value
       * when a timer fires late, but never repeats or goes up). */
      g_assert_cmpuint (run.countdown->len, >=, 2);
      g_assert_cmpuint (g_array_index (run.countdown, guint, 0), ==, delay);
      g_assert_cmpuint (g_array_index (run.countdown, guint, run.countdown->len - 1), ==, 0);
      for (guint i = 1; i < run.countdown->len; i++)
        g_assert_cmpuint (g_array_index (run.countdown, guint, i), <,
                          g_array_index (run.countdown, guint, i - 1));
      if (attempt == 4)
        g_assert_cmpuint (run.countdown->len, >, 2);  /* 8 units: it did count */
    }

  /* Connected: back to the first delay. */
  ta_reconnect_reset (r);
  g_assert_cmpuint (ta_reconnect_get_attempt (r), ==, 0);
  g_assert_true (ta_reconnect_schedule (r));
  g_assert_cmpuint (ta_reconnect_get_remaining_seconds (r), ==, 1);
  ta_reconnect_stop (r);
  g_array_unref (run.countdown);
}

static gboolean
gave_up (gpointer data)
{
  Run *run = data;
  return run->n_gave_up > 0;
}

static void
test_limit (void)
{
  Run run = { 0 };
  g_autoptr(TaReconnect) r = new_reconnect (&run);

  ta_reconnect_set_max_attempts (r, 3);
  for (guint attempt = 1; attempt <= 3; attempt++)
    {
      run.n_retry = 0;
      g_assert_true (ta_reconnect_schedule (r));
      g_assert_true (tt_wait_for (retried, &run, 5000));
    }
  g_assert_false (ta_reconnect_schedule (r));
  g_assert_true (gave_up (&run));
  g_assert_cmpuint (run.gave_up_after, ==, 3);
  g_assert_false (ta_reconnect_get_waiting (r));
  g_assert_cmpuint (ta_reconnect_get_attempt (r), ==, 0);

  /* The user tries again later: a fresh series. */
  g_assert_true (ta_reconnect_schedule (r));
  g_assert_cmpuint (ta_reconnect_get_attempt (r), ==, 1);
  ta_reconnect_stop (r);
  g_array_unref (run.countdown);
}

/* Unlimited by default: more tries than the old limit of 5. */
static void
test_unlimited (void)
{
  Run run = { 0 };
  g_autoptr(TaReconnect) r = new_reconnect (&run);

  ta_reconnect_set_unit_ms (r, 1);
  for (guint attempt = 1; attempt <= 8; attempt++)
    {
      run.n_retry = 0;
      g_assert_true (ta_reconnect_schedule (r));
      g_assert_true (tt_wait_for (retried, &run, 5000));
    }
  g_assert_cmpuint (run.last_attempt, ==, 8);
  g_assert_cmpuint (run.n_gave_up, ==, 0);
  g_array_unref (run.countdown);
}

/* Stop while waiting: no retry comes, even after the delay passed. */
static void
test_stop (void)
{
  Run run = { 0 };
  g_autoptr(TaReconnect) r = new_reconnect (&run);

  g_assert_true (ta_reconnect_schedule (r));
  ta_reconnect_stop (r);
  g_assert_false (ta_reconnect_get_waiting (r));
  g_assert_cmpuint (ta_reconnect_get_remaining_seconds (r), ==, 0);

  /* A retry would have come after 1 unit: wait 3. */
  tt_spin (3 * UNIT_MS);
  g_assert_cmpuint (run.n_retry, ==, 0);

  /* Disposed while waiting: its timer goes with it. */
  g_assert_true (ta_reconnect_schedule (r));
  g_clear_object (&r);
  tt_spin (3 * UNIT_MS);
  g_assert_cmpuint (run.n_retry, ==, 0);
  g_array_unref (run.countdown);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reconnect/delays", test_delays);
  g_test_add_func ("/reconnect/schedule-and-countdown", test_schedule_and_countdown);
  g_test_add_func ("/reconnect/limit", test_limit);
  g_test_add_func ("/reconnect/unlimited", test_unlimited);
  g_test_add_func ("/reconnect/stop", test_stop);

  return g_test_run ();
}
