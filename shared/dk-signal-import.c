#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dk-date.h"
#include "dk-money.h"
#include "dk-signal-import.h"
#include "dk-validate.h"

G_DEFINE_QUARK (dk-signal-import-error-quark, dk_signal_import_error)

#define MAX_FILE_SIZE (64 * 1024 * 1024)

typedef enum
{
  COL_PARTNER_TYPE,
  COL_PARTNER,
  COL_REFERENCE,
  COL_AMOUNT,
  COL_AROSE,
  COL_SIGNAL_DATE,
  COL_CRISIS,
  COL_WARM,
  COL_BSN,
  COL_GIVEN,
  COL_PREFIX,
  COL_FAMILY,
  COL_BIRTH,
  COL_STREET,
  COL_HOUSE,
  COL_ADDITION,
  COL_POSTCODE,
  COL_CITY,
  COL_PHONE,
  COL_EMAIL,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  [COL_PARTNER_TYPE] = "signaalpartner_type",
  [COL_PARTNER] = "partner",
  [COL_REFERENCE] = "kenmerk",
  [COL_AMOUNT] = "bedrag",
  [COL_AROSE] = "ontstaansdatum",
  [COL_SIGNAL_DATE] = "signaaldatum",
  [COL_CRISIS] = "crisissignaal",
  [COL_WARM] = "warme_overdracht",
  [COL_BSN] = "bsn",
  [COL_GIVEN] = "voornamen",
  [COL_PREFIX] = "voorvoegsel",
  [COL_FAMILY] = "geslachtsnaam",
  [COL_BIRTH] = "geboortedatum",
  [COL_STREET] = "straat",
  [COL_HOUSE] = "huisnummer",
  [COL_ADDITION] = "huisnummertoevoeging",
  [COL_POSTCODE] = "postcode",
  [COL_CITY] = "woonplaats",
  [COL_PHONE] = "telefoon",
  [COL_EMAIL] = "email",
};

static int
column_lookup (const char *name)
{
  for (int i = 0; i < N_COLUMNS; i++)
    if (g_ascii_strcasecmp (name, column_names[i]) == 0)
      return i;
  return -1;
}

