/* ta-log-view.h: the traffic log of one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-frame-chooser.h"
#include "ta-log-store.h"

G_BEGIN_DECLS

#define TA_TYPE_LOG_VIEW (ta_log_view_get_type ())

G_DECLARE_FINAL_TYPE (TaLogView, ta_log_view, TA, LOG_VIEW, GtkWidget)

void         ta_log_view_set_store        (TaLogView  *self,
                                           TaLogStore *store);
TaLogStore  *ta_log_view_get_store        (TaLogView  *self);
void         ta_log_view_set_placeholder  (TaLogView  *self,
                                           const char *text);
gboolean     ta_log_view_show_entry       (TaLogView  *self,
                                           TaLogEntry *entry);

/* For tests */
GtkListView *_ta_log_view_get_list_view   (TaLogView  *self);
GListModel  *_ta_log_view_get_model       (TaLogView  *self);
gboolean     _ta_log_view_get_following   (TaLogView  *self);
char        *_ta_log_view_dup_row_text    (TaLogView  *self,
                                           guint       position);
gboolean     _ta_log_view_save_to_file    (TaLogView  *self,
                                           GFile      *file,
                                           GError    **error);
gboolean     _ta_log_view_save_raw_to_file (TaLogView *self,
                                            GFile     *file,
                                            guint     *n_cut,
                                            GError   **error);
GtkNativeDialog *_ta_log_view_get_save_dialog (TaLogView *self);
gboolean     _ta_log_view_get_saving      (TaLogView  *self);
const char  *_ta_log_view_save_choice_for_label (const char *label);
gboolean     _ta_log_view_record_to_file  (TaLogView  *self,
                                           GFile      *file,
                                           GError    **error);
GtkToggleButton *_ta_log_view_get_record_button (TaLogView *self);
GtkLabel    *_ta_log_view_get_record_label (TaLogView *self);
GtkEditable *_ta_log_view_get_search_entry    (TaLogView *self);
GtkDropDown *_ta_log_view_get_kind_dropdown   (TaLogView *self);
GtkDropDown *_ta_log_view_get_display_dropdown (TaLogView *self);
TaFrameChooser *_ta_log_view_get_frame_chooser (TaLogView *self);
GtkDropDown *_ta_log_view_get_time_dropdown   (TaLogView *self);
GtkDropDown *_ta_log_view_get_charset_dropdown (TaLogView *self);
GtkButton   *_ta_log_view_get_jump_button     (TaLogView *self);
GtkScrolledWindow *_ta_log_view_get_scrolled_window (TaLogView *self);
GtkWindow   *_ta_log_view_show_details        (TaLogView *self,
                                               guint      position);
GtkWindow   *_ta_log_view_get_details         (TaLogView *self);
AdwToast    *_ta_log_view_get_undo_toast      (TaLogView *self);
GtkWidget   *_ta_log_view_get_row_widget      (TaLogView *self,
                                               guint      position);

G_END_DECLS
