/* test-message.c: text/hex + charset + line ending + checksum → bytes,
 * and the composer's Text ↔ Hex conversion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-codec.h"
#include "ta-message.h"

#define assert_bytes(b, lit) \
  g_assert_cmpmem (g_bytes_get_data ((b), NULL), g_bytes_get_size (b), (lit), sizeof (lit) - 1)

static void
test_text_gbk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = ta_message_build ("你好", TA_MESSAGE_MODE_TEXT, "GBK",
                                          TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE, &error);

  g_assert_no_error (error);
  assert_bytes (b, "\xC4\xE3\xBA\xC3");
}

static void
test_line_endings (void)
{
  struct { TaLineEnding e; const char *expected; gsize len; } cases[] = {
    { TA_LINE_ENDING_NONE, "hi", 2 },
    { TA_LINE_ENDING_LF, "hi\n", 3 },
    { TA_LINE_ENDING_CR, "hi\r", 3 },
    { TA_LINE_ENDING_CRLF, "hi\r\n", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) b = ta_message_build ("hi", TA_MESSAGE_MODE_TEXT, "UTF-8",
                                              cases[i].e, TA_CHECKSUM_NONE, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b),
                       cases[i].expected, cases[i].len);
      g_assert_nonnull (ta_line_ending_get_label (cases[i].e));
      g_assert_cmpstr (ta_line_ending_get_bytes (cases[i].e), ==, cases[i].expected + 2);
    }

  /* A line ending alone is a message (an empty line). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) b = ta_message_build ("", TA_MESSAGE_MODE_TEXT, "UTF-8",
                                            TA_LINE_ENDING_CRLF, TA_CHECKSUM_NONE, &error);
    g_assert_no_error (error);
    assert_bytes (b, "\r\n");
  }
}

static void
test_hex_modbus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = ta_message_build ("01 03 00 00 00 0A", TA_MESSAGE_MODE_HEX, "UTF-8",
                                          TA_LINE_ENDING_NONE, TA_CHECKSUM_CRC16_MODBUS,
                                          &error);
  g_autofree char *preview = NULL;

  g_assert_no_error (error);
  assert_bytes (b, "\x01\x03\x00\x00\x00\x0A\xC5\xCD");

  preview = ta_message_checksum_preview ("01 03 00 00 00 0A", TA_MESSAGE_MODE_HEX, "UTF-8",
                                         TA_CHECKSUM_CRC16_MODBUS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview, ==, "+ C5 CD");
}

/* The checksum covers the typed bytes and comes before the line ending. */
static void
test_checksum_then_line_ending (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = ta_message_build ("AB", TA_MESSAGE_MODE_TEXT, "UTF-8",
                                          TA_LINE_ENDING_CRLF, TA_CHECKSUM_XOR8, &error);

  g_assert_no_error (error);
  /* 'A' ^ 'B' = 0x41 ^ 0x42 = 0x03 */
  assert_bytes (b, "AB\x03\r\n");
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autofree char *preview = NULL;

  b = ta_message_build ("01 0G", TA_MESSAGE_MODE_HEX, "UTF-8",
                        TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE, &error);
  g_assert_null (b);
  g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX);
  g_assert_nonnull (strstr (error->message, "position 5"));
  g_clear_error (&error);

  b = ta_message_build ("ab😀", TA_MESSAGE_MODE_TEXT, "GBK",
                        TA_LINE_ENDING_LF, TA_CHECKSUM_NONE, &error);
  g_assert_null (b);
  g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNENCODABLE);
  g_assert_nonnull (strstr (error->message, "😀"));
  g_clear_error (&error);

  b = ta_message_build ("", TA_MESSAGE_MODE_TEXT, "UTF-8",
                        TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE, &error);
  g_assert_null (b);
  g_assert_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_EMPTY);
  g_clear_error (&error);

  b = ta_message_build (" \n ", TA_MESSAGE_MODE_HEX, "UTF-8",
                        TA_LINE_ENDING_NONE, TA_CHECKSUM_NONE, &error);
  g_assert_null (b);
  g_assert_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_EMPTY);
  g_clear_error (&error);

  /* Even with a line ending: there is nothing to compute the checksum over. */
  b = ta_message_build ("", TA_MESSAGE_MODE_HEX, "UTF-8",
                        TA_LINE_ENDING_CRLF, TA_CHECKSUM_CRC16_MODBUS, &error);
  g_assert_null (b);
  g_assert_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_CHECKSUM_EMPTY);
  g_assert_nonnull (strstr (error->message, "CRC-16/Modbus"));
  g_clear_error (&error);

  preview = ta_message_checksum_preview ("", TA_MESSAGE_MODE_TEXT, "UTF-8",
                                         TA_CHECKSUM_CRC8, &error);
  g_assert_null (preview);
  g_assert_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_CHECKSUM_EMPTY);
  g_clear_error (&error);

  preview = ta_message_checksum_preview ("", TA_MESSAGE_MODE_TEXT, "UTF-8",
                                         TA_CHECKSUM_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview, ==, "");
}

