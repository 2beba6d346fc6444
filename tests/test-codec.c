/* test-codec.c: charsets, streaming decode, hex and display escaping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ta-codec.h"

static const guint8 gbk_nihao[] = { 0xC4, 0xE3, 0xBA, 0xC3 };

static void
test_encode_gbk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ta_codec_encode ("GBK", "你好", -1, &error);
  g_autoptr(GBytes) hello = ta_codec_encode ("GBK", "hello", -1, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), gbk_nihao, 4);
  g_assert_cmpmem (g_bytes_get_data (hello, NULL), g_bytes_get_size (hello), "hello", 5);
}

static void
test_encode_unencodable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ta_codec_encode ("GBK", "ab😀c", -1, &error);

  g_assert_null (bytes);
  g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_UNENCODABLE);
  g_assert_nonnull (strstr (error->message, "😀"));
  g_assert_nonnull (strstr (error->message, "U+1F600"));
  g_assert_nonnull (strstr (error->message, "character 3"));
}

static void
test_roundtrip_all (void)
{
  struct { const char *charset; const char *text; } cases[] = {
    { "UTF-8", "你好 こんにちは 안녕 café" },
    { "GBK", "你好 café" },
    { "GB18030", "你好 こんにちは 안녕 café 😀" },
    { "BIG5", "你好" },
    { "SHIFT_JIS", "こんにちは" },
    { "EUC-KR", "안녕" },
    { "ISO-8859-1", "café" },
    { "WINDOWS-1252", "café €" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ta_codec_encode (cases[i].charset, cases[i].text, -1, &error);
      g_autofree char *back = NULL;
      gsize size;
      const guint8 *data;

      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &size);
      back = ta_codec_decode (cases[i].charset, data, size);
      g_assert_cmpstr (back, ==, cases[i].text);
    }
}

static void
test_decode_split (void)
{
  const char *charsets[] = { "GBK", "GB18030", TA_CHARSET_AUTO };

  for (guint c = 0; c < G_N_ELEMENTS (charsets); c++)
    for (gsize cut = 0; cut <= 4; cut++)
      {
        g_autoptr(TaDecoder) decoder = ta_decoder_new (charsets[c]);
        g_autoptr(GString) out = g_string_new (NULL);

        ta_decoder_decode (decoder, gbk_nihao, cut, FALSE, out);
        ta_decoder_decode (decoder, gbk_nihao + cut, 4 - cut, FALSE, out);
        ta_decoder_decode (decoder, NULL, 0, TRUE, out);
        g_assert_cmpstr (out->str, ==, "你好");
      }

  /* UTF-8 split inside a three-byte character, automatic mode. */
  {
    const char *s = "é你";
    g_autoptr(TaDecoder) decoder = ta_decoder_new (TA_CHARSET_AUTO);
    g_autoptr(GString) out = g_string_new (NULL);

    for (gsize i = 0; i < strlen (s); i++)
      ta_decoder_decode (decoder, (const guint8 *) s + i, 1, FALSE, out);
    g_assert_cmpstr (out->str, ==, s);
  }
}

static void
test_decode_invalid (void)
{
  const guint8 bad_utf8[] = { 'a', 0xFF, 'b', 0xC3 };
  g_autofree char *text = ta_codec_decode ("UTF-8", bad_utf8, sizeof bad_utf8);
  const guint8 bad_gbk[] = { 0xC4, 0xE3, 0xFF, 'x' };
  g_autofree char *text2 = ta_codec_decode ("GBK", bad_gbk, sizeof bad_gbk);

  g_assert_cmpstr (text, ==, "a\\xFFb\\xC3");
  g_assert_true (g_str_has_prefix (text2, "你"));
  g_assert_nonnull (strstr (text2, "\\xFF"));
  g_assert_true (g_str_has_suffix (text2, "x"));
}

static void
test_decode_auto (void)
{
  g_autofree char *utf8 = ta_codec_decode (TA_CHARSET_AUTO, (const guint8 *) "你好", 6);
  g_autofree char *gbk = ta_codec_decode (TA_CHARSET_AUTO, gbk_nihao, 4);

  g_assert_cmpstr (utf8, ==, "你好");
  g_assert_cmpstr (gbk, ==, "你好");
}

/* Automatic mode falls back to GB18030 for bytes that are not UTF-8; a
 * character nothing can draw (unassigned, private use: GBK's user-defined
 * areas) shows as the escapes of its bytes, not as a box, while the
 * tutorial's Chinese stays whole. */
