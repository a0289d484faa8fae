/*
 * sim.c: the embedded gateway on a virtual clock.  Each captured packet
 * enters the gateway once, from the client or the server side; it is
 * filtered inbound on that side's interface and outbound on the other
 * one (two pf_test calls, as a forwarding OpenBSD box does), so a
 * forwarded connection has an inbound state on the interface where it
 * entered and an outbound state on the interface where it left.
 *
 * Time: the clock (lib/clock.h, virtual mode) jumps from event to event:
 * packets (their capture time), the purge tick (every second of uptime),
 * pflow's flush and template timers, and timed faults.  Uptime counts
 * from gw.boot_us.  After the last packet the clock runs on until no
 * state is left and no buffer waits.  Idle stretches are skipped: when
 * no state can expire before some time, the purge ticks up to then only
 * move the purge cursor, which purge_dry_ticks does arithmetically.
 *
 * Live mode (o.live, sim/live.c): the clock module stays real; the
 * caller brings the gateway up (sim_begin), feeds frames with their
 * capture times and the side they entered on (sim_frame_side), runs
 * the same timed events when they are due (sim_advance,
 * sim_next_event_us) and ends with sim_shutdown: every state removed
 * and every buffer sent at once.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cursor.h"
#include "pcapio.h"
#include "frag.h"
#include "pf.h"
#include "pflow.h"
#include "pkt.h"
#include "scn.h"
#include "sim.h"

#define SIM_LEARN_SIZE	4096	/* address -> side cache (power of two) */

struct sim_learn {
	struct addr	 a;
	int		 side;
	int		 used;
};

struct sim {
	struct sim_opts	 o;
	struct pf_gw	 pf;
	struct pflow_sc	 sc[GW_MAXPFLOW];
	int		 nsc;
	struct pflow_env env;
	struct fault_run fr;
	sim_out_fn	 out;
	void		*arg;
	int		 started;
	int		 finished;
	int64_t		 now_us;
	int64_t		 next_tick_us;
	unsigned int	 idle_ticks;
	int		 skip_ok;
	int		 tt_valid;	/* tt_us is the next pflow timeout */
	uint64_t	 tt_seq;	/* env.arm_seq when it was computed */
	int64_t		 tt_us;
	struct sim_stats st;
	struct sim_learn *learn;
	struct frag	*frag;
};

static const uint8_t scn_mac_client_host[6] = SCN_MAC_CLIENT_HOST;
static const uint8_t scn_mac_gw_inside[6] = SCN_MAC_GW_INSIDE;
static const uint8_t scn_mac_server_host[6] = SCN_MAC_SERVER_HOST;
static const uint8_t scn_mac_gw_outside[6] = SCN_MAC_GW_OUTSIDE;

void
sim_opts_defaults(struct sim_opts *o, const struct profile *p)
{
	memset(o, 0, sizeof(*o));
	gw_conf_defaults(&o->gw, p);
	o->uptime_s = 3600;
	o->seed = 1;
}

int
sim_opts_from_scenario(struct sim_opts *o, const struct scenario *s,
    char *err, size_t errlen)
{
	char fe[512];
	size_t i;

	o->gw = s->gw;
	o->boot_set = 1;
	/* gw_conf_defaults: the gateway has been up an hour at the epoch */
	o->gw.boot_us = s->epoch_us - 3600 * 1000000LL;
	o->seed = s->seed != 0 ? s->seed : o->seed;
	for (i = 0; i < s->nfaults; i++) {
		if (o->nfaults >= FAULT_MAX) {
			snprintf(err, errlen, "%s:%u: too many faults", s->path,
			    s->faults[i].line);
			return -1;
		}
		if (fault_parse(s->faults[i].spec, &o->faults[o->nfaults],
		    fe, sizeof(fe)) == -1) {
			snprintf(err, errlen, "%s:%u: %s", s->path,
			    s->faults[i].line, fe);
			return -1;
		}
		o->nfaults++;
	}
	return 0;
}

