/* SPDX-License-Identifier: MIT
 *
 * net.h -- IPv4/IPv6 addresses and CIDR sets, used to tell "outside
 * --home-net" (an attack) from our own traffic, and loopback relays from
 * real ones. IPv6 compares as a 128-bit value whatever its spelling;
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is normalised to IPv4.
 */
#ifndef TT_NET_H
#define TT_NET_H

#include <stddef.h>
#include <stdint.h>

struct tt_addr {
    uint8_t family;    /* 0 = none, 4 = IPv4, 6 = IPv6 */
    uint8_t bytes[16]; /* network order; IPv4 uses bytes[0..3], rest zero */
};

struct tt_cidr {
    struct tt_addr addr; /* network address, host bits cleared */
    uint8_t prefix;      /* prefix length in bits (0..32 or 0..128) */
};

#define TT_CIDR_SET_MAX 256

struct tt_cidr_set {
    struct tt_cidr items[TT_CIDR_SET_MAX]; /* the networks */
    size_t n;                              /* how many are used */
};

/* Parses an IPv4 dotted quad or any RFC 4291/5952 IPv6 spelling (with
 * optional zone "%eth0" ignored, optional surrounding [ ]), from exactly
 * [p, p+len). Returns TT_OK or TT_ERR; never reads past len. No allocation. */
int tt_addr_parse(const char *p, size_t len, struct tt_addr *out);

/* Writes the canonical text form (RFC 5952 for IPv6) into buf, NUL
 * terminated; returns the length (0 for family 0). buf of 46 bytes is enough. */
size_t tt_addr_format(const struct tt_addr *a, char *buf, size_t len);

/* Truncates a to its /24 (IPv4) or /48 (IPv6) network, for privacy. */
void tt_addr_truncate(struct tt_addr *a);
/* Truncates a to its /v4_bits (IPv4) or /v6_bits (IPv6) network. */
void tt_addr_mask(struct tt_addr *a, unsigned v4_bits, unsigned v6_bits);

int tt_addr_equal(const struct tt_addr *a, const struct tt_addr *b);
/* A 64-bit hash of the address (family included), never 0; good in every
 * bit, so HyperLogLogs may take their register and rank from it. */
uint64_t tt_addr_hash(const struct tt_addr *a);
int tt_addr_is_loopback(const struct tt_addr *a); /* 127.0.0.0/8, ::1 */

/* "10.0.0.0/8", "2001:db8::/32", a bare address means a host route.
 * Returns TT_OK or TT_ERR. */
int tt_cidr_parse(const char *p, size_t len, struct tt_cidr *out);

/* Replaces set by the comma-separated list (spaces allowed). On TT_ERR a
 * message naming the bad item is written to err. */
int tt_cidr_set_parse(struct tt_cidr_set *set, const char *list, char *err, size_t errlen);

/* The default (docs/COUNTING.md#home-net): 10/8, 172.16/12, 192.168/16, 127/8, fc00::/7, ::1/128. */
void tt_cidr_set_default_home(struct tt_cidr_set *set);

/* 1 when a (family 4 or 6) is inside any network of set, 0 otherwise
 * (also 0 for family 0). */
int tt_cidr_set_contains(const struct tt_cidr_set *set, const struct tt_addr *a);

#endif
