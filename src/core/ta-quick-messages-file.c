/* ta-quick-messages-file.c: reading and writing the quick-messages file
 *
 * The file is a GKeyFile a user can read, mail and edit:
 *
 *   [Quick Messages]
 *   Version=1
 *
 *   [Message 1]
 *   Name=Modbus: read 10 holding registers
 *   Content=01 03 00 00 00 0A
 *   Mode=hex
 *   Encoding=UTF-8
 *   LineEnding=none
 *   Checksum=crc16-modbus
 *
 *   [End]
 *   Messages=1
 *
 * Messages are the groups between the header and [End], in file order.
 * [End] with the count, written last, is how a file cut short (a copy
 * interrupted, a disk full while an older version wrote in place) is told
 * from a complete one. Reading
 * never touches the list until the whole file is good, and saving goes
 * through g_file_set_contents() (a temporary file renamed over the old
 * one), so the list on disk and in memory is never lost half-way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-codec.h"
#include "ta-core-enums.h"
#include "ta-quick-messages.h"
#include "ta-quick-messages-private.h"

#define HEADER_GROUP "Quick Messages"
#define END_GROUP "End"

static gboolean
lookup_enum (GType        type,
             const char  *nick,
             int         *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autofree char *canon = g_ascii_strdown (nick, -1);
  GEnumValue *v;

  g_strstrip (canon);
  v = g_enum_get_value_by_nick (klass, canon);
  if (v == NULL)
    return FALSE;
  *value = v->value;
  return TRUE;
}

static char *
list_nicks (GType type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, klass->values[i].value_nick);
    }
  return g_string_free (s, FALSE);
}

/* g_key_file_get_string(), but a value with a bad escape (a backslash not
 * followed by s, n, t, r or another backslash) is refused before GLib sees
 * it: GLib 2.74 logs "GError set over the top of a previous GError" on a
 * value such as \q\ even when no GError is asked for (found by
 * fuzz-quick-messages). %NULL with @bad_escape set when refused. */
static char *
get_string (GKeyFile    *kf,
            const char  *group,
            const char  *key,
            gboolean    *bad_escape)
{
  g_autofree char *raw = g_key_file_get_value (kf, group, key, NULL);
  g_autoptr(GError) local_error = NULL;
  char *value;

  *bad_escape = FALSE;
  if (raw == NULL)
    return NULL;
  for (const char *p = raw; *p; p++)
    {
      if (*p != '\\')
        continue;
      if (p[1] == '\0' || strchr ("sntr\\", p[1]) == NULL)
        {
          *bad_escape = TRUE;
          return NULL;
        }
      p++;
    }
  value = g_key_file_get_string (kf, group, key, &local_error);
  if (value == NULL)
    *bad_escape = TRUE;
  return value;
}

static gboolean
check_escape (gboolean     bad_escape,
              const char  *what,
              guint        index,
              const char  *key,
              GError     **error)
{
  if (!bad_escape)
    return TRUE;
  g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
               /* Translators: "“a.ini”: the Content line of message 3 has a backslash
                * that is not \s, \n, \t, \r or \\." */
               _("“%s”: the %s line of message %u has a backslash that is not "
                 "\\s, \\n, \\t, \\r or \\\\."),
               what, key, index);
  return FALSE;
}

