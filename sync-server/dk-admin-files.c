/* O_CLOEXEC and O_DIRECTORY are POSIX.1-2008, which -std=c17 alone does not declare. */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "dk-admin-files.h"
#include "dk-central-store.h"
#include "dk-server-schema.h"

/* The files SQLite keeps beside a database. */
static const char * const side_suffixes[] = { "-wal", "-journal", "-shm" };

/* gettext keeps errno, so @saved_errno may be passed as errno next to a _() format. */
static void set_errno_error (GError       **error,
                             DkAdminError   code,
                             int            saved_errno,
                             const char    *format,
                             ...) G_GNUC_PRINTF (4, 5);

static void
set_errno_error (GError       **error,
                 DkAdminError   code,
                 int            saved_errno,
                 const char    *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "what could not be done: why", e.g. "Cannot read /backup/db: No such file". */
  g_set_error (error, DK_ADMIN_ERROR, code, _("%s: %s."), what, g_strerror (saved_errno));
}

static void
remove_with_side_files (const char *path)
{
  g_unlink (path);
  for (guint i = 0; i < G_N_ELEMENTS (side_suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, side_suffixes[i], NULL);

      g_unlink (side);
    }
}

/* Whether @a and @b name the same file (also through links or different spellings). */
static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;

  {
    g_autofree char *ca = g_canonicalize_filename (a, NULL);
    g_autofree char *cb = g_canonicalize_filename (b, NULL);

    return g_strcmp0 (ca, cb) == 0;
  }
}

/* Makes the directory entry of a rename durable. */
static void
sync_directory_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* A new empty file beside @path, readable by its owner only; its name through @out_tmp. */
static gboolean
make_temp_beside (const char  *path,
                  const char  *infix,
                  char       **out_tmp,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.%s-XXXXXX", base, infix);
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot create a file in %s"), dir);
      return FALSE;
    }
  close (fd);

  *out_tmp = g_steal_pointer (&tmp);
  return TRUE;
}

/* Copies @source to @dest byte for byte and syncs it to disk. */
static gboolean
copy_file (const char  *source,
           const char  *dest,
           GError     **error)
{
  g_autofree char *buffer = g_malloc (1 << 16);
  int in = -1;
  int out = -1;
  gboolean ok = FALSE;

  in = open (source, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_BAD_FILE, errno, _("Cannot read %s"), source);
      goto out;
    }
  out = open (dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot write %s"), dest);
      goto out;
    }

  for (;;)
    {
      ssize_t n = read (in, buffer, 1 << 16);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, DK_ADMIN_ERROR_BAD_FILE, errno, _("Cannot read %s"), source);
          goto out;
        }
      if (n == 0)
        break;
      for (ssize_t done = 0; done < n;)
        {
          ssize_t w = write (out, buffer + done, (size_t) (n - done));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot write %s"), dest);
              goto out;
            }
          done += w;
        }
    }

  if (fsync (out) != 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot write %s"), dest);
      goto out;
    }
  ok = TRUE;

out:
  if (in >= 0)
    close (in);
  if (out >= 0 && close (out) != 0 && ok)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot write %s"), dest);
      ok = FALSE;
    }
  return ok;
}

/*
 * Whether @copy (a copy of @name) is a Draagkracht central store this program can open: a SQLite
 * database with the sync server's migration track, neither track newer than this program's. Read
 * with a plain connection, before dk_central_store_open() would turn any SQLite file into a store.
 */
static gboolean
inspect_copy (const char  *copy,
              const char  *name,
              GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 main_version = -1;
  gint64 server_version = -1;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      main_version = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_OK)
    {
      if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE, _("%s is not a SQLite database."), name);
      else
        g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE, _("%s cannot be read: %s."), name,
                     sqlite3_errstr (rc));
      goto out;
    }

  if (sqlite3_prepare_v2 (db, "SELECT version FROM dk_schema_track WHERE track = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, DK_SERVER_SCHEMA_TRACK, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        server_version = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (main_version <= 0 || server_version <= 0)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE,
                   _("%s is not a Draagkracht central store (it has no sync server tables)."), name);
      goto out;
    }
  if (main_version > dk_central_store_latest_version () ||
      server_version > dk_central_store_latest_server_version ())
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE,
                   _("%s was written by a newer version of Draagkracht (schema %d.%d; this program knows up to "
                     "%u.%u): use that version."),
                   name, (int) main_version, (int) server_version, dk_central_store_latest_version (),
                   dk_central_store_latest_server_version ());
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/*
 * Copies @file (with its -wal, if a crash left one) to @copy and checks the copy: see
 * inspect_copy(), then open it as a central store (which migrates an older schema) and run the
 * integrity and foreign key checks. With @restore the copy also gets the audit row of the restore.
 * Afterwards @copy is a complete database without side files.
 */
