/* ta-log-view.c: the traffic log of one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over a TaLogStore, through a filter and a multi-selection.
 * Rows are an icon (the kind, with an accessible name), the time, the peer
 * on the server page, and a GtkInscription with the body. Received data is
 * plain text in an inscription: never markup.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-frame-chooser.h"
#include "ta-settings.h"
#include "ta-log-saver.h"
#include "ta-log-view.h"
#include "ta-ui-util.h"

#define MAX_ROW_LINES 24

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

  gboolean following;
  double last_upper;
  double last_page;
  /* Set by the adjustment's "changed" until the main loop turns: the
   * value change that comes with it is the list re-anchoring, not the
   * user scrolling. */
  guint geometry_id;
  guint follow_tick_id;
  guint follow_delay_id;
  gint64 last_follow;
  guint n_unseen;
  char *placeholder;

  TaLogRecorder *recorder;
  gboolean updating_record_button;

  GtkNativeDialog *save_dialog;  /* while open */
  guint n_saving;                /* saves being written */
  GError *save_error;            /* of the last save that ended */
  guint last_n_cut;
};

G_DEFINE_FINAL_TYPE (TaLogView, ta_log_view, GTK_TYPE_WIDGET)

typedef struct {
  GtkImage *icon;
  GtkLabel *time;
  GtkLabel *peer;
  GtkInscription *body;
  int kind;          /* what the row shows now, -1 at first: rebinding */
  int timestamps;    /* a row costs less when only the text changes */
  guint lines;
} Row;

static const char *
kind_icon (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return "go-down-symbolic";
    case TA_LOG_SENT: return "go-up-symbolic";
    case TA_LOG_REPLY: return "mail-reply-sender-symbolic";
    case TA_LOG_ERROR: return "dialog-warning-symbolic";
    case TA_LOG_EVENT:
    default: return "dialog-information-symbolic";
    }
}

static const char *
kind_class (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return "log-received";
    case TA_LOG_SENT: return "log-sent";
    case TA_LOG_REPLY: return "log-reply";
    case TA_LOG_ERROR: return "log-error";
    case TA_LOG_EVENT:
    default: return "log-event";
    }
}

static TaLogRole
get_role (TaLogView *self)
{
  return self->store ? ta_log_store_get_role (self->store) : TA_LOG_ROLE_SERVER;
}

static void
render_row (TaLogView   *self,
            GtkListItem *item)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "ta-row");
  TaLogEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  TaLogKind kind;
  const char *peer;
  guint lines = 1;
  gboolean wide = FALSE;

  if (entry == NULL || row == NULL)
    return;

  kind = ta_log_entry_get_kind (entry);
  if (row->kind != (int) kind)
    {
      row->kind = kind;
      gtk_image_set_from_icon_name (row->icon, kind_icon (kind));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, ta_log_kind_describe (kind),
                                      -1);
      gtk_widget_set_css_classes (child, (const char *[]) { "log-row", kind_class (kind), NULL });
    }

  g_string_truncate (self->scratch, 0);
  ta_log_entry_format_time (entry, self->timestamps, self->scratch);
  gtk_label_set_text (row->time, self->scratch->str);
  if (row->timestamps != (int) self->timestamps)
    {
      row->timestamps = self->timestamps;
      gtk_widget_set_visible (GTK_WIDGET (row->time), self->timestamps != TA_LOG_TIME_OFF);
      gtk_label_set_width_chars (row->time, self->timestamps == TA_LOG_TIME_MS ? 12 : 8);
    }

  peer = ta_log_entry_get_peer (entry);
  if (g_strcmp0 (gtk_label_get_text (row->peer), peer ? peer : "") != 0)
    gtk_label_set_text (row->peer, peer ? peer : "");
  gtk_widget_set_visible (GTK_WIDGET (row->peer), get_role (self) == TA_LOG_ROLE_SERVER);

  g_string_truncate (self->scratch, 0);
  ta_log_entry_format_body (entry, get_role (self), self->display, self->scratch);
  for (const char *p = self->scratch->str; *p && lines < MAX_ROW_LINES; p++)
    {
      if (*p == '\n')
        lines++;
      else if ((guchar) *p >= 0x80)
        wide = TRUE;
    }
  /* The inscription's height is counted in lines of the log's font, but a
   * fallback font (Chinese in wqy-zenhei) has taller lines: a multi-line
   * row with such text showed only its first line. Give it room. */
  if (wide && lines > 1)
    lines = MIN (lines * 2, MAX_ROW_LINES);
  if (row->lines != lines)
    {
      row->lines = lines;
      gtk_inscription_set_min_lines (row->body, lines);
      gtk_inscription_set_nat_lines (row->body, lines);
    }
  gtk_inscription_set_text (row->body, self->scratch->str);
}

