/* ta-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is one HTML file with its style inline and no script and no
 * link to anything outside it, so it can be attached to an email and
 * opened anywhere; its pictures (the conversations) are SVG inside data:
 * addresses of <img> elements, which browsers show without running
 * anything in them. Sections of name/value fields and paragraphs
 * come first (version, system, settings, addresses, errors, diagnoses),
 * then each log as a table: date, time, direction, peer, text and hex side
 * by side.
 *
 * Everything that goes into the file passes through escape(): received
 * bytes are shown as text (already made visible by the decoder: \r, \xFF)
 * and as hex, and can never become markup or script.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-report.h"

typedef struct {
  char      *title;
  GString   *body;     /* HTML, escaped */
  gboolean   has_fields;
} Section;

struct _TaReport
{
  char      *title;
  GPtrArray *sections;
  GString   *logs;     /* HTML, escaped */
  gsize      max_log_bytes;
};

static void
section_free (Section *section)
{
  g_free (section->title);
  g_string_free (section->body, TRUE);
  g_free (section);
}

TaReport *
ta_report_new (const char *title)
{
  TaReport *report = g_new0 (TaReport, 1);

  report->title = g_strdup (title);
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  report->logs = g_string_new (NULL);
  report->max_log_bytes = TA_REPORT_MAX_LOG_BYTES;
  return report;
}

void
ta_report_free (TaReport *report)
{
  if (report == NULL)
    return;
  g_free (report->title);
  g_ptr_array_unref (report->sections);
  g_string_free (report->logs, TRUE);
  g_free (report);
}

/* &, <, >, " and ' become entities; text that is not UTF-8 is made valid
 * first, so a stray byte cannot end an entity or a tag either. */
static void
escape (GString    *out,
        const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;
  valid = g_utf8_make_valid (text, -1);
  escaped = g_markup_escape_text (valid, -1);
  g_string_append (out, escaped);
}

static Section *
get_section (TaReport   *report,
             const char *title)
{
  Section *section;

  for (guint i = 0; i < report->sections->len; i++)
    {
      section = g_ptr_array_index (report->sections, i);
      if (g_str_equal (section->title, title))
        return section;
    }
  section = g_new0 (Section, 1);
  section->title = g_strdup (title);
  section->body = g_string_new (NULL);
  g_ptr_array_add (report->sections, section);
  return section;
}

/**
 * ta_report_add_field:
 *
 * Adds "name: value" to @section (created on first use, in order).
 */
void
ta_report_add_field (TaReport   *report,
                     const char *section_title,
                     const char *name,
                     const char *value)
{
  Section *section = get_section (report, section_title);

  g_string_append (section->body, "<tr><th>");
  escape (section->body, name);
  g_string_append (section->body, "</th><td>");
  escape (section->body, value);
  g_string_append (section->body, "</td></tr>\n");
  section->has_fields = TRUE;
}

/**
 * ta_report_add_paragraph:
 *
 * Adds a paragraph (new lines kept) to @section.
 */
void
ta_report_add_paragraph (TaReport   *report,
                         const char *section_title,
                         const char *text)
{
  Section *section = get_section (report, section_title);

  g_string_append (section->body, "<tr><td colspan=\"2\" class=\"para\">");
  escape (section->body, text);
  g_string_append (section->body, "</td></tr>\n");
}

/**
 * ta_report_add_picture:
 * @svg: an SVG file's bytes
 * @alt: the picture in words, for screen readers
 *
 * Adds @svg to @section as an <img> with a data: address, so the file
 * stays self-contained. An SVG shown through <img> runs no script and
 * loads nothing, and base64 has no character that could end the
 * attribute: whatever @svg holds stays inside the picture. A picture over
 * TA_REPORT_MAX_PICTURE_BYTES is left out with a sentence instead.
 */
void
ta_report_add_picture (TaReport   *report,
                       const char *section_title,
                       const char *alt,
                       GBytes     *svg)
{
  Section *section = get_section (report, section_title);
  gsize size = 0;
  const guchar *data = g_bytes_get_data (svg, &size);
  g_autofree char *base64 = NULL;

  if (size > TA_REPORT_MAX_PICTURE_BYTES)
    {
      g_autofree char *bytes = g_format_size (size);
      /* Translators: %s is a size, "17.0 MB" */
      g_autofree char *text = g_strdup_printf (_("The picture is left out: at %s it would make the file too big."),
                                               bytes);

      ta_report_add_paragraph (report, section_title, text);
      return;
    }
  base64 = g_base64_encode (data, size);
  g_string_append (section->body, "<tr><td colspan=\"2\" class=\"picture\"><img alt=\"");
  escape (section->body, alt);
  g_string_append (section->body, "\" src=\"data:image/svg+xml;base64,");
  g_string_append (section->body, base64);
  g_string_append (section->body, "\"></td></tr>\n");
}

static const char *
kind_class (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return "in";
    case TA_LOG_SENT: return "out";
    case TA_LOG_REPLY: return "out";
    case TA_LOG_ERROR: return "error";
    case TA_LOG_EVENT:
    default: return "event";
    }
}

