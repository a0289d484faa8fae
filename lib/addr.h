/*
 * addr.h: IPv4/IPv6 addresses and exporter identity (address and port).
 */
#ifndef PFL_ADDR_H
#define PFL_ADDR_H

#include <stddef.h>
#include <stdint.h>

struct addr {
	uint8_t		af;		/* AF_INET, AF_INET6, or 0 = none */
	uint8_t		a[16];		/* IPv4 in a[0..3] */
};

/* The transport endpoint an export stream came from. */
struct exporter {
	struct addr	addr;
	uint16_t	port;
};

#define ADDR_STRLEN	46		/* INET6_ADDRSTRLEN */
#define EXPORTER_STRLEN	(ADDR_STRLEN + 8)

void	addr_set4(struct addr *, const uint8_t *);
void	addr_set6(struct addr *, const uint8_t *);
int	addr_cmp(const struct addr *, const struct addr *);
/* Numeric text form; "" for af 0. Returns buf. */
char	*addr_fmt(const struct addr *, char *, size_t);
/* Parse numeric IPv4/IPv6 text. 0 on success, -1 on error. */
int	addr_parse(const char *, struct addr *);
/* Is the address (family af, octets a) inside net/plen? */
int	addr_in_net(uint8_t af, const uint8_t *a, const struct addr *net,
	    uint8_t plen);
int	exporter_cmp(const struct exporter *, const struct exporter *);
/* "198.18.0.1:4739" or "[2001:db8::1]:4739". Returns buf. */
char	*exporter_fmt(const struct exporter *, char *, size_t);
uint32_t exporter_hash(const struct exporter *);

#endif /* PFL_ADDR_H */
