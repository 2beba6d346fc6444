/* ta-local-side.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Some devices accept only a known source port or network card. An icon
 * at the end of the Client page's host field opens a popover: "Local
 * address" (Any, or one of this computer's addresses, listed afresh each
 * time it opens) and "Local port" (empty: any). Each change is checked at
 * once and given to the TaClient for the next connect; a bad choice is a
 * sentence in the popover, a port in use is the connect's own sentence.
 * The choice is kept in the settings (client-local-address and
 * client-local-port) and restored at start; an address that is no longer
 * this computer's falls back to any, and the popover says so. The icon's
 * tooltip says what is chosen. The page only calls ta_local_side_attach().
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-local-side.h"
#include "ta-netinfo.h"
#include "ta-settings.h"

struct _TaLocalSide
{
  GObject        parent_instance;

  GtkEntry      *entry;          /* weak: the popover's parent */
  TaClient      *client;
  GtkWidget     *popover;
  GtkDropDown   *address_dropdown;
  GtkStringList *addresses;      /* "Any address", then "IP (card)" */
  GPtrArray     *ips;            /* (element-type utf8): the IPs behind the items, NULL for Any */
  GtkEditable   *port_entry;
  GtkLabel      *error_label;
  GSettings     *settings;
  gboolean       filling;
};

G_DEFINE_FINAL_TYPE (TaLocalSide, ta_local_side, G_TYPE_OBJECT)

static void
update_icon (TaLocalSide *self,
             const char  *ip,
             guint16      port)
{
  g_autofree char *tooltip = NULL;

  if (ip == NULL && port == 0)
    tooltip = g_strdup (_("Local address and port to connect from: any"));
  else if (port == 0)
    tooltip = g_strdup_printf (_("Connecting from %s (any port)"), ip);
  else if (ip == NULL)
    tooltip = g_strdup_printf (_("Connecting from local port %u"), port);
  else
    tooltip = g_strdup_printf (_("Connecting from %s, port %u"), ip, port);
  gtk_entry_set_icon_tooltip_text (self->entry, GTK_ENTRY_ICON_SECONDARY, tooltip);
  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_SECONDARY, "network-wired-symbolic");
}

static void
apply (TaLocalSide *self)
{
  g_autoptr(GError) error = NULL;
  const char *port_text = gtk_editable_get_text (self->port_entry);
  guint selected = gtk_drop_down_get_selected (self->address_dropdown);
  const char *ip = selected < self->ips->len ? g_ptr_array_index (self->ips, selected) : NULL;
  guint16 port = 0;
  g_autofree char *stripped = g_strstrip (g_strdup (port_text));

  if (self->filling)
    return;
  if (*stripped != '\0' && !ta_parse_port (stripped, &port, &error))
    ;
  else
    ta_client_set_local (self->client, ip, port, &error);

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error == NULL)
    {
      update_icon (self, ip, port);
      g_settings_set_string (self->settings, "client-local-address", ip ? ip : "");
      g_settings_set_int (self->settings, "client-local-port", port);
    }
}

