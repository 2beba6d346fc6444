/* ta-rules-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list of reply rules with their hit counts; a form below it adds or
 * changes one rule (a rule is only stored once it is valid, and the error
 * is said under the form). Import and export read and write the rules
 * file format of ta-rules.c. The rules are kept in GSettings
 * (ta_rules_settings_follow()).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-rules-editor.h"
#include "ta-ui-util.h"

#define HITS_REFRESH_MS 500

struct _TaRulesEditor
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListBox      *rules_list;
  GtkButton       *add_button;
  GtkButton       *import_button;
  GtkButton       *export_button;
  GtkButton       *default_button;
  GtkWidget       *form_box;
  GtkLabel        *form_title;
  GtkDropDown     *match_dropdown;
  GtkEntry        *pattern_entry;
  GtkDropDown     *reply_dropdown;
  GtkEntry        *text_entry;
  GtkDropDown     *ending_dropdown;
  GtkDropDown     *checksum_dropdown;
  GtkLabel        *checksum_preview;
  GtkSpinButton   *delay_spin;
  GtkLabel        *error_label;
  GtkButton       *cancel_button;
  GtkButton       *save_button;

  TaRules         *rules;
  int              editing;    /* position, or -1 for a new rule */
  guint            hits_id;
  char            *last_toast;
};

G_DEFINE_FINAL_TYPE (TaRulesEditor, ta_rules_editor, ADW_TYPE_WINDOW)

