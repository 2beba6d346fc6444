/* test-report.c: the HTML report, read back with Python's html.parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ta-log-store.h"
#include "ta-report.h"
#include "tt-util.h"

static void
check_with_python (const char  *path,
                   const char **options,
                   guint        rows,
                   const char **expected)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-report.py", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                                   ? "/usr/bin/python3" : "python3"));
  g_ptr_array_add (argv, g_strdup (script));
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (options[i]));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup_printf ("%u", rows));
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (expected[i]));
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the report failed its check: %s", out);
}

/* Hostile received bytes stay text; every entry is a row; fields and
 * paragraphs are escaped too. */
static void
test_escaped (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
  g_autofree char *dir = g_dir_make_tmp ("ta-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  const char *payloads[] = {
    "<script>alert(1)</script>",
    "</td></tr></table><img src=x onerror=alert(2)>",
    "a & b \" ' <!-- -->",
    "\xff\xfe<script",
  };
  const char *expected[] = {
    "<script>alert(1)</script>",
    "</td></tr></table><img src=x onerror=alert(2)>",
    "a & b \" ' <!-- -->",
    "3C 73 63 72 69 70 74 3E",          /* the hex column of the first */
    "Connected to <b>peer</b>",
    "<script>in a field</script>",
    "Received",
    NULL
  };

  ta_log_store_append_event (store, TA_LOG_EVENT, "127.0.0.1:1", "Connected to <b>peer</b>");
  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (payloads[i], strlen (payloads[i]));

      ta_log_store_append_data (store, TA_LOG_RECEIVED, 1, "127.0.0.1:1", bytes);
    }
  ta_log_store_flush (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1 + G_N_ELEMENTS (payloads));

  ta_report_add_field (report, "System", "Peer’s name", "<script>in a field</script>");
  ta_report_add_paragraph (report, "Errors", "Line one\n<script>x</script>");
  ta_report_add_log (report, "Client log", G_LIST_MODEL (store), TA_LOG_ROLE_CLIENT);
  html = ta_report_to_html (report);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<img"));
  g_assert_true (ta_report_write (report, path, &error));
  g_assert_no_error (error);

  check_with_python (path, (const char *[]) { "--pictures=0", NULL }, 1 + G_N_ELEMENTS (payloads), expected);

  g_unlink (path);
  g_rmdir (dir);
}

/* A log bigger than the bound keeps its newest rows and says so. */
static void
test_bounded (void)
{
  g_autoptr(TaLogStore) store = ta_log_store_new (TA_LOG_ROLE_CLIENT);
  g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
  g_autofree char *html = NULL;
  guint rows = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("message number %03u", i);

      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, text);
    }
  ta_log_store_flush (store);
  ta_report_set_max_log_bytes (report, 2000);
  ta_report_add_log (report, "Client log", G_LIST_MODEL (store), TA_LOG_ROLE_CLIENT);
  html = ta_report_to_html (report);
  for (const char *p = html; (p = strstr (p, "<tr class=")) != NULL; p++)
    rows++;
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, 100);
  g_assert_cmpuint (strlen (html), <, 2000 + 4000);
  g_assert_nonnull (strstr (html, "message number 099"));     /* the newest kept */
  g_assert_null (strstr (html, "message number 000"));
  {
    g_autofree char *note = g_strdup_printf ("Only the newest %u of 100 entries are included", rows);
    g_autofree char *attr = g_strdup_printf ("data-entries=\"%u\"", rows);

    g_assert_nonnull (strstr (html, note));
    g_assert_nonnull (strstr (html, attr));
  }
}

/* A picture is an <img> with its SVG in a data: address; its alternative
 * text is escaped; what the SVG holds cannot leave the attribute. The
 * checker decodes and parses it. */
static void
test_picture (void)
{
  static const char svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
    "<title>Server — Client</title>"
    "<desc>12:00:00.000, client to server, 9 bytes: &lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;\"'</desc>"
    "<rect width=\"10\" height=\"10\" fill=\"#fff\"/></svg>\n";
  g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
  g_autoptr(GBytes) bytes = g_bytes_new_static (svg, strlen (svg));
  g_autofree char *dir = g_dir_make_tmp ("ta-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  const char *options[] = { "--pictures=1", "--picture-text=bytes: </svg><script>x</script>\"'",
                            "--each-picture=Server — Client", NULL };
  const char *expected[] = { "The same in words", NULL };
  const char *p;

  ta_report_add_picture (report, "Conversation", "\"><script>alt</script>", bytes);
  ta_report_add_paragraph (report, "Conversation", "The same in words");
  html = ta_report_to_html (report);
  g_assert_null (strstr (html, "<script"));
  p = strstr (html, "<img alt=\"&quot;&gt;&lt;script&gt;alt&lt;/script&gt;\" src=\"data:image/svg+xml;base64,");
  g_assert_nonnull (p);
  g_assert_null (strstr (p + 1, "<img"));
  g_assert_true (ta_report_write (report, path, &error));
  g_assert_no_error (error);
  check_with_python (path, options, 0, expected);

  g_unlink (path);
  g_rmdir (dir);
}

/* A picture over the bound is a sentence, not a huge file. */
static void
test_picture_too_big (void)
{
  g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
  gsize size = TA_REPORT_MAX_PICTURE_BYTES + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autofree char *html = NULL;

  ta_report_add_picture (report, "Conversation", "Picture", bytes);
  html = ta_report_to_html (report);
  g_assert_null (strstr (html, "<img"));
  g_assert_nonnull (strstr (html, "The picture is left out: at 16.8"));   /* then a no-break space */
  g_assert_nonnull (strstr (html, "MB it would make the file too big."));
  g_assert_cmpuint (strlen (html), <, 4096);
}

static void
test_unwritable (void)
{
  g_autoptr(TaReport) report = ta_report_new ("TCP Assistant report");
  g_autoptr(GError) error = NULL;

  g_assert_false (ta_report_write (report, "/nonexistent-directory/report.html", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Could not save the report to /nonexistent-directory/report.html"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/escaped", test_escaped);
  g_test_add_func ("/report/bounded", test_bounded);
  g_test_add_func ("/report/picture", test_picture);
  g_test_add_func ("/report/picture-too-big", test_picture_too_big);
  g_test_add_func ("/report/unwritable", test_unwritable);

  return g_test_run ();
}
