/* ta-rules-editor.h: the window where the server's reply rules are edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-rules.h"

G_BEGIN_DECLS

#define TA_TYPE_RULES_EDITOR (ta_rules_editor_get_type ())

G_DECLARE_FINAL_TYPE (TaRulesEditor, ta_rules_editor, TA, RULES_EDITOR, AdwWindow)

TaRulesEditor *ta_rules_editor_new          (TaRules     *rules);
void           ta_rules_settings_follow     (TaRules     *rules,
                                             GSettings   *settings,
                                             const char  *key);

/* For tests */
void           _ta_rules_editor_edit        (TaRulesEditor *self,
                                             int            position);
gboolean       _ta_rules_editor_save        (TaRulesEditor *self);
void           _ta_rules_editor_set_form    (TaRulesEditor *self,
                                             TaRuleMatch    match,
                                             const char    *pattern,
                                             TaRuleReply    reply,
                                             const char    *text,
                                             TaRuleEnding   ending,
                                             guint          delay_ms);
void           _ta_rules_editor_set_checksum (TaRulesEditor *self,
                                              TaChecksum     checksum);
GtkLabel      *_ta_rules_editor_get_checksum_preview (TaRulesEditor *self);
GtkLabel      *_ta_rules_editor_get_error   (TaRulesEditor *self);
GtkListBox    *_ta_rules_editor_get_list    (TaRulesEditor *self);
char          *_ta_rules_editor_dup_row_text (TaRulesEditor *self,
                                              guint          position);
void           _ta_rules_editor_move        (TaRulesEditor *self,
                                             guint          position,
                                             int            delta);
void           _ta_rules_editor_delete      (TaRulesEditor *self,
                                             guint          position);
gboolean       _ta_rules_editor_import      (TaRulesEditor *self,
                                             GFile         *file);
gboolean       _ta_rules_editor_export      (TaRulesEditor *self,
                                             GFile         *file);
const char    *_ta_rules_editor_get_last_toast (TaRulesEditor *self);

G_END_DECLS
