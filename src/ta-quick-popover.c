/* ta-quick-popover.c: the list of quick messages, sent with one click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per saved message (its name, what it sends, Ctrl+1…Ctrl+9 for
 * the first nine); a click sends it ("send"). Each row's menu renames,
 * moves up or down and deletes (with Undo in a toast); rows can also be
 * dragged onto another place. "Add Current Message" asks the composer
 * ("add-current"); Import… and Export… read and write the plain
 * GKeyFile format a user can mail to a colleague. The list itself is the
 * core's TaQuickMessages, shared by both pages and saved on every change.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-codec.h"
#include "ta-quick-popover.h"
#include "ta-quick-store.h"

struct _TaQuickPopover
{
  GtkPopover parent_instance;

  GtkListBox *list;
  GtkLabel *error_label;
  GtkButton *add_button;

  TaQuickMessages *model;
  /* The last deleted message, until Undo or the next delete. */
  TaQuickMessage *deleted;
  guint deleted_position;
  GtkFileChooserNative *chooser;
};

enum { SEND, ADD_CURRENT, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TaQuickPopover, ta_quick_popover, GTK_TYPE_POPOVER)

/* Rows */

#define TA_TYPE_QUICK_ROW (ta_quick_row_get_type ())
G_DECLARE_FINAL_TYPE (TaQuickRow, ta_quick_row, TA, QUICK_ROW, GtkListBoxRow)

struct _TaQuickRow
{
  GtkListBoxRow parent_instance;
  TaQuickMessage *message;
  GtkLabel *name_label;
  GtkLabel *summary_label;
  GtkLabel *accel_label;
};

G_DEFINE_FINAL_TYPE (TaQuickRow, ta_quick_row, GTK_TYPE_LIST_BOX_ROW)

static TaQuickPopover *
row_popover (TaQuickRow *row)
{
  return TA_QUICK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (row), TA_TYPE_QUICK_POPOVER));
}

static guint
row_position (TaQuickRow *row)
{
  return (guint) MAX (0, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static void
show_toast (TaQuickPopover *self,
            AdwToast       *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
show_error (TaQuickPopover *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 8);
      show_toast (self, toast);
    }
}

static void
row_update (TaQuickRow *row)
{
  const char *content = ta_quick_message_get_content (row->message);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *start = NULL;
  TaChecksum checksum = ta_quick_message_get_checksum (row->message);
  gboolean hex = ta_quick_message_get_mode (row->message) == TA_MESSAGE_MODE_HEX;

  gtk_label_set_text (row->name_label, ta_quick_message_get_name (row->message));
  /* What it sends, as the log shows it (\n, \r); the format and checksum. */
  start = g_utf8_substring (content, 0, MIN (g_utf8_strlen (content, -1), 80));
  ta_display_escape (start, -1, shown);
  if (hex)
    /* Translators: after a quick message's bytes: it is sent as hex */
    g_string_append_printf (shown, " · %s", _("Hex"));
  else
    g_string_append_printf (shown, " · %s", ta_quick_message_get_charset (row->message));
  if (checksum != TA_CHECKSUM_NONE)
    g_string_append_printf (shown, " · %s", ta_checksum_get_label (checksum));
  gtk_label_set_text (row->summary_label, shown->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), content);
}

static void
row_set_accel (TaQuickRow *row,
               guint       position)
{
  if (position < 9)
    {
      g_autofree char *label = gtk_accelerator_get_label (GDK_KEY_1 + position, GDK_CONTROL_MASK);

      gtk_label_set_text (row->accel_label, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (row->accel_label), position < 9);
}

static void
rename_response (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  TaQuickRow *row = user_data;
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  TaQuickPopover *self = row_popover (row);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "rename") == 0 && self != NULL && *name != '\0')
    ta_quick_messages_rename (self->model, row_position (row), name);
  g_object_unref (row);
}

static void
row_rename_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TaQuickRow *row = TA_QUICK_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;

  gtk_editable_set_text (GTK_EDITABLE (entry), ta_quick_message_get_name (row->message));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Quick Message"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect (dialog, "response", G_CALLBACK (rename_response), g_object_ref (row));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_move_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TaQuickRow *row = TA_QUICK_ROW (widget);
  TaQuickPopover *self = row_popover (row);
  guint from = row_position (row);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (g_str_equal (action_name, "row.move-up") && from > 0)
    _ta_quick_popover_move (self, from, from - 1);
  else if (g_str_equal (action_name, "row.move-down") && from + 1 < n)
    _ta_quick_popover_move (self, from, from + 1);
}