/* Reads one [Message N] group; errors name the message by its place. */
static TaQuickMessage *
parse_message (GKeyFile    *kf,
               const char  *group,
               guint        index,
               const char  *what,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *content = NULL;
  g_autofree char *mode_s = NULL;
  g_autofree char *charset = NULL;
  g_autofree char *ending_s = NULL;
  g_autofree char *checksum_s = NULL;
  int mode = TA_MESSAGE_MODE_TEXT;
  int ending = TA_LINE_ENDING_NONE;
  int checksum = TA_CHECKSUM_NONE;
  gboolean bad;

  content = get_string (kf, group, "Content", &bad);
  if (!check_escape (bad, what, index, "Content", error))
    return NULL;
  if (content == NULL)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   /* Translators: "“a.ini”: message 3 has no Content line." */
                   _("“%s”: message %u has no Content line."), what, index);
      return NULL;
    }
  name = get_string (kf, group, "Name", &bad);
  if (!check_escape (bad, what, index, "Name", error))
    return NULL;
  if (name == NULL || strspn (name, " \t\r\n") == strlen (name))
    {
      g_free (name);
      /* Translators: the name given to a saved message that has none */
      name = g_strdup_printf (_("Message %u"), index);
    }

  mode_s = get_string (kf, group, "Mode", &bad);
  if (!check_escape (bad, what, index, "Mode", error))
    return NULL;
  if (mode_s != NULL && !lookup_enum (TA_TYPE_MESSAGE_MODE, mode_s, &mode))
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s”: message %u (“%s”) has the unknown mode “%s”; "
                     "the file may use: text, hex."),
                   what, index, name, mode_s);
      return NULL;
    }

  charset = get_string (kf, group, "Encoding", &bad);
  if (!check_escape (bad, what, index, "Encoding", error))
    return NULL;
  if (charset == NULL || *g_strstrip (charset) == '\0')
    {
      g_free (charset);
      charset = g_strdup ("UTF-8");
    }
  if (g_strcmp0 (charset, TA_CHARSET_AUTO) == 0 || !ta_codec_is_supported (charset))
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s”: message %u (“%s”) uses the encoding “%s”, "
                     "which this computer cannot write."),
                   what, index, name, charset);
      return NULL;
    }

  ending_s = get_string (kf, group, "LineEnding", &bad);
  if (!check_escape (bad, what, index, "LineEnding", error))
    return NULL;
  if (ending_s != NULL && !lookup_enum (TA_TYPE_LINE_ENDING, ending_s, &ending))
    {
      g_autofree char *valid = list_nicks (TA_TYPE_LINE_ENDING);

      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s”: message %u (“%s”) has the unknown line ending “%s”; "
                     "the file may use: %s."),
                   what, index, name, ending_s, valid);
      return NULL;
    }

  checksum_s = get_string (kf, group, "Checksum", &bad);
  if (!check_escape (bad, what, index, "Checksum", error))
    return NULL;
  if (checksum_s != NULL && !lookup_enum (TA_TYPE_CHECKSUM, checksum_s, &checksum))
    {
      g_autofree char *valid = list_nicks (TA_TYPE_CHECKSUM);

      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s”: message %u (“%s”) has the unknown checksum “%s”; "
                     "the file may use: %s."),
                   what, index, name, checksum_s, valid);
      return NULL;
    }

  return ta_quick_message_new (name, content, mode, charset, ending, checksum);
}

/* Parses a whole file into @out, or fails without side effects. @what
 * names the file in messages. */
static gboolean
parse_data (const char  *data,
            gsize        len,
            const char  *what,
            GPtrArray   *out,
            GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  const char *end;
  gboolean has_end = FALSE;
  int version, count;
  guint index = 0;

  if (len > TA_QUICK_MESSAGES_MAX_FILE_SIZE)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE,
                   _("“%s” is too large for a quick-messages file (over %u KiB)."),
                   what, TA_QUICK_MESSAGES_MAX_FILE_SIZE / 1024);
      return FALSE;
    }

  /* g_utf8_validate_len() also refuses NUL bytes, which no text file holds. */
  if (!g_utf8_validate_len (data, len, &end))
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_NOT_UTF8,
                   _("“%s” is not a quick-messages file: it is not UTF-8 text "
                     "(byte %u)."),
                   what, (guint) (end - data) + 1);
      return FALSE;
    }

  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local_error))
    {
      /* Ours, cut in the middle of a line: the header without the end. */
      if (g_strstr_len (data, len, "[" HEADER_GROUP "]") != NULL &&
          g_strstr_len (data, len, "\n[" END_GROUP "]") == NULL)
        g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TRUNCATED,
                     _("“%s” is incomplete: it ends before its last line, as a file "
                       "cut short while copying does. Nothing was read from it."),
                     what);
      else
        g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                     _("“%s” is not a quick-messages file (%s)."), what, local_error->message);
      return FALSE;
    }

  if (!g_key_file_has_group (kf, HEADER_GROUP))
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s” is not a quick-messages file: it has no [%s] section."),
                   what, HEADER_GROUP);
      return FALSE;
    }

  version = g_key_file_get_integer (kf, HEADER_GROUP, "Version", &local_error);
  if (local_error != NULL || version < 1)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                   _("“%s” is not a quick-messages file: its Version line is missing "
                     "or not a number."),
                   what);
      return FALSE;
    }
  if (version > TA_QUICK_MESSAGES_VERSION)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_FUTURE_VERSION,
                   _("“%s” was written by a newer TCP Assistant (file version %d); "
                     "this one reads version %d. Update TCP Assistant to read it."),
                   what, version, TA_QUICK_MESSAGES_VERSION);
      return FALSE;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      TaQuickMessage *message;

      if (g_strcmp0 (groups[i], HEADER_GROUP) == 0)
        continue;
      if (g_strcmp0 (groups[i], END_GROUP) == 0)
        {
          has_end = TRUE;
          continue;
        }
      if (has_end)
        {
          g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_INVALID,
                       _("“%s” has a section after [%s]: move [%s] to the end."),
                       what, END_GROUP, END_GROUP);
          return FALSE;
        }
      if (++index > TA_QUICK_MESSAGES_MAX_COUNT)
        {
          g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE,
                       _("“%s” holds more than %u messages, more than TCP Assistant keeps."),
                       what, TA_QUICK_MESSAGES_MAX_COUNT);
          return FALSE;
        }
      message = parse_message (kf, groups[i], index, what, error);
      if (message == NULL)
        return FALSE;
      g_ptr_array_add (out, message);
    }

  if (!has_end)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TRUNCATED,
                   _("“%s” is incomplete: its closing [%s] section is missing, as in a file "
                     "cut short while copying. Nothing was read from it."),
                   what, END_GROUP);
      return FALSE;
    }
  count = g_key_file_get_integer (kf, END_GROUP, "Messages", &local_error);
  if (local_error != NULL || count < 0 || (guint) count != index)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TRUNCATED,
                   _("“%s” does not hold the number of messages its last line gives "
                     "(%u found): it may have been cut short or edited. Nothing was read "
                     "from it."),
                   what, index);
      return FALSE;
    }
  return TRUE;
}

