// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled to assembly against a configured kernel tree by scripts/bench.sh,
 * with the flags kbuild used for asm-offsets, to read structure sizes the
 * way asm-offsets does.
 */
#include <linux/kbuild.h>
#include <linux/mm_types.h>
#include <linux/sched.h>

void sizes(void);
void sizes(void)
{
	DEFINE(MM_STRUCT_SIZE, sizeof(struct mm_struct));
	DEFINE(TASK_STRUCT_SIZE, sizeof(struct task_struct));
}
