/* ta-saved-connections.c: named connections and the file they are kept in
 *
 * The file is a GKeyFile a person can read and mail:
 *
 *   [Saved Connections]
 *   Version=1
 *
 *   [Connection 1]
 *   Name=Lab PLC
 *   Host=10.0.0.7
 *   Port=502
 *   TLS=false
 *   Mode=hex
 *   Encoding=GBK
 *   LineEnding=none
 *   Checksum=crc16-modbus
 *
 *   [End]
 *   Connections=1
 *
 * [End] with the count, written last, tells a file cut short from a
 * complete one. Reading never touches the list until the whole file is
 * good; a file that cannot be read is renamed "….unreadable" so the next
 * save cannot destroy it, and the sentence says where it is. Saving goes
 * through g_file_set_contents() (a temporary file renamed over the old).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-address.h"
#include "ta-core-enums.h"
#include "ta-saved-connections.h"

#define HEADER_GROUP "Saved Connections"
#define END_GROUP "End"

struct _TaSavedConnection
{
  GObject        parent_instance;
  char          *name;
  char          *host;
  guint16        port;
  gboolean       tls;
  TaMessageMode  mode;
  char          *charset;
  TaLineEnding   ending;
  TaChecksum     checksum;
};

G_DEFINE_FINAL_TYPE (TaSavedConnection, ta_saved_connection, G_TYPE_OBJECT)

static void
ta_saved_connection_finalize (GObject *object)
{
  TaSavedConnection *self = TA_SAVED_CONNECTION (object);

  g_free (self->name);
  g_free (self->host);
  g_free (self->charset);
  G_OBJECT_CLASS (ta_saved_connection_parent_class)->finalize (object);
}

static void
ta_saved_connection_class_init (TaSavedConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_saved_connection_finalize;
}

static void
ta_saved_connection_init (TaSavedConnection *self)
{
}

/* Names and hosts are written as raw key-file values: one line, trimmed. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if ((guchar) *p < ' ' || *p == 0x7f)
      *p = ' ';
  return g_strstrip (copy);
}

TaSavedConnection *
ta_saved_connection_new (const char    *name,
                         const char    *host,
                         guint16        port,
                         gboolean       tls,
                         TaMessageMode  mode,
                         const char    *charset,
                         TaLineEnding   ending,
                         TaChecksum     checksum)
{
  TaSavedConnection *self = g_object_new (TA_TYPE_SAVED_CONNECTION, NULL);

  self->name = one_line (name);
  self->host = one_line (host);
  self->port = port;
  self->tls = tls;
  self->mode = mode;
  self->charset = g_strdup (charset ? charset : "UTF-8");
  self->ending = ending;
  self->checksum = checksum;
  return self;
}

const char *ta_saved_connection_get_name (TaSavedConnection *self) { return self->name; }
const char *ta_saved_connection_get_host (TaSavedConnection *self) { return self->host; }
guint16 ta_saved_connection_get_port (TaSavedConnection *self) { return self->port; }
gboolean ta_saved_connection_get_tls (TaSavedConnection *self) { return self->tls; }
TaMessageMode ta_saved_connection_get_mode (TaSavedConnection *self) { return self->mode; }
const char *ta_saved_connection_get_charset (TaSavedConnection *self) { return self->charset; }
TaLineEnding ta_saved_connection_get_line_ending (TaSavedConnection *self) { return self->ending; }
TaChecksum ta_saved_connection_get_checksum (TaSavedConnection *self) { return self->checksum; }

/**
 * ta_saved_connection_dup_summary:
 *
 * Returns: (transfer full): "10.0.0.7:502 · TLS · Hex · GBK · CRC-16/Modbus",
 *   leaving out what is the default (no TLS, no line ending, no checksum)
 */
char *
ta_saved_connection_dup_summary (TaSavedConnection *self)
{
  g_autofree char *target = NULL;
  GString *s;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTION (self), NULL);
  target = ta_format_host_port (self->host, self->port);
  s = g_string_new (target);
  if (self->tls)
    g_string_append (s, " · TLS");
  g_string_append_printf (s, " · %s", ta_message_mode_get_label (self->mode));
  if (self->mode == TA_MESSAGE_MODE_TEXT)
    g_string_append_printf (s, " · %s", self->charset);
  if (self->ending != TA_LINE_ENDING_NONE)
    g_string_append_printf (s, " · %s", ta_line_ending_get_label (self->ending));
  if (self->checksum != TA_CHECKSUM_NONE)
    g_string_append_printf (s, " · %s", ta_checksum_get_label (self->checksum));
  return g_string_free (s, FALSE);
}

