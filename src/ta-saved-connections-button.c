/* ta-saved-connections-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A button by the Client page's host field opening the saved connections:
 * each one a name, a target and how messages are sent ("Lab PLC",
 * "10.0.0.7:502 · Hex · CRC-16/Modbus"). Picking one fills host, port and
 * TLS and sets the composer (text/hex, encoding, line ending, checksum:
 * the settings the composer follows); it does not connect. "Save This
 * Connection…" asks a name for what the fields and the composer say now
 * (the same name again updates it). Each row can be renamed, or deleted
 * with Undo in a toast. One list for the app (the core's
 * TaSavedConnections), kept in ~/.config/tcp-assistant/connections.ini
 * and written after each change; a file that cannot be read or written
 * is a sentence in the popover (and the unreadable file is set aside).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-core-enums.h"
#include "ta-saved-connections-button.h"

#define UNDO_SECONDS 6

struct _TaSavedConnectionsButton
{
  GtkWidget           parent_instance;

  GtkWidget          *menu_button;
  GtkWidget          *popover;
  GtkStack           *stack;
  GtkListBox         *list;
  GtkLabel           *error_label;
  GtkLabel           *name_title;
  GtkEditable        *name_entry;
  GtkLabel           *name_error;
  gint                renaming;       /* -1: saving a new one */

  GtkEditable        *host_entry;     /* the page's, weak */
  GtkEditable        *port_entry;
  GtkCheckButton     *tls_check;
  TaComposer         *composer;
  GSettings          *settings;

  AdwToast           *undo_toast;
  TaSavedConnection  *deleted;
  guint               deleted_at;
};

G_DEFINE_FINAL_TYPE (TaSavedConnectionsButton, ta_saved_connections_button, GTK_TYPE_WIDGET)

/* The one list of the app */

static TaSavedConnections *store;
static char *store_error;

static void
set_store_error (const char *message)
{
  g_free (store_error);
  store_error = g_strdup (message);
}

static void
on_store_changed (TaSavedConnections *list)
{
  g_autofree char *path = ta_saved_connections_get_default_path ();
  g_autoptr(GError) error = NULL;

  if (!ta_saved_connections_save (list, path, &error))
    set_store_error (error->message);
  else
    set_store_error (NULL);
}

/**
 * ta_saved_store_get:
 *
 * Returns: (transfer none): the saved connections, read on first use
 */
TaSavedConnections *
ta_saved_store_get (void)
{
  if (store == NULL)
    {
      store = ta_saved_connections_new ();
      _ta_saved_store_reload ();
      g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), NULL);
    }
  return store;
}

/* What a start does: the list read from its file. */
void
_ta_saved_store_reload (void)
{
  g_autofree char *path = ta_saved_connections_get_default_path ();
  g_autoptr(GError) error = NULL;

  set_store_error (NULL);
  if (!ta_saved_connections_open (ta_saved_store_get (), path, &error))
    set_store_error (error->message);
}

/* Helpers */

static void
toast (TaSavedConnectionsButton *self,
       const char               *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static int
nick_to_value (GType       type,
               const char *nick,
               int         fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return v ? v->value : fallback;
}

static const char *
value_to_nick (GType type,
               int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  return v ? v->value_nick : NULL;
}

/* Sets a choice key when the setting has that choice. */
static void
set_choice (GSettings  *settings,
            const char *key,
            const char *nick)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) value = NULL;

  if (nick == NULL)
    return;
  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  value = g_variant_ref_sink (g_variant_new_string (nick));
  if (g_settings_schema_key_range_check (schema_key, value))
    g_settings_set_value (settings, key, value);
}

static void
update_error (TaSavedConnectionsButton *self)
{
  gtk_label_set_text (self->error_label, store_error ? store_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), store_error != NULL);
}

/* Picking */

