#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void dk_a11y_init     (void);
void dk_a11y_fix_tree (GtkWidget *root);

G_END_DECLS