static void
toast (TaRulesEditor *self,
       const char    *message)
{
  /* Toast titles are markup in libadwaita 1.2: file names and patterns are not. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
}

/* ---- the list ---- */

static char *
describe_rule (TaRule *rule)
{
  const char *pattern = ta_rule_get_pattern (rule);
  const char *text = ta_rule_get_text (rule);
  g_autofree char *when = NULL;
  g_autofree char *then = NULL;
  GString *s;

  switch (ta_rule_get_match (rule))
    {
    case TA_RULE_MATCH_EXACT: when = g_strdup_printf (_("Is “%s”"), pattern); break;
    case TA_RULE_MATCH_CONTAINS: when = g_strdup_printf (_("Contains “%s”"), pattern); break;
    case TA_RULE_MATCH_PREFIX: when = g_strdup_printf (_("Starts with “%s”"), pattern); break;
    case TA_RULE_MATCH_SUFFIX: when = g_strdup_printf (_("Ends with “%s”"), pattern); break;
    case TA_RULE_MATCH_REGEX: when = g_strdup_printf (_("Matches /%s/"), pattern); break;
    case TA_RULE_MATCH_HEX: when = g_strdup_printf (_("Is the bytes %s"), pattern); break;
    case TA_RULE_MATCH_ANY:
    default: when = g_strdup (_("Any message")); break;
    }

  switch (ta_rule_get_reply (rule))
    {
    case TA_RULE_REPLY_TEXT: then = g_strdup_printf ("“%s”", text); break;
    case TA_RULE_REPLY_HEX: then = g_strdup_printf (_("bytes %s"), text); break;
    case TA_RULE_REPLY_ECHO: then = g_strdup (_("the message itself")); break;
    case TA_RULE_REPLY_CLOSE: then = g_strdup (_("close the connection")); break;
    case TA_RULE_REPLY_NONE:
    default: then = g_strdup (_("no reply")); break;
    }

  s = g_string_new (NULL);
  /* Translators: a rule in the list: "Contains “PING” → “PONG”" */
  g_string_append_printf (s, _("%s → %s"), when, then);
  /* In the order of the bytes sent: text, checksum, line ending. */
  if (ta_rule_get_checksum (rule) != TA_CHECKSUM_NONE)
    g_string_append_printf (s, " + %s", ta_checksum_get_label (ta_rule_get_checksum (rule)));
  if (ta_rule_get_reply (rule) == TA_RULE_REPLY_TEXT && ta_rule_get_ending (rule) != TA_RULE_ENDING_NONE)
    {
      static const char *endings[] = { "", "\\n", "\\r\\n", "\\r" };
      g_string_append_printf (s, " + %s", endings[ta_rule_get_ending (rule)]);
    }
  if (ta_rule_get_delay (rule) > 0)
    g_string_append_printf (s, _(", after %u ms"), ta_rule_get_delay (rule));
  return g_string_free (s, FALSE);
}

static void
update_hits_label (GtkLabel *label,
                   TaRule   *rule)
{
  gulong hits = (gulong) ta_rule_get_hits (rule);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu hit", "%lu hits", hits), hits);

  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static gboolean
refresh_hits_cb (gpointer user_data)
{
  TaRulesEditor *self = user_data;

  /* Counted on every message: shown a few times a second, not per message. */
  for (guint i = 0; i < ta_rules_get_n_rules (self->rules); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->rules_list, i);
      GtkLabel *label = row ? g_object_get_data (G_OBJECT (row), "hits-label") : NULL;

      if (label != NULL)
        update_hits_label (label, ta_rules_get_rule (self->rules, i));
    }
  return G_SOURCE_CONTINUE;
}

static int
row_position (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  return row ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
hide_form (TaRulesEditor *self)
{
  self->editing = -1;
  gtk_widget_set_visible (self->form_box, FALSE);
  ta_label_set_error (self->error_label, NULL);
}

void
_ta_rules_editor_move (TaRulesEditor *self,
                       guint          position,
                       int            delta)
{
  int to = (int) position + delta;

  if (position >= ta_rules_get_n_rules (self->rules) || to < 0 ||
      to >= (int) ta_rules_get_n_rules (self->rules))
    return;
  hide_form (self);
  ta_rules_move (self->rules, position, to);
}

void
_ta_rules_editor_delete (TaRulesEditor *self,
                         guint          position)
{
  if (position >= ta_rules_get_n_rules (self->rules))
    return;
  hide_form (self);
  ta_rules_remove (self->rules, position);
}

static void
on_up_clicked (GtkButton     *button,
               TaRulesEditor *self)
{
  _ta_rules_editor_move (self, row_position (GTK_WIDGET (button)), -1);
}

static void
on_down_clicked (GtkButton     *button,
                 TaRulesEditor *self)
{
  _ta_rules_editor_move (self, row_position (GTK_WIDGET (button)), 1);
}

static void
on_edit_clicked (GtkButton     *button,
                 TaRulesEditor *self)
{
  _ta_rules_editor_edit (self, row_position (GTK_WIDGET (button)));
}

static void
on_delete_clicked (GtkButton     *button,
                   TaRulesEditor *self)
{
  _ta_rules_editor_delete (self, row_position (GTK_WIDGET (button)));
}

static GtkWidget *
icon_button (TaRulesEditor *self,
             const char    *icon,
             const char    *label,
             GCallback      callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TaRulesEditor *self = user_data;
  TaRule *rule = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *summary, *hits;
  g_autofree char *text = describe_rule (rule);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  /* Plain labels: patterns and replies are shown as typed, never as markup. */
  summary = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (summary, TRUE);
  gtk_widget_set_tooltip_text (summary, text);
  gtk_box_append (GTK_BOX (box), summary);

  hits = gtk_label_new (NULL);
  gtk_widget_add_css_class (hits, "dim-label");
  gtk_widget_add_css_class (hits, "numeric");
  update_hits_label (GTK_LABEL (hits), rule);
  gtk_box_append (GTK_BOX (box), hits);

  gtk_box_append (GTK_BOX (box), icon_button (self, "go-up-symbolic", _("Move up"), G_CALLBACK (on_up_clicked)));
  gtk_box_append (GTK_BOX (box), icon_button (self, "go-down-symbolic", _("Move down"), G_CALLBACK (on_down_clicked)));
  gtk_box_append (GTK_BOX (box), icon_button (self, "document-edit-symbolic", _("Edit rule"), G_CALLBACK (on_edit_clicked)));
  gtk_box_append (GTK_BOX (box), icon_button (self, "user-trash-symbolic", _("Delete rule"), G_CALLBACK (on_delete_clicked)));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data (G_OBJECT (row), "hits-label", hits);
  g_object_set_data (G_OBJECT (row), "summary-label", summary);
  return row;
}

char *
_ta_rules_editor_dup_row_text (TaRulesEditor *self,
                               guint          position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->rules_list, position);
  GtkLabel *summary, *hits;

  if (row == NULL)
    return NULL;
  summary = g_object_get_data (G_OBJECT (row), "summary-label");
  hits = g_object_get_data (G_OBJECT (row), "hits-label");
  refresh_hits_cb (self);
  return g_strdup_printf ("%s | %s", gtk_label_get_text (summary), gtk_label_get_text (hits));
}

/* ---- the form ---- */

static void
update_form_sensitivity (TaRulesEditor *self)
{
  guint match = gtk_drop_down_get_selected (self->match_dropdown);
  guint reply = gtk_drop_down_get_selected (self->reply_dropdown);

  gtk_widget_set_sensitive (GTK_WIDGET (self->pattern_entry), match != TA_RULE_MATCH_ANY);
  gtk_entry_set_placeholder_text (self->pattern_entry,
                                  match == TA_RULE_MATCH_HEX ? "AA ?? 0D 0A" :
                                  match == TA_RULE_MATCH_REGEX ? "^GET (\\w+)$" : "PING");
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_entry),
                            reply == TA_RULE_REPLY_TEXT || reply == TA_RULE_REPLY_HEX);
  gtk_entry_set_placeholder_text (self->text_entry, reply == TA_RULE_REPLY_HEX ? "06" : "PONG");
  gtk_widget_set_sensitive (GTK_WIDGET (self->ending_dropdown), reply == TA_RULE_REPLY_TEXT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->checksum_dropdown),
                            reply == TA_RULE_REPLY_TEXT || reply == TA_RULE_REPLY_HEX);
}

