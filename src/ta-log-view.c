/* ta-log-view.c: the traffic log of one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over a TaLogStore, through a filter and a multi-selection:
 * the filter, following the end, Clear with Undo, the toolbar and the
 * widget's life. Rows are in ta-log-row.c, keyboard/pointer and the entry
 * window in ta-log-view-input.c, Save/Record in ta-log-view-file.c (see
 * ta-log-view-private.h). About 800 lines: following the end and Clear
 * with Undo each need their comments on GtkListView 4.8's behaviour, and
 * splitting them from the widget's state would only scatter it.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-frame-chooser.h"
#include "ta-settings.h"
#include "ta-log-saver.h"
#include "ta-log-view.h"
#include "ta-log-view-private.h"
#include "ta-ui-util.h"



G_DEFINE_FINAL_TYPE (TaLogView, ta_log_view, GTK_TYPE_WIDGET)

TaLogRole
_ta_log_view_role (TaLogView *self)
{
  return self->store ? ta_log_store_get_role (self->store) : TA_LOG_ROLE_SERVER;
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
  ta_log_entry_format_body (entry, _ta_log_view_role (self), self->display, self->scratch);
  folded = g_utf8_casefold (self->scratch->str, -1);
  return strstr (folded, self->filter_text) != NULL;
}

void
_ta_log_view_update_filter (TaLogView *self)
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

  if (!ta_follow_list_has_rows (GTK_WIDGET (self->list_view)))
    return;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static gboolean
is_following (gpointer data)
{
  return ((TaLogView *) data)->following;
}

/* The pace and the frame it happens in are TaFollow's (shared with the
 * conversation view). */
static void
follow_soon (TaLogView *self)
{
  ta_follow_soon (&self->follow);
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

/* Clear Log, with Undo: the cleared entries are kept aside while the
 * toast offers Undo (a few seconds), then freed. A second Clear ends the
 * first one's Undo. */
#define UNDO_CLEAR_SECONDS 6

static void
end_undo_full (TaLogView *self,
               gboolean   dismiss)
{
  g_clear_pointer (&self->cleared, ta_log_cleared_free);
  if (self->undo_toast != NULL)
    {
      AdwToast *toast = g_steal_pointer (&self->undo_toast);

      g_signal_handlers_disconnect_by_data (toast, self);
      if (dismiss)
        adw_toast_dismiss (toast);
      g_object_unref (toast);
    }
}

static void
end_undo (TaLogView *self)
{
  end_undo_full (self, TRUE);
}

static void
on_undo_clear (AdwToast  *toast,
               TaLogView *self)
{
  if (self->cleared != NULL && self->store != NULL)
    ta_log_store_restore (self->store, g_steal_pointer (&self->cleared));
  /* The overlay dismisses a toast whose button was clicked. */
  end_undo_full (self, FALSE);
  self->n_unseen = 0;
  self->following = TRUE;
  update_jump_button (self);
  update_empty (self);
  update_note (self);
  follow_soon (self);
}

static void
on_undo_toast_dismissed (AdwToast  *toast,
                         TaLogView *self)
{
  if (toast == self->undo_toast)
    end_undo_full (self, FALSE);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  end_undo (self);
  if (self->details != NULL)
    gtk_window_destroy (self->details);
  if (self->store)
    {
      if (overlay != NULL)
        self->cleared = ta_log_store_clear_for_undo (self->store);
      else
        ta_log_store_clear (self->store);
    }
  if (self->cleared != NULL && ta_log_cleared_get_n_entries (self->cleared) > 0)
    {
      guint n = ta_log_cleared_get_n_entries (self->cleared);
      /* Translators: a toast with an Undo button */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Log cleared (%u entry)",
                                                             "Log cleared (%u entries)", n), n);

      self->undo_toast = adw_toast_new (title);
      g_object_ref_sink (self->undo_toast);
      adw_toast_set_button_label (self->undo_toast, _("_Undo"));
      adw_toast_set_timeout (self->undo_toast, UNDO_CLEAR_SECONDS);
      g_signal_connect (self->undo_toast, "button-clicked", G_CALLBACK (on_undo_clear), self);
      g_signal_connect (self->undo_toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (self->undo_toast));
    }
  else
    g_clear_pointer (&self->cleared, ta_log_cleared_free);
  self->n_unseen = 0;
  self->following = TRUE;
  update_jump_button (self);
  update_empty (self);
  update_note (self);
}

/**
 * _ta_log_view_get_undo_toast:
 *
 * Returns: (transfer none) (nullable): the toast offering to undo the
 *   last Clear, while it does
 */
AdwToast *
_ta_log_view_get_undo_toast (TaLogView *self)
{
  return self->undo_toast;
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

/* log.pause: the same as pressing the Pause toggle, so an accelerator and
 * the button never disagree. */
static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  gtk_toggle_button_set_active (self->pause_button,
                                !gtk_toggle_button_get_active (self->pause_button));
}

