/* ta-rules-private.h: what ta-rules.c shares with ta-rules-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-rules.h"

G_BEGIN_DECLS

void     _ta_rules_take_all (TaRules     *self,
                             GPtrArray   *rules);
gboolean _ta_rules_render   (const char  *text,
                             const char  *charset,
                             GByteArray  *out,
                             GError     **error);

G_END_DECLS