/* The list */

struct _TaSavedConnections
{
  GObject    parent_instance;
  GPtrArray *items;
};

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaSavedConnections, ta_saved_connections, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType get_item_type (GListModel *model) { return TA_TYPE_SAVED_CONNECTION; }
static guint get_n_items (GListModel *model) { return TA_SAVED_CONNECTIONS (model)->items->len; }

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TaSavedConnections *self = TA_SAVED_CONNECTIONS (model);

  return position < self->items->len ? g_object_ref (g_ptr_array_index (self->items, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
ta_saved_connections_finalize (GObject *object)
{
  g_ptr_array_unref (TA_SAVED_CONNECTIONS (object)->items);
  G_OBJECT_CLASS (ta_saved_connections_parent_class)->finalize (object);
}

static void
ta_saved_connections_class_init (TaSavedConnectionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_saved_connections_finalize;

  /**
   * TaSavedConnections::changed:
   *
   * A connection was added, replaced, removed or renamed: time to save.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_saved_connections_init (TaSavedConnections *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

TaSavedConnections *
ta_saved_connections_new (void)
{
  return g_object_new (TA_TYPE_SAVED_CONNECTIONS, NULL);
}

/**
 * ta_saved_connections_get:
 *
 * Returns: (transfer none) (nullable): the connection at @position
 */
TaSavedConnection *
ta_saved_connections_get (TaSavedConnections *self,
                          guint               position)
{
  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), NULL);
  return position < self->items->len ? g_ptr_array_index (self->items, position) : NULL;
}

/**
 * ta_saved_connections_find:
 *
 * Returns: the position of the connection called @name, or -1
 */
gint
ta_saved_connections_find (TaSavedConnections *self,
                           const char         *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), -1);
  if (name == NULL)
    return -1;
  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < self->items->len; i++)
    {
      TaSavedConnection *c = g_ptr_array_index (self->items, i);
      g_autofree char *other = g_utf8_casefold (c->name, -1);

      if (strcmp (folded, other) == 0)
        return (gint) i;
    }
  return -1;
}

static void
changed (TaSavedConnections *self,
         guint               position,
         guint               removed,
         guint               added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * ta_saved_connections_put:
 *
 * Adds @connection at the end, or replaces the one of the same name
 * (ignoring case) where it is: "Save This Connection…" under a name
 * already used updates it.
 *
 * Returns: its position
 */
guint
ta_saved_connections_put (TaSavedConnections *self,
                          TaSavedConnection  *connection)
{
  gint found;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), 0);
  g_return_val_if_fail (TA_IS_SAVED_CONNECTION (connection), 0);

  found = ta_saved_connections_find (self, connection->name);
  if (found >= 0)
    {
      g_ptr_array_remove_index (self->items, (guint) found);
      g_ptr_array_insert (self->items, found, g_object_ref (connection));
      changed (self, (guint) found, 1, 1);
      return (guint) found;
    }
  g_ptr_array_add (self->items, g_object_ref (connection));
  changed (self, self->items->len - 1, 0, 1);
  return self->items->len - 1;
}

/* For Undo: puts back what ta_saved_connections_remove() gave. */
void
ta_saved_connections_insert (TaSavedConnections *self,
                             guint               position,
                             TaSavedConnection  *connection)
{
  g_return_if_fail (TA_IS_SAVED_CONNECTIONS (self));
  g_return_if_fail (TA_IS_SAVED_CONNECTION (connection));

  position = MIN (position, self->items->len);
  g_ptr_array_insert (self->items, position, g_object_ref (connection));
  changed (self, position, 0, 1);
}

/**
 * ta_saved_connections_remove:
 *
 * Returns: (transfer full) (nullable): the connection removed, for Undo
 */
TaSavedConnection *
ta_saved_connections_remove (TaSavedConnections *self,
                             guint               position)
{
  TaSavedConnection *c;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), NULL);
  if (position >= self->items->len)
    return NULL;
  c = g_ptr_array_steal_index (self->items, position);
  changed (self, position, 1, 0);
  return c;
}

/**
 * ta_saved_connections_check_name:
 * @except: the position of the connection being renamed, or -1
 *
 * Returns: whether @name can name a connection; else a sentence
 */
gboolean
ta_saved_connections_check_name (TaSavedConnections  *self,
                                 const char          *name,
                                 gint                 except,
                                 GError             **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));
  gint found;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the connection a name, e.g. “Lab PLC”."));
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > TA_SAVED_CONNECTIONS_MAX_NAME)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The name is too long (at most %d characters)."), TA_SAVED_CONNECTIONS_MAX_NAME);
      return FALSE;
    }
  found = ta_saved_connections_find (self, stripped);
  if (found >= 0 && found != except)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("There is already a connection called “%s”."), stripped);
      return FALSE;
    }
  return TRUE;
}

