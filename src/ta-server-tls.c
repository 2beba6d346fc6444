/* ta-server-tls.c: "Use TLS" on the Server page, and its certificate
 *
 * Off by default. On, the server presents either the certificate made for
 * this computer on first use (its names and addresses, kept in the user's
 * data folder) or the user's own files: a PEM certificate and its key, or
 * a PKCS#12 file with its password. The SHA-256 fingerprint is shown with a
 * copy button so the other side can check it (or pass it to its client);
 * a file that cannot be used is a sentence under the row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ta-server-tls.h"
#include "ta-settings.h"
#include "ta-tls.h"

enum {
  SOURCE_GENERATED,
  SOURCE_FILES,
};

struct _TaServerTls
{
  GtkBox       parent_instance;

  GtkSwitch   *tls_switch;
  GtkWidget   *source_box;
  GtkDropDown *source_dropdown;
  GtkWidget   *choose_button;
  GtkWidget   *password_entry;
  GtkWidget   *fingerprint_box;
  GtkLabel    *fingerprint_label;
  GtkWidget   *copy_button;
  GtkLabel    *error_label;

  char        *cert_path;
  char        *key_path;
  char        *fingerprint;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (TaServerTls, ta_server_tls, GTK_TYPE_BOX)

static gboolean
is_pkcs12 (const char *path)
{
  g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".p12") || g_str_has_suffix (lower, ".pfx"));
}

static void
show_error (TaServerTls *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_fingerprint (TaServerTls *self,
                  const char  *fingerprint)
{
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
  if (fingerprint != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Clients can check our certificate by its SHA-256 fingerprint: %s"),
                                               fingerprint);
      gtk_label_set_text (self->fingerprint_label, text);
    }
  gtk_widget_set_visible (self->fingerprint_box, fingerprint != NULL);
}

/**
 * ta_server_tls_get_certificate:
 *
 * Loads (or makes, on first use) the certificate chosen, and shows its
 * fingerprint or the reason it cannot be used.
 *
 * Returns: (transfer full) (nullable): the certificate with its key; %NULL
 *   with no error when TLS is off
 */
GTlsCertificate *
ta_server_tls_get_certificate (TaServerTls  *self,
                               GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (TA_IS_SERVER_TLS (self), NULL);

  if (!gtk_switch_get_active (self->tls_switch))
    return NULL;

  if (gtk_drop_down_get_selected (self->source_dropdown) == SOURCE_FILES)
    {
      if (self->cert_path == NULL)
        g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Choose the certificate files first, or use the certificate made for this computer."));
      else
        certificate = ta_tls_certificate_load (self->cert_path, self->key_path,
                                               gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                                               &local);
    }
  else
    certificate = ta_tls_get_generated_certificate (NULL, &local);

  if (certificate == NULL)
    {
      show_fingerprint (self, NULL);
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  fingerprint = ta_tls_certificate_get_fingerprint (certificate);
  show_fingerprint (self, fingerprint);
  show_error (self, NULL);
  return g_steal_pointer (&certificate);
}

/* Shows the state of the current choice at once. */
static void
refresh (TaServerTls *self)
{
  gboolean active = gtk_switch_get_active (self->tls_switch);
  gboolean files = gtk_drop_down_get_selected (self->source_dropdown) == SOURCE_FILES;
  g_autoptr(GTlsCertificate) certificate = NULL;

  gtk_widget_set_visible (self->source_box, active);
  gtk_widget_set_visible (self->choose_button, files);
  gtk_widget_set_visible (self->password_entry, files && is_pkcs12 (self->cert_path));
  if (!active)
    {
      show_fingerprint (self, NULL);
      show_error (self, NULL);
      return;
    }
  certificate = ta_server_tls_get_certificate (self, NULL);
}

static void choose_key (TaServerTls *self);

/* Kept for the next run; the password of a .p12 file is not. */
static void
save_files (TaServerTls *self)
{
  GSettings *settings = ta_settings_get ();

  g_settings_set_string (settings, "server-tls-cert", self->cert_path ? self->cert_path : "");
  g_settings_set_string (settings, "server-tls-key", self->key_path ? self->key_path : "");
}

static void
on_key_chosen (GtkNativeDialog *dialog,
               int              response,
               TaServerTls     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_free (self->key_path);
      self->key_path = g_file_get_path (file);
      save_files (self);
    }
  g_clear_object (&self->chooser);
  refresh (self);
}

