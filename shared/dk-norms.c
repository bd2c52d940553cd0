#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "dk-norms.h"
#include "dk-norms-resources.h"

#define NORMS_RESOURCE_PATH "/nl/draagkracht/Draagkracht/norms/"

G_DEFINE_QUARK (dk-norms-error-quark, dk_norms_error)

typedef struct
{
  const char *key;
  gboolean    is_rate;
  const char *description;  /* N_() */
} KnownKey;

/* The contract with the data files and with the calculation code. A key that is not here makes a
 * table fail to load, so a typo in a data file cannot silently drop a figure. */
static const KnownKey known_keys[] = {
  { "assistance_norm_single", FALSE, N_("the assistance norm for a single person or single parent (A, Pw art. 21 a)") },
  { "assistance_norm_couple", FALSE, N_("the assistance norm for a married couple (B, Pw art. 21 b)") },
  { "assistance_norm_single_pension_age", FALSE, N_("the assistance norm for a single person at pension age (Pw art. 22)") },
  { "assistance_norm_couple_pension_age", FALSE, N_("the assistance norm for a couple at pension age (Pw art. 22)") },
  { "institution_raise_single", FALSE, N_("the health-insurance amount for a single person (Pw art. 23 lid 2)") },
  { "institution_raise_couple", FALSE, N_("the health-insurance amount for a married couple (Pw art. 23 lid 2)") },
  { "bvv_cap_single", FALSE, N_("the maximum BVV for a single person (Rv art. 475da lid 1 a)") },
  { "bvv_cap_single_parent", FALSE, N_("the maximum BVV for a single parent (Rv art. 475da lid 1 b)") },
  { "bvv_cap_couple", FALSE, N_("the maximum BVV for a married couple without children (Rv art. 475da lid 1 c)") },
  { "bvv_cap_couple_with_children", FALSE, N_("the maximum BVV for a married couple with children (Rv art. 475da lid 1 d)") },
  { "standard_premium_year", FALSE, N_("the yearly standard health-insurance premium (Wzt art. 4)") },
  { "health_threshold_income_year", FALSE, N_("the health-benefit threshold income (D, Wzt art. 1 lid 1 f)") },
  { "health_taper", TRUE, N_("the health-benefit taper (E, Wzt art. 2 lid 3)") },
  { "rent_taper_single", TRUE, N_("the rent-benefit taper for a one-person household (F, Wht art. 21 lid 2 a)") },
  { "rent_taper_multi", TRUE, N_("the rent-benefit taper for a multi-person household (G, Wht art. 21 lid 2 b)") },
  { "max_rent", FALSE, N_("the maximum rent limit (H, Wht art. 13 lid 1 a)") },
  { "rent_min_income_point_single_year", FALSE, N_("the minimum income point for a one-person household (for I, Wht art. 17 lid 1)") },
  { "rent_min_income_point_multi_year", FALSE, N_("the minimum income point for a multi-person household (for I, Wht art. 17 lid 1)") },
  { "norm_rent_at_minimum", FALSE, N_("the norm rent at the minimum income point (for J, Wht art. 17 lid 2)") },
  { "norm_rent_reduction_single", FALSE, N_("the norm-rent reduction for a one-person household (for J, Wht art. 17 lid 3)") },
  { "norm_rent_reduction_multi", FALSE, N_("the norm-rent reduction for a multi-person household (for J, Wht art. 17 lid 3)") },
  { "base_rent_addition", FALSE, N_("the amount added to the norm rent to give the base rent (for J, Wht art. 16)") },
  { "child_budget_taper", TRUE, N_("the child-budget taper (K, Wkb art. 2 lid 7)") },
  { "child_budget_partner_threshold_raise_year", FALSE, N_("the child-budget threshold raise for a parent with a partner (L, Wkb art. 2 lid 8)") },
  { "owner_raise_income_limit_single_year", FALSE, N_("the income limit for the home-owner raise of a single person (Rv art. 475da lid 7)") },
  { "owner_raise_income_limit_multi_year", FALSE, N_("the income limit for the home-owner raise of a multi-person household (Rv art. 475da lid 7)") },
};

#define N_KEYS G_N_ELEMENTS (known_keys)

typedef struct
{
  gboolean          missing;
  gint64            value;
  /* The source and the note are interned: breakdown lines point to them without a copy. */
  const char       *source;
  DkNormConfidence  confidence;
  const char       *note;
  char             *reason;
} Figure;