static void
test_text_to_hex (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = ta_message_text_to_hex ("你好", "GBK", &error);
  g_autofree char *utf8 = ta_message_text_to_hex ("你好", "UTF-8", &error);
  g_autofree char *empty = ta_message_text_to_hex ("", "GBK", &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (gbk, ==, "C4 E3 BA C3");
  g_assert_cmpstr (utf8, ==, "E4 BD A0 E5 A5 BD");
  g_assert_cmpstr (empty, ==, "");

  bad = ta_message_text_to_hex ("😀", "GBK", &error);
  g_assert_null (bad);
  g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNENCODABLE);
}

static void
test_hex_to_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ta_message_hex_to_text ("C4 E3 BA C3", "GBK", &error);
  g_autofree char *lines = ta_message_hex_to_text ("61 0D 0A 09 62", "UTF-8", &error);
  g_autofree char *empty = ta_message_hex_to_text ("", "GBK", &error);
  struct { const char *hex; const char *charset; const char *says; } bad[] = {
    { "C4 E3 FF", "UTF-8", "Byte 1 (C4) is not valid UTF-8" },
    { "61 FF", "GBK", "Byte 2 (FF) is not valid GBK" },
    { "C4 E3 BA", "GBK", "Byte 3 (BA) starts a character" },
    { "61 00 62", "UTF-8", "Byte 2 is 00 (NUL)" },
    { "01 03 00 00 00 0A", "UTF-8", "Byte 1 (01) is a control character" },
    { "C4 E3 1B", "GBK", "Byte 3 (1B) is a control character" },
    { "61 85", "ISO-8859-1", "Byte 2 (85) is a control character" },
  };

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "你好");
  g_assert_cmpstr (lines, ==, "a\r\n\tb");
  g_assert_cmpstr (empty, ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *t = ta_message_hex_to_text (bad[i].hex, bad[i].charset, &error);

      if (t != NULL)
        g_error ("%s in %s gave “%s”", bad[i].hex, bad[i].charset, t);
      g_assert_error (error, TA_MESSAGE_ERROR, TA_MESSAGE_ERROR_NOT_TEXT);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("%s in %s: “%s” lacks “%s”", bad[i].hex, bad[i].charset,
                 error->message, bad[i].says);
      g_assert_nonnull (strstr (error->message, "stays in hex"));
      g_clear_error (&error);
    }

  {
    g_autofree char *t = ta_message_hex_to_text ("4", "UTF-8", &error);

    g_assert_null (t);
    g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX);
  }
}

/* Every charset the composer offers: text → hex → text gives the text back. */
static void
test_round_trip_charsets (void)
{
  const TaCharsetInfo *charsets;
  guint n;

  charsets = ta_codec_get_charsets (FALSE, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *hex = ta_message_text_to_hex ("Hello, 7788\r\n", charsets[i].id, &error);
      g_autofree char *back = NULL;

      g_assert_no_error (error);
      back = ta_message_hex_to_text (hex, charsets[i].id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, "Hello, 7788\r\n");
    }
}

static void
test_find_charset (void)
{
  g_autofree char *list = ta_message_list_charsets ();

  g_assert_cmpstr (ta_message_find_charset ("gbk"), ==, "GBK");
  g_assert_cmpstr (ta_message_find_charset ("UTF-8"), ==, "UTF-8");
  g_assert_cmpstr (ta_message_find_charset ("shift_jis"), ==, "SHIFT_JIS");
  g_assert_null (ta_message_find_charset ("auto"));
  g_assert_null (ta_message_find_charset ("KOI9"));
  g_assert_null (ta_message_find_charset (NULL));
  g_assert_true (g_str_has_prefix (list, "UTF-8, GBK, GB18030"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/text-gbk", test_text_gbk);
  g_test_add_func ("/message/line-endings", test_line_endings);
  g_test_add_func ("/message/hex-modbus", test_hex_modbus);
  g_test_add_func ("/message/checksum-then-line-ending", test_checksum_then_line_ending);
  g_test_add_func ("/message/errors", test_errors);
  g_test_add_func ("/message/text-to-hex", test_text_to_hex);
  g_test_add_func ("/message/hex-to-text", test_hex_to_text);
  g_test_add_func ("/message/round-trip-charsets", test_round_trip_charsets);
  g_test_add_func ("/message/find-charset", test_find_charset);

  return g_test_run ();
}
