# csrc.awk: the cc1 workload's C file (awk -v SCALE=1 -f csrc.awk > FILE.c): 150 functions
# (times SCALE) of loops, switches, struct and float code calling one another, with no #include,
# so cc1 needs no headers. Same LCG as text.awk.
function rnd(n) { seed = (seed * 69069 + 1) % 4294967296; return int(seed / 4294967296 * n) }
function op() { return substr("+-^|&*", 1 + rnd(6), 1) }
# an integer expression over the variables a, b, i, r and the table t
function expr(d) {
    if (d <= 0 || rnd(3) == 0) return rnd(2) ? substr("abir", 1 + rnd(4), 1) : rnd(1000) "L"
    if (rnd(5) == 0) return "t[(" expr(d - 1) ") & 255]"
    return "(" expr(d - 1) " " op() " " expr(d - 1) ")"
}
function callee(f) { return f > 0 ? sprintf("f%d(%s, %s)", rnd(f), expr(1), expr(1)) : expr(1) }
BEGIN {
    seed = 777
    n = int(150 * SCALE)
    print "struct rec { long id; int kind; double w; unsigned char tag[16]; struct rec *next; };"
    print "static long t[256];"
    print "static struct rec pool[64];"
    print "static double acc;"
    for (f = 0; f < n; f++) {
        printf "long f%d(long a, long b)\n{\n    long r = %d, i = a ^ b;\n", f, rnd(100)
        k = 2 + rnd(4)
        for (s = 0; s < k; s++) {
            kind = rnd(5)
            if (kind == 0) {         # a loop over the table
                printf "    for (long i = 0; i < %d; i++) {\n        r += %s;\n", 8 + rnd(120), expr(3)
                printf "        if (r %s %d) t[i & 255] = r;\n    }\n", rnd(2) ? ">" : "<", rnd(5000)
            } else if (kind == 1) {  # a switch
                printf "    switch ((a + r) & 15) {\n"
                for (c = 0; c < 6; c++) printf "    case %d: r = %s; break;\n", c * 2 + rnd(2), expr(2)
                printf "    default: r ^= %s;\n    }\n", callee(f)
            } else if (kind == 2) {  # a walk over linked records
                printf "    for (struct rec *p = &pool[a & 63]; p; p = p->next) {\n"
                printf "        p->w = p->w * %d.5 + (double)r;\n        p->tag[r & 15] += (unsigned char)b;\n", rnd(9)
                printf "        r += p->kind * %d + p->id;\n        if (p->w > %d.0) break;\n    }\n", 1 + rnd(7), 100 + rnd(9000)
            } else if (kind == 3) {  # float arithmetic
                printf "    {\n        double x = (double)%s, y = %d.25;\n", expr(2), rnd(50)
                printf "        for (int i = 0; i < %d; i++) { y = y * x / (1.0 + y * y) + %d.0; x -= y; }\n", 4 + rnd(12), rnd(9)
                printf "        acc += y;\n        r += (long)(y * 1000.0);\n    }\n"
            } else {                 # calls to earlier functions
                printf "    r += %s;\n    if (r & 1) r -= %s;\n", callee(f), callee(f)
            }
        }
        printf "    return r + %s;\n}\n\n", expr(2)
    }
}
