#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-admin-assign.h"
#include "dk-admin-brp.h"
#include "dk-admin-commands.h"
#include "dk-admin-compact.h"
#include "dk-admin-ddas.h"
#include "dk-admin-devices.h"
#include "dk-admin-files.h"
#include "dk-admin-report.h"
#include "dk-admin-signals.h"
#include "dk-admin-users.h"
#include "dk-sync-server.h"

#define OPEN DK_ADMIN_STORE_OPEN
#define PATH DK_ADMIN_STORE_PATH

static const DkAdminCommand commands[] = {
  { "user add", N_("NAME --role ROLE"),
    N_("Create a user (the password is asked for twice, or read with --password-stdin)"),
    OPEN, FALSE, dk_admin_user_add },
  { "user passwd", N_("NAME"), N_("Set a user’s password; ends their sessions and lifts a lockout"), OPEN, FALSE,
    dk_admin_user_passwd },
  { "user role", N_("NAME ROLE"), N_("Change a user’s role"), OPEN, FALSE, dk_admin_user_role },
  { "user disable", N_("NAME"), N_("Switch an account off and end its sessions"), OPEN, FALSE, dk_admin_user_disable },
  { "user enable", N_("NAME"), N_("Switch an account back on"), OPEN, FALSE, dk_admin_user_enable },
  { "user list", "", N_("List the users"), OPEN, TRUE, dk_admin_user_list },
  { "team add", N_("NAME"), N_("Create a team"), OPEN, FALSE, dk_admin_team_add },
  { "team list", "", N_("List the teams"), OPEN, TRUE, dk_admin_team_list },
  { "team set-member", N_("USER TEAM"), N_("Put a user in a team"), OPEN, FALSE, dk_admin_team_set_member },
  { "team remove-member", N_("USER"), N_("Take a user out of their team"), OPEN, FALSE, dk_admin_team_remove_member },
  { "assign", N_("DOSSIER USER"),
    N_("Assign a dossier (number or id) to a user, ending its assignment to anyone else with that role"), OPEN, FALSE,
    dk_admin_assign },
  { "unassign", N_("DOSSIER USER"), N_("End a user’s assignment of a dossier"), OPEN, FALSE, dk_admin_unassign },
  { "assignments", N_("[--user USER] [--dossier DOSSIER] [--all]"), N_("List the current assignments"), OPEN, TRUE,
    dk_admin_assignments },
  { "device list", N_("[--user USER]"), N_("List the devices"), OPEN, TRUE, dk_admin_device_list },
  { "device revoke", N_("DEVICE_ID"), N_("Revoke a device: end its sessions and have it wipe its replica"), OPEN, FALSE,
    dk_admin_device_revoke },
  { "backup", N_("FILE"), N_("Copy the central store to FILE (safe while the server runs)"), OPEN, FALSE,
    dk_admin_backup },
  { "restore", N_("FILE"), N_("Replace the central store by the backup FILE (stop the server first)"), PATH, FALSE,
    dk_admin_restore },
  { "check", N_("[FILE]"), N_("Check the central store, or the backup FILE, for damage"), PATH, FALSE,
    dk_admin_check },
  { "compact", N_("[--days N]"),
    N_("Remove history and deleted records older than the retention window now (the server does it daily)"),
    OPEN, TRUE, dk_admin_compact },
  { "signals import", N_("FILE [--format csv|json]"),
    N_("Import early signals (vroegsignalen) from a CSV or JSON file; bad rows are reported, not imported"), OPEN,
    FALSE, dk_admin_signals_import },
  { "signals list", "", N_("Count the early signals per partner type, with the newest signal date"), OPEN, TRUE,
    dk_admin_signals_list },
  { "signals brp-check", N_("[--limit N]"),
    N_("Check the signals not yet checked against the population register (BRP) and count the outcomes"), OPEN,
    TRUE, dk_admin_signals_brp_check },
  { "signals brp-review", "",
    N_("List the population register checks that wait for a person’s review (ids, no personal data)"), OPEN, TRUE,
    dk_admin_signals_brp_review },
  { "signals brp-resolve", N_("SIGNAL-ID OUTCOME"),
    N_("Decide a population register check under review: at_address, moved_within, moved_away, deceased, "
       "address_unknown or not_found"), OPEN, FALSE,
    dk_admin_signals_brp_resolve },
  { "signals match", N_("[--policy FILE] [--user USER]"),
    N_("Match the new early signals into cases per household, check them against the dossiers and publish the "
       "cases to the field workers’ devices"), OPEN, FALSE,
    dk_admin_signals_match },
  { "signals publish", N_("[--user USER]"),
    N_("Publish the open early-signal cases to the field workers’ devices, and tasks to known dossiers"), OPEN,
    FALSE, dk_admin_signals_publish },
  { "signals outcome", N_("CASE-ID CODE [--date DATE] [--picked-up DATE]"),
    N_("Give an early-signal case its DDAS end result (EnumEindresultaat) and close it"), OPEN, FALSE,
    dk_admin_signals_outcome },
  { "signals contact", N_("CASE-ID KIND [--reached] [--date DATE] [--part-of-day PART]"),
    N_("Record a contact attempt (DDAS EnumContactsoort) on an early-signal case"), OPEN, FALSE,
    dk_admin_signals_contact },
  { "signals export-ddas", N_("--from DATE --to DATE [--output FILE]"),
    N_("Write the DDAS Vroegsignalering delivery to CBS (JSON) for a period"), OPEN, FALSE,
    dk_admin_signals_export_ddas },
  { "signals report", N_("--from DATE --to DATE"),
    N_("Show the monitoring indicators of early signalling for a period (counts only)"), OPEN, TRUE,
    dk_admin_signals_report },
  { "signals feedback", N_("--partner TYPE [--month YYYY-MM] [--output FILE]"),
    N_("Write the feedback to a partner type as CSV: what may be said about each signal of the month"), OPEN,
    FALSE, dk_admin_signals_feedback },
  { "stats", "", N_("Show counts of users, devices, dossiers, changes and audit rows"), OPEN, TRUE, dk_admin_stats },
  { "audit", N_("[--dossier DOSSIER] [--user USER] [--since DATE] [--limit N]"),
    N_("List audit rows (ids and actions only)"), OPEN, TRUE, dk_admin_audit_list },
};

