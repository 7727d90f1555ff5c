"""python_acceptance.py: exercises the parts of CPython that lean hardest on the OS (threads, fork,
exec, signals, sockets, pipes, polling, multiprocessing) and prints only deterministic results, so that
tests/real/python3.sh can run it under crossrun with Debian's riscv64 python3 and with the host's python3
and compare the two outputs line for line.

Rules that keep the output comparable: print values that do not depend on the machine, the Python
version, timing or pids (booleans, sums, sorted lists, hashes); the one machine-dependent line starts
with "machine:" and the test checks it separately. Every section runs even when an earlier one failed,
printing "SECTION: ERROR ..." instead of its result, so a mismatch names what broke. Nothing may hang:
blocking calls have timeouts and faulthandler dumps every thread's stack and exits if the whole script
takes too long.
"""
import faulthandler
import os
import sys

# Must work with Python 3.11 (the host's) and 3.13 (Debian stable's riscv64 python3).
faulthandler.dump_traceback_later(int(os.environ.get("PY_ACCEPT_TIMEOUT", "100")), exit=True)

import hashlib
import json
import multiprocessing
import selectors
import select
import signal
import socket
import subprocess
import tempfile
import threading
import time
import zlib

SH = "/bin/sh"  # under crossrun -L ROOT this is the root's riscv64 dash, found before the host's


def out(*args):
    print(*args, flush=True)


def section(fn):
    """Runs fn(); its lines are printed as "name: value"; an exception becomes one ERROR line."""
    name = fn.__name__.removeprefix("t_")
    try:
        for key, value in fn():
            out(f"{name}.{key}: {value}")
    except Exception as e:  # report and go on: the next sections still say what works
        out(f"{name}: ERROR {type(e).__name__}: {e}")


# --- top-level functions: multiprocessing's spawn method re-imports this file and looks them up ----------
def square(x):
    return x * x


def add_under_lock(counter, lock, n):
    for _ in range(n):
        with lock:
            counter.value += 1


def put_in_queue(q, base):
    q.put(sum(range(base, base + 100)))


def exit_with(code):
    sys.exit(code)