/* Tooltips are asked for when the pointer rests on a row, not set on every
 * bind: setting one makes GTK ask the X server where the pointer is, a
 * round trip per row that a busy log cannot afford. */
static gboolean
on_icon_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       Row        *row)
{
  if (row->kind < 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, ta_log_kind_describe ((TaLogKind) row->kind));
  return TRUE;
}

static gboolean
on_label_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
rerender_all (TaLogView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    render_row (self, key);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TaLogView                *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  Row *row = g_new0 (Row, 1);

  row->kind = -1;
  row->timestamps = -1;
  row->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->icon), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  row->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->time, 0);
  gtk_widget_set_valign (GTK_WIDGET (row->time), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "log-time");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "numeric");
  row->peer = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->peer, 0);
  gtk_label_set_width_chars (row->peer, 21);
  gtk_label_set_max_width_chars (row->peer, 21);
  gtk_label_set_ellipsize (row->peer, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_valign (GTK_WIDGET (row->peer), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (row->peer), "log-peer");
  row->body = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (row->body, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->body), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->body), "log-body");

  gtk_widget_set_has_tooltip (GTK_WIDGET (row->icon), TRUE);
  g_signal_connect (row->icon, "query-tooltip", G_CALLBACK (on_icon_query_tooltip), row);
  gtk_widget_set_has_tooltip (GTK_WIDGET (row->peer), TRUE);
  g_signal_connect (row->peer, "query-tooltip", G_CALLBACK (on_label_query_tooltip), NULL);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->time));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->peer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->body));
  g_object_set_data_full (G_OBJECT (box), "ta-row", row, g_free);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         TaLogView                *self)
{
  g_hash_table_add (self->bound_items, item);
  render_row (self, item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TaLogView                *self)
{
  g_hash_table_remove (self->bound_items, item);
}

/* Filter */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  TaLogView *self = user_data;
  TaLogEntry *entry = item;
  TaLogKind kind = ta_log_entry_get_kind (entry);
  guint which = gtk_drop_down_get_selected (self->kind_dropdown);
  g_autofree char *folded = NULL;

  switch (which)
    {
    case 1:
      if (!ta_log_entry_is_data (entry))
        return FALSE;
      break;
    case 2:
      if (ta_log_entry_is_data (entry))
        return FALSE;
      break;
    case 3:
      if (kind != TA_LOG_ERROR)
        return FALSE;
      break;
    default:
      break;
    }

  if (self->filter_text == NULL)
    return TRUE;

  g_string_truncate (self->scratch, 0);
  if (ta_log_entry_get_peer (entry))
    {
      g_string_append (self->scratch, ta_log_entry_get_peer (entry));
      g_string_append_c (self->scratch, ' ');
    }
  ta_log_entry_format_body (entry, get_role (self), self->display, self->scratch);
  folded = g_utf8_casefold (self->scratch->str, -1);
  return strstr (folded, self->filter_text) != NULL;
}

static void
update_filter (TaLogView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean active = (text && *text) || gtk_drop_down_get_selected (self->kind_dropdown) != 0;

  g_clear_pointer (&self->filter_text, g_free);
  if (text && *text)
    self->filter_text = g_utf8_casefold (text, -1);

  /* No filter at all when nothing is filtered: a flood then costs nothing. */
  if (active)
    {
      gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  else
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
}

/* Following the end */

static void
update_jump_button (TaLogView *self)
{
  if (!self->following && self->n_unseen > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Jump to latest (%u new)",
                                                             "Jump to latest (%u new)",
                                                             self->n_unseen),
                                                self->n_unseen);
      gtk_button_set_label (self->jump_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->jump_button), TRUE);
    }
  else if (!self->following)
    {
      gtk_button_set_label (self->jump_button, _("Jump to latest"));
      gtk_widget_set_visible (GTK_WIDGET (self->jump_button), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->jump_button), FALSE);
}