const DkAdminCommand *
dk_admin_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

static char *
describe_commands (void)
{
  g_autoptr(GString) text = g_string_new (_("Commands:"));

  /* Two lines each: the usage lines differ too much in length for one column of summaries. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %s%s%s\n      %s", commands[i].name, *commands[i].args != '\0' ? " " : "",
                            *commands[i].args != '\0' ? _(commands[i].args) : "", _(commands[i].summary));

  g_string_append (text, "\n\n");
  g_string_append (text, _("“draagkracht-admin COMMAND --help” tells more about a command. Changes are written to "
                           "the audit trail as the local administrator."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The command named by the words at @argv, and how many words its name has; NULL for none. */
static const DkAdminCommand *
find_command (int     argc,
              char  **argv,
              int    *out_words)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(GStrv) words = g_strsplit (commands[i].name, " ", -1);
      guint n = g_strv_length (words);
      gboolean match = (guint) argc >= n;

      for (guint w = 0; match && w < n; w++)
        match = g_str_equal (argv[w], words[w]);
      if (match)
        {
          *out_words = (int) n;
          return &commands[i];
        }
    }

  return NULL;
}

/* The second words of the commands whose first word is @group, or NULL when it is not a group. */
static char *
group_verbs (const char *group)
{
  g_autoptr(GString) verbs = g_string_new (NULL);
  gsize length = strlen (group);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_has_prefix (commands[i].name, group) && commands[i].name[length] == ' ')
      g_string_append_printf (verbs, "%s%s", verbs->len > 0 ? ", " : "", commands[i].name + length + 1);

  return verbs->len > 0 ? g_string_free (g_steal_pointer (&verbs), FALSE) : NULL;
}

int
dk_admin_main (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DkAdmin) admin = dk_admin_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) command_argv = NULL;
  g_autofree char *description = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *database = NULL;
  const DkAdminCommand *command;
  gboolean version = FALSE;
  int words = 0;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Read settings from FILE (as draagkracht-sync)"),
      N_("FILE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("Work on the central store in FILE (overrides the config)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_summary (context, _("Administers the Draagkracht sync server’s central store: users, teams, "
                                           "assignments, devices, backups."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command's name: what follows belongs to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("draagkracht-admin: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("draagkracht-admin %s (protocol %d)\n", PACKAGE_VERSION, DK_SYNC_PROTOCOL_VERSION);
      return 0;
    }

  if (argc < 2)
    {
      g_printerr ("draagkracht-admin: %s\n", _("A command is missing; “draagkracht-admin --help” lists them."));
      return 2;
    }

  command = find_command (argc - 1, argv + 1, &words);
  if (command == NULL)
    {
      g_autofree char *verbs = group_verbs (argv[1]);
      g_autofree char *message = NULL;

      if (verbs != NULL && argc == 2)
        message = g_strdup_printf (_("“%s” needs one of: %s."), argv[1], verbs);
      else if (verbs != NULL)
        message = g_strdup_printf (_("Unknown command “%s %s”; “%s” takes one of: %s."), argv[1], argv[2],
                                   argv[1], verbs);
      else
        message = g_strdup_printf (_("Unknown command “%s”; “draagkracht-admin --help” lists the commands."),
                                   argv[1]);
      g_printerr ("draagkracht-admin: %s\n", message);
      return 2;
    }

  admin->command = command;
  admin->config_path = g_steal_pointer (&config_path);
  admin->database = g_steal_pointer (&database);

  /* The command parses the rest as a program of its own would: argv[0], then its arguments. */
  command_argv = g_ptr_array_new ();
  g_ptr_array_add (command_argv, argv[0]);
  for (int i = 1 + words; i < argc; i++)
    g_ptr_array_add (command_argv, argv[i]);
  g_ptr_array_add (command_argv, NULL);

  if (!command->func (admin, (int) command_argv->len - 1, (char **) command_argv->pdata, &error))
    {
      /* One line, also when a message from SQLite (an integrity report) has several. */
      g_auto(GStrv) lines = g_strsplit_set (error->message, "\r\n", -1);
      g_autofree char *message = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        g_strstrip (lines[i]);
      message = g_strjoinv (" ", lines);
      g_printerr ("draagkracht-admin: %s\n", message);
      return g_error_matches (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_USAGE) ||
             g_error_matches (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_INPUT) ? 2 : 1;
    }

  return 0;
}