/**
 * ta_quick_messages_load_data:
 * @data: the file's contents
 * @append: %TRUE to add the messages after the current ones (import),
 *   %FALSE to replace the list
 *
 * Reads a whole file; on any error the list is left exactly as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
ta_quick_messages_load_data (TaQuickMessages  *self,
                             const char       *data,
                             gsize             len,
                             gboolean          append,
                             GError          **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!parse_data (data != NULL ? data : "", len, _("The quick messages"), parsed, error))
    return FALSE;
  return _ta_quick_messages_take (self, parsed, append, error);
}

static gboolean
read_file (TaQuickMessages  *self,
           const char       *path,
           gboolean          append,
           guint            *n_added,
           GError          **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len;

  if (g_stat (path, &st) == 0 && st.st_size > TA_QUICK_MESSAGES_MAX_FILE_SIZE)
    {
      g_set_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE,
                   _("“%s” is too large for a quick-messages file (over %u KiB)."),
                   display, TA_QUICK_MESSAGES_MAX_FILE_SIZE / 1024);
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  if (!parse_data (contents, len, display, parsed, error))
    return FALSE;
  if (!_ta_quick_messages_take (self, parsed, append, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = parsed->len;
  return TRUE;
}

/**
 * ta_quick_messages_load:
 *
 * Replaces the list with the file at @path. On any error the list is left
 * as it was; %G_FILE_ERROR_NOENT means there is no file yet (the UI then
 * adds the examples).
 *
 * Returns: %TRUE on success
 */
gboolean
ta_quick_messages_load (TaQuickMessages  *self,
                        const char       *path,
                        GError          **error)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return read_file (self, path, FALSE, NULL, error);
}