static char *
column_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (int i = 0; i < N_COLUMNS; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", column_names[i]);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

gboolean
dk_signal_format_from_name (const char     *name,
                            DkSignalFormat *out_format)
{
  g_return_val_if_fail (out_format != NULL, FALSE);

  if (name != NULL && g_ascii_strcasecmp (name, "csv") == 0)
    *out_format = DK_SIGNAL_FORMAT_CSV;
  else if (name != NULL && g_ascii_strcasecmp (name, "json") == 0)
    *out_format = DK_SIGNAL_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

gboolean
dk_signal_format_for_path (const char     *path,
                           DkSignalFormat *out_format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  return dk_signal_format_from_name (dot + 1, out_format);
}

static void
row_error_free (DkSignalRowError *row_error)
{
  g_free (row_error->message);
  g_free (row_error->reason);
  g_free (row_error);
}

void
dk_signal_import_free (DkSignalImport *import)
{
  if (import == NULL)
    return;
  g_ptr_array_unref (import->signals);
  g_ptr_array_unref (import->errors);
  g_free (import);
}

/* ---- one row: text values to a validated DkSignal ---- */

typedef struct
{
  const char *values[N_COLUMNS];   /* trimmed; NULL when absent or empty */
  gboolean    amount_is_number;    /* JSON: bedrag was a number, already in amount_cents */
  gint64      amount_cents;
} Row;

/* Line breaks, tabs and runs of spaces inside a free-text value become one space: no control
 * character reaches the store or the identity key. */
static char *
clean_text (const char *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  if (value == NULL)
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == ' ' || *p == 0x7f)
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The column goes apart from the reason, so a caller can name it in a field of its own
 * (DkSignalRowError); the message joins them. */
#define REJECT(col, ...) \
  G_STMT_START { \
    *out_column = (col); \
    *out_reason = g_strdup_printf (__VA_ARGS__); \
    return NULL; \
  } G_STMT_END

typedef enum
{
  DATE_OK,
  DATE_MALFORMED,
  DATE_IMPOSSIBLE,
} DateResult;

static DateResult
parse_date (const char *text,
            GDate      *out)
{
  g_autoptr(GError) error = NULL;

  if (dk_date_parse (text, out, &error))
    return DATE_OK;
  if (g_error_matches (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_DAY) ||
      g_error_matches (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_MONTH) ||
      g_error_matches (error, DK_DATE_ERROR, DK_DATE_ERROR_NOT_LEAP_YEAR))
    return DATE_IMPOSSIBLE;
  return DATE_MALFORMED;
}

/* The date in @col, if any. Messages never repeat the value: a birth date is personal data. */
#define READ_DATE(col, date) \
  G_STMT_START { \
    if (row->values[col] != NULL) \
      switch (parse_date (row->values[col], (date))) \
        { \
        case DATE_OK: \
          break; \
        case DATE_IMPOSSIBLE: \
          REJECT (col, "%s", _("this date does not exist")); \
        case DATE_MALFORMED: \
        default: \
          REJECT (col, "%s", _("not a date; write YYYY-MM-DD or DD-MM-YYYY")); \
        } \
  } G_STMT_END

static gboolean
parse_flag (const char *text,
            gboolean   *out)
{
  static const char * const yes[] = { "ja", "j", "yes", "y", "true", "1", NULL };
  static const char * const no[] = { "nee", "n", "no", "false", "0", NULL };

  if (text == NULL)
    {
      *out = FALSE;
      return TRUE;
    }
  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      return (*out = TRUE);
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *out = FALSE;
        return TRUE;
      }
  return FALSE;
}

static char *
partner_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < DK_SIGNAL_N_PARTNERS; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", dk_signal_partner_to_ddas ((DkSignalPartner) i));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* A house number "12", or "12A" / "12-2" / "12 bis" with its addition, which goes to
 * house_number_addition unless that was given separately too. */
static gboolean
split_house_number (const char  *text,
                    char       **out_number,
                    char       **out_addition)
{
  const char *p = text;
  const char *rest;

  while (g_ascii_isdigit (*p))
    p++;
  if (p == text || p - text > 5 || *text == '0')
    return FALSE;
  *out_number = g_strndup (text, (gsize) (p - text));
  rest = p;
  while (*rest == ' ' || *rest == '-')
    rest++;
  *out_addition = clean_text (rest);
  return TRUE;
}

static DkSignal *
signal_from_row (const Row    *row,
                 const GDate  *today,
                 int          *out_column,
                 char        **out_reason)
{
  g_autoptr(DkSignal) signal = dk_signal_new ();
  g_autofree char *addition = NULL;

  /* Partner and signal first: without them the row is no signal at all. */
  if (row->values[COL_PARTNER_TYPE] == NULL)
    REJECT (COL_PARTNER_TYPE, "%s", _("empty, but every signal needs its partner type"));
  if (!dk_signal_partner_from_ddas (row->values[COL_PARTNER_TYPE], &signal->partner_type))
    {
      g_autofree char *list = partner_list ();

      REJECT (COL_PARTNER_TYPE, _("not a DDAS partner type (%s)"), list);
    }
  signal->partner_name = clean_text (row->values[COL_PARTNER]);
  signal->partner_reference = clean_text (row->values[COL_REFERENCE]);

  if (row->values[COL_SIGNAL_DATE] == NULL)
    REJECT (COL_SIGNAL_DATE, "%s", _("empty, but every signal needs its date"));
  READ_DATE (COL_SIGNAL_DATE, &signal->signal_date);
  if (g_date_compare (&signal->signal_date, today) > 0)
    REJECT (COL_SIGNAL_DATE, "%s", _("the date lies in the future"));
  READ_DATE (COL_AROSE, &signal->arose_on);
  if (g_date_valid (&signal->arose_on) && g_date_compare (&signal->arose_on, &signal->signal_date) > 0)
    REJECT (COL_AROSE, "%s", _("the arrears cannot arise after the signal date"));

  if (row->amount_is_number)
    {
      signal->has_amount = TRUE;
      signal->amount_cents = row->amount_cents;
    }
  else if (row->values[COL_AMOUNT] != NULL)
    {
      if (!dk_money_parse (row->values[COL_AMOUNT], &signal->amount_cents, NULL))
        REJECT (COL_AMOUNT, "%s", _("not an amount in Dutch notation, such as 1.234,56"));
      signal->has_amount = TRUE;
    }
  if (signal->has_amount && signal->amount_cents < 0)
    REJECT (COL_AMOUNT, "%s", _("the amount is negative"));

  if (!parse_flag (row->values[COL_CRISIS], &signal->crisis))
    REJECT (COL_CRISIS, "%s", _("not yes or no (ja/nee, true/false, 1/0)"));
  if (!parse_flag (row->values[COL_WARM], &signal->warm_handover))
    REJECT (COL_WARM, "%s", _("not yes or no (ja/nee, true/false, 1/0)"));

  if (row->values[COL_BSN] != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!dk_validate_bsn (row->values[COL_BSN], &error))
        {
          if (g_error_matches (error, DK_VALIDATE_ERROR, DK_VALIDATE_ERROR_CHECKSUM))
            REJECT (COL_BSN, "%s", _("not a valid BSN: it fails the eleven-test"));
          REJECT (COL_BSN, "%s", _("not a valid BSN (nine digits)"));
        }
      signal->bsn = dk_bsn_normalize (row->values[COL_BSN]);
    }

  signal->given_names = clean_text (row->values[COL_GIVEN]);
  signal->name_prefix = clean_text (row->values[COL_PREFIX]);
  signal->family_name = clean_text (row->values[COL_FAMILY]);
  READ_DATE (COL_BIRTH, &signal->birth_date);
  if (g_date_valid (&signal->birth_date) && g_date_compare (&signal->birth_date, today) > 0)
    REJECT (COL_BIRTH, "%s", _("the date lies in the future"));

  signal->street = clean_text (row->values[COL_STREET]);
  signal->house_number_addition = clean_text (row->values[COL_ADDITION]);
  if (row->values[COL_HOUSE] != NULL)
    {
      if (!split_house_number (row->values[COL_HOUSE], &signal->house_number, &addition))
        REJECT (COL_HOUSE, "%s", _("not a house number (1 to 99999, then any addition)"));
      if (addition != NULL && signal->house_number_addition != NULL)
        REJECT (COL_HOUSE, "%s", _("has an addition while huisnummertoevoeging is given as well"));
      if (addition != NULL)
        signal->house_number_addition = g_steal_pointer (&addition);
    }
  if (row->values[COL_POSTCODE] != NULL)
    {
      signal->postcode = dk_postcode_normalize (row->values[COL_POSTCODE]);
      if (signal->postcode == NULL)
        REJECT (COL_POSTCODE, "%s", _("not a Dutch postcode such as 1234 AB"));
    }
  signal->city = clean_text (row->values[COL_CITY]);
  if (row->values[COL_PHONE] != NULL)
    {
      signal->phone = dk_phone_normalize (row->values[COL_PHONE]);
      if (signal->phone == NULL)
        REJECT (COL_PHONE, "%s", _("not a valid phone number"));
    }
  if (row->values[COL_EMAIL] != NULL)
    {
      if (!dk_validate_email (row->values[COL_EMAIL], NULL))
        REJECT (COL_EMAIL, "%s", _("not a valid e-mail address"));
      signal->email = g_strdup (row->values[COL_EMAIL]);
    }

  if (signal->bsn == NULL && (signal->postcode == NULL || signal->house_number == NULL))
    {
      *out_column = -1;
      *out_reason = g_strdup (_("neither a BSN nor a postcode and house number: the resident cannot be found"));
      return NULL;
    }

  return g_steal_pointer (&signal);
}

