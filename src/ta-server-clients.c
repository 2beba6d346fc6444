/* ta-server-clients.c: the Server page's list of clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list starts with an "All clients" row, selected by default; then one
 * row per connection (TaClientRow: address, since, bytes in and out). The
 * message goes to what is selected; what selecting means (the target,
 * the conversation shown) is the page's, through the selection's
 * "selected". Rows on screen are re-rendered once a second while the
 * server listens (their counters and times move); on connect and
 * disconnect only the "All clients" row, whose count changed. Keeping the
 * bound rows in a set means the refresh touches only what is on screen,
 * however many clients there are.
 *
 * The rows are not the server's own list but a copy brought up to date at
 * most every FLUSH_MS: in a connect/close storm each change to a list a
 * view shows makes the view create, bind and measure a row at once (about
 * 30 % of the storm's CPU when the view used the server's list). Batched,
 * the changes of many accepts and closes become a few splices, and a
 * client that comes and goes between two flushes costs the view nothing.
 * The copy keeps the server's order (connections are only appended, and
 * removed anywhere), so bringing it up to date removes exactly the gone
 * clients and appends the new ones: a selected row that is still
 * connected stays selected. What needs the rows at once (selecting a
 * client, reading its row) flushes first.
 */
#include "config.h"

#include "ta-client-row.h"
#include "ta-server-clients.h"

/* Two frames at 60 Hz: late enough to batch a storm, soon enough that a
 * person sees a new client as it connects. */
#define FLUSH_MS 33

struct _TaAllClients { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (TaAllClients, ta_all_clients, G_TYPE_OBJECT)
static void ta_all_clients_class_init (TaAllClientsClass *klass) { }
static void ta_all_clients_init (TaAllClients *self) { }

struct _TaServerClients
{
  GObject parent_instance;

  TaServer *server;
  GtkSingleSelection *selection;
  GListStore *shown;           /* TaConnection: the server's clients at the last flush */
  GHashTable *bound_clients;   /* GtkListItem on screen */
  guint refresh_id;

  /* What changed in the server's list since the last flush: items before
   * dirty_from and the last dirty_tail items are the same in both lists. */
  guint flush_id;
  guint dirty_from;
  guint dirty_tail;
  gboolean dirty;
  gboolean all_row_dirty;
};

G_DEFINE_FINAL_TYPE (TaServerClients, ta_server_clients, G_TYPE_OBJECT)

static void
render_client (TaServerClients *self,
               GtkListItem     *item)
{
  gpointer obj = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  if (obj == NULL || !TA_IS_CLIENT_ROW (child))
    return;
  if (TA_IS_ALL_CLIENTS (obj))
    ta_client_row_show_all (TA_CLIENT_ROW (child), ta_server_get_n_clients (self->server));
  else
    ta_client_row_show_connection (TA_CLIENT_ROW (child), TA_CONNECTION (obj));
}

static void
client_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TaServerClients          *self)
{
  gtk_list_item_set_child (item, ta_client_row_new ());
}

static void
client_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TaServerClients          *self)
{
  g_hash_table_add (self->bound_clients, item);
  render_client (self, item);
}

static void
client_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TaServerClients          *self)
{
  g_hash_table_remove (self->bound_clients, item);
}

/**
 * ta_server_clients_refresh:
 *
 * Renders every row on screen again (counters, times).
 */
void
ta_server_clients_refresh (TaServerClients *self)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (TA_IS_SERVER_CLIENTS (self));

  g_hash_table_iter_init (&iter, self->bound_clients);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    render_client (self, key);
}

