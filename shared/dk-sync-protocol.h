#pragma once

/* Bumped when a client and a server of different versions could no longer understand each other;
 * both sides compare it on every contact and ask the user to update instead of guessing. */
#define DK_SYNC_PROTOCOL_VERSION 1
