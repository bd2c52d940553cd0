#include "config.h"

#include "dk-sync-error.h"

G_DEFINE_QUARK (dk-sync-error-quark, dk_sync_error)

guint
dk_sync_error_http_status (DkSyncError code)
{
  switch (code)
    {
    case DK_SYNC_ERROR_MALFORMED:
    case DK_SYNC_ERROR_DEVICE_MISMATCH:
      return 400;
    case DK_SYNC_ERROR_BATCH_TOO_LARGE:
      return 413;
    case DK_SYNC_ERROR_RESYNC_REQUIRED:
      return 409;
    default:
      return 500;
    }
}

const char *
dk_sync_error_code_name (DkSyncError code)
{
  switch (code)
    {
    case DK_SYNC_ERROR_MALFORMED:
      return "malformed-request";
    case DK_SYNC_ERROR_DEVICE_MISMATCH:
      return "device-mismatch";
    case DK_SYNC_ERROR_BATCH_TOO_LARGE:
      return "batch-too-large";
    case DK_SYNC_ERROR_RESYNC_REQUIRED:
      return "resync-required";
    default:
      return "internal-error";
    }
}