static void
scroll_to_end (TaLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

/* Following the end is done from a tick callback, at the start of a
 * frame, never from the adjustment's signals: those are emitted during
 * the list's size allocation, and a value set there is not laid out by
 * GtkListView 4.8 (its rows stay where they were; the newest row was
 * hidden below the view in the app while the adjustment said "at the
 * end"). The list may also grow its upper bound over the next frames as
 * it measures new rows, so the callback checks a few frames. */
static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  TaLogView *self = user_data;

  self->follow_tick_id = 0;
  if (self->following)
    {
      self->last_follow = g_get_monotonic_time ();
      scroll_to_end (self);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
follow_delay_cb (gpointer user_data)
{
  TaLogView *self = user_data;

  self->follow_delay_id = 0;
  if (self->following && self->follow_tick_id == 0)
    self->follow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), follow_tick_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* One tick at a time, only when the view is not at the end, and at most
 * about 5 times a second: moving to the end rebinds every row the list
 * keeps around its anchor (about 100 ms for 200 rows under Xvfb with the
 * cairo renderer), which during a flood would take all the main loop's
 * time from the socket reads waiting below redraw priority. */
#define FOLLOW_MIN_INTERVAL_US (200 * 1000)

static void
follow_soon (TaLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gint64 since;

  if (self->follow_tick_id != 0 || self->follow_delay_id != 0 || !self->following)
    return;
  if (gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 0.5)
    return;
  since = g_get_monotonic_time () - self->last_follow;
  if (since < FOLLOW_MIN_INTERVAL_US)
    self->follow_delay_id = g_timeout_add ((FOLLOW_MIN_INTERVAL_US - since) / 1000 + 1, follow_delay_cb, self);
  else
    self->follow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), follow_tick_cb, self, NULL);
}

static gboolean
geometry_settled_cb (gpointer user_data)
{
  TaLogView *self = user_data;

  self->geometry_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_adjustment_changed (GtkAdjustment *adj,
                       TaLogView     *self)
{
  if (self->geometry_id == 0)
    self->geometry_id = g_idle_add_full (G_PRIORITY_HIGH, geometry_settled_cb, self, NULL);
  if (self->following)
    follow_soon (self);
  self->last_upper = gtk_adjustment_get_upper (adj);
}

static void
on_adjustment_value_changed (GtkAdjustment *adj,
                             TaLogView     *self)
{
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  gboolean at_bottom = gtk_adjustment_get_value (adj) + page >= upper - 2;

  /* A change of the content's size is not the user scrolling, nor is a
   * change of the view's own height (the window resized, or a widget
   * below it grew) that came with it. */
  if (upper != self->last_upper || page != self->last_page || self->geometry_id != 0)
    {
      self->last_upper = upper;
      self->last_page = page;
      if (self->following && !at_bottom)
        follow_soon (self);
      return;
    }

  if (at_bottom == self->following)
    return;

  self->following = at_bottom;
  if (at_bottom)
    self->n_unseen = 0;
  update_jump_button (self);
}

static void
update_empty (TaLogView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean store_empty = self->store == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_label_set_text (self->empty_label,
                      store_empty ? (self->placeholder ? self->placeholder : "")
                                  : _("No entries match the filter."));
}

static void
on_model_items_changed (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        TaLogView  *self)
{
  if (!self->following && added > removed)
    {
      self->n_unseen += added - removed;
      update_jump_button (self);
    }
  if (position == 0 || g_list_model_get_n_items (model) <= added)
    update_empty (self);
}

static void
update_note (TaLogView *self)
{
  guint64 dropped = self->store ? ta_log_store_get_n_dropped (self->store) : 0;
  gboolean paused = self->store ? ta_log_store_get_paused (self->store) : FALSE;
  g_autoptr(GString) s = g_string_new (NULL);

  if (paused)
    g_string_append (s, _("Display paused: new data is counted but not shown."));
  if (dropped > 0)
    {
      /* The number as a string: xgettext cannot read "%" G_GUINT64_FORMAT,
       * and the message never reached the catalogs. */
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, dropped);

      if (s->len)
        g_string_append_c (s, ' ');
      /* Translators: %s is a number of log entries */
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "%s older entry was dropped to keep memory use bounded.",
                                              "%s older entries were dropped to keep memory use bounded.",
                                              dropped > G_MAXULONG ? G_MAXULONG : (gulong) dropped),
                              number);
    }
  gtk_label_set_text (self->note_label, s->str);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), s->len > 0);
}

