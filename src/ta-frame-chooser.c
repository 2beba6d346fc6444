/* ta-frame-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dropdown of the ways to cut received bytes into messages, with an
 * entry for the value some of them need (delimiter bytes, a length, a
 * gap). Only a valid choice is stored; a wrong value is said under it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-client.h"
#include "ta-frame-chooser.h"
#include "ta-framer.h"
#include "ta-server.h"
#include "ta-ui-util.h"

struct _TaFrameChooser
{
  GtkBox       parent_instance;

  GtkDropDown *dropdown;
  GtkEntry    *entry;
  GtkLabel    *error_label;

  GSettings   *settings;
  char        *key;
  char        *spec;      /* the last valid choice */
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (TaFrameChooser, ta_frame_chooser, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SPEC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The dropdown's items; a NULL param means the id is the whole spec. */
static const struct {
  const char *id;
  const char *param_hint;
} kinds[] = {
  { "chunk", NULL },
  { "line", NULL },
  { "line:lf", NULL },
  { "line:crlf", NULL },
  { "delimiter", N_("Hex bytes, e.g. 0D 0A") },
  { "length", N_("Bytes, e.g. 16") },
  { "prefix:1", NULL },
  { "prefix:2be", NULL },
  { "prefix:2le", NULL },
  { "prefix:4be", NULL },
  { "prefix:4le", NULL },
  { "idle", N_("Milliseconds, e.g. 50") },
};

static void
ta_frame_chooser_dispose (GObject *object)
{
  TaFrameChooser *self = TA_FRAME_CHOOSER (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_FRAME_CHOOSER);

  G_OBJECT_CLASS (ta_frame_chooser_parent_class)->dispose (object);
}

static void
ta_frame_chooser_finalize (GObject *object)
{
  TaFrameChooser *self = TA_FRAME_CHOOSER (object);

  g_free (self->key);
  g_free (self->spec);

  G_OBJECT_CLASS (ta_frame_chooser_parent_class)->finalize (object);
}

static void
ta_frame_chooser_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TaFrameChooser *self = TA_FRAME_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_string (value, self->spec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The spec the widgets show now, or NULL with the reason. */
static char *
current_spec (TaFrameChooser  *self,
              GError         **error)
{
  guint i = gtk_drop_down_get_selected (self->dropdown);
  g_autofree char *text = NULL;
  g_autofree char *spec = NULL;
  TaFrameSpec parsed;

  if (i >= G_N_ELEMENTS (kinds))
    i = 0;
  if (kinds[i].param_hint == NULL)
    return g_strdup (kinds[i].id);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (*text == '\0')
    {
      g_set_error_literal (error, TA_FRAME_ERROR, TA_FRAME_ERROR_INVALID,
                           g_str_equal (kinds[i].id, "delimiter")
                           ? _("Type the delimiter bytes in hex, for example 0D 0A.")
                           : g_str_equal (kinds[i].id, "length")
                           ? _("Type the length of every message in bytes.")
                           : _("Type the gap in milliseconds that ends a message."));
      return NULL;
    }
  if (g_str_equal (kinds[i].id, "delimiter"))
    {
      /* The entry takes spaces between bytes; the spec does not. */
      g_autofree char *joined = NULL;
      g_auto(GStrv) parts = g_strsplit_set (text, " ,", -1);

      joined = g_strjoinv ("", parts);
      spec = g_strconcat ("delimiter:", joined, NULL);
    }
  else
    spec = g_strconcat (kinds[i].id, ":", text, NULL);

  if (!ta_frame_spec_parse (&parsed, spec, NULL))
    {
      /* Said for this field, not in the command line's terms. */
      g_set_error (error, TA_FRAME_ERROR, TA_FRAME_ERROR_INVALID,
                   g_str_equal (kinds[i].id, "delimiter")
                   ? _("“%s” is not a delimiter: type 1 to 16 bytes in hex, for example 0D 0A.")
                   : g_str_equal (kinds[i].id, "length")
                   ? _("“%s” is not a length: type a whole number of bytes from 1 to 1048576.")
                   : _("“%s” is not a gap: type a whole number of milliseconds from 1 to 60000."),
                   text);
      return NULL;
    }
  return ta_frame_spec_to_string (&parsed);
}

static void
show_spec (TaFrameChooser *self,
           const char     *spec)
{
  TaFrameSpec parsed;
  g_autofree char *canonical = NULL;
  guint selected = 0;
  const char *param = "";

  if (spec == NULL || !ta_frame_spec_parse (&parsed, spec, NULL))
    ta_frame_spec_init (&parsed);
  canonical = ta_frame_spec_to_string (&parsed);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gsize n = strlen (kinds[i].id);

      if (kinds[i].param_hint == NULL ? g_str_equal (canonical, kinds[i].id)
                                      : (strncmp (canonical, kinds[i].id, n) == 0 && canonical[n] == ':'))
        {
          selected = i;
          if (kinds[i].param_hint != NULL)
            param = canonical + n + 1;
          break;
        }
    }

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), param);
  gtk_widget_set_visible (GTK_WIDGET (self->entry), kinds[selected].param_hint != NULL);
  if (kinds[selected].param_hint != NULL)
    gtk_entry_set_placeholder_text (self->entry, _(kinds[selected].param_hint));
  ta_label_set_error (self->error_label, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  self->updating = FALSE;

  if (g_strcmp0 (self->spec, canonical) != 0)
    {
      g_free (self->spec);
      self->spec = g_steal_pointer (&canonical);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
    }
}