/* The choice of the last run, from the settings. */
static void
restore (TaLocalSide *self)
{
  g_autofree char *ip = g_settings_get_string (self->settings, "client-local-address");
  int port = g_settings_get_int (self->settings, "client-local-port");
  g_autofree char *port_text = port > 0 ? g_strdup_printf ("%d", port) : g_strdup ("");
  guint found = 0;

  for (guint i = 1; *ip != '\0' && i < self->ips->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->ips, i), ip) == 0)
      found = i;
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->address_dropdown, found);
  gtk_editable_set_text (self->port_entry, port_text);
  self->filling = FALSE;
  apply (self);
  if (*ip != '\0' && found == 0)
    {
      g_autofree char *text =
        /* Translators: %s is an IP address chosen in an earlier run */
        g_strdup_printf (_("%s is no longer an address of this computer: connecting from any address."), ip);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

/* The list of this computer's addresses, kept on the current choice. */
static void
fill_addresses (TaLocalSide *self)
{
  g_autoptr(GPtrArray) locals = ta_netinfo_local_addresses ();
  guint selected = gtk_drop_down_get_selected (self->address_dropdown);
  g_autofree char *current = selected < self->ips->len ? g_strdup (g_ptr_array_index (self->ips, selected)) : NULL;
  guint keep = 0;

  self->filling = TRUE;
  gtk_string_list_splice (self->addresses, 0, g_list_model_get_n_items (G_LIST_MODEL (self->addresses)), NULL);
  g_ptr_array_set_size (self->ips, 0);
  gtk_string_list_append (self->addresses, _("Any address"));
  g_ptr_array_add (self->ips, NULL);
  for (guint i = 0; i < locals->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (locals, i);
      g_autofree char *label = ta_netinfo_format_local (local);
      char *ip;

      if (ta_netinfo_is_link_local (local->address))
        continue;   /* needs a scope: not a choice for people */
      ip = g_inet_address_to_string (local->address);
      if (g_strcmp0 (ip, current) == 0)
        keep = self->ips->len;
      gtk_string_list_append (self->addresses, label);
      g_ptr_array_add (self->ips, ip);
    }
  gtk_drop_down_set_selected (self->address_dropdown, keep);
  self->filling = FALSE;
  if (current != NULL && keep == 0)
    apply (self);   /* the address went away: back to any */
}

static void
on_icon_press (GtkEntry             *entry,
               GtkEntryIconPosition  position,
               TaLocalSide          *self)
{
  GdkRectangle area;

  if (position != GTK_ENTRY_ICON_SECONDARY)
    return;
  fill_addresses (self);
  gtk_entry_get_icon_area (entry, GTK_ENTRY_ICON_SECONDARY, &area);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &area);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
on_entry_destroy (GtkWidget   *entry,
                  TaLocalSide *self)
{
  g_clear_pointer (&self->popover, gtk_widget_unparent);
}

static void
ta_local_side_dispose (GObject *object)
{
  TaLocalSide *self = TA_LOCAL_SIDE (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ta_local_side_parent_class)->dispose (object);
}

static void
ta_local_side_finalize (GObject *object)
{
  TaLocalSide *self = TA_LOCAL_SIDE (object);

  g_ptr_array_unref (self->ips);

  G_OBJECT_CLASS (ta_local_side_parent_class)->finalize (object);
}

static void
ta_local_side_class_init (TaLocalSideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_local_side_dispose;
  object_class->finalize = ta_local_side_finalize;
}

static void
ta_local_side_init (TaLocalSide *self)
{
  self->ips = g_ptr_array_new_with_free_func (g_free);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return label;
}

static GtkWidget *
build_popover (TaLocalSide *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Connect from"));
  GtkWidget *hint = gtk_label_new (_("Used from the next connect. Leave both on “any” unless the server "
                                     "accepts only a known network card or source port."));
  GtkWidget *port = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (NULL);

  self->addresses = gtk_string_list_new (NULL);
  self->address_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->addresses), NULL));
  self->port_entry = GTK_EDITABLE (port);
  self->error_label = GTK_LABEL (error);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 36);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_entry_set_placeholder_text (GTK_ENTRY (port), _("Any"));
  gtk_entry_set_input_purpose (GTK_ENTRY (port), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_width_chars (self->port_entry, 7);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 36);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), labelled (_("Local _address"), GTK_WIDGET (self->address_dropdown)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->address_dropdown));
  gtk_box_append (GTK_BOX (box), labelled (_("Local p_ort"), port));
  gtk_box_append (GTK_BOX (box), port);
  gtk_box_append (GTK_BOX (box), error);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  g_signal_connect_swapped (self->address_dropdown, "notify::selected", G_CALLBACK (apply), self);
  g_signal_connect_swapped (port, "changed", G_CALLBACK (apply), self);
  return popover;
}

/**
 * ta_local_side_attach:
 * @entry: the host field; its secondary icon becomes the chooser
 * @client: the client whose next connects use the choice
 *
 * Returns: (transfer none): the chooser, owned by @entry
 */
TaLocalSide *
ta_local_side_attach (GtkEntry *entry,
                      TaClient *client)
{
  TaLocalSide *self = g_object_new (TA_TYPE_LOCAL_SIDE, NULL);

  self->entry = entry;
  self->client = g_object_ref (client);
  self->settings = g_object_ref (ta_settings_get ());
  self->popover = build_popover (self);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (entry));
  fill_addresses (self);
  update_icon (self, NULL, 0);
  restore (self);
  g_signal_connect (entry, "icon-press", G_CALLBACK (on_icon_press), self);
  g_signal_connect (entry, "destroy", G_CALLBACK (on_entry_destroy), self);
  g_object_set_data_full (G_OBJECT (entry), "ta-local-side", self, g_object_unref);
  return self;
}

/**
 * ta_local_side_get:
 *
 * Returns: (nullable) (transfer none): the chooser attached to @entry
 */
TaLocalSide *
ta_local_side_get (GtkEntry *entry)
{
  return g_object_get_data (G_OBJECT (entry), "ta-local-side");
}

/* What opening does before the popup: the addresses listed afresh. */
void _ta_local_side_open (TaLocalSide *self) { fill_addresses (self); }
GtkDropDown *_ta_local_side_get_address_dropdown (TaLocalSide *self) { return self->address_dropdown; }
GtkEditable *_ta_local_side_get_port_entry (TaLocalSide *self) { return self->port_entry; }
GtkLabel *_ta_local_side_get_error_label (TaLocalSide *self) { return self->error_label; }
