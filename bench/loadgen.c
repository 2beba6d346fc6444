/* loadgen.c — epoll load generator for "hello" TCP servers (loopback only).
 *
 *   loadgen --mode=MODE --port=PORT [options]
 *
 * Modes
 *   pingpong  --conns=N connections; each sends --msg, waits for the 5-byte
 *             "hello", records the latency and sends again, for --duration
 *             seconds.  If the server closes a connection after a complete
 *             reply (Packet Sender does), the connection is counted in
 *             server_closes and re-opened (--no-reconnect to count it as an
 *             error instead).
 *   greet     open --conns=N connections (at most --inflight handshakes
 *             pending at once), send --msg on each and wait until every one
 *             got its "hello"; connections are kept open until all are
 *             greeted (then --hold seconds more), so --pid's RSS is sampled
 *             with all of them open.
 *   storm     connect/close storm: --conns=N workers each loop
 *             connect → send → wait hello → close, for --duration seconds.
 *   flood     --conns=N connections (default 1) send --bytes in total as
 *             fast as possible (64 KiB writes), discarding the replies; then
 *             half-close and wait (bounded) for the server to drain/close.
 *
 * Common options
 *   --host=127.0.0.1|::1   loopback only (anything else is refused)
 *   --timeout=S            hard wall-clock bound for the whole run (default 60)
 *   --idle-timeout=S       no reply progress for S seconds while replies
 *                          are owed → "server not answering" (default 5)
 *   --pid=PID              sample VmRSS of PID (max and at end)
 *   --msg=TEXT             request payload (default "ping")
 *
 * Prints exactly one summary line on stdout:
 *   RESULT mode=... conns=... secs=... rt=... rt_per_s=... p50_us=... p99_us=...
 *          errors=... server_closes=... [bytes_sent=... MBps=...] [rss_kb=... max_rss_kb=...] status=ok|timeout|noanswer|incomplete
 * Exit status: 0 ok; 1 incomplete (greet: not all greeted); 3 timeout or
 * server not answering; 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum mode { M_PINGPONG, M_GREET, M_STORM, M_FLOOD };
enum cstate { C_FREE, C_CONNECTING, C_WAIT, C_IDLE, C_FLOOD, C_DRAIN, C_DONE };

struct conn {
	int fd;
	int state;
	int tries;
	int nrt;            /* replies received on this connection */
	uint32_t rx;        /* reply bytes received not yet matched to a request */
	double t_sent;      /* when the outstanding request was sent (ms) */
	double t_start;     /* connect start (storm latency) */
	double retry_at;    /* after a failed connect: not before this time (ms) */
	unsigned long long to_send; /* flood: bytes left to send */
};

/* ---------- options ---------- */
static enum mode mode = M_PINGPONG;
static int port, nconns = 1, inflight_max = 1000, reconnect = 1;
static double duration = 5, timeout_s = 60, idle_timeout = 5, hold = 0;
static unsigned long long flood_bytes = 1ULL << 30;
static const char *host = "127.0.0.1", *msg = "ping";
static pid_t rss_pid;
static size_t msglen;

/* ---------- state ---------- */
static struct sockaddr_storage addr;
static socklen_t addrlen;
static int ep;
static struct conn *conns;
static double *lat;      /* latencies in microseconds */
static size_t nlat, caplat;
static unsigned long long rts, errors, server_closes, connects, bytes_sent, bytes_rx;
static long rss_now, rss_max;
static double last_progress;
static int pending_connects;
static int greeted;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long read_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6)) {
			kb = atol(line + 6);
			break;
		}
	fclose(f);
	return kb;
}

static void sample_rss(void)
{
	if (!rss_pid)
		return;
	long r = read_rss_kb(rss_pid);
	if (r >= 0) {
		rss_now = r;
		if (r > rss_max)
			rss_max = r;
	}
}

static void add_lat(double us)
{
	if (nlat == caplat) {
		if (caplat >= (size_t)64 << 20)
			return; /* bounded: keep the first 64 M samples */
		caplat = caplat ? caplat * 2 : 1 << 16;
		lat = realloc(lat, caplat * sizeof *lat);
		if (!lat) {
			fprintf(stderr, "loadgen: out of memory\n");
			exit(2);
		}
	}
	lat[nlat++] = us;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int parse_host(void)
{
	memset(&addr, 0, sizeof addr);
	if (strchr(host, ':')) {
		struct sockaddr_in6 *s6 = (void *)&addr;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1 || !IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
			return -1;
		addrlen = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (void *)&addr;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1 || (ntohl(s4->sin_addr.s_addr) >> 24) != 127)
			return -1;
		addrlen = sizeof *s4;
	}
	return 0;
}