static void
test_decode_auto_no_boxes (void)
{
  const char *tutorial[] = {
    "你好", "hello", "请输入要发送的数据：", "客户端请求是：你好",
    "等待客户端连接...", "新的客户端已连接：('127.0.0.1', 50000)", "已为客户服务完成",
    "TCP严格区分服务器和客户端，服务器就是提供服务的一方", "中文 English 123 ！？",
  };
  g_autofree char *boxes = ta_codec_decode (TA_CHARSET_AUTO, (const guint8 *) "\xFF\xFE\xFD", 3);
  /* 0xAAA1 is in GBK's user-defined area (private use in GB18030) */
  g_autofree char *pua = ta_codec_decode (TA_CHARSET_AUTO, (const guint8 *) "\xC4\xE3\xAA\xA1", 4);
  GRand *rand = g_rand_new_with_seed (11);

  g_assert_cmpstr (boxes, ==, "\\xFF\\xFE\\xFD");
  g_assert_cmpstr (pua, ==, "你\\xAA\\xA1");

  for (guint i = 0; i < G_N_ELEMENTS (tutorial); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) gbk = ta_codec_encode ("GBK", tutorial[i], -1, &error);
      g_autoptr(GBytes) gb18030 = ta_codec_encode ("GB18030", tutorial[i], -1, &error);
      g_autofree char *a = NULL, *b = NULL;
      gsize n;
      const guint8 *p;

      g_assert_no_error (error);
      p = g_bytes_get_data (gbk, &n);
      a = ta_codec_decode (TA_CHARSET_AUTO, p, n);
      p = g_bytes_get_data (gb18030, &n);
      b = ta_codec_decode (TA_CHARSET_AUTO, p, n);
      g_assert_cmpstr (a, ==, tutorial[i]);
      g_assert_cmpstr (b, ==, tutorial[i]);
    }

  /* Random bytes that are not UTF-8: never a character that cannot be
   * shown. */
  for (guint round = 0; round < 2000; round++)
    {
      guint8 data[64];
      g_autoptr(TaDecoder) decoder = ta_decoder_new (TA_CHARSET_AUTO);
      g_autoptr(GString) out = g_string_new (NULL);
      gsize n = g_rand_int_range (rand, 1, sizeof data);

      for (gsize k = 0; k < n; k++)
        data[k] = g_rand_int_range (rand, 0x80, 0x100);
      data[0] = g_rand_int_range (rand, 0x81, 0xC0);  /* cannot start UTF-8: GB18030 it is */
      ta_decoder_decode (decoder, data, n, TRUE, out);
      g_assert_true (g_utf8_validate_len (out->str, out->len, NULL));
      for (const char *c = out->str; c < out->str + out->len; c = g_utf8_next_char (c))
        {
          gunichar u = g_utf8_get_char (c);
          GUnicodeType t = g_unichar_type (u);

          g_assert_cmpint (t, !=, G_UNICODE_UNASSIGNED);
          g_assert_cmpint (t, !=, G_UNICODE_PRIVATE_USE);
        }
    }
  g_rand_free (rand);
}

static void
test_hex_parse (void)
{
  struct { const char *in; const char *hex; } ok[] = {
    { "48 65 6c 6C 6f", "48 65 6C 6C 6F" },
    { "0x48 0X65", "48 65" },
    { "4865\n6c,6c\t6f", "48 65 6C 6C 6F" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ta_hex_parse (ok[i].in, &error);
      g_autofree char *hex = NULL;

      g_assert_no_error (error);
      hex = ta_hex_format (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_cmpstr (hex, ==, ok[i].hex);
    }
}

static void
test_hex_errors (void)
{
  struct { const char *in; const char *needle; } bad[] = {
    { "48 6g", "“g” at position 5" },
    { "ABC", "position 3" },
    { "4 8", "position 1" },
    { "zz", "“z” at position 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ta_hex_parse (bad[i].in, &error);

      g_assert_null (bytes);
      g_assert_error (error, TA_CODEC_ERROR, TA_CODEC_ERROR_BAD_HEX);
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", bad[i].in, bad[i].needle, error->message);
    }
}

static void
test_hex_dump (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *data = "hello, world!\r\n\x01\xff";

  ta_hex_dump ((const guint8 *) data, 17, out);
  g_assert_cmpstr (out->str, ==,
                   "00000000  68 65 6C 6C 6F 2C 20 77  6F 72 6C 64 21 0D 0A 01  |hello, world!...|\n"
                   "00000010  FF                                                |.|");
}

static void
test_display_escape (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char in[] = "<b>x</b>\0a\r\n\x1b\u202Eevil\x7f";

  ta_display_escape (in, sizeof in - 1, out);
  g_assert_cmpstr (out->str, ==, "<b>x</b>\\0a\\r\\n\\x1B\\u202Eevil\\x7F");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codec/encode-gbk", test_encode_gbk);
  g_test_add_func ("/codec/encode-unencodable", test_encode_unencodable);
  g_test_add_func ("/codec/roundtrip-all", test_roundtrip_all);
  g_test_add_func ("/codec/decode-split", test_decode_split);
  g_test_add_func ("/codec/decode-invalid", test_decode_invalid);
  g_test_add_func ("/codec/decode-auto", test_decode_auto);
  g_test_add_func ("/codec/decode-auto-no-boxes", test_decode_auto_no_boxes);
  g_test_add_func ("/codec/hex-parse", test_hex_parse);
  g_test_add_func ("/codec/hex-errors", test_hex_errors);
  g_test_add_func ("/codec/hex-dump", test_hex_dump);
  g_test_add_func ("/codec/display-escape", test_display_escape);

  return g_test_run ();
}