static void
on_changed (TaFrameChooser *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  guint i = gtk_drop_down_get_selected (self->dropdown);

  if (self->updating || i >= G_N_ELEMENTS (kinds))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->entry), kinds[i].param_hint != NULL);
  if (kinds[i].param_hint != NULL)
    gtk_entry_set_placeholder_text (self->entry, _(kinds[i].param_hint));

  spec = current_spec (self, &error);
  ta_label_set_error (self->error_label, spec == NULL ? error->message : NULL);
  if (spec == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

  if (g_strcmp0 (self->spec, spec) == 0)
    return;
  g_free (self->spec);
  self->spec = g_steal_pointer (&spec);
  if (self->settings != NULL)
    {
      self->updating = TRUE;
      g_settings_set_string (self->settings, self->key, self->spec);
      self->updating = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

static void
ta_frame_chooser_class_init (TaFrameChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_frame_chooser_dispose;
  object_class->finalize = ta_frame_chooser_finalize;
  object_class->get_property = ta_frame_chooser_get_property;

  properties[PROP_SPEC] =
    g_param_spec_string ("spec", NULL, NULL, "chunk",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcpassistant/TcpAssistant/ta-frame-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, TaFrameChooser, dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaFrameChooser, entry);
  gtk_widget_class_bind_template_child (widget_class, TaFrameChooser, error_label);
}

static void
ta_frame_chooser_init (TaFrameChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->spec = g_strdup ("chunk");
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_changed), self);
}

TaFrameChooser *
ta_frame_chooser_new (void)
{
  return g_object_new (TA_TYPE_FRAME_CHOOSER, NULL);
}

const char *
ta_frame_chooser_get_spec (TaFrameChooser *self)
{
  return self->spec;
}

void
ta_frame_chooser_set_spec (TaFrameChooser *self,
                           const char     *spec)
{
  g_return_if_fail (TA_IS_FRAME_CHOOSER (self));
  show_spec (self, spec);
}

static void
on_setting_changed (TaFrameChooser *self)
{
  g_autofree char *spec = NULL;

  if (self->updating)
    return;
  spec = g_settings_get_string (self->settings, self->key);
  show_spec (self, spec);
}

/**
 * ta_frame_chooser_bind:
 *
 * Shows the key's value and stores each valid choice in it.
 */
void
ta_frame_chooser_bind (TaFrameChooser *self,
                       GSettings      *settings,
                       const char     *key)
{
  g_autofree char *detail = g_strconcat ("changed::", key, NULL);

  g_return_if_fail (TA_IS_FRAME_CHOOSER (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->key = g_strdup (key);
  g_signal_connect_swapped (settings, detail, G_CALLBACK (on_setting_changed), self);
  on_setting_changed (self);
}

static void
apply_framing (GSettings  *settings,
               const char *key,
               GObject    *target)
{
  g_autofree char *text = g_settings_get_string (settings, key);
  TaFrameSpec spec;

  /* A value edited by hand that makes no sense: as received. */
  if (!ta_frame_spec_parse (&spec, text, NULL))
    ta_frame_spec_init (&spec);
  if (TA_IS_SERVER (target))
    ta_server_set_framing (TA_SERVER (target), &spec);
  else if (TA_IS_CLIENT (target))
    ta_client_set_framing (TA_CLIENT (target), &spec);
}

/**
 * ta_frame_settings_follow:
 *
 * Applies the framing stored under @key to @server_or_client now and at
 * every change, for as long as @server_or_client lives.
 */
void
ta_frame_settings_follow (GSettings  *settings,
                          const char *key,
                          GObject    *server_or_client)
{
  g_autofree char *detail = g_strconcat ("changed::", key, NULL);

  g_return_if_fail (TA_IS_SERVER (server_or_client) || TA_IS_CLIENT (server_or_client));

  apply_framing (settings, key, server_or_client);
  g_signal_connect_object (settings, detail, G_CALLBACK (apply_framing), server_or_client, 0);
}

GtkDropDown *_ta_frame_chooser_get_dropdown (TaFrameChooser *self) { return self->dropdown; }
GtkEditable *_ta_frame_chooser_get_entry (TaFrameChooser *self) { return GTK_EDITABLE (self->entry); }
GtkLabel *_ta_frame_chooser_get_error (TaFrameChooser *self) { return self->error_label; }