static void
focus_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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
      line = ta_log_entry_format_line (entry, _ta_log_view_role (self),
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

/* Toolbar */

static void
on_display_changed (TaLogView *self)
{
  self->display = gtk_drop_down_get_selected (self->display_dropdown);
  if (self->display > TA_LOG_SHOW_BOTH)
    self->display = TA_LOG_SHOW_TEXT;
  _ta_log_view_rerender_all (self);
  if (self->filter_text)
    _ta_log_view_update_filter (self);
}

static void
on_time_changed (TaLogView *self)
{
  self->timestamps = gtk_drop_down_get_selected (self->time_dropdown);
  if (self->timestamps > TA_LOG_TIME_MS)
    self->timestamps = TA_LOG_TIME_SECONDS;
  _ta_log_view_rerender_all (self);
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

  ta_follow_clear (&self->follow);
  end_undo (self);
  g_clear_handle_id (&self->geometry_id, g_source_remove);
  if (self->hex_measure_id != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->hex_measure_id);
  self->hex_measure_id = 0;
  if (self->scrolled_window)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      g_signal_handlers_disconnect_by_data (adj, self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_hadjustment (self->scrolled_window), self);
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
  /* (filled by TaLogSwitcher; the filter row folded by TaWindow when
   * narrow: found by these names) */
  gtk_widget_class_bind_template_child_full (widget_class, "switcher_slot", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "filter_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "filter_toggle", FALSE, 0);
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

  _ta_log_view_class_init_input (klass);

  gtk_widget_class_install_action (widget_class, "log.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "log.jump", NULL, jump_action);
  /* The names the window's accelerators use (log.jump stays for the button). */
  gtk_widget_class_install_action (widget_class, "log.jump-to-end", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "log.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "log.focus-filter", NULL, focus_filter_action);
  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.save", NULL, _ta_log_view_save_action);
  gtk_widget_class_install_action (widget_class, "log.record", NULL, _ta_log_view_record_action);
  gtk_widget_class_install_action (widget_class, "log.stop-recording", NULL, _ta_log_view_stop_recording_action);
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
  ta_follow_init (&self->follow, GTK_WIDGET (self->list_view), self->scrolled_window, is_following, NULL, self);
  self->display = TA_LOG_SHOW_TEXT;
  self->hex_per_line = 16;
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
  g_signal_connect (factory, "setup", G_CALLBACK (_ta_log_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (_ta_log_row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (_ta_log_row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  _ta_log_view_init_input (self);

  adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect (adj, "changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  /* The list's width: do 16 hex bytes a line still fit? */
  g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (self->scrolled_window), "notify::page-size",
                            G_CALLBACK (_ta_log_view_queue_hex_measure), self);
  g_signal_connect (self->filter_model, "items-changed", G_CALLBACK (on_model_items_changed), self);

  bind_choice (self->display_dropdown, self->settings, "log-display", display_ids);
  bind_choice (self->time_dropdown, self->settings, "log-timestamps", time_ids);
  on_display_changed (self);
  on_time_changed (self);

  g_signal_connect_swapped (self->display_dropdown, "notify::selected", G_CALLBACK (on_display_changed), self);
  g_signal_connect_swapped (self->time_dropdown, "notify::selected", G_CALLBACK (on_time_changed), self);
  g_signal_connect_swapped (self->charset_dropdown, "notify::selected", G_CALLBACK (on_charset_changed), self);
  g_signal_connect_swapped (self->pause_button, "toggled", G_CALLBACK (on_pause_toggled), self);
  g_signal_connect_swapped (self->record_button, "toggled", G_CALLBACK (_ta_log_view_on_record_toggled), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (_ta_log_view_update_filter), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (_ta_log_view_update_filter), self);
  g_signal_connect_swapped (self->settings, "changed::receive-encoding", G_CALLBACK (on_setting_changed), self);

  update_empty (self);
  _ta_log_view_update_record_ui (self);
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
                               _ta_log_view_role (self) == TA_LOG_ROLE_SERVER ? "Server" : "Client");
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (store));
  if (store)
    {
      g_signal_connect_swapped (store, "notify::n-dropped", G_CALLBACK (update_note), self);
      g_signal_connect_swapped (store, "notify::paused", G_CALLBACK (update_note), self);
      g_signal_connect (store, "recording-failed", G_CALLBACK (_ta_log_view_on_recording_failed), self);
      ta_log_store_set_receive_charset (store, ta_charset_dropdown_get_id (self->charset_dropdown));
      /* Each page keeps its own framing; the page applies the key to its
       * server or client (ta_frame_settings_follow()). */
      if (!self->frame_bound)
        {
          ta_frame_chooser_bind (self->frame_chooser, self->settings,
                                 _ta_log_view_role (self) == TA_LOG_ROLE_SERVER ? "server-framing" : "client-framing");
          self->frame_bound = TRUE;
        }
    }
  update_note (self);
  update_empty (self);
}

/**
 * ta_log_view_show_entry:
 *
 * Scrolls to @entry and selects it (the conversation view's "show this
 * in the log"). The view stops following the end.
 *
 * Returns: %FALSE when the entry is no longer in the log or the filter
 *   hides it (the window then says so)
 */
gboolean
ta_log_view_show_entry (TaLogView  *self,
                        TaLogEntry *entry)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (TA_IS_LOG_ENTRY (entry), FALSE);

  model = G_LIST_MODEL (self->filter_model);
  n = g_list_model_get_n_items (model);
  /* From the end: what the user clicks is usually recent. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(TaLogEntry) item = g_list_model_get_item (model, i - 1);

      if (item == entry)
        {
          self->following = FALSE;
          update_jump_button (self);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i - 1, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i - 1);
          return TRUE;
        }
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              _("That entry is no longer in the log, or the log’s filter hides it."));
  return FALSE;
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
    _ta_log_view_format_body (self, entry, 0, s);
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
