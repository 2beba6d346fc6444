/* ta-log-switcher.c
 *
 * The log area of both pages: a switcher above it (Log | Conversation),
 * the page's TaLogView and a TaConversationView of the same store. An
 * arrow activated in the conversation shows its entry in the log.
 *
 * Narrow or short (the window says so through ta_log_switcher_set_narrow), the
 * switcher's own row would cost the log about 40 px: while the log is
 * shown, two linked icon toggles in the log toolbar's second row (where
 * only the icon buttons are) stand for it; the conversation keeps the
 * switcher row (it has no toolbar of that height).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-log-switcher.h"

struct _TaLogSwitcher
{
  GtkWidget           parent_instance;

  GtkStackSwitcher   *switcher;
  GtkStack           *stack;
  TaLogView          *log_view;
  TaConversationView *conversation_view;

  GtkWidget          *compact;       /* the toggles in the log toolbar */
  GtkToggleButton    *compact_log;
  GtkToggleButton    *compact_conversation;
  gboolean            narrow;
};

G_DEFINE_FINAL_TYPE (TaLogSwitcher, ta_log_switcher, GTK_TYPE_WIDGET)

static void
on_show_entry (TaLogSwitcher      *self,
               TaLogEntry         *entry,
               TaConversationView *view)
{
  gtk_stack_set_visible_child_name (self->stack, "log");
  ta_log_view_show_entry (self->log_view, entry);
}

static void
update_compact (TaLogSwitcher *self)
{
  gboolean log_shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "log") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->switcher), !(self->narrow && log_shown));
  gtk_widget_set_visible (self->compact, self->narrow);
  gtk_toggle_button_set_active (self->compact_log, log_shown);
  gtk_toggle_button_set_active (self->compact_conversation, !log_shown);
}

static void
on_visible_child_changed (TaLogSwitcher *self)
{
  /* The toggles leave with the log: a keyboard user who chose the
   * conversation there goes on from the switcher's own button. */
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->compact_conversation));

  update_compact (self);
  if (had_focus && gtk_widget_get_visible (GTK_WIDGET (self->switcher)))
    {
      GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (self->switcher));

      if (last)
        gtk_widget_grab_focus (last);
    }
}

static void
on_compact_toggled (TaLogSwitcher   *self,
                    GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    gtk_stack_set_visible_child_name (self->stack, button == self->compact_log ? "log" : "conversation");
}

static GtkToggleButton *
compact_button (TaLogSwitcher *self,
                const char    *icon,
                const char    *name)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_compact_toggled), self);
  gtk_box_append (GTK_BOX (self->compact), button);
  return GTK_TOGGLE_BUTTON (button);
}

/**
 * ta_log_switcher_set_narrow:
 *
 * Narrow: the switcher moves into the log toolbar while the log is shown.
 */
void
ta_log_switcher_set_narrow (TaLogSwitcher *self,
                            gboolean       narrow)
{
  g_return_if_fail (TA_IS_LOG_SWITCHER (self));

  self->narrow = narrow;
  update_compact (self);
}

static void
ta_log_switcher_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TA_TYPE_LOG_SWITCHER);
  G_OBJECT_CLASS (ta_log_switcher_parent_class)->dispose (object);
}

static void
ta_log_switcher_class_init (TaLogSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_log_switcher_dispose;

  g_type_ensure (TA_TYPE_LOG_VIEW);
  g_type_ensure (TA_TYPE_CONVERSATION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tcpassistant/TcpAssistant/ta-log-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, TaLogSwitcher, switcher);
  gtk_widget_class_bind_template_child (widget_class, TaLogSwitcher, stack);
  gtk_widget_class_bind_template_child (widget_class, TaLogSwitcher, log_view);
  gtk_widget_class_bind_template_child (widget_class, TaLogSwitcher, conversation_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "talogswitcher");
}

static void
ta_log_switcher_init (TaLogSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  g_signal_connect_swapped (self->conversation_view, "show-entry", G_CALLBACK (on_show_entry), self);

  self->compact = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->compact, "linked");
  gtk_widget_set_visible (self->compact, FALSE);
  self->compact_log = compact_button (self, "view-list-symbolic", _("Log"));
  self->compact_conversation = compact_button (self, "mail-send-receive-symbolic", _("Conversation"));
  gtk_toggle_button_set_group (self->compact_conversation, self->compact_log);
  gtk_box_append (GTK_BOX (gtk_widget_get_template_child (GTK_WIDGET (self->log_view), TA_TYPE_LOG_VIEW,
                                                          "switcher_slot")),
                  self->compact);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_child_changed), self);
  update_compact (self);
}

TaLogView *ta_log_switcher_get_log_view (TaLogSwitcher *self) { return self->log_view; }
TaConversationView *ta_log_switcher_get_conversation_view (TaLogSwitcher *self) { return self->conversation_view; }

/**
 * ta_log_switcher_set_store:
 *
 * Shows @store in the log and in the conversation (once).
 */
void
ta_log_switcher_set_store (TaLogSwitcher *self,
                           TaLogStore    *store)
{
  g_return_if_fail (TA_IS_LOG_SWITCHER (self));

  ta_log_view_set_store (self->log_view, store);
  ta_conversation_view_set_store (self->conversation_view, store);
  if (ta_log_store_get_role (store) == TA_LOG_ROLE_SERVER)
    ta_conversation_view_set_placeholder (self->conversation_view,
                                          _("Choose a client in the list to see its conversation."));
  else
    ta_conversation_view_set_placeholder (self->conversation_view,
                                          _("Connect to a server to see the conversation."));
}

/**
 * ta_log_switcher_set_conn_id:
 *
 * The connection the conversation shows (0: none).
 */
void
ta_log_switcher_set_conn_id (TaLogSwitcher *self,
                             guint          conn_id)
{
  g_return_if_fail (TA_IS_LOG_SWITCHER (self));
  ta_conversation_view_set_conn_id (self->conversation_view, conn_id);
}

/**
 * ta_log_switcher_show:
 * @name: "log" or "conversation"
 */
void
ta_log_switcher_show (TaLogSwitcher *self,
                      const char    *name)
{
  g_return_if_fail (TA_IS_LOG_SWITCHER (self));
  gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
ta_log_switcher_get_visible (TaLogSwitcher *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * ta_log_switcher_find:
 *
 * Returns: (transfer none) (nullable): the log area inside @ancestor
 *   (a page), for the report
 */
TaLogSwitcher *
ta_log_switcher_find (GtkWidget *ancestor)
{
  if (TA_IS_LOG_SWITCHER (ancestor))
    return TA_LOG_SWITCHER (ancestor);
  for (GtkWidget *child = gtk_widget_get_first_child (ancestor); child; child = gtk_widget_get_next_sibling (child))
    {
      TaLogSwitcher *found = ta_log_switcher_find (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ta_log_switcher_dup_conversation_text:
 *
 * Returns: (transfer full) (nullable): the conversation shown, in words
 *   (the last TA_LOG_SWITCHER_REPORT_STEPS steps)
 */
char *
ta_log_switcher_dup_conversation_text (TaLogSwitcher *self)
{
  TaConversation *conv;

  g_return_val_if_fail (TA_IS_LOG_SWITCHER (self), NULL);

  conv = ta_conversation_view_get_conversation (self->conversation_view);
  if (conv == NULL)
    return NULL;
  return ta_conversation_dup_text (conv, ta_log_store_get_role (ta_conversation_get_store (conv)),
                                   TA_LOG_SWITCHER_REPORT_STEPS);
}
