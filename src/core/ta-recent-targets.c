/* ta-recent-targets.c: the servers this user connected to lately
 *
 * Kept in a GKeyFile a person can read:
 *
 *   [Recent Servers]
 *   Version=1
 *
 *   [Server 1]
 *   Host=10.0.0.7
 *   Port=502
 *   LastUsed=1795900000     (seconds since 1970, UTC)
 *
 * newest first. Saving goes through g_file_set_contents() (a temporary
 * file renamed over the old one). A file that cannot be read is set
 * aside as "….unreadable" so the next save cannot destroy it, and the
 * sentence saying so is returned for the window; entries that make no
 * sense (no host, a port out of range) are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-address.h"
#include "ta-recent-targets.h"

#define HEADER_GROUP "Recent Servers"
#define MAX_HOST_LEN 255

struct _TaRecentTarget
{
  GObject  parent_instance;
  char    *host;
  guint16  port;
  gint64   last_used;
};

G_DEFINE_FINAL_TYPE (TaRecentTarget, ta_recent_target, G_TYPE_OBJECT)

static void
ta_recent_target_finalize (GObject *object)
{
  g_free (TA_RECENT_TARGET (object)->host);
  G_OBJECT_CLASS (ta_recent_target_parent_class)->finalize (object);
}

static void
ta_recent_target_class_init (TaRecentTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_recent_target_finalize;
}

static void
ta_recent_target_init (TaRecentTarget *self)
{
}

const char *ta_recent_target_get_host (TaRecentTarget *self) { return self->host; }
guint16 ta_recent_target_get_port (TaRecentTarget *self) { return self->port; }
gint64 ta_recent_target_get_last_used (TaRecentTarget *self) { return self->last_used; }

/**
 * ta_recent_target_dup_label:
 *
 * Returns: (transfer full): "10.0.0.7:502", "[::1]:7788"
 */
char *
ta_recent_target_dup_label (TaRecentTarget *self)
{
  g_return_val_if_fail (TA_IS_RECENT_TARGET (self), NULL);
  return ta_format_host_port (self->host, self->port);
}

/**
 * ta_recent_target_matches:
 * @typed: what is in the host field
 *
 * Whether the target is worth offering for @typed: empty offers all,
 * otherwise "host:port" contains it, ignoring case.
 */
gboolean
ta_recent_target_matches (TaRecentTarget *self,
                          const char     *typed)
{
  g_autofree char *label = NULL;
  g_autofree char *hay = NULL;
  g_autofree char *needle = NULL;

  g_return_val_if_fail (TA_IS_RECENT_TARGET (self), FALSE);
  if (typed == NULL || *typed == '\0')
    return TRUE;
  label = ta_recent_target_dup_label (self);
  hay = g_utf8_casefold (label, -1);
  needle = g_utf8_casefold (typed, -1);
  g_strstrip (needle);
  return strstr (hay, needle) != NULL;
}

/* The list */

struct _TaRecentTargets
{
  GObject    parent_instance;
  GPtrArray *items;   /* (element-type TaRecentTarget) newest first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaRecentTargets, ta_recent_targets, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return TA_TYPE_RECENT_TARGET;
}

static guint
get_n_items (GListModel *model)
{
  return TA_RECENT_TARGETS (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TaRecentTargets *self = TA_RECENT_TARGETS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
ta_recent_targets_finalize (GObject *object)
{
  g_ptr_array_unref (TA_RECENT_TARGETS (object)->items);
  G_OBJECT_CLASS (ta_recent_targets_parent_class)->finalize (object);
}

static void
ta_recent_targets_class_init (TaRecentTargetsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_recent_targets_finalize;
}

static void
ta_recent_targets_init (TaRecentTargets *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

TaRecentTargets *
ta_recent_targets_new (void)
{
  return g_object_new (TA_TYPE_RECENT_TARGETS, NULL);
}

/**
 * ta_recent_targets_get:
 *
 * Returns: (transfer none) (nullable): the target at @position
 */
TaRecentTarget *
ta_recent_targets_get (TaRecentTargets *self,
                       guint            position)
{
  g_return_val_if_fail (TA_IS_RECENT_TARGETS (self), NULL);
  return position < self->items->len ? g_ptr_array_index (self->items, position) : NULL;
}

static gboolean
host_is_sane (const char *host)
{
  if (host == NULL || *host == '\0' || strlen (host) > MAX_HOST_LEN || !g_utf8_validate (host, -1, NULL))
    return FALSE;
  for (const char *p = host; *p; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Appends without notifying: for loading. */
static void
append (TaRecentTargets *self,
        const char      *host,
        guint16          port,
        gint64           when)
{
  TaRecentTarget *target = g_object_new (TA_TYPE_RECENT_TARGET, NULL);

  target->host = g_strdup (host);
  target->port = port;
  target->last_used = when;
  g_ptr_array_add (self->items, target);
}

static gint
find (TaRecentTargets *self,
      const char      *host,
      guint16          port)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      TaRecentTarget *t = g_ptr_array_index (self->items, i);

      if (t->port == port && g_ascii_strcasecmp (t->host, host) == 0)
        return (gint) i;
    }
  return -1;
}

/**
 * ta_recent_targets_record_at:
 * @when: seconds since 1970 (UTC)
 *
 * Puts @host:@port first (moving it there when it is already listed),
 * and drops the oldest past %TA_RECENT_TARGETS_MAX.
 */
void
ta_recent_targets_record_at (TaRecentTargets *self,
                             const char      *host,
                             guint16          port,
                             gint64           when)
{
  TaRecentTarget *target;
  gint found;

  g_return_if_fail (TA_IS_RECENT_TARGETS (self));
  if (!host_is_sane (host) || port == 0)
    return;

  found = find (self, host, port);
  if (found >= 0)
    {
      target = g_ptr_array_steal_index (self->items, (guint) found);
      g_free (target->host);
      target->host = g_strdup (host);   /* as typed last */
    }
  else
    {
      target = g_object_new (TA_TYPE_RECENT_TARGET, NULL);
      target->host = g_strdup (host);
      target->port = port;
    }
  target->last_used = when;
  g_ptr_array_insert (self->items, 0, target);

  if (found >= 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, (guint) found + 1, (guint) found + 1);
  else
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
      if (self->items->len > TA_RECENT_TARGETS_MAX)
        {
          guint extra = self->items->len - TA_RECENT_TARGETS_MAX;

          g_ptr_array_remove_range (self->items, TA_RECENT_TARGETS_MAX, extra);
          g_list_model_items_changed (G_LIST_MODEL (self), TA_RECENT_TARGETS_MAX, extra, 0);
        }
    }
}

