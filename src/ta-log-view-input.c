/* ta-log-view-input.c: the log view's keyboard, pointer and entry window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The log is one Tab stop (arrows, Page Up/Down, Home/End move inside
 * it); activating a row (Enter, double-click) or asking for its menu
 * (right-click, Menu key, Shift+F10, long-press) opens the whole entry
 * (ta-log-details.c), whose client actions the view passes on as
 * signals the Server page handles.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-log-details.h"
#include "ta-log-view-private.h"

enum {
  SIGNAL_SEND_TO_PEER,
  SIGNAL_DISCONNECT_PEER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean focus_newest (TaLogView *self);

/* Whether the focused row is in the visible part of the log (the list
 * keeps the focus on a row that scrolled away, or on its first row). */
static gboolean
focus_row_visible (TaLogView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scrolled = GTK_WIDGET (self->scrolled_window);
  graphene_rect_t bounds;

  if (focus == NULL || !gtk_widget_compute_bounds (focus, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (scrolled);
}
static gboolean row_position_at (TaLogView *self, double x, double y, guint *position);

/* Keyboard: the log is one Tab stop. GtkListView 4.8 lets Tab walk from
 * row to row (with 100,000 entries the message box was out of reach), so
 * Tab and Shift+Tab inside the list move the focus out of it at once, as
 * if the list were one widget; arrows, Page Up/Down and Home/End keep
 * moving between the rows. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TaLogView             *self)
{
  GtkWidget *list = GTK_WIDGET (self->list_view);
  GtkRoot *root = gtk_widget_get_root (list);
  GtkDirectionType dir;

  if ((self->entered || !focus_row_visible (self)) && self->following &&
      (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up || keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down ||
       keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up))
    {
      self->entered = FALSE;
      /* From the newest row; Down has nowhere further to go. */
      if (focus_newest (self) && (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down))
        return TRUE;
    }
  self->entered = FALSE;
  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    {
      guint position;

      if (row_position_at (self, -1, -1, &position))
        _ta_log_view_show_details (self, position);
      return TRUE;
    }
  if (keyval == GDK_KEY_ISO_Left_Tab)
    dir = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    dir = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else
    return FALSE;
  if (root == NULL)
    return FALSE;

  /* While the list cannot take the focus, the window's focus chain skips
   * it and continues with the widget after (or before) the log. */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), dir);
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

/* Tab into the list focuses the row the list last had (its first row at
 * first), far above the end the user reads: the first arrow key after
 * entering while following the end starts from the newest row instead.
 * (Moving the focus from the "enter" handler is undone by the list's own
 * grab; moving it a moment later raced with a quick Tab.) */
static void
on_list_focus_enter (GtkEventControllerFocus *controller,
                     TaLogView               *self)
{
  self->entered = TRUE;
}

static gboolean
focus_newest (TaLogView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  GtkWidget *row;

  if (n == 0)
    return FALSE;
  /* The list tracks the row whose widget has the focus. */
  row = _ta_log_view_get_row_widget (self, n - 1);
  return row != NULL && gtk_widget_get_parent (row) != NULL &&
         gtk_widget_grab_focus (gtk_widget_get_parent (row));
}

/* Row details: the whole entry in its own window. */


static void
details_action (TaLogEntry        *entry,
                TaLogDetailsAction action,
                gpointer           user_data)
{
  TaLogView *self = user_data;

  switch (action)
    {
    case TA_LOG_DETAILS_SHOW_ONLY:
      gtk_drop_down_set_selected (self->kind_dropdown, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), ta_log_entry_get_peer (entry));
      _ta_log_view_update_filter (self);
      break;
    case TA_LOG_DETAILS_SEND_TO:
      g_signal_emit (self, signals[SIGNAL_SEND_TO_PEER], 0,
                     ta_log_entry_get_conn_id (entry), ta_log_entry_get_peer (entry));
      break;
    case TA_LOG_DETAILS_DISCONNECT:
      g_signal_emit (self, signals[SIGNAL_DISCONNECT_PEER], 0,
                     ta_log_entry_get_conn_id (entry), ta_log_entry_get_peer (entry));
      break;
    default:
      break;
    }
}

