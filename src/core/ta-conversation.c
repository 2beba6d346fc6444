/* ta-conversation.c
 *
 * The model behind the conversation view: for one connection, the steps of
 * its life taken from the log store (connected, each message, half-close,
 * close), with gaps longer than a second between them.
 *
 * It follows the store incrementally: appended entries are looked at once,
 * entries the store drops at the top drop their steps, so the model never
 * holds more than the store and a flood costs one pass over new entries per
 * store flush (at most one every 30 ms), never a rescan.
 *
 * Switching to another connection looks at that connection's entries
 * only: the model keeps where each connection's first entry is in the
 * store, so following the newest client (as the server page does with
 * "All clients" chosen) costs nothing however long the log is. A scan of
 * the whole store per new client made 10,000 clients quadratic.
 *
 * Over 700 lines because a step's words (titles, details, the screen
 * reader's names, the report's text) live with the step and the model
 * that makes them; the next split is the words into ta-conversation-text.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-conversation.h"

/* Step */

struct _TaConversationStep
{
  GObject     parent_instance;

  TaLogEntry *entry;     /* NULL for a gap */
  guint64     serial;    /* the entry's position since the store began */
  gint64      time;
  gint64      duration;  /* a gap's length, or the time since the step before */
  TaStepKind  kind;
};

G_DEFINE_FINAL_TYPE (TaConversationStep, ta_conversation_step, G_TYPE_OBJECT)

static void
ta_conversation_step_finalize (GObject *object)
{
  TaConversationStep *self = TA_CONVERSATION_STEP (object);

  g_clear_object (&self->entry);
  G_OBJECT_CLASS (ta_conversation_step_parent_class)->finalize (object);
}

static void
ta_conversation_step_class_init (TaConversationStepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_conversation_step_finalize;
}

static void
ta_conversation_step_init (TaConversationStep *self)
{
}

TaStepKind ta_conversation_step_get_kind (TaConversationStep *self) { return self->kind; }
gint64 ta_conversation_step_get_time (TaConversationStep *self) { return self->time; }

/**
 * ta_conversation_step_get_entry:
 *
 * Returns: (transfer none) (nullable): the log entry (none for a gap)
 */
TaLogEntry *
ta_conversation_step_get_entry (TaConversationStep *self)
{
  return self->entry;
}

/**
 * ta_conversation_step_get_duration:
 *
 * Returns: a gap's length, or the time since the step before, in µs
 */
gint64
ta_conversation_step_get_duration (TaConversationStep *self)
{
  return self->duration;
}

/**
 * ta_conversation_step_is_outgoing:
 *
 * Returns: %TRUE for what this computer sent (or did)
 */
gboolean
ta_conversation_step_is_outgoing (TaConversationStep *self)
{
  if (self->entry == NULL)
    return FALSE;
  switch (ta_log_entry_get_kind (self->entry))
    {
    case TA_LOG_SENT:
    case TA_LOG_REPLY:
      return TRUE;
    default:
      return self->kind == TA_STEP_WE_FINISHED ||
             (self->kind == TA_STEP_CLOSED &&
              ta_log_entry_get_close_reason (self->entry) != TA_CLOSE_PEER_CLOSED &&
              ta_log_entry_get_close_reason (self->entry) != TA_CLOSE_PEER_UNREAD &&
              ta_log_entry_get_close_reason (self->entry) != TA_CLOSE_RESET);
    }
}

/* "0.120 s", "3.2 s", "2 min 5 s", "1 h 3 min" */
static char *
format_duration (gint64 us)
{
  gint64 s = us / G_USEC_PER_SEC;

  if (us < 10 * G_USEC_PER_SEC)
    return g_strdup_printf (_("%.3f s"), us / (double) G_USEC_PER_SEC);
  if (s < 60)
    return g_strdup_printf (_("%.1f s"), us / (double) G_USEC_PER_SEC);
  if (s < 3600)
    return g_strdup_printf (_("%d min %d s"), (int) (s / 60), (int) (s % 60));
  return g_strdup_printf (_("%d h %d min"), (int) (s / 3600), (int) ((s / 60) % 60));
}

/* Mostly bytes that are not text: show hex instead. */
static gboolean
looks_binary (GBytes *data)
{
  gsize size, odd = 0;
  const guint8 *p = g_bytes_get_data (data, &size);

  size = MIN (size, 64);
  for (gsize i = 0; i < size; i++)
    if (p[i] < 0x20 && p[i] != '\r' && p[i] != '\n' && p[i] != '\t')
      odd++;
  return size > 0 && odd * 4 > size;
}