static void
apply (TaSavedConnectionsButton *self,
       TaSavedConnection        *c)
{
  g_autofree char *port_text = g_strdup_printf ("%u", ta_saved_connection_get_port (c));
  g_autofree char *message = NULL;

  if (!gtk_widget_is_sensitive (GTK_WIDGET (self->host_entry)))
    {
      toast (self, _("Disconnect first: a saved connection changes the server and how messages are sent."));
      return;
    }
  gtk_editable_set_text (self->host_entry, ta_saved_connection_get_host (c));
  gtk_editable_set_text (self->port_entry, port_text);
  gtk_check_button_set_active (self->tls_check, ta_saved_connection_get_tls (c));
  set_choice (self->settings, "send-mode", value_to_nick (TA_TYPE_MESSAGE_MODE, ta_saved_connection_get_mode (c)));
  g_settings_set_string (self->settings, "send-encoding", ta_saved_connection_get_charset (c));
  set_choice (self->settings, "send-line-ending",
              value_to_nick (TA_TYPE_LINE_ENDING, ta_saved_connection_get_line_ending (c)));
  set_choice (self->settings, "send-checksum", value_to_nick (TA_TYPE_CHECKSUM, ta_saved_connection_get_checksum (c)));
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  /* Translators: %s is the name of a saved connection */
  message = g_strdup_printf (_("“%s” is filled in: press Connect."), ta_saved_connection_get_name (c));
  toast (self, message);
}

static void
on_row_activated (GtkListBox               *list,
                  GtkListBoxRow            *row,
                  TaSavedConnectionsButton *self)
{
  TaSavedConnection *c = ta_saved_connections_get (ta_saved_store_get (), (guint) gtk_list_box_row_get_index (row));

  if (c != NULL)
    apply (self, c);
}

/* Saving and renaming: the name page */

static void
show_name_page (TaSavedConnectionsButton *self,
                gint                      renaming,
                const char               *title,
                const char               *name)
{
  self->renaming = renaming;
  gtk_label_set_text (self->name_title, title);
  gtk_editable_set_text (self->name_entry, name);
  gtk_label_set_text (self->name_error, "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "name");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
show_name_error (TaSavedConnectionsButton *self,
                 const char               *message)
{
  gtk_label_set_text (self->name_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), TRUE);
}

/* What the fields and the composer say now, or %NULL with a sentence. */
static TaSavedConnection *
current_connection (TaSavedConnectionsButton  *self,
                    const char                *name,
                    GError                   **error)
{
  g_autofree char *host = NULL;
  g_autofree char *mode = g_settings_get_string (self->settings, "send-mode");
  g_autofree char *ending = g_settings_get_string (self->settings, "send-line-ending");
  g_autofree char *checksum = g_settings_get_string (self->settings, "send-checksum");
  guint16 host_port = 0, port = 0;

  if (!ta_parse_host (gtk_editable_get_text (self->host_entry), &host, &host_port, error))
    return NULL;
  if (host_port != 0)
    port = host_port;
  else if (!ta_parse_port (gtk_editable_get_text (self->port_entry), &port, error))
    return NULL;
  return ta_saved_connection_new (name, host, port, gtk_check_button_get_active (self->tls_check),
                                  nick_to_value (TA_TYPE_MESSAGE_MODE, mode, TA_MESSAGE_MODE_TEXT),
                                  ta_composer_get_charset (self->composer),
                                  nick_to_value (TA_TYPE_LINE_ENDING, ending, TA_LINE_ENDING_NONE),
                                  nick_to_value (TA_TYPE_CHECKSUM, checksum, TA_CHECKSUM_NONE));
}

static void
name_done (TaSavedConnectionsButton *self)
{
  TaSavedConnections *list = ta_saved_store_get ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));

  if (self->renaming >= 0)
    {
      if (!ta_saved_connections_rename (list, (guint) self->renaming, name, &error))
        {
          show_name_error (self, error->message);
          return;
        }
    }
  else
    {
      g_autoptr(TaSavedConnection) c = NULL;

      /* The same name saves over it: that is how one is updated. */
      if (!ta_saved_connections_check_name (list, name, ta_saved_connections_find (list, name), &error) ||
          (c = current_connection (self, name, &error)) == NULL)
        {
          show_name_error (self, error->message);
          return;
        }
      ta_saved_connections_put (list, c);
    }
  update_error (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (store_error != NULL)
    toast (self, store_error);
}

static void
name_cancel (TaSavedConnectionsButton *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
}

void
_ta_saved_connections_button_start_save (TaSavedConnectionsButton *self)
{
  show_name_page (self, -1, _("Save This Connection"), "");
}