/* ---- what both formats share: rows in, signals and row errors out ---- */

typedef struct
{
  DkSignalImport *result;
  const GDate    *today;
  gboolean        json;
  GHashTable     *seen;   /* identity key → the line (record) it was first seen on */
} Importer;

/* @column: the column at fault, or -1 when the row as a whole is. */
static void
add_error_full (Importer   *importer,
                guint       line,
                int         column,
                const char *reason,
                gboolean    duplicate)
{
  DkSignalRowError *row_error = g_new0 (DkSignalRowError, 1);
  g_autofree char *with_column = NULL;

  row_error->line = line;
  row_error->column = column >= 0 ? column_names[column] : NULL;
  row_error->reason = g_strdup (reason);
  row_error->duplicate = duplicate;
  if (column >= 0)
    /* TRANSLATORS: "column bsn: not a valid BSN (nine digits)"; the first %s is a column name. */
    with_column = g_strdup_printf (_("column %s: %s"), column_names[column], reason);
  /* TRANSLATORS: "line 7: column bsn: not a valid BSN (nine digits)"; %u is a line number of the file. */
  row_error->message = importer->json ? g_strdup_printf (_("record %u: %s"), line, with_column ? with_column : reason)
                                      : g_strdup_printf (_("line %u: %s"), line, with_column ? with_column : reason);
  g_ptr_array_add (importer->result->errors, row_error);
}