static void
format_row (GString    *out,
            TaLogEntry *entry)
{
  g_autoptr(GString) when = g_string_new (NULL);
  TaLogKind kind = ta_log_entry_get_kind (entry);

  g_string_append_printf (out, "<tr class=\"%s\"><td>", kind_class (kind));
  ta_log_format_wall_time (ta_log_entry_get_time (entry), TRUE, TRUE, when);
  /* "2026-11-28 18:02:47.123": date, then time */
  if (when->len > 11)
    {
      g_string_append_len (out, when->str, 10);
      g_string_append (out, "</td><td>");
      escape (out, when->str + 11);
    }
  g_string_append (out, "</td><td>");
  escape (out, ta_log_kind_describe (kind));
  g_string_append (out, "</td><td>");
  escape (out, ta_log_entry_get_peer (entry));
  g_string_append (out, "</td><td class=\"text\">");
  if (ta_log_entry_is_data (entry))
    {
      GBytes *data = ta_log_entry_get_data (entry);
      gsize size = 0;
      const guint8 *bytes = data ? g_bytes_get_data (data, &size) : NULL;
      g_autofree char *hex = bytes ? ta_hex_format (bytes, size) : NULL;

      escape (out, ta_log_entry_get_text (entry));
      if (ta_log_entry_get_full_size (entry) > size)
        {
          gulong n_more = (gulong) (ta_log_entry_get_full_size (entry) - size);
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, " … (%lu more byte)",
                                                                " … (%lu more bytes)", n_more), n_more);

          escape (out, more);
        }
      g_string_append (out, "</td><td class=\"hex\">");
      escape (out, hex);
    }
  else
    {
      escape (out, ta_log_entry_get_text (entry));
      g_string_append (out, "</td><td class=\"hex\">");
    }
  g_string_append (out, "</td></tr>\n");
}

/**
 * ta_report_set_max_log_bytes:
 *
 * Bounds each log's part of the file (TA_REPORT_MAX_LOG_BYTES by
 * default): a flooded log keeps its newest rows that fit, and says so.
 */
void
ta_report_set_max_log_bytes (TaReport *report,
                             gsize     max_bytes)
{
  report->max_log_bytes = max_bytes;
}

/**
 * ta_report_add_log:
 * @entries: (element-type TaLogEntry): a log, such as a TaLogStore
 *
 * Adds the entries of @entries as table rows: all of them, or the newest
 * that fit in the report's bound per log.
 */
void
ta_report_add_log (TaReport   *report,
                   const char *title,
                   GListModel *entries,
                   TaLogRole   role)
{
  GString *out = report->logs;
  guint n = g_list_model_get_n_items (entries);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *count = NULL;
  gsize total = 0;

  /* Newest first, until the bound; written oldest first below. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (entries, i - 1);
      GString *row = g_string_new (NULL);

      format_row (row, entry);
      if (total + row->len > report->max_log_bytes)
        {
          g_string_free (row, TRUE);
          break;
        }
      total += row->len;
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }

  if (rows->len == n)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Only the newest %u of %u entries are included, to keep the file small.",
                                          "Only the newest %u of %u entries are included, to keep the file small.",
                                          n),
                             rows->len, n);

  g_string_append (out, "<h2>");
  escape (out, title);
  g_string_append (out, "</h2>\n<p>");
  escape (out, count);
  g_string_append (out, "</p>\n");

  /* data-entries lets a reader check that no row is missing. */
  g_string_append_printf (out, "<table class=\"log\" data-entries=\"%u\"><thead><tr><th>", rows->len);
  escape (out, _("Date"));
  g_string_append (out, "</th><th>");
  escape (out, _("Time"));
  g_string_append (out, "</th><th>");
  escape (out, _("Direction"));
  g_string_append (out, "</th><th>");
  escape (out, _("Peer"));
  g_string_append (out, "</th><th>");
  escape (out, _("Text"));
  g_string_append (out, "</th><th>");
  escape (out, _("Hex"));
  g_string_append (out, "</th></tr></thead>\n<tbody>\n");
  for (guint i = rows->len; i > 0; i--)
    g_string_append (out, g_ptr_array_index (rows, i - 1));
  g_string_append (out, "</tbody></table>\n");
}

static const char style[] =
  "body{font-family:sans-serif;margin:1em;color:#222;background:#fff}"
  "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}"
  "table{border-collapse:collapse;margin:.5em 0}"
  "th,td{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;text-align:left}"
  "th{background:#f0f0f0}"
  "td.para,td.text,td.hex{white-space:pre-wrap;word-break:break-all}"
  "td.hex{font-family:monospace;color:#555}"
  "td.picture img{max-width:100%;height:auto}"
  "tr.in td{background:#eef6ff}tr.out td{background:#f3fff0}"
  "tr.error td{background:#fff0f0}";

/**
 * ta_report_to_html:
 *
 * Returns: the whole file
 */
char *
ta_report_to_html (TaReport *report)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>");

  escape (out, report->title);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head><body>\n<h1>", style);
  escape (out, report->title);
  g_string_append (out, "</h1>\n");

  for (guint i = 0; i < report->sections->len; i++)
    {
      Section *section = g_ptr_array_index (report->sections, i);

      g_string_append (out, "<h2>");
      escape (out, section->title);
      g_string_append (out, "</h2>\n<table>\n");
      g_string_append_len (out, section->body->str, section->body->len);
      g_string_append (out, "</table>\n");
    }
  g_string_append_len (out, report->logs->str, report->logs->len);
  g_string_append (out, "</body></html>\n");
  return g_string_free (out, FALSE);
}

/**
 * ta_report_write:
 *
 * Writes the file at @path (replacing it). On failure @error holds a
 * sentence naming the path.
 */
gboolean
ta_report_write (TaReport    *report,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *html = ta_report_to_html (report);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, html, -1, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the report to %s: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}
