/* mapwait.c — launch a GUI program and time until its top-level window is mapped.
 *
 *   mapwait [--class=SUBSTR] [--timeout=S] [--report=PATH] [--min-size=PX] -- CMD ARGS...
 *
 * Opens $DISPLAY, selects SubstructureNotify on the root window, then forks
 * and execs CMD (time zero is just before fork).  The first MapNotify of a
 * top-level window at least --min-size (default 100) pixels wide and high
 * whose WM_CLASS contains SUBSTR (case-insensitive), or whose _NET_WM_PID is
 * the child's pid, stops the clock.  With --report=PATH it then waits (within
 * the same timeout, at most 5 s after the map) until PATH has a
 * "first_frame_ms" line (the TA_BENCH_REPORT contract; -1 if it never comes).  Then it sends SIGTERM to the child, waits up to
 * 5 s, and SIGKILLs it if needed.
 *
 * Prints one line:  MAPPED mapped_ms=X [first_frame_ms=Y] status=ok|timeout|exited
 * Exit status 0 ok, 3 timeout / child exited first, 2 usage or no display.
 * xdotool search --sync polls every 0.5 s, too coarse for start-up times;
 * this waits for the X event itself.
 */
#define _GNU_SOURCE
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int xerr(Display *d, XErrorEvent *e) { (void)d; (void)e; return 0; }

static int window_matches(Display *d, Window w, const char *cls, pid_t pid, int min_size)
{
	XWindowAttributes wa;
	if (!XGetWindowAttributes(d, w, &wa) || wa.width < min_size || wa.height < min_size)
		return 0;
	if (wa.override_redirect)
		return 0;
	Atom pid_atom = XInternAtom(d, "_NET_WM_PID", True);
	if (pid_atom != None) {
		Atom type;
		int fmt;
		unsigned long n, after;
		unsigned char *prop = NULL;
		if (XGetWindowProperty(d, w, pid_atom, 0, 1, False, XA_CARDINAL, &type, &fmt, &n, &after, &prop) == Success && prop) {
			int match = n == 1 && (pid_t) * (unsigned long *)prop == pid;
			XFree(prop);
			if (match)
				return 1;
		}
	}
	if (cls && *cls) {
		XClassHint ch;
		if (XGetClassHint(d, w, &ch)) {
			int match = (ch.res_name && strcasestr(ch.res_name, cls)) || (ch.res_class && strcasestr(ch.res_class, cls));
			if (ch.res_name) XFree(ch.res_name);
			if (ch.res_class) XFree(ch.res_class);
			return match;
		}
	}
	return 0;
}

static double read_first_frame(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[256];
	double v = -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "first_frame_ms ", 15) && atof(line + 15) > 0)
			v = atof(line + 15); /* 0 = written before the first frame */
	fclose(f);
	return v;
}

static void stop_child(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, WNOHANG) == pid)
		return;
	kill(pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
	const char *cls = NULL, *report = NULL;
	double timeout_s = 30;
	int min_size = 100, i;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) { i++; break; }
		if (!strncmp(argv[i], "--class=", 8)) cls = argv[i] + 8;
		else if (!strncmp(argv[i], "--timeout=", 10)) timeout_s = atof(argv[i] + 10);
		else if (!strncmp(argv[i], "--report=", 9)) report = argv[i] + 9;
		else if (!strncmp(argv[i], "--min-size=", 11)) min_size = atoi(argv[i] + 11);
		else break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mapwait [--class=S] [--timeout=S] [--report=PATH] [--min-size=PX] -- CMD ARGS...\n");
		return 2;
	}
	Display *d = XOpenDisplay(NULL);
	if (!d) {
		fprintf(stderr, "mapwait: cannot open display\n");
		return 2;
	}
	XSetErrorHandler(xerr);
	Window root = DefaultRootWindow(d);
	XSelectInput(d, root, SubstructureNotifyMask);
	XSync(d, False);

	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		close(ConnectionNumber(d));
		execvp(argv[i], argv + i);
		perror("mapwait: exec");
		_exit(127);
	}
	double deadline = t0 + timeout_s * 1000, mapped = -1, ff = -1;
	const char *status = "timeout";
	while (now_ms() < deadline) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			status = "exited";
			pid = 0;
			break;
		}
		while (mapped < 0 && XPending(d)) {
			XEvent ev;
			XNextEvent(d, &ev);
			if (ev.type == MapNotify && window_matches(d, ev.xmap.window, cls, pid, min_size)) {
				mapped = now_ms() - t0;
				char *name = NULL;
				if (XFetchName(d, ev.xmap.window, &name) && name) {
					fprintf(stderr, "mapwait: window 0x%lx \"%s\"\n", ev.xmap.window, name);
					XFree(name);
				}
			}
		}
		if (mapped >= 0) {
			if (!report) { status = "ok"; break; }
			ff = read_first_frame(report);
			if (ff >= 0) { status = "ok"; break; }
			if (now_ms() - t0 > mapped + 5000) { status = "ok"; break; } /* no report: still a map time */
			usleep(5000);
			continue;
		}
		struct pollfd pfd = { .fd = ConnectionNumber(d), .events = POLLIN };
		poll(&pfd, 1, 5);
	}
	if (pid > 0)
		stop_child(pid);
	printf("MAPPED mapped_ms=%.1f", mapped);
	if (report)
		printf(" first_frame_ms=%.1f", ff);
	printf(" status=%s\n", status);
	XCloseDisplay(d);
	return strcmp(status, "ok") ? 3 : 0;
}
