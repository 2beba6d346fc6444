/* ta-composer-private.h: what the tests reach inside the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ta-composer.h"
#include "ta-quick-popover.h"

G_BEGIN_DECLS

GtkTextView    *_ta_composer_get_message_view      (TaComposer *self);
GtkLabel       *_ta_composer_get_send_error        (TaComposer *self);
GtkDropDown    *_ta_composer_get_mode_dropdown     (TaComposer *self);
GtkDropDown    *_ta_composer_get_charset_dropdown  (TaComposer *self);
GtkDropDown    *_ta_composer_get_ending_dropdown   (TaComposer *self);
GtkDropDown    *_ta_composer_get_checksum_dropdown (TaComposer *self);
GtkLabel       *_ta_composer_get_checksum_preview  (TaComposer *self);
GtkCheckButton *_ta_composer_get_repeat_check      (TaComposer *self);
GtkSpinButton  *_ta_composer_get_repeat_spin       (TaComposer *self);
GtkSpinButton  *_ta_composer_get_times_spin        (TaComposer *self);
GtkLabel       *_ta_composer_get_repeat_count_label (TaComposer *self);
GtkButton      *_ta_composer_get_send_button       (TaComposer *self);
TaQuickPopover *_ta_composer_get_quick_popover     (TaComposer *self);
GtkListBox     *_ta_composer_get_history_list      (TaComposer *self);
GtkProgressBar *_ta_composer_get_file_progress     (TaComposer *self);

G_END_DECLS