int
sim_parse_mac(const char *s, uint8_t *mac)
{
	unsigned int v[6];
	char c;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5], &c) != 6)
		return -1;
	for (c = 0; c < 6; c++) {
		if (v[(int)c] > 255)
			return -1;
		mac[(int)c] = (uint8_t)v[(int)c];
	}
	return 0;
}

int
sim_parse_prefix(const char *s, struct addr *a, uint8_t *plen)
{
	char buf[64], *slash;
	long n;
	char *end;

	if (strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (addr_parse(buf, a) == -1)
		return -1;
	n = a->af == AF_INET ? 32 : 128;
	if (slash != NULL) {
		long m = strtol(slash, &end, 10);

		if (end == slash || *end != '\0' || m < 0 || m > n)
			return -1;
		n = m;
	}
	*plen = (uint8_t)n;
	return 0;
}

/* --- output path: exporter -> faults -> caller --- */

static void
sim_fault_out(void *arg, int ifidx, int64_t ts, const uint8_t *b,
    size_t len)
{
	struct sim *s = arg;

	s->st.sent++;
	if (s->out != NULL)
		s->out(s->arg, ifidx, ts, b, len);
}

static void
sim_pflow_send(void *arg, int ifidx, enum pflow_dgkind k, uint8_t *b,
    size_t len)
{
	struct sim *s = arg;

	s->st.datagrams++;
	fault_dgram(&s->fr, ifidx, k == PFLOW_DG_TMPL, s->now_us, b, len,
	    sim_fault_out, s);
}

static void
sim_export(void *arg, const struct pf_state *st)
{
	struct sim *s = arg;
	uint64_t before = s->env.recno;

	pflow_export(&s->env, s->sc, s->nsc, st);
	s->st.records += s->env.recno - before;
}

struct sim *
sim_new(const struct sim_opts *o, sim_out_fn out, void *arg, char *err,
    size_t errlen)
{
	struct sim *s;
	int i;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->o = *o;
	s->out = out;
	s->arg = arg;
	if (s->o.gw.profile == NULL) {
		snprintf(err, errlen, "no profile");
		free(s);
		return NULL;
	}
	if (s->o.gw.profile->kind != PROFILE_PFLOW) {
		snprintf(err, errlen, "profile %s is not a pflow(4) profile",
		    s->o.gw.profile->name);
		free(s);
		return NULL;
	}
	s->nsc = s->o.gw.npflow;
	if (s->nsc < 1 || s->nsc > GW_MAXPFLOW) {
		snprintf(err, errlen, "between 1 and %d pflow interfaces",
		    GW_MAXPFLOW);
		free(s);
		return NULL;
	}
	for (i = 0; i < s->nsc; i++)
		if (pflow_init(&s->sc[i], i, s->o.gw.pflow[i].proto,
		    s->o.gw.profile, s->o.gw.pflow[i].mtu, err, errlen) == -1) {
			free(s);
			return NULL;
		}
	if (pf_init(&s->pf, &s->o.gw, s->o.gw.timeouts, sim_export, s) ==
	    -1 || (s->learn = calloc(SIM_LEARN_SIZE,
	    sizeof(*s->learn))) == NULL ||
	    (s->frag = malloc(sizeof(*s->frag))) == NULL) {
		pf_free(&s->pf);
		free(s->learn);
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->pf.flags_any = s->o.flags_any;
	frag_init(s->frag, s->o.gw.timeouts[PFTM_FRAG]);
	s->env.send = sim_pflow_send;
	s->env.arg = s;
	s->env.fault_rec = -1;
	for (i = 0; i < s->o.nfaults; i++) {
		struct fault *f = &s->o.faults[i];

		if (f->kind == FAULT_COUNTER) {
			s->env.fault_rec = f->index;
			s->env.fault_field = f->field;
			s->env.fault_delta = f->delta;
		} else if (f->kind == FAULT_WRONG_TMPL)
			s->env.wrong_tmpl = 1;
	}
	fault_run_init(&s->fr, s->o.faults, s->o.nfaults, s->o.seed);
	return s;
}

void
sim_free(struct sim *s)
{
	if (s == NULL)
		return;
	pf_free(&s->pf);
	free(s->learn);
	free(s->frag);
	free(s);
	if (clock_is_virtual())
		clock_real();
}

const struct sim_stats *
sim_get_stats(const struct sim *s)
{
	return &s->st;
}

const struct gw_conf *
sim_gw(const struct sim *s)
{
	return &s->o.gw;
}

/* --- the clock --- */

static int32_t
sim_uptime(const struct sim *s)
{
	int64_t d = s->now_us - s->o.gw.boot_us;

	return (int32_t)(d >= 0 ? d / 1000000 : -((-d + 999999) / 1000000));
}

static void
sim_set_now(struct sim *s, int64_t t)
{
	s->now_us = t;
	s->env.now_us = t;
	if (!s->o.live)
		clock_set_us(t);
}

static void
sim_start(struct sim *s, int64_t t)
{
	int64_t d;
	int i;

	s->started = 1;
	s->st.first_us = t;
	if (!s->o.boot_set)
		s->o.gw.boot_us = (t / 1000000 - s->o.uptime_s) * 1000000;
	if (t < s->o.gw.boot_us)
		s->o.gw.boot_us = (t / 1000000 - s->o.uptime_s) * 1000000;
	s->env.boot_us = s->o.gw.boot_us;
	if (!s->o.live)
		clock_virtual(t);
	sim_set_now(s, t);
	/* the purge ticks on whole seconds of uptime */
	d = t - s->o.gw.boot_us;
	s->next_tick_us = s->o.gw.boot_us + ((d + 999999) / 1000000) *
	    1000000;
	for (i = 0; i < s->nsc; i++)
		pflow_up(&s->env, &s->sc[i]);
}

static int64_t
sim_next_fault(const struct sim *s)
{
	int64_t t = INT64_MAX, at;
	int i;

	for (i = 0; i < s->o.nfaults; i++) {
		const struct fault *f = &s->o.faults[i];

		if (f->done || (f->kind != FAULT_RESTART &&
		    f->kind != FAULT_CLOCK_STEP))
			continue;
		at = s->st.first_us + f->at_us;
		if (at < t)
			t = at;
	}
	return t;
}

/*
 * The next pflow timeout.  Cached until a timeout is armed or run; a
 * cancelled one can only leave the cache early, which costs an empty
 * wake-up.
 */
static int64_t
sim_next_timer(struct sim *s)
{
	int64_t t = INT64_MAX, x;
	int i;

	if (s->tt_valid && s->tt_seq == s->env.arm_seq)
		return s->tt_us;
	for (i = 0; i < s->nsc; i++)
		if ((x = pflow_next_timer(&s->sc[i])) < t)
			t = x;
	s->tt_us = t;
	s->tt_seq = s->env.arm_seq;
	s->tt_valid = 1;
	return t;
}

static void
sim_do_faults(struct sim *s)
{
	int i, j;

	for (i = 0; i < s->o.nfaults; i++) {
		struct fault *f = &s->o.faults[i];

		if (f->done || (f->kind != FAULT_RESTART &&
		    f->kind != FAULT_CLOCK_STEP) ||
		    s->st.first_us + f->at_us > s->now_us)
			continue;
		f->done = 1;
		if (f->kind == FAULT_CLOCK_STEP)
			s->env.step_us += f->delta;
		else
			for (j = 0; j < s->nsc; j++)
				pflow_restart(&s->env, &s->sc[j]);
	}
}

/* skip purge ticks that cannot remove anything, up to bound; once per
 * change of the table (skip_ok) */
static void
sim_skip_idle(struct sim *s, int64_t bound)
{
	int32_t dl;
	int64_t dl_us, n;

	s->skip_ok = 0;
	dl = purge_min_deadline(&s->pf.t, s->o.gw.timeouts);
	/* unlinked states to free, or an empty table: ticks are cheap */
	if (dl == INT32_MIN || dl == INT32_MAX)
		return;
	dl_us = s->o.gw.boot_us + (int64_t)dl * 1000000;
	if (dl_us < bound)
		bound = dl_us;
	if (bound <= s->next_tick_us)
		return;
	n = (bound - s->next_tick_us + 999999) / 1000000;	/* ticks < bound */
	if (n < 2)
		return;
	purge_dry_ticks(&s->pf.purge, &s->pf.t, s->o.gw.timeouts,
	    (uint64_t)n);
	s->next_tick_us += n * 1000000;
}

/* every pflow timeout due now, over all interfaces, in arming order */
static void
sim_run_pflow_timers(struct sim *s)
{
	int64_t t, bt;
	uint64_t q, bq;
	int i, slot, bi, bslot;

	for (;;) {
		bi = bslot = -1;
		bt = 0;
		bq = 0;
		for (i = 0; i < s->nsc; i++) {
			if ((slot = pflow_timer_peek(&s->sc[i], &t, &q)) == -1 ||
			    t > s->now_us)
				continue;
			if (bi == -1 || t < bt || (t == bt && q < bq)) {
				bi = i;
				bslot = slot;
				bt = t;
				bq = q;
			}
		}
		if (bi == -1)
			return;
		pflow_timer_fire(&s->env, &s->sc[bi], bslot);
	}
}

/* Run the next timed event if it is due by target; 0 if none was. */
static int
sim_step(struct sim *s, int64_t target)
{
	int64_t tf = sim_next_fault(s), tt = sim_next_timer(s), t;

	/*
	 * Ticks that cannot remove a state leave no trace but the purge
	 * cursor, and pflow timeouts and timed faults do not touch the
	 * table, so the skip may jump over them: they still run at their
	 * own times, since the next tick is only moved later.
	 */
	if (s->skip_ok && s->idle_ticks >= 2 && s->next_tick_us < target)
		sim_skip_idle(s, target);
	t = s->next_tick_us;
	if (tt < t)
		t = tt;
	if (tf < t)
		t = tf;
	if (t > target)
		return 0;
	sim_set_now(s, t);
	if (tf == t)
		sim_do_faults(s);
	/*
	 * pflow's timeouts run from softclock itself; the purge timeout only
	 * queues a task that runs afterwards.  So at one instant the pflow
	 * timeouts go first, in the order they were armed.
	 */
	if (tt == t) {
		sim_run_pflow_timers(s);
		s->tt_valid = 0;
	}
	if (s->next_tick_us == t) {
		unsigned int freed;

		freed = pf_purge_tick(&s->pf, sim_uptime(s));
		s->next_tick_us += 1000000;
		if (freed != 0) {
			s->idle_ticks = 0;
			s->skip_ok = 1;
		} else
			s->idle_ticks++;
	}
	return 1;
}

/* --- packets --- */

static uint32_t
sim_addr_hash(const struct addr *a)
{
	uint32_t h = 2166136261u;
	int i, n = a->af == AF_INET ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

static struct sim_learn *
sim_learnt(struct sim *s, const struct addr *a)
{
	struct sim_learn *l = &s->learn[sim_addr_hash(a) &
	    (SIM_LEARN_SIZE - 1)];

	return l->used && addr_cmp(&l->a, a) == 0 ? l : NULL;
}

static void
sim_learn(struct sim *s, const struct addr *a, int side)
{
	struct sim_learn *l = &s->learn[sim_addr_hash(a) &
	    (SIM_LEARN_SIZE - 1)];

	l->a = *a;
	l->side = side;
	l->used = 1;
}

static int
sim_in_nets(const struct addr *a, const struct addr *nets,
    const uint8_t *plens, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (addr_in_net(a->af, a->a, &nets[i], plens[i]))
			return 1;
	return 0;
}

static int
sim_side(struct sim *s, const struct pkt *p)
{
	const struct sim_opts *o = &s->o;
	struct sim_learn *l;
	int i;

	if (p->has_mac && o->nclient_mac > 0) {
		for (i = 0; i < o->nclient_mac; i++)
			if (memcmp(p->mac_src, o->client_mac[i], 6) == 0)
				return SIM_CLIENT;
		return SIM_SERVER;
	}
	if (o->nclient_net > 0 || o->nserver_net > 0) {
		if (sim_in_nets(&p->src, o->client_net, o->client_plen,
		    o->nclient_net) || sim_in_nets(&p->dst, o->server_net,
		    o->server_plen, o->nserver_net))
			return SIM_CLIENT;
		if (sim_in_nets(&p->src, o->server_net, o->server_plen,
		    o->nserver_net) || sim_in_nets(&p->dst, o->client_net,
		    o->client_plen, o->nclient_net))
			return SIM_SERVER;
		/* neither: only one side was given */
		return o->nclient_net > 0 ? SIM_SERVER : SIM_CLIENT;
	}
	if (p->has_mac) {
		if (memcmp(p->mac_src, scn_mac_client_host, 6) == 0 ||
		    memcmp(p->mac_dst, scn_mac_gw_inside, 6) == 0)
			return SIM_CLIENT;
		if (memcmp(p->mac_src, scn_mac_server_host, 6) == 0 ||
		    memcmp(p->mac_dst, scn_mac_gw_outside, 6) == 0)
			return SIM_SERVER;
	}
	/* learnt: the first sender of a conversation is on the client side */
	if ((l = sim_learnt(s, &p->src)) != NULL)
		return l->side;
	if ((l = sim_learnt(s, &p->dst)) != NULL) {
		sim_learn(s, &p->src, !l->side);
		return !l->side;
	}
	sim_learn(s, &p->src, SIM_CLIENT);
	sim_learn(s, &p->dst, SIM_SERVER);
	return SIM_CLIENT;
}

/* a packet between parsing and the gateway */
struct sim_slot {
	int64_t		 ts;
	int		 side;
	int		 ok;		/* pf_pkt_from accepted it */
	uint32_t	 hash;		/* of its inbound lookup key */
	struct pf_pkt	 pp;
};

static int
sim_slot_fill(struct sim *s, struct sim_slot *sl, int64_t ts,
    const struct pkt *p, int side)
{
	struct pf_key k;

	sl->ts = ts;
	sl->side = side;
	sl->ok = pf_pkt_from(&sl->pp, p) == 0;
	if (sl->ok) {
		state_key_make(&k, PF_IN, sl->pp.af, sl->pp.proto, sl->pp.src,
		    sl->pp.sport, sl->pp.dst, sl->pp.dport);
		sl->hash = state_key_hash(&k);
		sl->pp.hash_in = sl->hash;
		sl->pp.have_hash = 1;
	}
	return sl->ok;
}

static void
sim_slot_run(struct sim *s, struct sim_slot *sl)
{
	uint32_t in_if, out_if;
	int64_t ts = sl->ts;
	int32_t up;

	if (!s->started)
		sim_start(s, ts);
	if (ts < s->now_us)
		ts = s->now_us;		/* out of order: keep time monotonic */
	while (sim_step(s, ts))
		;
	sim_set_now(s, ts);
	s->st.last_us = ts;
	if (!sl->ok) {
		s->st.skipped++;
		return;
	}
	s->st.packets++;
	s->skip_ok = 1;
	s->idle_ticks = 0;
	up = sim_uptime(s);
	in_if = sl->side == SIM_CLIENT ? s->o.gw.if_client : s->o.gw.if_server;
	out_if = sl->side == SIM_CLIENT ? s->o.gw.if_server :
	    s->o.gw.if_client;
	if (pf_forward(&s->pf, in_if, out_if, &sl->pp, up) != PF_PASS)
		s->st.dropped++;
}

int
sim_packet(struct sim *s, int64_t ts, const struct pkt *p, int side)
{
	struct sim_slot sl;

	sim_slot_fill(s, &sl, ts, p, side);
	sim_slot_run(s, &sl);
	return 0;
}

/*
 * The common frame (Ethernet II, IPv4 without options, not a fragment,
 * TCP or UDP whole in the capture) parsed straight into the fields the
 * gateway reads; 0 sends anything else to pkt_parse, which would give
 * the same fields for these frames.
 */
static int
sim_fast_parse(int linktype, const uint8_t *f, size_t len, struct pkt *p)
{
	const uint8_t *ip, *l4;
	uint16_t tot;
	size_t need;

	if (linktype != 1 || len < 14 + 20 + 8 || f[12] != 0x08 ||
	    f[13] != 0x00)
		return 0;
	ip = f + 14;
	if (ip[0] != 0x45 || (be16(ip + 6) & 0x3fff) != 0)
		return 0;
	tot = be16(ip + 2);
	l4 = ip + 20;
	if (ip[9] == IPPROTO_TCP) {
		if (len < 14 + 20 + 20)
			return 0;
		need = (size_t)(l4[12] >> 4) * 4;
		if (need < 20)
			return 0;
		p->tcp_flags = l4[13];
	} else if (ip[9] == IPPROTO_UDP) {
		need = 8;
		p->tcp_flags = 0;
	} else
		return 0;
	if (tot < 20 + need || len < 14 + 20 + need)
		return 0;
	memcpy(p->mac_dst, f, 6);
	memcpy(p->mac_src, f + 6, 6);
	p->has_mac = 1;
	p->l3_len = tot;
	p->tos = ip[1];
	p->proto = ip[9];
	p->frag_off = 0;
	p->frag = 0;
	p->l3 = ip;
	p->src.af = AF_INET;
	memcpy(p->src.a, ip + 12, 4);
	p->dst.af = AF_INET;
	memcpy(p->dst.a, ip + 16, 4);
	p->sport = be16(l4);
	p->dport = be16(l4 + 2);
	p->icmp_type = 0;
	return 1;
}

/* parse a frame into a slot; 0 if there is nothing to run */
static int
sim_frame_slot(struct sim *s, int linktype, int64_t ts, const uint8_t *f,
    size_t len, int side, struct sim_slot *sl)
{
	struct pkt p;
	enum pkt_status r;

	s->st.frames++;
	if (sim_fast_parse(linktype, f, len, &p))
		r = PKT_OK;
	else
		r = pkt_parse(linktype, f, len, &p);
	if (r != PKT_OK || (p.src.af != AF_INET && p.src.af != AF_INET6)) {
		if (s->started)
			s->st.skipped++;
		return 0;
	}
	if (p.frag & PKT_FRAG) {
		struct pkt whole;

		if (!frag_add(s->frag, &p, ts, &whole))
			return 0;	/* PF holds it until complete */
		p = whole;
	}
	sim_slot_fill(s, sl, ts, &p, side >= 0 ? side : sim_side(s, &p));
	return 1;
}

int
sim_frame_side(struct sim *s, int linktype, int64_t ts, const uint8_t *f,
    size_t len, int side)
{
	struct sim_slot sl;

	if (sim_frame_slot(s, linktype, ts, f, len, side, &sl))
		sim_slot_run(s, &sl);
	return 0;
}

int
sim_frame(struct sim *s, int linktype, int64_t ts, const uint8_t *f,
    size_t len)
{
	struct sim_slot sl;

	if (sim_frame_slot(s, linktype, ts, f, len, -1, &sl))
		sim_slot_run(s, &sl);
	return 0;
}

#define SIM_AHEAD	8	/* packets parsed ahead (power of two) */

static inline void
sim_prefetch_bucket(const struct sim *s, const struct sim_slot *sl)
{
	const struct state_table *t = &s->pf.t;

	if (sl->ok)
		__builtin_prefetch(&t->buckets[sl->hash & (t->nbuckets - 1)]);
}

static inline void
sim_prefetch_node(const struct sim *s, const struct sim_slot *sl)
{
	const struct state_table *t = &s->pf.t;
	const struct pf_keynode *n;

	if (sl->ok && (n = t->buckets[sl->hash & (t->nbuckets - 1)]) != NULL)
		__builtin_prefetch(n);
}

static inline uint32_t
sim_ld32(const uint8_t *q)
{
	uint32_t v;

	memcpy(&v, q, 4);
	return v;
}

/*
 * A classic pcap file read in place (mmap): the hot path of the
 * benchmark, where a read(2) and a copy per buffer through libpcap cost
 * a quarter of the time.  Returns 1 when it handled the file, 0 when the
 * file is not a classic pcap (pcapng, ...) and libpcap should read it,
 * -1 on a damaged file.
 */
static int
sim_run_mapped(struct sim *s, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	const uint8_t *m, *p, *end;
	uint32_t magic, lt, incl;
	int fd, swap, nano;
	int64_t ts;
	struct sim_slot ring[SIM_AHEAD];
	unsigned int head = 0, tail = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) || sb.st_size < 24) {
		close(fd);
		return 0;
	}
	m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 0;
	memcpy(&magic, m, 4);
	swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!swap && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		munmap((void *)m, (size_t)sb.st_size);
		return 0;
	}
#define SIM_U32(q) (swap ? __builtin_bswap32(sim_ld32(q)) : sim_ld32(q))
	lt = SIM_U32(m + 20) & 0x03ffffff;
	if (!pkt_linktype_ok((int)lt)) {
		munmap((void *)m, (size_t)sb.st_size);
		return 0;	/* let libpcap map it or say why */
	}
	(void)madvise((void *)m, (size_t)sb.st_size, MADV_SEQUENTIAL);
	end = m + sb.st_size;
	for (p = m + 24; p < end; p += 16 + incl) {
		if (end - p < 16) {
			snprintf(err, errlen, "%s: truncated dump file", path);
			munmap((void *)m, (size_t)sb.st_size);
			return -1;
		}
		incl = SIM_U32(p + 8);
		if ((uint64_t)(end - p - 16) < incl) {
			snprintf(err, errlen, "%s: truncated dump file", path);
			munmap((void *)m, (size_t)sb.st_size);
			return -1;
		}
		ts = (int64_t)SIM_U32(p) * 1000000 +
		    (nano ? SIM_U32(p + 4) / 1000 : SIM_U32(p + 4));
		/*
		 * A short pipeline: parse and hash SIM_AHEAD packets ahead
		 * and prefetch their hash buckets, half-way prefetch the
		 * key lines the buckets point to, then run the oldest.
		 * Only the order of memory loads changes.
		 */
		if (sim_frame_slot(s, (int)lt, ts, p + 16, incl, -1,
		    &ring[head % SIM_AHEAD])) {
			sim_prefetch_bucket(s, &ring[head % SIM_AHEAD]);
			head++;
			if (head - tail > SIM_AHEAD / 2)
				sim_prefetch_node(s,
				    &ring[(head - SIM_AHEAD / 2) % SIM_AHEAD]);
			if (head - tail == SIM_AHEAD)
				sim_slot_run(s, &ring[tail++ % SIM_AHEAD]);
		}
	}
	while (tail < head)
		sim_slot_run(s, &ring[tail++ % SIM_AHEAD]);
#undef SIM_U32
	munmap((void *)m, (size_t)sb.st_size);
	return 1;
}

