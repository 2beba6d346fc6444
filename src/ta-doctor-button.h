/* ta-doctor-button.h: "Why?" next to a failed connect, with the diagnosis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-client.h"
#include "ta-log-store.h"

G_BEGIN_DECLS

#define TA_TYPE_DOCTOR_BUTTON (ta_doctor_button_get_type ())

G_DECLARE_FINAL_TYPE (TaDoctorButton, ta_doctor_button, TA, DOCTOR_BUTTON, GtkWidget)

GtkWidget  *ta_doctor_button_new      (TaClient       *client,
                                       TaLogStore     *store);
const char *ta_doctor_button_get_text (TaDoctorButton *self);
TaDoctorButton *ta_doctor_button_find (GtkWidget      *root);
void        ta_doctor_button_set_probe_ms (TaDoctorButton *self,
                                           guint           probe_ms);

G_END_DECLS
