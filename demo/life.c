/*
 * demo/life.c - Conway's Game of Life on a small torus, seeded with a Gosper glider gun and an
 * R-pentomino: plain integer C with loops, arrays and stdio, the kind of program most guests are.
 *
 * Usage: life [GENERATIONS]. Prints the population of every generation and the final board,
 * all deterministic, so the output can be compared with a native build. On a terminal it first
 * animates the run (ANSI escapes, 40 ms a frame), which also exercises isatty's ioctl and
 * clock_nanosleep in the guest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define W 64
#define H 28

static unsigned char board[H][W], next[H][W];

static void place(int top, int left, const char *const *rows, int nrows)
{
    for (int r = 0; r < nrows; r++)
        for (int c = 0; rows[r][c]; c++)
            if (rows[r][c] == 'O')
                board[(top + r) % H][(left + c) % W] = 1;
}

static int neighbours(int y, int x)
{
    int n = 0;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
            if (dy || dx)
                n += board[(y + dy + H) % H][(x + dx + W) % W];
    return n;
}

/* One generation; returns the new population. */
static int step(void)
{
    int pop = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int n = neighbours(y, x);
            next[y][x] = n == 3 || (n == 2 && board[y][x]);
            pop += next[y][x];
        }
    memcpy(board, next, sizeof board);
    return pop;
}

static void show(int gen, int pop)
{
    printf("generation %d, population %d\n+", gen, pop);
    for (int x = 0; x < W; x++)
        putchar('-');
    puts("+");
    for (int y = 0; y < H; y++) {
        putchar('|');
        for (int x = 0; x < W; x++)
            putchar(board[y][x] ? 'O' : ' ');
        puts("|");
    }
    putchar('+');
    for (int x = 0; x < W; x++)
        putchar('-');
    puts("+");
}

/* Plays the generations on the terminal, then puts the starting board back. */
static void animate(int gens)
{
    static unsigned char start[H][W];
    const struct timespec frame = { 0, 40 * 1000 * 1000 };
    memcpy(start, board, sizeof board);
    for (int g = 1; g <= gens; g++) {
        int pop = step();
        fputs("\033[H\033[2J", stdout); /* cursor home, clear screen */
        show(g, pop);
        fflush(stdout);
        nanosleep(&frame, NULL);
    }
    memcpy(board, start, sizeof board);
    fputs("\033[H\033[2J", stdout);
}

int main(int argc, char **argv)
{
    static const char *const gun[] = {
        "........................O...........",
        "......................O.O...........",
        "............OO......OO............OO",
        "...........O...O....OO............OO",
        "OO........O.....O...OO..............",
        "OO........O...O.OO....O.O...........",
        "..........O.....O.......O...........",
        "...........O...O....................",
        "............OO......................",
    };
    static const char *const r_pentomino[] = { ".OO", "OO.", ".O." };
    int gens = argc > 1 ? atoi(argv[1]) : 60;
    int pop = 0;

    place(1, 1, gun, 9);
    place(18, 45, r_pentomino, 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            pop += board[y][x];

    if (isatty(STDOUT_FILENO))
        animate(gens);
    printf("population:");
    for (int g = 0; g <= gens; g++) {
        if (g > 0)
            pop = step();
        printf(" %d", pop);
    }
    printf("\n");
    show(gens, pop);
    return 0;
}
