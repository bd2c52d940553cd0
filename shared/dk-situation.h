#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The four living situations (leefsituaties) of the statutory BVV, Rv art. 475da lid 1–2.
 * Cohabitants count as spouses (Pw art. 3 via Rv art. 475ab). */
typedef enum
{
  DK_SITUATION_SINGLE,
  DK_SITUATION_SINGLE_PARENT,
  DK_SITUATION_COUPLE,
  DK_SITUATION_COUPLE_WITH_CHILDREN,
} DkSituation;

#define DK_SITUATION_IS_COUPLE(s) ((s) == DK_SITUATION_COUPLE || (s) == DK_SITUATION_COUPLE_WITH_CHILDREN)
#define DK_SITUATION_HAS_CHILDREN(s) ((s) == DK_SITUATION_SINGLE_PARENT || (s) == DK_SITUATION_COUPLE_WITH_CHILDREN)

const char *dk_situation_to_string   (DkSituation  situation);
gboolean    dk_situation_from_string (const char  *text,
                                      DkSituation *out);
const char *dk_situation_describe    (DkSituation  situation);

G_END_DECLS
