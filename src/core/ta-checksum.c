/* ta-checksum.c: Sum-8, XOR-8, CRC-8, CRC-16/MODBUS, CRC-16/CCITT-FALSE,
 * CRC-32, computed bit by bit
 *
 * Messages typed by a person are short; a table-driven CRC would be
 * faster but six tables are more code to get wrong than the loops below,
 * which follow the Rocksoft model parameters in the header one to one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-checksum.h"
#include "ta-core-enums.h"

typedef struct {
  const char *label;  /* untranslated */
  guint       size;
} ChecksumInfo;

static const ChecksumInfo infos[TA_CHECKSUM_N_TYPES] = {
  [TA_CHECKSUM_NONE] = { N_("None"), 0 },
  [TA_CHECKSUM_SUM8] = { N_("Sum-8"), 1 },
  [TA_CHECKSUM_XOR8] = { N_("XOR-8"), 1 },
  [TA_CHECKSUM_CRC8] = { N_("CRC-8"), 1 },
  [TA_CHECKSUM_CRC16_MODBUS] = { N_("CRC-16/Modbus"), 2 },
  [TA_CHECKSUM_CRC16_CCITT_FALSE] = { N_("CRC-16/CCITT-FALSE"), 2 },
  [TA_CHECKSUM_CRC32] = { N_("CRC-32"), 4 },
};

static gboolean
is_valid (TaChecksum checksum)
{
  return (guint) checksum < TA_CHECKSUM_N_TYPES;
}

/**
 * ta_checksum_get_id:
 *
 * Returns: (transfer none): the command-line and file id, e.g.
 *   "crc16-modbus" (the GEnumValue nick)
 */
const char *
ta_checksum_get_id (TaChecksum checksum)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TA_TYPE_CHECKSUM);
  GEnumValue *value;

  g_return_val_if_fail (is_valid (checksum), NULL);

  value = g_enum_get_value (klass, checksum);
  /* Nicks are static strings owned by the registered type. */
  return value->value_nick;
}

/**
 * ta_checksum_get_label:
 *
 * Returns: (transfer none): the translated name shown to users, e.g.
 *   "CRC-16/Modbus"
 */
const char *
ta_checksum_get_label (TaChecksum checksum)
{
  g_return_val_if_fail (is_valid (checksum), NULL);

  return _(infos[checksum].label);
}

/**
 * ta_checksum_from_id:
 * @id: an id such as "crc16-modbus" (case does not matter; "_" is taken
 *   for "-")
 * @checksum: (out) (optional): the checksum
 *
 * Returns: %TRUE if @id names a checksum
 */
gboolean
ta_checksum_from_id (const char *id,
                     TaChecksum *checksum)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *canon = NULL;
  GEnumValue *value;

  if (id == NULL)
    return FALSE;

  canon = g_ascii_strdown (id, -1);
  g_strdelimit (canon, "_", '-');
  klass = g_type_class_ref (TA_TYPE_CHECKSUM);
  value = g_enum_get_value_by_nick (klass, canon);
  if (value == NULL)
    return FALSE;
  if (checksum != NULL)
    *checksum = value->value;
  return TRUE;
}

/**
 * ta_checksum_list_ids:
 *
 * Returns: (transfer full): every id, comma separated, for error messages
 *   ("none, sum8, xor8, …")
 */
char *
ta_checksum_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < TA_CHECKSUM_N_TYPES; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, ta_checksum_get_id (i));
    }
  return g_string_free (s, FALSE);
}

/**
 * ta_checksum_get_size:
 *
 * Returns: how many bytes the checksum appends (0 for none)
 */
guint
ta_checksum_get_size (TaChecksum checksum)
{
  g_return_val_if_fail (is_valid (checksum), 0);

  return infos[checksum].size;
}

static guint8
crc8 (const guint8 *data,
      gsize         len)
{
  guint8 crc = 0x00;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int b = 0; b < 8; b++)
        crc = (crc & 0x80) ? (guint8) ((crc << 1) ^ 0x07) : (guint8) (crc << 1);
    }
  return crc;
}

/* A CRC-16 in the usual catalogue's terms (width 16, xorout 0, refin
 * equal to refout): CRC-16/MODBUS is poly 0x8005, init 0xFFFF, reflected;
 * CRC-16/CCITT-FALSE is poly 0x1021, init 0xFFFF, not reflected. */
typedef struct {
  guint16 poly;
  guint16 init;
  gboolean reflected;
} Crc16Params;

static const Crc16Params crc16_modbus_params = { 0x8005, 0xFFFF, TRUE };
static const Crc16Params crc16_ccitt_false_params = { 0x1021, 0xFFFF, FALSE };

static guint16
reflect16 (guint16 v)
{
  guint16 r = 0;

  for (int b = 0; b < 16; b++)
    if (v & (1u << b))
      r |= (guint16) (1u << (15 - b));
  return r;
}

