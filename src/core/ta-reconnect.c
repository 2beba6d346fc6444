/* ta-reconnect.c: TaReconnect, the back-off policy of automatic reconnect
 *
 * A device that reboots takes a minute or more to listen again, so the
 * client keeps trying, further and further apart (1, 2, 4, 8, 16, 30,
 * 60, 60, … seconds) until the user stops it or a limit set in
 * Preferences is reached. The object only keeps time: the page connects
 * on "retry" and calls ta_reconnect_schedule() again when that try fails,
 * ta_reconnect_reset() when it succeeds.
 *
 * Usage:
 *   TaReconnect *r = ta_reconnect_new ();
 *   g_signal_connect (r, "retry", G_CALLBACK (connect_again), page);
 *   g_signal_connect (r, "gave-up", G_CALLBACK (say_we_stopped), page);
 *   g_signal_connect (r, "notify::remaining-seconds", …); // "retrying in 8 s"
 *   // connection lost or a try failed:
 *   ta_reconnect_schedule (r);
 *   // connected: ta_reconnect_reset (r);  user pressed Stop: ta_reconnect_stop (r);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ta-reconnect.h"

/* Seconds before try N (1-based); the last value repeats. */
static const guint delays_s[] = { 1, 2, 4, 8, 16, 30, 60 };

struct _TaReconnect {
  GObject  parent_instance;
  guint    attempt;         /* the try being waited for (1-based), or the last one made */
  guint    max_attempts;    /* 0: until stopped */
  guint    unit_ms;         /* one "second"; tests make it short */
  guint    remaining;       /* whole units left, rounded up */
  gint64   due_us;          /* monotonic time of the try */
  guint    tick_id;
};

G_DEFINE_FINAL_TYPE (TaReconnect, ta_reconnect, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WAITING,
  PROP_ATTEMPT,
  PROP_REMAINING_SECONDS,
  PROP_MAX_ATTEMPTS,
  PROP_UNIT_MS,
  N_PROPS
};

enum {
  SIGNAL_RETRY,
  SIGNAL_GAVE_UP,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * ta_reconnect_delay_for_attempt:
 * @attempt: 1 for the first try after the connection was lost
 *
 * Returns: the seconds to wait before that try: 1, 2, 4, 8, 16, 30, then
 *   60 for every later one
 */
guint
ta_reconnect_delay_for_attempt (guint attempt)
{
  if (attempt == 0)
    attempt = 1;
  return delays_s[MIN (attempt, G_N_ELEMENTS (delays_s)) - 1];
}

static void
set_remaining (TaReconnect *self,
               guint        remaining)
{
  if (self->remaining == remaining)
    return;
  self->remaining = remaining;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REMAINING_SECONDS]);
}

static gboolean tick_cb (gpointer user_data);

/* One timer: it fires at each whole unit before the try (so the label
 * counts down) and at the try itself. */
static void
arm_tick (TaReconnect *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left_us = MAX (self->due_us - now, 0);
  gint64 unit_us = (gint64) self->unit_ms * 1000;
  gint64 next_us = left_us % unit_us;

  if (next_us == 0)
    next_us = MIN (left_us, unit_us);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((next_us + 999) / 1000),
                                      tick_cb, self, NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  TaReconnect *self = user_data;
  gint64 left_us = self->due_us - g_get_monotonic_time ();
  gint64 unit_us = (gint64) self->unit_ms * 1000;

  self->tick_id = 0;
  if (left_us > 0)
    {
      set_remaining (self, (guint) ((left_us + unit_us - 1) / unit_us));
      arm_tick (self);
      return G_SOURCE_REMOVE;
    }

  g_object_ref (self);
  set_remaining (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING]);
  g_signal_emit (self, signals[SIGNAL_RETRY], 0, self->attempt);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