/* Actions */

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  if (self->store)
    ta_log_store_clear (self->store);
  self->n_unseen = 0;
  self->following = TRUE;
  update_jump_button (self);
  update_empty (self);
  update_note (self);
}

static void
jump_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  self->following = TRUE;
  self->n_unseen = 0;
  update_jump_button (self);
  scroll_to_end (self);
  follow_soon (self);
}

static char *
dup_lines (TaLogView *self,
           gboolean   selected_only)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  GtkSelectionModel *sel = GTK_SELECTION_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaLogEntry) entry = NULL;
      g_autofree char *line = NULL;

      if (selected_only && !gtk_selection_model_is_selected (sel, i))
        continue;
      entry = g_list_model_get_item (model, i);
      line = ta_log_entry_format_line (entry, get_role (self),
                                       self->timestamps == TA_LOG_TIME_OFF ? TA_LOG_TIME_MS : self->timestamps,
                                       self->display);
      g_string_append (s, line);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  g_autofree char *text = dup_lines (self, TRUE);

  if (*text)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* Save Log: the entries shown are written by ta-log-saver.c, without
 * blocking the window; here only the dialog and the sentences. */

/* The dialog's choices: one table, so the test can pick a choice by the
 * label a user reads and see that the file matches. */
static const struct {
  const char *id;
  const char *label;
  gboolean    raw;
} save_formats[] = {
  { "text", N_("Log as shown (text)"), FALSE },
  { "raw", N_("Received bytes only (raw)"), TRUE },
};

static void
save_toast (TaLogView  *self,
            const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
on_save_done (GtkWidget    *widget,
              GFile        *file,
              const GError *error,
              guint         n_cut,
              gpointer      user_data)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  self->n_saving--;
  g_clear_error (&self->save_error);

  if (error != NULL)
    {
      g_autofree char *display = g_file_get_parse_name (file);
      /* Translators: "Could not save the log to “/home/me/log.txt”: No space left on device" */
      g_autofree char *msg = g_strdup_printf (_("Could not save the log to “%s”: %s"), display, error->message);

      self->save_error = g_error_new_literal (error->domain, error->code, msg);
      save_toast (self, msg);
    }
  else if (n_cut > 0)
    {
      /* Translators: the log keeps the first 4 KiB of each message */
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u message was longer than 4 KiB: the file has only its first 4 KiB. Record to File keeps whole messages, but as text.",
                                                           "%u messages were longer than 4 KiB: the file has only their first 4 KiB. Record to File keeps whole messages, but as text.",
                                                           n_cut), n_cut);

      save_toast (self, msg);
    }
  self->last_n_cut = n_cut;
}

/* Starts writing the entries the view shows now to @file. */
static void
start_save (TaLogView *self,
            GFile     *file,
            gboolean   raw)
{
  self->n_saving++;
  ta_log_saver_start (GTK_WIDGET (self), G_LIST_MODEL (self->filter_model), file, raw, get_role (self),
                      self->timestamps == TA_LOG_TIME_OFF ? TA_LOG_TIME_MS : self->timestamps,
                      self->display, on_save_done, NULL);
}

