/* refserver.c — minimal single-threaded epoll TCP "hello" server.
 *
 * The practical limit the app is compared against: it replies the five
 * bytes "hello" to every chunk read() returns, exactly like TCP Assistant's
 * server, and does nothing else (no logging, no UI).
 *
 *   refserver --port=PORT [--bind=127.0.0.1|::1] [--max-seconds=S]
 *
 * Loopback only: --bind accepts only 127.0.0.0/8 or ::1.
 * Honours TA_BENCH_REPORT like the app: writes "bytes_received N",
 * "max_stall_ms X" (worst epoll-loop gap over 10 ms) about once a second
 * and at exit.  SIGTERM/SIGINT exit cleanly.  --max-seconds (default 900)
 * bounds its lifetime so a forgotten server cannot linger.
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXEV 512

static volatile sig_atomic_t stop_flag;
static void on_sig(int s) { (void)s; stop_flag = 1; }

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* per-fd count of "hello"s not yet written (socket buffer was full) */
static uint32_t *owed;
static int owed_cap;

static unsigned long long bytes_received;
static double max_stall_ms;
static const char *report_path;

static void write_report(void)
{
	if (!report_path)
		return;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", report_path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "bytes_received %llu\nmax_stall_ms %.3f\n", bytes_received, max_stall_ms);
	fclose(f);
	rename(tmp, report_path);
}

static void close_fd(int ep, int fd)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
	close(fd);
	if (fd < owed_cap)
		owed[fd] = 0;
}

/* write as many owed hellos as fit; return -1 on error */
static int flush_owed(int ep, int fd)
{
	static const char hellos[] = "hellohellohellohellohellohellohellohellohellohello"
	                             "hellohellohellohellohellohellohellohellohellohello";
	while (owed[fd] > 0) {
		uint32_t n = owed[fd] > 20 ? 20 : owed[fd];
		ssize_t w = send(fd, hellos, n * 5, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		/* partial writes of a hello: keep it simple, count whole hellos
		 * and resend the remainder bytes next time */
		if (w % 5) {
			/* extremely rare on loopback; send the tail blocking-ish */
			ssize_t rest = 5 - (w % 5);
			const char *tail = "hello" + (w % 5);
			while (rest > 0) {
				ssize_t r = send(fd, tail, rest, MSG_NOSIGNAL);
				if (r < 0 && errno != EAGAIN)
					return -1;
				if (r > 0) { tail += r; rest -= r; }
			}
			w += 5 - (w % 5);
		}
		owed[fd] -= (uint32_t)(w / 5);
	}
	struct epoll_event ev = { .events = EPOLLIN | (owed[fd] ? EPOLLOUT : 0), .data.fd = fd };
	epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
	return 0;
}

int main(int argc, char **argv)
{
	int port = 0;
	const char *bind_addr = "127.0.0.1";
	double max_seconds = 900;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--port=", 7))
			port = atoi(argv[i] + 7);
		else if (!strncmp(argv[i], "--bind=", 7))
			bind_addr = argv[i] + 7;
		else if (!strncmp(argv[i], "--max-seconds=", 14))
			max_seconds = atof(argv[i] + 14);
		else {
			fprintf(stderr, "usage: %s --port=PORT [--bind=127.0.0.1|::1] [--max-seconds=S]\n", argv[0]);
			return 2;
		}
	}
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "refserver: --port required\n");
		return 2;
	}
	report_path = getenv("TA_BENCH_REPORT");

	struct sockaddr_storage ss = { 0 };
	socklen_t sl;
	int fam;
	if (strchr(bind_addr, ':')) {
		struct sockaddr_in6 *s6 = (void *)&ss;
		fam = AF_INET6;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, bind_addr, &s6->sin6_addr) != 1 || !IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr)) {
			fprintf(stderr, "refserver: only ::1 allowed\n");
			return 2;
		}
		sl = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (void *)&ss;
		fam = AF_INET;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, bind_addr, &s4->sin_addr) != 1 || (ntohl(s4->sin_addr.s_addr) >> 24) != 127) {
			fprintf(stderr, "refserver: only 127.0.0.0/8 allowed\n");
			return 2;
		}
		sl = sizeof *s4;
	}

	int lfd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (void *)&ss, sl) < 0 || listen(lfd, 4096) < 0) {
		perror("refserver: bind/listen");
		return 1;
	}

	struct sigaction sa = { .sa_handler = on_sig };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	owed_cap = 1 << 20;
	owed = calloc(owed_cap, sizeof *owed);

	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);

	static char buf[65536];
	struct epoll_event evs[MAXEV];
	double start = now_ms(), last, last_report = start;
	write_report();

	while (!stop_flag) {
		/* The 10 ms tick feeds the stall probe of the report; without
		 * a report (the idle wake-ups scenario) wake once a second. */
		int n = epoll_wait(ep, evs, MAXEV, report_path ? 10 : 1000);
		double t = now_ms();
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_wait");
			break;
		}
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == lfd) {
				for (int k = 0; k < 256; k++) {
					int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
					if (c < 0)
						break; /* EAGAIN or EMFILE: retry on next wakeup */
					if (c >= owed_cap) {
						close(c);
						continue;
					}
					setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
					struct epoll_event cev = { .events = EPOLLIN, .data.fd = c };
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
				}
				continue;
			}
			if (evs[i].events & EPOLLOUT) {
				if (flush_owed(ep, fd) < 0) {
					close_fd(ep, fd);
					continue;
				}
			}
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				int closed = 0;
				for (int k = 0; k < 16; k++) { /* bounded per wakeup for fairness */
					ssize_t r = recv(fd, buf, sizeof buf, 0);
					if (r > 0) {
						bytes_received += (unsigned long long)r;
						owed[fd]++;
						continue;
					}
					if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
						closed = 1;
					break;
				}
				if (closed) {
					close_fd(ep, fd);
					continue;
				}
				if (owed[fd] && flush_owed(ep, fd) < 0)
					close_fd(ep, fd);
			}
		}
		last = now_ms();
		if (last - t > max_stall_ms)
			max_stall_ms = last - t; /* time one loop iteration kept the loop busy */
		if (last - last_report > 1000) {
			write_report();
			last_report = last;
			if (last - start > max_seconds * 1000) {
				fprintf(stderr, "refserver: --max-seconds reached, exiting\n");
				break;
			}
		}
	}
	write_report();
	return 0;
}