ta_reconnect_dispose (GObject *object)
{
  TaReconnect *self = TA_RECONNECT (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (ta_reconnect_parent_class)->dispose (object);
}

static void
ta_reconnect_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TaReconnect *self = TA_RECONNECT (object);

  switch (prop_id)
    {
    case PROP_WAITING:
      g_value_set_boolean (value, ta_reconnect_get_waiting (self));
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    case PROP_REMAINING_SECONDS:
      g_value_set_uint (value, self->remaining);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_UNIT_MS:
      g_value_set_uint (value, self->unit_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_reconnect_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TaReconnect *self = TA_RECONNECT (object);

  switch (prop_id)
    {
    case PROP_MAX_ATTEMPTS:
      ta_reconnect_set_max_attempts (self, g_value_get_uint (value));
      break;
    case PROP_UNIT_MS:
      ta_reconnect_set_unit_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_reconnect_class_init (TaReconnectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_reconnect_dispose;
  object_class->get_property = ta_reconnect_get_property;
  object_class->set_property = ta_reconnect_set_property;

  /**
   * TaReconnect:waiting:
   *
   * %TRUE between ta_reconnect_schedule() and the try (or stop).
   */
  props[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TaReconnect:attempt:
   *
   * The try waited for, or made last (1-based); 0 after a reset.
   */
  props[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TaReconnect:remaining-seconds:
   *
   * Whole seconds (units) until the try, rounded up, for "retrying in
   * 8 s"; notified as it counts down; 0 when not waiting.
   */
  props[PROP_REMAINING_SECONDS] =
    g_param_spec_uint ("remaining-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TaReconnect:max-attempts:
   *
   * Tries before giving up; 0 (the default) tries until stopped.
   */
  props[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TaReconnect:unit-ms:
   *
   * The length of one second of the schedule, 1000 by default; tests set
   * a few milliseconds so a 1, 2, 4 … back-off runs in a blink. Takes
   * effect at the next ta_reconnect_schedule().
   */
  props[PROP_UNIT_MS] =
    g_param_spec_uint ("unit-ms", NULL, NULL, 1, 60000, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * TaReconnect::retry:
   * @attempt: the number of this try (1-based)
   *
   * Time to connect again. Call ta_reconnect_schedule() if it fails,
   * ta_reconnect_reset() if it succeeds.
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * TaReconnect::gave-up:
   * @attempts: how many tries were made
   *
   * ta_reconnect_schedule() was called after the last allowed try.
   */
  signals[SIGNAL_GAVE_UP] =
    g_signal_new ("gave-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ta_reconnect_init (TaReconnect *self)
{
  self->unit_ms = 1000;
}

TaReconnect *
ta_reconnect_new (void)
{
  return g_object_new (TA_TYPE_RECONNECT, NULL);
}

/**
 * ta_reconnect_schedule:
 *
 * The connection was lost or the last try failed: wait the next delay,
 * then emit #TaReconnect::retry. Calling it while waiting restarts the
 * wait for the same try.
 *
 * Returns: %TRUE if a try is scheduled; %FALSE (after emitting
 *   #TaReconnect::gave-up) when the limit of tries is reached
 */
gboolean
ta_reconnect_schedule (TaReconnect *self)
{
  gboolean was_waiting;
  guint next;

  g_return_val_if_fail (TA_IS_RECONNECT (self), FALSE);

  was_waiting = ta_reconnect_get_waiting (self);
  next = was_waiting ? self->attempt : self->attempt + 1;

  if (self->max_attempts > 0 && next > self->max_attempts)
    {
      guint made = self->attempt;

      ta_reconnect_stop (self);
      g_signal_emit (self, signals[SIGNAL_GAVE_UP], 0, made);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (next != self->attempt)
    {
      self->attempt = next;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ATTEMPT]);
    }
  self->due_us = g_get_monotonic_time ()
                 + (gint64) ta_reconnect_delay_for_attempt (next) * self->unit_ms * 1000;
  set_remaining (self, ta_reconnect_delay_for_attempt (next));
  arm_tick (self);
  if (!was_waiting)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * ta_reconnect_stop:
 *
 * The user pressed Stop (or disconnected): no more tries. The next
 * ta_reconnect_schedule() starts again from the first delay.
 */
void
ta_reconnect_stop (TaReconnect *self)
{
  g_return_if_fail (TA_IS_RECONNECT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->tick_id != 0)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING]);
    }
  set_remaining (self, 0);
  if (self->attempt != 0)
    {
      self->attempt = 0;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ATTEMPT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ta_reconnect_reset:
 *
 * Connected: the next loss starts from the first delay again. Same as
 * ta_reconnect_stop().
 */
void
ta_reconnect_reset (TaReconnect *self)
{
  ta_reconnect_stop (self);
}

gboolean
ta_reconnect_get_waiting (TaReconnect *self)
{
  g_return_val_if_fail (TA_IS_RECONNECT (self), FALSE);
  return self->tick_id != 0;
}

guint
ta_reconnect_get_attempt (TaReconnect *self)
{
  g_return_val_if_fail (TA_IS_RECONNECT (self), 0);
  return self->attempt;
}

guint
ta_reconnect_get_remaining_seconds (TaReconnect *self)
{
  g_return_val_if_fail (TA_IS_RECONNECT (self), 0);
  return self->remaining;
}

guint
ta_reconnect_get_max_attempts (TaReconnect *self)
{
  g_return_val_if_fail (TA_IS_RECONNECT (self), 0);
  return self->max_attempts;
}

void
ta_reconnect_set_max_attempts (TaReconnect *self,
                               guint        max_attempts)
{
  g_return_if_fail (TA_IS_RECONNECT (self));

  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_ATTEMPTS]);
}

guint
ta_reconnect_get_unit_ms (TaReconnect *self)
{
  g_return_val_if_fail (TA_IS_RECONNECT (self), 1000);
  return self->unit_ms;
}

void
ta_reconnect_set_unit_ms (TaReconnect *self,
                          guint        unit_ms)
{
  g_return_if_fail (TA_IS_RECONNECT (self));
  g_return_if_fail (unit_ms > 0);

  if (self->unit_ms == unit_ms)
    return;
  self->unit_ms = unit_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNIT_MS]);
}