struct _DkNormTable
{
  const char *id;  /* interned, as the figures' sources and notes are */
  GDate       valid_from;
  char       *title;
  Figure      figures[N_KEYS];  /* indexed like known_keys */
};

struct _DkNormSet
{
  GPtrArray *tables;  /* of DkNormTable, sorted by valid_from */
};

static int
key_index (const char *key)
{
  /* The calculation code asks for figures with string literals, which the linker merges with the
   * identical literals above, so comparing pointers first spares a string compare per key on every
   * recalculation; the second loop keeps any other caller correct. */
  for (guint i = 0; i < N_KEYS; i++)
    if (known_keys[i].key == key)
      return (int) i;
  for (guint i = 0; i < N_KEYS; i++)
    if (g_strcmp0 (known_keys[i].key, key) == 0)
      return (int) i;
  return -1;
}

const char * const *
dk_norms_get_keys (void)
{
  static const char *keys[N_KEYS + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_KEYS; i++)
        keys[i] = known_keys[i].key;
      keys[N_KEYS] = NULL;
      g_once_init_leave (&initialized, 1);
    }

  return (const char * const *) keys;
}

gboolean
dk_norms_key_is_rate (const char *key)
{
  int i = key_index (key);

  g_return_val_if_fail (i >= 0, FALSE);
  return known_keys[i].is_rate;
}

const char *
dk_norms_describe_key (const char *key)
{
  int i = key_index (key);

  g_return_val_if_fail (i >= 0, NULL);
  return _(known_keys[i].description);
}

char *
dk_norms_format_date (const GDate *date)
{
  static const char *months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%u %s %u",
                          (guint) g_date_get_day (date),
                          _(months[g_date_get_month (date) - 1]),
                          (guint) g_date_get_year (date));
}

static void
figure_clear (Figure *figure)
{
  g_free (figure->reason);
}

static void
table_free (DkNormTable *table)
{
  g_free (table->title);
  for (guint i = 0; i < N_KEYS; i++)
    figure_clear (&table->figures[i]);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkNormTable, table_free)

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID, message);
  return FALSE;
}

/* Strictly YYYY-MM-DD: the file names and ids use that form, and a Dutch dd-mm-yyyy in a data file
 * is more likely a slip than a choice. */
static gboolean
parse_iso_date (const char *text,
                GDate      *out)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year == 0 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_figure (guint       index,
              JsonNode   *node,
              Figure     *figure,
              GError    **error)
{
  const char *key = known_keys[index].key;
  JsonObject *object;
  JsonNode *value_node = NULL;
  const char *value_member = NULL;
  guint n_kinds = 0;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("the figure “%s” is not a JSON object."), key);
  object = json_node_get_object (node);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "cents") || g_str_equal (name, "ppm") || g_str_equal (name, "missing"))
        {
          n_kinds++;
          value_member = name;
        }
      else if (!g_str_equal (name, "source") && !g_str_equal (name, "confidence")
               && !g_str_equal (name, "note") && !g_str_equal (name, "reason"))
        return invalid (error, _("the figure “%s” has an unknown member “%s”."), key, name);
    }

  if (n_kinds != 1)
    return invalid (error,
                    n_kinds == 0
                    ? _("the figure “%s” has none of “cents”, “ppm” and “missing”; give exactly one.")
                    : _("the figure “%s” has more than one of “cents”, “ppm” and “missing”; give exactly one."),
                    key);

  if (g_str_equal (value_member, "missing"))
    {
      JsonNode *missing = json_object_get_member (object, "missing");
      const char *reason = member_string (object, "reason");

      if (!JSON_NODE_HOLDS_VALUE (missing) || json_node_get_value_type (missing) != G_TYPE_BOOLEAN
          || !json_node_get_boolean (missing))
        return invalid (error, _("“missing” of the figure “%s” must be true; leave it out for a known figure."), key);
      if (reason == NULL || *reason == '\0')
        return invalid (error, _("the missing figure “%s” has no reason saying why it is unknown."), key);
      if (json_object_has_member (object, "source") || json_object_has_member (object, "confidence")
          || json_object_has_member (object, "note"))
        return invalid (error, _("the missing figure “%s” has a source, confidence or note; a missing figure has only a reason."), key);

      figure->missing = TRUE;
      figure->reason = g_strdup (reason);
      return TRUE;
    }

  if (known_keys[index].is_rate && !g_str_equal (value_member, "ppm"))
    return invalid (error, _("the figure “%s” is a rate and must be given in “ppm”, not “cents”."), key);
  if (!known_keys[index].is_rate && !g_str_equal (value_member, "cents"))
    return invalid (error, _("the figure “%s” is an amount and must be given in “cents”, not “ppm”."), key);

  value_node = json_object_get_member (object, value_member);
  if (!JSON_NODE_HOLDS_VALUE (value_node) || json_node_get_value_type (value_node) != G_TYPE_INT64)
    return invalid (error, _("the figure “%s” must be a whole number of %s."), key, value_member);
  figure->value = json_node_get_int (value_node);
  if (figure->value < 0)
    return invalid (error, _("the figure “%s” is negative."), key);

  if (json_object_has_member (object, "reason"))
    return invalid (error, _("the figure “%s” has a reason but is not missing."), key);

  {
    const char *source = member_string (object, "source");
    const char *confidence = member_string (object, "confidence");
    const char *note = member_string (object, "note");

    if (source == NULL || *source == '\0')
      return invalid (error, _("the figure “%s” has no source."), key);

    if (g_strcmp0 (confidence, "verified") == 0)
      figure->confidence = DK_NORM_CONFIDENCE_VERIFIED;
    else if (g_strcmp0 (confidence, "secondary") == 0)
      figure->confidence = DK_NORM_CONFIDENCE_SECONDARY;
    else if (g_strcmp0 (confidence, "derived") == 0)
      figure->confidence = DK_NORM_CONFIDENCE_DERIVED;
    else
      return invalid (error, _("the figure “%s” has no valid confidence; use “verified”, “secondary” or “derived”."), key);

    if (json_object_has_member (object, "note") && note == NULL)
      return invalid (error, _("the note of the figure “%s” is not a text."), key);
    if (figure->confidence == DK_NORM_CONFIDENCE_DERIVED && (note == NULL || *note == '\0'))
      return invalid (error, _("the derived figure “%s” has no note saying how it was derived."), key);

    figure->source = g_intern_string (source);
    figure->note = (note != NULL && *note != '\0') ? g_intern_string (note) : NULL;
  }

  return TRUE;
}

