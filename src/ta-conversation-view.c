/* ta-conversation-view.c
 *
 * The conversation of one connection as a sequence diagram: this computer
 * on the left, the peer on the right, time flowing down. A GtkListView of
 * TaConversationRow over a TaConversation, so only visible rows exist and
 * a flood costs one model update per log flush. Activating a row (click or
 * Enter) emits ::show-entry for the page to show that entry in the log.
 * "Export Picture…" writes the same drawing as SVG or PNG. While the log's
 * display is paused the store keeps no data, so neither can this view: it
 * says so above the drawing instead of looking as if nothing arrived.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-conversation-row.h"
#include "ta-conversation-view.h"
#include "ta-follow.h"

struct _TaConversationView
{
  GtkWidget          parent_instance;

  GtkWidget         *header;
  GtkLabel          *local_label;
  GtkLabel          *peer_label;
  GtkLabel          *paused_label;
  GtkButton         *export_button;
  GtkNativeDialog   *export_dialog;  /* while open */
  GtkStack          *stack;
  GtkLabel          *placeholder;
  GtkScrolledWindow *scrolled;
  GtkListView       *list_view;

  TaConversation    *conversation;
  TaLogRole          role;
  gboolean           following;
  double             last_upper;
  TaFollow           follow;
  gboolean           anchor_lost;
};

G_DEFINE_FINAL_TYPE (TaConversationView, ta_conversation_view, GTK_TYPE_WIDGET)

