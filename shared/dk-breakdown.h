#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every calculated figure carries one of these: a tree of line items, each with its amount, the
 * rule or article it comes from, and an optional note, so a worker can explain the figure to a
 * resident and a judge. Immutable once the calculation that built it returns; reference counted. */
typedef struct _DkBreakdown DkBreakdown;

typedef enum
{
  DK_BREAKDOWN_MONEY,   /* value in cents */
  DK_BREAKDOWN_RATE,    /* value in parts per million: 950000 = 95% */
  DK_BREAKDOWN_COUNT,   /* a plain number: months, persons */
  DK_BREAKDOWN_TEXT,    /* no value; the label says it all */
} DkBreakdownKind;

#define DK_TYPE_BREAKDOWN (dk_breakdown_get_type ())

GType            dk_breakdown_get_type         (void) G_GNUC_CONST;
DkBreakdown     *dk_breakdown_new              (DkBreakdownKind     kind,
                                                const char         *id,
                                                const char         *label,
                                                gint64              value,
                                                const char         *rule);
DkBreakdown     *dk_breakdown_ref              (DkBreakdown        *self);
void             dk_breakdown_unref            (DkBreakdown        *self);
DkBreakdown     *dk_breakdown_append           (DkBreakdown        *self,
                                                DkBreakdown        *child);
DkBreakdown     *dk_breakdown_add              (DkBreakdown        *self,
                                                DkBreakdownKind     kind,
                                                const char         *id,
                                                const char         *label,
                                                gint64              value,
                                                const char         *rule);
void             dk_breakdown_set_note         (DkBreakdown        *self,
                                                const char         *note);
DkBreakdownKind  dk_breakdown_get_kind         (const DkBreakdown  *self);
const char      *dk_breakdown_get_id           (const DkBreakdown  *self);
const char      *dk_breakdown_get_label        (const DkBreakdown  *self);
gint64           dk_breakdown_get_value        (const DkBreakdown  *self);
const char      *dk_breakdown_get_rule         (const DkBreakdown  *self);
const char      *dk_breakdown_get_note         (const DkBreakdown  *self);
guint            dk_breakdown_get_n_children   (const DkBreakdown  *self);
DkBreakdown     *dk_breakdown_get_child        (const DkBreakdown  *self,
                                                guint               index);
DkBreakdown     *dk_breakdown_find             (const DkBreakdown  *self,
                                                const char         *id);
void             dk_breakdown_to_json          (const DkBreakdown  *self,
                                                JsonBuilder        *builder);
char            *dk_breakdown_to_text          (const DkBreakdown  *self);
char            *dk_format_rate                (gint64              ppm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkBreakdown, dk_breakdown_unref)

G_END_DECLS