static gboolean
parse_table_body (JsonNode    *root,
                  DkNormTable *table,
                  GError     **error)
{
  JsonObject *object;
  JsonNode *figures_node;
  JsonObject *figures;
  const char *valid_from;
  const char *title;
  g_autoptr(GList) members = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("the file does not hold a JSON object."));
  object = json_node_get_object (root);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "valid_from") && !g_str_equal (l->data, "title") && !g_str_equal (l->data, "figures"))
      return invalid (error, _("unknown member “%s”; a table has only valid_from, title and figures."),
                      (const char *) l->data);

  valid_from = member_string (object, "valid_from");
  if (valid_from == NULL)
    return invalid (error, _("“valid_from” is missing or not a text."));
  if (!parse_iso_date (valid_from, &table->valid_from))
    return invalid (error, _("“valid_from” is “%s”, which is not a date written as YYYY-MM-DD."), valid_from);
  table->id = g_intern_string (valid_from);

  title = member_string (object, "title");
  if (title == NULL || *title == '\0')
    return invalid (error, _("“title” is missing or empty."));
  table->title = g_strdup (title);

  figures_node = json_object_get_member (object, "figures");
  if (figures_node == NULL || !JSON_NODE_HOLDS_OBJECT (figures_node))
    return invalid (error, _("“figures” is missing or not a JSON object."));
  figures = json_node_get_object (figures_node);

  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (figures);
  for (GList *l = members; l != NULL; l = l->next)
    if (key_index (l->data) < 0)
      return invalid (error, _("unknown figure “%s”; the known figures are listed in shared/dk-norms.c."),
                      (const char *) l->data);

  for (guint i = 0; i < N_KEYS; i++)
    {
      JsonNode *node = json_object_get_member (figures, known_keys[i].key);

      if (node == NULL)
        return invalid (error, _("the figure “%s” is not listed; list it with \"missing\": true if it is unknown."),
                        known_keys[i].key);
      if (!parse_figure (i, node, &table->figures[i], error))
        return FALSE;
    }

  return TRUE;
}

