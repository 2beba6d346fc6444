/* ta-client-row.c: one row of the Server page's clients list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An icon, then the address, since when, and the bytes and messages in
 * and out; or, for the first row, "All clients" and how many are
 * connected. Rows are recycled by the list's factory and rendered again
 * on every connect, disconnect and once a second, so rendering touches
 * only what changed (a tooltip costs an X round trip).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-client-row.h"
#include "ta-ui-util.h"

struct _TaClientRow
{
  GtkWidget parent_instance;

  GtkImage *icon;
  GtkLabel *address;
  GtkLabel *since;
  GtkLabel *counters;
  GtkLabel *counters_out;
};

G_DEFINE_FINAL_TYPE (TaClientRow, ta_client_row, GTK_TYPE_WIDGET)

static void
set_tooltip_if_changed (GtkWidget  *widget,
                        const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* Setting an image's icon, even the same one, resizes the row and with it
 * the window (X round trips): a second's refresh woke an idle server 15
 * times. Only set it when it changes. */
static void
set_icon_if_changed (GtkImage   *image,
                     const char *icon_name)
{
  if (gtk_image_get_storage_type (image) != GTK_IMAGE_ICON_NAME ||
      g_strcmp0 (gtk_image_get_icon_name (image), icon_name) != 0)
    gtk_image_set_from_icon_name (image, icon_name);
}

/* "3 messages"; the number as a string: xgettext cannot read
 * "%" G_GUINT64_FORMAT. */
static char *
format_messages (guint64 n)
{
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

  /* Translators: %s is a number of messages */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s message", "%s messages",
                                       n > G_MAXULONG ? G_MAXULONG : (gulong) n),
                          number);
}

/**
 * ta_client_row_show_all:
 *
 * Shows the "All clients" row.
 */
void
ta_client_row_show_all (TaClientRow *self,
                        guint        n_clients)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (TA_IS_CLIENT_ROW (self));

  set_icon_if_changed (self->icon, "network-workgroup-symbolic");
  gtk_label_set_text (self->address, _("All clients"));
  if (n_clients == 0)
    detail = g_strdup (_("None connected"));
  else
    /* Translators: under "All clients" in the clients list */
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u connected", "%u connected", n_clients), n_clients);
  gtk_label_set_text (self->since, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->counters), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->counters_out), FALSE);
  set_tooltip_if_changed (GTK_WIDGET (self), _("Messages you send go to every connected client"));
}

/* Reset Counters: what the connection had counted then, kept on it. */
#define COUNTERS_BASE_KEY "ta-counters-base"

/**
 * ta_client_row_reset_counters:
 *
 * The rows of @conn count its bytes and messages from zero again.
 */
void
ta_client_row_reset_counters (TaConnection *conn)
{
  guint64 *base = g_new (guint64, 4);

  base[0] = ta_connection_get_bytes_in (conn);
  base[1] = ta_connection_get_bytes_out (conn);
  base[2] = ta_connection_get_messages_in (conn);
  base[3] = ta_connection_get_messages_out (conn);
  g_object_set_data_full (G_OBJECT (conn), COUNTERS_BASE_KEY, base, g_free);
}

/**
 * ta_client_row_show_connection:
 *
 * Shows one client with its counters as they are now.
 */
void
ta_client_row_show_connection (TaClientRow  *self,
                               TaConnection *conn)
{
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *when = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *counters = NULL;
  g_autofree char *counters_out = NULL;
  g_autofree char *msgs_in = NULL;
  g_autofree char *msgs_out = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (TA_IS_CLIENT_ROW (self));

  set_icon_if_changed (self->icon, "computer-symbolic");
  gtk_label_set_text (self->address, ta_connection_get_address (conn));
  /* Looking up the local time zone costs system calls: once per client. */
  when = g_strdup (g_object_get_data (G_OBJECT (conn), "ta-since"));
  if (when == NULL)
    {
      since = g_date_time_new_from_unix_local (ta_connection_get_connected_at (conn) / G_USEC_PER_SEC);
      when = since ? g_date_time_format (since, "%H:%M:%S") : g_strdup ("");
      g_object_set_data_full (G_OBJECT (conn), "ta-since", g_strdup (when), g_free);
    }
  {
    const guint64 *base = g_object_get_data (G_OBJECT (conn), COUNTERS_BASE_KEY);
    static const guint64 zero[4] = { 0, 0, 0, 0 };

    if (base == NULL)
      base = zero;
    in = ta_format_size (ta_connection_get_bytes_in (conn) - base[0]);
    out = ta_format_size (ta_connection_get_bytes_out (conn) - base[1]);
    msgs_in = format_messages (ta_connection_get_messages_in (conn) - base[2]);
    msgs_out = format_messages (ta_connection_get_messages_out (conn) - base[3]);
  }
  /* Translators: when a client connected, e.g. "Since 12:01:02" */
  since_text = g_strdup_printf (_("Since %s"), when ? when : "");
  /* Translators: received from a client: a size, then a number of
   * messages, e.g. "In 31 bytes · 3 messages" */
  counters = g_strdup_printf (_("In %s · %s"), in, msgs_in);
  /* Translators: sent to a client: a size, then a number of messages,
   * e.g. "Out 10 bytes · 2 messages" */
  counters_out = g_strdup_printf (_("Out %s · %s"), out, msgs_out);
  gtk_label_set_text (self->since, since_text);
  gtk_label_set_text (self->counters, counters);
  gtk_label_set_text (self->counters_out, counters_out);
  gtk_widget_set_visible (GTK_WIDGET (self->counters), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->counters_out), TRUE);
  /* Translators: tooltip of a client in the list: its address and when it connected */
  tooltip = g_strdup_printf (_("%s\nConnected since %s"),
                             ta_connection_get_address (conn), when ? when : "");
  set_tooltip_if_changed (GTK_WIDGET (self), tooltip);
}

/**
 * ta_client_row_dup_text:
 *
 * Returns: (transfer full): the lines shown (address, since, in, out)
 */
char *
ta_client_row_dup_text (TaClientRow *self)
{
  g_return_val_if_fail (TA_IS_CLIENT_ROW (self), NULL);
  return g_strjoin ("\n", gtk_label_get_text (self->address), gtk_label_get_text (self->since),
                    gtk_label_get_text (self->counters), gtk_label_get_text (self->counters_out), NULL);
}

static GtkLabel *
row_label (GtkWidget  *box,
           const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  if (css_class)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
      gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
  return label;
}

static void
ta_client_row_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ta_client_row_parent_class)->dispose (object);
}

static void
ta_client_row_class_init (TaClientRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ta_client_row_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "taclientrow");
}

/* Built in code: a template per row would parse XML for each of the
 * rows the list keeps around. */
static void
ta_client_row_init (TaClientRow *self)
{
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 10);
  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->icon), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->icon), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_hexpand (text, TRUE);
  self->address = row_label (text, NULL);
  gtk_label_set_ellipsize (self->address, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->address), "client-address");
  self->since = row_label (text, "caption");
  self->counters = row_label (text, "caption");
  self->counters_out = row_label (text, "caption");
  gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));
  gtk_widget_set_parent (text, GTK_WIDGET (self));
}

GtkWidget *
ta_client_row_new (void)
{
  return g_object_new (TA_TYPE_CLIENT_ROW, NULL);
}