/* For tests: save as the dialog does, and wait for the end. */
static gboolean
save_and_wait (TaLogView  *self,
               GFile      *file,
               gboolean    raw,
               guint      *n_cut,
               GError    **error)
{
  start_save (self, file, raw);
  while (self->n_saving > 0)
    g_main_context_iteration (NULL, TRUE);
  if (n_cut)
    *n_cut = self->last_n_cut;
  if (self->save_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->save_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ta_log_view_save_to_file:
 * @file: where to write
 *
 * Writes the entries the view shows (after the filter), one line each,
 * as "Save log" does once the file is chosen, and waits for the end.
 *
 * Returns: whether the file was written
 */
gboolean
_ta_log_view_save_to_file (TaLogView  *self,
                           GFile      *file,
                           GError    **error)
{
  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return save_and_wait (self, file, FALSE, NULL, error);
}

/**
 * _ta_log_view_save_raw_to_file:
 * @file: where to write
 * @n_cut: (out) (optional): how many of the messages written were longer
 *   than what an entry keeps (%TA_LOG_ENTRY_MAX_DATA bytes), so are cut
 *
 * Writes the bytes of the received entries the view shows (after the
 * filter), in order, with nothing between them: "Save log" with
 * "Received bytes only", and waits for the end.
 *
 * Returns: whether the file was written
 */
gboolean
_ta_log_view_save_raw_to_file (TaLogView  *self,
                               GFile      *file,
                               guint      *n_cut,
                               GError    **error)
{
  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return save_and_wait (self, file, TRUE, n_cut, error);
}

/**
 * _ta_log_view_get_save_dialog:
 *
 * Returns: (transfer none) (nullable): the Save Log dialog while it is open
 */
GtkNativeDialog *
_ta_log_view_get_save_dialog (TaLogView *self)
{
  return self->save_dialog;
}

/**
 * _ta_log_view_get_saving:
 *
 * Returns: whether a save is being written
 */
gboolean
_ta_log_view_get_saving (TaLogView *self)
{
  return self->n_saving > 0;
}

/**
 * _ta_log_view_save_choice_for_label:
 * @label: a choice of the Save dialog's "Format", as the user reads it
 *
 * Returns: (nullable): its id
 */
const char *
_ta_log_view_save_choice_for_label (const char *label)
{
  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    if (g_strcmp0 (_(save_formats[i].label), label) == 0)
      return save_formats[i].id;
  return NULL;
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TaLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
      gboolean raw = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
        if (g_strcmp0 (format, save_formats[i].id) == 0)
          raw = save_formats[i].raw;

      if (file != NULL)
        start_save (self, file, raw);
    }
  if (self->save_dialog == dialog)
    self->save_dialog = NULL;
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static char *
default_file_name (TaLogView  *self,
                   const char *format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf (format, get_role (self) == TA_LOG_ROLE_SERVER ? "server" : "client", stamp);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = default_file_name (self, "%s-log-%s.txt");
  const char *ids[G_N_ELEMENTS (save_formats) + 1] = { NULL };
  const char *labels[G_N_ELEMENTS (save_formats) + 1] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    {
      ids[i] = save_formats[i].id;
      labels[i] = _(save_formats[i].label);
    }

  native = gtk_file_chooser_native_new (_("Save Log"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "text");
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  self->save_dialog = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Record to file: every entry from now on is appended to a file, whole
 * (the store writes the full message, not the 4 KiB an entry keeps). */

static void
update_record_ui (TaLogView *self)
{
  gboolean on = self->recorder != NULL;

  self->updating_record_button = TRUE;
  gtk_toggle_button_set_active (self->record_button, on);
  self->updating_record_button = FALSE;

  if (on)
    {
      g_autofree char *base = g_path_get_basename (ta_log_recorder_get_path (self->recorder));
      g_autofree char *display = g_filename_display_name (base);
      g_autofree char *full = g_filename_display_name (ta_log_recorder_get_path (self->recorder));
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Recording to “%s”"), display);

      gtk_label_set_text (self->record_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_label), full);
    }
  gtk_widget_set_visible (self->record_bar, on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.stop-recording", on);
}

/**
 * _ta_log_view_record_to_file:
 * @file: (nullable): the file to append every new entry to, or %NULL to
 *   stop recording
 *
 * What "Record to File…" does once the file is chosen.
 *
 * Returns: whether recording started (or stopped, for %NULL); on error
 *   @error has a sentence for the user
 */
gboolean
_ta_log_view_record_to_file (TaLogView  *self,
                             GFile      *file,
                             GError    **error)
{
  TaLogRecorder *recorder = NULL;

  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The log can only be recorded to a local file."));
          update_record_ui (self);
          return FALSE;
        }
      recorder = ta_log_recorder_open (path, error);
      if (recorder == NULL)
        {
          update_record_ui (self);
          return FALSE;
        }
    }

  if (self->store)
    ta_log_store_set_recorder (self->store, recorder,
                               recorder == NULL ? NULL
                               : get_role (self) == TA_LOG_ROLE_SERVER ? "Server" : "Client");
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);
  self->recorder = recorder;
  update_record_ui (self);
  return TRUE;
}

static void
record_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    TaLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!_ta_log_view_record_to_file (self, file, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = default_file_name (self, "tcp-assistant-%s-%s.log");

  native = gtk_file_chooser_native_new (_("Record Log to File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Record"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (record_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
stop_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _ta_log_view_record_to_file (TA_LOG_VIEW (widget), NULL, NULL);
}

/* The recorder could not write (a full disk, a failing one): the store has
 * stopped recording and said so in the log. Show the record button off,
 * and tell the user once (the --log-file recorder is shared by both
 * pages), with a way to record again to another file. */
static void
on_record_again_clicked (TaLogView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "log.record", NULL);
}

static AdwToast *
recording_failed_toast (TaLogView  *self,
                        const char *message)
{
  /* A toast's title is markup in libadwaita 1.2; the file name is not. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);  /* lines are missing: stay until read */
  adw_toast_set_button_label (toast, _("_Record Again…"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_record_again_clicked),
                           self, G_CONNECT_SWAPPED);
  return toast;
}

static void
on_recording_failed (TaLogStore *store,
                     const char *message,
                     gboolean    first,
                     TaLogView  *self)
{
  GtkWidget *overlay;

  if (self->recorder != NULL)
    {
      g_clear_pointer (&self->recorder, ta_log_recorder_unref);
      update_record_ui (self);
    }
  if (!first)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), recording_failed_toast (self, message));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* The button shows whether the log is recorded; pressing it starts (with
 * the file chooser) or stops. Its state follows the recorder, not the
 * click: a cancelled chooser leaves it off. */
static void
on_record_toggled (TaLogView *self)
{
  if (self->updating_record_button)
    return;
  if (self->recorder != NULL)
    _ta_log_view_record_to_file (self, NULL, NULL);
  else
    {
      update_record_ui (self);
      record_action (GTK_WIDGET (self), "log.record", NULL);
    }
}

/* Toolbar */

static void
on_display_changed (TaLogView *self)
{
  self->display = gtk_drop_down_get_selected (self->display_dropdown);
  if (self->display > TA_LOG_SHOW_BOTH)
    self->display = TA_LOG_SHOW_TEXT;
  rerender_all (self);
  if (self->filter_text)
    update_filter (self);
}

static void
on_time_changed (TaLogView *self)
{
  self->timestamps = gtk_drop_down_get_selected (self->time_dropdown);
  if (self->timestamps > TA_LOG_TIME_MS)
    self->timestamps = TA_LOG_TIME_SECONDS;
  rerender_all (self);
}

static void
on_charset_changed (TaLogView *self)
{
  const char *id = ta_charset_dropdown_get_id (self->charset_dropdown);

  if (self->store)
    ta_log_store_set_receive_charset (self->store, id);
  if (self->settings)
    g_settings_set_string (self->settings, "receive-encoding", id);
}

/* "log.pause": the pause button's toggle, for the window's shortcut */
static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  gtk_toggle_button_set_active (self->pause_button, !gtk_toggle_button_get_active (self->pause_button));
}

static void
on_pause_toggled (TaLogView *self)
{
  if (self->store)
    ta_log_store_set_paused (self->store, gtk_toggle_button_get_active (self->pause_button));
  update_note (self);
}

static void
on_setting_changed (TaLogView  *self,
                    const char *key)
{
  if (g_str_equal (key, "receive-encoding"))
    {
      g_autofree char *id = g_settings_get_string (self->settings, key);

      ta_charset_dropdown_set_id (self->charset_dropdown, id);
    }
}

static const char *display_ids[] = { "text", "hex", "both", NULL };
static const char *time_ids[] = { "off", "time", "ms", NULL };

static void
bind_choice (GtkDropDown *dropdown,
             GSettings   *settings,
             const char  *key,
             const char **ids)
{
  g_object_set_data_full (G_OBJECT (dropdown), "ta-ids", g_strdupv ((char **) ids),
                          (GDestroyNotify) g_strfreev);
  ta_choice_dropdown_bind (dropdown, settings, key);
}

static void
ta_log_view_dispose (GObject *object)
{
  TaLogView *self = TA_LOG_VIEW (object);

  if (self->follow_tick_id && self->list_view)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->follow_tick_id);
  self->follow_tick_id = 0;
  g_clear_handle_id (&self->follow_delay_id, g_source_remove);
  g_clear_handle_id (&self->geometry_id, g_source_remove);
  if (self->scrolled_window)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      g_signal_handlers_disconnect_by_data (adj, self);
    }
  if (self->filter_model)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_LOG_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->bound_items, g_hash_table_unref);

  G_OBJECT_CLASS (ta_log_view_parent_class)->dispose (object);
}