static void conn_close(struct conn *c, int next_state)
{
	if (c->fd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	if (c->state == C_CONNECTING)
		pending_connects--;
	c->fd = -1;
	c->state = next_state;
	c->rx = 0;
}

static int conn_open(struct conn *c)
{
	int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		errors++;
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->fd = fd;
	c->rx = 0;
	c->nrt = 0;
	c->t_start = now_ms();
	connects++;
	int r = connect(fd, (void *)&addr, addrlen);
	if (r < 0 && errno != EINPROGRESS) {
		errors++;
		close(fd);
		c->fd = -1;
		c->state = C_FREE;
		return -1;
	}
	c->state = C_CONNECTING;
	pending_connects++;
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.ptr = c };
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	return 0;
}

static void set_events(struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static int send_req(struct conn *c)
{
	ssize_t w = send(c->fd, msg, msglen, MSG_NOSIGNAL);
	if (w != (ssize_t)msglen)
		return -1;
	c->t_sent = now_ms();
	return 0;
}

static char fbuf[65536];

static size_t flood_chunk = sizeof fbuf; /* --chunk: bytes per send() */
static size_t flood_line;                 /* --line: a '\n' every N bytes */

static void flood_write(struct conn *c)
{
	while (c->to_send > 0) {
		size_t n = c->to_send < flood_chunk ? c->to_send : flood_chunk;
		ssize_t w = send(c->fd, fbuf, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			errors++;
			conn_close(c, C_DONE);
			return;
		}
		c->to_send -= (unsigned long long)w;
		bytes_sent += (unsigned long long)w;
		last_progress = now_ms();
	}
	shutdown(c->fd, SHUT_WR);
	c->state = C_DRAIN;
	set_events(c, EPOLLIN);
}

static void usage(const char *a0)
{
	fprintf(stderr,
	        "usage: %s --mode=pingpong|greet|storm|flood --port=PORT [--host=127.0.0.1|::1]\n"
	        "  [--conns=N] [--duration=S] [--bytes=N] [--chunk=N] [--inflight=N] [--hold=S]\n"
	        "  [--timeout=S] [--idle-timeout=S] [--pid=PID] [--msg=TEXT] [--no-reconnect]\n",
	        a0);
	exit(2);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
#define OPT(name) (!strncmp(a, name "=", sizeof(name)) ? (a + sizeof(name)) : NULL)
		char *v;
		if ((v = OPT("--mode"))) {
			if (!strcmp(v, "pingpong")) mode = M_PINGPONG;
			else if (!strcmp(v, "greet")) mode = M_GREET;
			else if (!strcmp(v, "storm")) mode = M_STORM;
			else if (!strcmp(v, "flood")) mode = M_FLOOD;
			else usage(argv[0]);
		} else if ((v = OPT("--port"))) port = atoi(v);
		else if ((v = OPT("--host"))) host = v;
		else if ((v = OPT("--conns"))) nconns = atoi(v);
		else if ((v = OPT("--duration"))) duration = atof(v);
		else if ((v = OPT("--bytes"))) flood_bytes = strtoull(v, NULL, 0);
		else if ((v = OPT("--chunk"))) {
			flood_chunk = strtoul(v, NULL, 0);
			if (flood_chunk == 0 || flood_chunk > sizeof fbuf) flood_chunk = sizeof fbuf;
		}
		else if ((v = OPT("--inflight"))) inflight_max = atoi(v);
		else if ((v = OPT("--hold"))) hold = atof(v);
		else if ((v = OPT("--timeout"))) timeout_s = atof(v);
		else if ((v = OPT("--idle-timeout"))) idle_timeout = atof(v);
		else if ((v = OPT("--pid"))) rss_pid = (pid_t)atoi(v);
		else if ((v = OPT("--msg"))) msg = v;
		else if ((v = OPT("--line"))) flood_line = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--no-reconnect")) reconnect = 0;
		else usage(argv[0]);
#undef OPT
	}
	msglen = strlen(msg);
	if (port <= 0 || port > 65535 || nconns < 1 || nconns > 200000 || msglen == 0 || timeout_s <= 0)
		usage(argv[0]);
	if (parse_host() < 0) {
		fprintf(stderr, "loadgen: refusing non-loopback host '%s' (only 127.0.0.0/8 or ::1)\n", host);
		return 2;
	}
	if (inflight_max < 1)
		inflight_max = 1;

	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < (rlim_t)nconns + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur < (rlim_t)nconns + 64) {
			fprintf(stderr, "loadgen: RLIMIT_NOFILE %llu too low for %d connections (raise ulimit -n)\n",
			        (unsigned long long)rl.rlim_cur, nconns);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	memset(fbuf, 'x', sizeof fbuf);
	/* --line=N: the flood is lines of N bytes, "xxx…x\n" (N divides 65536 to stay aligned) */
	if (flood_line > 0)
		for (size_t i = flood_line - 1; i < sizeof fbuf; i += flood_line)
			fbuf[i] = '\n';

	ep = epoll_create1(EPOLL_CLOEXEC);
	conns = calloc((size_t)nconns, sizeof *conns);
	for (int i = 0; i < nconns; i++) {
		conns[i].fd = -1;
		conns[i].state = C_FREE;
	}

	unsigned long long per_conn = flood_bytes / (unsigned long long)nconns;
	double t0 = now_ms();
	double hard_end = t0 + timeout_s * 1000;
	double run_end = t0 + duration * 1000;
	double t_all_greeted = -1, t_flood_sent = -1, t_flood_end = -1;
	const char *status = "ok";
	int next_to_open = 0; /* greet: next slot never opened */
	last_progress = t0;
	double last_rss = 0;

	struct epoll_event evs[1024];
	for (;;) {
		double t = now_ms();
		if (t > hard_end) {
			status = "timeout";
			break;
		}
		if (t - last_rss > 100) {
			sample_rss();
			last_rss = t;
		}

		/* ---- launch / relaunch connections ---- */
		int running = (mode == M_PINGPONG || mode == M_STORM) && t < run_end;
		if (mode == M_GREET) {
			while (next_to_open < nconns && pending_connects < inflight_max) {
				struct conn *c = &conns[next_to_open++];
				c->tries = 1;
				conn_open(c);
			}
		} else if (running || (mode == M_FLOOD && t_flood_sent < 0)) {
			for (int i = 0; i < nconns; i++) {
				struct conn *c = &conns[i];
				if (c->state != C_FREE)
					continue;
				if (mode == M_FLOOD) {
					if (c->tries++ == 0) {
						c->to_send = per_conn + (i == 0 ? flood_bytes % (unsigned long long)nconns : 0);
						conn_open(c);
					}
					continue;
				}
				if (pending_connects >= inflight_max)
					break;
				if (c->retry_at > t)
					continue;
				conn_open(c);
			}
		}

		/* ---- termination checks ---- */
		int active = 0, owed = 0;
		for (int i = 0; i < nconns; i++) {
			int s = conns[i].state;
			if (s != C_FREE && s != C_DONE && s != C_IDLE)
				active++;
			if (s == C_WAIT || s == C_CONNECTING || s == C_DRAIN)
				owed++;
		}
		if (mode == M_GREET) {
			if (greeted >= nconns && t_all_greeted < 0)
				t_all_greeted = t;
			if (t_all_greeted < 0 && next_to_open >= nconns && active == 0)
				break; /* everything settled, some failed */
			if (t_all_greeted >= 0) {
				sample_rss();
				if (t >= t_all_greeted + hold * 1000)
					break;
			}
		} else if (mode == M_FLOOD) {
			if (t_flood_sent < 0 && bytes_sent >= flood_bytes)
				t_flood_sent = t;
			if (active == 0) {
				t_flood_end = t;
				break;
			}
		} else if (t >= run_end && active == 0) {
			break;
		} else if (t >= run_end + 2000) {
			break; /* replies still owed 2 s after the end: stop counting */
		}
		if (owed && t - last_progress > idle_timeout * 1000) {
			/* flood: a server that drained everything but never closes is fine */
			if (mode == M_FLOOD && bytes_sent >= flood_bytes) {
				t_flood_end = last_progress;
				break;
			}
			status = "noanswer";
			break;
		}

		int timeout = 10;
		int n = epoll_wait(ep, evs, 1024, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_wait");
			break;
		}
		t = now_ms();
		for (int k = 0; k < n; k++) {
			struct conn *c = evs[k].data.ptr;
			uint32_t e = evs[k].events;
			if (c->fd < 0)
				continue;
			if (c->state == C_CONNECTING) {
				if (!(e & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
					continue;
				int err = 0;
				socklen_t el = sizeof err;
				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
				if (err || (e & (EPOLLERR | EPOLLHUP))) {
					errors++;
					conn_close(c, C_FREE);
					c->retry_at = t + 10; /* back off: no tight reconnect loop */
					if (mode == M_GREET && c->tries < 3) {
						c->tries++;
						conn_open(c);
					} else if (mode == M_GREET || mode == M_FLOOD) {
						c->state = C_DONE;
					}
					continue;
				}
				pending_connects--;
				last_progress = t;
				if (mode == M_FLOOD) {
					c->state = C_FLOOD;
					set_events(c, EPOLLIN | EPOLLOUT);
					flood_write(c);
					continue;
				}
				if (send_req(c) < 0) {
					errors++;
					pending_connects++; /* conn_close decrements for C_CONNECTING */
					conn_close(c, mode == M_GREET ? C_DONE : C_FREE);
					continue;
				}
				c->state = C_WAIT;
				set_events(c, EPOLLIN);
				continue;
			}
			if (c->state == C_FLOOD && (e & EPOLLOUT))
				flood_write(c);
			if (c->fd < 0 || !(e & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				continue;
			/* read replies */
			char rb[65536];
			int eof = 0;
			for (int loops = 0; loops < 64; loops++) {
				ssize_t r = recv(c->fd, rb, sizeof rb, 0);
				if (r > 0) {
					bytes_rx += (unsigned long long)r;
					c->rx += (uint32_t)r;
					last_progress = t;
					if ((size_t)r < sizeof rb)
						break;
					continue;
				}
				if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
					eof = 1;
				break;
			}
			if (c->state == C_FLOOD || c->state == C_DRAIN) {
				c->rx = 0;
				if (eof) {
					if (c->state == C_FLOOD && c->to_send > 0)
						errors++;
					conn_close(c, C_DONE);
				}
				continue;
			}
			if (c->state == C_WAIT && c->rx >= 5) {
				c->rx -= 5;
				c->nrt++;
				rts++;
				add_lat((t - c->t_sent) * 1000.0);
				if (mode == M_GREET) {
					greeted++;
					c->state = C_IDLE;
				} else if (mode == M_STORM) {
					conn_close(c, C_FREE);
					continue;
				} else if (t < run_end) {
					if (send_req(c) < 0) {
						errors++;
						conn_close(c, C_FREE);
						continue;
					}
				} else {
					conn_close(c, C_DONE);
					continue;
				}
			}
			if (eof) {
				if (c->state == C_WAIT && c->nrt == 0)
					errors++;        /* closed before answering at all */
				else
					server_closes++; /* closed after at least one reply */
				if (mode == M_GREET)
					conn_close(c, C_DONE);
				else if (mode == M_PINGPONG && !reconnect) {
					errors++;
					conn_close(c, C_DONE);
				} else
					conn_close(c, C_FREE);
			}
		}
	}

	double t_end = now_ms();
	sample_rss();
	double secs;
	if (mode == M_GREET)
		secs = ((t_all_greeted >= 0 ? t_all_greeted : t_end) - t0) / 1000.0;
	else if (mode == M_FLOOD)
		secs = ((t_flood_end >= 0 ? t_flood_end : t_end) - t0) / 1000.0;
	else
		secs = (t_end < run_end ? t_end - t0 : duration * 1000) / 1000.0;
	if (secs <= 0)
		secs = 1e-9;

	if (!strcmp(status, "ok")) {
		if (mode == M_GREET && greeted < nconns)
			status = "incomplete";
		if (mode == M_FLOOD && bytes_sent < flood_bytes)
			status = "incomplete";
		if ((mode == M_PINGPONG || mode == M_STORM) && rts == 0)
			status = "noanswer";
	}

	double p50 = 0, p99 = 0, pmax = 0;
	if (nlat) {
		qsort(lat, nlat, sizeof *lat, cmp_d);
		p50 = lat[(size_t)(nlat * 0.50)];
		p99 = lat[(size_t)(nlat * 0.99) < nlat ? (size_t)(nlat * 0.99) : nlat - 1];
		pmax = lat[nlat - 1];
	}
	static const char *mname[] = { "pingpong", "greet", "storm", "flood" };
	printf("RESULT mode=%s conns=%d secs=%.3f rt=%llu rt_per_s=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f "
	       "errors=%llu server_closes=%llu connects=%llu",
	       mname[mode], nconns, secs, rts, rts / secs, p50, p99, pmax, errors, server_closes, connects);
	if (mode == M_GREET)
		printf(" greeted=%d", greeted);
	if (mode == M_FLOOD)
		printf(" bytes_sent=%llu MBps=%.1f reply_bytes=%llu", bytes_sent, bytes_sent / secs / 1e6, bytes_rx);
	if (rss_pid)
		printf(" rss_kb=%ld max_rss_kb=%ld", rss_now, rss_max);
	printf(" status=%s\n", status);
	fflush(stdout);

	if (!strcmp(status, "timeout") || !strcmp(status, "noanswer")) {
		fprintf(stderr, "loadgen: %s: server at %s port %d did not answer in time (%s)\n",
		        mname[mode], host, port, status);
		return 3;
	}
	return strcmp(status, "ok") ? 1 : 0;
}
