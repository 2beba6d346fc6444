/* ta-log-view-private.h: what the log view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaLogView is split by concern: ta-log-view.c (the list, filter,
 * following the end, clear/undo, toolbar), ta-log-view-input.c (keyboard,
 * pointer, the entry window),
 * ta-log-row.c (the row factory, with its cached rows: a flood's
 * performance depends on them) and ta-log-view-file.c (Save Log and
 * Record to File).
 */
#pragma once

#include <adwaita.h>

#include "ta-follow.h"
#include "ta-frame-chooser.h"
#include "ta-log-saver.h"
#include "ta-log-store.h"
#include "ta-log-view.h"

G_BEGIN_DECLS

struct _TaLogView
{
  GtkWidget parent_instance;

  GtkWidget *toolbar;
  GtkSearchEntry *search_entry;
  GtkDropDown *kind_dropdown;
  GtkDropDown *display_dropdown;
  TaFrameChooser *frame_chooser;
  gboolean frame_bound;
  GtkDropDown *time_dropdown;
  GtkWidget *charset_box;
  GtkDropDown *charset_dropdown;
  GtkToggleButton *pause_button;
  GtkToggleButton *record_button;
  GtkWidget *record_bar;
  GtkLabel *record_label;
  GtkScrolledWindow *scrolled_window;
  GtkListView *list_view;
  GtkLabel *empty_label;
  GtkButton *jump_button;
  GtkLabel *note_label;

  GSettings *settings;
  TaLogStore *store;
  GtkFilterListModel *filter_model;
  GtkCustomFilter *filter;
  GtkMultiSelection *selection;
  GHashTable *bound_items;
  GString *scratch;
  char *filter_text;

  TaLogDisplay display;
  TaLogTimestamps timestamps;
  guint hex_per_line;       /* of "Text and hex" rows: 16, or 8 when narrow */
  gboolean hex_measured;
  guint hex_measure_id;      /* a tick callback of the list */
  guint hex_measure_tries;

  gboolean following;
  double last_upper;
  double last_page;
  /* Set by the adjustment's "changed" until the main loop turns: the
   * value change that comes with it is the list re-anchoring, not the
   * user scrolling. */
  guint geometry_id;
  TaFollow follow;
  gboolean entered;
  GtkWindow *details;     /* the entry window, while open */  /* the focus came in, no key pressed since */

  TaLogCleared *cleared;  /* while Undo is offered */
  AdwToast *undo_toast;
  guint n_unseen;
  char *placeholder;

  TaLogRecorder *recorder;
  gboolean updating_record_button;

  GtkNativeDialog *save_dialog;  /* while open */
  guint n_saving;                /* saves being written */
  GError *save_error;            /* of the last save that ended */
  guint last_n_cut;
};

TaLogRole  _ta_log_view_role (TaLogView *self);

void       _ta_log_view_update_filter (TaLogView *self);

/* ta-log-view-input.c */
void _ta_log_view_class_init_input (TaLogViewClass *klass);
void _ta_log_view_init_input       (TaLogView      *self);

/* ta-log-row.c */
void _ta_log_row_setup_cb   (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             TaLogView                *self);
void _ta_log_row_bind_cb    (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             TaLogView                *self);
void _ta_log_row_unbind_cb  (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             TaLogView                *self);
void _ta_log_view_rerender_all (TaLogView *self);
void _ta_log_view_format_body  (TaLogView  *self,
                                TaLogEntry *entry,
                                guint       max_lines,
                                GString    *out);
void _ta_log_view_queue_hex_measure (TaLogView *self);

/* ta-log-view-file.c */
void _ta_log_view_save_action           (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param);
void _ta_log_view_record_action         (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param);
void _ta_log_view_stop_recording_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param);
void _ta_log_view_update_record_ui      (TaLogView  *self);
void _ta_log_view_on_recording_failed   (TaLogStore *store,
                                         const char *message,
                                         gboolean    first,
                                         TaLogView  *self);
void _ta_log_view_on_record_toggled     (TaLogView  *self);

G_END_DECLS