static void
add_error (Importer   *importer,
           guint       line,
           const char *reason)
{
  add_error_full (importer, line, -1, reason, FALSE);
}

static void
add_row (Importer  *importer,
         guint      line,
         const Row *row)
{
  g_autofree char *reason = NULL;
  g_autofree char *key = NULL;
  g_autoptr(DkSignal) signal = NULL;
  int column = -1;
  gpointer first;

  importer->result->n_rows++;
  signal = signal_from_row (row, importer->today, &column, &reason);
  if (signal == NULL)
    {
      add_error_full (importer, line, column, reason, FALSE);
      return;
    }

  key = dk_signal_identity_key (signal);
  if (g_hash_table_lookup_extended (importer->seen, key, NULL, &first))
    {
      g_autofree char *duplicate = importer->json
        ? g_strdup_printf (_("the same signal as record %u, imported once"), GPOINTER_TO_UINT (first))
        : g_strdup_printf (_("the same signal as line %u, imported once"), GPOINTER_TO_UINT (first));

      importer->result->n_duplicates++;
      add_error_full (importer, line, -1, duplicate, TRUE);
      return;
    }
  g_hash_table_insert (importer->seen, g_steal_pointer (&key), GUINT_TO_POINTER (line));
  g_ptr_array_add (importer->result->signals, g_steal_pointer (&signal));
}

/* ---- CSV ---- */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
  char        separator;
} CsvReader;

typedef struct
{
  guint      line;      /* where the record starts */
  GPtrArray *fields;    /* char *, trimmed */
  char      *problem;   /* a quoting fault inside the record (translated), or NULL */
} CsvRecord;

