#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-situation.h"

static const char *names[] = {
  [DK_SITUATION_SINGLE] = "single",
  [DK_SITUATION_SINGLE_PARENT] = "single_parent",
  [DK_SITUATION_COUPLE] = "couple",
  [DK_SITUATION_COUPLE_WITH_CHILDREN] = "couple_with_children",
};

/* The stable machine name used in JSON and in the database. */
const char *
dk_situation_to_string (DkSituation situation)
{
  g_return_val_if_fail (situation <= DK_SITUATION_COUPLE_WITH_CHILDREN, NULL);

  return names[situation];
}

gboolean
dk_situation_from_string (const char  *text,
                          DkSituation *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

/* What a person reads, in the current language. */
const char *
dk_situation_describe (DkSituation situation)
{
  switch (situation)
    {
    case DK_SITUATION_SINGLE: return _("single");
    case DK_SITUATION_SINGLE_PARENT: return _("single parent");
    case DK_SITUATION_COUPLE: return _("married or cohabiting, no children");
    case DK_SITUATION_COUPLE_WITH_CHILDREN: return _("married or cohabiting, with children");
    default: g_return_val_if_reached (NULL);
    }
}
