/*
 * tests/unit/engine_diff_regress.c - named regression cases: fixed instruction sequences that
 * engine_diff runs first, every time, before its random cases.
 *
 * To keep a case that once found a bug, paste the entry the mismatch report prints and give it
 * a name saying what went wrong. An entry is
 *     {"name", seed, start, WORDS(instruction, ...), TABLE(address, ...), fault or NO_TABLE},
 * seed gives the initial registers and sandbox (ed_init_state), start is where the code goes (0
 * for ED_CODE), WORDS holds one instruction per word (a compressed one in the low 16 bits; the
 * final ecall is appended) and TABLE what the jump table at ED_TABLE holds. Every case starts
 * with gp = the middle of the sandbox and sp = its start + 256, so hand-written cases can load
 * and store through them. A case that ends in a fault on purpose names it (enum ed_fault; without
 * a table: NO_TABLE_ENDS_IN(fault)); the guard page is ED_GUARD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_diff.h"

#define WORDS(...) (const uint32_t[]){__VA_ARGS__}, sizeof((const uint32_t[]){__VA_ARGS__}) / 4
#define TABLE(...) (const uint64_t[]){__VA_ARGS__}, sizeof((const uint64_t[]){__VA_ARGS__}) / 8
#define NO_TABLE NULL, 0, ED_FAULT_NONE
#define NO_TABLE_ENDS_IN(fault) NULL, 0, fault

/* A loop naming nine guest registers outside the pinned ones (so it pools: loop_carry.c)
 * whose `access` through t3 is outside the guest range on its second trip. */
#define POOLED_LOOP_WITH(access)                                                             \
    WORDS(0x00018e13 /* mv t3,gp */, 0x00100a13 /* li s4,1 */, 0x028a1a13 /* slli s4,s4,40 */, \
          0x00300293 /* li t0,3 */, 0x00530313 /* addi t1,t1,5 */,                           \
          0x00378793 /* addi a5,a5,3 */, 0x00670733 /* add a4,a4,t1 */,                      \
          0x00ffcfb3 /* xor t6,t6,a5 */, 0x00180813 /* addi a6,a6,1 */,                      \
          0x00288893 /* addi a7,a7,2 */, 0x01f90933 /* add s2,s2,t6 */, access,              \
          0x01df0f33 /* add t5,t5,t4 */, 0x014e0e33 /* add t3,t3,s4 */,                      \
          0xfff28293 /* addi t0,t0,-1 */, 0xfc029ae3 /* bnez t0,-44 */)

