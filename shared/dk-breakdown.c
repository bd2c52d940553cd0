#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dk-breakdown.h"
#include "dk-money.h"

/* How a node holds one of its strings. */
typedef enum
{
  TEXT_STATIC,  /* not freed: lives as long as the process, or inside the node's own allocation */
  TEXT_MSGID,   /* a static English msgid, translated when read */
  TEXT_OWNED,   /* a copy or an adopted string, freed with the node */
  TEXT_LAZY,    /* made by note_func when first read, then owned (notes only) */
} TextMode;

/* A household's tree has some fifty lines and is built on every recalculation, so a line is one
 * allocation (its copied strings included) plus one for its children, and strings that never
 * change are not copied at all. The id and rule are always TEXT_STATIC, the label TEXT_STATIC or
 * TEXT_MSGID. */
struct _DkBreakdown
{
  gint                 ref_count;
  DkBreakdownKind      kind;
  guint8               label_mode;
  guint8               note_mode;
  guint                n_children;
  guint                n_allocated;
  const char          *id;
  const char          *label;
  const char          *rule;
  const char          *note;
  gint64               value;
  DkBreakdown        **children;
  DkBreakdownNoteFunc  note_func;
  const char          *note_texts[2];
  gint64               note_values[2];
};

G_DEFINE_BOXED_TYPE (DkBreakdown, dk_breakdown, dk_breakdown_ref, dk_breakdown_unref)

static const char *
text_read (const char *text,
           guint8      mode)
{
  /* An empty msgid would read as the catalogue's header. */
  if (mode == TEXT_MSGID && text[0] != '\0')
    return g_dgettext (GETTEXT_PACKAGE, text);
  return text;
}

/* @extra: bytes to allocate after the node, for copies of its strings. */
static DkBreakdown *
node_new (DkBreakdownKind  kind,
          const char      *id,
          const char      *label,
          guint8           label_mode,
          gint64           value,
          const char      *rule,
          gsize            extra)
{
  DkBreakdown *self = g_malloc (sizeof (DkBreakdown) + extra);

  *self = (DkBreakdown) {
    .ref_count = 1,
    .kind = kind,
    .id = id,
    .label = label,
    .label_mode = label_mode,
    .value = value,
    .rule = rule,
    .note_mode = TEXT_STATIC,
  };

  return self;
}

static char *
copy_text (char      **space,
           const char *text,
           gsize       size)
{
  char *copy = memcpy (*space, text, size);

  *space += size;
  return copy;
}

/* id: a stable machine key ("bvv.health"); label: what a person reads, already translated;
 * rule: the article or policy the line rests on, or NULL. All three are copied, into the node's
 * own allocation: one malloc instead of four. */
DkBreakdown *
dk_breakdown_new (DkBreakdownKind  kind,
                  const char      *id,
                  const char      *label,
                  gint64           value,
                  const char      *rule)
{
  gsize id_size, label_size, rule_size;
  DkBreakdown *self;
  char *space;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  id_size = strlen (id) + 1;
  label_size = strlen (label) + 1;
  rule_size = rule != NULL ? strlen (rule) + 1 : 0;
  self = node_new (kind, NULL, NULL, TEXT_STATIC, value, NULL, id_size + label_size + rule_size);
  space = (char *) (self + 1);
  self->id = copy_text (&space, id, id_size);
  self->label = copy_text (&space, label, label_size);
  if (rule != NULL)
    self->rule = copy_text (&space, rule, rule_size);

  return self;
}

/* As dk_breakdown_new(), without copying: @id and @rule (or NULL) must live as long as the process,
 * and @label_msgid is an untranslated msgid (N_()) or a literal that needs no translation. */
DkBreakdown *
dk_breakdown_new_static (DkBreakdownKind  kind,
                         const char      *id,
                         const char      *label_msgid,
                         gint64           value,
                         const char      *rule)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (label_msgid != NULL, NULL);

  return node_new (kind, id, label_msgid, TEXT_MSGID, value, rule, 0);
}