static void
csv_record_clear (CsvRecord *record)
{
  g_clear_pointer (&record->fields, g_ptr_array_unref);
  g_clear_pointer (&record->problem, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsvRecord, csv_record_clear)

static void
end_field (CsvRecord *record,
           GString   *field)
{
  g_ptr_array_add (record->fields, g_strstrip (g_strdup (field->str)));
  g_string_truncate (field, 0);
}

/* Reads the next record; FALSE at the end of the text, or with @error for an unclosed quote (it
 * swallows the rest of the file, so no later row can be trusted). */
static gboolean
csv_next (CsvReader  *reader,
          CsvRecord  *record,
          GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;       /* inside quotes */
  gboolean after_quote = FALSE;  /* this field's closing quote has been seen */

  if (reader->p >= reader->end)
    return FALSE;

  csv_record_clear (record);
  record->fields = g_ptr_array_new_with_free_func (g_free);
  record->line = reader->line;

  while (reader->p < reader->end)
    {
      char c = *reader->p++;

      if (quoted)
        {
          if (c == '"' && reader->p < reader->end && *reader->p == '"')
            {
              g_string_append_c (field, '"');
              reader->p++;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              after_quote = TRUE;
            }
          else
            {
              if (c == '\n')
                reader->line++;
              g_string_append_c (field, c);
            }
        }
      else if (c == reader->separator)
        {
          end_field (record, field);
          after_quote = FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && reader->p < reader->end && *reader->p == '\n')
            reader->p++;
          reader->line++;
          end_field (record, field);
          return TRUE;
        }
      else if (c == '"' && !after_quote && strspn (field->str, " \t") == field->len)
        {
          g_string_truncate (field, 0);
          quoted = TRUE;
        }
      else if (c == '"' && record->problem == NULL)
        record->problem = g_strdup (_("a quote inside a field that does not start with one; quote the whole "
                                      "field and double the quotes inside it"));
      else if (c != ' ' && c != '\t' && after_quote && record->problem == NULL)
        record->problem = g_strdup (_("text after the closing quote of a field"));
      else
        g_string_append_c (field, c);
    }

  if (quoted)
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                   _("line %u: a quoted field is never closed"), record->line);
      return FALSE;
    }
  end_field (record, field);
  return TRUE;
}

static gboolean
csv_record_is_blank (const CsvRecord *record)
{
  return record->fields->len == 1 && *(const char *) record->fields->pdata[0] == '\0' && record->problem == NULL;
}

