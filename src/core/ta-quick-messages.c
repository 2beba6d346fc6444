/* ta-quick-messages.c: TaQuickMessages, the GListModel of saved messages
 * (the file format is in ta-quick-messages-file.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-core-enums.h"
#include "ta-quick-messages.h"
#include "ta-quick-messages-private.h"

G_DEFINE_QUARK (ta-quick-messages-error-quark, ta_quick_messages_error)

struct _TaQuickMessages {
  GObject    parent_instance;
  GPtrArray *items;  /* TaQuickMessage, owned */
};

static void ta_quick_messages_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaQuickMessages, ta_quick_messages, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ta_quick_messages_list_model_init))

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
list_get_item_type (GListModel *model)
{
  return TA_TYPE_QUICK_MESSAGE;
}

static guint
list_get_n_items (GListModel *model)
{
  return TA_QUICK_MESSAGES (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  TaQuickMessages *self = TA_QUICK_MESSAGES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ta_quick_messages_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
emit_changed (TaQuickMessages *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_item_notify (TaQuickMessages *self)
{
  emit_changed (self);
}

static void
watch_item (TaQuickMessages *self,
            TaQuickMessage  *item)
{
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify), self,
                           G_CONNECT_SWAPPED);
}

static void
unwatch_item (TaQuickMessages *self,
              TaQuickMessage  *item)
{
  g_signal_handlers_disconnect_by_func (item, on_item_notify, self);
}

static void
ta_quick_messages_dispose (GObject *object)
{
  TaQuickMessages *self = TA_QUICK_MESSAGES (object);

  if (self->items != NULL)
    {
      for (guint i = 0; i < self->items->len; i++)
        unwatch_item (self, g_ptr_array_index (self->items, i));
      g_clear_pointer (&self->items, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (ta_quick_messages_parent_class)->dispose (object);
}

static void
ta_quick_messages_class_init (TaQuickMessagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_quick_messages_dispose;

  /**
   * TaQuickMessages::changed:
   *
   * Emitted after any change the file should keep: a message added,
   * removed, moved, renamed or edited, or the list replaced. The UI saves
   * on it (items-changed alone misses edits of a message's fields).
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_quick_messages_init (TaQuickMessages *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ta_quick_messages_new:
 *
 * Returns: (transfer full): an empty list; fill it with
 *   ta_quick_messages_load() or ta_quick_messages_add_examples()
 */
TaQuickMessages *
ta_quick_messages_new (void)
{
  return g_object_new (TA_TYPE_QUICK_MESSAGES, NULL);
}

/**
 * ta_quick_messages_get_default_path:
 *
 * Returns: (transfer full): where the app keeps the list:
 *   g_get_user_config_dir()/tcp-assistant/quick-messages.ini
 */
char *
ta_quick_messages_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tcp-assistant",
                           "quick-messages.ini", NULL);
}

/**
 * ta_quick_messages_add_examples:
 *
 * Appends the examples a new user starts with: the tutorial's 你好 in
 * GBK, and a Modbus RTU "read holding registers" request (device 1,
 * registers 0–9) with its CRC-16/Modbus.
 */
void
ta_quick_messages_add_examples (TaQuickMessages *self)
{
  g_autoptr(TaQuickMessage) hello = NULL;
  g_autoptr(TaQuickMessage) modbus = NULL;

  g_return_if_fail (TA_IS_QUICK_MESSAGES (self));

  hello = ta_quick_message_new (_("Tutorial: 你好 in GBK"), "你好",
                                TA_MESSAGE_MODE_TEXT, "GBK",
                                TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE);
  modbus = ta_quick_message_new (_("Modbus: read 10 holding registers"),
                                 "01 03 00 00 00 0A", TA_MESSAGE_MODE_HEX, "UTF-8",
                                 TA_LINE_ENDING_NONE, TA_CHECKSUM_CRC16_MODBUS);
  ta_quick_messages_append (self, hello);
  ta_quick_messages_append (self, modbus);
}

/**
 * ta_quick_messages_get:
 *
 * Returns: (transfer none) (nullable): the message at @position
 */
TaQuickMessage *
ta_quick_messages_get (TaQuickMessages *self,
                       guint            position)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), NULL);

  if (position >= self->items->len)
    return NULL;
  return g_ptr_array_index (self->items, position);
}

/**
 * ta_quick_messages_append:
 *
 * Returns: %FALSE (and nothing added) when the list already holds
 *   %TA_QUICK_MESSAGES_MAX_COUNT messages, see ta_quick_messages_is_full()
 */
