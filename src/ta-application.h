/* ta-application.h: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TA_TYPE_APPLICATION (ta_application_get_type ())

G_DECLARE_FINAL_TYPE (TaApplication, ta_application, TA, APPLICATION, AdwApplication)

TaApplication *ta_application_new            (void);
void           ta_application_set_start_time (gint64 monotonic_us);
char          *ta_application_dup_quit_warning (TaApplication *self);

/* For tests */
AdwMessageDialog *_ta_application_get_quit_dialog (TaApplication *self);

G_END_DECLS