static gboolean
prepare_copy (const char  *file,
              const char  *copy,
              gboolean     restore,
              GError     **error)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file_wal = g_strconcat (file, "-wal", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE, _("There is no file %s."), file);
      return FALSE;
    }
  if (!copy_file (file, copy, error))
    return FALSE;
  if (g_file_test (file_wal, G_FILE_TEST_IS_REGULAR) && !copy_file (file_wal, copy_wal, error))
    return FALSE;

  if (!inspect_copy (copy, file, error))
    return FALSE;

  store = dk_central_store_open (copy, &local_error);
  if (store == NULL || !dk_store_integrity_check (store, &local_error))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_FILE, "%s: %s", file, local_error->message);
      return FALSE;
    }

  if (restore)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!dk_auth_audit_admin (store, "admin.restore", NULL, NULL, DK_AUDIT_SUCCESS, now, error))
        return FALSE;
    }

  /* Everything into the main file, so that it is complete on its own when it is moved. */
  if (sqlite3_exec (dk_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    {
      dk_store_set_sqlite_error (store, sqlite3_errcode (dk_store_get_db (store)), error);
      return FALSE;
    }
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (side_suffixes); i++)
    {
      g_autofree char *side = g_strconcat (copy, side_suffixes[i], NULL);

      g_unlink (side);
    }

  return TRUE;
}

gboolean
dk_admin_verify_file (const char  *file,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("draagkracht-admin-XXXXXX", &local_error);
  g_autofree char *copy = NULL;
  gboolean ok;

  if (dir == NULL)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("Cannot make a temporary folder: %s"),
                   local_error->message);
      return FALSE;
    }

  copy = g_build_filename (dir, "copy.db", NULL);
  ok = prepare_copy (file, copy, FALSE, error);
  remove_with_side_files (copy);
  g_rmdir (dir);

  return ok;
}

/*
 * Refuses when another process has the database open. Every connection to a WAL database holds a
 * shared lock on the file while it is open, so an exclusive lock succeeds only when nobody else
 * has it open (the server keeps its connection for as long as it runs). Closing this connection,
 * the last one, also folds the -wal into the database. A file SQLite cannot read at all is the
 * case a restore is for, and is no reason to refuse.
 */
static gboolean
check_not_in_use (const char  *db_path,
                  GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_IN_USE,
                   _("%s is in use: stop draagkracht-sync (systemctl stop draagkracht-sync) before restoring."),
                   db_path);
      return FALSE;
    }

  return TRUE;
}

/* The restored file gets the old one's permissions and, when root restores, its owner, so that
 * the server (which runs as its own user) can still write to it. Without an old file (a restore
 * onto a new machine) it belongs to the owner of its folder, the server's state directory. */
static gboolean
copy_metadata (const char  *from,
               const char  *to,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (to);
  GStatBuf st;

  if (g_stat (from != NULL ? from : dir, &st) != 0)
    return TRUE;

  if (from != NULL && g_chmod (to, st.st_mode & 07777) != 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot set the permissions of %s"), to);
      return FALSE;
    }
  if (geteuid () == 0 && chown (to, st.st_uid, st.st_gid) != 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot set the owner of %s"), to);
      return FALSE;
    }

  return TRUE;
}

/* Moves the old database's side files to the before-restore name: a -wal or -journal left there
 * would otherwise be applied to the restored file the next time it is opened. */