/**
 * ta_saved_connections_rename:
 *
 * Returns: %TRUE when renamed; else a sentence (empty, too long, used)
 */
gboolean
ta_saved_connections_rename (TaSavedConnections  *self,
                             guint                position,
                             const char          *name,
                             GError             **error)
{
  TaSavedConnection *c;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (position < self->items->len, FALSE);

  if (!ta_saved_connections_check_name (self, name, (gint) position, error))
    return FALSE;
  c = g_ptr_array_index (self->items, position);
  g_free (c->name);
  c->name = one_line (name);
  changed (self, position, 1, 1);
  return TRUE;
}

/**
 * ta_saved_connections_get_default_path:
 *
 * Returns: (transfer full): g_get_user_config_dir()/tcp-assistant/connections.ini
 */
char *
ta_saved_connections_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tcp-assistant", "connections.ini", NULL);
}

/* Reading */

static gboolean
get_enum (GKeyFile    *kf,
          const char  *group,
          const char  *key,
          GType        type,
          int          fallback,
          int         *value)
{
  g_autofree char *nick = g_key_file_get_value (kf, group, key, NULL);
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *v;

  if (nick == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  klass = g_type_class_ref (type);
  g_strstrip (nick);
  v = g_enum_get_value_by_nick (klass, nick);
  if (v == NULL)
    return FALSE;
  *value = v->value;
  return TRUE;
}

static gboolean
bad_value (GError     **error,
           const char  *display,
           const char  *group,
           const char  *key)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
               /* Translators: "… “connections.ini”: “Port” in [Connection 2] makes no sense." */
               _("The saved connections “%s” could not be read: “%s” in [%s] makes no sense."),
               display, key, group);
  return FALSE;
}

static gboolean
read_file (const char  *path,
           GPtrArray   *out,
           GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;
  int version, count;
  GError *local_error = NULL;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  if (len > TA_SAVED_CONNECTIONS_MAX_FILE_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The saved connections “%s” could not be read: the file is too large to be ours."), display);
      return FALSE;
    }
  if (!g_utf8_validate (data, (gssize) len, NULL) ||
      !g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (kf, HEADER_GROUP))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The saved connections “%s” could not be read: it is not a file of saved connections."),
                   display);
      return FALSE;
    }
  version = g_key_file_get_integer (kf, HEADER_GROUP, "Version", NULL);
  if (version > TA_SAVED_CONNECTIONS_VERSION)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The saved connections “%s” were written by a newer version of TCP Assistant."), display);
      return FALSE;
    }
  count = g_key_file_get_integer (kf, END_GROUP, "Connections", &local_error);
  if (local_error != NULL || count < 0 || count > TA_SAVED_CONNECTIONS_MAX_COUNT)
    {
      g_clear_error (&local_error);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The saved connections “%s” could not be read: the file was cut short."), display);
      return FALSE;
    }

  for (int i = 1; i <= count; i++)
    {
      g_autofree char *group = g_strdup_printf ("Connection %d", i);
      g_autofree char *name = NULL;
      g_autofree char *host = NULL;
      g_autofree char *charset = NULL;
      const char *canonical;
      gint port;
      gboolean tls;
      int mode, ending, checksum;

      if (!g_key_file_has_group (kf, group))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("The saved connections “%s” could not be read: the file was cut short."), display);
          return FALSE;
        }
      name = g_key_file_get_value (kf, group, "Name", NULL);
      host = g_key_file_get_value (kf, group, "Host", NULL);
      charset = g_key_file_get_value (kf, group, "Encoding", NULL);
      port = g_key_file_get_integer (kf, group, "Port", &local_error);
      if (local_error != NULL || port <= 0 || port > 65535)
        {
          g_clear_error (&local_error);
          return bad_value (error, display, group, "Port");
        }
      tls = g_key_file_get_boolean (kf, group, "TLS", &local_error);
      if (local_error != NULL)
        {
          if (!g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
            {
              g_clear_error (&local_error);
              return bad_value (error, display, group, "TLS");
            }
          g_clear_error (&local_error);
          tls = FALSE;
        }
      if (name == NULL || *g_strstrip (name) == '\0' || g_utf8_strlen (name, -1) > TA_SAVED_CONNECTIONS_MAX_NAME)
        return bad_value (error, display, group, "Name");
      if (host == NULL || *g_strstrip (host) == '\0' || strlen (host) > 255)
        return bad_value (error, display, group, "Host");
      canonical = ta_message_find_charset (charset ? g_strstrip (charset) : "UTF-8");
      if (canonical == NULL)
        return bad_value (error, display, group, "Encoding");
      if (!get_enum (kf, group, "Mode", TA_TYPE_MESSAGE_MODE, TA_MESSAGE_MODE_TEXT, &mode))
        return bad_value (error, display, group, "Mode");
      if (!get_enum (kf, group, "LineEnding", TA_TYPE_LINE_ENDING, TA_LINE_ENDING_NONE, &ending))
        return bad_value (error, display, group, "LineEnding");
      if (!get_enum (kf, group, "Checksum", TA_TYPE_CHECKSUM, TA_CHECKSUM_NONE, &checksum))
        return bad_value (error, display, group, "Checksum");
      g_ptr_array_add (out, ta_saved_connection_new (name, host, (guint16) port, tls, mode, canonical,
                                                     ending, checksum));
    }
  return TRUE;
}

