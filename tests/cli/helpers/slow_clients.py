# helpers/slow_clients.py: a slow-client attack for slow_clients.sh and the
# benchmark (bench/web.sh). Keeps N connections open to HOST:PORT from the
# source address SRC, each sending a request's headers one byte every
# INTERVAL seconds (never finishing them), for SECONDS; a connection the
# server closes is opened again at once. Prints, at the end, the
# connections opened and how many the server closed.
#   python3 slow_clients.py HOST PORT SRC N INTERVAL SECONDS
import errno, selectors, socket, sys, time

host, port, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n, interval, seconds = int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
HEAD = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000

sel = selectors.DefaultSelector()
opened = closed = 0
conns = {}  # socket -> [bytes sent, next send time]


def open_one():
    global opened
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, 0))
    s.setblocking(False)
    try:
        s.connect((host, port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        return
    opened += 1
    conns[s] = [0, time.monotonic()]
    sel.register(s, selectors.EVENT_READ)


end = time.monotonic() + seconds
while time.monotonic() < end:
    # Open what is missing, at most 200 at a time so that the loop still
    # feeds the others.
    for _ in range(min(200, n - len(conns))):
        open_one()
    now = time.monotonic()
    for s, st in list(conns.items()):
        if st[1] <= now:
            try:
                s.send(HEAD[st[0]:st[0] + 1])
                st[0] += 1
                st[1] = now + interval
            except BlockingIOError:
                st[1] = now + 0.1
            except OSError:
                sel.unregister(s)
                s.close()
                del conns[s]
                closed += 1
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except BlockingIOError:
            continue
        except OSError:
            data = b""
        if not data:  # the server closed it (or answered: never, the headers never end)
            sel.unregister(s)
            s.close()
            del conns[s]
            closed += 1
print("opened %d, closed by the server %d, open at the end %d" % (opened, closed, len(conns)))
