/* ta-rate-label.h: the live rate "↓ X/s ↑ Y/s" beside a page's counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-traffic.h"

G_BEGIN_DECLS

#define TA_TYPE_RATE_LABEL (ta_rate_label_get_type ())

G_DECLARE_FINAL_TYPE (TaRateLabel, ta_rate_label, TA, RATE_LABEL, GtkWidget)

void        ta_rate_label_set_traffic (TaRateLabel *self,
                                       TaTraffic   *traffic);
void        ta_rate_label_reset       (TaRateLabel *self);

/* For tests */
const char *_ta_rate_label_get_text   (TaRateLabel *self);
gboolean    _ta_rate_label_is_ticking (TaRateLabel *self);

G_END_DECLS
