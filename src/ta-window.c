/* ta-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Besides holding the two pages, the window owns what spans them: the
 * width breakpoint (AdwSqueezer "width_probe": below its width the pages'
 * rows marked "adaptive-row" stack their halves vertically), status labels
 * that carry their whole text in a tooltip, toasts kept above the send bar,
 * and the keyboard shortcuts that act on the visible page. Folded (narrow,
 * or less than FOLD_HEIGHT high) it moves rarely changed controls of both
 * pages into their ⚙ popovers and compacts the log's toolbar, so the log
 * keeps at least a quarter of the height.
 *
 * One file of ~750 lines: breakpoint, folds and shortcuts all reach into
 * both pages' widgets at once; the folds (Fold, set_folded and their
 * helpers) are what moves into a file of their own next.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-client-page-private.h"
#include "ta-composer-private.h"
#include "ta-log-switcher.h"
#include "ta-server-page-private.h"
#include "ta-settings.h"
#include "ta-ui-util.h"
#include "ta-window.h"

struct _TaWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwViewStack *stack;
  AdwHeaderBar *header_bar;
  AdwSqueezer *width_probe;
  GtkWidget *wide_probe;
  GtkWidget *switcher_bar;
  GtkCssProvider *toast_css;   /* keeps toasts above the send bar */
  int toast_margin;
  guint probe_idle;
  int narrow;                  /* -1 before the first set_narrow () */
  int folded;                  /* -1 before the first set_folded () */
  GtkWidget *scope_button;
  char *scope_tooltip;
  TaServerPage *server_page;
  TaClientPage *client_page;
  GArray *folds;               /* Fold: what moves when narrow */

  GSettings *settings;
};

/* A widget that sits elsewhere when the window is narrow: in its wide
 * place it follows wide_prev (NULL: first) in wide_parent; narrow, it
 * follows narrow_prev in narrow_parent. Both parents are GtkBoxes. */
typedef struct
{
  GtkWidget *widget;
  GtkWidget *wide_parent;
  GtkWidget *wide_prev;
  GtkWidget *narrow_parent;
  GtkWidget *narrow_prev;
} Fold;

G_DEFINE_FINAL_TYPE (TaWindow, ta_window, ADW_TYPE_APPLICATION_WINDOW)

static TaLogView *visible_log_view (TaWindow *self);
static GtkWidget *log_child (TaLogView *view, const char *name);
static TaComposer *visible_composer (TaWindow *self);

/* Toasts sit at the bottom of the overlay, which covers the whole window:
 * a bottom margin as tall as the visible page's send bar (composer) keeps
 * them above it. Updated when a toast comes, when the page or the size
 * changes; a display-wide provider scoped to this window's CSS class. */
static void
update_toast_margin (TaWindow *self)
{
  GtkWidget *composer = GTK_WIDGET (visible_composer (self));
  graphene_rect_t r;
  int margin = 24;
  g_autofree char *css = NULL;

  if (composer && gtk_widget_compute_bounds (composer, GTK_WIDGET (self->toast_overlay), &r))
    margin = MAX (24, gtk_widget_get_height (GTK_WIDGET (self->toast_overlay)) - (int) r.origin.y + 6);
  if (margin == self->toast_margin)
    return;
  self->toast_margin = margin;
  css = g_strdup_printf ("window.ta-main toast { margin-bottom: %dpx; }", margin);
  gtk_css_provider_load_from_data (self->toast_css, css, -1);
}

void
ta_window_add_toast (TaWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (TA_IS_WINDOW (self));

  {
    /* A toast's title is markup in libadwaita 1.2: messages name files,
     * hosts and what the user typed, which may contain "<" or "&". */
    g_autofree char *escaped = g_markup_escape_text (message, -1);

    toast = adw_toast_new (escaped);
  }
  adw_toast_set_timeout (toast, 5);
  update_toast_margin (self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ta_window_add_toast (TA_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ta_window_show_page (TA_WINDOW (widget), g_variant_get_string (param, NULL));
}

void
ta_window_show_page (TaWindow   *self,
                     const char *name)
{
  g_return_if_fail (TA_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name))
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static gboolean
server_visible (TaWindow *self)
{
  return adw_view_stack_get_visible_child (self->stack) == GTK_WIDGET (self->server_page);
}

static TaLogView *
visible_log_view (TaWindow *self)
{
  return server_visible (self) ? _ta_server_page_get_log_view (self->server_page)
                               : _ta_client_page_get_log_view (self->client_page);
}

static TaComposer *
visible_composer (TaWindow *self)
{
  return server_visible (self) ? _ta_server_page_get_composer (self->server_page)
                               : _ta_client_page_get_composer (self->client_page);
}

/* Shortcuts: each acts on the visible page, through the action the page,
 * its log view or its composer already has (the same as its button). */

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaWindow *self = TA_WINDOW (widget);

  if (server_visible (self))
    gtk_widget_activate_action (GTK_WIDGET (self->server_page), "server.toggle", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->client_page), "client.toggle", NULL);
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  TaWindow *self = TA_WINDOW (widget);

  /* "win.log" with "save", "record", "pause", "clear", "jump" → "log.save"… */
  g_autofree char *name = g_strconcat ("log.", g_variant_get_string (param, NULL), NULL);

  gtk_widget_activate_action (GTK_WIDGET (visible_log_view (self)), name, NULL);
}

