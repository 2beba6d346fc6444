/* ta-checksum.h: checksums appended to a sent message (Sum-8 … CRC-32)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "ta-core-enums.h"  /* TA_TYPE_* GTypes of the enums below */

G_BEGIN_DECLS

/**
 * TaChecksum:
 * @TA_CHECKSUM_NONE: nothing is appended
 * @TA_CHECKSUM_SUM8: the sum of all bytes modulo 256 (1 byte)
 * @TA_CHECKSUM_XOR8: all bytes XORed together (1 byte)
 * @TA_CHECKSUM_CRC8: CRC-8 (poly 0x07, init 0x00, not reflected; check 0xF4)
 * @TA_CHECKSUM_CRC16_MODBUS: CRC-16/MODBUS (poly 0x8005 reflected, init
 *   0xFFFF; check 0x4B37), appended LOW byte first as the Modbus RTU
 *   specification requires (`01 03 00 00 00 0A` → `C5 CD`)
 * @TA_CHECKSUM_CRC16_CCITT_FALSE: CRC-16/CCITT-FALSE (poly 0x1021, init
 *   0xFFFF, not reflected; check 0x29B1), appended high byte first
 * @TA_CHECKSUM_CRC32: CRC-32 (ISO-HDLC, as zlib; check 0xCBF43926),
 *   appended high byte first, so the bytes read like the published value
 *
 * The value's nick (registered by gnome.mkenums_simple, see
 * ta-core-enums.h) is the command-line and file id: "none", "sum8",
 * "xor8", "crc8", "crc16-modbus", "crc16-ccitt-false", "crc32".
 * The values are stable (stored in settings and files by nick).
 */
typedef enum {
  TA_CHECKSUM_NONE,
  TA_CHECKSUM_SUM8,
  TA_CHECKSUM_XOR8,
  TA_CHECKSUM_CRC8,
  TA_CHECKSUM_CRC16_MODBUS,
  TA_CHECKSUM_CRC16_CCITT_FALSE,
  TA_CHECKSUM_CRC32,
} TaChecksum;

#define TA_CHECKSUM_N_TYPES (TA_CHECKSUM_CRC32 + 1)
#define TA_CHECKSUM_MAX_SIZE 4

const char *ta_checksum_get_id        (TaChecksum    checksum);
const char *ta_checksum_get_label     (TaChecksum    checksum);
gboolean    ta_checksum_from_id       (const char   *id,
                                       TaChecksum   *checksum);
char       *ta_checksum_list_ids      (void);
guint       ta_checksum_get_size      (TaChecksum    checksum);
guint32     ta_checksum_value         (TaChecksum    checksum,
                                       const guint8 *data,
                                       gsize         len);
guint       ta_checksum_compute       (TaChecksum    checksum,
                                       const guint8 *data,
                                       gsize         len,
                                       guint8        out[TA_CHECKSUM_MAX_SIZE]);
GBytes     *ta_checksum_append        (TaChecksum    checksum,
                                       GBytes       *bytes);
char       *ta_checksum_preview       (TaChecksum    checksum,
                                       const guint8 *data,
                                       gsize         len);

G_END_DECLS
