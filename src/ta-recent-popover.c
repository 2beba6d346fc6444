/* ta-recent-popover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Recent servers": the last 20 targets connected to (the core's
 * TaRecentTargets, one list for the app, kept in the user's data folder)
 * offered under the Client page's host field. The list opens from the
 * field's clock icon or with the Down arrow, and while typing when
 * something recent matches what is typed (host or port, any part, any
 * case). Up/Down move, Enter picks, Escape closes, Shift+Delete forgets
 * the selected one (each row also has a Forget button). Picking fills
 * host and port and connects ("picked" signal). A successful connect
 * records the target.
 *
 * The popover never takes the keyboard (as GtkEntryCompletion's): typing
 * stays in the field; the keys above are caught on the field first.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-recent-popover.h"

struct _TaRecentPopover
{
  GObject             parent_instance;

  GtkEntry           *host_entry;   /* weak: the popover's parent */
  GtkEntry           *port_entry;   /* weak */
  TaClient           *client;
  GtkWidget          *popover;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  GtkFilterListModel *offered;
  GtkCustomFilter    *filter;
  GtkLabel           *error_label;
  GtkEventController *popover_motion;
  gboolean            filling;
  gboolean            show_all;     /* opened from the icon or Down: not filtered */
};

enum { PICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TaRecentPopover, ta_recent_popover, G_TYPE_OBJECT)

/* The one list of the app */

static TaRecentTargets *store;
static char *store_error;

static void
set_store_error (const char *message)
{
  g_free (store_error);
  store_error = g_strdup (message);
}

/**
 * ta_recent_store_get:
 *
 * Returns: (transfer none): the recent servers, read on first use
 */
TaRecentTargets *
ta_recent_store_get (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (store != NULL)
    return store;
  store = ta_recent_targets_new ();
  path = ta_recent_targets_get_default_path ();
  if (!ta_recent_targets_load (store, path, &error))
    set_store_error (error->message);
  return store;
}

/**
 * ta_recent_store_get_error:
 *
 * Returns: (nullable): why the list could not be read or saved, last time
 */
const char *
ta_recent_store_get_error (void)
{
  return store_error;
}

static void
save_store (void)
{
  g_autofree char *path = ta_recent_targets_get_default_path ();
  g_autoptr(GError) error = NULL;

  if (!ta_recent_targets_save (ta_recent_store_get (), path, &error))
    set_store_error (error->message);
  else
    set_store_error (NULL);
}

/* What a restart does: the list read again from its file. */
void
_ta_recent_store_reload (void)
{
  g_autofree char *path = ta_recent_targets_get_default_path ();
  g_autoptr(GError) error = NULL;

  set_store_error (NULL);
  if (!ta_recent_targets_load (ta_recent_store_get (), path, &error))
    set_store_error (error->message);
}

/* The popover */

static void
update_error (TaRecentPopover *self)
{
  const char *error = ta_recent_store_get_error ();

  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  TaRecentPopover *self = user_data;

  if (self->host_entry == NULL || self->show_all)
    return TRUE;
  return ta_recent_target_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));
}

static gboolean
is_open (TaRecentPopover *self)
{
  return self->popover != NULL && gtk_widget_get_visible (self->popover);
}

static void
close_list (TaRecentPopover *self)
{
  if (is_open (self))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
open_list (TaRecentPopover *self)
{
  int width;

  if (self->popover == NULL || !gtk_widget_is_sensitive (GTK_WIDGET (self->host_entry)))
    return;
  update_error (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->offered)) == 0 && ta_recent_store_get_error () == NULL)
    {
      close_list (self);
      return;
    }
  width = gtk_widget_get_width (GTK_WIDGET (self->host_entry));
  gtk_widget_set_size_request (self->popover, MAX (width, 240), -1);
  if (!is_open (self))
    gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
refilter (TaRecentPopover *self,
          gboolean         show_all)
{
  self->show_all = show_all;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
pick (TaRecentPopover *self,
      guint            position)
{
  g_autoptr(TaRecentTarget) target = g_list_model_get_item (G_LIST_MODEL (self->offered), position);
  g_autofree char *port_text = NULL;

  if (target == NULL)
    return;
  port_text = g_strdup_printf ("%u", ta_recent_target_get_port (target));
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), ta_recent_target_get_host (target));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port_text);
  gtk_editable_set_position (GTK_EDITABLE (self->host_entry), -1);
  self->filling = FALSE;
  close_list (self);
  g_signal_emit (self, signals[PICKED], 0);
}

