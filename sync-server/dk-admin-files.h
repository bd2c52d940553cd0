#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/*
 * The central store as a file: backups, restoring one, and checking that a store (or a backup) is
 * sound.
 *
 * A backup is SQLite's online backup of the open store (dk_store_backup_to()): a consistent
 * snapshot taken under one read lock, safe while the server runs. It is written beside the
 * destination and renamed into place, so a failed backup never leaves half a file under the
 * backup's name, and it is readable only by its owner (it holds every dossier).
 *
 * Restoring replaces the database file and must happen while the server is stopped: it refuses
 * when another process has the database open. The backup is first copied beside the database and
 * checked there (a Draagkracht central store, a schema no newer than this program's, migrated up
 * when older, passing the integrity and foreign key checks); only then is it renamed over the
 * database, keeping the previous file as DB.before-restore (with its -wal or -journal, should one
 * remain). The backup file itself is never written to.
 */

/* Checks that @file is a sound Draagkracht central store, on a copy, leaving @file as it is.
 * DK_ADMIN_ERROR_BAD_FILE. */
gboolean dk_admin_verify_file   (const char   *file,
                                 GError      **error);

/* Replaces the central store at @db_path by the backup @file, as described above.
 * DK_ADMIN_ERROR_IN_USE, DK_ADMIN_ERROR_BAD_FILE, DK_ADMIN_ERROR_REFUSED (DB.before-restore
 * exists from an earlier restore), DK_ADMIN_ERROR_FAILED. */
gboolean dk_admin_restore_file  (const char   *db_path,
                                 const char   *file,
                                 GError      **error);

/* draagkracht-admin backup, restore and check. */
gboolean dk_admin_backup        (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_restore       (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_check         (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
