/* ta-composer-repeat.c: sending one message again every N ms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The composer's repeat mode, apart from its widgets: a run starts with
 * the message read once from the box, sends it at once and then every
 * interval (optionally N times), and ends by itself, with Stop, or when
 * the sender says there is nowhere to send. Its "status" is the line the
 * composer shows under the box while it runs and a moment after
 * ("Sent 12 times · 00:06"): the count and the time since the start,
 * ticking every second even when the interval is longer, frozen when the
 * run ends and cleared (empty) after ta_result_shown_ms(). The sending
 * itself (targets, back-pressure, bytes) is the composer's, through a
 * TaComposerRepeatFunc.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-composer-repeat.h"
#include "ta-ui-util.h"

struct _TaComposerRepeat
{
  GObject parent_instance;

  TaComposerRepeatFunc func;
  gpointer user_data;

  char *text;
  gboolean hex;
  guint limit;
  guint count;
  gint64 started_at;
  gint64 stopped_at;

  guint send_id;
  guint clock_id;
  guint clear_id;
  char *status;
};

enum { PROP_0, PROP_RUNNING, PROP_STATUS, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (TaComposerRepeat, ta_composer_repeat, G_TYPE_OBJECT)

/**
 * ta_composer_repeat_format_elapsed:
 *
 * Returns: (transfer full): @usec as "00:06", or "1:02:03" past an hour
 */
char *
ta_composer_repeat_format_elapsed (gint64 usec)
{
  gint64 s = MAX (usec, 0) / G_USEC_PER_SEC;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%02d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
set_status (TaComposerRepeat *self,
            const char       *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS]);
}

static void
update_status (TaComposerRepeat *self)
{
  gint64 end = self->stopped_at ? self->stopped_at : g_get_monotonic_time ();
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;

  if (self->count == 0)
    {
      set_status (self, "");
      return;
    }
  elapsed = ta_composer_repeat_format_elapsed (end - self->started_at);
  /* Translators: how many times a repeated message went out, and for how
   * long (minutes:seconds), e.g. "Sent 12 times · 00:06" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %u time · %s", "Sent %u times · %s", self->count),
                          self->count, elapsed);
  set_status (self, text);
}

static gboolean
clear_cb (gpointer user_data)
{
  TaComposerRepeat *self = user_data;

  self->clear_id = 0;
  self->count = 0;
  set_status (self, "");
  return G_SOURCE_REMOVE;
}

/* The run is over: the line keeps its count and time a moment, then clears. */
static void
finish (TaComposerRepeat *self)
{
  gboolean was_running = self->send_id != 0;

  g_clear_handle_id (&self->send_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_pointer (&self->text, g_free);
  if (self->stopped_at == 0)
    self->stopped_at = g_get_monotonic_time ();
  update_status (self);
  g_clear_handle_id (&self->clear_id, g_source_remove);
  if (self->count > 0)
    self->clear_id = g_timeout_add (ta_result_shown_ms (), clear_cb, self);
  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static gboolean
send_cb (gpointer user_data)
{
  TaComposerRepeat *self = user_data;

  switch (self->func (self->user_data, self->text, self->hex, FALSE))
    {
    case TA_REPEAT_SKIP:
      return G_SOURCE_CONTINUE;
    case TA_REPEAT_STOP:
      self->send_id = 0;
      finish (self);
      /* finish() did not see it running: say so here. */
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
      return G_SOURCE_REMOVE;
    case TA_REPEAT_SENT:
    default:
      break;
    }
  self->count++;
  update_status (self);
  if (self->limit > 0 && self->count >= self->limit)
    {
      self->send_id = 0;
      finish (self);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
clock_cb (gpointer user_data)
{
  update_status (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * ta_composer_repeat_start:
 * @interval_ms: between two sends (10 ms … 1 h)
 * @limit: how many sends in all; 0 until stopped
 *
 * Sends @text once at once, then every @interval_ms.
 *
 * Returns: %FALSE when the first send did not go out (nothing runs then)
 */
gboolean
ta_composer_repeat_start (TaComposerRepeat *self,
                          const char       *text,
                          gboolean          hex,
                          guint             interval_ms,
                          guint             limit)
{
  g_return_val_if_fail (TA_IS_COMPOSER_REPEAT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  ta_composer_repeat_stop (self);
  g_clear_handle_id (&self->clear_id, g_source_remove);
  self->count = 0;
  self->limit = limit;
  self->started_at = g_get_monotonic_time ();
  self->stopped_at = 0;
  if (self->func (self->user_data, text, hex, TRUE) != TA_REPEAT_SENT)
    {
      update_status (self);
      return FALSE;
    }
  self->count = 1;
  if (limit == 1)
    {
      finish (self);
      return TRUE;
    }
  self->text = g_strdup (text);
  self->hex = hex;
  update_status (self);
  ta_composer_repeat_set_interval (self, interval_ms);
  self->clock_id = g_timeout_add (1000, clock_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  return TRUE;
}

/**
 * ta_composer_repeat_set_interval:
 *
 * A new interval for a run going on (from now); nothing when none is.
 */
void
ta_composer_repeat_set_interval (TaComposerRepeat *self,
                                 guint             interval_ms)
{
  g_return_if_fail (TA_IS_COMPOSER_REPEAT (self));

  if (self->text == NULL)
    return;
  g_clear_handle_id (&self->send_id, g_source_remove);
  self->send_id = g_timeout_add (CLAMP (interval_ms, 10, 3600000), send_cb, self);
}

/**
 * ta_composer_repeat_stop:
 *
 * Ends a run (its line stays a moment); nothing when none runs.
 */
void
ta_composer_repeat_stop (TaComposerRepeat *self)
{
  g_return_if_fail (TA_IS_COMPOSER_REPEAT (self));

  if (self->send_id != 0)
    finish (self);
}

gboolean
ta_composer_repeat_is_running (TaComposerRepeat *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER_REPEAT (self), FALSE);
  return self->send_id != 0;
}

guint
ta_composer_repeat_get_count (TaComposerRepeat *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER_REPEAT (self), 0);
  return self->count;
}

/**
 * ta_composer_repeat_get_status:
 *
 * Returns: "Sent 12 times · 00:06" while a run goes on and a moment
 *   after; "" otherwise
 */
const char *
ta_composer_repeat_get_status (TaComposerRepeat *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER_REPEAT (self), "");
  return self->status;
}

TaComposerRepeat *
ta_composer_repeat_new (TaComposerRepeatFunc func,
                        gpointer             user_data)
{
  TaComposerRepeat *self = g_object_new (TA_TYPE_COMPOSER_REPEAT, NULL);

  self->func = func;
  self->user_data = user_data;
  return self;
}

static void
ta_composer_repeat_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TaComposerRepeat *self = TA_COMPOSER_REPEAT (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ta_composer_repeat_is_running (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_composer_repeat_finalize (GObject *object)
{
  TaComposerRepeat *self = TA_COMPOSER_REPEAT (object);

  g_clear_handle_id (&self->send_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->clear_id, g_source_remove);
  g_free (self->text);
  g_free (self->status);
  G_OBJECT_CLASS (ta_composer_repeat_parent_class)->finalize (object);
}

static void
ta_composer_repeat_class_init (TaComposerRepeatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ta_composer_repeat_get_property;
  object_class->finalize = ta_composer_repeat_finalize;

  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "",
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ta_composer_repeat_init (TaComposerRepeat *self)
{
  self->status = g_strdup ("");
}