# --- sections --------------------------------------------------------------------------------------------
def t_threading():
    """Producers and consumers on a bounded queue built from a Lock and a Condition."""
    lock = threading.Lock()
    cond = threading.Condition(lock)
    items, cap = [], 8
    n_prod, n_cons, per_prod = 3, 4, 300
    state = {"done": 0}
    sums = [0] * n_cons
    counts = [0] * n_cons

    def producer(p):
        for i in range(per_prod):
            with cond:
                while len(items) >= cap:
                    cond.wait(timeout=5)
                items.append(p * 1000 + i)
                cond.notify_all()
        with cond:
            state["done"] += 1
            cond.notify_all()

    def consumer(c):
        while True:
            with cond:
                while not items and state["done"] < n_prod:
                    cond.wait(timeout=5)
                if not items:
                    return
                v = items.pop(0)
                cond.notify_all()
            sums[c] += v * v
            counts[c] += 1

    threads = [threading.Thread(target=producer, args=(p,)) for p in range(n_prod)]
    threads += [threading.Thread(target=consumer, args=(c,)) for c in range(n_cons)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    yield "alive_after_join", sum(t.is_alive() for t in threads)
    yield "sum_of_squares", sum(sums)
    yield "items", sum(counts)
    expect = sum((p * 1000 + i) ** 2 for p in range(n_prod) for i in range(per_prod))
    yield "sum_matches", sum(sums) == expect

    # queue.Queue with a pool of workers, a Barrier proving they all run at once, thread-local data.
    import queue
    jobs, results = queue.Queue(), queue.Queue()
    barrier = threading.Barrier(5, timeout=20)
    local = threading.local()

    def worker(w):
        local.name = f"w{w}"
        barrier.wait()
        while True:
            j = jobs.get(timeout=20)
            if j is None:
                break
            results.put((j, hashlib.sha256(str(j).encode()).hexdigest()[:8], local.name == f"w{w}"))

    ws = [threading.Thread(target=worker, args=(w,), name=f"worker-{w}") for w in range(5)]
    for t in ws:
        t.start()
    for j in range(50):
        jobs.put(j)
    for _ in ws:
        jobs.put(None)
    for t in ws:
        t.join(timeout=30)
    got = sorted(results.get_nowait() for _ in range(results.qsize()))
    yield "queue_results", len(got)
    yield "queue_digest", hashlib.sha256(repr([g[:2] for g in got]).encode()).hexdigest()[:16]
    yield "thread_local_ok", all(g[2] for g in got)
    yield "barrier_broken", barrier.broken

    # Event and a timed Condition wait that must time out.
    ev = threading.Event()
    threading.Timer(0.05, ev.set).start()
    yield "event_set", ev.wait(timeout=20)
    with cond:
        t0 = time.monotonic()
        woke = cond.wait(timeout=0.1)
        yield "cond_timeout", (woke, 0.05 < time.monotonic() - t0 < 10)


def t_subprocess():
    py = sys.executable
    yield "python_sum", subprocess.check_output([py, "-c", "print(sum(range(1000)))"], text=True).strip()
    yield "python_exit", subprocess.run([py, "-c", "import sys; sys.exit(7)"]).returncode
    yield "sh_stdout_stderr", subprocess.check_output(
        [SH, "-c", "echo $((6 * 7)); echo to-stderr >&2"], stderr=subprocess.STDOUT, text=True).split()
    yield "sh_shell_true_exit", subprocess.run("exit 3", shell=True).returncode
    p = subprocess.Popen([SH, "-c", "tr a-z A-Z; echo done"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    o, _ = p.communicate(b"hello pipes\n" * 1000, timeout=30)
    yield "communicate", (len(o), o.splitlines()[0].decode(), o.splitlines()[-1].decode(), p.returncode)
    yield "env", subprocess.check_output([SH, "-c", "echo $FOO"], env={"FOO": "bar baz"}, text=True).strip()
    with tempfile.TemporaryDirectory() as d:
        cwd = subprocess.check_output([SH, "-c", "pwd"], cwd=d, text=True).strip()
        yield "cwd", os.path.realpath(cwd) == os.path.realpath(d)
    # A child killed by a signal: returncode is -signum.
    yield "killed_self_term", subprocess.run([py, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"]).returncode
    yield "sh_kill_usr1", subprocess.run([SH, "-c", "kill -USR1 $$"]).returncode
    p = subprocess.Popen([SH, "-c", "echo ready; read x"],  # blocks: nothing is written to its stdin
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    yield "ready", p.stdout.readline().strip().decode()
    p.kill()
    p.wait(timeout=20)
    p.stdin.close()
    p.stdout.close()
    yield "killed_sigkill", p.returncode
    try:
        subprocess.run([py, "-c", "import time; time.sleep(60)"], timeout=0.5)
        yield "timeout", "no TimeoutExpired"
    except subprocess.TimeoutExpired:
        yield "timeout", "TimeoutExpired"
    # pass_fds: the child writes into a pipe the parent made.
    r, w = os.pipe()
    subprocess.run([py, "-c", f"import os; os.write({w}, b'through fd')"], pass_fds=(w,), timeout=30)
    os.close(w)
    yield "pass_fds", os.read(r, 100).decode()
    os.close(r)
    # Popen of a program that does not exist raises FileNotFoundError (the exec error is sent back).
    try:
        r = subprocess.run(["/nonexistent/program"])
        yield "missing_program", ("no exception", r.returncode)
    except FileNotFoundError as e:
        yield "missing_program", (type(e).__name__, e.errno)


def t_socket():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    host, port = srv.getsockname()
    yield "bound", (host, port > 0, srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)

    def serve(n):
        for _ in range(n):
            c, _ = srv.accept()
            with c:
                c.settimeout(20)
                while True:
                    data = c.recv(65536)
                    if not data:
                        break
                    c.sendall(data.upper())

    th = threading.Thread(target=serve, args=(2,))
    th.start()
    payload = bytes((i * 7 + 3) % 26 + 97 for i in range(200_000))
    for label in ("echo_1", "echo_2"):
        with socket.create_connection(("127.0.0.1", port), timeout=20) as c:
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            got = bytearray()

            def reader():
                while True:
                    d = c.recv(65536)
                    if not d:
                        break
                    got.extend(d)

            rt = threading.Thread(target=reader)
            rt.start()
            c.sendall(payload)
            c.shutdown(socket.SHUT_WR)
            rt.join(timeout=30)
            yield label, (len(got), hashlib.sha256(got).hexdigest()[:16], bytes(got) == payload.upper())
    th.join(timeout=30)
    srv.close()

    # A recv with nothing to read times out.
    a, b = socket.socketpair()
    a.settimeout(0.1)
    try:
        a.recv(10)
        yield "recv_timeout", "no timeout"
    except socket.timeout:
        yield "recv_timeout", "timeout"
    b.sendall(b"line one\nline two\n")
    a.settimeout(10)
    f = a.makefile("rb")
    yield "makefile", [f.readline(), f.readline()]
    f.close()
    a.close()
    b.close()

    # UDP round trip and a Unix-domain stream socket in a temporary directory.
    u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u1.bind(("127.0.0.1", 0))
    u2.settimeout(10)
    u1.settimeout(10)
    u2.sendto(b"datagram", u1.getsockname())
    data, addr = u1.recvfrom(100)
    u1.sendto(data[::-1], addr)
    yield "udp", u2.recvfrom(100)[0]
    u1.close()
    u2.close()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sock")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(1)
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect(path)
        conn, _ = s.accept()
        c.sendall(b"unix hello")
        conn.settimeout(10)
        yield "unix", conn.recv(100)
        yield "unix_peer_pid_is_self", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED) != 0
        for x in (conn, c, s):
            x.close()


class Alarm(Exception):
    pass


def t_signal():
    # signal.alarm interrupts time.sleep: the handler raises, so the sleep ends early.
    def on_alarm(signum, frame):
        raise Alarm(signum)

    old = signal.signal(signal.SIGALRM, on_alarm)
    t0 = time.monotonic()
    try:
        signal.alarm(1)
        time.sleep(20)
        yield "alarm_sleep", "slept through"
    except Alarm as e:
        yield "alarm_sleep", ("Alarm", e.args[0] == signal.SIGALRM, time.monotonic() - t0 < 15)
    signal.alarm(0)

    # setitimer interrupts a blocking os.read of a pipe; the handler writes to the pipe and returns, so
    # the read is retried (PEP 475) and returns what the handler wrote.
    r, w = os.pipe()
    signal.signal(signal.SIGALRM, lambda s, f: os.write(w, b"from handler"))
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    yield "itimer_read", os.read(r, 100)
    signal.setitimer(signal.ITIMER_REAL, 0)
    os.close(r)
    os.close(w)
    signal.signal(signal.SIGALRM, old)

    # SIGINT: the default handler raises KeyboardInterrupt; then a handler of our own.
    try:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            time.sleep(0.01)  # delivered at the next bytecode boundary, well before this ends
        yield "sigint_default", "not delivered"
    except KeyboardInterrupt:
        yield "sigint_default", "KeyboardInterrupt"
    seen = []
    old = signal.signal(signal.SIGINT, lambda s, f: seen.append(s))
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(100):
        if seen:
            break
        time.sleep(0.01)
    yield "sigint_handler", [signal.Signals(s).name for s in seen]
    signal.signal(signal.SIGINT, old)

    # set_wakeup_fd: the C-level handler writes the signal number to the fd.
    r, w = socket.socketpair()
    r.setblocking(False)
    w.setblocking(False)
    prev = signal.set_wakeup_fd(w.fileno(), warn_on_full_buffer=False)
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
    os.kill(os.getpid(), signal.SIGUSR1)
    sel = selectors.DefaultSelector()
    sel.register(r, selectors.EVENT_READ)
    ready = sel.select(timeout=10)
    yield "wakeup_fd", (len(ready), list(r.recv(16)), [signal.Signals(s).name for s in got])
    sel.close()
    signal.set_wakeup_fd(prev)
    r.close()
    w.close()

    # A blocked signal stays pending and sigwait takes it; pthread_kill from another thread to the main one.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
    os.kill(os.getpid(), signal.SIGUSR2)
    yield "pending", signal.SIGUSR2 in signal.sigpending()
    yield "sigwait", signal.Signals(signal.sigwait({signal.SIGUSR2})).name
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR2})
    got.clear()
    main = threading.main_thread().ident
    th = threading.Thread(target=signal.pthread_kill, args=(main, signal.SIGUSR1))
    th.start()
    th.join(timeout=10)
    for _ in range(100):
        if got:
            break
        time.sleep(0.01)
    yield "pthread_kill_main", [signal.Signals(s).name for s in got]
    # Ignored signals do nothing; getsignal reports what was set.
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    os.kill(os.getpid(), signal.SIGUSR1)
    yield "ignored", signal.getsignal(signal.SIGUSR1) == signal.SIG_IGN
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    yield "strsignal", signal.strsignal(signal.SIGTERM)


def t_fork():
    pid = os.fork()
    if pid == 0:
        os._exit(42)
    wpid, status = os.waitpid(pid, 0)
    yield "exit42", (wpid == pid, os.WIFEXITED(status), os.WEXITSTATUS(status))
    pid = os.fork()
    if pid == 0:
        os.kill(os.getpid(), signal.SIGKILL)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    yield "sigkill", (os.WIFSIGNALED(status), os.WTERMSIG(status), os.waitstatus_to_exitcode(status))
    # Parent and child talk over two pipes; the child computes, the parent checks.
    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(down_w)
        os.close(up_r)
        data = b""
        while True:
            chunk = os.read(down_r, 4096)
            if not chunk:
                break
            data += chunk
        os.write(up_w, hashlib.md5(data).hexdigest().encode())
        os._exit(len(data) % 256)
    os.close(down_r)
    os.close(up_w)
    blob = bytes(range(256)) * 400
    with os.fdopen(down_w, "wb") as f:
        f.write(blob)
    with os.fdopen(up_r, "rb") as f:
        digest = f.read().decode()
    _, status = os.waitpid(pid, 0)
    yield "pipes", (digest == hashlib.md5(blob).hexdigest(), os.WEXITSTATUS(status))
    # WNOHANG on a child that is still running, then reaping it.
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(w)
        os.read(r, 1)
        os._exit(5)
    os.close(r)
    yield "wnohang", os.waitpid(pid, os.WNOHANG)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    yield "after_close", os.WEXITSTATUS(status)


def t_multiprocessing():
    with multiprocessing.get_context("fork").Pool(3) as pool:
        yield "fork_map", sum(pool.map(square, range(100)))
        yield "fork_imap", sorted(pool.imap_unordered(square, range(10)))
        yield "fork_apply", pool.apply_async(pow, (3, 100, 1000007)).get(timeout=30)
    ctx = multiprocessing.get_context("fork")
    counter, lock = ctx.Value("i", 0, lock=False), ctx.Lock()
    ps = [ctx.Process(target=add_under_lock, args=(counter, lock, 300)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join(timeout=60)
    yield "shared_counter", (counter.value, [p.exitcode for p in ps])
    q = ctx.Queue()
    ps = [ctx.Process(target=put_in_queue, args=(q, b)) for b in (0, 100, 200)]
    for p in ps:
        p.start()
    vals = sorted(q.get(timeout=30) for _ in ps)
    for p in ps:
        p.join(timeout=30)
    yield "queue", vals
    p = ctx.Process(target=exit_with, args=(5,))
    p.start()
    p.join(timeout=30)
    yield "exitcode", p.exitcode
    p = ctx.Process(target=time.sleep, args=(60,))
    p.start()
    p.terminate()
    p.join(timeout=30)
    yield "terminated", p.exitcode
    # spawn starts fresh interpreters (sys.executable) that re-import this file.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        yield "spawn_map", pool.map(square, range(8))


def t_select():
    r, w = os.pipe()
    yield "select_empty", select.select([r], [], [], 0)
    os.write(w, b"x")
    yield "select_ready", select.select([r], [w], [], 5) == ([r], [w], [])
    p = select.poll()
    p.register(r, select.POLLIN)
    yield "poll", [(fd == r, ev) for fd, ev in p.poll(5000)]
    ep = select.epoll()
    ep.register(r, select.EPOLLIN | select.EPOLLET)
    yield "epoll_edge_first", [(fd == r, ev) for fd, ev in ep.poll(5)]
    yield "epoll_edge_again", ep.poll(0)
    ep.close()
    sel = selectors.DefaultSelector()
    yield "selector", type(sel).__name__
    sel.register(r, selectors.EVENT_READ, data="pipe")
    yield "selector_ready", [(k.data, ev) for k, ev in sel.select(5)]
    os.read(r, 1)
    yield "selector_drained", sel.select(0)
    # A reader thread blocked in select wakes when another thread writes.
    res = []
    th = threading.Thread(target=lambda: res.append([k.data for k, _ in sel.select(20)]))
    th.start()
    time.sleep(0.1)
    os.write(w, b"y")
    th.join(timeout=30)
    yield "selector_wake", res
    sel.close()
    os.close(r)
    os.close(w)


def t_files():
    data = {"name": "crossrun", "list": list(range(10)), "nested": {"pi": 3.25, "ok": True, "none": None},
            "unicode": "h\u00e9llo \u2603"}
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, sort_keys=True)
        with open(path, "rb") as f:
            raw = f.read()
        yield "json_roundtrip", json.loads(raw) == data
        yield "json_sha256", hashlib.sha256(raw).hexdigest()
        os.mkdir(os.path.join(d, "sub"))
        os.symlink("data.json", os.path.join(d, "link"))
        os.rename(path, os.path.join(d, "sub", "moved.json"))
        yield "listdir", sorted(os.listdir(d))
        yield "readlink", os.readlink(os.path.join(d, "link"))
        yield "walk", sorted((os.path.relpath(root, d), sorted(files)) for root, _, files in os.walk(d))
        st = os.stat(os.path.join(d, "sub", "moved.json"))
        yield "stat_size", st.st_size == len(raw)
        with tempfile.NamedTemporaryFile(dir=d) as tf:
            tf.write(b"abc" * 1000)
            tf.flush()
            tf.seek(1500)
            yield "named_temp", (os.path.getsize(tf.name), tf.read(6))
    blob = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(2000))
    comp = zlib.compress(blob * 3, 9)
    yield "zlib", (zlib.decompress(comp) == blob * 3, zlib.crc32(blob), zlib.adler32(blob))
    d = zlib.decompressobj()
    yield "zlib_stream", len(d.decompress(comp[:1000]) + d.decompress(comp[1000:]) + d.flush())
    yield "hashes", [hashlib.new(n, blob).hexdigest()[:16] for n in ("md5", "sha1", "sha256", "sha512",
                                                                     "sha3_256", "blake2b")]
    # Exactly rounded float operations only (libm functions may differ in the last bit between libcs).
    yield "floats", (repr(0.1 + 0.2), repr(2 ** 0.5), repr(1 / 3), float.hex(1e300 * 1e-310), 10 ** 30 // 7)


def t_asyncio():
    import asyncio

    async def handle(reader, writer):
        line = await reader.readline()
        writer.write(line[::-1])
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        replies = []
        for i in range(3):
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(f"message {i}\n".encode())
            await w.drain()
            replies.append((await r.read()).decode())
            w.close()
        server.close()
        await server.wait_closed()
        slept = await asyncio.gather(*(asyncio.sleep(0.01 * i, result=i) for i in range(5)))
        proc = await asyncio.create_subprocess_exec(SH, "-c", "read x; echo got $x; exit 9",
                                                    stdin=asyncio.subprocess.PIPE,
                                                    stdout=asyncio.subprocess.PIPE)
        o, _ = await asyncio.wait_for(proc.communicate(b"it\n"), 30)
        return replies, slept, o.decode().strip(), proc.returncode

    replies, slept, o, rc = asyncio.run(main())
    yield "echo", replies
    yield "gather", slept
    yield "subprocess", (o, rc)


def main():
    # The only line that may differ between machines; tests/real/python3.sh checks it on its own.
    out(f"machine: {os.uname().machine} {sys.platform} {sys.byteorder}")
    # PY_ACCEPT_SECTIONS=threading,files runs only those (for debugging and timing one part).
    only = os.environ.get("PY_ACCEPT_SECTIONS", "").split(",")
    for fn in (t_threading, t_subprocess, t_socket, t_signal, t_fork, t_multiprocessing, t_select, t_files,
               t_asyncio):
        if only == [""] or fn.__name__.removeprefix("t_") in only:
            section(fn)
    out("end")


if __name__ == "__main__":
    main()