/* ";" when the header line has more semicolons than commas outside quotes (Dutch Excel), else ",". */
static char
detect_separator (const char *p,
                  const char *end)
{
  gboolean quoted = FALSE;
  guint commas = 0;
  guint semicolons = 0;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

static gboolean
check_header_columns (const gboolean  *present,
                      GError         **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  if (!present[COL_PARTNER_TYPE])
    g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", column_names[COL_PARTNER_TYPE]);
  if (!present[COL_SIGNAL_DATE])
    g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", column_names[COL_SIGNAL_DATE]);
  if (missing->len > 0)
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                   _("The header has no column %s, which every signal needs."), missing->str);
      return FALSE;
    }
  if (!present[COL_BSN] && !(present[COL_POSTCODE] && present[COL_HOUSE]))
    {
      g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                           _("The header needs a column bsn, or both postcode and huisnummer, to find the "
                             "resident."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
import_csv (Importer    *importer,
            const char  *text,
            gsize        length,
            GError     **error)
{
  CsvReader reader = { text, text + length, 1, ',' };
  g_auto(CsvRecord) record = { 0 };
  int map[256];   /* field index → column */
  gboolean present[N_COLUMNS] = { FALSE };
  guint n_header = 0;
  GError *local_error = NULL;

  /* Excel's "CSV UTF-8" starts with a byte order mark. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    reader.p += 3;

  /* Blank lines before the header are skipped; the separator follows from the header line itself. */
  for (;;)
    {
      const char *q = reader.p;

      while (q < reader.end && (*q == ' ' || *q == '\t'))
        q++;
      if (q >= reader.end || (*q != '\n' && *q != '\r'))
        break;
      if (*q == '\r' && q + 1 < reader.end && q[1] == '\n')
        q++;
      reader.p = q + 1;
      reader.line++;
    }
  reader.separator = detect_separator (reader.p, reader.end);
  if (!csv_next (&reader, &record, &local_error) || csv_record_is_blank (&record))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                             _("The file is empty: it has no header row."));
      return FALSE;
    }

  if (record.problem != NULL)
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX, _("line %u: %s"), record.line,
                   record.problem);
      return FALSE;
    }
  n_header = record.fields->len;
  if (n_header > G_N_ELEMENTS (map))
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                   _("line %u: the header has more than %u columns."), record.line, (guint) G_N_ELEMENTS (map));
      return FALSE;
    }
  for (guint i = 0; i < n_header; i++)
    {
      const char *name = record.fields->pdata[i];
      int column = column_lookup (name);

      if (column < 0)
        {
          g_autofree char *list = column_list ();

          /* By position, not by name: in a file without a header the "name" is a BSN or a surname. */
          g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                       _("line %u: column %u of the header is not a known column name (is the header row "
                         "missing?); the columns are: %s."), record.line, i + 1, list);
          return FALSE;
        }
      if (present[column])
        {
          g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                       _("line %u: the column %s appears twice."), record.line, column_names[column]);
          return FALSE;
        }
      present[column] = TRUE;
      map[i] = column;
    }
  if (!check_header_columns (present, error))
    return FALSE;

  while (csv_next (&reader, &record, &local_error))
    {
      Row row = { { NULL } };

      if (csv_record_is_blank (&record))
        continue;
      if (record.problem != NULL)
        {
          importer->result->n_rows++;
          add_error (importer, record.line, record.problem);
          continue;
        }
      if (record.fields->len != n_header)
        {
          g_autofree char *reason = g_strdup_printf (_("%u fields where the header has %u columns"),
                                                     record.fields->len, n_header);

          importer->result->n_rows++;
          add_error (importer, record.line, reason);
          continue;
        }
      for (guint i = 0; i < n_header; i++)
        {
          const char *value = record.fields->pdata[i];

          row.values[map[i]] = *value != '\0' ? value : NULL;
        }
      add_row (importer, record.line, &row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- JSON ---- */

/* Euros as a JSON number (450, 12.5) to cents; FALSE for more than two decimals or out of range. */
static gboolean
euros_to_cents (JsonNode *node,
                gint64   *out_cents)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 euros = json_node_get_int (node);

      if (euros > G_MAXINT64 / 100 || euros < -(G_MAXINT64 / 100))
        return FALSE;
      *out_cents = euros * 100;
      return TRUE;
    }
  else
    {
      /* No arithmetic on the double: its decimal text is read exactly, as the amount was written in
       * the file. Fifteen significant digits give back any decimal the file can sensibly hold
       * ("19.99", not "19.989999999999998"); a number that needs more is not whole cents. */
      char text[G_ASCII_DTOSTR_BUF_SIZE];
      double value = json_node_get_double (node);
      const char *p = g_ascii_formatd (text, sizeof text, "%.15g", value);
      gboolean negative = *p == '-';
      gint64 euros = 0, cents = 0;
      guint decimals = 0;

      if (negative)
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (euros > (G_MAXINT64 / 100 - 9) / 10)
            return FALSE;
          euros = euros * 10 + (*p - '0');
        }
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++)
          {
            if (++decimals > 2)
              return FALSE;
            cents = cents * 10 + (*p - '0');
          }
      if (*p != '\0' || g_ascii_strtod (text, NULL) != value)   /* an exponent, or more digits */
        return FALSE;
      if (decimals == 1)
        cents *= 10;
      *out_cents = (negative ? -1 : 1) * (euros * 100 + cents);
      return TRUE;
    }
}

/* One record (a flat object): its members as a Row; FALSE with @out_column and @out_reason for a row
 * error, or with @error for an unknown member (a file-level fault, as an unknown CSV column is).
 * @strings keeps the texts the Row points to. */