void
_ta_saved_connections_button_start_rename (TaSavedConnectionsButton *self,
                                           guint                     position)
{
  TaSavedConnection *c = ta_saved_connections_get (ta_saved_store_get (), position);

  if (c != NULL)
    show_name_page (self, (gint) position, _("Rename Connection"), ta_saved_connection_get_name (c));
}

/* Deleting, with Undo */

static void
end_undo (TaSavedConnectionsButton *self)
{
  if (self->undo_toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->undo_toast, self);
      adw_toast_dismiss (self->undo_toast);
      g_clear_object (&self->undo_toast);
    }
  g_clear_object (&self->deleted);
}

void
_ta_saved_connections_button_undo (TaSavedConnectionsButton *self)
{
  if (self->deleted != NULL)
    ta_saved_connections_insert (ta_saved_store_get (), self->deleted_at, self->deleted);
  end_undo (self);
}

static void
on_undo_dismissed (TaSavedConnectionsButton *self)
{
  g_clear_object (&self->undo_toast);
  g_clear_object (&self->deleted);
}

void
_ta_saved_connections_button_delete (TaSavedConnectionsButton *self,
                                     guint                     position)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = NULL;

  end_undo (self);
  self->deleted = ta_saved_connections_remove (ta_saved_store_get (), position);
  self->deleted_at = position;
  if (self->deleted == NULL || overlay == NULL)
    return;
  /* Translators: a toast with an Undo button; %s is the connection's name */
  title = g_strdup_printf (_("“%s” deleted"), ta_saved_connection_get_name (self->deleted));
  self->undo_toast = g_object_ref_sink (adw_toast_new (title));
  adw_toast_set_button_label (self->undo_toast, _("_Undo"));
  adw_toast_set_timeout (self->undo_toast, UNDO_SECONDS);
  g_signal_connect_swapped (self->undo_toast, "button-clicked", G_CALLBACK (_ta_saved_connections_button_undo), self);
  g_signal_connect_swapped (self->undo_toast, "dismissed", G_CALLBACK (on_undo_dismissed), self);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (self->undo_toast));
}

/* Rows */

static guint
row_position (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  return row ? (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : G_MAXUINT;
}

static void
on_rename_clicked (GtkWidget                *button,
                   TaSavedConnectionsButton *self)
{
  _ta_saved_connections_button_start_rename (self, row_position (button));
}

static void
on_delete_clicked (GtkWidget                *button,
                   TaSavedConnectionsButton *self)
{
  _ta_saved_connections_button_delete (self, row_position (button));
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TaSavedConnectionsButton *self = user_data;
  TaSavedConnection *c = item;
  const char *name = ta_saved_connection_get_name (c);
  g_autofree char *summary = ta_saved_connection_dup_summary (c);
  /* Translators: button names for screen readers; %s is a connection's name */
  g_autofree char *rename_name = g_strdup_printf (_("Rename %s"), name);
  g_autofree char *delete_name = g_strdup_printf (_("Delete %s"), name);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (summary);
  GtkWidget *rename = icon_button ("document-edit-symbolic", _("Rename"), rename_name);
  GtkWidget *delete = icon_button ("user-trash-symbolic", _("Delete"), delete_name);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), rename);
  gtk_box_append (GTK_BOX (box), delete);
  g_signal_connect (rename, "clicked", G_CALLBACK (on_rename_clicked), self);
  g_signal_connect (delete, "clicked", G_CALLBACK (on_delete_clicked), self);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: a row's name for screen readers: "Lab PLC, 10.0.0.7:502 · Hex" */
  {
    g_autofree char *row_name = g_strdup_printf (_("%s, %s"), name, summary);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
  }
  gtk_widget_set_tooltip_text (row, _("Fill in this server and how messages are sent"));
  return row;
}

static void
on_popover_show (TaSavedConnectionsButton *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_error (self);
}