static void
focus_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TaWindow *self = TA_WINDOW (widget);
  TaLogView *view = visible_log_view (self);

  if (self->folded == TRUE)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (log_child (view, "filter_toggle")), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (_ta_log_view_get_search_entry (view)));
}

static void
focus_message_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TaWindow *self = TA_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (_ta_composer_get_message_view (visible_composer (self))));
}

/* The breakpoint: below the probe's width, the two halves of each
 * "adaptive-row" stack. Driven by a squeezer whose minimum width is 0, so
 * the rows' wide form never holds the window wider than it was asked to
 * be: the window shrinks, the probe switches, the rows stack. */
static void
set_rows_orientation (GtkWidget      *widget,
                      GtkOrientation  orientation)
{
  if (GTK_IS_BOX (widget) && gtk_widget_has_css_class (widget, "adaptive-row"))
    gtk_orientable_set_orientation (GTK_ORIENTABLE (widget), orientation);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    set_rows_orientation (c, orientation);
}

static void
add_fold (TaWindow  *self,
          GtkWidget *widget,
          GtkWidget *narrow_parent,
          GtkWidget *narrow_prev)
{
  Fold fold = { widget, gtk_widget_get_parent (widget), gtk_widget_get_prev_sibling (widget),
                narrow_parent, narrow_prev };

  g_assert (GTK_IS_BOX (fold.wide_parent) && GTK_IS_BOX (narrow_parent));
  g_array_append_val (self->folds, fold);
}

/* The folds of one page's composer: narrow, the format and encoding
 * dropdowns go into its ⚙ popover (after them the line ending…), the
 * page's "start" children (the Server page's target) into the row of the
 * ⚙ button, and that row above the message box. */
static void
add_composer_folds (TaWindow   *self,
                    TaComposer *composer)
{
  GtkWidget *c = GTK_WIDGET (composer);
  GtkWidget *mode = GTK_WIDGET (_ta_composer_get_mode_dropdown (composer));
  GtkWidget *charset = GTK_WIDGET (_ta_composer_get_charset_dropdown (composer));
  GtkWidget *more = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "more_box"));
  GtkWidget *options = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "options_box"));
  GtkWidget *start = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "start_box"));

  add_fold (self, mode, more, NULL);
  add_fold (self, charset, more, mode);
  add_fold (self, start, options, NULL);
}

static void
move_into (GtkWidget *widget,
           GtkWidget *parent,
           GtkWidget *prev)
{
  if (gtk_widget_get_parent (widget) == parent && gtk_widget_get_prev_sibling (widget) == prev)
    return;
  g_object_ref (widget);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (widget)), widget);
  gtk_box_insert_child_after (GTK_BOX (parent), widget, prev);
  g_object_unref (widget);
}

/* The composer's options row above the message box when narrow (it then
 * holds the target and the ⚙ button), below it when wide. */
static void
place_options_row (TaComposer *composer,
                   gboolean    narrow)
{
  GtkWidget *c = GTK_WIDGET (composer);
  GtkWidget *options = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "options_box"));
  GtkWidget *message_row = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "message_row"));
  GtkWidget *message_area = gtk_widget_get_parent (message_row);

  if (narrow)
    gtk_widget_insert_before (options, c, message_area);
  else
    gtk_widget_insert_after (options, c, message_area);
}

/* Widgets marked "wide-only" are hidden when narrow (the Client page's
 * traffic graph: its counters stay as text). Folded, labels marked
 * "one-line-when-folded" keep one line (their whole text is their
 * tooltip) and log switchers go compact. */
static void
set_fold_widgets (GtkWidget *widget,
                  gboolean   narrow,
                  gboolean   folded)
{
  if (gtk_widget_has_css_class (widget, "wide-only"))
    gtk_widget_set_visible (widget, !narrow);
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "one-line-when-folded"))
    gtk_label_set_lines (GTK_LABEL (widget), folded ? 1 : 2);
  if (TA_IS_LOG_SWITCHER (widget))
    ta_log_switcher_set_narrow (TA_LOG_SWITCHER (widget), folded);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    set_fold_widgets (c, narrow, folded);
}