static void
forget_target (TaRecentPopover *self,
               TaRecentTarget  *target)
{
  TaRecentTargets *recents = ta_recent_store_get ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (recents)); i++)
    if (ta_recent_targets_get (recents, i) == target)
      {
        ta_recent_targets_forget (recents, i);
        save_store ();
        break;
      }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->offered)) == 0)
    close_list (self);
}

static void
on_forget_clicked (GtkButton       *button,
                   TaRecentPopover *self)
{
  TaRecentTarget *target = g_object_get_data (G_OBJECT (button), "ta-target");

  if (target != NULL)
    forget_target (self, target);
}

static void
move (TaRecentPopover *self,
      int              delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->offered));
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint next;

  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    next = delta > 0 ? 0 : n - 1;
  else if (delta > 0)
    next = selected + 1 < n ? selected + 1 : 0;
  else
    next = selected > 0 ? selected - 1 : n - 1;
  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", next);
}

/* The keys on the host field, before the field sees them. */
static gboolean
handle_key (TaRecentPopover *self,
            guint            keyval,
            GdkModifierType  state)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (!is_open (self))
        {
          refilter (self, TRUE);
          open_list (self);
          return is_open (self);
        }
      move (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!is_open (self))
        return FALSE;
      move (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!is_open (self) || selected == GTK_INVALID_LIST_POSITION)
        {
          close_list (self);
          return FALSE;   /* Enter in the field: connect as typed */
        }
      pick (self, selected);
      return TRUE;
    case GDK_KEY_Escape:
      if (!is_open (self))
        return FALSE;
      close_list (self);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (!is_open (self) || !(state & GDK_SHIFT_MASK) || selected == GTK_INVALID_LIST_POSITION)
        return FALSE;
      {
        g_autoptr(TaRecentTarget) target = g_list_model_get_item (G_LIST_MODEL (self->offered), selected);

        forget_target (self, target);
      }
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TaRecentPopover       *self)
{
  return handle_key (self, keyval, state);
}

static void
on_host_changed (TaRecentPopover *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  if (self->filling)
    return;
  refilter (self, FALSE);
  /* Offered while the user types in the field, not when a program sets it. */
  root = gtk_widget_get_root (GTK_WIDGET (self->host_entry));
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && (focus == GTK_WIDGET (self->host_entry) ||
                        gtk_widget_is_ancestor (focus, GTK_WIDGET (self->host_entry))))
    open_list (self);
}

static gboolean
close_if_away_cb (gpointer user_data)
{
  TaRecentPopover *self = user_data;

  if (self->popover_motion == NULL ||
      !gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (self->popover_motion)))
    close_list (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The field lost the keyboard: close, unless the pointer is on the list
 * (a click on a row or its Forget button is on its way). */
static void
on_focus_leave (TaRecentPopover *self)
{
  g_idle_add (close_if_away_cb, g_object_ref (self));
}

static void
on_icon_press (GtkEntry             *entry,
               GtkEntryIconPosition  position,
               TaRecentPopover      *self)
{
  if (position != GTK_ENTRY_ICON_PRIMARY)
    return;
  if (is_open (self))
    {
      close_list (self);
      return;
    }
  /* From the icon: everything recent, not only what matches. */
  refilter (self, TRUE);
  open_list (self);
}

static void
on_activate (GtkListView     *view,
             guint            position,
             TaRecentPopover *self)
{
  pick (self, position);
}

static void
on_connected (TaRecentPopover *self,
              TaConnection    *conn)
{
  g_autofree char *host = NULL;
  guint16 port = 0;
  const char *target = ta_client_get_target (self->client);

  if (target == NULL || !ta_parse_host (target, &host, &port, NULL) || port == 0)
    return;
  ta_recent_targets_record (ta_recent_store_get (), host, port);
  save_store ();
}

/* Rows: "host:port" and a Forget button. */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TaRecentPopover          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *forget = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (forget, "flat");
  gtk_widget_add_css_class (forget, "circular");
  gtk_widget_set_focus_on_click (forget, FALSE);
  gtk_widget_set_can_focus (forget, FALSE);
  g_signal_connect (forget, "clicked", G_CALLBACK (on_forget_clicked), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), forget);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TaRecentPopover          *self)
{
  TaRecentTarget *target = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *forget = gtk_widget_get_last_child (box);
  g_autofree char *text = ta_recent_target_dup_label (target);
  /* Translators: a button's name for screen readers; %s is host:port */
  g_autofree char *forget_name = g_strdup_printf (_("Forget %s"), text);

  gtk_label_set_text (GTK_LABEL (label), text);
  g_object_set_data_full (G_OBJECT (forget), "ta-target", g_object_ref (target), g_object_unref);
  gtk_widget_set_tooltip_text (forget, _("Forget this server (Shift+Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (forget), GTK_ACCESSIBLE_PROPERTY_LABEL, forget_name, -1);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TaRecentPopover          *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (gtk_widget_get_last_child (box)), "ta-target", NULL);
}

static GtkWidget *
build_popover (TaRecentPopover *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Recent Servers"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *error = gtk_label_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->offered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (ta_recent_store_get ())),
                                             g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->offered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->list_view), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Recent servers"), -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_start (title, 6);
  self->error_label = GTK_LABEL (error);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), error);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_can_focus (popover, FALSE);

  self->popover_motion = gtk_event_controller_motion_new ();
  gtk_widget_add_controller (popover, self->popover_motion);
  return popover;
}

