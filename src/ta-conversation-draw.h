/* ta-conversation-draw.h: how one step of a conversation is drawn (cairo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>
#include <pango/pango.h>

#include "ta-conversation.h"

G_BEGIN_DECLS

typedef struct {
  GdkRGBA fg;
  GdkRGBA incoming;
  GdkRGBA outgoing;
  GdkRGBA error;
  GdkRGBA background;  /* only drawn by the export */
} TaConversationColors;

typedef enum {
  TA_PICTURE_SVG,
  TA_PICTURE_PNG,
} TaPictureFormat;

/* Steps past these are left out of a picture, and it says how many. */
#define TA_PICTURE_MAX_STEPS_SVG 5000
#define TA_PICTURE_MAX_STEPS_PNG 600
/* A report's picture: cairo writes each glyph as an SVG element (~3.3 KB
 * a step, 4.4 KB in base64), so 5,000 steps would be over 20 MB. */
#define TA_PICTURE_MAX_STEPS_REPORT 1000

int       ta_conversation_step_height (PangoLayout                *layout,
                                       TaStepKind                  kind);
void      ta_conversation_draw_step   (cairo_t                    *cr,
                                       PangoLayout                *layout,
                                       TaConversationStep         *step,
                                       TaLogRole                   role,
                                       int                         width,
                                       int                         height,
                                       const TaConversationColors *colors);
void      ta_conversation_draw_header (cairo_t                    *cr,
                                       PangoLayout                *layout,
                                       TaConversation             *conversation,
                                       TaLogRole                   role,
                                       int                         width,
                                       const TaConversationColors *colors);
int       ta_conversation_header_height (PangoLayout              *layout);
GBytes   *ta_conversation_to_svg      (TaConversation             *conversation,
                                       TaLogRole                   role,
                                       guint                       max_steps);
gboolean  ta_conversation_export      (TaConversation             *conversation,
                                       TaLogRole                   role,
                                       TaPictureFormat             format,
                                       const char                 *path,
                                       GError                    **error);

G_END_DECLS
