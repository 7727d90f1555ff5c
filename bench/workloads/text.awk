# text.awk: deterministic text-like data for the xz workload, 20 MiB times SCALE
# (awk -v SCALE=1 -f text.awk > FILE). Log lines, prose from a skewed vocabulary, CSV-like
# records and hex dumps, so the data compresses like real text, neither trivially nor badly.
# The generator is a 32-bit LCG whose products stay below 2^53, so every awk (mawk, gawk,
# busybox) computes the same bytes.
function rnd(n) { seed = (seed * 69069 + 1) % 4294967296; return int(seed / 4294967296 * n) }
# a word index skewed towards small numbers (roughly Zipf-like: a few words are very common)
function zipf(n,   r) { r = rnd(1000000) / 1000000; return int(n * r * r * r) }
function word() { return vocab[zipf(nvocab)] }
function hex(n,   s, i) { s = ""; for (i = 0; i < n; i++) s = s substr("0123456789abcdef", rnd(16) + 1, 1); return s }
BEGIN {
    seed = 12345
    split("ka lo mi re tan su vel or ith an de qua pro ex ling ter mon sa ful ble ment ize ra po chi", syl, " ")
    nsyl = 25
    for (nvocab = 0; nvocab < 3000; nvocab++) {
        w = ""; k = 1 + rnd(4)
        for (j = 0; j < k; j++) w = w syl[1 + rnd(nsyl)]
        vocab[nvocab] = w
    }
    split("GET POST PUT DELETE", verb, " ")
    split("200 200 200 200 301 304 404 500", status, " ")
    limit = 20 * 1048576 * SCALE; size = 0; t = 1700000000
    while (size < limit) {
        kind = rnd(10)
        if (kind < 4) {          # a web-server log line
            t += rnd(3)
            line = sprintf("%d host%02d %s /%s/%s/%d?q=%s %s %d %dms", t, rnd(40), verb[1 + rnd(4)],
                word(), word(), rnd(100000), word(), status[1 + rnd(8)], rnd(65536), rnd(900))
        } else if (kind < 8) {   # a sentence of prose
            line = word(); n = 5 + rnd(15)
            for (i = 0; i < n; i++) line = line (rnd(12) ? " " : ", ") word()
            line = toupper(substr(line, 1, 1)) substr(line, 2) "."
        } else if (kind < 9) {   # a CSV record
            line = sprintf("%d,%s,%s,%d.%02d,%s", rnd(1000000), word(), word(), rnd(10000), rnd(100),
                rnd(2) ? "yes" : "no")
        } else {                 # a hex dump: the hardly compressible part
            line = hex(64)
        }
        print line
        size += length(line) + 1
    }
}