int
sim_run_pcap(struct sim *s, const char *path, char *err, size_t errlen)
{
	char eb[PCAPIO_ERRBUF_SIZE];
	struct pcapio_r *r;
	struct pcapio_frame f;
	int rc;

	if ((rc = sim_run_mapped(s, path, err, errlen)) != 0)
		return rc == 1 ? 0 : -1;
	if ((r = pcapio_open(path, eb)) == NULL) {
		snprintf(err, errlen, "%s", eb);
		return -1;
	}
	if (!pkt_linktype_ok(pcapio_linktype(r))) {
		snprintf(err, errlen, "%s: link type %d not supported", path,
		    pcapio_linktype(r));
		pcapio_close(r);
		return -1;
	}
	while ((rc = pcapio_next(r, &f)) == 1)
		sim_frame(s, f.linktype, f.ts_us, f.data, f.caplen);
	if (rc == -1) {
		snprintf(err, errlen, "%s: %s", path, pcapio_geterr(r));
		pcapio_close(r);
		return -1;
	}
	pcapio_close(r);
	return 0;
}

static int
sim_busy(const struct sim *s)
{
	int i;

	if (s->pf.t.nlinked > 0)
		return 1;
	for (i = 0; i < s->nsc; i++)
		if (pflow_pending(&s->sc[i]))
			return 1;
	return 0;
}

