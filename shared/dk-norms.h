#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dated norm tables: the legal figures (assistance norms, BVV caps and formula parameters, health
 * premium, housing parameters) in force from a date. They are data files in data/norms/ (one per
 * period, each figure with its source); adding next half-year's figures is a data change only.
 * A figure may be marked missing in a table: asking for it is then an error that names it, so the
 * engine refuses to calculate rather than guess. */

#define DK_NORMS_ERROR (dk_norms_error_quark ())

typedef enum
{
  DK_NORMS_ERROR_NO_TABLE,      /* no table in force on the date asked for */
  DK_NORMS_ERROR_MISSING,       /* the table has no value for the figure */
  DK_NORMS_ERROR_INVALID,       /* a table file is malformed */
} DkNormsError;

typedef struct _DkNormSet   DkNormSet;    /* every table, immutable, reference counted */
typedef struct _DkNormTable DkNormTable;  /* one period; owned by its set */

typedef enum
{
  DK_NORM_CONFIDENCE_VERIFIED,  /* read in the statute or primary publication ([V]) */
  DK_NORM_CONFIDENCE_SECONDARY, /* third-party source ([2]) */
  DK_NORM_CONFIDENCE_DERIVED,   /* computed from other published figures ([D]); the note says how */
} DkNormConfidence;

GQuark             dk_norms_error_quark          (void);

/* The tables built into the program; DRAAGKRACHT_NORMS_DIR, when set, names a folder to load instead.
 * Loaded once per process and cached (a failure too); returns a new reference. */
DkNormSet         *dk_norm_set_get_default       (GError            **error);
DkNormSet         *dk_norm_set_load_dir          (const char         *path,
                                                  GError            **error);
DkNormSet         *dk_norm_set_ref               (DkNormSet          *self);
void               dk_norm_set_unref             (DkNormSet          *self);

/* The table in force on date: the one with the latest valid-from on or before it. */
const DkNormTable *dk_norm_set_lookup            (DkNormSet          *self,
                                                  const GDate        *date,
                                                  GError            **error);

/* "2026-07-01". Interned (g_intern_string()), like the figures' sources and notes, so breakdown
 * lines can point to these three without a copy and without keeping the table alive. */
const char        *dk_norm_table_get_id          (const DkNormTable  *table);
void               dk_norm_table_get_valid_from  (const DkNormTable  *table,
                                                  GDate              *out);
const char        *dk_norm_table_get_title       (const DkNormTable  *table);

/* Money figures in cents (monthly or yearly as the key says: keys ending in _year are yearly). */
gboolean           dk_norm_table_get_amount      (const DkNormTable  *table,
                                                  const char         *key,
                                                  gint64             *out_cents,
                                                  GError            **error);
/* Rates in parts per million: 137300 = 13.730%. */
gboolean           dk_norm_table_get_rate        (const DkNormTable  *table,
                                                  const char         *key,
                                                  gint64             *out_ppm,
                                                  GError            **error);
const char        *dk_norm_table_get_source      (const DkNormTable  *table,
                                                  const char         *key);
DkNormConfidence   dk_norm_table_get_confidence  (const DkNormTable  *table,
                                                  const char         *key);
const char        *dk_norm_table_get_note        (const DkNormTable  *table,
                                                  const char         *key);

/* Additions to the contract above (nothing in it changed). */

/* The tables compiled into the program, whatever DRAAGKRACHT_NORMS_DIR says. A new reference. */
DkNormSet         *dk_norm_set_load_builtin      (GError            **error);
guint              dk_norm_set_get_n_tables      (DkNormSet          *self);
/* Oldest first. */
const DkNormTable *dk_norm_set_get_table         (DkNormSet          *self,
                                                  guint               index);

gboolean           dk_norm_table_is_missing      (const DkNormTable  *table,
                                                  const char         *key);
/* Why a missing figure is unknown (from the data file); NULL for a known figure. */
const char        *dk_norm_table_get_missing_reason (const DkNormTable *table,
                                                  const char         *key);
/* "1 July 2026", in the current language. Free with g_free(). */
char              *dk_norm_table_describe_valid_from (const DkNormTable *table);

/* Every key a table file must list, NULL-terminated, in file order. */
const char * const *dk_norms_get_keys            (void);
gboolean           dk_norms_key_is_rate          (const char         *key);
/* "the maximum rent limit (H, Wht art. 13 lid 1 a)", in the current language, for messages. */
const char        *dk_norms_describe_key         (const char         *key);
/* "1 July 2026", in the current language. Free with g_free(). */
char              *dk_norms_format_date          (const GDate        *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkNormSet, dk_norm_set_unref)

G_END_DECLS