static char *
unused_backup_path (const char *path)
{
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *candidate = i == 1 ? g_strdup_printf ("%s.unreadable", path)
                                          : g_strdup_printf ("%s.unreadable-%u", path, i);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/**
 * ta_saved_connections_open:
 *
 * Reads the list at @path (at start-up). No file: an empty list, %TRUE.
 * A file that cannot be read: it is renamed "@path.unreadable" (or
 * "…-2", …) so that the next save cannot destroy it, the list is empty,
 * and %FALSE comes with a sentence saying what was wrong and where the
 * file is kept. The list is not touched until the whole file is good.
 *
 * Returns: %TRUE when the list is the file's (or there is none)
 */
gboolean
ta_saved_connections_open (TaSavedConnections  *self,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *backup = NULL;
  guint old;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (read_file (path, read, &local_error))
    {
      old = self->items->len;
      g_ptr_array_set_size (self->items, 0);
      for (guint i = 0; i < read->len; i++)
        g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (read, i)));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->items->len);
      return TRUE;
    }
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  backup = unused_backup_path (path);
  if (backup != NULL && g_rename (path, backup) == 0)
    {
      g_autofree char *display = g_filename_display_name (backup);

      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is the sentence saying what is wrong */
                   _("%s It is kept as “%s”."), local_error->message, display);
    }
  else
    {
      int saved = errno;

      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is the sentence saying what is wrong */
                   _("%s It could not be set aside (%s), so saving a connection may "
                     "replace it: copy it somewhere safe first."),
                   local_error->message, backup != NULL ? g_strerror (saved) : "…");
    }
  return FALSE;
}

/**
 * ta_saved_connections_save:
 *
 * Writes the list to @path atomically, creating the folder if needed.
 *
 * Returns: %TRUE on success, else a sentence naming the file
 */
gboolean
ta_saved_connections_save (TaSavedConnections  *self,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GEnumClass) modes = g_type_class_ref (TA_TYPE_MESSAGE_MODE);
  g_autoptr(GEnumClass) endings = g_type_class_ref (TA_TYPE_LINE_ENDING);
  g_autoptr(GEnumClass) checksums = g_type_class_ref (TA_TYPE_CHECKSUM);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (TA_IS_SAVED_CONNECTIONS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_key_file_set_integer (kf, HEADER_GROUP, "Version", TA_SAVED_CONNECTIONS_VERSION);
  for (guint i = 0; i < self->items->len; i++)
    {
      TaSavedConnection *c = g_ptr_array_index (self->items, i);
      g_autofree char *group = g_strdup_printf ("Connection %u", i + 1);

      g_key_file_set_value (kf, group, "Name", c->name);
      g_key_file_set_value (kf, group, "Host", c->host);
      g_key_file_set_integer (kf, group, "Port", c->port);
      g_key_file_set_boolean (kf, group, "TLS", c->tls);
      g_key_file_set_string (kf, group, "Mode", g_enum_get_value (modes, c->mode)->value_nick);
      g_key_file_set_value (kf, group, "Encoding", c->charset);
      g_key_file_set_string (kf, group, "LineEnding", g_enum_get_value (endings, c->ending)->value_nick);
      g_key_file_set_string (kf, group, "Checksum", g_enum_get_value (checksums, c->checksum)->value_nick);
    }
  /* Last, so a file cut short lacks it. */
  g_key_file_set_integer (kf, END_GROUP, "Connections", (gint) self->items->len);
  data = g_key_file_to_data (kf, &len, NULL);

  display = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not save the connections to “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents (path, data, (gssize) len, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the connections to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
