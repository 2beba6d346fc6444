/* ta-trusted-group.c: the certificates trusted always, in Preferences
 *
 * One row per host:port with the fingerprint trusted for it, and a button
 * to forget it (the next connection asks again). Rows are rebuilt when the
 * store changes: the list is short.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-trusted-group.h"

struct _TaTrustedGroup
{
  AdwPreferencesGroup parent_instance;

  TaTrustStore *store;
  GPtrArray    *rows;
};

G_DEFINE_FINAL_TYPE (TaTrustedGroup, ta_trusted_group, ADW_TYPE_PREFERENCES_GROUP)

static void rebuild (TaTrustedGroup *self);

static void
on_forget_clicked (GtkButton      *button,
                   TaTrustedGroup *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "ta-key");
  g_autoptr(GError) error = NULL;

  if (!ta_trust_store_remove (self->store, key, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (ADW_IS_PREFERENCES_WINDOW (root))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
    }
}

static void
rebuild (TaTrustedGroup *self)
{
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  if (self->store == NULL)
    return;

  keys = ta_trust_store_list (self->store);
  if (keys[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("When you connect with TLS to a server whose certificate this "
                                     "computer does not trust, you can trust it always."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
      return;
    }

  for (gsize i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *fingerprint = ta_trust_store_get_fingerprint (self->store, keys[i]);
      g_autofree char *label = g_strdup_printf (_("Forget the certificate of %s"), keys[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      /* Host names typed by the user: shown as text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), keys[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fingerprint ? fingerprint : "");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "ta-key", g_strdup (keys[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_forget_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
ta_trusted_group_dispose (GObject *object)
{
  TaTrustedGroup *self = TA_TRUSTED_GROUP (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ta_trusted_group_parent_class)->dispose (object);
}

static void
ta_trusted_group_finalize (GObject *object)
{
  TaTrustedGroup *self = TA_TRUSTED_GROUP (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (ta_trusted_group_parent_class)->finalize (object);
}

static void
ta_trusted_group_class_init (TaTrustedGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_trusted_group_dispose;
  object_class->finalize = ta_trusted_group_finalize;
}

static void
ta_trusted_group_init (TaTrustedGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Trusted Certificates"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("TLS servers whose certificate you chose to trust always, "
                                           "by its SHA-256 fingerprint"));
  ta_trusted_group_set_store (self, ta_trust_store_get_default ());
}

GtkWidget *
ta_trusted_group_new (void)
{
  return g_object_new (TA_TYPE_TRUSTED_GROUP, NULL);
}

/* The process's store by default; tests give their own. */
void
ta_trusted_group_set_store (TaTrustedGroup *self,
                            TaTrustStore   *store)
{
  g_return_if_fail (TA_IS_TRUSTED_GROUP (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_swapped (store, "changed", G_CALLBACK (rebuild), self);
  rebuild (self);
}