/* The bytes the checksum adds to the reply as typed ("+ C5 CD"). */
static void
update_checksum_preview (TaRulesEditor *self)
{
  g_autofree char *preview = NULL;

  if (self->rules == NULL)
    return;
  preview = ta_rules_checksum_preview (self->rules, gtk_drop_down_get_selected (self->reply_dropdown),
                                       gtk_editable_get_text (GTK_EDITABLE (self->text_entry)),
                                       gtk_drop_down_get_selected (self->checksum_dropdown));
  gtk_label_set_text (self->checksum_preview, preview);
}

void
_ta_rules_editor_set_checksum (TaRulesEditor *self,
                               TaChecksum     checksum)
{
  gtk_drop_down_set_selected (self->checksum_dropdown, checksum);
}

void
_ta_rules_editor_set_form (TaRulesEditor *self,
                           TaRuleMatch    match,
                           const char    *pattern,
                           TaRuleReply    reply,
                           const char    *text,
                           TaRuleEnding   ending,
                           guint          delay_ms)
{
  gtk_drop_down_set_selected (self->match_dropdown, match);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_entry), pattern ? pattern : "");
  gtk_drop_down_set_selected (self->reply_dropdown, reply);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), text ? text : "");
  gtk_drop_down_set_selected (self->ending_dropdown, ending);
  gtk_spin_button_set_value (self->delay_spin, delay_ms);
  update_form_sensitivity (self);
}

/**
 * _ta_rules_editor_edit:
 * @position: the rule to change, or -1 for a new one
 */
void
_ta_rules_editor_edit (TaRulesEditor *self,
                       int            position)
{
  TaRule *rule = position >= 0 ? ta_rules_get_rule (self->rules, position) : NULL;

  self->editing = rule ? position : -1;
  if (rule != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Rule %d"), position + 1);

      gtk_label_set_text (self->form_title, title);
      _ta_rules_editor_set_form (self, ta_rule_get_match (rule), ta_rule_get_pattern (rule),
                                 ta_rule_get_reply (rule), ta_rule_get_text (rule),
                                 ta_rule_get_ending (rule), ta_rule_get_delay (rule));
      _ta_rules_editor_set_checksum (self, ta_rule_get_checksum (rule));
    }
  else
    {
      gtk_label_set_text (self->form_title, _("New Rule"));
      _ta_rules_editor_set_form (self, TA_RULE_MATCH_EXACT, "", TA_RULE_REPLY_TEXT, "",
                                 TA_RULE_ENDING_NONE, 0);
      _ta_rules_editor_set_checksum (self, TA_CHECKSUM_NONE);
    }
  ta_label_set_error (self->error_label, NULL);
  gtk_widget_set_visible (self->form_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->pattern_entry));
}

