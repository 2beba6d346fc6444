/* ta-log-details.c: the whole of one log entry, in its own window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A log row ends in "…" when its message is long. Activating the row
 * (Enter, double-click) or asking for its menu (right-click, Menu key,
 * long-press) opens this window: time with the date, peer, direction,
 * byte count, the full text and a hex dump (offsets, 16 bytes a line,
 * 8 when the window is narrow), with Copy Text, Copy Hex, Show Only This
 * Client and, on the Server page, Send to / Disconnect this client. The
 * text is shown in a GtkTextView as plain text (never markup); the
 * entry's text is valid UTF-8 already (the store escaped invalid bytes).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-log-details.h"
#include "ta-ui-util.h"

/* Below this width the hex dump has 8 bytes a line. */
#define NARROW_WIDTH 560

typedef struct {
  TaLogEntry  *entry;
  TaLogDetailsActions actions;
  gpointer     user_data;
  GtkTextView *hex_view;
  guint        per_line;
} Details;

static void
details_free (gpointer data)
{
  Details *d = data;

  g_clear_object (&d->entry);
  g_free (d);
}

static void
fill_hex (Details *d)
{
  GBytes *bytes = ta_log_entry_get_data (d->entry);
  g_autoptr(GString) s = g_string_new (NULL);
  gsize size = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  ta_format_hex_dump (data, size, d->per_line, s);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (d->hex_view), s->str, -1);
}

static void
on_width_changed (GtkWindow  *window,
                  GParamSpec *pspec,
                  Details    *d)
{
  int width = 0, height = 0;
  guint per_line;

  /* GTK 4 keeps the default size as the user resizes the window. */
  gtk_window_get_default_size (window, &width, &height);
  if (width <= 0)
    width = gtk_widget_get_width (GTK_WIDGET (window));
  per_line = width > 0 && width < NARROW_WIDTH ? 8 : 16;
  if (per_line != d->per_line)
    {
      d->per_line = per_line;
      fill_hex (d);
    }
}

static void
on_map (GtkWindow *window,
        Details   *d)
{
  on_width_changed (window, NULL, d);
}

static void
copy_text (GtkWidget *button,
           Details   *d)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (button), ta_log_entry_get_text (d->entry));
}

static void
copy_hex (GtkWidget *button,
          Details   *d)
{
  GBytes *bytes = ta_log_entry_get_data (d->entry);
  gsize size = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  /* Plain pairs, as the composer's Hex mode reads them back. */
  for (gsize i = 0; i < size; i++)
    g_string_append_printf (s, i ? " %02X" : "%02X", data[i]);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (button), s->str);
}

static void
run_action (GtkWidget           *button,
            Details             *d,
            TaLogDetailsAction   action)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (button));

  if (d->actions != NULL)
    d->actions (d->entry, action, d->user_data);
  gtk_window_destroy (window);
}

static void
show_only (GtkWidget *button, Details *d) { run_action (button, d, TA_LOG_DETAILS_SHOW_ONLY); }
static void
send_to (GtkWidget *button, Details *d) { run_action (button, d, TA_LOG_DETAILS_SEND_TO); }
static void
disconnect_peer (GtkWidget *button, Details *d) { run_action (button, d, TA_LOG_DETAILS_DISCONNECT); }

static GtkWidget *
text_area (const char *text,
           const char *accessible_name,
           gboolean    wrap,
           GtkTextView **view_out)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  /* The text wraps; the hex dump's lines never do (its columns line up). */
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), wrap ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_add_css_class (scrolled, "log-details-text");
  if (view_out)
    *view_out = GTK_TEXT_VIEW (view);
  return scrolled;
}

static void
add_fact (GtkGrid    *grid,
          int         row,
          const char *name,
          const char *value)
{
  GtkWidget *n = gtk_label_new (name);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (n), 1);
  gtk_widget_add_css_class (n, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (v), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (grid, n, 0, row, 1, 1);
  gtk_grid_attach (grid, v, 1, row, 1, 1);
}

static GtkWidget *
button (const char *label,
        GCallback   callback,
        Details    *d)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  g_signal_connect (b, "clicked", callback, d);
  return b;
}

/**
 * ta_log_details_new:
 * @parent: (nullable): the window it belongs to
 * @entry: the entry to show
 * @server: whether the log is the Server page's (it offers Send to and
 *   Disconnect this client)
 * @actions: (nullable): called for Show Only / Send To / Disconnect
 *
 * Returns: (transfer none): the window, shown
 */
