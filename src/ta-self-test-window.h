/* ta-self-test-window.h: the "Test This Computer" window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-self-test.h"

G_BEGIN_DECLS

#define TA_TYPE_SELF_TEST_WINDOW (ta_self_test_window_get_type ())

G_DECLARE_FINAL_TYPE (TaSelfTestWindow, ta_self_test_window, TA, SELF_TEST_WINDOW, AdwWindow)

GtkWidget  *ta_self_test_window_new        (GtkWindow        *parent);
void        ta_self_test_window_run        (TaSelfTestWindow *self);
TaSelfTest *ta_self_test_window_get_result (TaSelfTestWindow *self);
guint       ta_self_test_window_get_n_rows (TaSelfTestWindow *self);

G_END_DECLS