/**
 * ta_conversation_step_dup_preview:
 *
 * Returns: (transfer full): the first @max_chars characters of a message
 *   (its hex when it is not text), display-safe; "" for other steps
 */
char *
ta_conversation_step_dup_preview (TaConversationStep *self,
                                  guint               max_chars)
{
  GBytes *data;
  const char *text;

  if (self->kind != TA_STEP_MESSAGE)
    return g_strdup ("");

  data = ta_log_entry_get_data (self->entry);
  if (data != NULL && looks_binary (data))
    {
      gsize size;
      const guint8 *bytes = g_bytes_get_data (data, &size);
      g_autofree char *hex = ta_hex_format (bytes, MIN (size, max_chars / 3 + 1));

      if (strlen (hex) > max_chars)
        {
          g_autofree char *cut = g_utf8_substring (hex, 0, max_chars);

          return g_strconcat (cut, "…", NULL);
        }
      return g_steal_pointer (&hex);
    }

  text = ta_log_entry_get_text (self->entry);
  if (g_utf8_strlen (text, max_chars + 1) > max_chars)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, max_chars);
      return g_strconcat (cut, "…", NULL);
    }
  return g_strdup (text);
}

/**
 * ta_conversation_peer_name:
 *
 * Returns: what the other side is called on a page of @role
 */
const char *
ta_conversation_peer_name (TaLogRole role)
{
  return role == TA_LOG_ROLE_SERVER ? _("Client") : _("Server");
}

const char *
ta_conversation_local_name (TaLogRole role)
{
  return role == TA_LOG_ROLE_SERVER ? _("Server (this computer)") : _("Client (this computer)");
}

static const char *
closed_title (guint     reason,
              TaLogRole role)
{
  switch (reason)
    {
    case TA_CLOSE_PEER_CLOSED:
      return role == TA_LOG_ROLE_SERVER ? _("The client closed the connection")
                                        : _("The server closed the connection");
    case TA_CLOSE_BY_USER:
      return _("This computer closed the connection");
    case TA_CLOSE_RESET:
      return _("Reset by the other side");
    case TA_CLOSE_PEER_UNREAD:
      return role == TA_LOG_ROLE_SERVER ? _("The client closed without reading the last reply")
                                        : _("The server closed without reading the last message");
    case TA_CLOSE_OVERFLOW:
      return _("Dropped: the other side stopped reading");
    case TA_CLOSE_SERVER_STOPPED:
      return _("Closed: the server was stopped");
    case TA_CLOSE_LIMIT:
      return _("Closed at once: too many clients");
    case TA_CLOSE_ERROR:
    default:
      return _("Closed by a network error");
    }
}

/**
 * ta_conversation_step_dup_title:
 *
 * Returns: (transfer full): the step's main line: a message's first
 *   characters, or a stage in words ("The client finished sending")
 */
char *
ta_conversation_step_dup_title (TaConversationStep *self,
                                TaLogRole           role)
{
  switch (self->kind)
    {
    case TA_STEP_CONNECTED:
      if (role == TA_LOG_ROLE_SERVER)
        return g_strdup_printf (_("Client %s connected to %s"),
                                ta_log_entry_get_peer (self->entry),
                                ta_log_entry_get_local (self->entry));
      return g_strdup_printf (_("Connected from %s to the server %s"),
                              ta_log_entry_get_local (self->entry),
                              ta_log_entry_get_peer (self->entry));
    case TA_STEP_MESSAGE:
      return ta_conversation_step_dup_preview (self, 48);
    case TA_STEP_PEER_FINISHED:
      return g_strdup (role == TA_LOG_ROLE_SERVER ? _("The client finished sending")
                                                  : _("The server finished sending"));
    case TA_STEP_WE_FINISHED:
      return g_strdup (_("This computer finished sending"));
    case TA_STEP_CLOSED:
      return g_strdup (closed_title (ta_log_entry_get_close_reason (self->entry), role));
    case TA_STEP_GAP:
      {
        g_autofree char *length = format_duration (self->duration);
        /* Translators: a pause in the conversation: "3.2 s without traffic" */
        return g_strdup_printf (_("%s without traffic"), length);
      }
    default:
      return g_strdup ("");
    }
}

/**
 * ta_conversation_step_dup_detail:
 *
 * Returns: (transfer full): the small line: time, size, time since the
 *   step before and how a message arrived ("12:03:44.120 · 5 bytes · +0.120 s")
 */