static gboolean
row_from_object (JsonObject  *object,
                 guint        number,
                 Row         *row,
                 GPtrArray   *strings,
                 int         *out_column,
                 char       **out_reason,
                 GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);
      int column = column_lookup (name);
      char *text = NULL;

      if (column < 0)
        {
          g_autofree char *list = column_list ();

          g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                       _("record %u: unknown field “%s”; the fields are: %s."), number, name, list);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node))
        {
          *out_column = column;
          *out_reason = g_strdup (_("an object or array where a value belongs"));
          return FALSE;
        }

      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          text = g_strstrip (g_strdup (json_node_get_string (node)));
          break;
        case G_TYPE_BOOLEAN:
          if (column != COL_CRISIS && column != COL_WARM)
            {
              *out_column = column;
              *out_reason = g_strdup (_("true or false where a text belongs"));
              return FALSE;
            }
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:
          if (column == COL_AMOUNT)
            {
              if (!euros_to_cents (node, &row->amount_cents))
                {
                  *out_column = column;
                  *out_reason = g_strdup (_("not a number of euros with at most two decimals"));
                  return FALSE;
                }
              row->amount_is_number = TRUE;
              continue;
            }
          /* A number is fine for a house number; a BSN as a number may have lost its leading zero. */
          if (column != COL_HOUSE || json_node_get_value_type (node) != G_TYPE_INT64)
            {
              *out_column = column;
              *out_reason = g_strdup (_("a number where a text belongs; write it as a string"));
              return FALSE;
            }
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        default:
          *out_column = column;
          *out_reason = g_strdup (_("not a usable value"));
          return FALSE;
        }

      g_ptr_array_add (strings, text);
      row->values[column] = *text != '\0' ? text : NULL;
    }
  return TRUE;
}

static gboolean
import_object (Importer    *importer,
               JsonNode    *node,
               guint        number,
               GError     **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reason = NULL;
  Row row = { { NULL } };
  int column = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      importer->result->n_rows++;
      add_error (importer, number, _("not an object with the fields of a signal"));
      return TRUE;
    }
  if (!row_from_object (json_node_get_object (node), number, &row, strings, &column, &reason, error))
    {
      if (reason == NULL)
        return FALSE;
      importer->result->n_rows++;
      add_error_full (importer, number, column, reason, FALSE);
      return TRUE;
    }
  add_row (importer, number, &row);
  return TRUE;
}

/* Copies member @from of @source (if present) as member @to of @dest. */
static void
copy_member (JsonObject *dest,
             const char *to,
             JsonObject *source,
             const char *from)
{
  JsonNode *node;

  if (source == NULL || !json_object_has_member (source, from))
    return;
  node = json_object_get_member (source, from);
  json_object_set_member (dest, to, json_node_copy (node));
}

/* A DDAS Vroegsignaal as a flat record of our columns. What the municipality adds later (status) is
 * not intake data and is left out. */
static JsonNode *
flatten_ddas_signal (JsonObject *signal)
{
  g_autoptr(JsonObject) flat = json_object_new ();
  JsonObject *partner = NULL;
  JsonObject *client = NULL;
  JsonNode *node;

  node = json_object_get_member (signal, "signaalpartner");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    partner = json_node_get_object (node);
  node = json_object_get_member (signal, "client");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    client = json_node_get_object (node);

  copy_member (flat, "kenmerk", signal, "ID");
  copy_member (flat, "crisissignaal", signal, "crisissignaal");
  copy_member (flat, "warme_overdracht", signal, "warmeOverdracht");
  copy_member (flat, "bedrag", signal, "bedrag");
  copy_member (flat, "ontstaansdatum", signal, "ontstaansdatum");
  copy_member (flat, "signaaldatum", signal, "signaaldatum");
  copy_member (flat, "signaalpartner_type", partner, "type");
  copy_member (flat, "bsn", client, "Burgerservicenummer");
  copy_member (flat, "voornamen", client, "Voorletters");
  copy_member (flat, "voorvoegsel", client, "Voorvoegsel");
  copy_member (flat, "geslachtsnaam", client, "Achternaam");
  copy_member (flat, "geboortedatum", client, "Geboortedatum");
  copy_member (flat, "straat", client, "Straatnaam");
  copy_member (flat, "postcode", client, "Postcode");
  copy_member (flat, "huisnummer", client, "Huisnummer");
  copy_member (flat, "huisnummertoevoeging", client, "Huisnummertoevoeging");
  copy_member (flat, "woonplaats", client, "Plaatsnaam");

  return json_node_init_object (json_node_alloc (), flat);
}