static void
replace_note (DkBreakdown *self,
              const char  *note,
              guint8       mode)
{
  if (self->note_mode == TEXT_OWNED || self->note_mode == TEXT_LAZY)
    g_free ((char *) self->note);
  self->note = note;
  self->note_mode = mode;
}

DkBreakdown *
dk_breakdown_ref (DkBreakdown *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
dk_breakdown_unref (DkBreakdown *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_children; i++)
    dk_breakdown_unref (self->children[i]);
  g_free (self->children);
  replace_note (self, NULL, TEXT_STATIC);
  g_free (self);
}

/* Takes ownership of child; returns it (borrowed) so callers can keep adding below it. */
DkBreakdown *
dk_breakdown_append (DkBreakdown *self,
                     DkBreakdown *child)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (child != NULL, NULL);

  if (self->n_children == self->n_allocated)
    {
      /* Most lines have fewer than eight children: one allocation, no growing. */
      self->n_allocated = self->n_allocated == 0 ? 8 : 2 * self->n_allocated;
      self->children = g_renew (DkBreakdown *, self->children, self->n_allocated);
    }
  self->children[self->n_children++] = child;

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

DkBreakdown *
dk_breakdown_add_static (DkBreakdown     *self,
                         DkBreakdownKind  kind,
                         const char      *id,
                         const char      *label_msgid,
                         gint64           value,
                         const char      *rule)
{
  return dk_breakdown_append (self, dk_breakdown_new_static (kind, id, label_msgid, value, rule));
}

void
dk_breakdown_set_note (DkBreakdown *self,
                       const char  *note)
{
  g_return_if_fail (self != NULL);

  replace_note (self, g_strdup (note), TEXT_OWNED);
}

/* @note_msgid: an untranslated msgid (N_()) that lives as long as the process, or NULL. */
void
dk_breakdown_set_note_static (DkBreakdown *self,
                              const char  *note_msgid)
{
  g_return_if_fail (self != NULL);

  replace_note (self, note_msgid, TEXT_MSGID);
}

/* Adopts @note (translated already), which the node frees. */
void
dk_breakdown_take_note (DkBreakdown *self,
                        char        *note)
{
  g_return_if_fail (self != NULL);

  replace_note (self, note, TEXT_OWNED);
}

/* @note: translated already, and living as long as the process (a g_intern_string() result), or
 * NULL. Kept without a copy. */
void
dk_breakdown_set_note_interned (DkBreakdown *self,
                                const char  *note)
{
  g_return_if_fail (self != NULL);

  replace_note (self, note, TEXT_STATIC);
}

/* The note becomes @func (@text1, @text2, @value1, @value2) when it is first read. The texts are
 * NULL or live as long as the process (literals, or interned like the norm tables' texts). */
void
dk_breakdown_set_note_func (DkBreakdown         *self,
                            DkBreakdownNoteFunc  func,
                            const char          *text1,
                            const char          *text2,
                            gint64               value1,
                            gint64               value2)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  replace_note (self, NULL, TEXT_LAZY);
  self->note_func = func;
  self->note_texts[0] = text1;
  self->note_texts[1] = text2;
  self->note_values[0] = value1;
  self->note_values[1] = value2;
}

DkBreakdownKind dk_breakdown_get_kind (const DkBreakdown *self) { return self->kind; }
const char *dk_breakdown_get_id (const DkBreakdown *self) { return self->id; }
const char *dk_breakdown_get_label (const DkBreakdown *self) { return text_read (self->label, self->label_mode); }
gint64 dk_breakdown_get_value (const DkBreakdown *self) { return self->value; }
/* Rules are legal citations ("Rv art. 475da lid 2", the same in every language) or short policy
 * texts marked N_(): a citation is not in the catalogue and comes back unchanged. */
const char *
dk_breakdown_get_rule (const DkBreakdown *self)
{
  return self->rule != NULL ? g_dgettext (GETTEXT_PACKAGE, self->rule) : NULL;
}
guint dk_breakdown_get_n_children (const DkBreakdown *self) { return self->n_children; }

