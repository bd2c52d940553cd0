#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-breakdown.h"
#include "dk-money.h"

struct _DkBreakdown
{
  DkBreakdownKind  kind;
  char            *id;
  char            *label;
  gint64           value;
  char            *rule;
  char            *note;
  GPtrArray       *children;
};

G_DEFINE_BOXED_TYPE (DkBreakdown, dk_breakdown, dk_breakdown_ref, dk_breakdown_unref)

static void
dk_breakdown_clear (DkBreakdown *self)
{
  g_free (self->id);
  g_free (self->label);
  g_free (self->rule);
  g_free (self->note);
  g_ptr_array_unref (self->children);
}

/* id: a stable machine key ("bvv.health"); label: what a person reads, already translated;
 * rule: the article or policy the line rests on, or NULL. */
DkBreakdown *
dk_breakdown_new (DkBreakdownKind  kind,
                  const char      *id,
                  const char      *label,
                  gint64           value,
                  const char      *rule)
{
  DkBreakdown *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  self = g_atomic_rc_box_new0 (DkBreakdown);
  self->kind = kind;
  self->id = g_strdup (id);
  self->label = g_strdup (label);
  self->value = value;
  self->rule = g_strdup (rule);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_breakdown_unref);

  return self;
}

DkBreakdown *
dk_breakdown_ref (DkBreakdown *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
dk_breakdown_unref (DkBreakdown *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) dk_breakdown_clear);
}

/* Takes ownership of child; returns it (borrowed) so callers can keep adding below it. */
DkBreakdown *
dk_breakdown_append (DkBreakdown *self,
                     DkBreakdown *child)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (child != NULL, NULL);

  g_ptr_array_add (self->children, child);
  return child;
}

DkBreakdown *
dk_breakdown_add (DkBreakdown     *self,
                  DkBreakdownKind  kind,
                  const char      *id,
                  const char      *label,
                  gint64           value,
                  const char      *rule)
{
  return dk_breakdown_append (self, dk_breakdown_new (kind, id, label, value, rule));
}

void
dk_breakdown_set_note (DkBreakdown *self,
                       const char  *note)
{
  g_return_if_fail (self != NULL);

  g_free (self->note);
  self->note = g_strdup (note);
}

DkBreakdownKind dk_breakdown_get_kind (const DkBreakdown *self) { return self->kind; }
const char *dk_breakdown_get_id (const DkBreakdown *self) { return self->id; }
const char *dk_breakdown_get_label (const DkBreakdown *self) { return self->label; }
gint64 dk_breakdown_get_value (const DkBreakdown *self) { return self->value; }
const char *dk_breakdown_get_rule (const DkBreakdown *self) { return self->rule; }
const char *dk_breakdown_get_note (const DkBreakdown *self) { return self->note; }
guint dk_breakdown_get_n_children (const DkBreakdown *self) { return self->children->len; }

DkBreakdown *
dk_breakdown_get_child (const DkBreakdown *self,
                        guint              index)
{
  g_return_val_if_fail (index < self->children->len, NULL);

  return g_ptr_array_index (self->children, index);
}

/* Depth-first search by id; NULL when absent. */
DkBreakdown *
dk_breakdown_find (const DkBreakdown *self,
                   const char        *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_strcmp0 (self->id, id) == 0)
    return (DkBreakdown *) self;

  for (guint i = 0; i < self->children->len; i++)
    {
      DkBreakdown *found = dk_breakdown_find (g_ptr_array_index (self->children, i), id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
kind_name (DkBreakdownKind kind)
{
  switch (kind)
    {
    case DK_BREAKDOWN_MONEY: return "money";
    case DK_BREAKDOWN_RATE: return "rate";
    case DK_BREAKDOWN_COUNT: return "count";
    case DK_BREAKDOWN_TEXT: return "text";
    default: g_assert_not_reached ();
    }
}

/* {"id", "label", "kind", "value" (cents, ppm or count), "rule", "note", "children": [...]} */
void
dk_breakdown_to_json (const DkBreakdown *self,
                      JsonBuilder       *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, self->label);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_name (self->kind));
  if (self->kind != DK_BREAKDOWN_TEXT)
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, self->value);
    }
  if (self->rule != NULL)
    {
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, self->rule);
    }
  if (self->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, self->note);
    }
  if (self->children->len > 0)
    {
      json_builder_set_member_name (builder, "children");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->children->len; i++)
        dk_breakdown_to_json (g_ptr_array_index (self->children, i), builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* "13,73%" with as many decimals as the rate needs (at most four). */
char *
dk_format_rate (gint64 ppm)
{
  gint64 whole = ppm / 10000;
  gint64 frac = ABS (ppm % 10000);
  g_autofree char *digits = NULL;
  gsize len;

  if (frac == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "%%", whole);

  digits = g_strdup_printf ("%04" G_GINT64_FORMAT, frac);
  len = strlen (digits);
  while (len > 0 && digits[len - 1] == '0')
    digits[--len] = '\0';

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ",%s%%", (ppm < 0 && whole == 0) ? "-" : "", whole, digits);
}

static char *
format_value (const DkBreakdown *self)
{
  switch (self->kind)
    {
    case DK_BREAKDOWN_MONEY: return dk_money_format (self->value);
    case DK_BREAKDOWN_RATE: return dk_format_rate (self->value);
    case DK_BREAKDOWN_COUNT: return g_strdup_printf ("%" G_GINT64_FORMAT, self->value);
    case DK_BREAKDOWN_TEXT: return g_strdup ("");
    default: g_assert_not_reached ();
    }
}

static void
append_text (const DkBreakdown *self,
             GString           *out,
             guint              depth)
{
  g_autofree char *value = format_value (self);

  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, self->label);
  if (value[0] != '\0')
    g_string_append_printf (out, ": %s", value);
  if (self->rule != NULL)
    g_string_append_printf (out, " (%s)", self->rule);
  g_string_append_c (out, '\n');

  if (self->note != NULL)
    {
      for (guint i = 0; i < depth + 1; i++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s %s\n", _("Note:"), self->note);
    }

  for (guint i = 0; i < self->children->len; i++)
    append_text (g_ptr_array_index (self->children, i), out, depth + 1);
}

/* Indented readable text, one line per item, in the current language. */
char *
dk_breakdown_to_text (const DkBreakdown *self)
{
  GString *out = g_string_new (NULL);

  append_text (self, out, 0);
  return g_string_free (out, FALSE);
}
