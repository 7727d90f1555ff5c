/*
 * demo/mandelbrot.c - an ASCII Mandelbrot set, the demo that exercises guest floating point
 * (the D extension: fadd.d, fmul.d, flt.d, fcvt) and a tight integer loop.
 *
 * Usage: mandelbrot [WIDTH [HEIGHT [MAX_ITER]]]. The output depends only on IEEE double
 * arithmetic, so a native build of this file (with -ffp-contract=off on both sides) prints the
 * same bytes; tests/cli.sh compares the two.
 */
#include <stdio.h>
#include <stdlib.h>

/* Iterations before z = z^2 + c leaves the radius-2 disc, or max_iter if it never does. */
static int escape_time(double cr, double ci, int max_iter)
{
    double zr = 0, zi = 0;
    for (int n = 0; n < max_iter; n++) {
        double zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0)
            return n;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
    }
    return max_iter;
}

int main(int argc, char **argv)
{
    int width = argc > 1 ? atoi(argv[1]) : 78;
    int height = argc > 2 ? atoi(argv[2]) : 32;
    int max_iter = argc > 3 ? atoi(argv[3]) : 500;
    static const char shades[] = " .:-=+*#%@";
    const int nshades = (int)sizeof shades - 2; /* the last character marks points in the set */
    long total = 0;

    if (width < 2 || height < 2 || max_iter < 1) {
        fprintf(stderr, "usage: mandelbrot [WIDTH>1 [HEIGHT>1 [MAX_ITER>0]]]\n");
        return 2;
    }
    for (int y = 0; y < height; y++) {
        double ci = 1.2 - 2.4 * y / (height - 1);
        for (int x = 0; x < width; x++) {
            double cr = -2.2 + 3.0 * x / (width - 1);
            int n = escape_time(cr, ci, max_iter);
            total += n;
            /* Logarithmic-ish shading: most detail sits at small escape times. */
            int shade = n == max_iter ? nshades : (n * nshades) / (n + 8);
            putchar(shades[shade]);
        }
        putchar('\n');
    }
    printf("%d x %d points, %ld iterations\n", width, height, total);
    return 0;
}