const char *
dk_breakdown_get_note (const DkBreakdown *self)
{
  if (self->note_mode == TEXT_LAZY)
    {
      /* The one field filled in after the tree is built; trees may be read from several threads, so
       * the first text made wins and any other is dropped. */
      gpointer *slot = (gpointer *) &((DkBreakdown *) self)->note;
      char *note = g_atomic_pointer_get (slot);

      if (note == NULL)
        {
          note = self->note_func (self->note_texts[0], self->note_texts[1], self->note_values[0], self->note_values[1]);
          if (!g_atomic_pointer_compare_and_exchange (slot, NULL, note))
            {
              g_free (note);
              note = g_atomic_pointer_get (slot);
            }
        }
      return note;
    }

  return self->note != NULL ? text_read (self->note, self->note_mode) : NULL;
}

DkBreakdown *
dk_breakdown_get_child (const DkBreakdown *self,
                        guint              index)
{
  g_return_val_if_fail (index < self->n_children, NULL);

  return self->children[index];
}

/* Depth-first search by id; NULL when absent. */
DkBreakdown *
dk_breakdown_find (const DkBreakdown *self,
                   const char        *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_strcmp0 (self->id, id) == 0)
    return (DkBreakdown *) self;

  for (guint i = 0; i < self->n_children; i++)
    {
      DkBreakdown *found = dk_breakdown_find (self->children[i], id);

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
  json_builder_add_string_value (builder, dk_breakdown_get_label (self));
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
      json_builder_add_string_value (builder, dk_breakdown_get_rule (self));
    }
  if (dk_breakdown_get_note (self) != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, dk_breakdown_get_note (self));
    }
  if (self->n_children > 0)
    {
      json_builder_set_member_name (builder, "children");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->n_children; i++)
        dk_breakdown_to_json (self->children[i], builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* "13,73%" with as many decimals as the rate needs (at most four). Written backwards into a buffer
 * rather than with printf, as dk_money_format() is: proposals format a rate per creditor line. */
char *
dk_format_rate (gint64 ppm)
{
  /* Negating in unsigned arithmetic is defined even for G_MININT64. */
  guint64 magnitude = ppm < 0 ? -(guint64) ppm : (guint64) ppm;
  guint64 whole = magnitude / 10000;
  guint frac = (guint) (magnitude % 10000);
  char buffer[32];
  char *p = buffer + sizeof buffer;

  *--p = '\0';
  *--p = '%';
  if (frac != 0)
    {
      guint n_digits = 4;

      while (frac % 10 == 0)
        {
          frac /= 10;
          n_digits--;
        }
      for (guint i = 0; i < n_digits; i++)
        {
          *--p = (char) ('0' + frac % 10);
          frac /= 10;
        }
      *--p = ',';
    }
  do
    {
      *--p = (char) ('0' + whole % 10);
      whole /= 10;
    }
  while (whole > 0);
  if (ppm < 0)
    *--p = '-';

  return g_strndup (p, buffer + sizeof buffer - 1 - p);
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
  g_string_append (out, dk_breakdown_get_label (self));
  if (value[0] != '\0')
    g_string_append_printf (out, ": %s", value);
  if (self->rule != NULL)
    g_string_append_printf (out, " (%s)", dk_breakdown_get_rule (self));
  g_string_append_c (out, '\n');

  if (dk_breakdown_get_note (self) != NULL)
    {
      for (guint i = 0; i < depth + 1; i++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s %s\n", _("Note:"), dk_breakdown_get_note (self));
    }

  for (guint i = 0; i < self->n_children; i++)
    append_text (self->children[i], out, depth + 1);
}

/* Indented readable text, one line per item, in the current language. */
char *
dk_breakdown_to_text (const DkBreakdown *self)
{
  GString *out = g_string_new (NULL);

  append_text (self, out, 0);
  return g_string_free (out, FALSE);
}