/* "quick-messages.ini.unreadable", or "….unreadable-2" … if taken. */
static char *
unused_backup_path (const char *path)
{
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *candidate = i == 1 ? g_strconcat (path, ".unreadable", NULL)
                                          : g_strdup_printf ("%s.unreadable-%u", path, i);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/**
 * ta_quick_messages_open:
 * @path: the app's own file, usually ta_quick_messages_get_default_path()
 *
 * Reads the list the app keeps at @path at start-up, so that the user's
 * list is never lost, whatever is found there:
 * - a good file: its messages; %TRUE;
 * - no file yet: the examples; %TRUE;
 * - a file that is not a readable quick-messages file (cut short, not
 *   UTF-8, from a newer version…): it is renamed to
 *   "@path.unreadable" (or "…unreadable-2", …) so that saving the list
 *   later cannot destroy it, the list starts with the examples, and
 *   %FALSE is returned with a sentence saying what was wrong and where
 *   the file is kept (for a toast);
 *   The same for a file this user may not read (a save would replace it);
 * - something else in the way (a folder of that name): the examples, it is
 *   left alone, %FALSE with the reason.
 *
 * Afterwards the UI saves with ta_quick_messages_save() on
 * #TaQuickMessages::changed.
 *
 * Returns: %TRUE when the list is the user's or the first one
 */
gboolean
ta_quick_messages_open (TaQuickMessages  *self,
                        const char       *path,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *backup = NULL;

  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (read_file (self, path, FALSE, NULL, &local_error))
    return TRUE;

  ta_quick_messages_clear (self);
  ta_quick_messages_add_examples (self);

  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;

  /* A file we cannot read (bad contents, or no permission to read it)
   * would be replaced by the next save: set it aside. Anything else (a
   * folder of that name…) cannot be replaced by a save either. */
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
                   _("%s It is kept as “%s”; the quick messages start again with the examples."),
                   local_error->message, display);
    }
  else
    {
      int saved = errno;

      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is the sentence saying what is wrong */
                   _("%s It could not be set aside (%s), so saving the quick messages may "
                     "replace it: copy it somewhere safe first."),
                   local_error->message, backup != NULL ? g_strerror (saved) : "…");
    }
  return FALSE;
}

/**
 * ta_quick_messages_import:
 * @n_added: (out) (optional): how many messages were added
 *
 * Adds the messages of the file at @path after the current ones. On any
 * error nothing is added.
 *
 * Returns: %TRUE on success
 */
gboolean
ta_quick_messages_import (TaQuickMessages  *self,
                          const char       *path,
                          guint            *n_added,
                          GError          **error)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return read_file (self, path, TRUE, n_added, error);
}

/* Writing */

/**
 * ta_quick_messages_to_data:
 * @len: (out) (optional): length of the result
 *
 * Returns: (transfer full): the file's contents (see the top of
 *   ta-quick-messages.c for the format)
 */
char *
ta_quick_messages_to_data (TaQuickMessages *self,
                           gsize           *len)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GEnumClass) modes = g_type_class_ref (TA_TYPE_MESSAGE_MODE);
  g_autoptr(GEnumClass) endings = g_type_class_ref (TA_TYPE_LINE_ENDING);
  g_autoptr(GEnumClass) checksums = g_type_class_ref (TA_TYPE_CHECKSUM);

  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), NULL);

  g_key_file_set_integer (kf, HEADER_GROUP, "Version", TA_QUICK_MESSAGES_VERSION);
  g_key_file_set_comment (kf, NULL, NULL,
                          " TCP Assistant quick messages: one section per message, in order;\n"
                          " the last section closes the list with the number of messages.",
                          NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      TaQuickMessage *m = ta_quick_messages_get (self, i);
      g_autofree char *group = g_strdup_printf ("Message %u", i + 1);

      g_key_file_set_string (kf, group, "Name", ta_quick_message_get_name (m));
      g_key_file_set_string (kf, group, "Content", ta_quick_message_get_content (m));
      g_key_file_set_string (kf, group, "Mode", g_enum_get_value (modes, ta_quick_message_get_mode (m))->value_nick);
      g_key_file_set_string (kf, group, "Encoding", ta_quick_message_get_charset (m));
      g_key_file_set_string (kf, group, "LineEnding",
                             g_enum_get_value (endings, ta_quick_message_get_line_ending (m))->value_nick);
      g_key_file_set_string (kf, group, "Checksum",
                             g_enum_get_value (checksums, ta_quick_message_get_checksum (m))->value_nick);
    }
  /* Last, so a file cut short lacks it or has a wrong count. */
  g_key_file_set_integer (kf, END_GROUP, "Messages", g_list_model_get_n_items (G_LIST_MODEL (self)));

  return g_key_file_to_data (kf, len, NULL);
}

/**
 * ta_quick_messages_save:
 *
 * Writes the list to @path atomically (g_file_set_contents: a temporary
 * file renamed over the old one), creating the folder if needed; used for
 * both the app's own file and export.
 *
 * Returns: %TRUE on success, else an error sentence naming the file
 */
gboolean
ta_quick_messages_save (TaQuickMessages  *self,
                        const char       *path,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (TA_IS_QUICK_MESSAGES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *dir_display = g_filename_display_name (dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not save the quick messages: the folder “%s” cannot be "
                     "created (%s)."),
                   dir_display, g_strerror (saved));
      return FALSE;
    }

  data = ta_quick_messages_to_data (self, &len);
  if (!g_file_set_contents (path, data, len, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the quick messages to “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