static DkNormTable *
parse_table (const char *name,
             GBytes     *bytes,
             GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DkNormTable) table = g_new0 (DkNormTable, 1);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) size, error)
      || !parse_table_body (json_parser_get_root (parser), table, error))
    {
      if (error != NULL && *error != NULL && (*error)->domain != DK_NORMS_ERROR)
        {
          /* A JSON syntax error: same code as every other malformed table. */
          GError *syntax = *error;

          *error = g_error_new_literal (DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID, syntax->message);
          g_error_free (syntax);
        }
      g_prefix_error (error, _("The norm table %s is malformed: "), name);
      return NULL;
    }

  return g_steal_pointer (&table);
}

static int
compare_tables (gconstpointer a,
                gconstpointer b)
{
  const DkNormTable *ta = *(const DkNormTable * const *) a;
  const DkNormTable *tb = *(const DkNormTable * const *) b;

  return g_date_compare (&ta->valid_from, &tb->valid_from);
}

static void
set_free (DkNormSet *self)
{
  g_ptr_array_unref (self->tables);
}

/* names and contents run in parallel; the names are only used in messages. */
static DkNormSet *
set_new (GPtrArray  *names,
         GPtrArray  *contents,
         const char *where,
         GError    **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  DkNormSet *self;

  if (names->len == 0)
    {
      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID,
                   _("%s holds no norm tables (*.json files)."), where);
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      DkNormTable *table = parse_table (name, g_ptr_array_index (contents, i), error);
      const char *other;

      if (table == NULL)
        return NULL;
      g_ptr_array_add (tables, table);

      other = g_hash_table_lookup (seen, table->id);
      if (other != NULL)
        {
          g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID,
                       _("The norm tables %s and %s both take effect on %s; each period needs exactly one table."),
                       other, name, table->id);
          return NULL;
        }
      g_hash_table_insert (seen, (gpointer) table->id, (gpointer) name);
    }

  g_ptr_array_sort (tables, compare_tables);

  self = g_atomic_rc_box_new0 (DkNormSet);
  self->tables = g_steal_pointer (&tables);
  return self;
}

static gboolean
is_table_name (const char *name)
{
  return g_str_has_suffix (name, ".json") && name[0] != '.';
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

DkNormSet *
dk_norm_set_load_dir (const char *path,
                      GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID,
                   _("The norm tables folder %s cannot be read: %s"), path, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_table_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      char *data = NULL;
      gsize size = 0;

      if (!g_file_get_contents (file, &data, &size, &local_error))
        {
          g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID,
                       _("The norm table %s cannot be read: %s"), file, local_error->message);
          return NULL;
        }
      g_ptr_array_add (contents, g_bytes_new_take (data, size));
    }

  return set_new (names, contents, path, error);
}

DkNormSet *
dk_norm_set_load_builtin (GError **error)
{
  GResource *resource = dk_norms_get_resource ();
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* The resource is compiled in, so a failure here is a build error, not something a user can fix. */
  children = g_resource_enumerate_children (resource, NORMS_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (children == NULL)
    return NULL;
  qsort (children, g_strv_length (children), sizeof (char *), compare_names);

  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      GBytes *bytes;

      if (!is_table_name (children[i]))
        continue;
      path = g_strconcat (NORMS_RESOURCE_PATH, children[i], NULL);
      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (names, g_strdup (children[i]));
      g_ptr_array_add (contents, bytes);
    }

  return set_new (names, contents, NORMS_RESOURCE_PATH, error);
}

typedef struct
{
  DkNormSet *set;
  GError    *error;
} DefaultSet;

static gpointer
load_default (gpointer data)
{
  DefaultSet *result = g_new0 (DefaultSet, 1);
  const char *dir = g_getenv ("DRAAGKRACHT_NORMS_DIR");

  if (dir != NULL && *dir != '\0')
    result->set = dk_norm_set_load_dir (dir, &result->error);
  else
    result->set = dk_norm_set_load_builtin (&result->error);

  return result;
}

DkNormSet *
dk_norm_set_get_default (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  DefaultSet *cached = g_once (&once, load_default, NULL);

  if (cached->error != NULL)
    {
      g_propagate_error (error, g_error_copy (cached->error));
      return NULL;
    }

  return dk_norm_set_ref (cached->set);
}

DkNormSet *
dk_norm_set_ref (DkNormSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
dk_norm_set_unref (DkNormSet *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) set_free);
}

guint
dk_norm_set_get_n_tables (DkNormSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tables->len;
}

const DkNormTable *
dk_norm_set_get_table (DkNormSet *self,
                       guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->tables->len, NULL);

  return g_ptr_array_index (self->tables, index);
}

