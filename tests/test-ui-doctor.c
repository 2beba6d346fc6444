/* test-ui-doctor.c: the doctor, the self-test, the report and the guide
 * in the window (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-doctor-button.h"
#include "tt-ui.h"
#include "tt-util.h"

static gboolean
log_contains (TaLogView  *view,
              const char *needle)
{
  GListModel *model = _ta_log_view_get_model (view);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = _ta_log_view_dup_row_text (view, i);

      if (text != NULL && strstr (text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
diagnosis_shown (gpointer data)
{
  TaDoctorButton *button = data;

  return gtk_widget_get_visible (GTK_WIDGET (button)) && ta_doctor_button_get_text (button) != NULL;
}

/* A refused connect: "Why did it fail?" appears, its popover and the log
 * say that nothing listens on the port; the next connect hides it. */
static void
test_refused_diagnosed (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaClientPage *page = ta_window_get_client_page (window);
  TaDoctorButton *button = TA_DOCTOR_BUTTON (_ta_client_page_get_doctor_button (page));
  TaLogView *view = _ta_client_page_get_log_view (page);
  guint16 port = tt_free_port ();
  g_autofree char *sentence = NULL;

  ta_window_show_page (window, "client");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
  ta_doctor_button_set_probe_ms (button, 1000);
  ta_client_page_connect (page, "127.0.0.1", port, NULL);
  g_assert_true (tt_ui_wait_for (diagnosis_shown, button));

  sentence = g_strdup_printf ("127.0.0.1 is this computer, and nothing on it listens on port %u.", port);
  g_assert_nonnull (strstr (ta_doctor_button_get_text (button), sentence));
  ta_log_store_flush (ta_client_page_get_log_store (page));
  tt_ui_iterate_for (100 * 1000);
  if (!log_contains (view, sentence) || !log_contains (view, "Next step: Start the server first"))
    {
      tt_ui_dump_log ("client", view);
      g_error ("the diagnosis is not in the log");
    }

  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-doctor/refused-diagnosed", test_refused_diagnosed);

  return g_test_run ();
}
