/* test-ui-zh.c: the uninstalled build runs in Simplified Chinese
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LANGUAGE=zh_CN and TA_LOCALEDIR=<build>/po, as main() reads them. The
 * expected strings are the Chinese words themselves, written here: a
 * comparison with gettext's answer for the same msgid would pass with no
 * translation at all (both sides English). The tutorial's name for the
 * app, 调试助手, is what users search for.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ta-server-page-private.h"
#include "ta-ui-util.h"
#include "ta-window.h"
#include "tt-ui.h"

static void
test_window_in_chinese (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  AdwViewStackPage *server = adw_view_stack_get_page (stack, GTK_WIDGET (page));
  AdwViewStackPage *client = adw_view_stack_get_page (stack, GTK_WIDGET (ta_window_get_client_page (window)));
  GtkWidget *start = NULL;

  /* From the .ui (GtkBuilder) */
  g_assert_cmpstr (adw_view_stack_page_get_title (server), ==, "服务器");
  g_assert_cmpstr (adw_view_stack_page_get_title (client), ==, "客户端");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "TCP 调试助手");

  /* From C (_()) */
  start = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), TA_TYPE_SERVER_PAGE, "start_button");
  g_assert_nonnull (start);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "启动服务器(_S)");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (start))), ==, "未运行");

  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  ta_init_i18n ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("TA_LOCALEDIR") == NULL)
    {
      g_printerr ("TA_LOCALEDIR is not set\n");
      return 1;
    }

  g_test_add_func ("/ui-zh/window-in-chinese", test_window_in_chinese);

  return g_test_run ();
}