gboolean
_ta_rules_editor_save (TaRulesEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaRule) rule = NULL;

  rule = ta_rule_new_full (gtk_drop_down_get_selected (self->match_dropdown),
                           gtk_editable_get_text (GTK_EDITABLE (self->pattern_entry)),
                           gtk_drop_down_get_selected (self->reply_dropdown),
                           gtk_editable_get_text (GTK_EDITABLE (self->text_entry)),
                           gtk_drop_down_get_selected (self->ending_dropdown),
                           gtk_drop_down_get_selected (self->checksum_dropdown),
                           (guint) gtk_spin_button_get_value_as_int (self->delay_spin),
                           &error);
  if (rule == NULL)
    {
      ta_label_set_error (self->error_label, error->message);
      return FALSE;
    }

  if (self->editing >= 0 && (guint) self->editing < ta_rules_get_n_rules (self->rules))
    ta_rules_replace (self->rules, self->editing, rule);
  else
    ta_rules_insert (self->rules, ta_rules_get_n_rules (self->rules), rule);
  hide_form (self);
  return TRUE;
}

/* ---- import, export, default ---- */

gboolean
_ta_rules_editor_import (TaRulesEditor *self,
                         GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  hide_form (self);
  if (path == NULL || !ta_rules_load_file (self->rules, path, &error))
    {
      toast (self, error ? error->message : _("Only local files can be imported."));
      return FALSE;
    }
  {
    guint n = ta_rules_get_n_rules (self->rules);
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u rule.",
                                                             "Imported %u rules.", n), n);
    toast (self, message);
  }
  return TRUE;
}

gboolean
_ta_rules_editor_export (TaRulesEditor *self,
                         GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (path == NULL || !ta_rules_save_file (self->rules, path, &error))
    {
      toast (self, error ? error->message : _("Only local files can be written."));
      return FALSE;
    }
  name = g_file_get_basename (file);
  message = g_strdup_printf (_("Rules saved to %s."), name);
  toast (self, message);
  return TRUE;
}

static void
import_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(TaRulesEditor) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      _ta_rules_editor_import (self, file);
    }
  g_object_unref (native);
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(TaRulesEditor) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      _ta_rules_editor_export (self, file);
    }
  g_object_unref (native);
}

static void
on_import_clicked (TaRulesEditor *self)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (_("Import Rules"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Import"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_export_clicked (TaRulesEditor *self)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (_("Export Rules"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Export"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "rules.ini");
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_default_clicked (TaRulesEditor *self)
{
  hide_form (self);
  ta_rules_set_default (self->rules);
  toast (self, _("Back to one rule: any message is answered with “hello”."));
}

static void
on_add_clicked (TaRulesEditor *self)
{
  _ta_rules_editor_edit (self, -1);
}

static void
on_save_clicked (TaRulesEditor *self)
{
  _ta_rules_editor_save (self);
}

/* ---- the window ---- */

static void
ta_rules_editor_map (GtkWidget *widget)
{
  TaRulesEditor *self = TA_RULES_EDITOR (widget);

  GTK_WIDGET_CLASS (ta_rules_editor_parent_class)->map (widget);
  if (self->hits_id == 0)
    self->hits_id = g_timeout_add (HITS_REFRESH_MS, refresh_hits_cb, self);
}

static void
ta_rules_editor_unmap (GtkWidget *widget)
{
  TaRulesEditor *self = TA_RULES_EDITOR (widget);

  g_clear_handle_id (&self->hits_id, g_source_remove);
  GTK_WIDGET_CLASS (ta_rules_editor_parent_class)->unmap (widget);
}

static void
ta_rules_editor_dispose (GObject *object)
{
  TaRulesEditor *self = TA_RULES_EDITOR (object);

  g_clear_handle_id (&self->hits_id, g_source_remove);
  g_clear_object (&self->rules);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_RULES_EDITOR);

  G_OBJECT_CLASS (ta_rules_editor_parent_class)->dispose (object);
}

static void
ta_rules_editor_finalize (GObject *object)
{
  TaRulesEditor *self = TA_RULES_EDITOR (object);

  g_free (self->last_toast);
  G_OBJECT_CLASS (ta_rules_editor_parent_class)->finalize (object);
}

