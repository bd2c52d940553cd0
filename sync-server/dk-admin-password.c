#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "dk-admin-context.h"
#include "dk-admin-password.h"

/* The password policy allows 1024 characters of up to 4 bytes each; a line longer than this is
 * refused rather than cut. */
#define MAX_BYTES (1024 * 4)

void
dk_admin_password_free (char *password)
{
  if (password == NULL)
    return;

  sodium_memzero (password, strlen (password));
  g_free (password);
}

/*
 * One line from standard input, byte by byte with read(2): stdio would keep a copy of the password
 * in its buffer, and would read past the line. The newline (and a carriage return before it) is
 * not part of the password.
 */
static char *
read_line (gboolean *out_eof,
           GError  **error)
{
  g_autofree char *buffer = g_malloc0 (MAX_BYTES + 2);
  gsize length = 0;

  *out_eof = FALSE;
  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          sodium_memzero (buffer, length);
          g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("Cannot read the password: %s."),
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        {
          *out_eof = length == 0;
          break;
        }
      if (c == '\n')
        break;
      if (length == MAX_BYTES)
        {
          sodium_memzero (buffer, length);
          g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("The password is too long."));
          return NULL;
        }
      buffer[length++] = c;
    }

  if (length > 0 && buffer[length - 1] == '\r')
    buffer[--length] = '\0';

  return g_steal_pointer (&buffer);
}

/* The terminal settings to restore when a signal ends the program while echo is off. */
static struct termios saved_termios;

static void
restore_terminal_and_die (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

static char *
prompt (const char  *question,
        GError     **error)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
  struct sigaction action = { 0 };
  struct sigaction old_actions[G_N_ELEMENTS (signals)];
  struct termios quiet;
  gboolean eof = FALSE;
  char *line;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("Cannot read the password: %s."),
                   g_strerror (saved_errno));
      return NULL;
    }

  action.sa_handler = restore_terminal_and_die;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, &old_actions[i]);

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  g_printerr ("%s", question);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);

  line = read_line (&eof, error);

  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &old_actions[i], NULL);

  if (line != NULL && eof)
    {
      g_printerr ("\n");
      dk_admin_password_free (line);
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("No password was typed."));
      return NULL;
    }

  return line;
}

char *
dk_admin_read_password (gboolean   from_stdin,
                        GError   **error)
{
  g_autoptr(DkAdminPassword) first = NULL;
  g_autoptr(DkAdminPassword) second = NULL;

  if (from_stdin)
    {
      gboolean eof = FALSE;
      char *line = read_line (&eof, error);

      if (line != NULL && eof)
        {
          dk_admin_password_free (line);
          g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED,
                               _("Standard input is empty: it must hold the password on its first line."));
          return NULL;
        }
      return line;
    }

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_USAGE,
                           _("Standard input is not a terminal: pass --password-stdin to read the password from "
                             "it."));
      return NULL;
    }

  first = prompt (_("New password: "), error);
  if (first == NULL)
    return NULL;
  second = prompt (_("The same password again: "), error);
  if (second == NULL)
    return NULL;

  if (strcmp (first, second) != 0)
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED,
                           _("The two passwords differ; nothing was changed."));
      return NULL;
    }

  return g_steal_pointer (&first);
}
