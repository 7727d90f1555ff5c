# py.py: the python3 workload: pure-Python, interpreter-bound work (dicts, lists, strings,
# classes, a toy bytecode machine), about a few seconds natively at scale 1. No imports, so
# nothing but the interpreter itself is measured. Prints a few checksums, the same on every
# machine: no floats printed unrounded, no set or hash order in the output (and
# PYTHONHASHSEED=0 anyway).
#   python3 -S py.py SCALE

def lcg(seed):
    while True:
        seed = (seed * 69069 + 1) & 0xFFFFFFFF
        yield seed >> 12          # the high bits: the low ones of an LCG repeat quickly

def words(n, rnd):
    syl = ["ka", "lo", "mi", "re", "tan", "su", "vel", "or", "an", "de", "qua", "ex"]
    return ["".join(syl[next(rnd) % 12] for _ in range(1 + next(rnd) % 4)) for _ in range(n)]

def word_stats(ws):
    """dict and string work: counts, bigrams, a formatted report."""
    count, bigram = {}, {}
    prev = ""
    for w in ws:
        count[w] = count.get(w, 0) + 1
        key = prev + " " + w
        bigram[key] = bigram.get(key, 0) + 1
        prev = w
    top = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    report = "\n".join("%-14s %6d %s" % (w, c, w.upper()[::-1]) for w, c in top)
    return len(count), len(bigram), sum(map(ord, report)) % 1000003

class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def scaled(self, k):
        return Vec(self.x * k // 16, self.y * k // 16)

def objects(n, rnd):
    """method calls and allocation."""
    pos, acc = Vec(0, 0), 0
    for _ in range(n):
        v = Vec(next(rnd) % 200 - 100, next(rnd) % 200 - 100)
        pos = pos + v.scaled(next(rnd) % 32)
        acc = (acc * 31 + pos.x - pos.y) % 1000000007
    return acc

def vm(code, steps):
    """a toy stack machine: the classic interpreter loop, in Python."""
    stack, regs = [], [0] * 8
    pc = acc = 0
    for _ in range(steps):
        op, arg = code[pc]
        pc += 1
        if op == 0:                       # push a constant
            stack.append(arg)
        elif op <= 2:                     # add or multiply the top two
            if len(stack) < 2:
                stack.append(arg + 1)
            else:
                b = stack.pop()
                a = stack.pop()
                stack.append((a + b if op == 1 else a * b) & 0xFFFFFF)
        elif op == 3:                     # pop into a register
            regs[arg] = stack.pop() if stack else pc
        elif op == 4:                     # push a register
            stack.append(regs[arg])
        elif op == 5:                     # skip ahead when a register is odd
            if regs[arg] & 1:
                pc += 2
        else:                             # fold a register into the result
            acc = (acc * 33 + regs[arg]) & 0xFFFFFFFF
        if pc >= len(code):
            pc = 0
            del stack[16:]
    return acc, regs

def sorting(n, rnd):
    """list sorting, slicing, comprehensions."""
    data = [next(rnd) % 100000 for _ in range(n)]
    data.sort()
    evens = [x for x in data if x % 2 == 0]
    pairs = sorted(zip(data[::3], data[1::3]), key=lambda p: (p[1] - p[0], p[0]))
    return len(evens), sum(data[::97]) % 100003, pairs[0], pairs[-1]

def main(scale):
    rnd = lcg(2024)
    out = []
    for _ in range(max(1, round(2 * scale))):
        ws = words(150000, rnd)
        out.append(word_stats(ws))
        out.append(objects(200000, rnd))
        code = [(next(rnd) % 7, next(rnd) % 8) for _ in range(64)]
        code = [(0, 3), (0, 5)] + code
        out.append(vm(code, 1500000))
        out.append(sorting(200000, rnd))
        text = " ".join(ws[:50000])
        out.append((text.count("ka"), len(text.split("lo")), text.replace("an", "AN").find("ANAN")))
    for r in out:
        print(r)

if __name__ == "__main__":
    import sys
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1)
