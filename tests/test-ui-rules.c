/* test-ui-rules.c: the rules editor and the framing choice, driven from
 * their widgets, with a real client over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ta-client-page.h"
#include "ta-rules-editor.h"
#include "ta-server-page.h"
#include "tt-ui.h"
#include "ta-client-page-private.h"
#include "ta-server-page-private.h"
#include "tt-util.h"

#define RULES_INDEX 3  /* "Answer by rules" in the reply dropdown */


/* The server has read the first @data bytes of its only client. */
static gboolean
first_client_read_7 (gpointer data)
{
  TaServer *server = data;
  g_autoptr(TaConnection) conn = NULL;

  if (ta_server_get_n_clients (server) == 0)
    return FALSE;
  conn = g_list_model_get_item (ta_server_get_clients (server), 0);
  return conn != NULL && ta_connection_get_bytes_in (conn) >= 7;
}

static TaRulesEditor *
open_editor (TaServerPage *page)
{
  GtkWindow *editor;

  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (page), RULES_INDEX);
  g_assert_cmpint (ta_server_get_reply_mode (ta_server_page_get_server (page)), ==, TA_REPLY_RULES);
  ta_server_page_show_rules (page);
  editor = _ta_server_page_get_rules_editor (page);
  g_assert_nonnull (editor);
  return TA_RULES_EDITOR (editor);
}

static void
assert_row (TaRulesEditor *editor, guint position, const char *expected)
{
  g_autofree char *text = _ta_rules_editor_dup_row_text (editor, position);

  g_assert_cmpstr (text, ==, expected);
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("TA_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int w, h;

  if (dir == NULL)
    return;
  tt_ui_iterate_for (300 * 1000);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
test_editor (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaRules *rules = ta_server_get_rules (ta_server_page_get_server (page));
  TaRulesEditor *editor = open_editor (page);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "test-ui-rules-XXXXXX", NULL);
  g_autofree char *good = NULL, *bad = NULL;
  g_autoptr(GFile) good_file = NULL, bad_file = NULL, out_file = NULL;
  g_autofree char *exported = NULL;

  g_assert_nonnull (g_mkdtemp (path));

  /* The tutorial's rule. */
  assert_row (editor, 0, "Any message → “hello” | 0 hits");

  /* Add a rule from the form. */
  _ta_rules_editor_edit (editor, -1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_EXACT, "PING", TA_RULE_REPLY_TEXT, "PONG",
                             TA_RULE_ENDING_LF, 0);
  g_assert_true (_ta_rules_editor_save (editor));
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 2);
  assert_row (editor, 1, "Is “PING” → “PONG” + \\n | 0 hits");

  /* Reorder: PING first, or "any" would answer it. */
  _ta_rules_editor_move (editor, 1, -1);
  assert_row (editor, 0, "Is “PING” → “PONG” + \\n | 0 hits");

  /* A bad regular expression is said under the form and not stored. */
  _ta_rules_editor_edit (editor, -1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_REGEX, "(unclosed", TA_RULE_REPLY_ECHO, "",
                             TA_RULE_ENDING_NONE, 0);
  g_assert_false (_ta_rules_editor_save (editor));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_rules_editor_get_error (editor))));
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_rules_editor_get_error (editor)), "regular expression"));
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 2);
  save_screenshot (GTK_WIDGET (editor), "rules-editor.png");

  /* Edit an existing one: a delay. */
  _ta_rules_editor_edit (editor, 1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_ANY, "", TA_RULE_REPLY_TEXT, "hello",
                             TA_RULE_ENDING_NONE, 250);
  g_assert_true (_ta_rules_editor_save (editor));
  assert_row (editor, 1, "Any message → “hello”, after 250 ms | 0 hits");

  /* A checksum: its bytes previewed as the reply is typed, shown in the list. */
  _ta_rules_editor_edit (editor, -1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_HEX, "01 03 00 00 00 0A ?? ??", TA_RULE_REPLY_HEX,
                             "01 03 00 00 00", TA_RULE_ENDING_NONE, 0);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "");
  _ta_rules_editor_set_checksum (editor, TA_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "+ 19 84");
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_HEX, "01 03 00 00 00 0A ?? ??", TA_RULE_REPLY_TEXT,
                             "T={counter}", TA_RULE_ENDING_NONE, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), "each reply"));
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_HEX, "01 03 00 00 00 0A ?? ??", TA_RULE_REPLY_HEX,
                             "01 03 00 00 00 0A", TA_RULE_ENDING_NONE, 0);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "+ C5 CD");
  save_screenshot (GTK_WIDGET (editor), "rules-editor-checksum.png");
  g_assert_true (_ta_rules_editor_save (editor));
  assert_row (editor, 2, "Is the bytes 01 03 00 00 00 0A ?? ?? → bytes 01 03 00 00 00 0A + CRC-16/Modbus | 0 hits");
  g_assert_cmpint (ta_rule_get_checksum (ta_rules_get_rule (rules, 2)), ==, TA_CHECKSUM_CRC16_MODBUS);
  /* Editing it shows it; echo has no bytes of its own to cover. */
  _ta_rules_editor_edit (editor, 2);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "+ C5 CD");
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_ANY, "", TA_RULE_REPLY_ECHO, "", TA_RULE_ENDING_NONE, 0);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "");
  /* Over nothing: said under the form, not stored. */
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_ANY, "", TA_RULE_REPLY_TEXT, "", TA_RULE_ENDING_LF, 0);
  g_assert_false (_ta_rules_editor_save (editor));
  g_assert_nonnull (strstr (gtk_label_get_text (_ta_rules_editor_get_error (editor)), "CRC-16/Modbus"));
  _ta_rules_editor_edit (editor, -1);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "");

  /* Kept in the settings. */
  saved = g_settings_get_string (settings, "reply-rules");
  g_assert_nonnull (strstr (saved, "pattern=PING"));
  g_assert_nonnull (strstr (saved, "delay=250"));
  g_assert_nonnull (strstr (saved, "checksum=crc16-modbus"));

  /* Export, then import a bad file: said in a toast, nothing changed. */
  out_file = g_file_new_build_filename (path, "out.ini", NULL);
  g_assert_true (_ta_rules_editor_export (editor, out_file));
  g_assert_true (g_file_get_contents (g_file_peek_path (out_file), &exported, NULL, NULL));
  g_assert_cmpstr (exported, ==, saved);

  bad = g_build_filename (path, "bad.ini", NULL);
  g_assert_true (g_file_set_contents (bad, "[Ok]\nmatch=exact\npattern=A\n[Broken]\nmatch=hex\npattern=ZZ\n", -1, NULL));
  bad_file = g_file_new_for_path (bad);
  g_assert_false (_ta_rules_editor_import (editor, bad_file));
  g_assert_nonnull (strstr (_ta_rules_editor_get_last_toast (editor), "[Broken]"));
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 3);

  good = g_build_filename (path, "good.ini", NULL);
  g_assert_true (g_file_set_contents (good, "[A]\nmatch=prefix\npattern=GET\ntext=OK\n", -1, NULL));
  good_file = g_file_new_for_path (good);
  g_assert_true (_ta_rules_editor_import (editor, good_file));
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 1);
  assert_row (editor, 0, "Starts with “GET” → “OK” | 0 hits");

  /* Delete. */
  _ta_rules_editor_delete (editor, 0);
  g_assert_cmpuint (ta_rules_get_n_rules (rules), ==, 0);

  g_unlink (bad);
  g_unlink (good);
  g_unlink (g_file_peek_path (out_file));
  g_rmdir (path);
  tt_ui_destroy_window (window);
}

