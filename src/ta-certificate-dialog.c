/* ta-certificate-dialog.c: a server certificate the system does not trust
 *
 * As SSH asks about an unknown host key: the reason in plain words, the
 * certificate (subject, issuer, validity, names, SHA-256 fingerprint and
 * its chain) in selectable text to compare with what the owner of the
 * server says, and three answers. Cancel is the default: pressing Enter or
 * Escape trusts nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-certificate-dialog.h"
#include "ta-ui-util.h"
#include "ta-tls.h"

/* AdwMessageDialog's response buttons have mnemonic labels, which GTK 4.8
 * names "Trust _Once Trust Once" for screen readers (found by the a11y
 * walk, tests/test-a11y.py): each gets its plain text as its name. */
static void
name_buttons (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    ta_accessible_name_from_label (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_buttons (child);
}

/**
 * ta_certificate_dialog_new:
 * @reason: why it was refused (the sentences of the connect failure)
 *
 * Returns: (transfer floating): an #AdwMessageDialog; connect to its
 *   ::response and call ta_certificate_dialog_apply()
 */
GtkWidget *
ta_certificate_dialog_new (GtkWindow       *parent,
                           const char      *host,
                           guint16          port,
                           GTlsCertificate *certificate,
                           const char      *reason)
{
  g_autofree char *where = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *details = ta_tls_certificate_describe (certificate);
  g_autofree char *fingerprint = ta_tls_certificate_get_fingerprint (certificate);
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *label;

  where = g_strrstr (host, ":") != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                        : g_strdup_printf ("%s:%u", host, port);
  heading = g_strdup_printf (_("Trust the Certificate of %s?"), where);
  dialog = adw_message_dialog_new (parent, heading, reason);

  /* Peer-supplied text: a plain label, never markup. */
  label = gtk_label_new (details);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Certificate details"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    TA_CERTIFICATE_RESPONSE_CANCEL, _("_Cancel"),
                                    TA_CERTIFICATE_RESPONSE_ONCE, _("Trust _Once"),
                                    TA_CERTIFICATE_RESPONSE_ALWAYS, _("Trust _Always"),
                                    NULL);
  name_buttons (dialog);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), TA_CERTIFICATE_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), TA_CERTIFICATE_RESPONSE_CANCEL);
  gtk_widget_set_size_request (dialog, 420, -1);

  g_object_set_data_full (G_OBJECT (dialog), "ta-host", g_strdup (host), g_free);
  g_object_set_data (G_OBJECT (dialog), "ta-port", GUINT_TO_POINTER ((guint) port));
  g_object_set_data_full (G_OBJECT (dialog), "ta-fingerprint", g_steal_pointer (&fingerprint), g_free);
  return dialog;
}

/**
 * ta_certificate_dialog_apply:
 * @response: the ::response of the dialog
 *
 * Records the user's answer in @trust.
 *
 * Returns: %TRUE when the certificate is now trusted (connect again);
 *   %FALSE when cancelled, or with @error when it could not be remembered
 */
gboolean
ta_certificate_dialog_apply (AdwMessageDialog  *dialog,
                             const char        *response,
                             TaTrustStore      *trust,
                             GError           **error)
{
  const char *host = g_object_get_data (G_OBJECT (dialog), "ta-host");
  guint16 port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "ta-port"));
  const char *fingerprint = g_object_get_data (G_OBJECT (dialog), "ta-fingerprint");
  gboolean always = g_strcmp0 (response, TA_CERTIFICATE_RESPONSE_ALWAYS) == 0;

  if (!always && g_strcmp0 (response, TA_CERTIFICATE_RESPONSE_ONCE) != 0)
    return FALSE;
  return ta_trust_store_add (trust, host, port, fingerprint, always, error);
}
