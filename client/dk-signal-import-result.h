#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * What the signal import dialog checks and says, without widgets so it is tested without a display:
 * the file a person chose (before anything goes to the server), the server's answer to
 * POST /v1/signals/import read into a struct, and that answer in plain sentences.
 */

/* The most the server takes in one request (its max-request-bytes); the file travels inside JSON,
 * so a file close to it may still be refused by the server. */
#define DK_SIGNAL_IMPORT_MAX_FILE_BYTES (8 * 1024 * 1024)

/*
 * Whether the file called @name with @length bytes of @data can be sent: not empty, at most
 * DK_SIGNAL_IMPORT_MAX_FILE_BYTES, UTF-8 text. FALSE with a sentence for the person in @error
 * (G_IO_ERROR) otherwise. Any name will do: the server reads the format from the extension (.csv,
 * .json), else from the text.
 */
gboolean dk_signal_import_check_file   (const char  *name,
                                        const char  *data,
                                        gsize        length,
                                        GError     **error);

/* Whether the server reads the file as JSON, as it decides: by the extension, else JSON when the
 * text starts with "[" or "{". @text is the whole, NUL-terminated text. */
gboolean dk_signal_import_file_is_json (const char  *name,
                                        const char  *text);

typedef struct
{
  guint  line;     /* CSV: the line the row starts on; JSON: the record's number */
  char  *column;   /* the column at fault, or NULL */
  char  *reason;   /* the server's sentence; never the value */
} DkSignalImportRejection;

typedef struct
{
  guint      imported;        /* new signals */
  guint      duplicates;      /* signals that were there already */
  guint      cases_new;
  guint      cases_attached;  /* existing cases that got new signals */
  guint      published;       /* cases made ready to be worked on a device */
  guint      tasks;           /* tasks added to running dossiers */
  GPtrArray *rejected;        /* DkSignalImportRejection, in file order */
} DkSignalImportResult;

void                  dk_signal_import_result_free  (DkSignalImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalImportResult, dk_signal_import_result_free)

/* Reads the 200 answer; NULL with @error (G_IO_ERROR_INVALID_DATA) when it is not the expected shape.
 * Members this version does not know are passed over. */
DkSignalImportResult *dk_signal_import_result_parse (JsonNode              *answer,
                                                     GError               **error);

/* The outcome as lines of plain sentences ("12 signals imported.\n3 were already imported before.\n…").
 * Free with g_free(). */
char                 *dk_signal_import_result_summary (const DkSignalImportResult *result);

/* The heading over the rejected rows ("2 rows could not be imported:"), or NULL when there are none. */
char                 *dk_signal_import_result_rejected_heading (const DkSignalImportResult *result);

/* One rejected row: "Line 12, column “bsn”: <reason>", or "Record 3: <reason>" for a JSON file
 * (@json_file), whose rows are numbered records, not lines. Free with g_free(). */
char                 *dk_signal_import_rejection_text (const DkSignalImportRejection *rejection,
                                                       gboolean                       json_file);

/* What went wrong with an import, as a sentence for the dialog: an error of
 * dk_session_request_json_async() (offline, a role that may not import, a file the server cannot
 * read, too large, stopped, …). Free with g_free(). */
char                 *dk_signal_import_error_text (const GError *error);

G_END_DECLS
