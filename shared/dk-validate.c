#include "config.h"

#include "dk-validate.h"
