/* ta-doctor.h: why a connect failed, in plain sentences with a next step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  TA_DOCTOR_UNKNOWN,
  TA_DOCTOR_NAME_NOT_FOUND,   /* the host name gave no address */
  TA_DOCTOR_REFUSED,          /* the computer answered; nothing listens on the port */
  TA_DOCTOR_WRONG_ADDRESS,    /* this computer listens on the port, but not on the address used */
  TA_DOCTOR_NOT_ACCEPTING,    /* this computer listens there but accepts nothing (queue full, stuck) */
  TA_DOCTOR_TIMED_OUT,        /* no answer at all: firewall, switched off, other network */
  TA_DOCTOR_UNREACHABLE,      /* no route */
  TA_DOCTOR_RESET,            /* accepted, then reset during the handshake */
  TA_DOCTOR_WORKS_NOW,        /* a test connection now succeeds */
} TaDoctorCause;

typedef struct {
  TaDoctorCause  cause;
  char          *summary;     /* one sentence: what happened */
  GPtrArray     *facts;       /* (element-type utf8): what was observed */
  char          *next_step;   /* what to do now */
} TaDiagnosis;

#define TA_DOCTOR_DEFAULT_PROBE_MS 2000

void          ta_diagnosis_free        (TaDiagnosis *diagnosis);
char         *ta_diagnosis_to_text     (TaDiagnosis *diagnosis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaDiagnosis, ta_diagnosis_free)

void          ta_doctor_diagnose_async  (const char          *host,
                                         guint16              port,
                                         const GError        *error,
                                         guint                probe_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
TaDiagnosis  *ta_doctor_diagnose_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
