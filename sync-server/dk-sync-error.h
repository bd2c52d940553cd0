#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Failures of a push or pull request as a whole (sync-server/PROTOCOL.md). What a single change
 * gets wrong is not an error but a "refused" answer for that change; these are for requests that
 * cannot be answered change by change. Each code has its HTTP status and machine code for the
 * reply.
 */

#define DK_SYNC_ERROR (dk_sync_error_quark ())

typedef enum
{
  DK_SYNC_ERROR_MALFORMED,         /* 400 "malformed-request": the body or a change's envelope is unreadable */
  DK_SYNC_ERROR_DEVICE_MISMATCH,   /* 400 "device-mismatch": device_id is not the session's device */
  DK_SYNC_ERROR_BATCH_TOO_LARGE,   /* 413 "batch-too-large": more changes than max-batch-changes */
  DK_SYNC_ERROR_RESYNC_REQUIRED,   /* 409 "resync-required": the cursor cannot be continued */
} DkSyncError;

GQuark      dk_sync_error_quark      (void);

/* The HTTP status and the protocol's machine code for a DK_SYNC_ERROR code. */
guint       dk_sync_error_http_status (DkSyncError code);
const char *dk_sync_error_code_name   (DkSyncError code);

G_END_DECLS