static void
ta_log_view_finalize (GObject *object)
{
  TaLogView *self = TA_LOG_VIEW (object);

  g_clear_error (&self->save_error);

  g_string_free (self->scratch, TRUE);
  g_free (self->filter_text);
  g_free (self->placeholder);

  G_OBJECT_CLASS (ta_log_view_parent_class)->finalize (object);
}

static void
ta_log_view_class_init (TaLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_log_view_dispose;
  object_class->finalize = ta_log_view_finalize;

  g_type_ensure (TA_TYPE_FRAME_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TaLogView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, display_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, frame_chooser);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, charset_box);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, record_button);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, record_bar);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, record_label);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, TaLogView, note_label);

  gtk_widget_class_install_action (widget_class, "log.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "log.jump", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "log.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "log.stop-recording", NULL, stop_recording_action);
  gtk_widget_class_install_action (widget_class, "log.pause", NULL, pause_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "log.clear", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "talogview");
}

static void
ta_log_view_init (TaLogView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adj;
  g_autofree char *charset = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->scratch = g_string_sized_new (256);
  self->bound_items = g_hash_table_new (NULL, NULL);
  self->following = TRUE;
  self->display = TA_LOG_SHOW_TEXT;
  self->timestamps = TA_LOG_TIME_SECONDS;
  self->settings = g_object_ref (ta_settings_get ());

  self->charset_dropdown = ta_charset_dropdown_new (TRUE);
  gtk_box_append (GTK_BOX (self->charset_box), GTK_WIDGET (self->charset_dropdown));
  charset = g_settings_get_string (self->settings, "receive-encoding");
  ta_charset_dropdown_set_id (self->charset_dropdown, charset);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect (adj, "changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  g_signal_connect (self->filter_model, "items-changed", G_CALLBACK (on_model_items_changed), self);

  bind_choice (self->display_dropdown, self->settings, "log-display", display_ids);
  bind_choice (self->time_dropdown, self->settings, "log-timestamps", time_ids);
  on_display_changed (self);
  on_time_changed (self);

  g_signal_connect_swapped (self->display_dropdown, "notify::selected", G_CALLBACK (on_display_changed), self);
  g_signal_connect_swapped (self->time_dropdown, "notify::selected", G_CALLBACK (on_time_changed), self);
  g_signal_connect_swapped (self->charset_dropdown, "notify::selected", G_CALLBACK (on_charset_changed), self);
  g_signal_connect_swapped (self->pause_button, "toggled", G_CALLBACK (on_pause_toggled), self);
  g_signal_connect_swapped (self->record_button, "toggled", G_CALLBACK (on_record_toggled), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (update_filter), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (update_filter), self);
  g_signal_connect_swapped (self->settings, "changed::receive-encoding", G_CALLBACK (on_setting_changed), self);

  update_empty (self);
  update_record_ui (self);
}

void
ta_log_view_set_store (TaLogView  *self,
                       TaLogStore *store)
{
  g_return_if_fail (TA_IS_LOG_VIEW (self));
  g_return_if_fail (store == NULL || TA_IS_LOG_STORE (store));

  if (self->store)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      if (self->recorder)
        ta_log_store_set_recorder (self->store, NULL, NULL);
    }
  g_set_object (&self->store, store);
  if (store && self->recorder)
    ta_log_store_set_recorder (store, self->recorder,
                               get_role (self) == TA_LOG_ROLE_SERVER ? "Server" : "Client");
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (store));
  if (store)
    {
      g_signal_connect_swapped (store, "notify::n-dropped", G_CALLBACK (update_note), self);
      g_signal_connect_swapped (store, "notify::paused", G_CALLBACK (update_note), self);
      g_signal_connect (store, "recording-failed", G_CALLBACK (on_recording_failed), self);
      ta_log_store_set_receive_charset (store, ta_charset_dropdown_get_id (self->charset_dropdown));
      /* Each page keeps its own framing; the page applies the key to its
       * server or client (ta_frame_settings_follow()). */
      if (!self->frame_bound)
        {
          ta_frame_chooser_bind (self->frame_chooser, self->settings,
                                 get_role (self) == TA_LOG_ROLE_SERVER ? "server-framing" : "client-framing");
          self->frame_bound = TRUE;
        }
    }
  update_note (self);
  update_empty (self);
}

