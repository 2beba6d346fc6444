/* ta-conversation-row.c
 *
 * A row of the conversation view's GtkListView: draws its step with
 * ta_conversation_draw_step() in the theme's colours, and names it for
 * screen readers ("12:03:44.120, client to server, 5 bytes: hello"). Only
 * the visible rows exist, so a flood costs what the screen shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ta-conversation-draw.h"
#include "ta-conversation-row.h"

struct _TaConversationRow
{
  GtkWidget           parent_instance;

  TaConversationStep *step;
  char               *label;   /* the accessible name */
  TaLogRole           role;
};

G_DEFINE_FINAL_TYPE (TaConversationRow, ta_conversation_row, GTK_TYPE_WIDGET)

static void
ta_conversation_row_dispose (GObject *object)
{
  TaConversationRow *self = TA_CONVERSATION_ROW (object);

  g_clear_object (&self->step);
  g_clear_pointer (&self->label, g_free);
  G_OBJECT_CLASS (ta_conversation_row_parent_class)->dispose (object);
}

static void
ta_conversation_row_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  TaConversationRow *self = TA_CONVERSATION_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      /* Measured once per font, not per row: rows are measured often
       * while a flood scrolls them. */
      static char *cached_font;
      static int heights[TA_STEP_GAP + 1];
      PangoContext *context = gtk_widget_get_pango_context (widget);
      g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
      TaStepKind kind = self->step ? ta_conversation_step_get_kind (self->step) : TA_STEP_MESSAGE;

      if (g_strcmp0 (font, cached_font) != 0)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);

          for (int k = 0; k <= TA_STEP_GAP; k++)
            heights[k] = ta_conversation_step_height (layout, k);
          g_free (cached_font);
          cached_font = g_steal_pointer (&font);
        }
      *minimum = *natural = heights[kind];
    }
}

static void
lookup (GtkStyleContext *context,
        const char      *name,
        const GdkRGBA   *fallback,
        GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    *out = *fallback;
}

static void
ta_conversation_row_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  TaConversationRow *self = TA_CONVERSATION_ROW (widget);
  static const GdkRGBA blue = { 0.11, 0.44, 0.85, 1 }, green = { 0.15, 0.56, 0.28, 1 },
                       red = { 0.75, 0.11, 0.16, 1 };
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  TaConversationColors colors;
  g_autoptr(PangoLayout) layout = NULL;
  cairo_t *cr;

  if (self->step == NULL || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (context, &colors.fg);
  lookup (context, "accent_color", &blue, &colors.incoming);
  lookup (context, "success_color", &green, &colors.outgoing);
  lookup (context, "error_color", &red, &colors.error);
  colors.background = (GdkRGBA) { 0, 0, 0, 0 };

  layout = gtk_widget_create_pango_layout (widget, NULL);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ta_conversation_draw_step (cr, layout, self->step, self->role, width, height, &colors);
  cairo_destroy (cr);
}

static void
ta_conversation_row_class_init (TaConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_conversation_row_dispose;
  widget_class->measure = ta_conversation_row_measure;
  widget_class->snapshot = ta_conversation_row_snapshot;
  gtk_widget_class_set_css_name (widget_class, "taconversationrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
ta_conversation_row_init (TaConversationRow *self)
{
}

GtkWidget *
ta_conversation_row_new (TaLogRole role)
{
  TaConversationRow *self = g_object_new (TA_TYPE_CONVERSATION_ROW, NULL);

  self->role = role;
  return GTK_WIDGET (self);
}

/**
 * ta_conversation_row_get_step:
 *
 * Returns: (transfer none) (nullable): the step shown
 */
TaConversationStep *
ta_conversation_row_get_step (TaConversationRow *self)
{
  return self->step;
}

/**
 * ta_conversation_row_get_label:
 *
 * Returns: (nullable): the row's accessible name
 */
const char *
ta_conversation_row_get_label (TaConversationRow *self)
{
  return self->label;
}

void
ta_conversation_row_set_step (TaConversationRow  *self,
                              TaConversationStep *step)
{
  int old_kind;

  g_return_if_fail (TA_IS_CONVERSATION_ROW (self));

  old_kind = self->step ? (int) ta_conversation_step_get_kind (self->step) : -1;
  if (!g_set_object (&self->step, step))
    return;

  if (step != NULL)
    {
      g_autofree char *label = ta_conversation_step_describe (step, self->role);

      /* No tooltip: binding is on the flood's path (following the end
       * rebinds every row the list keeps), and a tooltip per row doubled
       * its cost; the arrow shows the same words. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_free (self->label);
      self->label = g_steal_pointer (&label);
    }
  if (old_kind != (step ? (int) ta_conversation_step_get_kind (step) : -1))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
