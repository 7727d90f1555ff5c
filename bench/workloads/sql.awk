# sql.awk: the sqlite3 workload's script (awk -v SCALE=1 -f sql.awk > FILE; sqlite3 < FILE).
# One INSERT statement per row (the parser and the B-tree both work), then indexes, joins,
# grouping, a window function and an UPDATE through a subquery. Every result is an integer or
# text, so the printed output only depends on sqlite doing the right thing. Same LCG as text.awk.
function rnd(n) { seed = (seed * 69069 + 1) % 4294967296; return int(seed / 4294967296 * n) }
function name(   s, i, n) { s = ""; n = 2 + rnd(3); for (i = 0; i < n; i++) s = s syl[1 + rnd(12)]; return s }
BEGIN {
    seed = 4242
    split("ka lo mi re tan su vel or an de qua ex", syl, " ")
    ncust = int(10000 * SCALE); nprod = 1000; nord = int(200000 * SCALE)
    print "PRAGMA journal_mode = OFF;"
    print "CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT, region INTEGER);"
    print "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, city INTEGER, since INTEGER);"
    print "CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT, price INTEGER, category TEXT);"
    print "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, product INTEGER, qty INTEGER, day INTEGER);"
    print "BEGIN;"
    for (i = 1; i <= 50; i++) printf "INSERT INTO city VALUES (%d, '%s', %d);\n", i, name(), rnd(8)
    for (i = 1; i <= ncust; i++)
        printf "INSERT INTO customer VALUES (%d, '%s %s', %d, %d);\n", i, name(), name(), 1 + rnd(50), 2000 + rnd(25)
    for (i = 1; i <= nprod; i++)
        printf "INSERT INTO product VALUES (%d, '%s', %d, '%s');\n", i, name(), 100 + rnd(50000), syl[1 + rnd(12)]
    for (i = 1; i <= nord; i++)
        printf "INSERT INTO orders (customer, product, qty, day) VALUES (%d, %d, %d, %d);\n",
            1 + rnd(ncust), 1 + rnd(nprod), 1 + rnd(9), rnd(3650)
    print "COMMIT;"
    print "CREATE INDEX orders_customer ON orders (customer);"
    print "CREATE INDEX orders_product ON orders (product, day);"
    print "CREATE INDEX customer_name ON customer (name);"
    # revenue per region and year
    print "SELECT c2.region, o.day / 365 AS year, count(*), sum(o.qty * p.price) FROM orders o"
    print "  JOIN customer c ON c.id = o.customer JOIN city c2 ON c2.id = c.city"
    print "  JOIN product p ON p.id = o.product GROUP BY 1, 2 ORDER BY 1, 2;"
    # the best customers, with their rank
    print "SELECT c.name, t.total, rank() OVER (ORDER BY t.total DESC) FROM"
    print "  (SELECT customer, sum(qty * price) AS total FROM orders JOIN product ON product.id = orders.product"
    print "   GROUP BY customer) t JOIN customer c ON c.id = t.customer ORDER BY t.total DESC, c.id LIMIT 25;"
    # products never bought in the last year, by category
    print "SELECT category, count(*) FROM product p WHERE NOT EXISTS"
    print "  (SELECT 1 FROM orders o WHERE o.product = p.id AND o.day >= 3285) GROUP BY category ORDER BY category;"
    # many small indexed lookups: each customer's latest order
    print "SELECT sum(x) FROM (SELECT (SELECT max(day) FROM orders o WHERE o.customer = c.id) AS x FROM customer c);"
    # string work: names sharing a first syllable pair, grouped
    print "SELECT substr(name, 1, 4) AS k, count(*), min(name), max(length(name)) FROM customer"
    print "  GROUP BY k HAVING count(*) > 3 ORDER BY count(*) DESC, k LIMIT 20;"
    # an update through a correlated subquery, then a check of what it did
    print "UPDATE product SET price = price + (SELECT count(*) FROM orders WHERE orders.product = product.id);"
    print "SELECT sum(price), max(price), count(DISTINCT category) FROM product;"
    print "DELETE FROM orders WHERE qty = 1 AND day % 7 = 0;"
    print "SELECT count(*), sum(qty), total_changes() FROM orders;"
}