static gboolean
move_side_files (const char  *db_path,
                 const char  *before,
                 GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (side_suffixes); i++)
    {
      g_autofree char *side = g_strconcat (db_path, side_suffixes[i], NULL);
      g_autofree char *kept = g_strconcat (before, side_suffixes[i], NULL);

      if (!g_file_test (side, G_FILE_TEST_EXISTS))
        continue;
      /* The -shm is only an index of the -wal, rebuilt from it when needed. */
      if (g_str_equal (side_suffixes[i], "-shm") ? g_unlink (side) != 0 : g_rename (side, kept) != 0)
        {
          set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot move %s out of the way"), side);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
dk_admin_restore_file (const char  *db_path,
                       const char  *file,
                       GError     **error)
{
  g_autofree char *before = g_strconcat (db_path, ".before-restore", NULL);
  g_autofree char *tmp = NULL;
  gboolean db_exists = g_file_test (db_path, G_FILE_TEST_EXISTS);
  gboolean kept_by_link = FALSE;

  g_return_val_if_fail (db_path != NULL && file != NULL, FALSE);

  if (same_file (file, db_path))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("%s is the central store itself; name a backup to restore."), file);
      return FALSE;
    }
  if (db_exists && g_file_test (before, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("%s is left from an earlier restore: move it elsewhere (or delete it) first, so that this "
                     "restore can keep the current database there."),
                   before);
      return FALSE;
    }
  if (db_exists && !check_not_in_use (db_path, error))
    return FALSE;

  if (!make_temp_beside (db_path, "restore", &tmp, error))
    return FALSE;
  if (!prepare_copy (file, tmp, TRUE, error) || !copy_metadata (db_exists ? db_path : NULL, tmp, error))
    goto fail;

  if (db_exists)
    {
      /* A hard link keeps the old database under both names until the rename below replaces it in
       * one step, so that at no moment is there no database at db_path. */
      kept_by_link = link (db_path, before) == 0;
      if (!kept_by_link && g_rename (db_path, before) != 0)
        {
          set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot keep the current database as %s"), before);
          goto fail;
        }
      if (!move_side_files (db_path, before, error))
        goto fail;
    }

  if (g_rename (tmp, db_path) != 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot put the restored database at %s"), db_path);
      if (db_exists && !kept_by_link)
        g_rename (before, db_path);
      goto fail;
    }
  sync_directory_of (db_path);

  return TRUE;

fail:
  remove_with_side_files (tmp);
  return FALSE;
}

/* ---- commands ---- */

gboolean
dk_admin_backup (DkAdmin   *admin,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *size = NULL;
  const char *file;
  gboolean force = FALSE;
  GStatBuf st;
  const GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 1, 1, error))
    return FALSE;
  file = argv[1];

  if (same_file (file, dk_admin_store_path (admin)))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("%s is the central store itself; a backup needs a file of its own."), file);
      return FALSE;
    }
  if (!force && g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED, _("%s exists; pass --force to replace it."), file);
      return FALSE;
    }

  if (!make_temp_beside (file, "backup", &tmp, error))
    return FALSE;
  if (!dk_store_backup_to (admin->store, tmp, error))
    {
      g_prefix_error (error, "%s: ", file);
      remove_with_side_files (tmp);
      return FALSE;
    }
  if (g_rename (tmp, file) != 0)
    {
      set_errno_error (error, DK_ADMIN_ERROR_FAILED, errno, _("Cannot write %s"), file);
      remove_with_side_files (tmp);
      return FALSE;
    }
  sync_directory_of (file);

  if (!dk_admin_audit (admin, "admin.backup", NULL, NULL, error))
    return FALSE;

  size = g_format_size (g_stat (file, &st) == 0 ? (guint64) st.st_size : 0);
  g_print (_("Backed up the central store to %s (%s).\n"), file, size);
  return TRUE;
}

gboolean
dk_admin_restore (DkAdmin   *admin,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  const char *db_path;
  gboolean replaced;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 1, 1, error))
    return FALSE;
  db_path = dk_admin_store_path (admin);
  replaced = g_file_test (db_path, G_FILE_TEST_EXISTS);

  if (!dk_admin_restore_file (db_path, argv[1], error))
    return FALSE;

  if (replaced)
    g_print (_("Restored the central store %s from %s; the database it replaced is kept as %s.before-restore. "
               "Start draagkracht-sync again.\n"),
             db_path, argv[1], db_path);
  else
    g_print (_("Restored the central store %s from %s. Start draagkracht-sync again.\n"), db_path, argv[1]);
  return TRUE;
}

gboolean
dk_admin_check (DkAdmin   *admin,
                int        argc,
                char     **argv,
                GError   **error)
{
  g_autoptr(DkStore) store = NULL;
  const char *db_path;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 1, error))
    return FALSE;

  if (argc > 1)
    {
      if (!dk_admin_verify_file (argv[1], error))
        return FALSE;
      g_print (_("%s is a sound Draagkracht central store: it passed the integrity check and the foreign key "
                 "check.\n"),
               argv[1]);
      return TRUE;
    }

  db_path = dk_admin_store_path (admin);
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND, _("There is no central store at %s."), db_path);
      return FALSE;
    }

  store = dk_central_store_open (db_path, error);
  if (store == NULL || !dk_store_integrity_check (store, error))
    {
      g_prefix_error (error, "%s: ", db_path);
      return FALSE;
    }

  g_print (_("%s passed the integrity check and the foreign key check.\n"), db_path);
  return TRUE;
}
