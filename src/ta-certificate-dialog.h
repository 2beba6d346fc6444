/* ta-certificate-dialog.h: a server certificate the system does not trust,
 * shown to the user with Trust Once / Trust Always / Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-trust-store.h"

G_BEGIN_DECLS

#define TA_CERTIFICATE_RESPONSE_ONCE   "once"
#define TA_CERTIFICATE_RESPONSE_ALWAYS "always"
#define TA_CERTIFICATE_RESPONSE_CANCEL "cancel"

GtkWidget *ta_certificate_dialog_new   (GtkWindow       *parent,
                                        const char      *host,
                                        guint16          port,
                                        GTlsCertificate *certificate,
                                        const char      *reason);
gboolean   ta_certificate_dialog_apply (AdwMessageDialog *dialog,
                                        const char       *response,
                                        TaTrustStore     *trust,
                                        GError          **error);

G_END_DECLS
