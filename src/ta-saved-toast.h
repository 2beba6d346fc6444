/* ta-saved-toast.h: "Saved as log.txt" with Open Folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        ta_saved_toast_show          (GtkWidget *widget,
                                          GFile     *file);
void        ta_saved_toast_show_titled   (GtkWidget  *widget,
                                          GFile      *file,
                                          const char *title);

/* For tests */
const char *_ta_saved_toast_get_last_title (void);
const char *_ta_saved_toast_get_last_button (void);

G_END_DECLS