typedef struct {
  TaLogView  *view;
  const char *needle;
} LogWait;

static gboolean
log_contains (gpointer data)
{
  LogWait *w = data;
  GListModel *model = _ta_log_view_get_model (w->view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (w->view, i);

      if (text != NULL && strstr (text, w->needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
assert_log (TaLogView *view, const char *needle)
{
  LogWait w = { view, needle };

  if (!tt_ui_wait_for (log_contains, &w))
    {
      tt_ui_dump_log ("server", view);
      g_error ("the log lacks “%s”", needle);
    }
}

/* The framing choice in the log's options, then rules answering a real
 * client line by line. */
static void
test_framing_and_rules (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaServer *server = ta_server_page_get_server (page);
  TaLogView *view = _ta_server_page_get_log_view (page);
  TaFrameChooser *chooser = _ta_log_view_get_frame_chooser (view);
  TaRulesEditor *editor = open_editor (page);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *framing = NULL;
  g_autoptr(GSocket) s = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *row = NULL;
  guint16 port;

  /* A value the choice needs: said when missing or wrong, stored when right. */
  gtk_drop_down_set_selected (_ta_frame_chooser_get_dropdown (chooser), 5);  /* fixed length */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_frame_chooser_get_entry (chooser))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_frame_chooser_get_error (chooser))));
  gtk_editable_set_text (_ta_frame_chooser_get_entry (chooser), "4");
  framing = g_settings_get_string (settings, "server-framing");
  g_assert_cmpstr (framing, ==, "length:4");
  g_assert_cmpint (ta_server_get_framing (server)->mode, ==, TA_FRAME_FIXED);
  gtk_editable_set_text (_ta_frame_chooser_get_entry (chooser), "x");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ta_frame_chooser_get_error (chooser))));
  g_clear_pointer (&framing, g_free);
  framing = g_settings_get_string (settings, "server-framing");
  g_assert_cmpstr (framing, ==, "length:4");

  /* What the user sees: the choice in the log's display options. */
  {
    GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (chooser), GTK_TYPE_POPOVER);

    g_assert_nonnull (popover);
    gtk_popover_popup (GTK_POPOVER (popover));
    save_screenshot (popover, "framing-choice.png");
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  /* By line. */
  gtk_drop_down_set_selected (_ta_frame_chooser_get_dropdown (chooser), 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ta_frame_chooser_get_entry (chooser))));
  g_assert_cmpint (ta_server_get_framing (server)->mode, ==, TA_FRAME_LINE);

  _ta_rules_editor_edit (editor, -1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_EXACT, "PING", TA_RULE_REPLY_TEXT, "PONG",
                             TA_RULE_ENDING_LF, 0);
  g_assert_true (_ta_rules_editor_save (editor));
  _ta_rules_editor_move (editor, 1, -1);

  g_assert_true (ta_server_page_start (page, 0));
  port = ta_server_get_port (server);
  s = tt_connect ("127.0.0.1", port);
  tt_send (s, "PING\nPI", 7);
  /* The second part is sent once the first was read: two pieces, whatever
   * the machine's speed. */
  g_assert_true (tt_ui_wait_for (first_client_read_7, server));
  tt_send (s, "NG\nother\n", 9);
  reply = tt_read_n (s, 15, 5000);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), "PONG\nPONG\nhello", 15);

  assert_log (view, "Replied (rule 1, PING): PONG");
  assert_log (view, "Client request: PING  (arrived in 2 pieces)");
  assert_log (view, "Replied (rule 2, any message): hello");
  row = _ta_rules_editor_dup_row_text (editor, 0);
  g_assert_cmpstr (row, ==, "Is “PING” → “PONG” + \\n | 2 hits");

  /* A rule with a checksum, made in the editor, answers over the socket:
   * "OK", Sum-8 0x4F + 0x4B = 0x9A, then LF. */
  _ta_rules_editor_edit (editor, -1);
  _ta_rules_editor_set_form (editor, TA_RULE_MATCH_EXACT, "SUM?", TA_RULE_REPLY_TEXT, "OK",
                             TA_RULE_ENDING_LF, 0);
  _ta_rules_editor_set_checksum (editor, TA_CHECKSUM_SUM8);
  g_assert_cmpstr (gtk_label_get_text (_ta_rules_editor_get_checksum_preview (editor)), ==, "+ 9A");
  g_assert_true (_ta_rules_editor_save (editor));
  _ta_rules_editor_move (editor, 2, -2);
  g_clear_pointer (&reply, g_bytes_unref);
  tt_send (s, "SUM?\n", 5);
  reply = tt_read_n (s, 4, 5000);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), "OK\x9A\n", 4);
  assert_log (view, "Replied (rule 1, SUM?)");
  save_screenshot (GTK_WIDGET (window), "rules-window.png");
  save_screenshot (GTK_WIDGET (editor), "rules-editor-hits.png");

  /* The Client page has its own choice, for its own client. */
  {
    TaClientPage *cpage = ta_window_get_client_page (window);
    TaFrameChooser *cchooser = _ta_log_view_get_frame_chooser (_ta_client_page_get_log_view (cpage));
    g_autofree char *cframing = NULL;

    gtk_drop_down_set_selected (_ta_frame_chooser_get_dropdown (cchooser), 7);  /* prefix 2 bytes BE */
    cframing = g_settings_get_string (settings, "client-framing");
    g_assert_cmpstr (cframing, ==, "prefix:2be");
    g_assert_cmpint (ta_client_get_framing (ta_client_page_get_client (cpage))->mode, ==, TA_FRAME_PREFIX);
    g_assert_cmpint (ta_server_get_framing (server)->mode, ==, TA_FRAME_LINE);
  }

  /* Echo and no reply stay one click away. */
  gtk_drop_down_set_selected (_ta_server_page_get_reply_mode_dropdown (page), 1);
  g_assert_cmpint (ta_server_get_reply_mode (server), ==, TA_REPLY_ECHO);

  ta_server_page_stop (page);
  tt_ui_destroy_window (window);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-rules/editor", test_editor);
  g_test_add_func ("/ui-rules/framing-and-rules", test_framing_and_rules);

  return g_test_run ();
}
