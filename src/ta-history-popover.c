/* ta-history-popover.c: the messages sent recently, to send again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GSettings key "history" holds the last sent messages, newest first,
 * without duplicates, at most "history-size" of them; both pages share
 * it. A hex message is stored as "hex:" followed by what was typed; a text
 * message is stored as typed, except that one which itself starts with
 * "hex:" or "text:" gets a "text:" prefix, so every entry reads back
 * unambiguously. Choosing a row emits "chosen" with the text and format.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ta-codec.h"
#include "ta-history-popover.h"

/* Longer messages are sent but not remembered. */
#define HISTORY_MAX_CHARS 16384

/* A row keeps its entry as typed, to hand it back when chosen. */
#define TA_TYPE_HISTORY_ROW (ta_history_row_get_type ())
G_DECLARE_FINAL_TYPE (TaHistoryRow, ta_history_row, TA, HISTORY_ROW, GtkListBoxRow)

struct _TaHistoryRow
{
  GtkListBoxRow parent_instance;
  char *text;
  gboolean hex;
};

G_DEFINE_FINAL_TYPE (TaHistoryRow, ta_history_row, GTK_TYPE_LIST_BOX_ROW)

static void
ta_history_row_finalize (GObject *object)
{
  g_free (TA_HISTORY_ROW (object)->text);
  G_OBJECT_CLASS (ta_history_row_parent_class)->finalize (object);
}

static void ta_history_row_class_init (TaHistoryRowClass *klass) { G_OBJECT_CLASS (klass)->finalize = ta_history_row_finalize; }
static void ta_history_row_init (TaHistoryRow *self) { }

struct _TaHistoryPopover
{
  GtkPopover parent_instance;

  GtkListBox *list;
  GtkButton *clear_button;

  GSettings *settings;
};

enum { CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TaHistoryPopover, ta_history_popover, GTK_TYPE_POPOVER)

static char *
entry_new (const char *text,
           gboolean    hex)
{
  if (hex)
    return g_strconcat ("hex:", text, NULL);
  if (g_str_has_prefix (text, "hex:") || g_str_has_prefix (text, "text:"))
    return g_strconcat ("text:", text, NULL);
  return g_strdup (text);
}

static const char *
entry_parse (const char *entry,
             gboolean   *hex)
{
  *hex = FALSE;
  if (g_str_has_prefix (entry, "hex:"))
    {
      *hex = TRUE;
      return entry + strlen ("hex:");
    }
  if (g_str_has_prefix (entry, "text:"))
    return entry + strlen ("text:");
  return entry;
}

static GtkWidget *
row_new (const char *entry)
{
  TaHistoryRow *row = g_object_new (TA_TYPE_HISTORY_ROW, NULL);
  const char *text = entry_parse (entry, &row->hex);
  g_autoptr(GString) shown = g_string_new (NULL);
  GtkWidget *box, *label;

  row->text = g_strdup (text);
  /* Show line breaks and control characters as the log does (\n, \r). */
  if (g_utf8_strlen (text, -1) > 200)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 200);

      ta_display_escape (start, -1, shown);
      g_string_append (shown, "…");
    }
  else
    ta_display_escape (text, -1, shown);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  label = gtk_label_new (shown->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);
  if (row->hex)
    {
      /* Translators: a tag on a remembered message sent as hexadecimal bytes */
      GtkWidget *tag = gtk_label_new (_("Hex"));

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (tag, "caption");
      gtk_box_append (GTK_BOX (box), tag);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), text);
  return GTK_WIDGET (row);
}

static void
rebuild (TaHistoryPopover *self)
{
  g_auto(GStrv) list = g_settings_get_strv (self->settings, "history");
  int size = g_settings_get_int (self->settings, "history-size");
  GtkWidget *child;
  GtkWidget *placeholder;
  int n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; list[i] != NULL && n < size; i++, n++)
    gtk_list_box_append (self->list, row_new (list[i]));

  placeholder = gtk_label_new (size <= 0 ? _("The history is turned off.")
                                         : _("Messages you send are remembered here."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.clear", n > 0);
}

/**
 * ta_history_popover_remember:
 *
 * Puts @text first in the history (once), unless the history is off or
 * the message is very long.
 */
void
ta_history_popover_remember (TaHistoryPopover *self,
                             const char       *text,
                             gboolean          hex)
{
  int size;
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) list = NULL;
  g_autofree char *entry = NULL;
  int n = 1;

  g_return_if_fail (TA_IS_HISTORY_POPOVER (self));
  g_return_if_fail (self->settings != NULL);

  size = g_settings_get_int (self->settings, "history-size");
  if (size <= 0 || *text == '\0' || g_utf8_strlen (text, -1) > HISTORY_MAX_CHARS)
    return;

  entry = entry_new (text, hex);
  old = g_settings_get_strv (self->settings, "history");
  if (old[0] != NULL && g_str_equal (old[0], entry))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, entry);
  for (guint i = 0; old[i] != NULL && n < size; i++)
    {
      if (g_str_equal (old[i], entry))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "history", (const char * const *) list);
}

static void
on_row_activated (TaHistoryPopover *self,
                  GtkListBoxRow    *row)
{
  TaHistoryRow *hrow;

  if (!TA_IS_HISTORY_ROW (row))
    return;
  hrow = TA_HISTORY_ROW (row);
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHOSEN], 0, hrow->text, hrow->hex);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaHistoryPopover *self = TA_HISTORY_POPOVER (widget);

  if (self->settings)
    g_settings_reset (self->settings, "history");
}

/**
 * ta_history_popover_set_settings:
 *
 * The settings that hold the history (set once, by the composer).
 */
void
ta_history_popover_set_settings (TaHistoryPopover *self,
                                 GSettings        *settings)
{
  g_return_if_fail (TA_IS_HISTORY_POPOVER (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::history", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::history-size", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
ta_history_popover_dispose (GObject *object)
{
  TaHistoryPopover *self = TA_HISTORY_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_HISTORY_POPOVER);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ta_history_popover_parent_class)->dispose (object);
}

static void
ta_history_popover_class_init (TaHistoryPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_history_popover_dispose;

  /**
   * TaHistoryPopover::chosen:
   * @text: the message as typed
   * @hex: whether it was sent as hexadecimal bytes
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-history-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TaHistoryPopover, list);
  gtk_widget_class_bind_template_child (widget_class, TaHistoryPopover, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "history.clear", NULL, clear_action);
}

static void
ta_history_popover_init (TaHistoryPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.clear", FALSE);
}
