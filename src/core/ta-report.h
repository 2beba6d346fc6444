/* ta-report.h: one self-contained HTML file to send to whoever helps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-log-entry.h"

G_BEGIN_DECLS

typedef struct _TaReport TaReport;

/* Each log's part of a report at most (a flooded log keeps its newest rows). */
#define TA_REPORT_MAX_LOG_BYTES (16 * 1024 * 1024)

/* A picture at most (a conversation's SVG is bounded by its steps:
 * TA_PICTURE_MAX_STEPS_REPORT make ~3.3 MB); a bigger one is a sentence. */
#define TA_REPORT_MAX_PICTURE_BYTES (16 * 1024 * 1024)

TaReport *ta_report_new          (const char  *title);
void      ta_report_free         (TaReport    *report);
void      ta_report_add_field    (TaReport    *report,
                                  const char  *section,
                                  const char  *name,
                                  const char  *value);
void      ta_report_add_paragraph (TaReport   *report,
                                   const char *section,
                                   const char *text);
void      ta_report_add_picture  (TaReport    *report,
                                  const char  *section,
                                  const char  *alt,
                                  GBytes      *svg);
void      ta_report_add_log      (TaReport    *report,
                                  const char  *title,
                                  GListModel  *entries,
                                  TaLogRole    role);
void      ta_report_set_max_log_bytes (TaReport *report,
                                       gsize     max_bytes);
char     *ta_report_to_html      (TaReport    *report);
gboolean  ta_report_write        (TaReport    *report,
                                  const char  *path,
                                  GError     **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaReport, ta_report_free)

G_END_DECLS
