#pragma once

#include <glib.h>

#include "dk-auth.h"
#include "dk-server-config.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * What every draagkracht-admin command works with: the settings (the server's own config file, so
 * the tool finds the database the server uses), the central store, and the lookups that turn what
 * an administrator types (a user name, a team name, a dossier number) into ids.
 *
 * A command is a function that parses its own options with dk_admin_parse() and returns FALSE with
 * an error on failure: DK_ADMIN_ERROR_USAGE means the command line was wrong (exit status 2), any
 * other error that the command failed (exit status 1).
 */

#define DK_ADMIN_ERROR (dk_admin_error_quark ())

typedef enum
{
  DK_ADMIN_ERROR_USAGE,      /* a missing or malformed argument or option: exit status 2 */
  DK_ADMIN_ERROR_NOT_FOUND,  /* no user, team, dossier, device or assignment by that name */
  DK_ADMIN_ERROR_REFUSED,    /* the change makes no sense (a dossier for an administrator, …) */
  DK_ADMIN_ERROR_IN_USE,     /* the database is held by a running server */
  DK_ADMIN_ERROR_BAD_FILE,   /* a file that is not a usable Draagkracht central store */
  DK_ADMIN_ERROR_FAILED,
  DK_ADMIN_ERROR_BAD_INPUT,  /* a file to import is unusable as a whole: exit status 2, like a usage error */
} DkAdminError;

GQuark dk_admin_error_quark (void);

typedef struct _DkAdmin DkAdmin;

typedef gboolean (*DkAdminCommandFunc) (DkAdmin   *admin,
                                        int        argc,
                                        char     **argv,
                                        GError   **error);

typedef enum
{
  DK_ADMIN_STORE_OPEN,   /* the command works in the central store: dk_admin_parse() opens it */
  DK_ADMIN_STORE_PATH,   /* the command works on the database file itself (restore, check) */
} DkAdminStoreUse;

typedef struct
{
  const char         *name;      /* "user add" */
  const char         *args;      /* e.g. "NAME --role ROLE" (marked for translation), for the usage line */
  const char         *summary;   /* one line, marked for translation */
  DkAdminStoreUse     store_use;
  gboolean            json;      /* takes --json */
  DkAdminCommandFunc  func;
} DkAdminCommand;

struct _DkAdmin
{
  const DkAdminCommand *command;

  /* From the command line, before or after the command's name. */
  char                 *config_path;
  char                 *database;
  gboolean              json;

  DkServerConfig       *config;
  DkAuthParams          params;
  DkStore              *store;   /* after dk_admin_parse() for DK_ADMIN_STORE_OPEN commands */
};

DkAdmin    *dk_admin_new             (void);
void        dk_admin_free            (DkAdmin              *admin);

/*
 * Parses the command's options (@entries, may be NULL, plus the global ones and --json when the
 * command takes it) from @argc/@argv, where argv[0] stands for the program. Afterwards argv[1] …
 * are the positional arguments, of which there must be @min_args to @max_args. Then reads the
 * config file and, for a DK_ADMIN_STORE_OPEN command, opens the central store. "--help" prints
 * the command's help and exits.
 */
gboolean    dk_admin_parse           (DkAdmin              *admin,
                                      const GOptionEntry   *entries,
                                      int                  *argc,
                                      char               ***argv,
                                      guint                 min_args,
                                      guint                 max_args,
                                      GError              **error);

/* The database file the server uses: --database, else the config file's [store] path. */
const char *dk_admin_store_path      (DkAdmin              *admin);

/* Sets a DK_ADMIN_ERROR_USAGE error that names the command and points to its --help. */
void        dk_admin_usage_error     (DkAdmin              *admin,
                                      GError              **error,
                                      const char           *format,
                                      ...) G_GNUC_PRINTF (3, 4);

/* A role by its machine name ("debt_counsellor"; "debt-counsellor" too). DK_ADMIN_ERROR_USAGE. */
gboolean    dk_admin_parse_role      (DkAdmin              *admin,
                                      const char           *text,
                                      DkRole               *out_role,
                                      GError              **error);

/* A user by user name (ignoring case, as at login) or id. DK_ADMIN_ERROR_NOT_FOUND. */
typedef struct
{
  char     *id;
  char     *user_name;
  DkRole    role;
  gboolean  disabled;
} DkAdminUser;

void        dk_admin_user_free       (DkAdminUser          *user);
DkAdminUser *dk_admin_find_user      (DkAdmin              *admin,
                                      const char           *name_or_id,
                                      GError              **error);

/* A team's id by name (ignoring case) or id. DK_ADMIN_ERROR_NOT_FOUND. */
char       *dk_admin_find_team       (DkAdmin              *admin,
                                      const char           *name_or_id,
                                      GError              **error);

/* A dossier's id by number ("DEMO-0001") or id; @out_number gets its number (may be NULL). A
 * deleted dossier (removed_at set) is found too; @out_removed says so (may be NULL).
 * DK_ADMIN_ERROR_NOT_FOUND. */
char       *dk_admin_find_dossier    (DkAdmin              *admin,
                                      const char           *number_or_id,
                                      char                **out_number,
                                      gboolean             *out_removed,
                                      GError              **error);

/* The audit row of a successful change by the local administrator ("admin.…"): call it inside
 * the change's transaction so the two stand or fall together. */
gboolean    dk_admin_audit           (DkAdmin              *admin,
                                      const char           *action,
                                      const char           *subject_id,
                                      const char           *dossier_id,
                                      GError              **error);

/* A query's single integer result (?1 … bound to the NULL-terminated strings). */
gboolean    dk_admin_query_int       (DkStore              *store,
                                      gint64               *out_value,
                                      GError              **error,
                                      const char           *sql,
                                      ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAdmin, dk_admin_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAdminUser, dk_admin_user_free)

G_END_DECLS