static void fold_filter_row (TaWindow *self, TaLogView *view);
static void on_filter_toggled (TaWindow *self, GtkToggleButton *toggle);

/* Folded (narrow, or less than FOLD_HEIGHT high): rarely changed settings
 * go into popovers, the log's filter row behind a toggle and its switcher
 * into its toolbar, so the log keeps the height. */
#define FOLD_HEIGHT 600

static void
set_folded (TaWindow *self,
            gboolean  folded)
{
  if (self->folded == folded)
    return;
  self->folded = folded;

  /* Wide: in list order (a wide_prev is back before what follows it);
   * folded: the same order, each after its narrow_prev. */
  for (guint i = 0; i < self->folds->len; i++)
    {
      Fold *f = &g_array_index (self->folds, Fold, i);

      if (folded)
        move_into (f->widget, f->narrow_parent, f->narrow_prev);
      else
        move_into (f->widget, f->wide_parent, f->wide_prev);
    }
  place_options_row (_ta_server_page_get_composer (self->server_page), folded);
  place_options_row (_ta_client_page_get_composer (self->client_page), folded);
  /* The port's ⚙ then also holds TLS: its tooltip and its accessible
   * name say so */
  gtk_widget_set_tooltip_text (self->scope_button, folded ? _("Who may connect, and TLS") : self->scope_tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  folded ? _("Who may connect, and TLS") : _("Accept connections from"), -1);
  set_fold_widgets (GTK_WIDGET (self->stack), self->narrow == TRUE, folded);
  fold_filter_row (self, _ta_server_page_get_log_view (self->server_page));
  fold_filter_row (self, _ta_client_page_get_log_view (self->client_page));
  if (folded)
    gtk_widget_add_css_class (GTK_WIDGET (self), "folded");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "folded");
}

/* The log toolbar when folded: its filter half (search, kinds) takes a
 * row only while its toggle is on (Ctrl+F turns it on); turned off, the
 * search text is cleared, as a search bar does. */
static GtkWidget *
log_child (TaLogView  *view,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), TA_TYPE_LOG_VIEW, name));
}

static void
fold_filter_row (TaWindow  *self,
                 TaLogView *view)
{
  GtkToggleButton *toggle = GTK_TOGGLE_BUTTON (log_child (view, "filter_toggle"));
  GtkEditable *search = GTK_EDITABLE (_ta_log_view_get_search_entry (view));

  /* (a filter in use stays shown; a resize does not move the focus) */
  if (self->folded == TRUE && *gtk_editable_get_text (search) && !gtk_toggle_button_get_active (toggle))
    {
      g_signal_handlers_block_by_func (toggle, on_filter_toggled, self);
      gtk_toggle_button_set_active (toggle, TRUE);
      g_signal_handlers_unblock_by_func (toggle, on_filter_toggled, self);
    }
  gtk_widget_set_visible (GTK_WIDGET (toggle), self->folded == TRUE);
  gtk_widget_set_visible (log_child (view, "filter_row"),
                          self->folded != TRUE || gtk_toggle_button_get_active (toggle));
}

static void
on_filter_toggled (TaWindow        *self,
                   GtkToggleButton *toggle)
{
  TaLogView *view = TA_LOG_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (toggle), TA_TYPE_LOG_VIEW));
  GtkWidget *search = GTK_WIDGET (_ta_log_view_get_search_entry (view));

  if (self->folded != TRUE)
    return;
  fold_filter_row (self, view);
  if (gtk_toggle_button_get_active (toggle))
    gtk_widget_grab_focus (search);
  else
    gtk_editable_set_text (GTK_EDITABLE (search), "");
}

static void
set_narrow (TaWindow *self,
            gboolean  narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  set_fold_widgets (GTK_WIDGET (self->stack), narrow, self->folded == TRUE);

  set_rows_orientation (GTK_WIDGET (self->stack),
                        narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Strict centering reserves the wider side twice; narrow, the switcher
   * is in the bottom bar and the title may sit off-centre. */
  adw_header_bar_set_centering_policy (self->header_bar, narrow ? ADW_CENTERING_POLICY_LOOSE
                                                                : ADW_CENTERING_POLICY_STRICT);
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
}

#define FLAP_WIDTH 720

static gboolean
apply_width_probe (gpointer data)
{
  TaWindow *self = data;

  gboolean narrow = adw_squeezer_get_visible_child (self->width_probe) != self->wide_probe;
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  self->probe_idle = 0;
  /* The clients list beside the log only from FLAP_WIDTH up: below it
   * the log would be left less than about 480 px (AdwFlap alone folds
   * only when the minimum widths do not fit, and folded the log's toolbar
   * is compact enough to fit beside the list at 600 px). */
  adw_flap_set_fold_policy (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (self->server_page),
                                                                     TA_TYPE_SERVER_PAGE, "flap")),
                            gtk_widget_get_width (GTK_WIDGET (self)) < FLAP_WIDTH
                            ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_AUTO);
  set_narrow (self, narrow);
  set_folded (self, narrow || (height > 0 && height < FOLD_HEIGHT));
  return G_SOURCE_REMOVE;
}