static gboolean
import_ddas (Importer    *importer,
             JsonObject  *root,
             GError     **error)
{
  JsonNode *deliveries = json_object_get_member (root, "leveringen");
  JsonArray *array;
  guint number = 0;

  if (!JSON_NODE_HOLDS_ARRAY (deliveries))
    {
      g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                           _("In a DDAS file, “leveringen” must be an array."));
      return FALSE;
    }
  array = json_node_get_array (deliveries);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *delivery = json_array_get_element (array, i);
      JsonNode *signals = JSON_NODE_HOLDS_OBJECT (delivery)
                          ? json_object_get_member (json_node_get_object (delivery), "vroegsignalen") : NULL;
      JsonArray *list;

      if (signals == NULL || JSON_NODE_HOLDS_NULL (signals))
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (signals))
        {
          g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                               _("In a DDAS file, “vroegsignalen” must be an array."));
          return FALSE;
        }
      list = json_node_get_array (signals);
      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          JsonNode *element = json_array_get_element (list, j);
          g_autoptr(JsonNode) flat = NULL;

          number++;
          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              importer->result->n_rows++;
              add_error (importer, number, _("not an object with the fields of a signal"));
              continue;
            }
          flat = flatten_ddas_signal (json_node_get_object (element));
          if (!import_object (importer, flat, number, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
import_json (Importer    *importer,
             const char  *text,
             gsize        length,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX, _("The file is not valid JSON: %s"),
                   local_error != NULL ? local_error->message : "");
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!import_object (importer, json_array_get_element (array, i), i + 1, error))
          return FALSE;
      return TRUE;
    }
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "leveringen"))
    return import_ddas (importer, json_node_get_object (root), error);

  g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                       _("The JSON is neither an array of signals nor a DDAS file with “leveringen”."));
  return FALSE;
}

DkSignalImport *
dk_signal_import_parse (const char      *text,
                        gsize            length,
                        DkSignalFormat   format,
                        const GDate     *today,
                        GError         **error)
{
  g_autoptr(DkSignalImport) result = g_new0 (DkSignalImport, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Importer importer = { result, today, format == DK_SIGNAL_FORMAT_JSON, seen };
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result->signals = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_free);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);

  if (!g_utf8_validate_len (text != NULL ? text : "", length, NULL))
    {
      g_set_error_literal (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_ENCODING,
                           _("The file is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8)."));
      return NULL;
    }

  if (format == DK_SIGNAL_FORMAT_JSON)
    ok = import_json (&importer, text != NULL ? text : "", length, error);
  else
    ok = import_csv (&importer, text != NULL ? text : "", length, error);

  return ok ? g_steal_pointer (&result) : NULL;
}

DkSignalImport *
dk_signal_import_file (const char      *path,
                       DkSignalFormat   format,
                       const GDate     *today,
                       GError         **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_READ, _("Cannot read %s: %s"), display,
                   local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (file) > MAX_FILE_SIZE)
    {
      g_set_error (error, DK_SIGNAL_IMPORT_ERROR, DK_SIGNAL_IMPORT_ERROR_READ,
                   _("%s is larger than 64 MiB; split it into smaller files."), display);
      return NULL;
    }
  return dk_signal_import_parse (g_mapped_file_get_contents (file), g_mapped_file_get_length (file), format, today,
                                 error);
}
