/* ta-codec.h: text <-> bytes for named charsets, hex, and safe display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Automatic" on receive: valid UTF-8 stays UTF-8, anything else is GB18030. */
#define TA_CHARSET_AUTO "auto"

#define TA_CODEC_ERROR (ta_codec_error_quark ())

typedef enum {
  TA_CODEC_ERROR_UNSUPPORTED,
  TA_CODEC_ERROR_UNENCODABLE,
  TA_CODEC_ERROR_BAD_HEX,
} TaCodecError;

typedef struct {
  const char *id;     /* iconv name, or TA_CHARSET_AUTO */
  const char *label;  /* untranslated; translate with _() */
} TaCharsetInfo;

typedef struct _TaDecoder TaDecoder;

GQuark               ta_codec_error_quark       (void);
const TaCharsetInfo *ta_codec_get_charsets      (gboolean      with_auto,
                                                 guint        *n_charsets);
gboolean             ta_codec_is_supported      (const char   *charset);
const char          *ta_codec_default_send_charset (void);
GBytes              *ta_codec_encode            (const char   *charset,
                                                 const char   *text,
                                                 gssize        len,
                                                 GError      **error);
char                *ta_codec_decode            (const char   *charset,
                                                 const guint8 *data,
                                                 gsize         len);

TaDecoder           *ta_decoder_new             (const char   *charset);
void                 ta_decoder_free            (TaDecoder    *decoder);
const char          *ta_decoder_get_charset     (TaDecoder    *decoder);
void                 ta_decoder_decode          (TaDecoder    *decoder,
                                                 const guint8 *data,
                                                 gsize         len,
                                                 gboolean      flush,
                                                 GString      *out);
gsize                ta_decoder_get_pending     (TaDecoder    *decoder);

GBytes              *ta_hex_parse               (const char   *text,
                                                 GError      **error);
char                *ta_hex_format              (const guint8 *data,
                                                 gsize         len);
void                 ta_hex_dump                (const guint8 *data,
                                                 gsize         len,
                                                 GString      *out);

void                 ta_display_escape          (const char   *utf8,
                                                 gssize        len,
                                                 GString      *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaDecoder, ta_decoder_free)

G_END_DECLS
