#!/bin/sh
# syscalls-doc.sh: doc/syscalls.md lists exactly the riscv64 syscalls crossrun answers with
# -ENOSYS (every abi/syscall_nr.h number without a syscall/syscalls.def row), each with a reason.
# Adding a handler means removing its row there; a new syscall in the kernel headers needs one.
: "${top_srcdir:?}"
exec sh "$top_srcdir/scripts/list-unsupported-syscalls" --check "$top_srcdir/doc/syscalls.md"