static void
row_delete_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TaQuickRow *row = TA_QUICK_ROW (widget);

  _ta_quick_popover_delete (row_popover (row), row_position (row));
}

/* Dragging a row onto another moves it there. */
static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 TaQuickRow    *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, row_position (row));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TaQuickRow    *row)
{
  TaQuickPopover *self = row_popover (row);
  guint from = g_value_get_uint (value);
  guint to = row_position (row);

  if (self == NULL || from == to || from >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return FALSE;
  _ta_quick_popover_move (self, from, to);
  return TRUE;
}

static void
ta_quick_row_dispose (GObject *object)
{
  TaQuickRow *row = TA_QUICK_ROW (object);

  if (row->message)
    g_signal_handlers_disconnect_by_data (row->message, row);
  g_clear_object (&row->message);
  G_OBJECT_CLASS (ta_quick_row_parent_class)->dispose (object);
}

static void
ta_quick_row_class_init (TaQuickRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ta_quick_row_dispose;
  gtk_widget_class_install_action (widget_class, "row.rename", NULL, row_rename_action);
  gtk_widget_class_install_action (widget_class, "row.move-up", NULL, row_move_action);
  gtk_widget_class_install_action (widget_class, "row.move-down", NULL, row_move_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, row_delete_action);
}

static void ta_quick_row_init (TaQuickRow *row) { }

static GtkWidget *
row_new (gpointer item,
         gpointer user_data)
{
  TaQuickPopover *self = user_data;
  TaQuickRow *row = g_object_new (TA_TYPE_QUICK_ROW, NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *box, *texts, *button;
  GtkDragSource *drag;
  GtkDropTarget *drop;
  guint position = 0;

  row->message = g_object_ref (item);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->model)); i++)
    {
      g_autoptr(TaQuickMessage) m = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (m == item)
        position = i;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  row->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name_label, 0);
  gtk_label_set_ellipsize (row->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (row->name_label), "heading");
  row->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->summary_label, 0);
  gtk_label_set_ellipsize (row->summary_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (row->summary_label, TRUE);
  gtk_label_set_max_width_chars (row->summary_label, 36);
  gtk_widget_add_css_class (GTK_WIDGET (row->summary_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->summary_label), "caption");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->name_label));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (row->summary_label));
  gtk_box_append (GTK_BOX (box), texts);

  row->accel_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->accel_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->accel_label), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->accel_label));

  g_menu_append (menu, _("_Rename…"), "row.rename");
  g_menu_append (menu, _("Move _Up"), "row.move-up");
  g_menu_append (menu, _("Move _Down"), "row.move-down");
  g_menu_append (menu, _("_Delete"), "row.delete");
  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Rename, move or delete"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rename, move or delete"), -1);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), row);
  gtk_widget_add_controller (GTK_WIDGET (row), GTK_EVENT_CONTROLLER (drag));
  drop = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), row);
  gtk_widget_add_controller (GTK_WIDGET (row), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (row->message, "notify", G_CALLBACK (row_update), row);
  row_update (row);
  row_set_accel (row, position);
  return GTK_WIDGET (row);
}

/* After a move the rows in between keep their widgets: renumber all. */
static void
on_items_changed (TaQuickPopover *self)
{
  guint i = 0;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, (int) i)) != NULL)
    {
      if (TA_IS_QUICK_ROW (row))
        row_set_accel (TA_QUICK_ROW (row), i);
      i++;
    }
}

/* The popover */

static void
on_row_activated (TaQuickPopover *self,
                  GtkListBoxRow  *row)
{
  if (!TA_IS_QUICK_ROW (row))
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SEND], 0, TA_QUICK_ROW (row)->message);
}