/**
 * ta_log_view_get_store:
 *
 * Returns: (transfer none) (nullable): the store shown
 */
TaLogStore *
ta_log_view_get_store (TaLogView *self)
{
  g_return_val_if_fail (TA_IS_LOG_VIEW (self), NULL);
  return self->store;
}

void
ta_log_view_set_placeholder (TaLogView  *self,
                             const char *text)
{
  g_return_if_fail (TA_IS_LOG_VIEW (self));

  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  update_empty (self);
}

GtkEditable *_ta_log_view_get_search_entry (TaLogView *self) { return GTK_EDITABLE (self->search_entry); }
GtkDropDown *_ta_log_view_get_kind_dropdown (TaLogView *self) { return self->kind_dropdown; }
GtkDropDown *_ta_log_view_get_display_dropdown (TaLogView *self) { return self->display_dropdown; }
TaFrameChooser *_ta_log_view_get_frame_chooser (TaLogView *self) { return self->frame_chooser; }
GtkDropDown *_ta_log_view_get_time_dropdown (TaLogView *self) { return self->time_dropdown; }
GtkDropDown *_ta_log_view_get_charset_dropdown (TaLogView *self) { return self->charset_dropdown; }
GtkButton *_ta_log_view_get_jump_button (TaLogView *self) { return self->jump_button; }
GtkScrolledWindow *_ta_log_view_get_scrolled_window (TaLogView *self) { return self->scrolled_window; }

