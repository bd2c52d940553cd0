#include "config.h"

#include "dk-uuid.h"
