/* ta-recent-targets.h: the servers this user connected to lately
 *
 * TaRecentTargets is a GListModel of TaRecentTarget (host, port, when it
 * was last used), newest first, at most TA_RECENT_TARGETS_MAX, one item
 * per host:port. Typical use:
 *
 *   path = ta_recent_targets_get_default_path ();
 *   if (!ta_recent_targets_load (recents, path, &error))   // never loses a file
 *     toast (error->message);
 *   ta_recent_targets_record (recents, "10.0.0.7", 502);   // after a connect
 *   ta_recent_targets_save (recents, path, &error);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TA_RECENT_TARGETS_MAX 20
/* A hostile or mistaken file cannot fill memory. */
#define TA_RECENT_TARGETS_MAX_FILE_SIZE (64 * 1024)
#define TA_RECENT_TARGETS_VERSION 1

#define TA_TYPE_RECENT_TARGET (ta_recent_target_get_type ())
G_DECLARE_FINAL_TYPE (TaRecentTarget, ta_recent_target, TA, RECENT_TARGET, GObject)

#define TA_TYPE_RECENT_TARGETS (ta_recent_targets_get_type ())
G_DECLARE_FINAL_TYPE (TaRecentTargets, ta_recent_targets, TA, RECENT_TARGETS, GObject)

const char      *ta_recent_target_get_host      (TaRecentTarget   *self);
guint16          ta_recent_target_get_port      (TaRecentTarget   *self);
gint64           ta_recent_target_get_last_used (TaRecentTarget   *self);
char            *ta_recent_target_dup_label     (TaRecentTarget   *self);
gboolean         ta_recent_target_matches       (TaRecentTarget   *self,
                                                 const char       *typed);

TaRecentTargets *ta_recent_targets_new          (void);
TaRecentTarget  *ta_recent_targets_get          (TaRecentTargets  *self,
                                                 guint             position);
void             ta_recent_targets_record       (TaRecentTargets  *self,
                                                 const char       *host,
                                                 guint16           port);
void             ta_recent_targets_record_at    (TaRecentTargets  *self,
                                                 const char       *host,
                                                 guint16           port,
                                                 gint64            when);
void             ta_recent_targets_forget       (TaRecentTargets  *self,
                                                 guint             position);
void             ta_recent_targets_clear        (TaRecentTargets  *self);
char            *ta_recent_targets_get_default_path (void);
gboolean         ta_recent_targets_load         (TaRecentTargets  *self,
                                                 const char       *path,
                                                 GError          **error);
gboolean         ta_recent_targets_save         (TaRecentTargets  *self,
                                                 const char       *path,
                                                 GError          **error);

G_END_DECLS