static void
ta_rules_editor_class_init (TaRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_rules_editor_dispose;
  object_class->finalize = ta_rules_editor_finalize;
  widget_class->map = ta_rules_editor_map;
  widget_class->unmap = ta_rules_editor_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcpassistant/TcpAssistant/ta-rules-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, rules_list);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, import_button);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, export_button);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, default_button);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, form_box);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, form_title);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, pattern_entry);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, reply_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, text_entry);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, checksum_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, checksum_preview);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TaRulesEditor, save_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ta_rules_editor_init (TaRulesEditor *self)
{
  g_autoptr(GtkStringList) checksums = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->editing = -1;

  /* In TaChecksum order: the selected position is the checksum. */
  for (guint i = 0; i < TA_CHECKSUM_N_TYPES; i++)
    gtk_string_list_append (checksums, ta_checksum_get_label (i));
  gtk_drop_down_set_model (self->checksum_dropdown, G_LIST_MODEL (checksums));

  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (on_import_clicked), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  g_signal_connect_swapped (self->default_button, "clicked", G_CALLBACK (on_default_clicked), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (hide_form), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked), self);
  g_signal_connect_swapped (self->pattern_entry, "activate", G_CALLBACK (on_save_clicked), self);
  g_signal_connect_swapped (self->text_entry, "activate", G_CALLBACK (on_save_clicked), self);
  g_signal_connect_swapped (self->match_dropdown, "notify::selected", G_CALLBACK (update_form_sensitivity), self);
  g_signal_connect_swapped (self->reply_dropdown, "notify::selected", G_CALLBACK (update_form_sensitivity), self);
  g_signal_connect_swapped (self->reply_dropdown, "notify::selected", G_CALLBACK (update_checksum_preview), self);
  g_signal_connect_swapped (self->checksum_dropdown, "notify::selected", G_CALLBACK (update_checksum_preview), self);
  g_signal_connect_swapped (self->text_entry, "notify::text", G_CALLBACK (update_checksum_preview), self);
}

/**
 * ta_rules_editor_new:
 * @rules: the list edited in place (a server's, so changes apply at once)
 */
TaRulesEditor *
ta_rules_editor_new (TaRules *rules)
{
  TaRulesEditor *self = g_object_new (TA_TYPE_RULES_EDITOR, NULL);

  self->rules = g_object_ref (rules);
  gtk_list_box_bind_model (self->rules_list, G_LIST_MODEL (rules), create_row, self, NULL);
  return self;
}

GtkLabel *_ta_rules_editor_get_error (TaRulesEditor *self) { return self->error_label; }
GtkLabel *_ta_rules_editor_get_checksum_preview (TaRulesEditor *self) { return self->checksum_preview; }
GtkListBox *_ta_rules_editor_get_list (TaRulesEditor *self) { return self->rules_list; }
const char *_ta_rules_editor_get_last_toast (TaRulesEditor *self) { return self->last_toast; }

/* ---- kept in GSettings ---- */

typedef struct {
  GSettings *settings;
  char      *key;
} Follow;

static void
follow_free (gpointer data)
{
  Follow *f = data;

  g_object_unref (f->settings);
  g_free (f->key);
  g_free (f);
}

static void
save_rules (TaRules *rules)
{
  Follow *f = g_object_get_data (G_OBJECT (rules), "ta-rules-follow");
  g_autofree char *data = ta_rules_to_data (rules, NULL);

  g_settings_set_string (f->settings, f->key, data);
}

/**
 * ta_rules_settings_follow:
 *
 * Loads @rules from @key (empty: the default list) and stores them there
 * at every change, so they are kept across restarts.
 */
void
ta_rules_settings_follow (TaRules    *rules,
                          GSettings  *settings,
                          const char *key)
{
  g_autofree char *data = g_settings_get_string (settings, key);
  Follow *f = g_new0 (Follow, 1);

  f->settings = g_object_ref (settings);
  f->key = g_strdup (key);
  /* Saved by this program, so valid; if edited by hand into nonsense,
   * the default list stays (ta_rules_load_data() changes nothing). */
  if (data[0] != '\0')
    ta_rules_load_data (rules, data, -1, NULL);
  g_object_set_data_full (G_OBJECT (rules), "ta-rules-follow", f, follow_free);
  g_signal_connect (rules, "items-changed", G_CALLBACK (save_rules), NULL);
}
