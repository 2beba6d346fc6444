/* ta-composer-repeat.h: sending one message again every N ms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TaRepeatResult:
 * @TA_REPEAT_SENT: the message went out (it counts)
 * @TA_REPEAT_SKIP: not now (the last one is still queued); try next tick
 * @TA_REPEAT_STOP: nowhere to send, or it failed: the run ends
 */
typedef enum {
  TA_REPEAT_SENT,
  TA_REPEAT_SKIP,
  TA_REPEAT_STOP,
} TaRepeatResult;

/**
 * TaComposerRepeatFunc:
 * @first: %TRUE for the first send of a run (the one the user pressed Send for)
 *
 * Sends @text (hex digits when @hex) once.
 */
typedef TaRepeatResult (*TaComposerRepeatFunc) (gpointer    user_data,
                                                const char *text,
                                                gboolean    hex,
                                                gboolean    first);

#define TA_TYPE_COMPOSER_REPEAT (ta_composer_repeat_get_type ())

G_DECLARE_FINAL_TYPE (TaComposerRepeat, ta_composer_repeat, TA, COMPOSER_REPEAT, GObject)

TaComposerRepeat *ta_composer_repeat_new          (TaComposerRepeatFunc  func,
                                                   gpointer              user_data);
gboolean          ta_composer_repeat_start        (TaComposerRepeat     *self,
                                                   const char           *text,
                                                   gboolean              hex,
                                                   guint                 interval_ms,
                                                   guint                 limit);
void              ta_composer_repeat_stop         (TaComposerRepeat     *self);
gboolean          ta_composer_repeat_is_running   (TaComposerRepeat     *self);
void              ta_composer_repeat_set_interval (TaComposerRepeat     *self,
                                                   guint                 interval_ms);
guint             ta_composer_repeat_get_count    (TaComposerRepeat     *self);
const char       *ta_composer_repeat_get_status   (TaComposerRepeat     *self);
char             *ta_composer_repeat_format_elapsed (gint64              usec);

G_END_DECLS