gboolean
ta_quick_messages_append (TaQuickMessages *self,
                          TaQuickMessage  *message)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);

  return ta_quick_messages_insert (self, self->items->len, message);
}

/**
 * ta_quick_messages_insert:
 * @position: where; past the end appends
 *
 * Inserts @message (a reference is taken). Undo of a removal inserts the
 * object ta_quick_messages_remove() returned at its old position.
 *
 * Returns: %FALSE (and nothing added) when the list already holds
 *   %TA_QUICK_MESSAGES_MAX_COUNT messages: the UI says so (or disables
 *   adding, see ta_quick_messages_is_full())
 */
gboolean
ta_quick_messages_insert (TaQuickMessages *self,
                          guint            position,
                          TaQuickMessage  *message)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (message), FALSE);

  if (ta_quick_messages_is_full (self))
    return FALSE;
  if (position > self->items->len)
    position = self->items->len;

  g_ptr_array_insert (self->items, position, g_object_ref (message));
  watch_item (self, message);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  emit_changed (self);
  return TRUE;
}

/**
 * ta_quick_messages_is_full:
 *
 * Returns: %TRUE when the list holds %TA_QUICK_MESSAGES_MAX_COUNT
 *   messages, the most it keeps (a bound on memory and on the file)
 */
gboolean
ta_quick_messages_is_full (TaQuickMessages *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), TRUE);

  return self->items->len >= TA_QUICK_MESSAGES_MAX_COUNT;
}

/**
 * ta_quick_messages_remove:
 *
 * Returns: (transfer full): the removed message, to keep for undo
 */
TaQuickMessage *
ta_quick_messages_remove (TaQuickMessages *self,
                          guint            position)
{
  TaQuickMessage *item;

  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  item = g_ptr_array_steal_index (self->items, position);
  unwatch_item (self, item);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  emit_changed (self);
  return item;
}

/**
 * ta_quick_messages_move:
 * @from: position of the message to move
 * @to: its position afterwards
 *
 * One items-changed covering the range between @from and @to, so a view
 * keeps the other rows.
 */
void
ta_quick_messages_move (TaQuickMessages *self,
                        guint            from,
                        guint            to)
{
  gpointer item;
  guint first, n;

  g_return_if_fail (TA_IS_QUICK_MESSAGES (self));
  g_return_if_fail (from < self->items->len);
  g_return_if_fail (to < self->items->len);

  if (from == to)
    return;

  item = g_ptr_array_steal_index (self->items, from);
  g_ptr_array_insert (self->items, to, item);
  first = MIN (from, to);
  n = MAX (from, to) - first + 1;
  g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
  emit_changed (self);
}

void
ta_quick_messages_rename (TaQuickMessages *self,
                          guint            position,
                          const char      *name)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGES (self));
  g_return_if_fail (position < self->items->len);

  /* "changed" follows from the item's notify. */
  ta_quick_message_set_name (g_ptr_array_index (self->items, position), name);
}

void
ta_quick_messages_clear (TaQuickMessages *self)
{
  guint n;

  g_return_if_fail (TA_IS_QUICK_MESSAGES (self));

  n = self->items->len;
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    unwatch_item (self, g_ptr_array_index (self->items, i));
  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  emit_changed (self);
}

/* Puts what the file reader parsed into the list, in one items-changed:
 * after the current messages (@append) or instead of them. */
gboolean
_ta_quick_messages_take (TaQuickMessages  *self,
                         GPtrArray        *parsed,
                         gboolean          append,
                         GError          **error)
{
  guint removed = 0, position;

  if ((append ? self->items->len : 0) + parsed->len > TA_QUICK_MESSAGES_MAX_COUNT)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE,
                   _("Together the lists would hold more than %u messages, "
                     "more than TCP Assistant keeps."),
                   TA_QUICK_MESSAGES_MAX_COUNT);
      return FALSE;
    }

  if (!append)
    {
      removed = self->items->len;
      for (guint i = 0; i < removed; i++)
        unwatch_item (self, g_ptr_array_index (self->items, i));
      g_ptr_array_set_size (self->items, 0);
    }
  position = self->items->len;
  for (guint i = 0; i < parsed->len; i++)
    {
      TaQuickMessage *item = g_ptr_array_index (parsed, i);

      g_ptr_array_add (self->items, g_object_ref (item));
      watch_item (self, item);
    }
  if (removed > 0 || parsed->len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, parsed->len);
      emit_changed (self);
    }
  return TRUE;
}

