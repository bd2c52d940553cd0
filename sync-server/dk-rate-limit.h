#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A token bucket per key (a client's IP address), kept in memory: each key may spend @burst
 * attempts at once, and earns them back at @per_minute a minute. It sits in front of the account
 * lockout of the auth library: the lockout protects one account from many guesses, the bucket
 * keeps one address from trying many accounts (and from making the server hash all day).
 *
 * Buckets that have filled up again are forgotten (they are the same as a new one), so the table
 * holds only addresses that tried recently. Main thread only.
 */

typedef struct _DkRateLimiter DkRateLimiter;

DkRateLimiter *dk_rate_limiter_new      (guint           burst,
                                         guint           per_minute);
void           dk_rate_limiter_free     (DkRateLimiter  *self);

/* Spends one attempt for @key at @now_us (monotonic microseconds). FALSE when none is left; then
 * *@out_retry_after is the number of seconds (at least 1) until the next one. */
gboolean       dk_rate_limiter_take     (DkRateLimiter  *self,
                                         const char     *key,
                                         gint64          now_us,
                                         guint          *out_retry_after);

/* The number of keys remembered. */
guint          dk_rate_limiter_get_size (DkRateLimiter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkRateLimiter, dk_rate_limiter_free)

G_END_DECLS