static GtkWidget *
build_popover (TaSavedConnectionsButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *list_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Saved Connections"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (_("None yet. Fill in the server and how messages are sent, "
                                      "then save them here under a name."));
  GtkWidget *error = gtk_label_new (NULL);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save This Connection…"));
  GtkWidget *name_title = gtk_label_new (NULL);
  GtkWidget *name_entry = gtk_entry_new ();
  GtkWidget *name_error = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Save"));

  self->stack = GTK_STACK (stack);
  self->list = GTK_LIST_BOX (list);
  self->error_label = GTK_LABEL (error);
  self->name_title = GTK_LABEL (name_title);
  self->name_entry = GTK_EDITABLE (name_entry);
  self->name_error = GTK_LABEL (name_error);

  /* The list */
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (empty), 36);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_widget_set_margin_start (empty, 6);
  gtk_widget_set_margin_end (empty, 6);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), empty);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved connections"), -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (ta_saved_store_get ()), create_row, self, NULL);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_widget_set_size_request (list_page, 340, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_widget_set_tooltip_text (save, _("Keep the server, port, TLS and how messages are sent under a name"));
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (_ta_saved_connections_button_start_save), self);
  gtk_box_append (GTK_BOX (list_page), title);
  gtk_box_append (GTK_BOX (list_page), error);
  gtk_box_append (GTK_BOX (list_page), scrolled);
  gtk_box_append (GTK_BOX (list_page), save);

  /* The name */
  gtk_widget_add_css_class (name_title, "heading");
  gtk_label_set_xalign (GTK_LABEL (name_title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (name_title), name_entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (name_entry), _("Name, e.g. Lab PLC"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  gtk_label_set_wrap (GTK_LABEL (name_error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (name_error), 36);
  gtk_label_set_xalign (GTK_LABEL (name_error), 0);
  gtk_widget_add_css_class (name_error, "error");
  gtk_widget_set_visible (name_error, FALSE);
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_widget_set_hexpand (cancel, TRUE);
  gtk_widget_set_hexpand (done, TRUE);
  g_signal_connect_swapped (name_entry, "activate", G_CALLBACK (name_done), self);
  g_signal_connect_swapped (done, "clicked", G_CALLBACK (name_done), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (name_cancel), self);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), done);
  gtk_box_append (GTK_BOX (name_page), name_title);
  gtk_box_append (GTK_BOX (name_page), name_entry);
  gtk_box_append (GTK_BOX (name_page), name_error);
  gtk_box_append (GTK_BOX (name_page), buttons);

  gtk_stack_add_named (GTK_STACK (stack), list_page, "list");
  gtk_stack_add_named (GTK_STACK (stack), name_page, "name");
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_transition_type (GTK_STACK (stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_popover_set_child (GTK_POPOVER (popover), stack);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_popover_show), self);
  return popover;
}

static void
ta_saved_connections_button_dispose (GObject *object)
{
  TaSavedConnectionsButton *self = TA_SAVED_CONNECTIONS_BUTTON (object);

  end_undo (self);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ta_saved_connections_button_parent_class)->dispose (object);
}

static void
ta_saved_connections_button_class_init (TaSavedConnectionsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_saved_connections_button_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ta_saved_connections_button_init (TaSavedConnectionsButton *self)
{
  self->renaming = -1;
  self->popover = build_popover (self);
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "user-bookmarks-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), self->popover);
  gtk_widget_set_tooltip_text (self->menu_button, _("Saved connections"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Saved connections"), -1);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
}

/**
 * ta_saved_connections_button_setup:
 *
 * What a pick fills and a save reads: the page's fields, its TLS check,
 * its composer (for the encoding) and the settings the composer follows.
 */
void
ta_saved_connections_button_setup (TaSavedConnectionsButton *self,
                                   GtkEditable              *host_entry,
                                   GtkEditable              *port_entry,
                                   GtkCheckButton           *tls_check,
                                   TaComposer               *composer,
                                   GSettings                *settings)
{
  g_return_if_fail (TA_IS_SAVED_CONNECTIONS_BUTTON (self));

  self->host_entry = host_entry;
  self->port_entry = port_entry;
  self->tls_check = tls_check;
  self->composer = composer;
  g_set_object (&self->settings, settings);
}

GtkEditable *_ta_saved_connections_button_get_name_entry (TaSavedConnectionsButton *self) { return self->name_entry; }
GtkLabel *_ta_saved_connections_button_get_name_error (TaSavedConnectionsButton *self) { return self->name_error; }
GtkLabel *_ta_saved_connections_button_get_error (TaSavedConnectionsButton *self) { update_error (self); return self->error_label; }
GtkListBox *_ta_saved_connections_button_get_list (TaSavedConnectionsButton *self) { return self->list; }
GtkPopover *_ta_saved_connections_button_get_popover (TaSavedConnectionsButton *self) { return GTK_POPOVER (self->popover); }