enum {
  SHOW_ENTRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_header (TaConversationView *self)
{
  TaConversation *conv = self->conversation;
  const char *local = conv ? ta_conversation_get_local (conv) : NULL;
  const char *peer = conv ? ta_conversation_get_peer (conv) : NULL;
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  left = local ? g_strdup_printf ("%s\n%s", ta_conversation_local_name (self->role), local)
               : g_strdup (ta_conversation_local_name (self->role));
  right = peer ? g_strdup_printf ("%s\n%s", ta_conversation_peer_name (self->role), peer)
               : g_strdup (ta_conversation_peer_name (self->role));
  gtk_label_set_text (self->local_label, left);
  gtk_label_set_text (self->peer_label, right);
}

static void
update_state (TaConversationView *self)
{
  gboolean empty = self->conversation == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.export", !empty);
}

/* The adjustment to its end, as the log view does; but after rows were
 * dropped at the top, GtkListView 4.8 left stale, unmapped rows there (an
 * empty view at the end of a 100,000-message flood), so then once through
 * the list's own action, which moves its anchor to the last row. That
 * action costs some 80 ms with 90,000 rows: not on every follow. */
static void
scroll_to_end (gpointer data)
{
  TaConversationView *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
  guint n = shown != NULL ? g_list_model_get_n_items (shown) : 0;

  /* Only a mapped list with rows can move its anchor: GTK 4.8 warns
   * ("failed to scroll to given position") otherwise, e.g. in the frame
   * where the window goes away. */
  if (self->anchor_lost && n > 0 && gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    {
      self->anchor_lost = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
    }
  else if (n > 0)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static gboolean
is_following (gpointer data)
{
  return ((TaConversationView *) data)->following;
}

/* From a tick callback, at most about 5 times a second, while the user
 * is at the end: TaFollow, shared with the log view. */
static void
follow_soon (TaConversationView *self)
{
  ta_follow_soon (&self->follow);
}

static void
on_items_changed (TaConversationView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  update_state (self);
  if (removed > 0 && position == 0)
    self->anchor_lost = TRUE;
  if (added > 0)
    follow_soon (self);
}

static void
on_adjustment_changed (TaConversationView *self,
                       GtkAdjustment      *adj)
{
  /* last_upper is left to ::value-changed: a value change that comes
   * with a new upper (rows dropped at the top, new rows) is not the user
   * scrolling, even when ::changed came first. */
  if (self->following)
    follow_soon (self);
}

static void
on_adjustment_value_changed (TaConversationView *self,
                             GtkAdjustment      *adj)
{
  double upper = gtk_adjustment_get_upper (adj);

  /* A change of the content's size is not the user scrolling. */
  if (upper != self->last_upper)
    {
      self->last_upper = upper;
      follow_soon (self);
      return;
    }
  self->following = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >= upper - 2;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TaConversationView       *self)
{
  gtk_list_item_set_child (item, ta_conversation_row_new (self->role));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TaConversationView       *self)
{
  ta_conversation_row_set_step (TA_CONVERSATION_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TaConversationView       *self)
{
  ta_conversation_row_set_step (TA_CONVERSATION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_activate (TaConversationView *self,
             guint               position,
             GtkListView        *list_view)
{
  g_autoptr(TaConversationStep) step = NULL;
  TaLogEntry *entry;

  if (self->conversation == NULL)
    return;
  step = g_list_model_get_item (G_LIST_MODEL (self->conversation), position);
  entry = step ? ta_conversation_step_get_entry (step) : NULL;
  if (entry != NULL)
    g_signal_emit (self, signals[SHOW_ENTRY], 0, entry);
}

/* Export Picture… */

static void
export_response_cb (GtkNativeDialog    *native,
                    int                 response,
                    TaConversationView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;

      if (!ta_conversation_view_export (self, file, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      else
        {
          g_autofree char *base = g_file_get_basename (file);
          g_autofree char *display = g_filename_display_name (base);
          /* Translators: %s is a file name */
          g_autofree char *message = g_strdup_printf (_("Picture saved as “%s”."), display);

          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
        }
    }
  if (self->export_dialog == native)
    self->export_dialog = NULL;
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaConversationView *self = TA_CONVERSATION_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) svg = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) png = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("conversation-%s.svg", stamp);
  GtkFileChooserNative *native;

  gtk_file_filter_set_name (svg, _("SVG picture (any size, for documents)"));
  gtk_file_filter_add_suffix (svg, "svg");
  gtk_file_filter_set_name (png, _("PNG picture"));
  gtk_file_filter_add_suffix (png, "png");

  native = gtk_file_chooser_native_new (_("Export Picture"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), svg);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), png);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  self->export_dialog = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * ta_conversation_view_export:
 * @file: where to write; a name ending in .png makes a PNG, anything
 *   else an SVG
 *
 * Returns: %FALSE with a sentence for the user in @error
 */
gboolean
ta_conversation_view_export (TaConversationView  *self,
                             GFile               *file,
                             GError             **error)
{
  g_autofree char *path = NULL;
  TaPictureFormat format = TA_PICTURE_SVG;

  g_return_val_if_fail (TA_IS_CONVERSATION_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The picture can only be saved to a local file."));
      return FALSE;
    }
  if (self->conversation == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is no conversation to export yet."));
      return FALSE;
    }
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    format = TA_PICTURE_PNG;
  return ta_conversation_export (self->conversation, self->role, format, path, error);
}

static void
ta_conversation_view_dispose (GObject *object)
{
  TaConversationView *self = TA_CONVERSATION_VIEW (object);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  ta_follow_clear (&self->follow);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_CONVERSATION_VIEW);
  g_clear_object (&self->conversation);
  G_OBJECT_CLASS (ta_conversation_view_parent_class)->dispose (object);
}

static void
ta_conversation_view_class_init (TaConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_conversation_view_dispose;

  /**
   * TaConversationView::show-entry:
   * @entry: the log entry of the step the user activated
   */
  signals[SHOW_ENTRY] =
    g_signal_new ("show-entry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TA_TYPE_LOG_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcpassistant/TcpAssistant/ta-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, header);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, local_label);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, peer_label);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, paused_label);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, export_button);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, placeholder);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, TaConversationView, list_view);

  gtk_widget_class_install_action (widget_class, "conversation.export", NULL, export_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taconversationview");
}

static void
ta_conversation_view_init (TaConversationView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->following = TRUE;
  ta_follow_init (&self->follow, GTK_WIDGET (self->list_view), self->scrolled, is_following, scroll_to_end, self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_activate), self);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_swapped (vadjustment, "changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect_swapped (vadjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);

  gtk_label_set_text (self->placeholder, _("No connection chosen yet."));
  update_header (self);
  update_state (self);
}

static void
on_store_paused (TaLogStore         *store,
                 GParamSpec         *pspec,
                 TaConversationView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->paused_label), ta_log_store_get_paused (store));
}

/**
 * ta_conversation_view_set_store:
 *
 * Draws connections of @store's log (once, before use).
 */
void
ta_conversation_view_set_store (TaConversationView *self,
                                TaLogStore         *store)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (TA_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (self->conversation == NULL);

  self->role = ta_log_store_get_role (store);
  self->conversation = ta_conversation_new (store);
  g_signal_connect_swapped (self->conversation, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect_swapped (self->conversation, "notify::peer", G_CALLBACK (update_header), self);
  g_signal_connect_object (store, "notify::paused", G_CALLBACK (on_store_paused), self, 0);
  on_store_paused (store, NULL, self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->conversation)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_header (self);
  update_state (self);
}

/**
 * ta_conversation_view_set_conn_id:
 * @conn_id: the connection to draw, 0 for none
 */
void
ta_conversation_view_set_conn_id (TaConversationView *self,
                                  guint               conn_id)
{
  g_return_if_fail (TA_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (self->conversation != NULL);

  if (ta_conversation_get_conn_id (self->conversation) == conn_id)
    return;
  self->following = TRUE;
  ta_conversation_set_conn_id (self->conversation, conn_id);
  update_header (self);
  update_state (self);
}

/**
 * ta_conversation_view_set_placeholder:
 *
 * What the view says while it has nothing to draw.
 */
void
ta_conversation_view_set_placeholder (TaConversationView *self,
                                      const char         *text)
{
  g_return_if_fail (TA_IS_CONVERSATION_VIEW (self));
  gtk_label_set_text (self->placeholder, text);
}

/**
 * ta_conversation_view_get_conversation:
 *
 * Returns: (transfer none) (nullable): the model drawn
 */
TaConversation *
ta_conversation_view_get_conversation (TaConversationView *self)
{
  return self->conversation;
}

GtkListView *_ta_conversation_view_get_list_view (TaConversationView *self) { return self->list_view; }
GtkButton *_ta_conversation_view_get_export_button (TaConversationView *self) { return self->export_button; }
GtkLabel *_ta_conversation_view_get_paused_label (TaConversationView *self) { return self->paused_label; }
GtkNativeDialog *_ta_conversation_view_get_export_dialog (TaConversationView *self) { return self->export_dialog; }
