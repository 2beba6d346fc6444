/* ta-frame-chooser.h: how received bytes become messages, as a choice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TA_TYPE_FRAME_CHOOSER (ta_frame_chooser_get_type ())

G_DECLARE_FINAL_TYPE (TaFrameChooser, ta_frame_chooser, TA, FRAME_CHOOSER, GtkBox)

TaFrameChooser *ta_frame_chooser_new       (void);
void            ta_frame_chooser_bind      (TaFrameChooser *self,
                                            GSettings      *settings,
                                            const char     *key);
const char     *ta_frame_chooser_get_spec  (TaFrameChooser *self);
void            ta_frame_chooser_set_spec  (TaFrameChooser *self,
                                            const char     *spec);

/* Keeps a TaServer's or TaClient's framing as a settings key says. */
void            ta_frame_settings_follow   (GSettings      *settings,
                                            const char     *key,
                                            GObject        *server_or_client);

/* For tests */
GtkDropDown    *_ta_frame_chooser_get_dropdown (TaFrameChooser *self);
GtkEditable    *_ta_frame_chooser_get_entry    (TaFrameChooser *self);
GtkLabel       *_ta_frame_chooser_get_error    (TaFrameChooser *self);

G_END_DECLS
