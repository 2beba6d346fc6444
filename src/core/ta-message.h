/* ta-message.h: the bytes of a message typed in the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-checksum.h"
#include "ta-core-enums.h"  /* TA_TYPE_* GTypes of the enums below */

G_BEGIN_DECLS

/**
 * TaMessageMode:
 * @TA_MESSAGE_MODE_TEXT: the text is encoded in the message's charset
 * @TA_MESSAGE_MODE_HEX: the text is hex digits ("01 03 00 0A"), see
 *   ta_hex_parse()
 *
 * Nicks (files, settings): "text", "hex".
 */
typedef enum {
  TA_MESSAGE_MODE_TEXT,
  TA_MESSAGE_MODE_HEX,
} TaMessageMode;

/**
 * TaLineEnding:
 * @TA_LINE_ENDING_NONE: nothing appended
 * @TA_LINE_ENDING_LF: `0A` (\n)
 * @TA_LINE_ENDING_CR: `0D` (\r)
 * @TA_LINE_ENDING_CRLF: `0D 0A` (\r\n)
 *
 * Nicks (files, settings): "none", "lf", "cr", "crlf".
 */
typedef enum {
  TA_LINE_ENDING_NONE,
  TA_LINE_ENDING_LF,
  TA_LINE_ENDING_CR,
  TA_LINE_ENDING_CRLF,
} TaLineEnding;

#define TA_LINE_ENDING_N_TYPES (TA_LINE_ENDING_CRLF + 1)

#define TA_MESSAGE_ERROR (ta_message_error_quark ())

/**
 * TaMessageError:
 * @TA_MESSAGE_ERROR_EMPTY: nothing to send (no bytes, no line ending)
 * @TA_MESSAGE_ERROR_CHECKSUM_EMPTY: a checksum was asked for over no bytes
 * @TA_MESSAGE_ERROR_NOT_TEXT: hex → text: the bytes are not text in the
 *   charset (invalid or incomplete sequence, or a control character a
 *   text box cannot hold); the message says which byte and why
 *
 * Errors of the parts the codec does keep their #TA_CODEC_ERROR domain:
 * %TA_CODEC_ERROR_BAD_HEX (with the position), %TA_CODEC_ERROR_UNENCODABLE
 * (naming the character), %TA_CODEC_ERROR_UNSUPPORTED.
 */
typedef enum {
  TA_MESSAGE_ERROR_EMPTY,
  TA_MESSAGE_ERROR_CHECKSUM_EMPTY,
  TA_MESSAGE_ERROR_NOT_TEXT,
} TaMessageError;

GQuark      ta_message_error_quark        (void);

const char *ta_line_ending_get_label      (TaLineEnding   ending);
const char *ta_line_ending_get_bytes      (TaLineEnding   ending);
const char *ta_message_mode_get_label     (TaMessageMode  mode);
const char *ta_message_find_charset       (const char    *name);
char       *ta_message_list_charsets      (void);

GBytes     *ta_message_build              (const char    *text,
                                           TaMessageMode  mode,
                                           const char    *charset,
                                           TaLineEnding   ending,
                                           TaChecksum     checksum,
                                           GError       **error);
char       *ta_message_checksum_preview   (const char    *text,
                                           TaMessageMode  mode,
                                           const char    *charset,
                                           TaChecksum     checksum,
                                           GError       **error);
char       *ta_message_text_to_hex        (const char    *text,
                                           const char    *charset,
                                           GError       **error);
char       *ta_message_hex_to_text        (const char    *hex,
                                           const char    *charset,
                                           GError       **error);
char       *ta_message_bytes_to_text      (const guint8  *data,
                                           gsize          len,
                                           const char    *charset,
                                           GError       **error);

G_END_DECLS
