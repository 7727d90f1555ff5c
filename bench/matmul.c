/* bench/matmul.c - dense double matrix multiply (i-k-j order): FP multiply-add and loads. */
#include "bench.h"

enum { N = 256 };
static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    uint64_t seed = 7;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(bench_rand(&seed) % 1000) / 100.0;
            b[i][j] = (double)(bench_rand(&seed) % 1000) / 100.0;
        }
    double trace = 0;
    for (int round = 0; round < 30 * scale; round++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                c[i][j] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++)
                    c[i][j] += aik * b[k][j];
            }
        for (int i = 0; i < N; i++)
            trace += c[i][i];
    }
    printf("matmul: trace %.6e\n", trace);
    return 0;
}