GtkWindow *
ta_log_details_new (GtkWindow          *parent,
                    TaLogEntry         *entry,
                    gboolean            server,
                    TaLogDetailsActions actions,
                    gpointer            user_data)
{
  Details *d = g_new0 (Details, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_flow_box_new ();
  GtkWidget *label;
  GtkWidget *first;
  gint64 usec = ta_log_entry_get_time (entry);  /* wall clock, µs */
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = second ? g_date_time_add (second, usec % G_USEC_PER_SEC) : NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *bytes_text = NULL;
  const char *peer = ta_log_entry_get_peer (entry);
  GBytes *data = ta_log_entry_get_data (entry);
  gsize kept = data ? g_bytes_get_size (data) : 0;
  gsize full = ta_log_entry_get_full_size (entry);
  gboolean has_peer = peer != NULL && *peer != '\0';

  d->entry = g_object_ref (entry);
  d->actions = actions;
  d->user_data = user_data;
  d->per_line = 16;
  g_object_set_data_full (G_OBJECT (window), "ta-details", d, details_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Log Entry"));
  /* Never larger than the window it comes from (a phone is 360×640): the
   * facts, text and hex scroll, the buttons stay above them. */
  {
    int width = 720, height = 560;

    if (parent && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
      {
        width = MIN (width, gtk_widget_get_width (GTK_WIDGET (parent)));
        height = MIN (height, gtk_widget_get_height (GTK_WIDGET (parent)));
      }
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  }
  gtk_window_set_modal (GTK_WINDOW (window), parent != NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  /* The actions first, outside the scrolled part: always in sight,
   * however long the entry and however small the window. */
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  /* The facts */
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  if (when)
    time_text = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
  if (when && time_text)
    {
      g_autofree char *with_ms = g_strdup_printf ("%s.%03d", time_text, g_date_time_get_microsecond (when) / 1000);

      g_free (time_text);
      time_text = g_steal_pointer (&with_ms);
    }
  add_fact (GTK_GRID (grid), 0, _("Time"), time_text ? time_text : "");
  add_fact (GTK_GRID (grid), 1, _("Peer"), has_peer ? peer : _("—"));
  add_fact (GTK_GRID (grid), 2, _("Direction"), ta_log_kind_describe (ta_log_entry_get_kind (entry)));
  if (ta_log_entry_is_data (entry))
    {
      if (full > kept)
        {
          /* Numbers as strings: xgettext cannot read G_GSIZE_FORMAT. */
          g_autofree char *full_text = g_strdup_printf ("%" G_GSIZE_FORMAT, full);
          g_autofree char *kept_text = g_strdup_printf ("%" G_GSIZE_FORMAT, kept);

          /* Translators: "5000 bytes (the log keeps the first 4096)" */
          bytes_text = g_strdup_printf (_("%s bytes (the log keeps the first %s)"), full_text, kept_text);
        }
      else
        bytes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) kept),
                                      (guint) kept);
      add_fact (GTK_GRID (grid), 3, _("Size"), bytes_text);
    }
  gtk_box_append (GTK_BOX (content), grid);

  /* Text and hex, each whole */
  label = gtk_label_new (_("Text"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (content), label);
  gtk_box_append (GTK_BOX (content), text_area (ta_log_entry_get_text (entry), _("Text"), TRUE, NULL));
  if (ta_log_entry_is_data (entry))
    {
      label = gtk_label_new (_("Hex"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (content), label);
      gtk_box_append (GTK_BOX (content), text_area ("", _("Hex"), FALSE, &d->hex_view));
      fill_hex (d);
      g_signal_connect (window, "notify::default-width", G_CALLBACK (on_width_changed), d);
      g_signal_connect_after (window, "map", G_CALLBACK (on_map), d);
    }

  /* What to do with it */
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 5);
  first = button (_("Copy _Text"), G_CALLBACK (copy_text), d);
  gtk_flow_box_append (GTK_FLOW_BOX (buttons), first);
  if (ta_log_entry_is_data (entry))
    gtk_flow_box_append (GTK_FLOW_BOX (buttons), button (_("Copy _Hex"), G_CALLBACK (copy_hex), d));
  if (has_peer && actions != NULL)
    {
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), button (_("Show _Only This Client"), G_CALLBACK (show_only), d));
      if (server && ta_log_entry_get_conn_id (entry) != 0)
        {
          gtk_flow_box_append (GTK_FLOW_BOX (buttons), button (_("_Send to This Client"), G_CALLBACK (send_to), d));
          gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                               button (_("_Disconnect This Client"), G_CALLBACK (disconnect_peer), d));
        }
    }

  adw_window_set_content (ADW_WINDOW (window), box);
  {
    /* Escape closes, as in every dialog. */
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, keys);
  }
  /* Not the first selectable label: it showed the time selected. */
  gtk_window_set_focus (GTK_WINDOW (window), first);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * _ta_log_details_get_hex_text:
 *
 * Returns: (transfer full): the hex dump the window shows now
 */
char *
_ta_log_details_get_hex_text (GtkWindow *window)
{
  Details *d = g_object_get_data (G_OBJECT (window), "ta-details");
  GtkTextIter start, end;

  if (d == NULL || d->hex_view == NULL)
    return g_strdup ("");
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (d->hex_view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (d->hex_view), &start, &end, FALSE);
}
