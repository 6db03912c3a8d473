/* The anchor of bench_relay: a minimal TCP relay as high-performance relays are usually written,
 * used only for comparison. One thread, one edge-triggered epoll set, non-blocking sockets,
 * a non-blocking connect to the target, splice() through a pipe per direction, TCP_NODELAY on
 * both sockets (as spaces::PortRelay does), half-close passed on, and a connection closed when
 * both directions are done or either fails. No error handling beyond what a benchmark needs.
 *
 *   reference_relay LISTEN_PORT TARGET_PORT     (both on 127.0.0.1)
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
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct direction
{
    int from, to, pipe_r, pipe_w;
    size_t in_pipe;
    int eof, done;
};

struct conn
{
    int client, target, connecting, closed;
    struct direction up, down;
};

struct side
{
    struct conn *conn;
    int is_target;
};

static int epfd;
static struct sockaddr_in target_addr;

/* 0 waiting, 1 done, -1 failed */
static int pump(struct direction *d)
{
    if (d->done) {
        return 1;
    }
    for (;;) {
        while (d->in_pipe > 0) {
            ssize_t n =
                splice(d->pipe_r, NULL, d->to, NULL, d->in_pipe, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (n > 0) {
                d->in_pipe -= (size_t)n;
            } else if (n < 0 && errno == EAGAIN) {
                return 0;
            } else if (!(n < 0 && errno == EINTR)) {
                return -1;
            }
        }
        if (d->eof) {
            shutdown(d->to, SHUT_WR);
            d->done = 1;
            return 1;
        }
        ssize_t n =
            splice(d->from, NULL, d->pipe_w, NULL, 1 << 20, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n > 0) {
            d->in_pipe = (size_t)n;
        } else if (n == 0) {
            d->eof = 1;
        } else if (errno == EAGAIN) {
            return 0;
        } else if (errno != EINTR) {
            return -1;
        }
    }
}

static void close_conn(struct conn *c)
{
    if (c->closed) {
        return;
    }
    c->closed = 1;
    close(c->client);
    close(c->target);
    close(c->up.pipe_r);
    close(c->up.pipe_w);
    close(c->down.pipe_r);
    close(c->down.pipe_w);
}

static void pump_both(struct conn *c)
{
    int a = pump(&c->up);
    int b = a < 0 ? -1 : pump(&c->down);
    if (a < 0 || b < 0 || (c->up.done && c->down.done)) {
        close_conn(c);
    }
}

static void nodelay(int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

static void start_conn(int client)
{
    int target = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int r = connect(target, (struct sockaddr *)&target_addr, sizeof target_addr);
    if (r != 0 && errno != EINPROGRESS) {
        close(target);
        close(client);
        return;
    }
    struct conn *c = calloc(1, sizeof *c);
    struct side *sides = calloc(2, sizeof *sides);
    int up[2], down[2];
    pipe2(up, O_NONBLOCK | O_CLOEXEC);
    pipe2(down, O_NONBLOCK | O_CLOEXEC);
    c->client = client;
    c->target = target;
    c->connecting = r != 0;
    c->up = (struct direction){client, target, up[0], up[1], 0, 0, 0};
    c->down = (struct direction){target, client, down[0], down[1], 0, 0, 0};
    sides[0] = (struct side){c, 0};
    sides[1] = (struct side){c, 1};
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET};
    ev.data.ptr = &sides[0];
    epoll_ctl(epfd, EPOLL_CTL_ADD, client, &ev);
    ev.data.ptr = &sides[1];
    epoll_ctl(epfd, EPOLL_CTL_ADD, target, &ev);
    if (!c->connecting) {
        nodelay(client);
        nodelay(target);
    }
    /* Memory of closed connections is deliberately leaked: this is a short-lived benchmark
     * process, and freeing it safely would need the deferred deletion the real relay has. */
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LISTEN_PORT TARGET_PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive the benchmark */
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    target_addr = addr;
    target_addr.sin_port = htons(atoi(argv[2]));
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(listener, SOMAXCONN) != 0) {
        perror("reference_relay: listen");
        return 1;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.ptr = NULL};
    epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(epfd, events, 256, -1);
        for (int i = 0; i < n; ++i) {
            struct side *s = events[i].data.ptr;
            if (!s) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >=
                       0) {
                    start_conn(client);
                }
                continue;
            }
            struct conn *c = s->conn;
            if (c->closed) {
                continue;
            }
            if (c->connecting) {
                if (!s->is_target) {
                    continue;
                }
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->target, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err) {
                    close_conn(c);
                    continue;
                }
                c->connecting = 0;
                nodelay(c->client);
                nodelay(c->target);
                pump_both(c);
                continue;
            }
            /* The same routing as spaces::PortRelay: readable feeds the direction reading this
             * socket, writable the one writing to it. */
            uint32_t e = events[i].events;
            int ok = 1;
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                ok = pump(s->is_target ? &c->down : &c->up) >= 0;
            }
            if (ok && (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
                ok = pump(s->is_target ? &c->up : &c->down) >= 0;
            }
            if (!ok || (c->up.done && c->down.done)) {
                close_conn(c);
            }
        }
    }
}