static void
sim_fill_stats(struct sim *s)
{
	s->st.states = s->pf.stats.created;
	s->st.removed = s->pf.stats.removed;
	s->st.reuse = s->pf.stats.reuse;
	s->st.limited = s->pf.stats.limit;
	s->st.fault_dropped = s->fr.dropped;
	s->st.fault_duplicated = s->fr.duplicated;
	s->st.fault_reordered = s->fr.reordered;
	s->st.purge_scanned = s->pf.purge.scanned;
}

void
sim_finish(struct sim *s)
{
	if (s->finished)
		return;
	s->finished = 1;
	if (s->started) {
		if (s->o.gw.flush_at_end) {
			s->st.flushed = s->pf.stats.removed;
			pf_clear_states(&s->pf);
			s->st.flushed = s->pf.stats.removed - s->st.flushed;
		}
		while (sim_busy(s) && sim_step(s, INT64_MAX))
			;
		fault_finish(&s->fr, s->now_us, sim_fault_out, s);
		s->st.end_us = s->now_us;
	}
	sim_fill_stats(s);
}

/* --- live mode: the caller owns the (real) clock --- */

void
sim_begin(struct sim *s, int64_t now)
{
	if (!s->started)
		sim_start(s, now);
}

void
sim_advance(struct sim *s, int64_t now)
{
	if (!s->started)
		sim_start(s, now);
	while (sim_step(s, now))
		;
	if (now > s->now_us)
		sim_set_now(s, now);
}

int64_t
sim_next_event_us(struct sim *s)
{
	int64_t t, x;

	if (!s->started)
		return INT64_MAX;
	t = s->next_tick_us;
	if ((x = sim_next_timer(s)) < t)
		t = x;
	if ((x = sim_next_fault(s)) < t)
		t = x;
	return t;
}

/*
 * pfctl -F states, then every pflow interface sends what it holds (as
 * when it is destroyed), now rather than at its flush timeout.
 */
void
sim_shutdown(struct sim *s)
{
	int i;

	if (s->finished)
		return;
	s->finished = 1;
	if (s->started) {
		s->st.flushed = s->pf.stats.removed;
		pf_clear_states(&s->pf);
		s->st.flushed = s->pf.stats.removed - s->st.flushed;
		for (i = 0; i < s->nsc; i++)
			pflow_flush(&s->env, &s->sc[i]);
		s->tt_valid = 0;
		fault_finish(&s->fr, s->now_us, sim_fault_out, s);
		s->st.end_us = s->now_us;
	}
	sim_fill_stats(s);
}
