/* ta-ui-util.c: small helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ta-codec.h"
#include "ta-ui-util.h"

static const TaCharsetInfo *
charsets_for (GtkDropDown *dropdown,
              guint       *n)
{
  gboolean with_auto = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "ta-with-auto"));

  return ta_codec_get_charsets (with_auto, n);
}

/**
 * ta_charset_dropdown_new:
 *
 * Returns: (transfer floating): a dropdown listing the supported charsets
 */
GtkDropDown *
ta_charset_dropdown_new (gboolean with_auto)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const TaCharsetInfo *infos;
  GtkDropDown *dropdown;
  guint n = 0;

  infos = ta_codec_get_charsets (with_auto, &n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(infos[i].label));

  dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
  g_object_set_data (G_OBJECT (dropdown), "ta-with-auto", GINT_TO_POINTER (with_auto));
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown),
                               with_auto ? _("Encoding used to show received bytes as text")
                                         : _("Encoding used to turn typed text into bytes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  with_auto ? _("Receive encoding") : _("Send encoding"),
                                  -1);
  return dropdown;
}

const char *
ta_charset_dropdown_get_id (GtkDropDown *dropdown)
{
  const TaCharsetInfo *infos;
  guint n = 0;
  guint i = gtk_drop_down_get_selected (dropdown);

  infos = charsets_for (dropdown, &n);
  if (i >= n)
    return infos[0].id;
  return infos[i].id;
}

void
ta_charset_dropdown_set_id (GtkDropDown *dropdown,
                            const char  *id)
{
  const TaCharsetInfo *infos;
  guint n = 0;

  infos = charsets_for (dropdown, &n);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (infos[i].id, id) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
}

/**
 * ta_choice_dropdown_new:
 * @ids: %NULL-terminated setting values
 * @labels: translated labels, same length
 *
 * Returns: (transfer floating): the dropdown
 */
GtkDropDown *
ta_choice_dropdown_new (const char * const *ids,
                        const char * const *labels)
{
  GtkDropDown *dropdown;

  dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
  g_object_set_data_full (G_OBJECT (dropdown), "ta-ids",
                          g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev);
  return dropdown;
}

const char *
ta_choice_dropdown_get_id (GtkDropDown *dropdown)
{
  char **ids = g_object_get_data (G_OBJECT (dropdown), "ta-ids");
  guint i = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || i >= g_strv_length (ids))
    return NULL;
  return ids[i];
}

const char *
ta_line_ending_bytes (const char *id)
{
  if (g_strcmp0 (id, "lf") == 0)
    return "\n";
  if (g_strcmp0 (id, "crlf") == 0)
    return "\r\n";
  return "";
}

/**
 * ta_make_message:
 *
 * Turns what the user typed into the bytes to send: hex digits, or text
 * in @charset followed by the line ending.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with a
 *   sentence for the user in @error
 */
GBytes *
ta_make_message (const char  *text,
                 gboolean     hex,
                 const char  *charset,
                 const char  *line_ending_id,
                 GError     **error)
{
  g_autofree char *full = NULL;

  if (hex)
    return ta_hex_parse (text, error);

  full = g_strconcat (text, ta_line_ending_bytes (line_ending_id), NULL);
  return ta_codec_encode (charset, full, -1, error);
}

char *
ta_format_size (guint64 bytes)
{
  if (bytes < 1024)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) bytes),
                            (guint) bytes);
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

void
ta_label_set_error (GtkLabel   *label,
                    const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

/* How long a finished result ("File sent", "Sent 9 times") stays before
 * it clears: it is true when it is shown, then it is history (the log
 * keeps it). Tests shorten it. */
static guint result_shown_ms = 4000;

/**
 * ta_result_shown_ms:
 *
 * Returns: how long a finished result stays shown, in milliseconds
 */
guint
ta_result_shown_ms (void)
{
  return result_shown_ms;
}

void
_ta_set_result_shown_ms (guint ms)
{
  result_shown_ms = MAX (ms, 1);
}

/**
 * ta_init_i18n:
 *
 * Sets the locale and binds the message catalog: to $TA_LOCALEDIR when
 * set (the uninstalled build: meson writes the catalogs to
 * <build>/po/<lang>/LC_MESSAGES/), else to the installed LOCALEDIR.
 */
void
ta_init_i18n (void)
{
  const char *localedir = g_getenv ("TA_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *
strip_mnemonic (const char *label)
{
  GString *s = g_string_new (NULL);

  for (const char *p = label; *p; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (s, *++p);
      else if (*p != '_')
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/**
 * ta_accessible_name_from_label:
 * @widget: a #GtkButton or #GtkCheckButton
 *
 * GTK 4.8 names a button whose label has a mnemonic "_Start Server Start
 * Server" (its label property with the underscore, then the text of the
 * label inside) and a check button "Reconnect _automatically". Gives the
 * plain text as the name instead. Call again after changing the label.
 */
void
ta_accessible_name_from_label (GtkWidget *widget)
{
  const char *label = NULL;
  gboolean underline = FALSE;
  g_autofree char *plain = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
      underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
    }
  if (label == NULL || !underline)
    return;

  plain = strip_mnemonic (label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

/**
 * ta_format_hex_dump:
 * @data: the bytes
 * @size: how many
 * @per_line: bytes a line (16, 8, or 4 in a log row too narrow for 8)
 * @out: where to append
 *
 * Appends a dump as hex editors show it: "00000010  48 65 6C 6C 6F …  Hello",
 * the offset, the bytes in groups of 8, then the printable ASCII of the
 * line ('.' for the rest). Every line has the same width, so the text
 * column lines up in a fixed-width font. The one layout of the log's
 * "Text and hex" rows and of the entry window.
 */
void
ta_format_hex_dump (const guint8 *data,
                    gsize         size,
                    guint         per_line,
                    GString      *out)
{
  static const char hex[] = "0123456789ABCDEF";

  /* Rows of a flooded log are formatted on every bind: no printf per byte. */
  per_line = per_line >= 16 ? 16 : per_line >= 8 ? 8 : 4;
  for (gsize off = 0; off < size; off += per_line)
    {
      if (off > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "X ", off);
      for (guint i = 0; i < per_line; i++)
        {
          if (i % 8 == 0)
            g_string_append_c (out, ' ');
          if (off + i < size)
            {
              g_string_append_c (out, hex[data[off + i] >> 4]);
              g_string_append_c (out, hex[data[off + i] & 0xF]);
              g_string_append_c (out, ' ');
            }
          else
            g_string_append (out, "   ");
        }
      g_string_append_c (out, ' ');
      for (guint i = 0; i < per_line && off + i < size; i++)
        {
          guint8 c = data[off + i];

          g_string_append_c (out, c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
    }
}