static void
on_entry_destroy (GtkWidget       *entry,
                  TaRecentPopover *self)
{
  self->popover_motion = NULL;
  g_clear_pointer (&self->popover, gtk_widget_unparent);
}

static void
ta_recent_popover_dispose (GObject *object)
{
  TaRecentPopover *self = TA_RECENT_POPOVER (object);

  self->popover_motion = NULL;
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->selection);
  g_clear_object (&self->offered);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (ta_recent_popover_parent_class)->dispose (object);
}

static void
ta_recent_popover_class_init (TaRecentPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_recent_popover_dispose;

  /**
   * TaRecentPopover::picked:
   *
   * A recent server was picked: host and port are in the fields.
   */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_recent_popover_init (TaRecentPopover *self)
{
}

/**
 * ta_recent_popover_attach:
 * @host_entry: the host field; its primary icon opens the list
 * @port_entry: the port field, filled on a pick
 * @client: its successful connects are recorded
 *
 * Returns: (transfer none): the list, owned by @host_entry
 */
TaRecentPopover *
ta_recent_popover_attach (GtkEntry *host_entry,
                          GtkEntry *port_entry,
                          TaClient *client)
{
  TaRecentPopover *self = g_object_new (TA_TYPE_RECENT_POPOVER, NULL);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->host_entry = host_entry;
  self->port_entry = port_entry;
  self->client = g_object_ref (client);
  self->popover = build_popover (self);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (host_entry));

  gtk_entry_set_icon_from_icon_name (host_entry, GTK_ENTRY_ICON_PRIMARY, "document-open-recent-symbolic");
  gtk_entry_set_icon_tooltip_text (host_entry, GTK_ENTRY_ICON_PRIMARY, _("Recent servers (Down arrow)"));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (host_entry), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (host_entry), focus);
  g_signal_connect_swapped (host_entry, "changed", G_CALLBACK (on_host_changed), self);
  g_signal_connect (host_entry, "icon-press", G_CALLBACK (on_icon_press), self);
  g_signal_connect (host_entry, "destroy", G_CALLBACK (on_entry_destroy), self);
  g_signal_connect_swapped (client, "connected", G_CALLBACK (on_connected), self);
  g_object_set_data_full (G_OBJECT (host_entry), "ta-recent-popover", self, g_object_unref);
  return self;
}

/**
 * ta_recent_popover_get:
 *
 * Returns: (nullable) (transfer none): the list attached to @host_entry
 */
TaRecentPopover *
ta_recent_popover_get (GtkEntry *host_entry)
{
  return g_object_get_data (G_OBJECT (host_entry), "ta-recent-popover");
}

gboolean _ta_recent_popover_key (TaRecentPopover *self, guint keyval, GdkModifierType state) { return handle_key (self, keyval, state); }
GListModel *_ta_recent_popover_get_offered (TaRecentPopover *self) { return G_LIST_MODEL (self->offered); }
gboolean _ta_recent_popover_is_open (TaRecentPopover *self) { return is_open (self); }
guint _ta_recent_popover_get_selected (TaRecentPopover *self) { return gtk_single_selection_get_selected (self->selection); }
GtkLabel *_ta_recent_popover_get_error_label (TaRecentPopover *self) { return self->error_label; }
GtkWidget *_ta_recent_popover_get_popover (TaRecentPopover *self) { return self->popover; }

/* The row's Forget button. */
void
_ta_recent_popover_forget (TaRecentPopover *self,
                           guint            position)
{
  g_autoptr(TaRecentTarget) target = g_list_model_get_item (G_LIST_MODEL (self->offered), position);

  if (target != NULL)
    forget_target (self, target);
}