/* Bit by bit: the messages are short, and one routine is easier to check
 * against the catalogue than two tables. A reflected CRC shifts right
 * with the reflected polynomial (0x8005 -> 0xA001). */
static guint16
crc16 (const Crc16Params *p,
       const guint8      *data,
       gsize              len)
{
  guint16 crc = p->init;
  guint16 rpoly = reflect16 (p->poly);

  for (gsize i = 0; i < len; i++)
    {
      if (p->reflected)
        {
          crc ^= data[i];
          for (int b = 0; b < 8; b++)
            crc = (crc & 1) ? (guint16) ((crc >> 1) ^ rpoly) : (guint16) (crc >> 1);
        }
      else
        {
          crc ^= (guint16) (data[i] << 8);
          for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ p->poly) : (guint16) (crc << 1);
        }
    }
  return crc;
}

static guint32
crc32 (const guint8 *data,
       gsize         len)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int b = 0; b < 8; b++)
        crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
    }
  return crc ^ 0xFFFFFFFF;
}

/**
 * ta_checksum_value:
 *
 * Returns: the checksum of @data as a number (0 for none), as published
 *   check values are written (CRC-16/MODBUS of "123456789" is 0x4B37)
 */
guint32
ta_checksum_value (TaChecksum    checksum,
                   const guint8 *data,
                   gsize         len)
{
  g_return_val_if_fail (is_valid (checksum), 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  switch (checksum)
    {
    case TA_CHECKSUM_NONE:
      return 0;
    case TA_CHECKSUM_SUM8:
      {
        guint8 sum = 0;

        for (gsize i = 0; i < len; i++)
          sum += data[i];
        return sum;
      }
    case TA_CHECKSUM_XOR8:
      {
        guint8 x = 0;

        for (gsize i = 0; i < len; i++)
          x ^= data[i];
        return x;
      }
    case TA_CHECKSUM_CRC8:
      return crc8 (data, len);
    case TA_CHECKSUM_CRC16_MODBUS:
      return crc16 (&crc16_modbus_params, data, len);
    case TA_CHECKSUM_CRC16_CCITT_FALSE:
      return crc16 (&crc16_ccitt_false_params, data, len);
    case TA_CHECKSUM_CRC32:
      return crc32 (data, len);
    default:
      g_assert_not_reached ();
    }
}

/**
 * ta_checksum_compute:
 * @out: (out caller-allocates): at least %TA_CHECKSUM_MAX_SIZE bytes
 *
 * Writes the bytes to append to @data, in the order they go on the wire
 * (see #TaChecksum for the byte order of each).
 *
 * Returns: how many bytes were written to @out (0 for none)
 */
guint
ta_checksum_compute (TaChecksum    checksum,
                     const guint8 *data,
                     gsize         len,
                     guint8        out[TA_CHECKSUM_MAX_SIZE])
{
  guint32 v;
  guint size;

  g_return_val_if_fail (is_valid (checksum), 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  v = ta_checksum_value (checksum, data, len);
  size = infos[checksum].size;

  if (checksum == TA_CHECKSUM_CRC16_MODBUS)
    {
      out[0] = v & 0xFF;
      out[1] = (v >> 8) & 0xFF;
      return size;
    }

  for (guint i = 0; i < size; i++)
    out[i] = (v >> (8 * (size - 1 - i))) & 0xFF;
  return size;
}

/**
 * ta_checksum_append:
 *
 * Returns: (transfer full): @bytes followed by their checksum (a new
 *   reference to @bytes for none)
 */
GBytes *
ta_checksum_append (TaChecksum  checksum,
                    GBytes     *bytes)
{
  guint8 sum[TA_CHECKSUM_MAX_SIZE];
  const guint8 *data;
  gsize len;
  guint n;
  GByteArray *out;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  n = ta_checksum_compute (checksum, data, len, sum);
  if (n == 0)
    return g_bytes_ref (bytes);

  out = g_byte_array_sized_new (len + n);
  g_byte_array_append (out, data != NULL ? data : sum, len);
  g_byte_array_append (out, sum, n);
  return g_byte_array_free_to_bytes (out);
}

/**
 * ta_checksum_preview:
 *
 * The bytes the checksum will add, for a label beside the composer.
 *
 * Returns: (transfer full): "+ C5 CD" for Modbus over `01 03 00 00 00 0A`;
 *   "" for none
 */
char *
ta_checksum_preview (TaChecksum    checksum,
                     const guint8 *data,
                     gsize         len)
{
  guint8 sum[TA_CHECKSUM_MAX_SIZE];
  GString *s;
  guint n;

  g_return_val_if_fail (is_valid (checksum), NULL);

  n = ta_checksum_compute (checksum, data, len, sum);
  s = g_string_new (NULL);
  if (n > 0)
    g_string_append_c (s, '+');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, " %02X", sum[i]);
  return g_string_free (s, FALSE);
}
