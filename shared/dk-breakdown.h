#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every calculated figure carries one of these: a tree of line items, each with its amount, the
 * rule or article it comes from, and an optional note, so a worker can explain the figure to a
 * resident and a judge. Immutable once the calculation that built it returns; reference counted.
 *
 * A household is recalculated on every change and most trees are never shown, so building one
 * must be cheap. Besides dk_breakdown_new() and dk_breakdown_set_note(), which copy:
 * - the _static variants keep pointers to strings that live as long as the process: the id and
 *   rule are string literals or interned (as the norm tables' sources are), the label or note an
 *   English msgid (marked with the N_ macro) that is translated each time it is read;
 * - dk_breakdown_set_note_interned() keeps a translated note that lives as long as the process;
 * - dk_breakdown_take_note() adopts a note the caller allocated;
 * - dk_breakdown_set_note_func() keeps what a note is made of (amounts, rates, a norm table's
 *   texts) and makes the text when it is first read, in the language of that moment. */
typedef struct _DkBreakdown DkBreakdown;

typedef enum
{
  DK_BREAKDOWN_MONEY,   /* value in cents */
  DK_BREAKDOWN_RATE,    /* value in parts per million: 950000 = 95% */
  DK_BREAKDOWN_COUNT,   /* a plain number: months, persons */
  DK_BREAKDOWN_TEXT,    /* no value; the label says it all */
} DkBreakdownKind;

/* Makes a note from up to two texts (see dk_breakdown_set_note_func()) and two numbers: a newly
 * allocated, translated text. */
typedef char *(*DkBreakdownNoteFunc) (const char *text1,
                                      const char *text2,
                                      gint64      value1,
                                      gint64      value2);

#define DK_TYPE_BREAKDOWN (dk_breakdown_get_type ())

GType            dk_breakdown_get_type          (void) G_GNUC_CONST;
DkBreakdown     *dk_breakdown_new               (DkBreakdownKind     kind,
                                                 const char         *id,
                                                 const char         *label,
                                                 gint64              value,
                                                 const char         *rule);
DkBreakdown     *dk_breakdown_new_static        (DkBreakdownKind     kind,
                                                 const char         *id,
                                                 const char         *label_msgid,
                                                 gint64              value,
                                                 const char         *rule);
DkBreakdown     *dk_breakdown_ref               (DkBreakdown        *self);
void             dk_breakdown_unref             (DkBreakdown        *self);
DkBreakdown     *dk_breakdown_append            (DkBreakdown        *self,
                                                 DkBreakdown        *child);
DkBreakdown     *dk_breakdown_add               (DkBreakdown        *self,
                                                 DkBreakdownKind     kind,
                                                 const char         *id,
                                                 const char         *label,
                                                 gint64              value,
                                                 const char         *rule);
DkBreakdown     *dk_breakdown_add_static        (DkBreakdown        *self,
                                                 DkBreakdownKind     kind,
                                                 const char         *id,
                                                 const char         *label_msgid,
                                                 gint64              value,
                                                 const char         *rule);
void             dk_breakdown_set_note          (DkBreakdown        *self,
                                                 const char         *note);
void             dk_breakdown_set_note_static   (DkBreakdown        *self,
                                                 const char         *note_msgid);
void             dk_breakdown_take_note         (DkBreakdown        *self,
                                                 char               *note);
void             dk_breakdown_set_note_interned (DkBreakdown        *self,
                                                 const char         *note);
void             dk_breakdown_set_note_func     (DkBreakdown        *self,
                                                 DkBreakdownNoteFunc func,
                                                 const char         *text1,
                                                 const char         *text2,
                                                 gint64              value1,
                                                 gint64              value2);
DkBreakdownKind  dk_breakdown_get_kind          (const DkBreakdown  *self);
const char      *dk_breakdown_get_id            (const DkBreakdown  *self);
const char      *dk_breakdown_get_label         (const DkBreakdown  *self);
gint64           dk_breakdown_get_value         (const DkBreakdown  *self);
const char      *dk_breakdown_get_rule          (const DkBreakdown  *self);
const char      *dk_breakdown_get_note          (const DkBreakdown  *self);
guint            dk_breakdown_get_n_children    (const DkBreakdown  *self);
DkBreakdown     *dk_breakdown_get_child         (const DkBreakdown  *self,
                                                 guint               index);
DkBreakdown     *dk_breakdown_find              (const DkBreakdown  *self,
                                                 const char         *id);
void             dk_breakdown_to_json           (const DkBreakdown  *self,
                                                 JsonBuilder        *builder);
char            *dk_breakdown_to_text           (const DkBreakdown  *self);
char            *dk_format_rate                 (gint64              ppm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkBreakdown, dk_breakdown_unref)

G_END_DECLS
