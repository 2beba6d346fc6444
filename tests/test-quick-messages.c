/* test-quick-messages.c: the list model, its file, and bad files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-quick-messages.h"

typedef struct {
  guint position, removed, added;
  guint n_items_changed;
  guint n_changed;
} Counts;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->n_items_changed++;
}

static void
on_changed (TaQuickMessages *list,
            Counts          *c)
{
  c->n_changed++;
}

static TaQuickMessages *
new_watched (Counts *c)
{
  TaQuickMessages *list = ta_quick_messages_new ();

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), c);
  g_signal_connect (list, "changed", G_CALLBACK (on_changed), c);
  return list;
}

static TaQuickMessage *
text_message (const char *name)
{
  return ta_quick_message_new (name, name, TA_MESSAGE_MODE_TEXT, "UTF-8",
                               TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE);
}

static char *
names (TaQuickMessages *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, ta_quick_message_get_name (ta_quick_messages_get (list, i)));
    }
  return g_string_free (s, FALSE);
}

#define assert_names(list, expected) \
  G_STMT_START { g_autofree char *_n = names (list); g_assert_cmpstr (_n, ==, expected); } G_STMT_END

static void
test_examples (void)
{
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = NULL;
  g_autoptr(GBytes) modbus = NULL;

  ta_quick_messages_add_examples (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TA_TYPE_QUICK_MESSAGE);

  hello = ta_quick_message_build (ta_quick_messages_get (list, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (hello, NULL), g_bytes_get_size (hello),
                   "\xC4\xE3\xBA\xC3", 4);
  modbus = ta_quick_message_build (ta_quick_messages_get (list, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (modbus, NULL), g_bytes_get_size (modbus),
                   "\x01\x03\x00\x00\x00\x0A\xC5\xCD", 8);
}

static void
test_add_move_remove (void)
{
  Counts c = { 0 };
  g_autoptr(TaQuickMessages) list = new_watched (&c);
  g_autoptr(TaQuickMessage) removed = NULL;
  const char *all[] = { "a", "b", "c", "d" };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autoptr(TaQuickMessage) m = text_message (all[i]);
      ta_quick_messages_append (list, m);
    }
  assert_names (list, "a,b,c,d");
  g_assert_cmpuint (c.n_items_changed, ==, 4);
  g_assert_cmpuint (c.n_changed, ==, 4);

  ta_quick_messages_move (list, 0, 2);
  assert_names (list, "b,c,a,d");
  g_assert_cmpuint (c.position, ==, 0);
  g_assert_cmpuint (c.removed, ==, 3);
  g_assert_cmpuint (c.added, ==, 3);

  ta_quick_messages_move (list, 3, 1);
  assert_names (list, "b,d,c,a");

  /* Delete, then undo: the same object back at the same place. */
  removed = ta_quick_messages_remove (list, 1);
  g_assert_cmpstr (ta_quick_message_get_name (removed), ==, "d");
  assert_names (list, "b,c,a");
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  ta_quick_messages_insert (list, 1, removed);
  assert_names (list, "b,d,c,a");
  g_assert_true (ta_quick_messages_get (list, 1) == removed);

  /* Rename and edits of a field are "changed" (to save), not items-changed. */
  c.n_items_changed = c.n_changed = 0;
  ta_quick_messages_rename (list, 0, "B");
  ta_quick_message_set_checksum (ta_quick_messages_get (list, 0), TA_CHECKSUM_CRC32);
  assert_names (list, "B,d,c,a");
  g_assert_cmpuint (c.n_items_changed, ==, 0);
  g_assert_cmpuint (c.n_changed, ==, 2);

  /* A removed message no longer reports to the list. */
  g_clear_object (&removed);
  removed = ta_quick_messages_remove (list, 0);
  c.n_changed = 0;
  ta_quick_message_set_name (removed, "gone");
  g_assert_cmpuint (c.n_changed, ==, 0);

  ta_quick_messages_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (ta_quick_messages_get (list, 0));
}

