# helpers/conn_probe.py: probes of the server's connection budget for
# slow_clients.sh. Each prints one line of figures.
#   idle HOST PORT ADDRS PER_ADDR: PER_ADDR silent connections from each of
#     127.0.1.1 .. 127.0.1.ADDRS; prints how many, how many the server closed
#     within 3 s of the last one's opening, and the seconds from then until it
#     closed the last of them (or "open" after 15 s)
#   cap HOST PORT SRC N: N silent connections from SRC; after 0.5 s prints
#     how many are still open and how many the server closed
#   deadline HOST PORT SRC: one connection from SRC sending a request's
#     headers one byte a second; prints the seconds until the server closed it
import select, socket, sys, time

mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])


def conn(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.connect((host, port))
    s.setblocking(False)
    return s


def closed(s):
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


if mode == "idle":
    socks = [conn("127.0.1.%d" % a) for a in range(1, int(sys.argv[4]) + 1) for _ in range(int(sys.argv[5]))]
    t0 = time.monotonic()
    open_ = set(socks)
    early = None
    while open_ and time.monotonic() - t0 < 15:
        if early is None and time.monotonic() - t0 >= 3:
            early = len(socks) - len(open_)
        r, _, _ = select.select(list(open_), [], [], 0.1)
        for s in r:
            if closed(s):
                open_.discard(s)
    if early is None:
        early = len(socks)
    print("%d connections, %d closed within 3 s, %s" % (len(socks), early,
          "some open after 15 s" if open_ else "the last after %d s" % int(time.monotonic() - t0)))
elif mode == "cap":
    socks = [conn(sys.argv[4]) for _ in range(int(sys.argv[5]))]
    time.sleep(0.5)
    shut = sum(1 for s in socks if closed(s))
    print("%d open, %d closed" % (len(socks) - shut, shut))
elif mode == "deadline":
    s = conn(sys.argv[4])
    t0 = time.monotonic()
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    i = 0
    while time.monotonic() - t0 < 20:
        try:
            s.send(head[i:i + 1])
        except OSError:
            break
        i += 1
        r, _, _ = select.select([s], [], [], 1.0)
        if r and closed(s):
            break
    print("closed after %d s" % int(time.monotonic() - t0))
