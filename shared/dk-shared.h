#pragma once

/* One include for everything the shared domain library offers. */
#include "dk-date.h"
#include "dk-money.h"
#include "dk-store.h"
#include "dk-uuid.h"
#include "dk-validate.h"