char *
ta_conversation_step_dup_detail (TaConversationStep *self)
{
  GString *s = g_string_new (NULL);

  if (self->kind == TA_STEP_GAP)
    return g_string_free (s, FALSE);

  ta_log_format_wall_time (self->time, FALSE, TRUE, s);
  if (self->kind == TA_STEP_MESSAGE)
    {
      gsize size = ta_log_entry_get_full_size (self->entry);

      g_string_append (s, " · ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", size),
                              (gulong) size);
    }
  if (self->duration > 0 && self->kind != TA_STEP_CONNECTED)
    {
      g_autofree char *since = format_duration (self->duration);

      g_string_append_printf (s, " · +%s", since);
    }
  /* Framing: "arrived in 3 pieces"; a reply: the rule that sent it. */
  if (self->kind == TA_STEP_MESSAGE && ta_log_entry_get_note (self->entry) != NULL)
    g_string_append_printf (s, " · %s", ta_log_entry_get_note (self->entry));
  return g_string_free (s, FALSE);
}

/**
 * ta_conversation_step_describe:
 *
 * Returns: (transfer full): the screen reader's name of the step:
 *   "12:03:44.120, client to server, 5 bytes: hello"
 */
char *
ta_conversation_step_describe (TaConversationStep *self,
                               TaLogRole           role)
{
  g_autofree char *title = ta_conversation_step_dup_title (self, role);
  GString *s = g_string_new (NULL);

  if (self->kind == TA_STEP_GAP)
    {
      g_string_append (s, title);
      return g_string_free (s, FALSE);
    }

  ta_log_format_wall_time (self->time, FALSE, TRUE, s);
  g_string_append (s, ", ");
  if (self->kind == TA_STEP_MESSAGE)
    {
      gboolean from_server = ta_conversation_step_is_outgoing (self) == (role == TA_LOG_ROLE_SERVER);
      gsize size = ta_log_entry_get_full_size (self->entry);
      const char *note;

      g_string_append (s, from_server ? _("server to client") : _("client to server"));
      g_string_append (s, ", ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", size),
                              (gulong) size);
      g_string_append (s, ": ");
      g_string_append (s, title);
      note = ta_log_entry_get_note (self->entry);
      if (note != NULL)
        g_string_append_printf (s, " (%s)", note);
    }
  else
    g_string_append (s, title);
  return g_string_free (s, FALSE);
}

/* Model */

struct _TaConversation
{
  GObject     parent_instance;

  TaLogStore *store;
  GPtrArray  *steps;
  guint64     store_base;   /* entries the store dropped at the top, in all */
  guint       store_n;      /* entries in the store, as last told */
  guint       conn_id;
  guint       n_messages;
  gint64      last_time;
  char       *peer;
  char       *local;
  GHashTable *starts;       /* conn id -> serial of its first entry (guint64 *) */
  guint       pruned_id;    /* the highest conn id dropped from starts */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaConversation, ta_conversation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CONN_ID,
  PROP_PEER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return TA_TYPE_CONVERSATION_STEP;
}