/* The squeezer tells during the window's size allocation; changing rows
 * then would leave widgets unallocated in the frame being drawn. */
static void
on_width_probe_changed (TaWindow *self)
{
  if (self->probe_idle == 0)
    self->probe_idle = g_idle_add (apply_width_probe, self);
}

/* A status label ellipsizes rather than widen the window; its whole text
 * is its tooltip. */
static void
on_status_label_changed (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text && *text ? text : NULL);
}

static void
watch_status_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && (gtk_widget_has_css_class (widget, "status-label") ||
                                 gtk_widget_has_css_class (widget, "full-text-tooltip")))
    {
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_status_label_changed), NULL);
      on_status_label_changed (GTK_LABEL (widget));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    watch_status_labels (c);
}

static void
on_visible_page_changed (TaWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  update_toast_margin (self);

  if (name)
    g_settings_set_string (self->settings, "last-page", name);
}

static gboolean
ta_window_close_request (GtkWindow *window)
{
  TaWindow *self = TA_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (ta_window_parent_class)->close_request (window);
}

/* Accessibility pass over the whole window, for what GTK 4.8 leaves
 * unnamed: a GtkDropDown's inner toggle button (the part that takes focus)
 * is named after the dropdown, and a button whose content is a box (icon,
 * spinner, label) is named by the label inside. Without this, screen
 * readers say "GtkToggleButton" or "GtkButton". */
static GtkWidget *
find_first_label (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c))
        return c;
      if ((found = find_first_label (c)))
        return found;
    }
  return NULL;
}

/* A dropdown's tooltip would stay over its open list of choices: off
 * while the list is shown. */
static void
on_dropdown_popover_visible (GtkWidget *popover,
                             GParamSpec *pspec,
                             GtkWidget *dropdown)
{
  gtk_widget_set_has_tooltip (dropdown, !gtk_widget_get_visible (popover));
}

static void
name_unnamed_controls (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_TOGGLE_BUTTON (c))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (c),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL,
                                          -1);
        else if (GTK_IS_POPOVER (c) && gtk_widget_get_has_tooltip (widget))
          g_signal_connect_object (c, "notify::visible", G_CALLBACK (on_dropdown_popover_visible),
                                   widget, 0);
    }
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_TOGGLE_BUTTON (widget) &&
           gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
           gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL)
    {
      GtkWidget *label = find_first_label (widget);

      if (label)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                        -1);
    }

  ta_accessible_name_from_label (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    name_unnamed_controls (c);
}

static void
ta_window_dispose (GObject *object)
{
  TaWindow *self = TA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folds, g_array_unref);
  g_clear_pointer (&self->scope_tooltip, g_free);
  g_clear_handle_id (&self->probe_idle, g_source_remove);
  if (self->toast_css)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->toast_css));
      g_clear_object (&self->toast_css);
    }

  G_OBJECT_CLASS (ta_window_parent_class)->dispose (object);
}

static void
ta_window_class_init (TaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ta_window_dispose;
  window_class->close_request = ta_window_close_request;

  g_type_ensure (TA_TYPE_SERVER_PAGE);
  g_type_ensure (TA_TYPE_CLIENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, server_page);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, client_page);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, width_probe);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, wide_probe);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, switcher_bar);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "server");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "client");

  /* Listed in help-overlay.ui; keep the two in step. */
  gtk_widget_class_install_action (widget_class, "win.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "win.log", "s", log_action);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, focus_filter_action);
  gtk_widget_class_install_action (widget_class, "win.focus-message", NULL, focus_message_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.focus-message", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.log", "s", "save");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.log", "s", "record");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.log", "s", "pause");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.log", "s", "clear");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "win.log", "s", "jump");
}