static void
choose_key (TaServerTls *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  self->chooser = gtk_file_chooser_native_new (_("Choose the Private Key of the Certificate"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_key_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
file_has_private_key (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  return strstr (text, "PRIVATE KEY-----") != NULL;
}

static void
on_cert_chosen (GtkNativeDialog *dialog,
                int              response,
                TaServerTls     *self)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->chooser);
      return;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  g_free (self->cert_path);
  self->cert_path = g_file_get_path (file);
  g_clear_pointer (&self->key_path, g_free);
  save_files (self);

  /* A PEM certificate alone: its key is in another file. */
  if (self->cert_path != NULL && !is_pkcs12 (self->cert_path) && !file_has_private_key (self->cert_path))
    {
      choose_key (self);
      return;
    }
  refresh (self);
}

static void
on_choose_clicked (TaServerTls *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM, PKCS#12)"));
  for (const char * const *p = (const char * const[]) { "*.pem", "*.crt", "*.cer", "*.p12", "*.pfx", "*.PEM", "*.CRT", "*.P12", "*.PFX", NULL }; *p; p++)
    gtk_file_filter_add_pattern (filter, *p);

  self->chooser = gtk_file_chooser_native_new (_("Choose the Server Certificate"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_cert_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_copy_clicked (TaServerTls *self)
{
  if (self->fingerprint != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->fingerprint);
}

static void
ta_server_tls_dispose (GObject *object)
{
  TaServerTls *self = TA_SERVER_TLS (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_SERVER_TLS);

  G_OBJECT_CLASS (ta_server_tls_parent_class)->dispose (object);
}

static void
ta_server_tls_finalize (GObject *object)
{
  TaServerTls *self = TA_SERVER_TLS (object);

  g_free (self->cert_path);
  g_free (self->key_path);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (ta_server_tls_parent_class)->finalize (object);
}

static void
ta_server_tls_class_init (TaServerTlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_server_tls_dispose;
  object_class->finalize = ta_server_tls_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-server-tls.ui");
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, tls_switch);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, source_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, choose_button);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, password_entry);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, fingerprint_box);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TaServerTls, error_label);
}

static void
ta_server_tls_init (TaServerTls *self)
{
  GSettings *settings = ta_settings_get ();
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  cert = g_settings_get_string (settings, "server-tls-cert");
  key = g_settings_get_string (settings, "server-tls-key");
  if (cert[0] != '\0')
    {
      self->cert_path = g_steal_pointer (&cert);
      self->key_path = key[0] != '\0' ? g_steal_pointer (&key) : NULL;
      gtk_drop_down_set_selected (self->source_dropdown, SOURCE_FILES);
    }
  g_settings_bind (settings, "server-tls", self->tls_switch, "active", G_SETTINGS_BIND_DEFAULT);
  refresh (self);

  g_signal_connect_swapped (self->tls_switch, "notify::active", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (on_choose_clicked), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy_clicked), self);
}

/**
 * ta_server_tls_set_locked:
 *
 * While the server runs, TLS and its certificate cannot change; the
 * fingerprint stays selectable and its copy button usable.
 */
void
ta_server_tls_set_locked (TaServerTls *self,
                          gboolean     locked)
{
  g_return_if_fail (TA_IS_SERVER_TLS (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->tls_switch), !locked);
  gtk_widget_set_sensitive (self->source_box, !locked);
}

gboolean
ta_server_tls_get_locked (TaServerTls *self)
{
  g_return_val_if_fail (TA_IS_SERVER_TLS (self), FALSE);
  return !gtk_widget_get_sensitive (GTK_WIDGET (self->tls_switch));
}

gboolean
ta_server_tls_get_active (TaServerTls *self)
{
  g_return_val_if_fail (TA_IS_SERVER_TLS (self), FALSE);
  return gtk_switch_get_active (self->tls_switch);
}

void
ta_server_tls_set_active (TaServerTls *self,
                          gboolean     active)
{
  g_return_if_fail (TA_IS_SERVER_TLS (self));
  gtk_switch_set_active (self->tls_switch, active);
}

/**
 * ta_server_tls_set_files:
 * @cert_path: (nullable): %NULL for the certificate made for this computer
 * @key_path: (nullable): when the key is not in @cert_path
 *
 * Uses the user's certificate files (as --tls-cert and --tls-key do).
 */
void
ta_server_tls_set_files (TaServerTls *self,
                         const char  *cert_path,
                         const char  *key_path)
{
  g_return_if_fail (TA_IS_SERVER_TLS (self));

  g_free (self->cert_path);
  self->cert_path = g_strdup (cert_path);
  g_free (self->key_path);
  self->key_path = g_strdup (key_path);
  save_files (self);
  if (gtk_drop_down_get_selected (self->source_dropdown) != (cert_path ? SOURCE_FILES : SOURCE_GENERATED))
    gtk_drop_down_set_selected (self->source_dropdown, cert_path ? SOURCE_FILES : SOURCE_GENERATED);  /* refreshes */
  else
    refresh (self);
}
