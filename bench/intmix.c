/*
 * bench/intmix.c - a CoreMark-like integer mix: linked-list walks and reversal, a small state
 * machine over a string, 16x16 integer matrix ops, and CRC-16 of the results. Not CoreMark
 * itself (its licence and reporting rules are its own); the same kinds of work.
 */
#include <string.h>

#include "bench.h"

struct node { struct node *next; int16_t data; int16_t idx; };

static uint16_t crc16(uint16_t crc, uint16_t v)
{
    for (int i = 0; i < 16; i++) {
        int bit = ((crc ^ v) & 1);
        v >>= 1;
        crc = bit ? (uint16_t)((crc >> 1) ^ 0xa001) : (uint16_t)(crc >> 1);
    }
    return crc;
}

static struct node *reverse(struct node *list)
{
    struct node *prev = NULL;
    while (list) {
        struct node *next = list->next;
        list->next = prev;
        prev = list;
        list = next;
    }
    return prev;
}

static int list_work(struct node *nodes, int n, uint16_t seed, uint16_t *crc)
{
    struct node *head = NULL;
    for (int i = n - 1; i >= 0; i--) {
        nodes[i].data = (int16_t)((i * 7 + seed) & 0xff);
        nodes[i].idx = (int16_t)i;
        nodes[i].next = head;
        head = &nodes[i];
    }
    int found = 0;
    for (int pass = 0; pass < 4; pass++) {
        head = reverse(head);
        for (struct node *p = head; p; p = p->next)
            if (p->data == (int16_t)((seed + pass) & 0xff))
                found++;
    }
    for (struct node *p = head; p; p = p->next)
        *crc = crc16(*crc, (uint16_t)p->data);
    return found;
}

enum state { START, INT, FLOAT, EXP, INVALID };

static int state_machine(const char *s, uint16_t *crc)
{
    int counts[5] = {0};
    for (const char *p = s; *p; ) {
        enum state st = START;
        for (; *p && *p != ','; p++) {
            char c = *p;
            switch (st) {
            case START: st = (c >= '0' && c <= '9') || c == '-' ? INT : c == '.' ? FLOAT : INVALID; break;
            case INT: st = c == '.' ? FLOAT : (c >= '0' && c <= '9') ? INT : INVALID; break;
            case FLOAT: st = c == 'e' || c == 'E' ? EXP : (c >= '0' && c <= '9') ? FLOAT : INVALID; break;
            case EXP: st = (c >= '0' && c <= '9') || c == '-' ? EXP : INVALID; break;
            case INVALID: break;
            }
        }
        counts[st]++;
        if (*p == ',')
            p++;
    }
    for (int i = 0; i < 5; i++)
        *crc = crc16(*crc, (uint16_t)counts[i]);
    return counts[INT];
}

static int32_t matrix_work(int16_t a[16][16], int16_t b[16][16], int32_t c[16][16], uint16_t *crc)
{
    int32_t acc = 0;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) {
            int32_t s = 0;
            for (int k = 0; k < 16; k++)
                s += (int32_t)a[i][k] * b[k][j];
            c[i][j] = s;
            acc += (s >> 3) ^ (s & 0x7f);
        }
    *crc = crc16(*crc, (uint16_t)acc);
    return acc;
}

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    static struct node nodes[512];
    static int16_t a[16][16], b[16][16];
    static int32_t c[16][16];
    const char *text = "123,-45.6e7,.5,abc,77,0.1E-3,12x,9,-3,5.5,1e,42,,7.25,-0,88888";
    uint16_t crc = 0;
    long found = 0;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) {
            a[i][j] = (int16_t)(i * 3 - j);
            b[i][j] = (int16_t)(j * 5 - i * 2);
        }
    for (long iter = 0; iter < 15000L * scale; iter++) {
        found += list_work(nodes, 512, (uint16_t)iter, &crc);
        found += state_machine(text, &crc);
        found += matrix_work(a, b, c, &crc) & 1;
        a[iter & 15][(iter >> 4) & 15] ^= (int16_t)crc;
    }
    printf("intmix: crc %04x found %ld\n", crc, found);
    return 0;
}
