/* ta-quit-question.h: the question asked before quitting with live connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

char             *ta_quit_question_dup_text (GtkWindow  *window);
AdwMessageDialog *ta_quit_question_new      (GtkWindow  *parent,
                                             const char *question);

G_END_DECLS