const DkNormTable *
dk_norm_set_lookup (DkNormSet   *self,
                    const GDate *date,
                    GError     **error)
{
  const DkNormTable *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  for (guint i = 0; i < self->tables->len; i++)
    {
      const DkNormTable *table = g_ptr_array_index (self->tables, i);

      if (g_date_compare (&table->valid_from, date) > 0)
        break;
      found = table;
    }

  if (found == NULL)
    {
      const DkNormTable *first = g_ptr_array_index (self->tables, 0);
      g_autofree char *asked = dk_norms_format_date (date);
      g_autofree char *start = dk_norms_format_date (&first->valid_from);

      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_NO_TABLE,
                   _("There are no norms for %s: the norm tables start on %s."), asked, start);
    }

  return found;
}

const char *
dk_norm_table_get_id (const DkNormTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return table->id;
}

void
dk_norm_table_get_valid_from (const DkNormTable *table,
                              GDate             *out)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (out != NULL);

  *out = table->valid_from;
}

const char *
dk_norm_table_get_title (const DkNormTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return table->title;
}

char *
dk_norm_table_describe_valid_from (const DkNormTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return dk_norms_format_date (&table->valid_from);
}

/* A key the code asks for that is not in known_keys is a programming error; it still gets a GError
 * so the caller's error path runs. */
static const Figure *
find_figure (const DkNormTable *table,
             const char        *key,
             GError           **error)
{
  int i = key_index (key);

  if (i < 0)
    {
      g_critical ("Unknown norm figure key “%s”", key);
      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID, _("There is no norm figure called “%s”."), key);
      return NULL;
    }

  return &table->figures[i];
}

static gboolean
get_value (const DkNormTable *table,
           const char        *key,
           gboolean           want_rate,
           gint64            *out,
           GError           **error)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  figure = find_figure (table, key, error);
  if (figure == NULL)
    return FALSE;

  if (known_keys[figure - table->figures].is_rate != want_rate)
    {
      g_critical ("Norm figure “%s” asked for as %s", key, want_rate ? "a rate" : "an amount");
      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID,
                   want_rate ? _("The norm figure “%s” is an amount, not a rate.")
                             : _("The norm figure “%s” is a rate, not an amount."),
                   key);
      return FALSE;
    }

  if (figure->missing)
    {
      g_autofree char *from = dk_norms_format_date (&table->valid_from);

      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING,
                   _("The norm table from %s has no value for %s: %s"),
                   from, dk_norms_describe_key (key), figure->reason);
      return FALSE;
    }

  *out = figure->value;
  return TRUE;
}

gboolean
dk_norm_table_get_amount (const DkNormTable *table,
                          const char        *key,
                          gint64            *out_cents,
                          GError           **error)
{
  return get_value (table, key, FALSE, out_cents, error);
}

gboolean
dk_norm_table_get_rate (const DkNormTable *table,
                        const char        *key,
                        gint64            *out_ppm,
                        GError           **error)
{
  return get_value (table, key, TRUE, out_ppm, error);
}

gboolean
dk_norm_table_is_missing (const DkNormTable *table,
                          const char        *key)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, TRUE);

  figure = find_figure (table, key, NULL);
  return figure == NULL || figure->missing;
}

/* NULL for a missing figure. */
const char *
dk_norm_table_get_source (const DkNormTable *table,
                          const char        *key)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, NULL);

  figure = find_figure (table, key, NULL);
  return figure != NULL ? figure->source : NULL;
}

/* A missing figure reports DERIVED, the least trusted level; check dk_norm_table_is_missing() first. */
DkNormConfidence
dk_norm_table_get_confidence (const DkNormTable *table,
                              const char        *key)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, DK_NORM_CONFIDENCE_DERIVED);

  figure = find_figure (table, key, NULL);
  if (figure == NULL || figure->missing)
    return DK_NORM_CONFIDENCE_DERIVED;
  return figure->confidence;
}

const char *
dk_norm_table_get_note (const DkNormTable *table,
                        const char        *key)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, NULL);

  figure = find_figure (table, key, NULL);
  return figure != NULL ? figure->note : NULL;
}

const char *
dk_norm_table_get_missing_reason (const DkNormTable *table,
                                  const char        *key)
{
  const Figure *figure;

  g_return_val_if_fail (table != NULL, NULL);

  figure = find_figure (table, key, NULL);
  return figure != NULL ? figure->reason : NULL;
}
