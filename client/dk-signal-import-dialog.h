#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * Importing a file of early signals (CSV or JSON, as a signal partner delivers it) on the sync server:
 * the person chooses the file, the dialog checks it is UTF-8 text of a size the server takes, sends it,
 * and says what came of it — signals imported, already there, cases made or added to, and every row
 * that could not be read with its line and reason. Then the session syncs, so new cases arrive. The
 * server does the import (POST /v1/signals/import), so it needs a connection.
 */

#define DK_TYPE_SIGNAL_IMPORT_DIALOG (dk_signal_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkSignalImportDialog, dk_signal_import_dialog, DK, SIGNAL_IMPORT_DIALOG, AdwWindow)

GtkWidget *dk_signal_import_dialog_new     (GtkWindow *parent,
                                            DkSession *session);

/* Opens the dialog, modal over @parent. */
void       dk_signal_import_dialog_present (GtkWindow *parent,
                                            DkSession *session);

/* For tests: uses @name and @length bytes of @data as if they were the chosen file's. */
void       dk_signal_import_dialog_set_file_contents (DkSignalImportDialog *self,
                                                      const char           *name,
                                                      const char           *data,
                                                      gsize                 length);

G_END_DECLS
