/* ta-rules.h: reply rules of the server, first match answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-checksum.h"

G_BEGIN_DECLS

typedef enum {
  TA_RULE_MATCH_ANY,
  TA_RULE_MATCH_EXACT,
  TA_RULE_MATCH_CONTAINS,
  TA_RULE_MATCH_PREFIX,
  TA_RULE_MATCH_SUFFIX,
  TA_RULE_MATCH_REGEX,
  TA_RULE_MATCH_HEX,
} TaRuleMatch;

typedef enum {
  TA_RULE_REPLY_TEXT,
  TA_RULE_REPLY_HEX,
  TA_RULE_REPLY_ECHO,
  TA_RULE_REPLY_NONE,
  TA_RULE_REPLY_CLOSE,
} TaRuleReply;

typedef enum {
  TA_RULE_ENDING_NONE,
  TA_RULE_ENDING_LF,
  TA_RULE_ENDING_CRLF,
  TA_RULE_ENDING_CR,
} TaRuleEnding;

#define TA_RULES_ERROR (ta_rules_error_quark ())

typedef enum {
  TA_RULES_ERROR_INVALID,
} TaRulesError;

/* Longest text a regular expression or {message} looks at. */
#define TA_RULES_MAX_SUBJECT (64 * 1024)
#define TA_RULES_MAX_DELAY_MS 600000

/* What a reply's variables are made of. */
typedef struct {
  const char *peer;     /* {peer} */
  guint64     counter;  /* {counter}: this client's message number, from 1 */
  gint64      time_us;  /* {time} {date}: wall clock; 0 means now */
} TaRuleVars;

#define TA_TYPE_RULE (ta_rule_get_type ())
G_DECLARE_FINAL_TYPE (TaRule, ta_rule, TA, RULE, GObject)

TaRule       *ta_rule_new          (TaRuleMatch    match,
                                    const char    *pattern,
                                    TaRuleReply    reply,
                                    const char    *text,
                                    TaRuleEnding   ending,
                                    guint          delay_ms,
                                    GError       **error);
TaRule       *ta_rule_new_full     (TaRuleMatch    match,
                                    const char    *pattern,
                                    TaRuleReply    reply,
                                    const char    *text,
                                    TaRuleEnding   ending,
                                    TaChecksum     checksum,
                                    guint          delay_ms,
                                    GError       **error);
TaRuleMatch   ta_rule_get_match    (TaRule        *self);
const char   *ta_rule_get_pattern  (TaRule        *self);
TaRuleReply   ta_rule_get_reply    (TaRule        *self);
const char   *ta_rule_get_text     (TaRule        *self);
TaRuleEnding  ta_rule_get_ending   (TaRule        *self);
TaChecksum    ta_rule_get_checksum (TaRule        *self);
guint         ta_rule_get_delay    (TaRule        *self);
guint64       ta_rule_get_hits     (TaRule        *self);
void          ta_rule_reset_hits   (TaRule        *self);
char         *ta_rule_describe     (TaRule        *self);

const char   *ta_rule_match_to_string  (TaRuleMatch  match);
const char   *ta_rule_reply_to_string  (TaRuleReply  reply);
const char   *ta_rule_ending_to_string (TaRuleEnding ending);

#define TA_TYPE_RULES (ta_rules_get_type ())
G_DECLARE_FINAL_TYPE (TaRules, ta_rules, TA, RULES, GObject)

GQuark        ta_rules_error_quark (void);
TaRules      *ta_rules_new         (void);
void          ta_rules_set_default (TaRules       *self);
void          ta_rules_set_charset (TaRules       *self,
                                    const char    *charset);
const char   *ta_rules_get_charset (TaRules       *self);
TaRule       *ta_rules_get_rule    (TaRules       *self,
                                    guint          position);
guint         ta_rules_get_n_rules (TaRules       *self);
void          ta_rules_insert      (TaRules       *self,
                                    guint          position,
                                    TaRule        *rule);
void          ta_rules_replace     (TaRules       *self,
                                    guint          position,
                                    TaRule        *rule);
void          ta_rules_remove      (TaRules       *self,
                                    guint          position);
void          ta_rules_move        (TaRules       *self,
                                    guint          from,
                                    guint          to);
void          ta_rules_clear       (TaRules       *self);
void          ta_rules_reset_hits  (TaRules       *self);
TaRule       *ta_rules_find        (TaRules       *self,
                                    const guint8  *data,
                                    gsize          len,
                                    guint         *position,
                                    char         **note);
GBytes       *ta_rules_build_reply (TaRules       *self,
                                    TaRule        *rule,
                                    const guint8  *data,
                                    gsize          len,
                                    const TaRuleVars *vars);
gboolean      ta_rules_load_data   (TaRules       *self,
                                    const char    *data,
                                    gsize          len,
                                    GError       **error);
gboolean      ta_rules_load_file   (TaRules       *self,
                                    const char    *path,
                                    GError       **error);
char         *ta_rules_to_data     (TaRules       *self,
                                    gsize         *len);
gboolean      ta_rules_save_file   (TaRules       *self,
                                    const char    *path,
                                    GError       **error);

char         *ta_rules_checksum_preview (TaRules     *self,
                                         TaRuleReply  reply,
                                         const char  *text,
                                         TaChecksum   checksum);

GBytes       *ta_rules_unescape    (const char    *text,
                                    const char    *charset,
                                    GError       **error);

G_END_DECLS
