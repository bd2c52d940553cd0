#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

gboolean dk_demo_seed (DkStore  *store,
                       gboolean *seeded,
                       GError  **error);

G_END_DECLS