const struct ed_named ed_named_cases[] = {
    /* an SC with no LR before it fails and stores nothing */
    {"sc_without_reservation_fails", 1, 0, WORDS(0x18b1b52f /* sc.d a0,a1,(gp) */), NO_TABLE},
    /* LR then SC with an ALU instruction between succeed, in both sizes */
    {"lr_sc_pairs_succeed", 2, 0,
     WORDS(0x1001b62f /* lr.d a2,(gp) */, 0x00168693 /* addi a3,a3,1 */, 0x18b1b52f /* sc.d a0,a1,(gp) */,
           0x1001a72f /* lr.w a4,(gp) */, 0x1901a7af /* sc.w a5,a6,(gp) */), NO_TABLE},
    /* jalr reads rs1 before writing rd (the same register) and clears bit 0 of the target */
    {"jalr_rd_is_rs1_and_bit_0_is_cleared", 3, 0,
     WORDS(0x00000297 /* auipc t0,0 */, 0x00b282e7 /* jalr t0,11(t0) */, 0x0505 /* c.addi a0,1 */,
           0x00158593 /* addi a1,a1,1 */), NO_TABLE},
    /* fcvt with a dynamic rounding mode uses the frm the fsrmi before it wrote */
    {"dynamic_rounding_follows_fsrmi", 4, 0,
     WORDS(0x400402b7 /* lui t0,0x40040 */, 0x02029293 /* slli t0,t0,32: 2.5 */,
           0xf2028053 /* fmv.d.x ft0,t0 */, 0x0021d073 /* fsrmi 3 (rup) */,
           0xc2207553 /* fcvt.l.d a0,ft0 */, 0x00215073 /* fsrmi 2 (rdn) */,
           0xc22075d3 /* fcvt.l.d a1,ft0 */, 0x00102673 /* frflags a2 */), NO_TABLE},
    /* a counted loop made of compressed instructions: c.li, c.addi, c.bnez backwards */
    {"compressed_counted_loop", 5, 0,
     WORDS(0x440d /* c.li s0,3 */, 0x0505 /* c.addi a0,1 */, 0x147d /* c.addi s0,-1 */,
           0xfc75 /* c.bnez s0,-4 */), NO_TABLE},
    /* writes to x0 are discarded, whatever writes them */
    {"x0_destinations_are_discarded", 6, 0,
     WORDS(0x00500013 /* addi zero,zero,5 */, 0x12345037 /* lui zero,0x12345 */,
           0x0081b003 /* ld zero,8(gp) */, 0x00b1b02f /* amoadd.d zero,a1,(gp) */,
           0x00302073 /* frcsr zero */, 0xc2007053 /* fcvt.w.d zero,ft0 */,
           0x00100513 /* addi a0,zero,1 */), NO_TABLE},
    /* misaligned loads and stores (riscv64 Linux emulates them) */
    {"misaligned_loads_and_stores", 7, 0,
     WORDS(0x00b1b1a3 /* sd a1,3(gp) */, 0x0051a603 /* lw a2,5(gp) */, 0x0011d683 /* lhu a3,1(gp) */), NO_TABLE},
    /* an AMO faulting on the guard page: ra, written just before and held newer than its home
     * in a cache register, must reach the handler (the AMO's code used that register as
     * scratch, and the fault's repair wrote the scratch value into ra) */
    {"amo_fault_after_dirty_base", 597, 0,
     WORDS(0x300080b7 /* lui ra,0x30008 */, 0x9d00809b /* addiw ra,ra,-1584: the guard page */,
           0x0090aeaf /* amoadd.w t4,s1,(ra) */), NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* a load and a store faulting while t3, t4, t5 are held newer than their homes and read
     * after the access */
    {"load_fault_with_dirty_copies", 8, 0,
     WORDS(0x0e05 /* c.addi t3,1 */, 0x0e89 /* c.addi t4,2 */, 0x01de4f33 /* xor t5,t3,t4 */,
           0x300080b7 /* lui ra,0x30008 */, 0x9d00809b /* addiw ra,ra,-1584 */,
           0x0000b383 /* ld t2,0(ra) */, 0x9e76 /* c.add t3,t4 */, 0x9f72 /* c.add t5,t3 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    {"store_fault_with_dirty_copies", 9, 0,
     WORDS(0x0e05 /* c.addi t3,1 */, 0x0e89 /* c.addi t4,2 */, 0x01de4f33 /* xor t5,t3,t4 */,
           0x300080b7 /* lui ra,0x30008 */, 0x9d00809b /* addiw ra,ra,-1584 */,
           0x01e0b423 /* sd t5,8(ra) */, 0x9e76 /* c.add t3,t4 */, 0x9f72 /* c.add t5,t3 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* a load faulting while ft4 is held newer than its home in an xmm register (the float
     * copies cache) and read after the access: the fault's handler takes it from the context */
    {"load_fault_with_a_dirty_float_copy", 10, 0,
     WORDS(0x237b2253 /* fsgnjx.d ft4,fs6,fs7 */, 0x300080b7 /* lui ra,0x30008 */,
           0x9d00809b /* addiw ra,ra,-1584 */, 0x0000b383 /* ld t2,0(ra) */,
           0xa24eaad3 /* feq.d s5,ft9,ft4 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* rv64gc's zero and sign extensions, slli then srli or srai by the same 32, 48 or 56, which
     * the translator does as one movzx or movsx; the last pair shifts back by another amount */
    {"extension_pairs", 10, 0,
     WORDS(0x03071793 /* slli a5,a4,48 */, 0x0307d793 /* srli a5,a5,48 */,
           0x03869693 /* slli a3,a3,56 */, 0x4386d693 /* srai a3,a3,56 */,
           0x02059613 /* slli a2,a1,32 */, 0x02065613 /* srli a2,a2,32 */,
           0x03051513 /* slli a0,a0,48 */, 0x43055513 /* srai a0,a0,48 */,
           0x03871593 /* slli a1,a4,56 */, 0x0385d593 /* srli a1,a1,56 */,
           0x02071293 /* slli t0,a4,32 */, 0x4202d293 /* srai t0,t0,32 */,
           0x03071813 /* slli a6,a4,48 */, 0x02885813 /* srli a6,a6,40 */),
     NO_TABLE},
    /* a W result whose upper half only a right shift and a compare read before it is
     * overwritten, and their results only W forms: the sign extension is not dead, though
     * nothing reads the upper halves of those results (upper_dead.c) */
    {"w_result_read_by_right_shifts", 11, 0,
     WORDS(0x00100713 /* addi a4,zero,1 */, 0x01f7179b /* slliw a5,a4,31 */,
           0x0217d693 /* srli a3,a5,33 */, 0x00d686bb /* addw a3,a3,a3 */,
           0x00b7b633 /* sltu a2,a5,a1 */, 0x00c6063b /* addw a2,a2,a2 */,
           0x00100793 /* addi a5,zero,1 */),
     NO_TABLE},
    /* forward branches over a few instructions inside one translation (hammocks), both ways:
     * converted to cmovs (pure register operations on a pinned register and one in memory),
     * and a jump (a load and an instret read skipped); instret read after each, exact */
    {"hammocks_taken_and_not_with_instret", 12, 0,
     WORDS(0x00a50663 /* beq a0,a0,+12 */, 0x00178793 /* addi a5,a5,1 */,
           0x007e0e13 /* addi t3,t3,7 */, 0xc0202673 /* csrrs a2,instret,zero */,
           0x00a51663 /* bne a0,a0,+12 */, 0x00178793 /* addi a5,a5,1 */,
           0x007e0e13 /* addi t3,t3,7 */, 0xc02026f3 /* csrrs a3,instret,zero */,
           0x00b50663 /* beq a0,a1,+12 */, 0x0081b703 /* ld a4,8(gp) */,
           0xc0202873 /* csrrs a6,instret,zero */, 0xc02028f3 /* csrrs a7,instret,zero */,
           0x00b51663 /* bne a0,a1,+12 */, 0x0101b703 /* ld a4,16(gp) */,
           0xc0202873 /* csrrs a6,instret,zero */, 0xc0202ef3 /* csrrs t4,instret,zero */),
     NO_TABLE},
    /* forward branches over more than a hammock's instructions (superblock.c): a side exit
     * taken with t3, t4 and ft0 newer than their homes at it (its stub writes them back), then
     * one not taken, the block going on through a load; instret read after each, exact */
    {"side_exits_taken_and_not_with_instret", 15, 0,
     WORDS(0x007e0e13 /* addi t3,t3,7 */, 0x003e8e93 /* addi t4,t4,3 */,
           0x02107053 /* fadd.d ft0,ft0,ft1 */, 0x02a50663 /* beq a0,a0,+44 */,
           0x001e0e13 /* addi t3,t3,1 */, 0x001e8e93 /* addi t4,t4,1 */,
           0x001f0f13 /* addi t5,t5,1 */, 0x001f8f93 /* addi t6,t6,1 */,
           0x00180813 /* addi a6,a6,1 */, 0x00188893 /* addi a7,a7,1 */,
           0x00190913 /* addi s2,s2,1 */, 0x00198993 /* addi s3,s3,1 */,
           0x001a0a13 /* addi s4,s4,1 */, 0x001a8a93 /* addi s5,s5,1 */,
           0xc0202673 /* csrrs a2,instret,zero */, 0x005e0e13 /* addi t3,t3,5 */,
           0x02a51663 /* bne a0,a0,+44 */, 0x001e0e13 /* addi t3,t3,1 */,
           0x001e8e93 /* addi t4,t4,1 */, 0x0081b703 /* ld a4,8(gp) */,
           0x001f0f13 /* addi t5,t5,1 */, 0x001f8f93 /* addi t6,t6,1 */,
           0x00180813 /* addi a6,a6,1 */, 0x00188893 /* addi a7,a7,1 */,
           0x00190913 /* addi s2,s2,1 */, 0x00198993 /* addi s3,s3,1 */,
           0x001a0a13 /* addi s4,s4,1 */, 0xc02026f3 /* csrrs a3,instret,zero */),
     NO_TABLE},
    /* a side exit's compare takes two cache registers for s2 and s3, read again past it, from
     * dirty copies of t5 and t6 (written back first): its stub must write back what the cache
     * holds at the jump, not before the compare; taken, the target reads t3 to t6 */
    {"side_exit_compare_takes_cache_registers", 17, 0,
     WORDS(0x001e0e13 /* addi t3,t3,1 */, 0x001e8e93 /* addi t4,t4,1 */,
           0x001f0f13 /* addi t5,t5,1 */, 0x001f8f93 /* addi t6,t6,1 */,
           0x03391863 /* bne s2,s3,+48 */, 0x01390833 /* add a6,s2,s3 */,
           0x01de08b3 /* add a7,t3,t4 */, 0x01e80833 /* add a6,a6,t5 */,
           0x01f888b3 /* add a7,a7,t6 */, 0x001a0a13 /* addi s4,s4,1 */,
           0x001a0a13 /* addi s4,s4,1 */, 0x001a0a13 /* addi s4,s4,1 */,
           0x001a0a13 /* addi s4,s4,1 */, 0x001a0a13 /* addi s4,s4,1 */,
           0x001a0a13 /* addi s4,s4,1 */, 0x001a0a13 /* addi s4,s4,1 */,
           0x01fe0ab3 /* add s5,t3,t6 */, 0x01ee8b33 /* add s6,t4,t5 */),
     NO_TABLE},
    /* a loop whose side exit (to the odd trips' part) is taken on every other trip: its stub's
     * jump, first unchained, is chained to its target once the dispatcher links them, and then
     * carries the stub's written-back copies (t3 to s5 newer than their homes) there; instret
     * read on both ways and after the loop */
    {"side_exit_chained_in_a_loop", 33, 0,
     WORDS(0x4299 /* c.li t0,6 */, 0x0012f313 /* andi t1,t0,1 */,
           0x00031f63 /* bne t1,zero,+30 (odd) */, 0x0e05 /* c.addi t3,1 */,
           0x0e85 /* c.addi t4,1 */, 0x0f05 /* c.addi t5,1 */, 0x0f85 /* c.addi t6,1 */,
           0x0805 /* c.addi a6,1 */, 0x0885 /* c.addi a7,1 */, 0x0905 /* c.addi s2,1 */,
           0x0985 /* c.addi s3,1 */, 0x0a05 /* c.addi s4,1 */, 0x0a85 /* c.addi s5,1 */,
           0xc02026f3 /* csrrs a3,instret,zero */, 0xa031 /* c.j +12 (tail) */,
           0x0e8d /* odd: c.addi t4,3 */, 0x01de0b33 /* add s6,t3,t4 */,
           0xc0202673 /* csrrs a2,instret,zero */, 0x12fd /* tail: c.addi t0,-1 */,
           0xfc0299e3 /* bne t0,zero,-46 (loop) */, 0xc0202773 /* csrrs a4,instret,zero */),
     NO_TABLE},
    /* a W result (negative: its upper half all ones) kept across a converted hammock that
     * overwrites it, taken (the cmov restores it, read whole after) and not taken; its sign
     * extension must stay (rv_jit_find_upper_dead) */
    {"converted_hammock_restores_a_whole_w_result", 34, 0,
     WORDS(0x800003b7 /* lui t2,0x80000 */, 0x0063e3b3 /* or t2,t2,t1 */,
           0x0013869b /* addiw a3,t2,1 */, 0x01087463 /* bgeu a6,a6,+8 (taken) */,
           0x00500693 /* addi a3,zero,5 */, 0x0286d793 /* srli a5,a3,40 */,
           0x0013871b /* addiw a4,t2,1 */, 0x01086463 /* bltu a6,a6,+8 (not taken) */,
           0x00900713 /* addi a4,zero,9 */, 0x02875893 /* srli a7,a4,40 */),
     NO_TABLE},
    /* slli by 31 puts bit 32 of its source at bit 63: the W result before it needs its sign
     * extension; by 32 it does not (gcc's zero extension, slli then srli) */
    {"slli_31_reads_a_w_results_upper_half", 35, 0,
     WORDS(0x800003b7 /* lui t2,0x80000 */, 0x0063e3b3 /* or t2,t2,t1 */,
           0x0013871b /* addiw a4,t2,1 */, 0x01f71793 /* slli a5,a4,31 */,
           0x0013869b /* addiw a3,t2,1 */, 0x02069813 /* slli a6,a3,32 */,
           0x00185813 /* srli a6,a6,1 */, 0x00000713 /* addi a4,zero,0 */,
           0x00000693 /* addi a3,zero,0 */),
     NO_TABLE},
    /* past a side exit not taken, a load from the guard page at a constant address (no check:
     * the host faults) while t3, t5, ft0 and ft2 are newer than their homes */
    {"side_exit_then_a_host_fault", 16, 0,
     WORDS(0x007e0e13 /* addi t3,t3,7 */, 0x02107053 /* fadd.d ft0,ft0,ft1 */,
           0x30007eb7 /* lui t4,0x30007 */, 0x02a51663 /* bne a0,a0,+44 */,
           0x001f0f13 /* addi t5,t5,1 */, 0x02017153 /* fadd.d ft2,ft2,ft0 */,
           0x000eb703 /* ld a4,0(t4) */, 0x001e0e13 /* addi t3,t3,1 */,
           0x001e8e93 /* addi t4,t4,1 */, 0x001f0f13 /* addi t5,t5,1 */,
           0x001f8f93 /* addi t6,t6,1 */, 0x00180813 /* addi a6,a6,1 */,
           0x00188893 /* addi a7,a7,1 */, 0x00190913 /* addi s2,s2,1 */,
           0x00198993 /* addi s3,s3,1 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* forward jumps the block follows (superblock.c): an addw's upper half (0x7fffffff + 1:
     * all ones) read past the first (its sign extension is live across it), instret read past each, then a
     * load from the guard page at a constant address with t3, t4 and t5 newer than their
     * homes */
    {"followed_jumps_then_a_host_fault", 19, 0,
     WORDS(0x80000e37 /* lui t3,0x80000 */, 0xfffe0e1b /* addiw t3,t3,-1 */,
           0x00100e93 /* addi t4,zero,1 */, 0x01de0e3b /* addw t3,t3,t4 */,
           0x0100006f /* j +16 */,
           0x064e0e13 /* addi t3,t3,100 */, 0x064e8e93 /* addi t4,t4,100 */,
           0x064f0f13 /* addi t5,t5,100 */, 0x020e5893 /* srli a7,t3,32 */,
           0x007e0e93 /* addi t4,t3,7 */, 0xc0202673 /* csrrs a2,instret,zero */,
           0x30007fb7 /* lui t6,0x30007 */, 0x0080006f /* j +8 */,
           0x00180813 /* addi a6,a6,1 */, 0x003f0f13 /* addi t5,t5,3 */,
           0xc02026f3 /* csrrs a3,instret,zero */, 0x000fb703 /* ld a4,0(t6) */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* cpu->jit_fp_fast follows fflags and frm: from RNE, 2/3 is inexact, so the first fdiv.d
     * sets NX (through its call) and lets the next go inline; fsflags clears NX, which the next
     * fdiv.d must set again; fsrmi 1 (RTZ) makes 2/3 round down, fsrmi 0 up again */
    {"fp_fast_follows_fflags_and_frm", 18, 0,
     WORDS(0x00205073 /* csrrwi zero,frm,0 */, 0x00200293 /* addi t0,zero,2 */, 0xd222f0d3 /* fcvt.d.l ft1,t0 */,
           0x00300293 /* addi t0,zero,3 */, 0xd222f153 /* fcvt.d.l ft2,t0 */,
           0x1a20f053 /* fdiv.d ft0,ft1,ft2 */, 0x00101073 /* csrrw zero,fflags,zero */,
           0x1a20f1d3 /* fdiv.d ft3,ft1,ft2 */, 0x00102573 /* csrrs a0,fflags,zero */,
           0x0020d073 /* csrrwi zero,frm,1 */, 0x1a20f253 /* fdiv.d ft4,ft1,ft2 */,
           0x00205073 /* csrrwi zero,frm,0 */, 0x1a20f2d3 /* fdiv.d ft5,ft1,ft2 */),
     NO_TABLE},
    /* a loop of one block with a converted hammock (a data-dependent xori, as crc16's), then
     * instret */
    {"loop_with_a_converted_hammock", 13, 0,
     WORDS(0x00900413 /* addi s0,zero,9 */, 0x00157793 /* andi a5,a0,1 */,
           0x00155513 /* srli a0,a0,1 */, 0x00078463 /* beq a5,zero,+8 */,
           0x1235c593 /* xori a1,a1,291 */, 0xfff40413 /* addi s0,s0,-1 */,
           0xfe0416e3 /* bne s0,zero,-20 */, 0xc0202673 /* csrrs a2,instret,zero */),
     NO_TABLE},
    /* a float register's new value kept in an xmm register (the float copies cache) across a
     * hammock, taken and not, whose skipped instructions include one that makes the cache
     * write back its copies (bext: not inline, so every copy is forgotten) */
    {"float_copies_across_hammocks", 14, 0,
     WORDS(0x237b2253 /* fsgnjx.d ft4,fs6,fs7 */, 0x00a50663 /* beq a0,a0,+12 */,
           0x4881d533 /* bext a0,gp,s0 */, 0x00178793 /* addi a5,a5,1 */,
           0xa24eaad3 /* feq.d s5,ft9,ft4 */,
           0x237b22d3 /* fsgnjx.d ft5,fs6,fs7 */, 0x00a51663 /* bne a0,a0,+12 */,
           0x4881d533 /* bext a0,gp,s0 */, 0x00178793 /* addi a5,a5,1 */,
           0xa25eab53 /* feq.d s6,ft9,ft5 */),
     NO_TABLE},
    /* loops of one block keep their copies in registers across the back edge (loop_carry.c):
     * sixteen trips whose load reaches the guard page on the last, with t1, t5 and ft0 held
     * newer than their homes from trip to trip; the fault must see their values */
    {"loop_carried_copies_at_a_fault", 11, 0,
     WORDS(0x30007e37 /* lui t3,0x30007 */, 0xf80e0e13 /* addi t3,t3,-128 */,
           0x000e3e83 /* ld t4,0(t3) */, 0x00530313 /* addi t1,t1,5 */,
           0x01df0f33 /* add t5,t5,t4 */, 0x02107053 /* fadd.d ft0,ft0,ft1 */,
           0x008e0e13 /* addi t3,t3,8 */, 0xfe0e16e3 /* bnez t3,-20 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* forty trips that rotate t4, t5, t6 through a6 and move float registers about, so the
     * copies end a trip in other registers than they started it in (moved back before the back
     * edge, a cycle among them included), then the loop's exit writes them back */
    {"loop_carried_copies_moved_back", 12, 0,
     WORDS(0x02800293 /* li t0,40 */, 0x00330313 /* addi t1,t1,3 */,
           0x006383b3 /* add t2,t2,t1 */, 0x000e8813 /* mv a6,t4 */, 0x000f0e93 /* mv t4,t5 */,
           0x000f8f13 /* mv t5,t6 */, 0x00080f93 /* mv t6,a6 */,
           0x02107053 /* fadd.d ft0,ft0,ft1 */, 0x12317153 /* fmul.d ft2,ft2,ft3 */,
           0x22528253 /* fmv.d ft4,ft5 */, 0x222102d3 /* fmv.d ft5,ft2 */,
           0xfff28293 /* addi t0,t0,-1 */, 0xfc029ae3 /* bnez t0,-44 */,
           0x01d30633 /* add a2,t1,t4 */), NO_TABLE},
    /* a random case (seed 27367) whose inner loop's second writing ends a trip with copies
     * in other registers than its top holds them in: the back edge must move them back */
    {"loop_copies_moved_back_in_a_second_writing", 0x6ae7, 0x30000a5e,
     WORDS(0x30005137, 0xd5010113, 0xfdde, 0xa34d9553, 0x4609, 0x03dedc3b, 0x58d1bb27,
           0x016f39b3, 0x167d, 0xfa6d, 0xc0238f53, 0x6a10000f, 0x6a0e8f1b, 0x016a8363, 0x04a4,
           0x2751b7a3, 0x45af3e93, 0x30004937, 0x65090913, 0x0e893baf, 0x616f5733, 0x81b5,
           0x036d9f33, 0x30005a37, 0x81ea0a1b, 0x657a2323, 0x99818f13, 0xe79f3baf, 0x1af7cad3,
           0x408a511b, 0x0de9, 0x01e12f33, 0x61af5a9b, 0x483e9613, 0x031e, 0x9561, 0x21eaaf33,
           0x21694ebb, 0x180dc453, 0x080f43bb, 0x60011f1b, 0x87e1e103, 0x30005cb7, 0x868c8c93,
           0x800ca507, 0x00000e97, 0x012e8e93, 0x8e82, 0x21da603b, 0x63cc5013, 0x0b5b1b1b,
           0x470d, 0x17f9, 0xa0f88dd3, 0x02dc1a93, 0x8e018b13, 0x01bb32af, 0x177d, 0xc311,
           0xb7ed, 0x008005ef, 0x030aef33, 0x206a43b3, 0x1a26, 0x52818113, 0x4dfa, 0x1890,
           0x30004637, 0x66860613, 0x4658, 0x4e91, 0x412e893b, 0x00291133, 0x3aa5, 0xfffe8e93,
           0xfe0ed9e3, 0x002107bb, 0x01d0, 0x29df1733),
     NO_TABLE},
    /* seven registers written, more than the copies cache holds: the copies it gives up are
     * read again before they are written, so their stores stay (emit_ctx.c's dead_value) */
    {"dirty_copies_given_up_are_read_again", 24, 0,
     WORDS(0x00128293 /* addi t0,t0,1 */, 0x00230313 /* addi t1,t1,2 */,
           0x00338393 /* addi t2,t2,3 */, 0x004e0e13 /* addi t3,t3,4 */,
           0x005e8e93 /* addi t4,t4,5 */, 0x006f0f13 /* addi t5,t5,6 */,
           0x007f8f93 /* addi t6,t6,7 */, 0x00628633 /* add a2,t0,t1 */,
           0x00760633 /* add a2,a2,t2 */, 0x01c60633 /* add a2,a2,t3 */,
           0x01d60633 /* add a2,a2,t4 */, 0x01e60633 /* add a2,a2,t5 */,
           0x01f60633 /* add a2,a2,t6 */, 0x00000293 /* li t0,0 */, 0x00000313 /* li t1,0 */,
           0x00000393 /* li t2,0 */, 0x00000e13 /* li t3,0 */, 0x00000e93 /* li t4,0 */,
           0x00000f13 /* li t5,0 */, 0x00000f93 /* li t6,0 */), NO_TABLE},
    /* t3's copy, dirty, is the one the add gives up to load t5 (read again later) before it
     * reads t3, which li writes next: the add is a reader, so t3 is stored first (fp_printf's
     * multiple-precision loops read a stale home) */
    {"dirty_copy_given_up_by_its_own_reader", 26, 0,
     WORDS(0x00128293 /* addi t0,t0,1 */, 0x00230313 /* addi t1,t1,2 */,
           0x00338393 /* addi t2,t2,3 */, 0x004e0e13 /* addi t3,t3,4 */,
           0x01cf0eb3 /* add t4,t5,t3 */, 0x00000e13 /* li t3,0 */,
           0x00628633 /* add a2,t0,t1 */, 0x00760633 /* add a2,a2,t2 */,
           0x01d60633 /* add a2,a2,t4 */, 0x01e60633 /* add a2,a2,t5 */), NO_TABLE},
    /* four registers written and read, then four new values that need the copies cache's
     * registers, then a load from the guard page before the first four are written again:
     * the copies given up are seen by the host fault, so their stores stay */
    {"dirty_copies_given_up_before_a_fault", 25, 0,
     WORDS(0x00128293 /* addi t0,t0,1 */, 0x00230313 /* addi t1,t1,2 */,
           0x00338393 /* addi t2,t2,3 */, 0x004e0e13 /* addi t3,t3,4 */,
           0x00628633 /* add a2,t0,t1 */, 0x00760633 /* add a2,a2,t2 */,
           0x01c60633 /* add a2,a2,t3 */, 0x00160893 /* addi a7,a2,1 */,
           0x00260913 /* addi s2,a2,2 */, 0x00360993 /* addi s3,a2,3 */,
           0x00460a13 /* addi s4,a2,4 */, 0x01288633 /* add a2,a7,s2 */,
           0x01360633 /* add a2,a2,s3 */, 0x01460633 /* add a2,a2,s4 */,
           0x30007737 /* lui a4,0x30007 */, 0x00073683 /* ld a3,0(a4) */,
           0x00000293 /* li t0,0 */, 0x00000313 /* li t1,0 */, 0x00000393 /* li t2,0 */,
           0x00000e13 /* li t3,0 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* a loop naming nine guest registers outside the pinned ones pools (loop_carry.c): the
     * host registers of the pinned ones it does not name (a3, a1, a0, s0, sp) hold copies of
     * the others, while a5 and a4 stay pinned and written; its load reaches the guard page on
     * the sixteenth trip, and the host fault must take the lent ones from their homes */
    {"pooled_loop_at_a_host_fault", 20, 0,
     WORDS(0x30007e37 /* lui t3,0x30007 */, 0xf80e0e13 /* addi t3,t3,-128 */,
           0x000e3e83 /* ld t4,0(t3) */, 0x00530313 /* addi t1,t1,5 */,
           0x01df0f33 /* add t5,t5,t4 */, 0x00378793 /* addi a5,a5,3 */,
           0x00670733 /* add a4,a4,t1 */, 0x00ffcfb3 /* xor t6,t6,a5 */,
           0x00180813 /* addi a6,a6,1 */, 0x00288893 /* addi a7,a7,2 */,
           0x01f90933 /* add s2,s2,t6 */, 0x00198993 /* addi s3,s3,1 */,
           0x008e0e13 /* addi t3,t3,8 */, 0xfc0e1ae3 /* bnez t3,-44 */),
     NO_TABLE_ENDS_IN(ED_FAULT_GUARD_ACCESS)},
    /* the same kind of loop whose load is outside the guest range on its second trip (the
     * first one runs in the block before the loop's own): loads are unchecked, so the host
     * faults, and its handler reads the lent registers' guest values from their homes */
    {"pooled_loop_at_an_unchecked_load_fault", 22, 0,
     POOLED_LOOP_WITH(0x000e3e83 /* ld t4,0(t3) */),
     NO_TABLE_ENDS_IN(ED_FAULT_OUT_OF_RANGE)},
    /* the same loop with a store there: the range check's cold path writes back the dirty
     * copies and loads the lent registers back before it leaves */
    {"pooled_loop_at_a_checked_store_fault", 36, 0,
     POOLED_LOOP_WITH(0x01de3023 /* sd t4,0(t3) */),
     NO_TABLE_ENDS_IN(ED_FAULT_OUT_OF_RANGE)},
    /* a loop whose double ops go inline behind one check before its top (emit_fp.c's
     * rv_jit_fp_guard), entered with NX clear: the check fails, the block runs interpreted
     * once (its inexact fdiv sets NX), then translated (the mode RNE: the seed's may not be) */
    {"fp_loop_guard_fails_with_nx_clear", 37, 0,
     WORDS(0x00205073 /* csrwi frm,0 */, 0x00105073 /* csrwi fflags,0 */, 0x4295 /* li t0,5 */,
           0xd20285d3 /* fcvt.d.w fa1,t0 */, 0x430d /* li t1,3 */, 0xd2030653 /* fcvt.d.w fa2,t1 */,
           0x1ac5f553 /* fdiv.d fa0,fa1,fa2 */, 0x02a6f6d3 /* fadd.d fa3,fa3,fa0 */,
           0x12fd /* addi t0,t0,-1 */, 0xfe029be3 /* bnez t0,-10 */),
     NO_TABLE},
    /* the same under round-up: the check fails at every entry, every trip is interpreted */
    {"fp_loop_guard_under_round_up", 38, 0,
     WORDS(0x0021d073 /* csrwi frm,3 */, 0x00105073 /* csrwi fflags,0 */, 0x4299 /* li t0,6 */,
           0xd20285d3 /* fcvt.d.w fa1,t0 */, 0x431d /* li t1,7 */,
           0xd2030653 /* fcvt.d.w fa2,t1 */, 0x1ac5f553 /* fdiv.d fa0,fa1,fa2 */,
           0x6ab576c3 /* fmadd.d fa3,fa0,fa1,fa3 */, 0x12fd /* addi t0,t0,-1 */,
           0xfe029be3 /* bnez t0,-10 */),
     NO_TABLE},
    /* one check for a block's double ops: exact ops with NX clear leave the block after their
     * calls (the ops after them must still check), an inexact one sets NX and the block goes
     * on unchecked, and a CSR write makes the next op check again */
    {"fp_ops_after_one_mode_check", 39, 0,
     WORDS(0x00205073 /* csrwi frm,0 */, 0x00105073 /* csrwi fflags,0 */,
           0xd20005d3 /* fcvt.d.w fa1,zero */,
           0x430d /* li t1,3 */, 0xd2030653 /* fcvt.d.w fa2,t1 */,
           0x12b5f553 /* fmul.d fa0,fa1,fa1 */, 0x1ac67753 /* fdiv.d fa4,fa2,fa2 */,
           0x1ac5f7d3 /* fdiv.d fa5,fa1,fa2 */, 0x4329 /* li t1,10 */,
           0xd20305d3 /* fcvt.d.w fa1,t1 */, 0x1ac5f853 /* fdiv.d fa6,fa1,fa2 */,
           0x00105073 /* csrwi fflags,0 */, 0x1ab678d3 /* fdiv.d fa7,fa2,fa1 */),
     NO_TABLE},
    /* a hammock whose skipped instructions clear NX (found by the random cases, seed
     * 21605249): after the meeting point the mode is known only as both ways leave it */
    {"fp_mode_after_a_hammock_that_clears_nx", 40, 0,
     WORDS(0x00205073 /* csrwi frm,0 */, 0x0010d073 /* csrwi fflags,1 */, 0x430d /* li t1,3 */,
           0xd2030653 /* fcvt.d.w fa2,t1 */,
           0x4329 /* li t1,10 */, 0xd20305d3 /* fcvt.d.w fa1,t1 */,
           0x1ac5f553 /* fdiv.d fa0,fa1,fa2 */, 0x00036463 /* bltu t1,zero,+8 */,
           0x00105073 /* csrwi fflags,0 */, 0x1ab60753 /* fdiv.d fa4,fa2,fa1,rne */,
           0x1ac5f7d3 /* fdiv.d fa5,fa1,fa2 */),
     NO_TABLE},
    /* forty trips of a pooling loop that rotates t4, t5, t6 through a6, writes a5 and s0
     * (pinned, s0 in a register calls clobber), makes an FP op's call with copies in lent
     * registers, takes a hammock half the time and reads instret; after its exit the lent
     * registers (a0 and sp among them) must be theirs again */
    {"pooled_loop_exits_with_pins_back", 21, 0,
     WORDS(0x02800293 /* li t0,40 */, 0x00330313 /* addi t1,t1,3 */,
           0x006383b3 /* add t2,t2,t1 */, 0x000e8813 /* mv a6,t4 */, 0x000f0e93 /* mv t4,t5 */,
           0x000f8f13 /* mv t5,t6 */, 0x00080f93 /* mv t6,a6 */,
           0x00178793 /* addi a5,a5,1 */, 0x00f40433 /* add s0,s0,a5 */,
           0x1a20f053 /* fdiv.d ft0,ft1,ft2 */, 0x00137893 /* andi a7,t1,1 */,
           0x00088463 /* beqz a7,+8 */, 0x12394913 /* xori s2,s2,291 */,
           0xc02029f3 /* rdinstret s3 */, 0xfff28293 /* addi t0,t0,-1 */,
           0xfc0294e3 /* bnez t0,-56 */, 0x01d30633 /* add a2,t1,t4 */,
           0x002506b3 /* add a3,a0,sp */, 0x008985b3 /* add a1,s3,s0 */), NO_TABLE},
    /* nine trips of a loop over a converted hammock whose skipped instructions write t1, t2
     * and t3, all three copies in the copies cache and read after the meeting point: the
     * cmovs restore the old values into the copies, where the new ones are, not their homes */
    {"converted_hammock_restores_copies", 28, 0,
     WORDS(0x00900413 /* addi s0,zero,9 */, 0x00157293 /* andi t0,a0,1 */,
           0x00155513 /* srli a0,a0,1 */, 0x00028863 /* beqz t0,+16 */,
           0x12334313 /* xori t1,t1,291 */, 0x00538393 /* addi t2,t2,5 */,
           0x006e0e33 /* add t3,t3,t1 */, 0x006e8eb3 /* add t4,t4,t1 */,
           0x007f0f33 /* add t5,t5,t2 */, 0x01cf8fb3 /* add t6,t6,t3 */,
           0xfff40413 /* addi s0,s0,-1 */, 0xfc041ce3 /* bnez s0,-40 */,
           0xc0202673 /* rdinstret a2 */), NO_TABLE},
    /* slli by 32, 48 or 56 then a shift right by less, into another register: one zero or sign
     * extension and a shift left when the slli's own result is written again before anything
     * reads it (t5, s2), both shifts when it is read (t6, s4; s4 across a load) */
    {"extension_and_shift_pairs", 29, 0,
     WORDS(0x02069f13 /* slli t5,a3,32 */, 0x01ef5693 /* srli a3,t5,30 */,
           0x00d70f33 /* add t5,a4,a3 */, 0x02061f93 /* slli t6,a2,32 */,
           0x01dfd813 /* srli a6,t6,29 */, 0x010f88b3 /* add a7,t6,a6 */,
           0x03059913 /* slli s2,a1,48 */, 0x42c95993 /* srai s3,s2,44 */,
           0x00000913 /* li s2,0 */, 0x03871a13 /* slli s4,a4,56 */,
           0x032a5a93 /* srli s5,s4,50 */, 0x0081bb03 /* ld s6,8(gp) */,
           0x000a0bb3 /* mv s7,s4 */), NO_TABLE},
    /* rotations as rv64gc writes them (rotate.c): 32-bit ones by 6 and 11 around a load (the
     * shift before it is seen there), a 64-bit one whose shifts are read again, one joined by
     * add whose shifts are written again before anything sees them, two shifts of a register
     * written between (no rotation), and one by 31 */
    {"rotations_of_two_shifts", 30, 0,
     WORDS(0x0066d89b /* srliw a7,a3,6 */, 0x01a69f9b /* slliw t6,a3,26 */,
           0x0001ad83 /* lw s11,0(gp) */, 0x00b6d59b /* srliw a1,a3,11 */,
           0x0156971b /* slliw a4,a3,21 */, 0x00e5e5b3 /* or a1,a1,a4 */,
           0x01f8e8b3 /* or a7,a7,t6 */, 0x00d65313 /* srli t1,a2,13 */,
           0x03361393 /* slli t2,a2,51 */, 0x0063ce33 /* xor t3,t2,t1 */,
           0x00730933 /* add s2,t1,t2 */, 0x0055599b /* srliw s3,a0,5 */,
           0x01b51a1b /* slliw s4,a0,27 */, 0x013a09b3 /* add s3,s4,s3 */,
           0x00000a13 /* li s4,0 */, 0x0037da9b /* srliw s5,a5,3 */,
           0x00178793 /* addi a5,a5,1 */, 0x01d79b1b /* slliw s6,a5,29 */,
           0x016aebb3 /* or s7,s5,s6 */, 0x01f4d81b /* srliw a6,s1,31 */,
           0x00149c1b /* slliw s8,s1,1 */, 0x01886cb3 /* or s9,a6,s8 */), NO_TABLE},
    /* a rotation of t4, newer than its home in the copies cache and written again after the
     * or: the or reads it, so its copy is not given up as unseen at the instructions between;
     * then shifts of a3 with a hammock between, always taken: the or sees t2's old value */
    {"rotation_reads_its_source", 31, 0,
     WORDS(0x007e8e93 /* addi t4,t4,7 */, 0x009edf1b /* srliw t5,t4,9 */,
           0x017e9f9b /* slliw t6,t4,23 */, 0x005c8c93 /* addi s9,s9,5 */,
           0x003d0d13 /* addi s10,s10,3 */, 0x01ff6833 /* or a6,t5,t6 */,
           0x00000e93 /* li t4,0 */, 0x01ac8db3 /* add s11,s9,s10 */,
           0x0076d31b /* srliw t1,a3,7 */,
           0x00a50463 /* beq a0,a0,+8 */, 0x0196939b /* slliw t2,a3,25 */,
           0x007368b3 /* or a7,t1,t2 */), NO_TABLE},    /* andi with 255 is one movzx, from a pinned register, a copy and a home */
    {"andi_255_zero_extends", 32, 0,
     WORDS(0x0ff5f293 /* andi t0,a1,255 */, 0x0ff2f313 /* andi t1,t0,255 */,
           0x0ff4f793 /* andi a5,s1,255 */, 0x00130393 /* addi t2,t1,1 */,
           0x7ff77e13 /* andi t3,a4,2047 */), NO_TABLE},
};
const size_t ed_named_count = sizeof ed_named_cases / sizeof ed_named_cases[0];

void ed_named_case(struct ed_case *c, const struct ed_named *n)
{
    memset(c, 0, sizeof *c);
    c->seed = n->seed;
    c->name = n->name;
    c->start = n->start ? n->start : ED_CODE;
    c->fault = n->fault;
    ed_init_state(&c->init, n->seed);
    struct ed_asm a = {.c = c, .counting = true, .force_rm = -1};
    for (size_t i = 0; i < n->nwords; i++) {
        uint32_t w = n->words[i];
        if ((w & 3) == 3) {
            ed_emit32(&a, w);
        } else if (w <= 0xffff) {
            ed_emit16(&a, (uint16_t)w);
        } else {
            fprintf(stderr, "engine_diff: named case %s: word %zu (0x%x) is neither a 32-bit "
                    "instruction nor a compressed one\n", n->name, i, w);
            exit(99);
        }
    }
    ed_emit32(&a, ED_M(ecall));
    if (n->ntable > ED_TABLE_ENTRIES) {
        fprintf(stderr, "engine_diff: named case %s: table too long\n", n->name);
        exit(99);
    }
    if (n->ntable)
        memcpy(c->table, n->table, n->ntable * sizeof n->table[0]);
    c->table_len = (uint32_t)n->ntable;
}
