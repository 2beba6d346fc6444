/* ta-ui-util.h: small helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A dropdown of the codec's charsets; its selected index maps to an id. */
GtkDropDown *ta_charset_dropdown_new      (gboolean     with_auto);
const char  *ta_charset_dropdown_get_id   (GtkDropDown *dropdown);
void         ta_charset_dropdown_set_id   (GtkDropDown *dropdown,
                                           const char  *id);

/* A dropdown whose items carry the string choices of a GSettings key. */
GtkDropDown *ta_choice_dropdown_new       (const char * const *ids,
                                           const char * const *labels);
const char  *ta_choice_dropdown_get_id    (GtkDropDown *dropdown);

const char  *ta_line_ending_bytes         (const char  *id);

GBytes      *ta_make_message              (const char  *text,
                                           gboolean     hex,
                                           const char  *charset,
                                           const char  *line_ending_id,
                                           GError     **error);

char        *ta_format_size               (guint64      bytes);

void         ta_init_i18n                 (void);
void         ta_accessible_name_from_label (GtkWidget  *widget);

guint        ta_result_shown_ms           (void);
void         _ta_set_result_shown_ms      (guint        ms);
void         ta_label_set_error           (GtkLabel    *label,
                                           const char  *message);

void         ta_format_hex_dump           (const guint8 *data,
                                           gsize         size,
                                           guint         per_line,
                                           GString      *out);

G_END_DECLS