static void
test_save_load_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-qm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "quick-messages.ini", NULL);
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(TaQuickMessages) again = ta_quick_messages_new ();
  g_autoptr(TaQuickMessage) tricky = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  ta_quick_messages_add_examples (list);
  /* Characters GKeyFile must escape: new lines, leading spaces, #, [, =, \ */
  tricky = ta_quick_message_new ("  [odd] = name # \\", "  line 1\nline 2\r\n\t# [x]=y \\n",
                                 TA_MESSAGE_MODE_TEXT, "GB18030", TA_LINE_ENDING_CRLF,
                                 TA_CHECKSUM_CRC16_CCITT_FALSE);
  ta_quick_messages_append (list, tricky);

  g_assert_true (ta_quick_messages_save (list, path, &error));
  g_assert_no_error (error);
  g_assert_true (ta_quick_messages_load (again, path, &error));
  g_assert_no_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (again));
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      TaQuickMessage *a = ta_quick_messages_get (list, i);
      TaQuickMessage *b = ta_quick_messages_get (again, i);

      g_assert_cmpstr (ta_quick_message_get_name (a), ==, ta_quick_message_get_name (b));
      g_assert_cmpstr (ta_quick_message_get_content (a), ==, ta_quick_message_get_content (b));
      g_assert_cmpint (ta_quick_message_get_mode (a), ==, ta_quick_message_get_mode (b));
      g_assert_cmpstr (ta_quick_message_get_charset (a), ==, ta_quick_message_get_charset (b));
      g_assert_cmpint (ta_quick_message_get_line_ending (a), ==,
                       ta_quick_message_get_line_ending (b));
      g_assert_cmpint (ta_quick_message_get_checksum (a), ==, ta_quick_message_get_checksum (b));
    }

  /* Import appends; load replaces. */
  g_assert_true (ta_quick_messages_import (again, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 6);
  g_assert_true (ta_quick_messages_load (again, path, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);

  g_remove (path);
  {
    g_autofree char *sub = g_path_get_dirname (path);
    g_rmdir (sub);
  }
  g_rmdir (dir);
}

/* The file format as documented, written by hand. */
static void
test_hand_written (void)
{
  const char *data =
    "# mine\n"
    "[Quick Messages]\nVersion=1\n\n"
    "[Message 1]\nName=Ping\nContent=ping\nLineEnding=LF\n\n"
    "[Message 2]\nContent=01 03 00 00 00 0A\nMode=hex\nChecksum=crc16-modbus\n\n"
    "[End]\nMessages=2\n";
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = NULL;

  g_assert_true (ta_quick_messages_load_data (list, data, strlen (data), FALSE, &error));
  g_assert_no_error (error);
  assert_names (list, "Ping,Message 2");
  b = ta_quick_message_build (ta_quick_messages_get (list, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), "ping\n", 5);
  g_clear_pointer (&b, g_bytes_unref);
  b = ta_quick_message_build (ta_quick_messages_get (list, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (b), ==, 8);
}

/* Each bad file: an error with a sentence, and the list exactly as before. */
static void
test_bad_files (void)
{
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(TaQuickMessages) source = ta_quick_messages_new ();
  g_autofree char *good = NULL;
  gsize good_len;
  struct { const char *what; char *data; gsize len; int code; const char *says; } cases[] = {
    { "truncated", NULL, 0, TA_QUICK_MESSAGES_ERROR_TRUNCATED, "incomplete" },
    { "cut in the count", NULL, 0, TA_QUICK_MESSAGES_ERROR_TRUNCATED, "cut short" },
    { "cut in a line", NULL, 0, TA_QUICK_MESSAGES_ERROR_TRUNCATED, "incomplete" },
    { "not utf-8", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nContent=\xC4\xE3\n"
                             "[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_NOT_UTF8, "not UTF-8" },
    { "nul", NULL, 0, TA_QUICK_MESSAGES_ERROR_NOT_UTF8, "byte 2" },
    { "future", g_strdup ("[Quick Messages]\nVersion=2\n[End]\nMessages=0\n"), 0,
      TA_QUICK_MESSAGES_ERROR_FUTURE_VERSION, "newer" },
    { "no header", g_strdup ("[Foo]\nBar=1\n"), 0, TA_QUICK_MESSAGES_ERROR_INVALID,
      "not a quick-messages file" },
    { "bad version", g_strdup ("[Quick Messages]\nVersion=x\n[End]\nMessages=0\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "Version" },
    { "no content", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nName=a\n"
                              "[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "message 1 has no Content" },
    { "bad checksum", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nName=a\nContent=b\n"
                                "Checksum=crc99\n[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "crc16-modbus" },
    { "bad encoding", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nContent=b\n"
                                "Encoding=NO-SUCH-CHARSET\n[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "NO-SUCH-CHARSET" },
    { "bad mode", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nContent=b\n"
                            "Mode=binary\n[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "binary" },
    /* GLib 2.74 warns on this one by itself: refused before it sees it. */
    { "bad escape", g_strdup ("[Quick Messages]\nVersion=1\n[Message 1]\nContent=\\q\\\n"
                              "[End]\nMessages=1\n"), 0,
      TA_QUICK_MESSAGES_ERROR_INVALID, "Content line of message 1 has a backslash" },
    { "garbage", g_strdup ("hello\nworld [End]\n"), 0, TA_QUICK_MESSAGES_ERROR_INVALID,
      "not a quick-messages file" },
    { "empty", g_strdup (""), 0, TA_QUICK_MESSAGES_ERROR_INVALID, "not a quick-messages file" },
  };

  ta_quick_messages_add_examples (source);
  good = ta_quick_messages_to_data (source, &good_len);
  /* Cut before [End]; in its count line; in the middle of a line. */
  cases[0].data = g_strndup (good, strstr (good, "[End]") - good);
  cases[1].data = g_strdup (good);
  cases[1].data[strlen (good) - 2] = '\0';  /* "Messages=2\n" → "Messages=" */
  cases[2].data = g_strndup (good, strstr (good, "Content=01 03") - good + 10);
  cases[4].data = g_memdup2 ("[\0Quick", 7);
  cases[4].len = 7;

  ta_quick_messages_add_examples (list);
  {
    g_autoptr(TaQuickMessage) m = text_message ("mine");
    ta_quick_messages_append (list, m);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].data);

      g_test_message ("%s", cases[i].what);
      g_assert_false (ta_quick_messages_load_data (list, cases[i].data, len, FALSE, &error));
      g_assert_error (error, TA_QUICK_MESSAGES_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].what, error->message, cases[i].says);
      g_assert_false (ta_quick_messages_load_data (list, cases[i].data, len, TRUE, NULL));
      assert_names (list, "Tutorial: 你好 in GBK,Modbus: read 10 holding registers,mine");
      g_free (cases[i].data);
    }
}

static void
test_files_on_disk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-qm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "q.ini", NULL);
  g_autofree char *missing = g_build_filename (dir, "none.ini", NULL);
  g_autofree char *blocked = g_build_filename (dir, "q.ini", "x.ini", NULL);
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *big = NULL;

  ta_quick_messages_add_examples (list);

  /* No file yet: NOENT, so the UI keeps the examples. */
  g_assert_false (ta_quick_messages_load (list, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* A save that cannot happen leaves the old file as it was. */
  g_assert_true (ta_quick_messages_save (list, path, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  ta_quick_messages_clear (list);
  g_assert_false (ta_quick_messages_save (list, blocked, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Could not save"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Too large a file is refused before it is read. */
  big = g_build_filename (dir, "big.ini", NULL);
  {
    g_autofree char *fill = g_malloc (TA_QUICK_MESSAGES_MAX_FILE_SIZE + 1);

    memset (fill, '#', TA_QUICK_MESSAGES_MAX_FILE_SIZE + 1);
    g_assert_true (g_file_set_contents (big, fill, TA_QUICK_MESSAGES_MAX_FILE_SIZE + 1, NULL));
  }
  g_assert_true (ta_quick_messages_load (list, path, &error));
  g_assert_false (ta_quick_messages_import (list, big, NULL, &error));
  g_assert_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  g_remove (big);
  g_remove (path);
  g_rmdir (dir);
}

/* At start-up: whatever is at the path, the user's list is never lost. */
static void
test_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-qm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "quick-messages.ini", NULL);
  g_autofree char *backup1 = g_strconcat (path, ".unreadable", NULL);
  g_autofree char *backup2 = g_strconcat (path, ".unreadable-2", NULL);
  const char *future = "[Quick Messages]\nVersion=7\n[End]\nMessages=0\n";
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *good = NULL;
  gsize good_len;

  /* No file: the examples. */
  g_assert_true (ta_quick_messages_open (list, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* The user's own list. */
  {
    g_autoptr(TaQuickMessage) m = text_message ("mine");
    g_assert_true (ta_quick_messages_append (list, m));
  }
  g_assert_true (ta_quick_messages_save (list, path, &error));
  g_assert_true (ta_quick_messages_open (list, path, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* Cut short: set aside, examples, a sentence saying where it is. */
  good = ta_quick_messages_to_data (list, &good_len);
  g_assert_true (g_file_set_contents (path, good, good_len / 2, NULL));
  g_assert_false (ta_quick_messages_open (list, path, &error));
  g_assert_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "incomplete"));
  g_assert_nonnull (strstr (error->message, "quick-messages.ini.unreadable"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (backup1, &kept, NULL, NULL));
  g_assert_cmpmem (kept, strlen (kept), good, good_len / 2);

  /* Saving now cannot touch it; a second bad file goes next to it. */
  g_assert_true (ta_quick_messages_save (list, path, &error));
  g_assert_true (g_file_set_contents (path, future, -1, NULL));
  g_assert_false (ta_quick_messages_open (list, path, &error));
  g_assert_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_FUTURE_VERSION);
  g_assert_nonnull (strstr (error->message, "unreadable-2"));
  g_clear_error (&error);
  g_clear_pointer (&kept, g_free);
  g_assert_true (g_file_get_contents (backup2, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, future);
  g_assert_true (g_file_test (backup1, G_FILE_TEST_EXISTS));

  /* A file that cannot be opened is left alone. */
  g_assert_true (g_mkdir (path, 0700) == 0);
  g_assert_false (ta_quick_messages_open (list, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  g_rmdir (path);
  g_remove (backup1);
  g_remove (backup2);
  g_rmdir (dir);
}

static void
test_full (void)
{
  g_autoptr(TaQuickMessages) list = ta_quick_messages_new ();
  g_autoptr(TaQuickMessage) extra = text_message ("one too many");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  for (guint i = 0; i < TA_QUICK_MESSAGES_MAX_COUNT; i++)
    {
      g_autoptr(TaQuickMessage) m = text_message ("m");
      g_assert_false (ta_quick_messages_is_full (list));
      g_assert_true (ta_quick_messages_append (list, m));
    }
  g_assert_true (ta_quick_messages_is_full (list));
  g_assert_false (ta_quick_messages_append (list, extra));
  g_assert_false (ta_quick_messages_insert (list, 0, extra));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    TA_QUICK_MESSAGES_MAX_COUNT);

  /* Importing into a full list is refused with a sentence. */
  data = ta_quick_messages_to_data (list, &len);
  g_assert_true (ta_quick_messages_load_data (list, data, len, FALSE, &error));
  g_assert_false (ta_quick_messages_load_data (list, data, len, TRUE, &error));
  g_assert_error (error, TA_QUICK_MESSAGES_ERROR, TA_QUICK_MESSAGES_ERROR_TOO_LARGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    TA_QUICK_MESSAGES_MAX_COUNT);
}

static void
test_default_path (void)
{
  g_autofree char *path = ta_quick_messages_get_default_path ();

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_true (g_str_has_suffix (path, "tcp-assistant/quick-messages.ini"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quick-messages/examples", test_examples);
  g_test_add_func ("/quick-messages/add-move-remove", test_add_move_remove);
  g_test_add_func ("/quick-messages/save-load", test_save_load_round_trip);
  g_test_add_func ("/quick-messages/hand-written", test_hand_written);
  g_test_add_func ("/quick-messages/bad-files", test_bad_files);
  g_test_add_func ("/quick-messages/files-on-disk", test_files_on_disk);
  g_test_add_func ("/quick-messages/open", test_open);
  g_test_add_func ("/quick-messages/full", test_full);
  g_test_add_func ("/quick-messages/default-path", test_default_path);

  return g_test_run ();
}
