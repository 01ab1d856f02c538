/* SPDX-License-Identifier: MIT
 *
 * store_keys.h -- lists of names for store_redis.c, from store_keys.c (not
 * part of the store's interface, aggregator/store.h).
 */
#ifndef TT_STORE_KEYS_H
#define TT_STORE_KEYS_H

#include <stddef.h>

/* qsort comparison of two char * */
int store_cmp_str(const void *a, const void *b);
/* Adds a copy of name[0..len) to the NULL-terminated list *names (*n used,
 * *cap allocated) unless it is there already. */
void store_names_add(char ***names, size_t *n, size_t *cap, const char *name, size_t len);
/* A heap copy of a list of n names, NULL-terminated. */
char **store_names_copy(char *const *names, size_t n);

#endif
