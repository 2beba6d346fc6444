/* ta-framer.h: received bytes -> messages, the way the protocol frames them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  TA_FRAME_CHUNK,      /* one message per read, as received (default) */
  TA_FRAME_LINE,       /* ends at a line end; the line end is not part of it */
  TA_FRAME_DELIMITER,  /* ends at given bytes; they are not part of it */
  TA_FRAME_FIXED,      /* every N bytes */
  TA_FRAME_PREFIX,     /* a 1, 2 or 4 byte length, then that many bytes */
  TA_FRAME_IDLE,       /* ends when nothing came for N ms */
} TaFrameMode;

typedef enum {
  TA_LINE_ANY,   /* LF, with a CR before it dropped */
  TA_LINE_LF,
  TA_LINE_CRLF,
} TaLineEnd;

typedef enum {
  TA_FRAME_FLAG_NONE       = 0,
  TA_FRAME_FLAG_CUT        = 1 << 0, /* longer than the limit: cut there */
  TA_FRAME_FLAG_INCOMPLETE = 1 << 1, /* the connection ended before its end */
} TaFrameFlags;

#define TA_FRAME_MAX_DELIMITER 16
#define TA_FRAME_DEFAULT_MAX (1024 * 1024)
#define TA_FRAME_PENDING_NOTICE_MS 1000

typedef struct {
  TaFrameMode mode;
  TaLineEnd   line_end;
  guint8      delimiter[TA_FRAME_MAX_DELIMITER];
  guint       delimiter_len;
  gsize       length;       /* TA_FRAME_FIXED */
  guint       prefix_size;  /* 1, 2 or 4 */
  gboolean    prefix_le;
  guint       idle_ms;
  gsize       max_frame;    /* 0: TA_FRAME_DEFAULT_MAX */
} TaFrameSpec;

#define TA_FRAME_ERROR (ta_frame_error_quark ())

typedef enum {
  TA_FRAME_ERROR_INVALID,
} TaFrameError;

/**
 * TaFramerFunc:
 * @data: the message (without its delimiter or length prefix)
 * @pieces: how many reads it arrived in (1: one read)
 * @flags: #TaFrameFlags
 *
 * Called for each message; @data is valid during the call only.
 */
typedef void (*TaFramerFunc) (const guint8 *data,
                              gsize         len,
                              guint         pieces,
                              TaFrameFlags  flags,
                              gpointer      user_data);

/**
 * TaFramerPendingFunc:
 * @pending: bytes of a message whose end has not come for a second
 */
typedef void (*TaFramerPendingFunc) (gsize    pending,
                                     gpointer user_data);

typedef struct _TaFramer TaFramer;

GQuark      ta_frame_error_quark   (void);
void        ta_frame_spec_init     (TaFrameSpec       *spec);
gboolean    ta_frame_spec_parse    (TaFrameSpec       *spec,
                                    const char        *text,
                                    GError           **error);
char       *ta_frame_spec_to_string (const TaFrameSpec *spec);
gboolean    ta_frame_spec_equal    (const TaFrameSpec *a,
                                    const TaFrameSpec *b);

TaFramer   *ta_framer_new          (const TaFrameSpec   *spec,
                                    TaFramerFunc         func,
                                    TaFramerPendingFunc  pending_func,
                                    gpointer             user_data);
void        ta_framer_free         (TaFramer          *framer);
const TaFrameSpec *ta_framer_get_spec (TaFramer       *framer);
void        ta_framer_feed         (TaFramer          *framer,
                                    const guint8      *data,
                                    gsize              len);
void        ta_framer_finish       (TaFramer          *framer);
void        ta_framer_flush        (TaFramer          *framer,
                                    gboolean           ended);
void        ta_framer_stop         (TaFramer          *framer);
gsize       ta_framer_get_pending  (TaFramer          *framer);
char       *ta_frame_describe      (guint              pieces,
                                    TaFrameFlags       flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaFramer, ta_framer_free)

G_END_DECLS