static void
ta_window_init (TaWindow *self)
{
  g_autofree char *page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_object_ref (ta_settings_get ());
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The number of connected clients as a badge on the Server page's tab. */
  g_object_bind_property (ta_server_page_get_server (self->server_page), "n-clients",
                          adw_view_stack_get_page (self->stack, GTK_WIDGET (self->server_page)),
                          "badge-number", G_BINDING_SYNC_CREATE);

  name_unnamed_controls (GTK_WIDGET (self));
  watch_status_labels (GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "ta-main");
  self->toast_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->toast_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_signal_connect_swapped (self->width_probe, "notify::visible-child",
                            G_CALLBACK (on_width_probe_changed), self);
  /* What moves when narrow. The Server page's TLS row goes into the
   * popover of its port's ⚙ button (after who may connect). */
  self->folds = g_array_new (FALSE, FALSE, sizeof (Fold));
  {
    GtkWidget *sp = GTK_WIDGET (self->server_page);
    GtkWidget *scope = GTK_WIDGET (gtk_widget_get_template_child (sp, TA_TYPE_SERVER_PAGE, "scope_box"));

    add_fold (self, GTK_WIDGET (gtk_widget_get_template_child (sp, TA_TYPE_SERVER_PAGE, "tls_row")),
              scope, gtk_widget_get_last_child (scope));
    self->scope_button = gtk_widget_get_ancestor (scope, GTK_TYPE_MENU_BUTTON);
    self->scope_tooltip = g_strdup (gtk_widget_get_tooltip_text (self->scope_button));
  }
  /* The Client page's TLS check goes first into its connection ⚙ */
  {
    GtkWidget *cp = GTK_WIDGET (self->client_page);

    GtkWidget *auto_check = GTK_WIDGET (gtk_widget_get_template_child (cp, TA_TYPE_CLIENT_PAGE, "auto_check"));

    add_fold (self, GTK_WIDGET (_ta_client_page_get_tls_check (self->client_page)),
              gtk_widget_get_parent (auto_check), NULL);
  }
  add_composer_folds (self, _ta_server_page_get_composer (self->server_page));
  add_composer_folds (self, _ta_client_page_get_composer (self->client_page));
  /* The Client page's composer has no "start" child: folded, its options
   * row would hold only the ⚙ (40 px the log needs), so the ⚙ goes to the
   * end of the counters row just above it */
  {
    GtkWidget *c = GTK_WIDGET (_ta_client_page_get_composer (self->client_page));
    GtkWidget *more = GTK_WIDGET (gtk_widget_get_template_child (c, TA_TYPE_COMPOSER, "more_box"));
    GtkWidget *counters = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self->client_page),
                                                                     TA_TYPE_CLIENT_PAGE, "counters_box"));

    add_fold (self, gtk_widget_get_ancestor (more, GTK_TYPE_MENU_BUTTON), counters,
              gtk_widget_get_last_child (counters));
  }
  g_signal_connect_object (log_child (_ta_server_page_get_log_view (self->server_page), "filter_toggle"),
                           "toggled", G_CALLBACK (on_filter_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (log_child (_ta_client_page_get_log_view (self->client_page), "filter_toggle"),
                           "toggled", G_CALLBACK (on_filter_toggled), self, G_CONNECT_SWAPPED);

  /* Narrow until the first allocation says otherwise: started wide, the
   * rows would hold a small saved size wider than it was. */
  self->narrow = self->folded = -1;
  set_narrow (self, TRUE);
  set_folded (self, TRUE);
  /* The squeezer shows its wide child from the start, so no
   * notify::visible-child comes when the first allocation is wide: look
   * once mapped, and whenever the size changes. */
  g_signal_connect_after (self, "map", G_CALLBACK (on_width_probe_changed), NULL);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (on_width_probe_changed), NULL);
  g_signal_connect (self, "notify::default-height", G_CALLBACK (on_width_probe_changed), NULL);
  g_signal_connect (self, "notify::maximized", G_CALLBACK (on_width_probe_changed), NULL);
  g_signal_connect_swapped (self, "notify::default-width", G_CALLBACK (update_toast_margin), self);
  g_signal_connect_swapped (self, "notify::default-height", G_CALLBACK (update_toast_margin), self);

  page = g_settings_get_string (self->settings, "last-page");
  ta_window_show_page (self, page);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_page_changed), self);
}

TaWindow *
ta_window_new (GtkApplication *application)
{
  return g_object_new (TA_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ta_window_get_server_page:
 *
 * Returns: (transfer none): the Server page
 */
TaServerPage *
ta_window_get_server_page (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);
  return self->server_page;
}

/**
 * ta_window_get_client_page:
 *
 * Returns: (transfer none): the Client page
 */
TaClientPage *
ta_window_get_client_page (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);
  return self->client_page;
}