static void
on_show (TaQuickPopover *self)
{
  const char *error = ta_quick_store_get_error ();

  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

void
_ta_quick_popover_move (TaQuickPopover *self,
                        guint           from,
                        guint           to)
{
  g_return_if_fail (TA_IS_QUICK_POPOVER (self));
  ta_quick_messages_move (self->model, from, to);
}

static void
on_undo (TaQuickPopover *self)
{
  _ta_quick_popover_undo (self);
}

void
_ta_quick_popover_delete (TaQuickPopover *self,
                          guint           position)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (TA_IS_QUICK_POPOVER (self));
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;

  g_clear_object (&self->deleted);
  self->deleted = ta_quick_messages_remove (self->model, position);
  self->deleted_position = position;
  /* Translators: %s is the name of a quick message */
  title = g_strdup_printf (_("“%s” deleted"), ta_quick_message_get_name (self->deleted));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 8);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo), self, G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

void
_ta_quick_popover_undo (TaQuickPopover *self)
{
  g_autoptr(TaQuickMessage) message = NULL;

  g_return_if_fail (TA_IS_QUICK_POPOVER (self));
  message = g_steal_pointer (&self->deleted);
  if (message != NULL)
    ta_quick_messages_insert (self->model, self->deleted_position, message);
}

void
_ta_quick_popover_import (TaQuickPopover *self,
                          GFile          *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (path == NULL)
    {
      show_error (self, _("Only files on this computer can be imported."));
      return;
    }
  if (!ta_quick_messages_import (self->model, path, &n, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u quick message.",
                                       "Imported %u quick messages.", n), n);
  show_toast (self, adw_toast_new (text));
}

void
_ta_quick_popover_export (TaQuickPopover *self,
                          GFile          *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  if (path == NULL)
    {
      show_error (self, _("Quick messages can only be exported to a file on this computer."));
      return;
    }
  if (!ta_quick_messages_save (self->model, path, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Quick messages exported to “%s”."), name);
  show_toast (self, adw_toast_new (text));
}

static void
on_chooser_response (TaQuickPopover       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) hold = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;
  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    _ta_quick_popover_export (self, file);
  else
    _ta_quick_popover_import (self, file);
}

static void
open_chooser (TaQuickPopover       *self,
              GtkFileChooserAction  action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (self->chooser != NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  self->chooser = gtk_file_chooser_native_new (save ? _("Export Quick Messages") : _("Import Quick Messages"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action,
                                               save ? _("_Export") : _("_Import"), _("_Cancel"));
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "quick-messages.ini");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_chooser (TA_QUICK_POPOVER (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_chooser (TA_QUICK_POPOVER (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  g_signal_emit (widget, signals[ADD_CURRENT], 0);
}

/**
 * ta_quick_popover_set_model:
 *
 * The list to show and change (set once).
 */
void
ta_quick_popover_set_model (TaQuickPopover  *self,
                            TaQuickMessages *model)
{
  g_return_if_fail (TA_IS_QUICK_POPOVER (self));
  g_return_if_fail (self->model == NULL);

  self->model = g_object_ref (model);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (model), row_new, self, NULL);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

TaQuickMessages *
ta_quick_popover_get_model (TaQuickPopover *self)
{
  g_return_val_if_fail (TA_IS_QUICK_POPOVER (self), NULL);
  return self->model;
}

static void
ta_quick_popover_dispose (GObject *object)
{
  TaQuickPopover *self = TA_QUICK_POPOVER (object);

  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->list)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_QUICK_POPOVER);
  g_clear_object (&self->model);
  g_clear_object (&self->deleted);

  G_OBJECT_CLASS (ta_quick_popover_parent_class)->dispose (object);
}

static void
ta_quick_popover_class_init (TaQuickPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_quick_popover_dispose;

  /**
   * TaQuickPopover::send:
   * @message: the quick message clicked
   */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, TA_TYPE_QUICK_MESSAGE);
  /**
   * TaQuickPopover::add-current:
   *
   * "Add Current Message" was pressed: the composer adds what it holds.
   */
  signals[ADD_CURRENT] = g_signal_new ("add-current", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-quick-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TaQuickPopover, list);
  gtk_widget_class_bind_template_child (widget_class, TaQuickPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, TaQuickPopover, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_install_action (widget_class, "quick.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "quick.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "quick.export", NULL, export_action);
}

static void
ta_quick_popover_init (TaQuickPopover *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  placeholder = gtk_label_new (_("Add the message you send often, then send it again with one click."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (placeholder), 36);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
}