/**
 * ta_recent_targets_record:
 *
 * ta_recent_targets_record_at() now.
 */
void
ta_recent_targets_record (TaRecentTargets *self,
                          const char      *host,
                          guint16          port)
{
  ta_recent_targets_record_at (self, host, port, g_get_real_time () / G_USEC_PER_SEC);
}

void
ta_recent_targets_forget (TaRecentTargets *self,
                          guint            position)
{
  g_return_if_fail (TA_IS_RECENT_TARGETS (self));
  if (position >= self->items->len)
    return;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
ta_recent_targets_clear (TaRecentTargets *self)
{
  guint n;

  g_return_if_fail (TA_IS_RECENT_TARGETS (self));
  n = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/**
 * ta_recent_targets_get_default_path:
 *
 * Returns: (transfer full): g_get_user_data_dir()/tcp-assistant/recent-servers.ini
 */
char *
ta_recent_targets_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tcp-assistant", "recent-servers.ini", NULL);
}

static gboolean
parse (TaRecentTargets  *self,
       const char       *path,
       GError          **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_auto(GStrv) groups = NULL;
  gsize len = 0;
  int version;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  if (len > TA_RECENT_TARGETS_MAX_FILE_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The list of recent servers “%s” is too large to be ours."), display);
      return FALSE;
    }
  if (!g_utf8_validate (data, (gssize) len, NULL) ||
      !g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (kf, HEADER_GROUP))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The list of recent servers “%s” could not be read: it is not a list of recent servers."),
                   display);
      return FALSE;
    }
  version = g_key_file_get_integer (kf, HEADER_GROUP, "Version", NULL);
  if (version > TA_RECENT_TARGETS_VERSION)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The list of recent servers “%s” was written by a newer version of TCP Assistant."),
                   display);
      return FALSE;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL && self->items->len < TA_RECENT_TARGETS_MAX; i++)
    {
      g_autofree char *host = NULL;
      gint port;
      gint64 when;

      if (!g_str_has_prefix (groups[i], "Server "))
        continue;
      host = g_key_file_get_value (kf, groups[i], "Host", NULL);
      port = g_key_file_get_integer (kf, groups[i], "Port", NULL);
      when = g_key_file_get_int64 (kf, groups[i], "LastUsed", NULL);
      if (host == NULL)
        continue;
      g_strstrip (host);
      if (!host_is_sane (host) || port <= 0 || port > 65535 || find (self, host, (guint16) port) >= 0)
        continue;
      append (self, host, (guint16) port, when);
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
 * ta_recent_targets_load:
 *
 * Replaces the list with the one at @path. No file: an empty list,
 * %TRUE. A file that cannot be read: an empty list, the file renamed to
 * "@path.unreadable" so the next save keeps it, %FALSE with a sentence.
 *
 * Returns: %TRUE when the list is the file's (or there is none)
 */
gboolean
ta_recent_targets_load (TaRecentTargets  *self,
                        const char       *path,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *backup = NULL;
  guint old;

  g_return_val_if_fail (TA_IS_RECENT_TARGETS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  old = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (!parse (self, path, &local_error))
    g_ptr_array_set_size (self->items, 0);
  if (old > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->items->len);

  if (local_error == NULL || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
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
                   _("%s It is kept as “%s”; recent servers start again from the next connection."),
                   local_error->message, display);
    }
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * ta_recent_targets_save:
 *
 * Writes the list to @path atomically, creating the folder if needed.
 *
 * Returns: %TRUE on success, else a sentence naming the file
 */
gboolean
ta_recent_targets_save (TaRecentTargets  *self,
                        const char       *path,
                        GError          **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (TA_IS_RECENT_TARGETS (self), FALSE);

  g_key_file_set_integer (kf, HEADER_GROUP, "Version", TA_RECENT_TARGETS_VERSION);
  for (guint i = 0; i < self->items->len; i++)
    {
      TaRecentTarget *t = g_ptr_array_index (self->items, i);
      g_autofree char *group = g_strdup_printf ("Server %u", i + 1);

      g_key_file_set_value (kf, group, "Host", t->host);
      g_key_file_set_integer (kf, group, "Port", t->port);
      g_key_file_set_int64 (kf, group, "LastUsed", t->last_used);
    }
  data = g_key_file_to_data (kf, &len, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not save the recent servers to “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents (path, data, (gssize) len, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the recent servers to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