static guint
get_n_items (GListModel *model)
{
  return TA_CONVERSATION (model)->steps->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TaConversation *self = TA_CONVERSATION (model);

  if (position >= self->steps->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->steps, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static TaStepKind
step_kind_of (TaLogEntry *entry)
{
  switch (ta_log_entry_get_stage (entry))
    {
    case TA_LOG_STAGE_CONNECTED: return TA_STEP_CONNECTED;
    case TA_LOG_STAGE_PEER_FINISHED: return TA_STEP_PEER_FINISHED;
    case TA_LOG_STAGE_WE_FINISHED: return TA_STEP_WE_FINISHED;
    case TA_LOG_STAGE_CLOSED: return TA_STEP_CLOSED;
    case TA_LOG_STAGE_NONE:
    default:
      return TA_STEP_MESSAGE;
    }
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Adds the steps of one new entry, if it belongs to our connection. */
static void
take_entry (TaConversation *self,
            TaLogEntry     *entry,
            guint64         serial)
{
  TaConversationStep *step;
  gint64 time;

  if (self->conn_id == 0 || ta_log_entry_get_conn_id (entry) != self->conn_id)
    return;
  if (!ta_log_entry_is_data (entry) && ta_log_entry_get_stage (entry) == TA_LOG_STAGE_NONE)
    return;

  time = ta_log_entry_get_time (entry);
  if (self->steps->len > 0 && time - self->last_time > TA_CONVERSATION_GAP_US)
    {
      TaConversationStep *gap = g_object_new (TA_TYPE_CONVERSATION_STEP, NULL);

      gap->kind = TA_STEP_GAP;
      gap->serial = serial;
      gap->time = self->last_time;
      gap->duration = time - self->last_time;
      g_ptr_array_add (self->steps, gap);
    }

  step = g_object_new (TA_TYPE_CONVERSATION_STEP, NULL);
  step->entry = g_object_ref (entry);
  step->serial = serial;
  step->time = time;
  step->kind = step_kind_of (entry);
  step->duration = self->steps->len > 0 ? MAX (time - self->last_time, 0) : 0;
  g_ptr_array_add (self->steps, step);
  self->last_time = time;

  if (step->kind == TA_STEP_MESSAGE)
    self->n_messages++;
  else if (step->kind == TA_STEP_CONNECTED)
    {
      set_string (&self->peer, ta_log_entry_get_peer (entry));
      set_string (&self->local, ta_log_entry_get_local (entry));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER]);
    }
}

/* The store dropped entries at its top: drop their steps. */
static void
trim_front (TaConversation *self)
{
  guint n = 0;

  while (n < self->steps->len &&
         ((TaConversationStep *) g_ptr_array_index (self->steps, n))->serial < self->store_base)
    n++;
  /* A gap is never left first. */
  if (n < self->steps->len &&
      ((TaConversationStep *) g_ptr_array_index (self->steps, n))->kind == TA_STEP_GAP)
    n++;
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    if (((TaConversationStep *) g_ptr_array_index (self->steps, i))->kind == TA_STEP_MESSAGE)
      self->n_messages--;
  g_ptr_array_remove_range (self->steps, 0, n);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/* Remembers where @entry's connection starts, if it is its first entry. */
static void
index_entry (TaConversation *self,
             TaLogEntry     *entry,
             guint64         serial)
{
  guint conn_id = ta_log_entry_get_conn_id (entry);
  guint64 *start;

  if (conn_id == 0 || g_hash_table_contains (self->starts, GUINT_TO_POINTER (conn_id)))
    return;
  start = g_new (guint64, 1);
  *start = serial;
  g_hash_table_insert (self->starts, GUINT_TO_POINTER (conn_id), start);
}

/* Forgets the starts the store dropped, once they are many: the index
 * stays bounded by the store's size. */
static void
prune_starts (TaConversation *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (self->starts) <= 2 * (gsize) self->store_n + 1024)
    return;
  g_hash_table_iter_init (&iter, self->starts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(guint64 *) value < self->store_base)
      {
        self->pruned_id = MAX (self->pruned_id, GPOINTER_TO_UINT (key));
        g_hash_table_iter_remove (&iter);
      }
}

/* The store position from which @conn_id's entries may be found. */
static guint
find_start (TaConversation *self,
            guint           conn_id,
            guint           n)
{
  guint64 *start = g_hash_table_lookup (self->starts, GUINT_TO_POINTER (conn_id));

  if (start != NULL)
    return *start >= self->store_base ? (guint) MIN (*start - self->store_base, n) : 0;
  /* Forgotten: look everywhere. Never seen: it has no entry yet. */
  return conn_id <= self->pruned_id ? 0 : n;
}

static void
on_store_items_changed (TaConversation *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *store)
{
  guint n_before = self->steps->len;

  if (removed > 0 && removed == added)
    {
      /* Entries changed in place (text decoded again): same steps. */
      if (self->steps->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, self->steps->len, self->steps->len);
      return;
    }

  if (removed > 0)
    {
      /* The store only drops from its top (oldest first, or all). */
      g_warn_if_fail (position == 0);
      self->store_base += removed;
      self->store_n -= MIN (removed, self->store_n);
      trim_front (self);
      prune_starts (self);
      n_before = self->steps->len;
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (store, position + i);

      index_entry (self, entry, self->store_base + position + i);
      take_entry (self, entry, self->store_base + position + i);
    }
  self->store_n += added;

  if (self->steps->len != n_before)
    g_list_model_items_changed (G_LIST_MODEL (self), n_before, 0, self->steps->len - n_before);
}

static void
ta_conversation_dispose (GObject *object)
{
  TaConversation *self = TA_CONVERSATION (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ta_conversation_parent_class)->dispose (object);
}

static void
ta_conversation_finalize (GObject *object)
{
  TaConversation *self = TA_CONVERSATION (object);

  g_ptr_array_unref (self->steps);
  g_hash_table_unref (self->starts);
  g_free (self->peer);
  g_free (self->local);
  G_OBJECT_CLASS (ta_conversation_parent_class)->finalize (object);
}

static void
ta_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TaConversation *self = TA_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_CONN_ID:
      g_value_set_uint (value, self->conn_id);
      break;
    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_conversation_class_init (TaConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_conversation_dispose;
  object_class->finalize = ta_conversation_finalize;
  object_class->get_property = ta_conversation_get_property;

  properties[PROP_CONN_ID] =
    g_param_spec_uint ("conn-id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PEER] =
    g_param_spec_string ("peer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ta_conversation_init (TaConversation *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->starts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/**
 * ta_conversation_new:
 *
 * Returns: (transfer full): a model following @store, showing no
 *   connection until ta_conversation_set_conn_id()
 */
TaConversation *
ta_conversation_new (TaLogStore *store)
{
  TaConversation *self;

  g_return_val_if_fail (TA_IS_LOG_STORE (store), NULL);

  self = g_object_new (TA_TYPE_CONVERSATION, NULL);
  self->store = g_object_ref (store);
  self->store_n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < self->store_n; i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (store), i);

      index_entry (self, entry, i);
    }
  g_signal_connect_swapped (store, "items-changed", G_CALLBACK (on_store_items_changed), self);
  return self;
}

TaLogStore *ta_conversation_get_store (TaConversation *self) { return self->store; }
guint ta_conversation_get_conn_id (TaConversation *self) { return self->conn_id; }
guint ta_conversation_get_n_messages (TaConversation *self) { return self->n_messages; }

/**
 * ta_conversation_get_peer:
 *
 * Returns: (nullable): the other side's address, once connected
 */
const char *
ta_conversation_get_peer (TaConversation *self)
{
  return self->peer;
}

/**
 * ta_conversation_get_local:
 *
 * Returns: (nullable): this computer's address on the connection
 */
const char *
ta_conversation_get_local (TaConversation *self)
{
  return self->local;
}

/**
 * ta_conversation_set_conn_id:
 * @conn_id: a connection id of the store's entries, or 0 for none
 *
 * Shows another connection: its steps are gathered once from what the
 * store holds now, then followed as they come.
 */
void
ta_conversation_set_conn_id (TaConversation *self,
                             guint           conn_id)
{
  GListModel *store;
  guint n_old, n;

  g_return_if_fail (TA_IS_CONVERSATION (self));

  if (self->conn_id == conn_id)
    return;

  n_old = self->steps->len;
  g_ptr_array_set_size (self->steps, 0);
  self->n_messages = 0;
  self->last_time = 0;
  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->local, g_free);
  self->conn_id = conn_id;

  store = G_LIST_MODEL (self->store);
  n = g_list_model_get_n_items (store);
  if (conn_id != 0)
    for (guint i = find_start (self, conn_id, n); i < n; i++)
      {
        g_autoptr(TaLogEntry) entry = g_list_model_get_item (store, i);

        take_entry (self, entry, self->store_base + i);
      }

  if (n_old > 0 || self->steps->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, self->steps->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONN_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER]);
}

/**
 * ta_conversation_dup_text:
 * @max_steps: at most this many steps, the last ones
 *
 * Returns: (transfer full) (nullable): the conversation in words, one
 *   step per line as a screen reader says it (for the report); %NULL
 *   when no connection is shown
 */
char *
ta_conversation_dup_text (TaConversation *self,
                          TaLogRole       role,
                          guint           max_steps)
{
  GString *s;
  guint first;

  g_return_val_if_fail (TA_IS_CONVERSATION (self), NULL);

  if (self->steps->len == 0)
    return NULL;

  s = g_string_new (NULL);
  g_string_append_printf (s, "%s %s — %s %s\n", ta_conversation_local_name (role),
                          self->local ? self->local : "", ta_conversation_peer_name (role),
                          self->peer ? self->peer : "");
  first = self->steps->len > max_steps ? self->steps->len - max_steps : 0;
  if (first > 0)
    {
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "(%u earlier step left out)",
                                              "(%u earlier steps left out)", first), first);
      g_string_append_c (s, '\n');
    }
  for (guint i = first; i < self->steps->len; i++)
    {
      g_autofree char *line = ta_conversation_step_describe (g_ptr_array_index (self->steps, i), role);

      g_string_append (s, line);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