static gboolean
refresh_clients_cb (gpointer user_data)
{
  ta_server_clients_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

/* Brings the shown list up to date with the server's, in as few splices
 * as the changes allow (see the header). */
static void
sync_shown (TaServerClients *self)
{
  GListModel *src = ta_server_get_clients (self->server);
  GListModel *mirror = G_LIST_MODEL (self->shown);
  guint src_end = g_list_model_get_n_items (src) - self->dirty_tail;
  guint mir_end = g_list_model_get_n_items (mirror) - self->dirty_tail;
  guint i = self->dirty_from;
  guint j = self->dirty_from;
  g_autoptr(GPtrArray) added = NULL;

  while (i < mir_end)
    {
      g_autoptr(GObject) m = g_list_model_get_item (mirror, i);
      g_autoptr(GObject) s = j < src_end ? g_list_model_get_item (src, j) : NULL;
      guint k;

      if (m == s)
        {
          i++;
          j++;
          continue;
        }
      /* m is gone; so is every row up to the next one that is still there. */
      for (k = i + 1; k < mir_end; k++)
        {
          g_autoptr(GObject) o = g_list_model_get_item (mirror, k);

          if (o == s)
            break;
        }
      if (k == mir_end)
        break;   /* s is new: the rest of the rows go, the rest of the list comes */
      g_list_store_splice (self->shown, i, k - i, NULL, 0);
      mir_end -= k - i;
    }

  if (i == mir_end && j == src_end)
    return;
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (; j < src_end; j++)
    g_ptr_array_add (added, g_list_model_get_item (src, j));
  g_list_store_splice (self->shown, i, mir_end - i, added->pdata, added->len);
}

static void
flush_now (TaServerClients *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->dirty)
    sync_shown (self);
  self->dirty = FALSE;
  if (self->all_row_dirty)
    {
      GHashTableIter iter;
      gpointer key;

      self->all_row_dirty = FALSE;
      g_hash_table_iter_init (&iter, self->bound_clients);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (TA_IS_ALL_CLIENTS (gtk_list_item_get_item (key)))
          render_client (self, key);
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  TaServerClients *self = user_data;

  self->flush_id = 0;
  flush_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (TaServerClients *self)
{
  if (self->server == NULL)   /* disposed: the page is going */
    return;
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_MS, flush_cb, self);
}

static void
on_clients_changed (GListModel      *clients,
                    guint            position,
                    guint            removed,
                    guint            added,
                    TaServerClients *self)
{
  guint tail = g_list_model_get_n_items (clients) - (position + added);

  if (!self->dirty)
    {
      self->dirty = TRUE;
      self->dirty_from = position;
      self->dirty_tail = tail;
    }
  else
    {
      self->dirty_from = MIN (self->dirty_from, position);
      self->dirty_tail = MIN (self->dirty_tail, tail);
    }
  schedule_flush (self);
}

/**
 * ta_server_clients_refresh_all_row:
 *
 * On connect and disconnect only the count changes: renders just the
 * "All clients" row, not every client row (that is the 1 s refresh), at
 * the next flush, with the list (the count is read then, so it is exact).
 */
void
ta_server_clients_refresh_all_row (TaServerClients *self)
{
  g_return_if_fail (TA_IS_SERVER_CLIENTS (self));

  self->all_row_dirty = TRUE;
  schedule_flush (self);
}

static void
on_listening_changed (TaServerClients *self)
{
  if (ta_server_get_listening (self->server) && self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (1, refresh_clients_cb, self);
  else if (!ta_server_get_listening (self->server))
    g_clear_handle_id (&self->refresh_id, g_source_remove);
}

/**
 * ta_server_clients_select:
 * @conn: (nullable): a connected client, or %NULL for all clients
 *
 * Selects a row, as a click would.
 */
void
ta_server_clients_select (TaServerClients *self,
                          TaConnection    *conn)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n;

  g_return_if_fail (TA_IS_SERVER_CLIENTS (self));

  flush_now (self);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) obj = g_list_model_get_item (model, i);

      if ((conn == NULL && TA_IS_ALL_CLIENTS (obj)) || (gpointer) obj == (gpointer) conn)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/**
 * ta_server_clients_get_selection:
 *
 * Returns: (transfer none): the rows ("All clients", then each client)
 *   and which one is selected
 */
GtkSingleSelection *
ta_server_clients_get_selection (TaServerClients *self)
{
  g_return_val_if_fail (TA_IS_SERVER_CLIENTS (self), NULL);
  return self->selection;
}

/**
 * ta_server_clients_dup_row_text:
 * @conn: a client in the list
 *
 * Returns: (transfer full) (nullable): the lines of the client's row as
 *   shown (address, since, in, out), one per line, or %NULL when the row
 *   is not on screen
 */
char *
ta_server_clients_dup_row_text (TaServerClients *self,
                                TaConnection    *conn)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TA_IS_SERVER_CLIENTS (self), NULL);

  flush_now (self);
  g_hash_table_iter_init (&iter, self->bound_clients);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (gtk_list_item_get_item (key) == (gpointer) conn)
      return ta_client_row_dup_text (TA_CLIENT_ROW (gtk_list_item_get_child (key)));
  return NULL;
}

/**
 * ta_server_clients_new:
 * @view: the list view that shows the clients
 *
 * Gives @view its model and row factory.
 */
TaServerClients *
ta_server_clients_new (TaServer    *server,
                       GtkListView *view)
{
  TaServerClients *self = g_object_new (TA_TYPE_SERVER_CLIENTS, NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GListStore) all_row = g_list_store_new (TA_TYPE_ALL_CLIENTS);
  g_autoptr(GObject) all = g_object_new (TA_TYPE_ALL_CLIENTS, NULL);
  GListStore *sections = g_list_store_new (G_TYPE_LIST_MODEL);
  GListModel *clients = ta_server_get_clients (server);

  self->server = g_object_ref (server);
  self->shown = g_list_store_new (TA_TYPE_CONNECTION);
  on_clients_changed (clients, 0, 0, g_list_model_get_n_items (clients), self);
  sync_shown (self);
  self->dirty = FALSE;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_signal_connect_object (clients, "items-changed", G_CALLBACK (on_clients_changed), self, 0);
  g_list_store_append (all_row, all);
  g_list_store_append (sections, all_row);
  g_list_store_append (sections, self->shown);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (sections))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, 0);

  /* The view may outlive this object by a moment while the page goes. */
  g_signal_connect_object (factory, "setup", G_CALLBACK (client_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (client_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (client_unbind_cb), self, 0);
  gtk_list_view_set_factory (view, factory);
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (server, "notify::listening", G_CALLBACK (on_listening_changed), self,
                           G_CONNECT_SWAPPED);
  on_listening_changed (self);
  return self;
}

static void
ta_server_clients_dispose (GObject *object)
{
  TaServerClients *self = TA_SERVER_CLIENTS (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (ta_server_clients_parent_class)->dispose (object);
}

static void
ta_server_clients_finalize (GObject *object)
{
  TaServerClients *self = TA_SERVER_CLIENTS (object);

  g_hash_table_unref (self->bound_clients);
  G_OBJECT_CLASS (ta_server_clients_parent_class)->finalize (object);
}

static void
ta_server_clients_class_init (TaServerClientsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_server_clients_dispose;
  object_class->finalize = ta_server_clients_finalize;
}

static void
ta_server_clients_init (TaServerClients *self)
{
  self->bound_clients = g_hash_table_new (NULL, NULL);
}
