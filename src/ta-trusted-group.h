/* ta-trusted-group.h: the certificates trusted always, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-trust-store.h"

G_BEGIN_DECLS

#define TA_TYPE_TRUSTED_GROUP (ta_trusted_group_get_type ())

G_DECLARE_FINAL_TYPE (TaTrustedGroup, ta_trusted_group, TA, TRUSTED_GROUP, AdwPreferencesGroup)

GtkWidget *ta_trusted_group_new       (void);
void       ta_trusted_group_set_store (TaTrustedGroup *self,
                                       TaTrustStore   *store);

G_END_DECLS
