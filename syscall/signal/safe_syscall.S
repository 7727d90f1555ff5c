/*
 * syscall/signal/safe_syscall.S - a blocking host system call that a guest signal cannot slip past.
 *
 * The race it closes: a guest handler's host signal arrives after the engine last looked at
 * cpu->signal_pending but before a blocking host syscall (read on a pipe, wait4, futex...)
 * starts. The host handler only records the signal (design decision 6), so without this the
 * guest would not see it until the syscall returned on its own, perhaps never.
 *
 *   long rv_safe_syscall_base(volatile int *pending, long nr, long a0, ..., long a5)
 *
 * checks *pending and enters the kernel in a window of two instructions that
 * syscall/signal/safe_syscall_rewind.c knows by its labels. The host signal handler calls
 * rv_safe_syscall_rewind(): if the interrupted rip is inside [rv_safe_syscall_start,
 * rv_safe_syscall_end) the syscall has not started (or the kernel rewound rip to restart it),
 * so the handler moves rip to rv_safe_syscall_early, which returns -ERESTARTNOINTR: the engine
 * delivers the signal and then runs the guest's ecall again, exactly as if the signal had
 * arrived just before it. A signal that interrupts the syscall itself makes the kernel return
 * -EINTR with rip at rv_safe_syscall_end, outside the window, and the usual SA_RESTART rules
 * apply. qemu's linux-user safe_syscall uses the same window technique.
 *
 * System V calling convention in: rdi pending, rsi nr, rdx a0, rcx a1, r8 a2, r9 a3, stack a4 a5.
 * Linux syscall convention out: rax nr, rdi rsi rdx r10 r8 r9; the syscall clobbers rcx, r11.
 */
#define RV_ERESTARTNOINTR 513

        .text
        .globl  rv_safe_syscall_base
        .globl  rv_safe_syscall_start
        .globl  rv_safe_syscall_end
        .globl  rv_safe_syscall_early
        .type   rv_safe_syscall_base, @function
rv_safe_syscall_base:
        .cfi_startproc
        push    %rbp                    /* rbp (callee-saved) keeps the flag's address */
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset %rbp, 0
        mov     %rdi, %rbp
        mov     %rsi, %rax
        mov     %rdx, %rdi
        mov     %rcx, %rsi
        mov     %r8, %rdx
        mov     %r9, %r10
        mov     16(%rsp), %r8           /* a4, a5: above the return address and saved rbp */
        mov     24(%rsp), %r9
rv_safe_syscall_start:
        /* From here until the syscall has entered the kernel, a recorded signal returns early. */
        cmpl    $0, (%rbp)
        jne     rv_safe_syscall_early
        syscall
rv_safe_syscall_end:
        pop     %rbp
        .cfi_remember_state
        .cfi_adjust_cfa_offset -8
        .cfi_restore %rbp
        ret
        .cfi_restore_state
rv_safe_syscall_early:
        mov     $-RV_ERESTARTNOINTR, %rax
        pop     %rbp
        .cfi_adjust_cfa_offset -8
        .cfi_restore %rbp
        ret
        .cfi_endproc
        .size   rv_safe_syscall_base, .-rv_safe_syscall_base

        .section .note.GNU-stack, "", @progbits
