/* test-checksum.c: published check values and the Modbus example
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-checksum.h"

static const guint8 check[] = "123456789";
static const guint8 modbus_read[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A };

/* The "123456789" check values (reveng.sourceforge.io CRC catalogue); the
 * sums computed by hand: 0x31 + … + 0x39 = 0x1DD, XOR = 0x31. */
static void
test_check_values (void)
{
  struct { TaChecksum c; guint32 value; const char *bytes; } cases[] = {
    { TA_CHECKSUM_NONE, 0, "" },
    { TA_CHECKSUM_SUM8, 0xDD, "+ DD" },
    { TA_CHECKSUM_XOR8, 0x31, "+ 31" },
    { TA_CHECKSUM_CRC8, 0xF4, "+ F4" },
    { TA_CHECKSUM_CRC16_MODBUS, 0x4B37, "+ 37 4B" },
    { TA_CHECKSUM_CRC16_CCITT_FALSE, 0x29B1, "+ 29 B1" },
    { TA_CHECKSUM_CRC32, 0xCBF43926, "+ CB F4 39 26" },
  };

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, TA_CHECKSUM_N_TYPES);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *preview = ta_checksum_preview (cases[i].c, check, 9);
      guint8 out[TA_CHECKSUM_MAX_SIZE];
      guint n;

      g_test_message ("%s", ta_checksum_get_id (cases[i].c));
      g_assert_cmphex (ta_checksum_value (cases[i].c, check, 9), ==, cases[i].value);
      g_assert_cmpstr (preview, ==, cases[i].bytes);
      n = ta_checksum_compute (cases[i].c, check, 9, out);
      g_assert_cmpuint (n, ==, ta_checksum_get_size (cases[i].c));
    }
}

static void
test_modbus_frame (void)
{
  g_autoptr(GBytes) in = g_bytes_new_static (modbus_read, sizeof modbus_read);
  g_autoptr(GBytes) out = ta_checksum_append (TA_CHECKSUM_CRC16_MODBUS, in);
  g_autofree char *preview = ta_checksum_preview (TA_CHECKSUM_CRC16_MODBUS, modbus_read,
                                                  sizeof modbus_read);
  static const guint8 expected[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD };

  g_assert_cmpstr (preview, ==, "+ C5 CD");
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   expected, sizeof expected);
}

static void
test_none_and_empty (void)
{
  g_autoptr(GBytes) in = g_bytes_new_static ("ab", 2);
  g_autoptr(GBytes) same = ta_checksum_append (TA_CHECKSUM_NONE, in);
  g_autofree char *preview = ta_checksum_preview (TA_CHECKSUM_NONE, (const guint8 *) "ab", 2);

  g_assert_true (g_bytes_equal (in, same));
  g_assert_cmpstr (preview, ==, "");
  /* Over no bytes: the initial values, no crash on NULL data. */
  g_assert_cmphex (ta_checksum_value (TA_CHECKSUM_CRC16_MODBUS, NULL, 0), ==, 0xFFFF);
  g_assert_cmphex (ta_checksum_value (TA_CHECKSUM_CRC32, NULL, 0), ==, 0);
}

static void
test_ids (void)
{
  const char *ids[] = { "none", "sum8", "xor8", "crc8", "crc16-modbus",
                        "crc16-ccitt-false", "crc32" };
  g_autofree char *list = ta_checksum_list_ids ();
  TaChecksum c;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_cmpstr (ta_checksum_get_id (i), ==, ids[i]);
      g_assert_true (ta_checksum_from_id (ids[i], &c));
      g_assert_cmpint (c, ==, i);
      g_assert_nonnull (ta_checksum_get_label (i));
    }
  g_assert_true (ta_checksum_from_id ("CRC16_MODBUS", &c));
  g_assert_cmpint (c, ==, TA_CHECKSUM_CRC16_MODBUS);
  g_assert_false (ta_checksum_from_id ("crc16", &c));
  g_assert_false (ta_checksum_from_id ("", &c));
  g_assert_false (ta_checksum_from_id (NULL, &c));
  g_assert_cmpstr (ta_checksum_get_label (TA_CHECKSUM_CRC16_MODBUS), ==, "CRC-16/Modbus");
  g_assert_cmpstr (list, ==, "none, sum8, xor8, crc8, crc16-modbus, crc16-ccitt-false, crc32");
  g_assert_true (G_TYPE_IS_ENUM (TA_TYPE_CHECKSUM));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checksum/check-values", test_check_values);
  g_test_add_func ("/checksum/modbus-frame", test_modbus_frame);
  g_test_add_func ("/checksum/none-and-empty", test_none_and_empty);
  g_test_add_func ("/checksum/ids", test_ids);

  return g_test_run ();
}