/**
 * _ta_log_view_show_details:
 * @position: a position in the shown (filtered) model
 *
 * Opens the window with the whole entry, as activating its row does.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
_ta_log_view_show_details (TaLogView *self,
                           guint      position)
{
  g_autoptr(TaLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (entry == NULL)
    return NULL;
  if (self->details != NULL)
    gtk_window_destroy (self->details);
  self->details = ta_log_details_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, entry,
                                      _ta_log_view_role (self) == TA_LOG_ROLE_SERVER, details_action, self);
  g_object_add_weak_pointer (G_OBJECT (self->details), (gpointer *) &self->details);
  return self->details;
}

GtkWindow *
_ta_log_view_get_details (TaLogView *self)
{
  return self->details;
}

static void
on_row_activated (GtkListView *list,
                  guint        position,
                  TaLogView   *self)
{
  _ta_log_view_show_details (self, position);
}

/* The position of the row under (x, y) of the list, or of the row that
 * has the focus (x < 0). */
static gboolean
row_position_at (TaLogView *self,
                 double     x,
                 double     y,
                 guint     *position)
{
  GtkWidget *list = GTK_WIDGET (self->list_view);
  GtkWidget *w;
  GHashTableIter iter;
  gpointer item;

  if (x < 0)
    {
      GtkRoot *root = gtk_widget_get_root (list);

      w = root ? gtk_root_get_focus (root) : NULL;
    }
  else
    w = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);
  for (; w != NULL && w != list; w = gtk_widget_get_parent (w))
    {
      /* The focus is on the list's own item widget, around our row. */
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (child != NULL && g_object_get_data (G_OBJECT (child), "ta-row") != NULL)
        w = child;
      if (g_object_get_data (G_OBJECT (w), "ta-row") != NULL)
        break;
    }
  if (w == NULL || w == list)
    return FALSE;
  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (gtk_list_item_get_child (item) == w)
      {
        *position = gtk_list_item_get_position (item);
        return *position != GTK_INVALID_LIST_POSITION;
      }
  return FALSE;
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    TaLogView       *self)
{
  guint position;

  if (row_position_at (self, x, y, &position))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      _ta_log_view_show_details (self, position);
    }
}

static void
on_long_press (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               TaLogView           *self)
{
  guint position;

  if (row_position_at (self, x, y, &position))
    _ta_log_view_show_details (self, position);
}

void
_ta_log_view_class_init_input (TaLogViewClass *klass)
{
  /**
   * TaLogView::send-to-peer:
   * @conn_id: the connection of the entry
   * @peer: its address
   *
   * "Send to this client" in an entry's window (Server page).
   */
  signals[SIGNAL_SEND_TO_PEER] =
    g_signal_new ("send-to-peer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * TaLogView::disconnect-peer:
   * @conn_id: the connection of the entry
   * @peer: its address
   *
   * "Disconnect this client" in an entry's window (Server page).
   */
  signals[SIGNAL_DISCONNECT_PEER] =
    g_signal_new ("disconnect-peer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

void
_ta_log_view_init_input (TaLogView *self)
{
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
    keys = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (keys), GDK_BUTTON_SECONDARY);
    g_signal_connect (keys, "pressed", G_CALLBACK (on_secondary_click), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
    keys = GTK_EVENT_CONTROLLER (gtk_gesture_long_press_new ());
    gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (keys), TRUE);
    g_signal_connect (keys, "pressed", G_CALLBACK (on_long_press), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
    g_signal_connect (self->list_view, "activate", G_CALLBACK (on_row_activated), self);
    keys = gtk_event_controller_focus_new ();
    g_signal_connect (keys, "enter", G_CALLBACK (on_list_focus_enter), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  }
}