GtkListView *
_ta_log_view_get_list_view (TaLogView *self)
{
  return self->list_view;
}

GListModel *
_ta_log_view_get_model (TaLogView *self)
{
  return G_LIST_MODEL (self->filter_model);
}

gboolean
_ta_log_view_get_following (TaLogView *self)
{
  return self->following;
}

/**
 * _ta_log_view_dup_row_text:
 *
 * Returns: (transfer full): the body of a row as displayed
 */
char *
_ta_log_view_dup_row_text (TaLogView *self,
                           guint      position)
{
  g_autoptr(TaLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  GString *s = g_string_new (NULL);

  if (entry)
    ta_log_entry_format_body (entry, get_role (self), self->display, s);
  return g_string_free (s, FALSE);
}

GtkToggleButton *_ta_log_view_get_record_button (TaLogView *self) { return self->record_button; }
GtkLabel *_ta_log_view_get_record_label (TaLogView *self) { return self->record_label; }

/**
 * _ta_log_view_get_row_widget:
 *
 * Returns: (transfer none) (nullable): the widget showing the row at
 * @position of the shown model, or %NULL when no widget is bound to it
 * (rows far from the visible part have none). Tests find "the newest row"
 * by its position: several rows may read the same.
 */
GtkWidget *
_ta_log_view_get_row_widget (TaLogView *self,
                             guint      position)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (gtk_list_item_get_position (item) == position)
      return gtk_list_item_get_child (item);
  return NULL;
}
